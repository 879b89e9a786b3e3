//! Sessions and what happens in them: connections joining and leaving, streams published,
//! and the ordered feed of events the session's clients received.

use std::collections::VecDeque;
use std::time::SystemTime;

use opentok_core::callback::{EventConnection, EventStream, SessionEvent, SessionEventKind};
use opentok_core::clock::from_unix_millis;
use opentok_core::stream::VideoType;
use serde_json::{Value, json};

use crate::client_token::Role;
use crate::ids::uuid;
use crate::reply::{Resp, bad_request, forbidden, not_found};
use crate::state::ProjectData;
use crate::timefmt::millis;

/// A session created through `POST /session/create`.
#[derive(Debug)]
pub(crate) struct Session {
    pub(crate) id: String,
    pub(crate) routed: bool,
    pub(crate) archive_always: bool,
    pub(crate) archive_name: Option<String>,
    pub(crate) archive_resolution: Option<String>,
    pub(crate) created_ms: u64,
    pub(crate) connections: Vec<Connection>,
    pub(crate) streams: Vec<Stream>,
    pub(crate) events: VecDeque<Value>,
    pub(crate) next_seq: u64,
    /// While mute-all is active: the stream ids it spares.
    pub(crate) mute_all: Option<Vec<String>>,
}

impl Session {
    pub(crate) fn new(id: String, routed: bool, created_ms: u64) -> Self {
        Session {
            id,
            routed,
            archive_always: false,
            archive_name: None,
            archive_resolution: None,
            created_ms,
            connections: Vec::new(),
            streams: Vec::new(),
            events: VecDeque::new(),
            next_seq: 1,
            mute_all: None,
        }
    }

    pub(crate) fn connection(&self, id: &str) -> Option<&Connection> {
        self.connections.iter().find(|c| c.id == id)
    }

    pub(crate) fn stream(&self, id: &str) -> Option<&Stream> {
        self.streams.iter().find(|s| s.id == id)
    }

    /// The stream `id`, to change it.
    pub(crate) fn stream_mut(&mut self, id: &str) -> Option<&mut Stream> {
        self.streams.iter_mut().find(|s| s.id == id)
    }

    /// Whether a client or a SIP leg is connected (an Experience Composer or an Audio
    /// Connector alone does not count).
    pub(crate) fn has_clients(&self) -> bool {
        self.connections
            .iter()
            .any(|c| matches!(c.kind, ConnKind::Client | ConnKind::Sip))
    }

    /// The stream as `GET …/stream/{id}` shows it (core's model, written as JSON).
    pub(crate) fn stream_model(s: &Stream) -> opentok_core::stream::Stream {
        opentok_core::stream::Stream::new(
            &s.id,
            Some(VideoType::from(s.video_type.as_str())),
            Some(s.name.clone()),
            s.layout.clone(),
        )
    }
}

/// What kind of participant a connection is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ConnKind {
    Client,
    Sip,
    Render,
    AudioConnector,
}

/// A connection (a client, or a leg the service itself added).
#[derive(Debug, Clone)]
pub(crate) struct Connection {
    pub(crate) id: String,
    pub(crate) role: Role,
    pub(crate) data: Option<String>,
    pub(crate) layout: Vec<String>,
    pub(crate) created_ms: u64,
    pub(crate) kind: ConnKind,
}

/// A published stream.
#[derive(Debug, Clone)]
pub(crate) struct Stream {
    pub(crate) id: String,
    pub(crate) connection_id: String,
    pub(crate) video_type: String,
    pub(crate) name: String,
    pub(crate) layout: Vec<String>,
    pub(crate) created_ms: u64,
    pub(crate) audio_muted: bool,
}

impl ConnKind {
    fn as_str(self) -> &'static str {
        match self {
            ConnKind::Client => "client",
            ConnKind::Sip => "sip",
            ConnKind::Render => "experienceComposer",
            ConnKind::AudioConnector => "audioConnector",
        }
    }
}

/// The connection as callbacks and the event feed show it (core's model).
fn event_conn(c: &Connection) -> EventConnection {
    EventConnection::new(&c.id, Some(from_unix_millis(c.created_ms)), c.data.clone())
}

/// The stream as callbacks and the event feed show it (core's model).
fn event_stream(st: &Stream, c: &Connection) -> EventStream {
    let mut e = EventStream::new(
        &st.id,
        Some(event_conn(c)),
        Some(from_unix_millis(st.created_ms)),
        Some(VideoType::from(st.video_type.as_str())),
    );
    e.name = Some(st.name.clone());
    e
}

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// The reply for a session id with no session: the service answers an id that does not
/// decode with 400 ("invalid session ID") and a well-formed unknown one with 404.
fn unknown_session(sid: &str) -> Resp {
    match opentok_core::session_id::decode(sid) {
        Ok(_) => not_found("Session not found"),
        Err(_) => bad_request("Invalid session ID"),
    }
}

impl ProjectData {
    /// The session, or the service's error: 400 for an id that does not decode, 404 for one
    /// that does but names no session here.
    pub(crate) fn session(&self, sid: &str) -> Result<&Session, Resp> {
        self.sessions
            .get(sid)
            .map(|s| &**s)
            .ok_or_else(|| unknown_session(sid))
    }

    /// The session for writing, or the service's error (see [`ProjectData::session`]).
    pub(crate) fn session_mut(&mut self, sid: &str) -> Result<&mut Session, Resp> {
        self.sessions
            .get_mut(sid)
            .map(|s| &mut **s)
            .ok_or_else(|| unknown_session(sid))
    }

    /// Appends to the session's event feed (dropping the oldest past the cap).
    pub(crate) fn session_event(&mut self, sid: &str, kind: &str, now: SystemTime, fields: Value) {
        let cap = self.config.limits.events_per_session;
        let Some(s) = self.sessions.get_mut(sid) else {
            return;
        };
        let mut ev = json!({"seq": s.next_seq, "type": kind, "timestamp": millis(now)});
        if let (Some(obj), Value::Object(extra)) = (ev.as_object_mut(), fields) {
            obj.extend(extra);
        }
        s.next_seq += 1;
        s.events.push_back(ev);
        while s.events.len() > cap {
            s.events.pop_front();
        }
    }

    /// Sends a session-monitoring callback built with core's [`SessionEvent`].
    fn monitor(
        &mut self,
        sid: &str,
        kind: SessionEventKind,
        now: SystemTime,
        conn: Option<EventConnection>,
        stream: Option<EventStream>,
    ) {
        let name = kind.as_str().to_owned();
        let group = if name.starts_with("stream") {
            "stream"
        } else if name.starts_with("session") {
            "session"
        } else {
            "connection"
        };
        let verb = if name.ends_with("Created") {
            "created"
        } else {
            "destroyed"
        };
        let mut ev = SessionEvent::new(sid, kind, Some(now)).with_project_id(self.key.clone());
        if let Some(c) = conn {
            ev = ev.with_connection(c);
        }
        if let Some(st) = stream {
            ev = ev.with_stream(st);
        }
        let payload = to_json(&ev);
        self.emit(group, verb, &payload);
    }

    /// Adds a connection to a session; the first one starts an `archiveMode=always` archive.
    pub(crate) fn connect(
        &mut self,
        sid: &str,
        role: Role,
        data: Option<String>,
        layout: Vec<String>,
        kind: ConnKind,
        now: SystemTime,
    ) -> Result<String, Resp> {
        let cap = self.config.limits.connections_per_session;
        let s = self.session_mut(sid)?;
        if s.connections.len() >= cap {
            return Err(bad_request(&format!(
                "Emulator limit: at most {cap} connections per session"
            )));
        }
        let first = s.connections.is_empty();
        let c = Connection {
            id: uuid(),
            role,
            data,
            layout,
            created_ms: millis(now),
            kind,
        };
        let ec = event_conn(&c);
        let cj = to_json(&ec);
        let id = c.id.clone();
        let auto = first && s.archive_always;
        s.connections.push(c);
        if first {
            self.monitor(sid, SessionEventKind::SessionCreated, now, None, None);
        }
        self.session_event(
            sid,
            "connectionCreated",
            now,
            json!({"connection": cj, "kind": kind.as_str(), "role": role.as_str()}),
        );
        self.monitor(sid, SessionEventKind::ConnectionCreated, now, Some(ec), None);
        if auto {
            crate::routes::archive::auto_start(self, sid, now);
        }
        Ok(id)
    }

    /// Removes a connection and its streams; `reason` goes into the event.
    pub(crate) fn disconnect(
        &mut self,
        sid: &str,
        cid: &str,
        reason: &str,
        now: SystemTime,
    ) -> Result<(), Resp> {
        let s = self.session_mut(sid)?;
        let Some(pos) = s.connections.iter().position(|c| c.id == cid) else {
            return Err(not_found("Connection not found"));
        };
        let c = s.connections.remove(pos);
        let (gone, kept): (Vec<Stream>, Vec<Stream>) = std::mem::take(&mut s.streams)
            .into_iter()
            .partition(|st| st.connection_id == cid);
        s.streams = kept;
        let empty = s.connections.is_empty();
        for st in &gone {
            let es = event_stream(st, &c);
            let sj = to_json(&es);
            self.session_event(
                sid,
                "streamDestroyed",
                now,
                json!({"stream": sj, "reason": reason}),
            );
            self.monitor(sid, SessionEventKind::StreamDestroyed, now, None, Some(es));
        }
        let ec = event_conn(&c);
        let cj = to_json(&ec);
        self.session_event(
            sid,
            "connectionDestroyed",
            now,
            json!({"connection": cj, "reason": reason}),
        );
        self.monitor(sid, SessionEventKind::ConnectionDestroyed, now, Some(ec), None);
        if empty {
            self.monitor(sid, SessionEventKind::SessionDestroyed, now, None, None);
            crate::routes::archive::auto_stop(self, sid, now);
        }
        Ok(())
    }

    /// Publishes a stream for a connection; a mute-all in force mutes it at once.
    pub(crate) fn publish(
        &mut self,
        sid: &str,
        cid: &str,
        video_type: &str,
        name: &str,
        now: SystemTime,
    ) -> Result<String, Resp> {
        let cap = self.config.limits.streams_per_session;
        let s = self.session_mut(sid)?;
        let Some(c) = s.connection(cid).cloned() else {
            return Err(not_found("Connection not found"));
        };
        if !crate::client_token::may_publish(c.role) {
            return Err(forbidden("A subscriber may not publish"));
        }
        if s.streams.len() >= cap {
            return Err(bad_request(&format!(
                "Emulator limit: at most {cap} streams per session"
            )));
        }
        let st = Stream {
            id: uuid(),
            connection_id: cid.to_owned(),
            video_type: video_type.to_owned(),
            name: name.to_owned(),
            layout: c.layout.clone(),
            created_ms: millis(now),
            audio_muted: s.mute_all.is_some(),
        };
        let muted = st.audio_muted;
        let id = st.id.clone();
        let es = event_stream(&st, &c);
        let sj = to_json(&es);
        s.streams.push(st);
        self.session_event(sid, "streamCreated", now, json!({"stream": sj}));
        self.monitor(sid, SessionEventKind::StreamCreated, now, None, Some(es));
        if muted {
            self.session_event(
                sid,
                "forceMute",
                now,
                json!({"streamId": id, "reason": "muteAll"}),
            );
        }
        Ok(id)
    }
}
