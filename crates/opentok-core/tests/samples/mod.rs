//! A value of every operation of the operations table, for the tests and fuzz targets that
//! expand `opentok_core::for_each_operation!` and need one of each call (core's robustness
//! and credential-kinds tests; `fuzz/fuzz_targets/json_models.rs` includes this file too). A call added to the table
//! without a sample here is a compile error there.

use opentok_core::archive::{
    AddArchiveStream, AzureStorage, DeleteArchive, GetArchive, ListArchives, RemoveArchiveStream,
    SetArchiveLayout, SetArchiveStorage, StartArchive, StopArchive, StorageTarget,
};
use opentok_core::audio_connector::{StartAudioConnector, StopAudioConnector};
use opentok_core::broadcast::{
    AddBroadcastStream, GetBroadcast, HlsOutput, ListBroadcasts, RemoveBroadcastStream, SetBroadcastLayout,
    StartBroadcast, StopBroadcast,
};
use opentok_core::callback::{
    CallbackEventType, CallbackGroup, DeleteCallback, ListCallbacks, RegisterCallback,
};
use opentok_core::captions::{StartCaptions, StopCaptions};
use opentok_core::connection::{ForceDisconnect, ListConnections};
use opentok_core::layout::Layout;
use opentok_core::legacy::{
    DeleteLegacyArchive, GetArchiveUrl, GetManifest, LegacyCreateSession, StitchArchive,
};
use opentok_core::render::{GetRender, ListRenders, StartRender, StopRender};
use opentok_core::session::CreateSession;
use opentok_core::signal::{Signal, SignalConnection};
use opentok_core::sip::{Dial, PlayDtmf, PlayDtmfConnection};
use opentok_core::stream::{
    ForceMuteStream, GetStream, ListStreams, MuteAll, SetStreamLayoutClass, SetStreamLayoutClasses,
};

/// A session id of the shape the service issues.
pub(crate) const SESSION: &str = "2_MX4xMjM0NTZ-fjE3MDAwMDAwMDAwMDB-c29tZQ-fg";

/// One valid value of an operation.
pub(crate) trait Sample {
    /// The value.
    fn sample() -> Self;
}

macro_rules! samples {
    ($($op:ident => $value:expr),+ $(,)?) => {
        $(impl Sample for $op {
            fn sample() -> Self {
                $value
            }
        })+
    };
}

samples! {
    CreateSession => CreateSession::new(),
    ListConnections => ListConnections::new(SESSION),
    ForceDisconnect => ForceDisconnect::new(SESSION, "c1"),
    Signal => Signal::new(SESSION, "hi"),
    SignalConnection => SignalConnection::new(SESSION, "c1", "hi"),
    ListStreams => ListStreams::new(SESSION),
    GetStream => GetStream::new(SESSION, "s1"),
    SetStreamLayoutClasses => SetStreamLayoutClasses::new(SESSION).stream("s1", ["full"]),
    SetStreamLayoutClass => SetStreamLayoutClass::new(SESSION, "s1", ["full"]),
    ForceMuteStream => ForceMuteStream::new(SESSION, "s1"),
    MuteAll => MuteAll::enable(SESSION),
    StartArchive => StartArchive::new(SESSION),
    StopArchive => StopArchive::new("a1"),
    GetArchive => GetArchive::new("a1"),
    ListArchives => ListArchives::new(),
    DeleteArchive => DeleteArchive::new("a1"),
    SetArchiveLayout => SetArchiveLayout::new("a1", Layout::pip()),
    AddArchiveStream => AddArchiveStream::new("a1", "s1"),
    RemoveArchiveStream => RemoveArchiveStream::new("a1", "s1"),
    SetArchiveStorage => SetArchiveStorage::new(StorageTarget::Azure(AzureStorage::new(
        "acct",
        "key",
        "container",
    ))),
    StartBroadcast => StartBroadcast::new(SESSION).hls(HlsOutput::new()),
    StopBroadcast => StopBroadcast::new("b1"),
    GetBroadcast => GetBroadcast::new("b1"),
    ListBroadcasts => ListBroadcasts::new(),
    SetBroadcastLayout => SetBroadcastLayout::new("b1", Layout::pip()),
    AddBroadcastStream => AddBroadcastStream::new("b1", "s1"),
    RemoveBroadcastStream => RemoveBroadcastStream::new("b1", "s1"),
    Dial => Dial::new(SESSION, "T1==x", "sip:x@example.com"),
    PlayDtmf => PlayDtmf::new(SESSION, "123"),
    PlayDtmfConnection => PlayDtmfConnection::new(SESSION, "c1", "123"),
    StartCaptions => StartCaptions::new(SESSION, "T1==x"),
    StopCaptions => StopCaptions::new("cap1"),
    StartRender => StartRender::new(SESSION, "T1==x", "https://example.com"),
    GetRender => GetRender::new("r1"),
    ListRenders => ListRenders::new(),
    StopRender => StopRender::new("r1"),
    StartAudioConnector => StartAudioConnector::new(SESSION, "T1==x", "wss://example.com"),
    StopAudioConnector => StopAudioConnector::new("ac1"),
    RegisterCallback => RegisterCallback::new(
        CallbackGroup::Connection,
        CallbackEventType::Created,
        "https://example.com/cb",
    ),
    ListCallbacks => ListCallbacks::new(),
    DeleteCallback => DeleteCallback::new("cb1"),
    LegacyCreateSession => LegacyCreateSession::new(),
    GetManifest => GetManifest::new("a1", "T1==x"),
    GetArchiveUrl => GetArchiveUrl::new("a1", "v1", "T1==x"),
    DeleteLegacyArchive => DeleteLegacyArchive::new("a1", "T1==x"),
    StitchArchive => StitchArchive::new("a1"),
}
