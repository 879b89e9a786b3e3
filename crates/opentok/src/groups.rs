//! The grouped methods: one per operation, named as its `INFO.facade` says.
//!
//! Each method takes the operation value (built with its constructor and setters) and
//! returns its typed output. The same table generates the blocking API. Every method has
//! exactly one line of purpose (the macro requires it) and links the operation it sends,
//! whose page holds the rules `build` checks and the wire format.

use opentok_core::Error;
use opentok_core::operation::Operation;

use crate::client::OpenTok;

macro_rules! groups {
    ($(
        $(#[$gdoc:meta])*
        $group:ident $accessor:ident {
            $(
                #[doc = $purpose:literal]
                $method:ident ( $module:ident :: $op:ident );
            )*
        }
    )*) => {
        $(
            $(#[$gdoc])*
            #[derive(Debug, Clone, Copy)]
            pub struct $group<'a> {
                ot: &'a OpenTok,
            }

            impl $group<'_> {
                $(
                    #[doc = $purpose]
                    #[doc = ""]
                    #[doc = concat!(
                        "Sends [`", stringify!($op), "`](crate::", stringify!($module), "::",
                        stringify!($op), ")."
                    )]
                    pub async fn $method(
                        &self,
                        op: opentok_core::$module::$op,
                    ) -> Result<<opentok_core::$module::$op as Operation>::Output, Error> {
                        self.ot.execute(&op).await
                    }
                )*
            }
        )*

        impl OpenTok {
            $(
                $(#[$gdoc])*
                pub fn $accessor(&self) -> $group<'_> {
                    $group { ot: self }
                }
            )*
        }

        /// Every grouped method (`archives().start`) with the operation it sends.
        pub const FACADE_METHODS: &[(&str, &str)] = &[
            $( $(
                (
                    concat!(stringify!($accessor), "().", stringify!($method)),
                    stringify!($op),
                ),
            )* )*
        ];

        /// The same groups without an async runtime in the caller.
        #[cfg(feature = "blocking")]
        pub(crate) mod blocking_groups {
            use opentok_core::Error;
            use opentok_core::operation::Operation;

            use crate::blocking::OpenTok;

            $(
                $(#[$gdoc])*
                #[derive(Debug, Clone, Copy)]
                pub struct $group<'a> {
                    pub(crate) ot: &'a OpenTok,
                }

                impl $group<'_> {
                    $(
                        #[doc = $purpose]
                        #[doc = ""]
                        #[doc = concat!(
                            "Sends [`", stringify!($op), "`](crate::", stringify!($module), "::",
                            stringify!($op), "), blocking."
                        )]
                        pub fn $method(
                            &self,
                            op: opentok_core::$module::$op,
                        ) -> Result<<opentok_core::$module::$op as Operation>::Output, Error> {
                            self.ot.execute(&op)
                        }
                    )*
                }
            )*

            impl OpenTok {
                $(
                    $(#[$gdoc])*
                    pub fn $accessor(&self) -> $group<'_> {
                        $group { ot: self }
                    }
                )*
            }
        }
    };
}

groups! {
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
    }
}

impl OpenTok {
    /// Creates a session (the same as `sessions().create`).
    pub async fn create_session(
        &self,
        op: opentok_core::session::CreateSession,
    ) -> Result<opentok_core::session::Session, Error> {
        self.execute(&op).await
    }
}

impl Archives<'_> {
    /// Every archive, lazily paged (see [`OpenTok::list_all`]).
    pub fn list_all(
        &self,
        op: opentok_core::archive::ListArchives,
    ) -> crate::Items<opentok_core::archive::Archive> {
        self.ot.list_all(op)
    }
}

impl Broadcasts<'_> {
    /// Every broadcast, lazily paged (see [`OpenTok::list_all`]).
    pub fn list_all(
        &self,
        op: opentok_core::broadcast::ListBroadcasts,
    ) -> crate::Items<opentok_core::broadcast::Broadcast> {
        self.ot.list_all(op)
    }
}

impl Renders<'_> {
    /// Every render, lazily paged (see [`OpenTok::list_all`]).
    pub fn list_all(
        &self,
        op: opentok_core::render::ListRenders,
    ) -> crate::Items<opentok_core::render::Render> {
        self.ot.list_all(op)
    }
}

#[cfg(test)]
mod tests {
    use super::FACADE_METHODS;

    /// Every operation core models has its grouped method, under the name its INFO gives.
    #[test]
    fn facade_matches_the_operations_table() {
        let ours: std::collections::HashSet<&str> = FACADE_METHODS.iter().map(|(m, _)| *m).collect();
        let mut missing = Vec::new();
        for info in opentok_core::catalog::operations() {
            for name in info.facade.split(" / ") {
                if !ours.contains(name.trim()) {
                    missing.push(format!("{} ({})", name, info.name));
                }
            }
        }
        assert!(missing.is_empty(), "facade methods missing: {missing:?}");
    }
}
