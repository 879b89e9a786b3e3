//! The grouped methods: one per operation, named as its `INFO.facade` says.
//!
//! Each method takes the operation value (built with its constructor and setters) and
//! returns its typed output. The same table generates the blocking API.

use opentok_core::Error;
use opentok_core::operation::Operation;

use crate::client::OpenTok;

macro_rules! groups {
    ($(
        $(#[$gdoc:meta])*
        $group:ident $accessor:ident {
            $( $method:ident ( $module:ident :: $op:ident ); )*
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
                    #[doc = concat!(
                        "Sends [`", stringify!($op), "`](crate::", stringify!($module), "::",
                        stringify!($op), ") and returns its output."
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
                        #[doc = concat!(
                            "Sends [`", stringify!($op), "`](crate::", stringify!($module), "::",
                            stringify!($op), ") and returns its output, blocking."
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
        create(session::CreateSession);
    }
    /// Archives: start, stop, get, list, delete, layout, streams, storage.
    Archives archives {
        start(archive::StartArchive);
        stop(archive::StopArchive);
        get(archive::GetArchive);
        list(archive::ListArchives);
        delete(archive::DeleteArchive);
        set_layout(archive::SetArchiveLayout);
        add_stream(archive::AddArchiveStream);
        remove_stream(archive::RemoveArchiveStream);
        set_storage(archive::SetArchiveStorage);
    }
    /// Live streaming broadcasts (HLS and RTMP).
    Broadcasts broadcasts {
        start(broadcast::StartBroadcast);
        stop(broadcast::StopBroadcast);
        get(broadcast::GetBroadcast);
        list(broadcast::ListBroadcasts);
        set_layout(broadcast::SetBroadcastLayout);
        add_stream(broadcast::AddBroadcastStream);
        remove_stream(broadcast::RemoveBroadcastStream);
    }
    /// SIP interconnect: dial out, play DTMF.
    Sip sip {
        dial(sip::Dial);
        play_dtmf(sip::PlayDtmf);
        play_dtmf_to(sip::PlayDtmfConnection);
    }
    /// Signals to every client of a session or to one connection.
    Signals signals {
        send(signal::Signal);
        send_to(signal::SignalConnection);
    }
    /// Streams: list, get, layout classes, force mute, mute all.
    Streams streams {
        list(stream::ListStreams);
        get(stream::GetStream);
        set_layout_classes(stream::SetStreamLayoutClasses);
        set_layout_class(stream::SetStreamLayoutClass);
        force_mute(stream::ForceMuteStream);
        mute_all(stream::MuteAll);
    }
    /// Connections: list, force disconnect.
    Connections connections {
        list(connection::ListConnections);
        force_disconnect(connection::ForceDisconnect);
    }
    /// Live captions: start, stop (status arrives by callback).
    Captions captions {
        start(captions::StartCaptions);
        stop(captions::StopCaptions);
    }
    /// Experience Composer renders.
    Renders renders {
        start(render::StartRender);
        stop(render::StopRender);
        get(render::GetRender);
        list(render::ListRenders);
    }
    /// The Audio Connector (audio streams to a WebSocket).
    AudioConnector audio_connector {
        start(audio_connector::StartAudioConnector);
        stop(audio_connector::StopAudioConnector);
    }
    /// Callback registrations (session, archive, broadcast … events POSTed to your URL).
    Callbacks callbacks {
        register(callback::RegisterCallback);
        list(callback::ListCallbacks);
        delete(callback::DeleteCallback);
    }
    /// The v0.91 "hl" API: session create, archive manifest, download URL, archive delete.
    Legacy legacy {
        create_session(legacy::LegacyCreateSession);
        manifest(legacy::GetManifest);
        archive_url(legacy::GetArchiveUrl);
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
