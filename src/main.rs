//! complaint-drill: with a subcommand, the CLI; without one, the trainer app.

use std::process::ExitCode;

use clap::Parser;
use drill_core::cli::{Cli, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => {
            let stdin = std::io::stdin();
            run(
                command,
                &mut stdin.lock(),
                &mut std::io::stdout(),
                &mut std::io::stderr(),
            )
        }
        None => {
            eprintln!("the app is not built yet: use a subcommand (see --help)");
            ExitCode::FAILURE
        }
    }
}
