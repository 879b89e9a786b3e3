//! The in-memory state: projects, and for each one its sessions and everything started in
//! them. Each project sits behind its own mutex, held only for synchronous work (never across
//! an await), so concurrent requests see and leave consistent state.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use opentok_core::ApplicationId;
use opentok_core::ProjectCredentials;
use opentok_core::PublicKey;
use opentok_core::clock::Clock;
use serde_json::Value;

use crate::callbacks::{Dispatcher, Outgoing};
use crate::config::Config;
use crate::due::DueQueue;
use crate::route_table::RouteTable;
use crate::routes::archive_record::Archives;
use crate::routes::broadcast::BroadcastRec;
use crate::routes::callback::CallbackRec;
use crate::routes::captions::CaptionsRec;
use crate::routes::connect::AudioConnectRec;
use crate::routes::render::RenderRec;
use crate::routes::serve::Handler;
use crate::session::Session;

/// The whole emulator: settings, projects, clock and callback dispatcher.
#[derive(Debug)]
pub(crate) struct Emu {
    pub(crate) config: Config,
    pub(crate) base_url: String,
    pub(crate) projects: HashMap<String, Arc<Project>>,
    pub(crate) clock: Arc<dyn Clock>,
    /// The routes, built once.
    pub(crate) routes: RouteTable<Handler>,
}

impl Emu {
    pub(crate) fn now(&self) -> SystemTime {
        self.clock.now()
    }

    pub(crate) fn project(&self, key: &str) -> Option<&Arc<Project>> {
        self.projects.get(key)
    }
}

/// How a project's callers prove who they are.
#[derive(Debug)]
// Built once per project; boxing the prepared HMAC states would add a hop to every check.
#[allow(clippy::large_enum_variant)]
pub(crate) enum ProjectAuth {
    /// API key + secret: `X-OPENTOK-AUTH` HS256, T1 and HS256 client tokens.
    Secret(ProjectCredentials),
    /// A Vonage application: RS256 bearer JWTs and client tokens, checked with its public key.
    Application {
        id: ApplicationId,
        public_key: PublicKey,
    },
}

/// One project (API key + secret, or a Vonage application) and its data.
#[derive(Debug)]
pub(crate) struct Project {
    pub(crate) auth: ProjectAuth,
    pub(crate) data: Mutex<ProjectData>,
    pub(crate) dispatcher: Dispatcher,
}

impl ProjectAuth {
    /// The project id of paths and session ids: the API key or the application id.
    pub(crate) fn project_id(&self) -> &str {
        match self {
            ProjectAuth::Secret(c) => c.api_key().as_str(),
            ProjectAuth::Application { id, .. } => id.as_str(),
        }
    }
}

impl Project {
    /// The project id of paths and session ids: the API key or the application id.
    pub(crate) fn key(&self) -> &str {
        self.auth.project_id()
    }

    /// Runs `f` under the project's lock, then sends the callbacks it queued.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut ProjectData) -> R) -> R {
        let (r, out) = {
            let mut d = self.data.lock().unwrap_or_else(|e| e.into_inner());
            let r = f(&mut d);
            (r, std::mem::take(&mut d.outbox))
        };
        for o in out {
            self.dispatcher.send(o);
        }
        r
    }
}

/// Everything a project holds.
#[derive(Debug)]
pub(crate) struct ProjectData {
    pub(crate) key: String,
    pub(crate) config: Config,
    pub(crate) base_url: String,
    /// Boxed, so the map's growth moves pointers, not sessions (it holds up to 100,000).
    pub(crate) sessions: HashMap<String, Box<Session>>,
    pub(crate) archives: Archives,
    pub(crate) broadcasts: Vec<BroadcastRec>,
    pub(crate) renders: Vec<RenderRec>,
    pub(crate) captions: Vec<CaptionsRec>,
    /// When each broadcast reaches its `maxDuration`.
    pub(crate) broadcast_ends: DueQueue,
    /// When each captions reach their `maxDuration`.
    pub(crate) captions_ends: DueQueue,
    /// When each render has started (after the processing time).
    pub(crate) render_starts: DueQueue,
    /// When each render reaches its `maxDuration`.
    pub(crate) render_ends: DueQueue,
    pub(crate) connects: Vec<AudioConnectRec>,
    pub(crate) callbacks: Vec<CallbackRec>,
    pub(crate) outbox: Vec<Outgoing>,
    /// The time of the last tick (Unix ms), for replies that embed expiry times.
    pub(crate) now_ms: u64,
    /// Whether `key` is a Vonage application id: replies then take the Vonage host's shapes
    /// (`applicationId` for `projectId`, reference: vonage_application_credentials.md §4.3).
    pub(crate) application: bool,
    /// When the project was first served (Unix ms; the first tick), for its project details.
    pub(crate) created_ms: u64,
}

impl ProjectData {
    pub(crate) fn new(key: String, config: Config, base_url: String) -> Self {
        ProjectData {
            key,
            config,
            base_url,
            sessions: HashMap::new(),
            archives: Archives::default(),
            broadcasts: Vec::new(),
            renders: Vec::new(),
            captions: Vec::new(),
            broadcast_ends: DueQueue::default(),
            captions_ends: DueQueue::default(),
            render_starts: DueQueue::default(),
            render_ends: DueQueue::default(),
            connects: Vec::new(),
            callbacks: Vec::new(),
            outbox: Vec::new(),
            application: false,
            now_ms: 0,
            created_ms: 0,
        }
    }

    /// Whether a callback is registered for `group` and `event` (so building the payload is
    /// worth it).
    pub(crate) fn listens(&self, group: &str, event: &str) -> bool {
        self.callbacks
            .iter()
            .any(|c| c.group == group && (c.event == event || c.event == "*"))
    }

    /// Queues `payload` for every callback registered for `group` and `event`.
    pub(crate) fn emit(&mut self, group: &str, event: &str, payload: &Value) {
        let body = serde_json::to_vec(payload).unwrap_or_default();
        for c in &self.callbacks {
            if c.group == group && (c.event == event || c.event == "*") {
                self.outbox.push(Outgoing {
                    url: c.url.clone(),
                    body: body.clone(),
                });
            }
        }
    }

    /// Queues `payload` for one URL (a captions status URL, a render callback).
    pub(crate) fn emit_to(&mut self, url: &str, payload: &Value) {
        self.outbox.push(Outgoing {
            url: url.to_owned(),
            body: serde_json::to_vec(payload).unwrap_or_default(),
        });
    }
}

impl ProjectData {
    /// Advances every timed lifecycle (archive processing, max durations) to `now`.
    pub(crate) fn tick(&mut self, now: SystemTime) {
        self.now_ms = crate::timefmt::millis(now);
        if self.created_ms == 0 {
            self.created_ms = self.now_ms;
        }
        crate::routes::archive::tick(self, now);
        crate::routes::broadcast::tick(self, now);
        crate::routes::captions::tick(self, now);
        crate::routes::render::tick(self, now);
    }
}
