//! The operations table: every REST call core models, declared once.
//!
//! [`for_each_operation!`](crate::for_each_operation) is the table. Each layer expands it with a
//! macro of its own (a callback, or "x-macro"), so the facade's methods, the emulator's routes
//! and the robustness tests are written from it instead of beside it, and a call added here
//! reaches every layer (or fails to compile where a layer has no code for it).
//!
//! ```
//! let names: Vec<&str> = opentok_core::catalog::operations().map(|op| op.name).collect();
//! assert!(names.contains(&"start_archive"));
//! ```

use crate::operation::OperationInfo;

/// Calls `$callback!` once with the whole table.
///
/// The table is a list of groups (a resource: archives, broadcasts…); each group has a doc
/// line, a type name and an accessor name, and lists its calls. Each call has a doc line (its
/// purpose, one line), a verb, the operation type as `module::Type` under this crate, and a
/// sample: a closure that builds one valid value of the operation, taking each id it sends
/// (in its path, query or body) from `id`, a `&dyn Fn(&'static str) -> String` called with
/// the id's wire name:
///
/// ```text
/// /// Archives: start, stop, …
/// Archives archives {
///     /// Starts recording a session …
///     start(archive::StartArchive)
///         = |id| $crate::archive::StartArchive::new(id("sessionId"));
///     …
/// }
/// ```
///
/// The samples are for tests and fuzz targets: robustness and credential tests build every
/// call from them, and the path-id tests pass hostile ids through `id` and check that each is
/// refused by that name or stays inside its path segment. (`$crate` in a sample names this
/// crate wherever the table is expanded.)
///
/// A callback matches that shape:
///
/// ```
/// macro_rules! count {
///     ($( $(#[$g:meta])* $group:ident $accessor:ident {
///         $( #[doc = $purpose:literal] $verb:ident ( $module:ident :: $op:ident ) = $sample:expr; )*
///     } )*) => { [$($(stringify!($op)),*),*].len() };
/// }
/// let calls = opentok_core::for_each_operation!(count);
/// assert!(calls > 40);
/// ```
///
/// Two calls may send the same route (`AddArchiveStream` and `RemoveArchiveStream` both
/// `PATCH …/streams`); [`operations`] lists each route once.
#[macro_export]
macro_rules! for_each_operation {
    ($callback:ident) => {
        $callback! {
            /// Sessions: create a routed or relayed session.
            Sessions sessions {
                /// Creates a session clients can join (relayed or routed, optionally archived from the start).
                create(session::CreateSession)
                    = |_| $crate::session::CreateSession::new();
            }
            /// Archives: start, stop, get, list, delete, layout, streams, storage.
            Archives archives {
                /// Starts recording a session that has clients connected; returns the new archive.
                start(archive::StartArchive)
                    = |id| $crate::archive::StartArchive::new(id("sessionId"));
                /// Stops recording; the archive then becomes `stopped` and, once processed, `available`.
                stop(archive::StopArchive)
                    = |id| $crate::archive::StopArchive::new(id("archiveId"));
                /// Gets one archive: its status, duration, size and, while available, its download URL.
                get(archive::GetArchive)
                    = |id| $crate::archive::GetArchive::new(id("archiveId"));
                /// Lists one page of the project's archives, newest first (optionally one session's).
                list(archive::ListArchives)
                    = |id| $crate::archive::ListArchives::new().session_id(id("sessionId"));
                /// Deletes an archive that is not being recorded.
                delete(archive::DeleteArchive)
                    = |id| $crate::archive::DeleteArchive::new(id("archiveId"));
                /// Changes a composed archive's layout while it records.
                set_layout(archive::SetArchiveLayout)
                    = |id| $crate::archive::SetArchiveLayout::new(id("archiveId"), $crate::layout::Layout::pip());
                /// Adds a stream to an archive recording in manual stream mode.
                add_stream(archive::AddArchiveStream)
                    = |id| $crate::archive::AddArchiveStream::new(id("archiveId"), id("addStream"));
                /// Removes a stream from an archive recording in manual stream mode.
                remove_stream(archive::RemoveArchiveStream)
                    = |id| $crate::archive::RemoveArchiveStream::new(id("archiveId"), id("removeStream"));
                /// Sets where the project's archives are uploaded (S3 or Azure).
                set_storage(archive::SetArchiveStorage)
                    = |_| $crate::archive::SetArchiveStorage::new($crate::archive::StorageTarget::Azure(
                    $crate::archive::AzureStorage::new("acct", "key", "container"),
                ));
                /// Removes the project's archive upload target; archives then stay in the OpenTok cloud.
                delete_storage(archive::DeleteArchiveStorage)
                    = |_| $crate::archive::DeleteArchiveStorage::new();
            }
            /// Live streaming broadcasts (HLS and RTMP).
            Broadcasts broadcasts {
                /// Starts broadcasting a session live (HLS and/or RTMP); returns the new broadcast.
                start(broadcast::StartBroadcast)
                    = |id| $crate::broadcast::StartBroadcast::new(id("sessionId"))
                    .hls($crate::broadcast::HlsOutput::new());
                /// Stops a live broadcast.
                stop(broadcast::StopBroadcast)
                    = |id| $crate::broadcast::StopBroadcast::new(id("broadcastId"));
                /// Gets one broadcast: its status and HLS and RTMP URLs.
                get(broadcast::GetBroadcast)
                    = |id| $crate::broadcast::GetBroadcast::new(id("broadcastId"));
                /// Lists one page of the project's broadcasts (optionally one session's).
                list(broadcast::ListBroadcasts)
                    = |id| $crate::broadcast::ListBroadcasts::new().session_id(id("sessionId"));
                /// Changes a broadcast's layout while it is live.
                set_layout(broadcast::SetBroadcastLayout)
                    = |id| $crate::broadcast::SetBroadcastLayout::new(id("broadcastId"), $crate::layout::Layout::pip());
                /// Adds a stream to a broadcast in manual stream mode.
                add_stream(broadcast::AddBroadcastStream)
                    = |id| $crate::broadcast::AddBroadcastStream::new(id("broadcastId"), id("addStream"));
                /// Removes a stream from a broadcast in manual stream mode.
                remove_stream(broadcast::RemoveBroadcastStream)
                    = |id| $crate::broadcast::RemoveBroadcastStream::new(id("broadcastId"), id("removeStream"));
            }
            /// SIP interconnect: dial out, play DTMF.
            Sip sip {
                /// Dials a SIP endpoint (a phone call, a conference system) into a session.
                dial(sip::Dial)
                    = |id| $crate::sip::Dial::new(id("sessionId"), "T1==x", "sip:x@example.com");
                /// Plays DTMF tones to every SIP participant of a session.
                play_dtmf(sip::PlayDtmf)
                    = |id| $crate::sip::PlayDtmf::new(id("sessionId"), "123");
                /// Plays DTMF tones to one SIP connection.
                play_dtmf_to(sip::PlayDtmfConnection)
                    = |id| $crate::sip::PlayDtmfConnection::new(id("sessionId"), id("connectionId"), "123");
            }
            /// Signals to every client of a session or to one connection.
            Signals signals {
                /// Sends a signal (type and text) to every client of a session.
                send(signal::Signal)
                    = |id| $crate::signal::Signal::new(id("sessionId"), "hi");
                /// Sends a signal to one connected client.
                send_to(signal::SignalConnection)
                    = |id| $crate::signal::SignalConnection::new(id("sessionId"), id("connectionId"), "hi");
            }
            /// Streams: list, get, layout classes, force mute, mute all.
            Streams streams {
                /// Lists the streams published in a session.
                list(stream::ListStreams)
                    = |id| $crate::stream::ListStreams::new(id("sessionId"));
                /// Gets one stream: its video type, name and layout classes.
                get(stream::GetStream)
                    = |id| $crate::stream::GetStream::new(id("sessionId"), id("streamId"));
                /// Sets the layout classes of several streams at once.
                set_layout_classes(stream::SetStreamLayoutClasses)
                    = |id| $crate::stream::SetStreamLayoutClasses::new(id("sessionId")).stream("s1", ["full"]);
                /// Sets the layout classes of one stream.
                set_layout_class(stream::SetStreamLayoutClass)
                    = |id| $crate::stream::SetStreamLayoutClass::new(id("sessionId"), id("streamId"), ["full"]);
                /// Mutes one stream's audio.
                force_mute(stream::ForceMuteStream)
                    = |id| $crate::stream::ForceMuteStream::new(id("sessionId"), id("streamId"));
                /// Mutes every stream of a session (except some), or lifts that state.
                mute_all(stream::MuteAll)
                    = |id| $crate::stream::MuteAll::enable(id("sessionId"));
            }
            /// Connections: list, force disconnect.
            Connections connections {
                /// Lists the clients connected to a session.
                list(connection::ListConnections)
                    = |id| $crate::connection::ListConnections::new(id("sessionId"));
                /// Disconnects a client from a session.
                force_disconnect(connection::ForceDisconnect)
                    = |id| $crate::connection::ForceDisconnect::new(id("sessionId"), id("connectionId"));
            }
            /// Live captions: start, stop (status arrives by callback).
            Captions captions {
                /// Starts live captions of a session's audio.
                start(captions::StartCaptions)
                    = |id| $crate::captions::StartCaptions::new(id("sessionId"), "T1==x");
                /// Stops live captions.
                stop(captions::StopCaptions)
                    = |id| $crate::captions::StopCaptions::new(id("captionsId"));
            }
            /// Experience Composer renders.
            Renders renders {
                /// Starts an Experience Composer: a web page published into a session as a stream.
                start(render::StartRender)
                    = |id| $crate::render::StartRender::new(id("sessionId"), "T1==x", "https://example.com");
                /// Stops an Experience Composer render.
                stop(render::StopRender)
                    = |id| $crate::render::StopRender::new(id("renderId"));
                /// Gets one Experience Composer render.
                get(render::GetRender)
                    = |id| $crate::render::GetRender::new(id("renderId"));
                /// Lists one page of the project's Experience Composer renders.
                list(render::ListRenders)
                    = |_| $crate::render::ListRenders::new();
            }
            /// The Audio Connector (audio streams to a WebSocket).
            AudioConnector audio_connector {
                /// Streams a session's audio to a WebSocket server.
                start(audio_connector::StartAudioConnector)
                    = |id| $crate::audio_connector::StartAudioConnector::new(id("sessionId"), "T1==x", "wss://example.com");
                /// Stops an Audio Connector.
                stop(audio_connector::StopAudioConnector)
                    = |id| $crate::audio_connector::StopAudioConnector::new(id("callId"));
            }
            /// Callback registrations (session, archive, broadcast … events POSTed to your URL).
            Callbacks callbacks {
                /// Registers a URL the service POSTs events of a group to.
                register(callback::RegisterCallback)
                    = |_| $crate::callback::RegisterCallback::new(
                    $crate::callback::CallbackGroup::Connection,
                    $crate::callback::CallbackEventType::Created,
                    "https://example.com/cb",
                );
                /// Lists the registered callbacks.
                list(callback::ListCallbacks)
                    = |_| $crate::callback::ListCallbacks::new();
                /// Unregisters a callback.
                delete(callback::DeleteCallback)
                    = |id| $crate::callback::DeleteCallback::new(id("callbackId"));
            }
            /// The v0.91 "hl" API: session create, archive manifest, download URL, archive delete.
            Legacy legacy {
                /// Creates a session with the v0.91 "hl" API (XML reply).
                create_session(legacy::LegacyCreateSession)
                    = |_| $crate::legacy::LegacyCreateSession::new();
                /// Gets a legacy archive's manifest: its videos and timeline.
                manifest(legacy::GetManifest)
                    = |id| $crate::legacy::GetManifest::new(id("archiveId"), "T1==x");
                /// Gets the download URL of one video of a legacy archive.
                archive_url(legacy::GetArchiveUrl)
                    = |id| $crate::legacy::GetArchiveUrl::new(id("archiveId"), id("videoId"), "T1==x");
                /// Deletes a legacy archive.
                delete_archive(legacy::DeleteLegacyArchive)
                    = |id| $crate::legacy::DeleteLegacyArchive::new(id("archiveId"), "T1==x");
                /// Composes a legacy archive's streams into one MP4 (ready, or still processing).
                stitch(legacy::StitchArchive)
                    = |id| $crate::legacy::StitchArchive::new(id("archiveId"));
            }
        }
    };
}

macro_rules! infos {
    ($( $(#[$g:meta])* $group:ident $accessor:ident {
        $( #[doc = $purpose:literal] $verb:ident ( $module:ident :: $op:ident ) = $sample:expr; )*
    } )*) => {
        &[$($(<crate::$module::$op as crate::operation::Operation>::INFO,)*)*]
    };
}

const ALL: &[OperationInfo] = for_each_operation!(infos);

/// Every route core defines, in the table's order, each (method, path) once.
pub fn operations() -> impl Iterator<Item = &'static OperationInfo> {
    ALL.iter()
        .enumerate()
        .filter(|(i, op)| {
            !ALL[..*i]
                .iter()
                .any(|o| o.method == op.method && o.path == op.path)
        })
        .map(|(_, op)| op)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_and_routes_are_unique() {
        let mut names = std::collections::HashSet::new();
        let mut routes = std::collections::HashSet::new();
        for op in super::operations() {
            assert!(names.insert(op.name), "duplicate name {}", op.name);
            assert!(
                routes.insert((op.method, op.path)),
                "duplicate route {} {}",
                op.method,
                op.path
            );
            assert!(op.path.starts_with('/'), "{}", op.name);
            assert!(!op.summary.is_empty(), "{}", op.name);
        }
    }
}
