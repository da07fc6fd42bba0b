//! The `aiperture` binary: parse the command line, run it, exit with its code.

use std::process::ExitCode;

fn main() -> ExitCode {
    // First: a panic anywhere must exit 2 (fail closed), never 101.
    aiperture::cli::crash::install();
    let cli = aiperture::cli::parse_env();
    let code = aiperture::cli::run(cli, &mut std::io::stdout().lock(), &mut std::io::stderr());
    ExitCode::from(code)
}
