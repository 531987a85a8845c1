-- A real client: Neovim's own LSP client starts `cmilint lsp` on a plan, waits for its
-- diagnostics, applies the quick fix that allows one, and asserts that the plan then
-- holds the suppression and the diagnostic is gone. Run by .ci/run:
--   CMILINT=target/release/cmilint nvim --headless -u NONE -c "luafile tests/editor/allow.lua"
-- (Neovim 0.7 or later.) It ends Neovim with 0 when all holds, 1 otherwise.

local function fail(message)
  io.stderr:write("tests/editor/allow.lua: " .. message .. "\n")
  vim.cmd("cquit 1")
end

local ok, err = pcall(function()
  local cmilint = os.getenv("CMILINT") or "target/release/cmilint"
  local folder = vim.fn.tempname()
  vim.fn.mkdir(folder, "p")
  local plan = folder .. "/plan.cmi"
  vim.fn.writefile({
    'plan "Draft" { level: tactical period: 2027-01-01..2027-06-30 }',
    'actor ngo "Relief NGO" { kind: ngoo }',
  }, plan)
  vim.cmd("edit " .. plan)
  local buffer = vim.api.nvim_get_current_buf()

  local client = vim.lsp.start_client({
    name = "cmilint",
    cmd = { cmilint, "lsp" },
    root_dir = folder,
  })
  if not client then
    return fail("cmilint lsp did not start")
  end
  vim.lsp.buf_attach_client(buffer, client)

  local function e004()
    for _, d in ipairs(vim.diagnostic.get(buffer)) do
      if d.code == "E004" then
        return d
      end
    end
  end
  if not vim.wait(10000, function() return e004() ~= nil end, 50) then
    return fail("no E004 for the unknown kind `ngoo` within 10 s")
  end
  local finding = e004()
  if finding.lnum ~= 1 or finding.col ~= 31 then
    return fail(("E004 at %d:%d, not 1:31"):format(finding.lnum, finding.col))
  end

  local range = {
    start = { line = finding.lnum, character = finding.col },
    ["end"] = { line = finding.end_lnum, character = finding.end_col },
  }
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buffer) },
    range = range,
    context = {
      diagnostics = {
        {
          range = range,
          message = finding.message,
          code = finding.code,
          source = finding.source,
          severity = finding.severity,
        },
      },
    },
  }
  local responses = vim.lsp.buf_request_sync(buffer, "textDocument/codeAction", params, 10000)
  local action
  for _, response in pairs(responses or {}) do
    for _, candidate in ipairs(response.result or {}) do
      if candidate.title == "Allow E004 here, with a reason" then
        action = candidate
      end
    end
  end
  if not action then
    return fail("no quick fix `Allow E004 here, with a reason`")
  end
  vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")

  local line = vim.api.nvim_buf_get_lines(buffer, 1, 2, false)[1]
  if line ~= "# cmilint: allow(E004) -- why the plan accepts this" then
    return fail("the line above the finding is: " .. tostring(line))
  end
  if not vim.wait(10000, function() return e004() == nil end, 50) then
    return fail("E004 is still reported after the allow")
  end
  vim.lsp.stop_client(client)
  vim.cmd("qall!")
end)
if not ok then
  fail(tostring(err))
end
