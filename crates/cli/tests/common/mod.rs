//! What the CLI's test binaries share: running a command with in-memory streams, the store
//! arguments, and the expert path as a trainee types it.
// Each test binary compiles this module and uses only some of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::ExitCode;

use drill_cli::{Command, ResultsCommand, StoreArgs, run};
use drill_engine::Session;
use drill_library::fixtures::{expert_actions, rules, scenario};

/// Runs a command with `input` on stdin; returns (exit code, stdout, stderr).
pub fn cli(command: Command, input: &str) -> (ExitCode, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(command, &mut input.as_bytes(), &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

/// The existing store at `db`.
pub fn store_args(db: &Path) -> StoreArgs {
    StoreArgs {
        db: Some(db.to_path_buf()),
        create: false,
    }
}

/// `results COMMAND` on the store at `db`.
pub fn results(db: &Path, command: ResultsCommand) -> Command {
    Command::Results {
        store: store_args(db),
        command,
    }
}

/// The expert path of scenario `id` with `seed`, as typed at the prompt, a line each.
pub fn typed_expert_path(id: &str, seed: u64) -> String {
    let mut session = Session::new(scenario(id), rules(), seed);
    expert_actions(id, seed)
        .into_iter()
        .map(|action| {
            let typed = session.typed(&action);
            session.apply(action).unwrap();
            typed + "\n"
        })
        .collect()
}
