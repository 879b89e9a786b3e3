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
/// purpose, one line), a verb and the operation type, as `module::Type` under this crate:
///
/// ```text
/// /// Archives: start, stop, …
/// Archives archives {
///     /// Starts recording a session …
///     start(archive::StartArchive);
///     …
/// }
/// ```
///
/// A callback matches that shape:
///
/// ```
/// macro_rules! count {
///     ($( $(#[$g:meta])* $group:ident $accessor:ident {
///         $( #[doc = $purpose:literal] $verb:ident ( $module:ident :: $op:ident ); )*
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
                create(session::CreateSession);
            }
            /// Archives: start, stop, get, list, delete, layout, streams, storage.
            Archives archives {
                /// Starts recording a session that has clients connected; returns the new archive.
                start(archive::StartArchive);
                /// Stops recording; the archive then becomes `stopped` and, once processed, `available`.
                stop(archive::StopArchive);
                /// Gets one archive: its status, duration, size and, while available, its download URL.
                get(archive::GetArchive);
                /// Lists one page of the project's archives, newest first (optionally one session's).
                list(archive::ListArchives);
                /// Deletes an archive that is not being recorded.
                delete(archive::DeleteArchive);
                /// Changes a composed archive's layout while it records.
                set_layout(archive::SetArchiveLayout);
                /// Adds a stream to an archive recording in manual stream mode.
                add_stream(archive::AddArchiveStream);
                /// Removes a stream from an archive recording in manual stream mode.
                remove_stream(archive::RemoveArchiveStream);
                /// Sets where the project's archives are uploaded (S3 or Azure).
                set_storage(archive::SetArchiveStorage);
            }
            /// Live streaming broadcasts (HLS and RTMP).
            Broadcasts broadcasts {
                /// Starts broadcasting a session live (HLS and/or RTMP); returns the new broadcast.
                start(broadcast::StartBroadcast);
                /// Stops a live broadcast.
                stop(broadcast::StopBroadcast);
                /// Gets one broadcast: its status and HLS and RTMP URLs.
                get(broadcast::GetBroadcast);
                /// Lists one page of the project's broadcasts (optionally one session's).
                list(broadcast::ListBroadcasts);
                /// Changes a broadcast's layout while it is live.
                set_layout(broadcast::SetBroadcastLayout);
                /// Adds a stream to a broadcast in manual stream mode.
                add_stream(broadcast::AddBroadcastStream);
                /// Removes a stream from a broadcast in manual stream mode.
                remove_stream(broadcast::RemoveBroadcastStream);
            }
            /// SIP interconnect: dial out, play DTMF.
            Sip sip {
                /// Dials a SIP endpoint (a phone call, a conference system) into a session.
                dial(sip::Dial);
                /// Plays DTMF tones to every SIP participant of a session.
                play_dtmf(sip::PlayDtmf);
                /// Plays DTMF tones to one SIP connection.
                play_dtmf_to(sip::PlayDtmfConnection);
            }
            /// Signals to every client of a session or to one connection.
            Signals signals {
                /// Sends a signal (type and text) to every client of a session.
                send(signal::Signal);
                /// Sends a signal to one connected client.
                send_to(signal::SignalConnection);
            }
            /// Streams: list, get, layout classes, force mute, mute all.
            Streams streams {
                /// Lists the streams published in a session.
                list(stream::ListStreams);
                /// Gets one stream: its video type, name and layout classes.
                get(stream::GetStream);
                /// Sets the layout classes of several streams at once.
                set_layout_classes(stream::SetStreamLayoutClasses);
                /// Sets the layout classes of one stream.
                set_layout_class(stream::SetStreamLayoutClass);
                /// Mutes one stream's audio.
                force_mute(stream::ForceMuteStream);
                /// Mutes every stream of a session (except some), or lifts that state.
                mute_all(stream::MuteAll);
            }
            /// Connections: list, force disconnect.
            Connections connections {
                /// Lists the clients connected to a session.
                list(connection::ListConnections);
                /// Disconnects a client from a session.
                force_disconnect(connection::ForceDisconnect);
            }
            /// Live captions: start, stop (status arrives by callback).
            Captions captions {
                /// Starts live captions of a session's audio.
                start(captions::StartCaptions);
                /// Stops live captions.
                stop(captions::StopCaptions);
            }
            /// Experience Composer renders.
            Renders renders {
                /// Starts an Experience Composer: a web page published into a session as a stream.
                start(render::StartRender);
                /// Stops an Experience Composer render.
                stop(render::StopRender);
                /// Gets one Experience Composer render.
                get(render::GetRender);
                /// Lists one page of the project's Experience Composer renders.
                list(render::ListRenders);
            }
            /// The Audio Connector (audio streams to a WebSocket).
            AudioConnector audio_connector {
                /// Streams a session's audio to a WebSocket server.
                start(audio_connector::StartAudioConnector);
                /// Stops an Audio Connector.
                stop(audio_connector::StopAudioConnector);
            }
            /// Callback registrations (session, archive, broadcast … events POSTed to your URL).
            Callbacks callbacks {
                /// Registers a URL the service POSTs events of a group to.
                register(callback::RegisterCallback);
                /// Lists the registered callbacks.
                list(callback::ListCallbacks);
                /// Unregisters a callback.
                delete(callback::DeleteCallback);
            }
            /// The v0.91 "hl" API: session create, archive manifest, download URL, archive delete.
            Legacy legacy {
                /// Creates a session with the v0.91 "hl" API (XML reply).
                create_session(legacy::LegacyCreateSession);
                /// Gets a legacy archive's manifest: its videos and timeline.
                manifest(legacy::GetManifest);
                /// Gets the download URL of one video of a legacy archive.
                archive_url(legacy::GetArchiveUrl);
                /// Deletes a legacy archive.
                delete_archive(legacy::DeleteLegacyArchive);
                /// Composes a legacy archive's streams into one MP4 (ready, or still processing).
                stitch(legacy::StitchArchive);
            }
        }
    };
}

macro_rules! infos {
    ($( $(#[$g:meta])* $group:ident $accessor:ident {
        $( #[doc = $purpose:literal] $verb:ident ( $module:ident :: $op:ident ); )*
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
        assert_eq!(super::operations().count(), 44);
    }
}
