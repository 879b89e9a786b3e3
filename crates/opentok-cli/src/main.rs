//! The `opentok` command: the whole OpenTok (Vonage Video) REST API from a shell, with the
//! emulator built in. Run `opentok --help`.
//!
//! Exit codes: 0 success, 1 the service answered with an error or a run-time failure, 2 usage
//! error (bad arguments, invalid input, missing credentials), 3 network failure. With
//! `--json`, errors are one JSON document on stderr.

mod by_id;
mod cli;
mod commands;
mod creds;
mod download;
mod emulator;
mod error;
mod output;

use std::time::Duration;

use clap::{CommandFactory as _, FromArgMatches as _};

use crate::cli::{Cli, Command};
use crate::creds::Creds;
use crate::error::CliError;
use crate::output::Out;

/// What every command gets: output settings, credentials and the request timeout.
#[derive(Debug)]
pub(crate) struct Ctx {
    /// Output shape.
    pub(crate) out: Out,
    /// Credentials from the options and the environment.
    pub(crate) creds: Creds,
    /// Per-request timeout.
    pub(crate) timeout: Duration,
    /// The command given, its words without arguments (`archive stop`): what failures name.
    pub(crate) command: String,
}

/// The arguments before `--`: what the checks below look at.
fn options(args: &[String]) -> impl Iterator<Item = &String> {
    args.iter().skip(1).take_while(|a| *a != "--")
}

/// Refuses `--api-secret` and `--private-key` anywhere: a secret in an argument would sit in
/// the shell history and the process list (and clap would quote it back). No command takes
/// one.
fn refuse_plain_secret(args: &[String]) -> Result<(), CliError> {
    let given = |flag: &str| {
        options(args).any(|a| a == flag || a.strip_prefix(flag).is_some_and(|rest| rest.starts_with('=')))
    };
    if given("--api-secret") {
        return Err(CliError::usage(
            "--api-secret is not accepted: a secret on the command line ends up in shell history and \
             the process list; set OPENTOK_API_SECRET or pass --api-secret-file FILE ('-' reads stdin)",
        ));
    }
    if given("--private-key") {
        return Err(CliError::usage(
            "--private-key is not accepted: a key on the command line ends up in shell history and \
             the process list; set VONAGE_PRIVATE_KEY or VONAGE_PRIVATE_KEY_PATH, or pass \
             --private-key-file FILE ('-' reads stdin)",
        ));
    }
    Ok(())
}

/// Whether errors are to be printed as JSON (`--json` before any `--`), known before the
/// arguments are parsed so that usage errors follow it too.
fn wants_json(args: &[String]) -> bool {
    options(args).any(|a| a == "--json")
}

/// The subcommand words of parsed arguments (`archive stop`).
fn command_words(matches: &clap::ArgMatches) -> String {
    let mut words = Vec::new();
    let mut at = matches;
    while let Some((name, sub)) = at.subcommand() {
        words.push(name);
        at = sub;
    }
    words.join(" ")
}

/// Parses the arguments, with the command's words; help and version are printed here and end
/// the process.
fn parse(args: &[String], json: bool) -> Result<(Cli, String), CliError> {
    refuse_plain_secret(args)?;
    let parsed = Cli::command().try_get_matches_from(args).and_then(|matches| {
        let cli = Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut Cli::command()))?;
        Ok((cli, command_words(&matches)))
    });
    parsed.map_err(|e| {
        if !json || !e.use_stderr() {
            // Help, version, and clap's own usage errors (exit 2) as clap prints them.
            e.exit();
        }
        let text = e.render().to_string();
        let text = text.trim_start_matches("error: ").trim_end();
        CliError::usage(text.to_owned())
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let json = wants_json(&args);
    let code = match parse(&args, json).and_then(run) {
        Ok(()) => 0,
        Err(e) => e.report(json),
    };
    std::process::exit(code);
}

fn run((cli, command): (Cli, String)) -> Result<(), CliError> {
    let ctx = Ctx {
        out: Out {
            json: cli.global.json,
        },
        creds: Creds::load(&cli.global)?,
        timeout: Duration::from_secs(cli.global.timeout.max(1)),
        command,
    };
    // Commands that need no network run without a runtime.
    match cli.command {
        Command::Token(cmd) => return commands::local::token(&ctx, cmd),
        Command::Session(cli::SessionCmd::Inspect { session_id }) => {
            return commands::local::session_inspect(&ctx, &session_id);
        }
        Command::Completions { shell } => {
            commands::local::completions(shell);
            return Ok(());
        }
        _ => {}
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::service("cannot start the async runtime").with_source(e))?;
    rt.block_on(async move {
        match cli.command {
            Command::Emulator(args) => emulator::run(&ctx, args).await,
            other => commands::rest::run(&ctx, other).await,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::EXIT_USAGE;

    /// Every leaf command's help carries an example.
    #[test]
    fn every_command_has_an_example() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            let subs: Vec<_> = cmd.get_subcommands().filter(|s| s.get_name() != "help").collect();
            let here = format!("{path} {}", cmd.get_name());
            let after = cmd.get_after_help().map(ToString::to_string).unwrap_or_default();
            if (subs.is_empty() || cmd.get_name() == "signal") && !after.contains("Example:") {
                missing.push(here.clone());
            }
            for s in subs {
                walk(s, &here, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "commands without an example: {missing:?}");
    }

    /// The shell examples of the guides (`docs/*.md`) and of this crate's README name commands
    /// the command tree has: each `opentok …` line's words (after global switches, up to the
    /// first argument) lead to a command that runs.
    #[test]
    fn shell_examples_in_the_docs_name_real_commands() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<_> = std::fs::read_dir(root.join("../../docs"))
            .expect("docs/")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        files.push(root.join("README.md"));
        let tree = Cli::command();
        let mut checked = 0;
        for file in files {
            let text = std::fs::read_to_string(&file).expect("readable");
            let mut in_shell = false;
            for line in text.lines() {
                if let Some(info) = line.trim_start().strip_prefix("```") {
                    in_shell = !in_shell && matches!(info.trim(), "sh" | "bash" | "console" | "shell");
                    continue;
                }
                let Some(rest) = line.trim().strip_prefix("opentok ").filter(|_| in_shell) else {
                    continue;
                };
                let words = rest
                    .split_whitespace()
                    .skip_while(|w| w.starts_with("--"))
                    .take_while(|w| {
                        w.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !w.starts_with('-')
                    });
                let mut cmd = &tree;
                let mut depth = 0;
                for word in words {
                    match cmd.find_subcommand(word) {
                        Some(sub) => {
                            cmd = sub;
                            depth += 1;
                        }
                        None => break,
                    }
                }
                let runs =
                    cmd.get_subcommands().next().is_none() || cmd.is_args_conflicts_with_subcommands_set();
                assert!(depth > 0 && runs, "{}: `{line}` names no command", file.display());
                checked += 1;
            }
        }
        assert!(checked >= 10, "only {checked} shell commands found");
    }

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn plain_secret_is_refused_for_every_command() {
        let args = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        assert!(refuse_plain_secret(&args("opentok archive list --api-secret x")).is_err());
        assert!(refuse_plain_secret(&args("opentok --api-secret=x archive list")).is_err());
        assert!(refuse_plain_secret(&args("opentok emulator --api-secret x")).is_err());
        assert!(refuse_plain_secret(&args("opentok --api-key 11112222 emulator --api-secret x")).is_err());
        assert!(refuse_plain_secret(&args("opentok archive list")).is_ok());
        assert!(refuse_plain_secret(&args("opentok archive list --api-secret-file f")).is_ok());
        assert!(refuse_plain_secret(&args("opentok signal S --data -- --api-secret")).is_ok());
        assert!(refuse_plain_secret(&args("opentok --private-key k archive list")).is_err());
        assert!(refuse_plain_secret(&args("opentok token create S --private-key=k")).is_err());
        assert!(refuse_plain_secret(&args("opentok token create S --private-key-file f")).is_ok());
        assert!(refuse_plain_secret(&args("opentok signal S --data -- --private-key")).is_ok());
        assert_eq!(
            refuse_plain_secret(&args("opentok token create --api-secret s")).map_err(|e| e.code()),
            Err(EXIT_USAGE)
        );
    }
}
