//! The commands whose only input is one id (`archive stop ID`, `render get ID`,
//! `callback delete ID`…), expanded from core's operations table: in the groups whose
//! resources have an id of their own, every `stop`, `get` and `delete` call is one such
//! command, named by its verb, described by the table's line, sending its operation built with
//! `new(id)` and printing what it answers. The richer calls (`start`, `list`, `set_layout`…)
//! are written by hand in `cli` and `commands`; a call added to the table under another verb
//! has no command until one is written there.
//!
//! The CLI's own knowledge is here: each group's noun (`archives` → `archive`) and how its
//! id-only commands print.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use clap::error::ErrorKind;
use clap::{Arg, ArgMatches, Command, FromArgMatches, Subcommand};
use opentok::OpenTok;
use serde::Serialize;
use serde_json::json;

use crate::Ctx;
use crate::commands::rest::call;
use crate::error::CliError;

/// A command's noun: the group of the operations table it serves, as the CLI names it.
pub(crate) trait Noun: 'static {
    /// The command's first word (`audio-connector`).
    const NAME: &'static str;
    /// The word in sentences (`audio connector`).
    const WORD: &'static str;
    /// The id's field in `--json` output of a call that answers nothing (`callId`).
    const ID_FIELD: &'static str;
    /// An id for the help's examples.
    const EXAMPLE_ID: &'static str;
}

macro_rules! nouns {
    ($($(#[$doc:meta])* $marker:ident: $name:literal, $word:literal, $field:literal, $example:literal;)*) => {
        $(
            $(#[$doc])*
            #[derive(Debug)]
            pub(crate) enum $marker {}

            impl Noun for $marker {
                const NAME: &'static str = $name;
                const WORD: &'static str = $word;
                const ID_FIELD: &'static str = $field;
                const EXAMPLE_ID: &'static str = $example;
            }
        )*
    };
}

nouns! {
    /// `opentok archive …`
    Archive: "archive", "archive", "archiveId", "b40ef09b-3811-4726-b508-e41a0f96c68f";
    /// `opentok broadcast …`
    Broadcast: "broadcast", "broadcast", "broadcastId", "1748b7070a81464c9759c46ad10d3734";
    /// `opentok captions …`
    Captions: "captions", "captions", "captionsId", "7c0580fc-6274-4de5-a66f-d0648e8d3ac2";
    /// `opentok render …`
    Render: "render", "render", "renderId", "80abaf0d-25a3-4efc-968f-6268d620668d";
    /// `opentok audio-connector …`
    AudioConnector: "audio-connector", "audio connector", "callId", "CALL_ID";
    /// `opentok callback …`
    Callback: "callback", "callback", "callbackId", "CALLBACK_ID";
}

/// What running an id-only command returns.
type Running<'a> = Pin<Box<dyn Future<Output = Result<(), CliError>> + 'a>>;

/// One id-only command: a row of the operations table.
pub(crate) struct Row {
    /// The noun it belongs to ([`Noun::NAME`]).
    noun: &'static str,
    /// The verb, also the subcommand's name (`stop`).
    verb: &'static str,
    /// The table's line for the call.
    about: &'static str,
    /// Sends the operation built from the id and prints its answer.
    run: for<'a> fn(&'a Ctx, &'a OpenTok, String) -> Running<'a>,
}

/// Prints an answer: the object the service returned, or for a call that answers nothing a
/// sentence (`archive ID deleted`) and the id.
fn show<N: Noun>(ctx: &Ctx, verb: &str, id: &str, answer: &impl Serialize) -> Result<(), CliError> {
    let value = serde_json::to_value(answer)
        .map_err(|e| CliError::service("cannot print the reply").with_source(e))?;
    if !value.is_null() {
        return ctx.out.object(&value);
    }
    let sentence = match verb {
        "stop" => format!("{} {id} stopped", N::WORD),
        "delete" => format!("{} {id} deleted", N::WORD),
        other => format!("{} {id}: {other} done", N::WORD),
    };
    ctx.out.done(&sentence, json!({ N::ID_FIELD: id }));
    Ok(())
}

/// Expands one row of the table: `Some(Row)` for an id-only call, else `None`.
macro_rules! row {
    (@verb $noun:ident stop $($rest:tt)*) => { row!(@row $noun stop $($rest)*) };
    (@verb $noun:ident get $($rest:tt)*) => { row!(@row $noun get $($rest)*) };
    (@verb $noun:ident delete $($rest:tt)*) => { row!(@row $noun delete $($rest)*) };
    (@verb $noun:ident $verb:ident $($rest:tt)*) => { None };
    (@row $noun:ident $verb:ident $about:literal $module:ident $op:ident) => {
        Some({
            fn run<'a>(ctx: &'a Ctx, ot: &'a OpenTok, id: String) -> Running<'a> {
                Box::pin(async move {
                    let answer = call(ctx, ot, opentok::$module::$op::new(id.clone())).await?;
                    show::<$noun>(ctx, stringify!($verb), &id, &answer)
                })
            }
            Row {
                noun: <$noun as Noun>::NAME,
                verb: stringify!($verb),
                about: $about,
                run,
            }
        })
    };
    (archives $($rest:tt)*) => { row!(@verb Archive $($rest)*) };
    (broadcasts $($rest:tt)*) => { row!(@verb Broadcast $($rest)*) };
    (captions $($rest:tt)*) => { row!(@verb Captions $($rest)*) };
    (renders $($rest:tt)*) => { row!(@verb Render $($rest)*) };
    (audio_connector $($rest:tt)*) => { row!(@verb AudioConnector $($rest)*) };
    (callbacks $($rest:tt)*) => { row!(@verb Callback $($rest)*) };
    // Sessions, streams, connections… have no id of their own: their calls take a session
    // id and more.
    ($($other:tt)*) => { None };
}

macro_rules! rows {
    ($( $(#[$g:meta])* $group:ident $accessor:ident {
        $( #[doc = $about:literal] $verb:ident ( $module:ident :: $op:ident ) = $sample:expr; )*
    } )*) => {
        /// Every row of the operations table, `Some` where it is an id-only command.
        const ROWS: &[Option<Row>] = &[$($(row!($accessor $verb $about $module $op),)*)*];
    };
}

opentok::for_each_operation!(rows);

/// The id-only commands of noun `N`, in the table's order.
fn rows_of<N: Noun>() -> impl Iterator<Item = &'static Row> {
    ROWS.iter().flatten().filter(|r| r.noun == N::NAME)
}

impl Row {
    /// The subcommand's name: the verb with `-` for `_`.
    fn name(&self) -> String {
        self.verb.replace('_', "-")
    }
}

/// An id-only command of noun `N`, parsed: flattened into the noun's subcommands.
pub(crate) struct ById<N> {
    row: &'static Row,
    id: String,
    noun: PhantomData<N>,
}

impl<N: Noun> ById<N> {
    /// Sends the call and prints its answer.
    pub(crate) async fn run(self, ctx: &Ctx, ot: &OpenTok) -> Result<(), CliError> {
        (self.row.run)(ctx, ot, self.id).await
    }
}

impl<N: Noun> fmt::Debug for ById<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ById")
            .field("command", &format_args!("{} {}", N::NAME, self.row.verb))
            .field("id", &self.id)
            .finish()
    }
}

impl<N: Noun> FromArgMatches for ById<N> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let (verb, sub) = matches
            .subcommand()
            .ok_or_else(|| clap::Error::new(ErrorKind::MissingSubcommand))?;
        let row = rows_of::<N>()
            .find(|r| r.name() == verb)
            .ok_or_else(|| clap::Error::new(ErrorKind::InvalidSubcommand))?;
        let id = sub
            .get_one::<String>("id")
            .cloned()
            .ok_or_else(|| clap::Error::new(ErrorKind::MissingRequiredArgument))?;
        Ok(Self {
            row,
            id,
            noun: PhantomData,
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl<N: Noun> Subcommand for ById<N> {
    fn augment_subcommands(cmd: Command) -> Command {
        rows_of::<N>().fold(cmd, |cmd, r| {
            cmd.subcommand(
                Command::new(r.name())
                    .about(r.about.trim().trim_end_matches('.'))
                    .arg(
                        Arg::new("id")
                            .required(true)
                            .value_name("ID")
                            .help(format!("The {}'s id.", N::WORD)),
                    )
                    .after_help(format!(
                        "Example:\n  opentok {} {} {}",
                        N::NAME,
                        r.name(),
                        N::EXAMPLE_ID
                    )),
            )
        })
    }

    fn augment_subcommands_for_update(cmd: Command) -> Command {
        Self::augment_subcommands(cmd)
    }

    fn has_subcommand(name: &str) -> bool {
        rows_of::<N>().any(|r| r.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule (every call but the rich ones, in a group whose resources have an id) picks
    /// these commands.
    #[test]
    fn the_id_only_commands_of_each_noun() {
        let verbs = |noun: &str| -> Vec<&str> {
            ROWS.iter()
                .flatten()
                .filter(|r| r.noun == noun)
                .map(|r| r.verb)
                .collect()
        };
        assert_eq!(verbs(Archive::NAME), ["stop", "get", "delete"]);
        assert_eq!(verbs(Broadcast::NAME), ["stop", "get"]);
        assert_eq!(verbs(Captions::NAME), ["stop"]);
        assert_eq!(verbs(Render::NAME), ["stop", "get"]);
        assert_eq!(verbs(AudioConnector::NAME), ["stop"]);
        assert_eq!(verbs(Callback::NAME), ["delete"]);
        assert_eq!(ROWS.iter().flatten().count(), 10);
    }
}
