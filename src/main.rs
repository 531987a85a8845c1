fn main() -> std::process::ExitCode {
    cmilint::cli::main()
}
