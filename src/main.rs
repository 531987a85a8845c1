//! The `cmilint` command; the library holds all of it.

fn main() -> std::process::ExitCode {
    cmilint::main()
}
