//! Runs one fixture's reply through the parse of the operation its index entry names.

use http::Response;
use opentok_core::archive::{
    AddArchiveStream, DeleteArchive, GetArchive, ListArchives, SetArchiveLayout, StartArchive, StopArchive,
};
use opentok_core::audio_connector::{StartAudioConnector, StopAudioConnector};
use opentok_core::broadcast::{
    AddBroadcastStream, GetBroadcast, ListBroadcasts, SetBroadcastLayout, StartBroadcast, StopBroadcast,
};
use opentok_core::callback::{
    CallbackEventType, CallbackGroup, DeleteCallback, ListCallbacks, RegisterCallback,
};
use opentok_core::captions::{Captions, StartCaptions, StopCaptions};
use opentok_core::connection::{ForceDisconnect, ListConnections};
use opentok_core::layout::Layout;
use opentok_core::render::{GetRender, ListRenders, StartRender, StopRender};
use opentok_core::session::CreateSession;
use opentok_core::signal::{Signal, SignalConnection};
use opentok_core::sip::{Dial, PlayDtmf, PlayDtmfConnection};
use opentok_core::stream::{ForceMuteStream, GetStream, ListStreams, MuteAll, SetStreamLayoutClasses};
use opentok_core::{ApiError, Operation, ResponseError};
use serde::Serialize;
use serde_json::Value;

/// What a parse made of a reply.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// A 2xx read into the operation's output, written back as JSON with the wire's names
    /// (`Null` for calls whose output is `()`).
    Ok(Value),
    /// The service's error.
    Api(ApiError),
    /// A 2xx whose body did not read.
    Decode(String),
    /// A kind of error this table does not know (`ResponseError` is non-exhaustive).
    Other(String),
}

fn run<O>(op: O, reply: &Response<Vec<u8>>) -> Outcome
where
    O: Operation,
    O::Output: Serialize,
{
    match op.parse(reply) {
        Ok(out) => Outcome::Ok(serde_json::to_value(out).expect("outputs serialize")),
        Err(ResponseError::Api(e)) => Outcome::Api(e),
        Err(ResponseError::Decode(e)) => Outcome::Decode(e.detail),
        Err(other) => Outcome::Other(other.to_string()),
    }
}

/// Reads a reply body as the captions status document (`Captions`).
fn captions_status(reply: &Response<Vec<u8>>) -> Outcome {
    match serde_json::from_slice::<Captions>(reply.body()) {
        Ok(c) => Outcome::Ok(serde_json::to_value(c).expect("outputs serialize")),
        Err(e) => Outcome::Decode(e.to_string()),
    }
}

/// The outcome of `endpoint`'s parse over `reply`, or `None` for an endpoint name this table
/// does not know. The operations' inputs do not matter to `parse`; plausible ones are given.
pub(crate) fn parse(endpoint: &str, reply: &Response<Vec<u8>>) -> Option<Outcome> {
    const S: &str = "2_MX4xMjM0NTZ-fg";
    Some(match endpoint {
        "create_session" => run(CreateSession::new(), reply),
        "start_archive" => run(StartArchive::new(S), reply),
        "stop_archive" => run(StopArchive::new("a"), reply),
        "get_archive" => run(GetArchive::new("a"), reply),
        "list_archives" => run(ListArchives::new(), reply),
        "delete_archive" => run(DeleteArchive::new("a"), reply),
        "set_archive_layout" => run(SetArchiveLayout::new("a", Layout::best_fit()), reply),
        "select_archive_streams" => run(AddArchiveStream::new("a", "s"), reply),
        "start_broadcast" => run(StartBroadcast::new(S), reply),
        "stop_broadcast" => run(StopBroadcast::new("b"), reply),
        "get_broadcast" => run(GetBroadcast::new("b"), reply),
        "list_broadcasts" => run(ListBroadcasts::new(), reply),
        "set_broadcast_layout" => run(SetBroadcastLayout::new("b", Layout::best_fit()), reply),
        "select_broadcast_streams" => run(AddBroadcastStream::new("b", "s"), reply),
        "signal_session" => run(Signal::new(S, "hi"), reply),
        "signal_connection" => run(SignalConnection::new(S, "c", "hi"), reply),
        "force_disconnect" => run(ForceDisconnect::new(S, "c"), reply),
        "list_connections" => run(ListConnections::new(S), reply),
        "get_stream" => run(GetStream::new(S, "s"), reply),
        "list_streams" => run(ListStreams::new(S), reply),
        "set_stream_layout_classes" => run(SetStreamLayoutClasses::new(S), reply),
        "force_mute_stream" => run(ForceMuteStream::new(S, "s"), reply),
        "mute_all" => run(MuteAll::enable(S), reply),
        "sip_dial" => run(Dial::new(S, "t", "sip:a@example.com"), reply),
        "play_dtmf_session" => run(PlayDtmf::new(S, "1"), reply),
        "play_dtmf_connection" => run(PlayDtmfConnection::new(S, "c", "1"), reply),
        "start_captions" => run(StartCaptions::new(S, "t"), reply),
        "stop_captions" => run(StopCaptions::new("c"), reply),
        // No operation: the service never served the status call (removed from core); its body
        // is the status document the service POSTs to `statusCallbackUrl`, read as such.
        "get_captions" => captions_status(reply),
        "start_render" => run(StartRender::new(S, "t", "https://example.com"), reply),
        "get_render" => run(GetRender::new("r"), reply),
        "list_renders" => run(ListRenders::new(), reply),
        "stop_render" => run(StopRender::new("r"), reply),
        "start_audio_connector" => run(StartAudioConnector::new(S, "t", "wss://example.com"), reply),
        "stop_audio_connector" => run(StopAudioConnector::new("c"), reply),
        "register_callback" => run(
            RegisterCallback::new(
                CallbackGroup::Connection,
                CallbackEventType::Created,
                "https://example.com",
            ),
            reply,
        ),
        "list_callbacks" => run(ListCallbacks::new(), reply),
        "delete_callback" => run(DeleteCallback::new("c"), reply),
        _ => return None,
    })
}
