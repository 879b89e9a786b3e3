//! Every operation's `parse` survives any status and body: byte 0 picks the operation, bytes 1..3
//! the status (big endian, folded into 100..=599), the rest is the body. A 2xx either parses or is a
//! `DecodeError`; anything else is an `ApiError` — never a panic.
#![no_main]

use http::{Response, StatusCode};
use libfuzzer_sys::fuzz_target;
use opentok_core::Operation;
use opentok_core::layout::Layout;
use opentok_core::{
    archive, audio_connector, broadcast, callback, captions, connection, legacy, render, session, signal,
    sip, stream,
};

const SESSION: &str = "2_MX4xMjM0NTZ-fjE3MDAwMDAwMDAwMDB-c29tZQ-fg";

/// Parses with one operation; returns whether it succeeded.
fn parse<Op: Operation>(op: Op, response: &Response<&[u8]>) -> bool {
    op.parse(response).is_ok()
}

type Parser = fn(&Response<&[u8]>) -> bool;

/// One entry per operation (and per reply format where an operation reads two).
const PARSERS: &[Parser] = &[
    |r| parse(session::CreateSession::new(), r),
    |r| {
        parse(
            session::CreateSession::new().reply_format(session::ReplyFormat::Xml),
            r,
        )
    },
    |r| parse(connection::ListConnections::new(SESSION), r),
    |r| parse(connection::ForceDisconnect::new(SESSION, "c1"), r),
    |r| parse(signal::Signal::new(SESSION, "hi"), r),
    |r| parse(signal::SignalConnection::new(SESSION, "c1", "hi"), r),
    |r| parse(stream::ListStreams::new(SESSION), r),
    |r| parse(stream::GetStream::new(SESSION, "s1"), r),
    |r| parse(stream::SetStreamLayoutClasses::new(SESSION), r),
    |r| parse(stream::SetStreamLayoutClass::new(SESSION, "s1", ["full"]), r),
    |r| parse(stream::ForceMuteStream::new(SESSION, "s1"), r),
    |r| parse(stream::MuteAll::enable(SESSION), r),
    |r| parse(archive::StartArchive::new(SESSION), r),
    |r| parse(archive::StopArchive::new("a1"), r),
    |r| parse(archive::GetArchive::new("a1"), r),
    |r| parse(archive::DeleteArchive::new("a1"), r),
    |r| parse(archive::ListArchives::new(), r),
    |r| parse(archive::SetArchiveLayout::new("a1", Layout::best_fit()), r),
    |r| parse(archive::AddArchiveStream::new("a1", "s1"), r),
    |r| parse(archive::RemoveArchiveStream::new("a1", "s1"), r),
    |r| {
        let azure = archive::AzureStorage::new("acct", "key", "container");
        parse(
            archive::SetArchiveStorage::new(archive::StorageTarget::Azure(azure)),
            r,
        )
    },
    |r| parse(broadcast::StartBroadcast::new(SESSION), r),
    |r| parse(broadcast::StopBroadcast::new("b1"), r),
    |r| parse(broadcast::GetBroadcast::new("b1"), r),
    |r| parse(broadcast::ListBroadcasts::new(), r),
    |r| parse(broadcast::SetBroadcastLayout::new("b1", Layout::pip()), r),
    |r| parse(broadcast::AddBroadcastStream::new("b1", "s1"), r),
    |r| parse(broadcast::RemoveBroadcastStream::new("b1", "s1"), r),
    |r| parse(sip::Dial::new(SESSION, "T1==x", "sip:a@b"), r),
    |r| parse(sip::PlayDtmf::new(SESSION, "123"), r),
    |r| parse(sip::PlayDtmfConnection::new(SESSION, "c1", "123"), r),
    |r| parse(captions::StartCaptions::new(SESSION, "T1==x"), r),
    |r| parse(captions::StopCaptions::new("cap1"), r),
    |r| {
        parse(
            render::StartRender::new(SESSION, "T1==x", "https://example.com"),
            r,
        )
    },
    |r| parse(render::GetRender::new("r1"), r),
    |r| parse(render::ListRenders::new(), r),
    |r| parse(render::StopRender::new("r1"), r),
    |r| {
        parse(
            audio_connector::StartAudioConnector::new(SESSION, "T1==x", "wss://example.com"),
            r,
        )
    },
    |r| parse(audio_connector::StopAudioConnector::new("ac1"), r),
    |r| {
        let (group, event) = (
            callback::CallbackGroup::Stream,
            callback::CallbackEventType::Created,
        );
        parse(
            callback::RegisterCallback::new(group, event, "https://example.com/cb"),
            r,
        )
    },
    |r| parse(callback::ListCallbacks::new(), r),
    |r| parse(callback::DeleteCallback::new("cb1"), r),
    |r| parse(stream::MuteAll::disable(SESSION), r),
    |r| parse(legacy::LegacyCreateSession::new(), r),
    |r| parse(legacy::GetManifest::new("a1", "T1==x"), r),
    |r| parse(legacy::GetArchiveUrl::new("a1", "v1", "T1==x"), r),
    |r| parse(legacy::DeleteLegacyArchive::new("a1", "T1==x"), r),
];

fuzz_target!(|data: &[u8]| {
    let [pick, hi, lo, body @ ..] = data else { return };
    let status = 100 + u16::from_be_bytes([*hi, *lo]) % 500;
    let Ok(status) = StatusCode::from_u16(status) else {
        return;
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let parser = PARSERS[usize::from(*pick) % PARSERS.len()];
    let ok = parser(&response);
    assert!(
        !ok || status.is_success(),
        "a {status} response parsed as success"
    );
});
