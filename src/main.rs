fn main() -> std::process::ExitCode {
    cmilint::main()
}
