//! The `aiperture` binary: parse the command line, run it, exit with its code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = aiperture::cli::parse_env();
    let code = aiperture::cli::run(cli, &mut std::io::stdout().lock(), &mut std::io::stderr());
    ExitCode::from(code)
}
