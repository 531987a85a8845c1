//! Running the cmilint binary as a user does, for the tests of the command line.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// What a run of cmilint gave.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs cmilint in `folder` with `args`, writing `stdin` to its standard input.
pub(crate) fn cmilint_in(folder: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cmilint"))
        .args(args)
        .current_dir(folder)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cmilint starts");
    let mut input = child.stdin.take().expect("piped stdin");
    // A run that does not read standard input may end before it is written.
    match input.write_all(stdin.unwrap_or("").as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        written => written.expect("stdin written"),
    }
    drop(input);
    let output = child.wait_with_output().expect("cmilint ends");
    Run {
        code: output.status.code().expect("an exit code"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 errors"),
    }
}
