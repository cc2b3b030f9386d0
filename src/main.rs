//! complaint-drill: with a subcommand, the CLI; without one, the trainer app.

use std::process::ExitCode;

use clap::Parser;
use drill_cli::{Cli, run};

fn main() -> ExitCode {
    complaint_drill::automation::mark_start();
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
        None => match complaint_drill::app::run() {
            bevy::app::AppExit::Success => ExitCode::SUCCESS,
            bevy::app::AppExit::Error(code) => ExitCode::from(code.get()),
        },
    }
}
