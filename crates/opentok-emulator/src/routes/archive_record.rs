//! The archive record and its lifecycle: started → stopped → available (duration, size,
//! sha256 and a signed download URL), `archiveMode=always` start and stop, status callbacks,
//! and the reply built with core's `Archive` model.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::ops::{Deref, Index, IndexMut};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use opentok_core::archive::{Archive, ArchiveStatus, OutputMode};
use opentok_core::clock::from_unix_millis;
use opentok_core::layout::{Resolution, SelectedStream, StreamMode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::session::Session;
use crate::state::ProjectData;
use crate::timefmt::millis;

/// How long a download URL stays valid: the service's 10 minutes.
pub(crate) const URL_LIFETIME_SECS: u64 = 600;

/// One archive as the emulator keeps it.
#[derive(Debug, Clone)]
pub(crate) struct ArchiveRec {
    pub(crate) id: String,
    pub(crate) session_id: String,
    pub(crate) name: Option<String>,
    pub(crate) status: &'static str,
    pub(crate) created_ms: u64,
    pub(crate) updated_ms: u64,
    pub(crate) stopped_ms: Option<u64>,
    pub(crate) duration: u64,
    pub(crate) size: u64,
    pub(crate) individual: bool,
    pub(crate) manual: bool,
    pub(crate) has_audio: bool,
    pub(crate) has_video: bool,
    pub(crate) resolution: Option<String>,
    /// Shared with the replies written from it, which are written outside the project's lock.
    pub(crate) layout: Arc<Value>,
    pub(crate) multi_tag: Option<String>,
    pub(crate) max_bitrate: Option<u64>,
    pub(crate) qp: Option<u64>,
    pub(crate) transcription: Option<Value>,
    pub(crate) streams: Vec<(String, bool, bool)>,
    pub(crate) url_token: String,
    pub(crate) auto: bool,
}

/// A project's archives in the order they were started, with an index by id, the recording
/// ones by session and tag, the stopped ones awaiting processing, and each one's JSON as last
/// written, so per-request work never scans every archive (a project may hold thousands) nor
/// rebuilds an unchanged one. Archives are never removed (a deleted one keeps its record), so
/// indices stay valid. A record is changed only through [`Archives::get_mut`] or indexing,
/// which drop its written JSON.
#[derive(Debug, Default)]
pub(crate) struct Archives {
    list: Vec<ArchiveRec>,
    /// Each archive's JSON as last written (`None`: not written since it last changed).
    written: Vec<RefCell<Option<Written>>>,
    /// Id → index. Ordered, not hashed: it grows a node at a time, never rehashing every id
    /// under the project's lock as a hash map does when it doubles (a pause every request on
    /// the project waits out).
    by_id: BTreeMap<String, usize>,
    /// Session id → the archives recording it (stale entries, of archives stopped some other
    /// way, are skipped on reading). Looked up by `&str`, so a lookup allocates nothing.
    recording: HashMap<String, Recording>,
    /// Stopped archives not yet processed (made `available` by [`tick`]), in the order they
    /// stopped.
    processing: VecDeque<usize>,
}

impl Deref for Archives {
    type Target = [ArchiveRec];

    fn deref(&self) -> &[ArchiveRec] {
        &self.list
    }
}

impl Index<usize> for Archives {
    type Output = ArchiveRec;

    fn index(&self, i: usize) -> &ArchiveRec {
        &self.list[i]
    }
}

impl IndexMut<usize> for Archives {
    /// Archive `i`, to change (its written JSON is dropped); panics when out of range, like
    /// a slice (callers index with [`Archives::position`]).
    fn index_mut(&mut self, i: usize) -> &mut ArchiveRec {
        self.forget(i);
        &mut self.list[i]
    }
}

/// The archives recording one session: the one without a multi-archive tag, and the tagged
/// ones by tag.
#[derive(Debug, Default)]
struct Recording {
    untagged: Option<usize>,
    /// Ordered, like the index by id: it grows without pauses.
    tagged: BTreeMap<String, usize>,
}

impl Recording {
    /// Archive `i` records the session under `tag`.
    fn add(&mut self, tag: Option<&str>, i: usize) {
        match tag {
            None => self.untagged = Some(i),
            Some(tag) => {
                self.tagged.insert(tag.to_owned(), i);
            }
        }
    }
}

/// An archive's JSON as written, and what it was written from besides the record: the
/// download URL's expiry (Unix seconds; 0 without a URL) and the session's streams an
/// archive recording in auto mode shows (empty otherwise).
#[derive(Debug)]
struct Written {
    json: Bytes,
    expires: u64,
    streams: Vec<String>,
}

impl Archives {
    /// Adds a new (recording) archive; its index.
    pub(crate) fn push(&mut self, rec: ArchiveRec) -> usize {
        let i = self.list.len();
        self.by_id.insert(rec.id.clone(), i);
        if rec.active() {
            // The session's entry is made once (its id copied then); later archives only look
            // it up.
            match self.recording.get_mut(&rec.session_id) {
                Some(r) => r.add(rec.multi_tag.as_deref(), i),
                None => {
                    let mut r = Recording::default();
                    r.add(rec.multi_tag.as_deref(), i);
                    self.recording.insert(rec.session_id.clone(), r);
                }
            }
        }
        self.list.push(rec);
        self.written.push(RefCell::new(None));
        i
    }

    /// Archive `i`, to change (its written JSON is dropped).
    pub(crate) fn get_mut(&mut self, i: usize) -> Option<&mut ArchiveRec> {
        self.forget(i);
        self.list.get_mut(i)
    }

    /// Drops archive `i`'s written JSON.
    fn forget(&mut self, i: usize) {
        if let Some(w) = self.written.get_mut(i) {
            *w.get_mut() = None;
        }
    }

    /// Archive `i`'s JSON (see [`ArchiveRec::write_json`]): as last written when neither the
    /// record, nor the download URL's expiry, nor the streams it shows changed since; else
    /// written now and kept. Empty when there is no archive `i`.
    pub(crate) fn json(&self, i: usize, d: &ProjectData) -> Bytes {
        match self.list.get(i) {
            Some(a) => self.json_with(i, d, a.shown_session(d)),
            None => Bytes::new(),
        }
    }

    /// The JSON of archives `indices`, in order (see [`Archives::json`]). Consecutive
    /// archives of one session look it up once: a page is mostly one session's archives.
    pub(crate) fn page_json(&self, indices: impl Iterator<Item = usize>, d: &ProjectData) -> Vec<Bytes> {
        let mut last: Option<(&str, Option<&Session>)> = None;
        indices
            .filter_map(|i| {
                let a = self.list.get(i)?;
                let session = match last {
                    _ if !a.shows_session() => None,
                    Some((sid, s)) if sid == a.session_id => s,
                    _ => {
                        let s = d.sessions.get(&a.session_id).map(|s| &**s);
                        last = Some((&a.session_id, s));
                        s
                    }
                };
                Some(self.json_with(i, d, session))
            })
            .collect()
    }

    /// What archive `i`'s JSON is written from, owned, to be written once the project's lock
    /// is released (for a reply nothing keeps).
    pub(crate) fn shown(&self, i: usize, d: &ProjectData) -> Option<Shown> {
        let a = self.list.get(i)?;
        Some(a.shown(d, a.shown_session(d)))
    }

    /// [`Archives::json`], with the session the archive shows already looked up.
    fn json_with(&self, i: usize, d: &ProjectData, session: Option<&Session>) -> Bytes {
        let (Some(a), Some(cell)) = (self.list.get(i), self.written.get(i)) else {
            return Bytes::new();
        };
        let expires = a.url_expiry(d);
        let live = a.live_streams(session);
        // The cell is borrowed only here, never across a call that could reach it again.
        let Ok(mut slot) = cell.try_borrow_mut() else {
            return Bytes::from(a.written_json(d, session));
        };
        if let Some(w) = slot.as_ref() {
            let same_streams = match live {
                Some(ids) => ids
                    .map(|s| s.id.as_str())
                    .eq(w.streams.iter().map(String::as_str)),
                None => w.streams.is_empty(),
            };
            if w.expires == expires && same_streams {
                return w.json.clone();
            }
        }
        // Kept, it holds its length only.
        let json = Bytes::from(a.written_json(d, session).into_boxed_slice());
        let streams = a
            .live_streams(session)
            .map(|ids| ids.map(|s| s.id.clone()).collect())
            .unwrap_or_default();
        *slot = Some(Written {
            json: json.clone(),
            expires,
            streams,
        });
        json
    }

    /// The index of archive `id`.
    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Archive `id`.
    pub(crate) fn by_id(&self, id: &str) -> Option<&ArchiveRec> {
        self.position(id).and_then(|i| self.list.get(i))
    }

    /// The archive recording session `sid` under multi-archive tag `tag`.
    pub(crate) fn recording(&self, sid: &str, tag: Option<&str>) -> Option<&ArchiveRec> {
        let r = self.recording.get(sid)?;
        let i = match tag {
            None => r.untagged,
            Some(tag) => r.tagged.get(tag).copied(),
        };
        i.and_then(|i| self.list.get(i)).filter(|a| a.active())
    }

    /// The archives recording session `sid` (any tag).
    fn recording_in(&self, sid: &str) -> Vec<usize> {
        let Some(r) = self.recording.get(sid) else {
            return Vec::new();
        };
        r.untagged
            .into_iter()
            .chain(r.tagged.values().copied())
            .filter(|&i| self.list.get(i).is_some_and(ArchiveRec::active))
            .collect()
    }

    /// Drops archive `i` from the recording index (it stopped); a session left with none
    /// leaves the index.
    fn stopped_recording(&mut self, i: usize) {
        let Some(a) = self.list.get(i) else {
            return;
        };
        let Some(r) = self.recording.get_mut(&a.session_id) else {
            return;
        };
        match &a.multi_tag {
            None if r.untagged == Some(i) => r.untagged = None,
            Some(tag) if r.tagged.get(tag) == Some(&i) => {
                r.tagged.remove(tag);
            }
            _ => {}
        }
        if r.untagged.is_none() && r.tagged.is_empty() {
            self.recording.remove(&a.session_id);
        }
    }
}

/// What an archive's JSON is written from: core's model and a composed archive's layout.
#[derive(Debug)]
pub(crate) struct Shown {
    model: Archive,
    layout: Option<Arc<Value>>,
}

impl Shown {
    /// Writes the service's JSON (core's `Archive` model, with `url` and `streams` always
    /// present and a composed archive's `layout`) straight into `out`.
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        let a = &self.model;
        let start = out.len();
        if serde_json::to_writer(&mut *out, a).is_err() || out.pop() != Some(b'}') {
            out.truncate(start);
            out.extend_from_slice(b"null");
            return;
        }
        if a.url.is_none() {
            out.extend_from_slice(b",\"url\":null");
        }
        if a.streams.is_empty() {
            out.extend_from_slice(b",\"streams\":[]");
        }
        if let Some(layout) = &self.layout {
            out.extend_from_slice(b",\"layout\":");
            if serde_json::to_writer(&mut *out, &**layout).is_err() {
                out.extend_from_slice(b"null");
            }
        }
        out.push(b'}');
    }

    /// [`Shown::write`] into fresh bytes.
    pub(crate) fn to_bytes(&self) -> Bytes {
        let mut out = Vec::with_capacity(1024);
        self.write(&mut out);
        Bytes::from(out)
    }
}

impl ArchiveRec {
    /// Whether it is recording.
    pub(crate) fn active(&self) -> bool {
        matches!(self.status, "started" | "paused")
    }

    /// A download URL valid until `expires` (Unix seconds): signed with the archive's
    /// unguessable token, like the service's 10-minute signed URLs.
    pub(crate) fn download_url(&self, base: &str, expires: u64, video: Option<&str>) -> String {
        let mut url = format!(
            "{base}/_emulator/v1/archives/{}/download?expires={expires}&sig={}",
            self.id,
            self.download_sig(expires)
        );
        if let Some(v) = video {
            url.push_str("&video=");
            url.push_str(v);
        }
        url
    }

    /// The signature of a download URL that expires at `expires`.
    pub(crate) fn download_sig(&self, expires: u64) -> String {
        let digest = Sha256::digest(format!("{}:{expires}", self.url_token));
        crate::ids::hex(&digest)
    }

    /// The bytes the download URL serves (deterministic, `size` long).
    pub(crate) fn content(&self) -> Vec<u8> {
        let line = format!("opentok-emulator archive {}\n", self.id);
        line.bytes()
            .cycle()
            .take(usize::try_from(self.size).unwrap_or(0))
            .collect()
    }

    /// The archive as the REST API shows it: core's [`Archive`] model, plus the `layout`
    /// and the explicit `url: null` the service sends.
    pub(crate) fn to_json(&self, d: &ProjectData) -> Value {
        serde_json::from_slice(&self.written_json(d, self.shown_session(d))).unwrap_or(Value::Null)
    }

    /// [`ArchiveRec::write_json`] into fresh bytes, with the session it shows looked up.
    fn written_json(&self, d: &ProjectData, session: Option<&Session>) -> Vec<u8> {
        let mut out = Vec::with_capacity(1024);
        self.write_json(d, session, &mut out);
        out
    }

    /// When the download URL written now expires (Unix seconds); 0 when it has none (only an
    /// available archive has one).
    fn url_expiry(&self, d: &ProjectData) -> u64 {
        if self.status == "available" {
            d.now_ms / 1000 + URL_LIFETIME_SECS
        } else {
            0
        }
    }

    /// Whether the archive shows its session's streams (recording in auto mode; else it
    /// shows its own list).
    fn shows_session(&self) -> bool {
        self.active() && !self.manual
    }

    /// The session whose streams the archive shows, if it shows them.
    fn shown_session<'d>(&self, d: &'d ProjectData) -> Option<&'d Session> {
        if self.shows_session() {
            d.sessions.get(&self.session_id).map(|s| &**s)
        } else {
            None
        }
    }

    /// The streams of `session` (the one it shows, looked up), when the archive shows them.
    fn live_streams<'d>(
        &self,
        session: Option<&'d Session>,
    ) -> Option<impl Iterator<Item = &'d crate::session::Stream> + 'd> {
        self.shows_session()
            .then(|| session.into_iter().flat_map(|s| s.streams.iter()))
    }

    /// The archive file's SHA-256 in hex, once processing gave the archive its size (the
    /// file is [`ArchiveRec::content`], so it is worked out when the JSON is written rather
    /// than under every tick that makes archives available).
    pub(crate) fn sha256(&self) -> Option<String> {
        (self.size > 0).then(|| crate::ids::hex(&Sha256::digest(self.content())))
    }

    /// Writes the archive as the service's JSON into `out` (see [`Shown::write`]);
    /// `session` is the one it shows ([`ArchiveRec::shown_session`]).
    fn write_json(&self, d: &ProjectData, session: Option<&Session>, out: &mut Vec<u8>) {
        self.shown(d, session).write(out);
    }

    /// What the archive's JSON is written from; `session` is the one it shows.
    fn shown(&self, d: &ProjectData, session: Option<&Session>) -> Shown {
        Shown {
            model: self.model(d, session),
            layout: (!self.individual).then(|| Arc::clone(&self.layout)),
        }
    }

    /// Core's model of the archive.
    fn model(&self, d: &ProjectData, session: Option<&Session>) -> Archive {
        let streams: Vec<SelectedStream> = match self.live_streams(session) {
            Some(live) => live
                .map(|st| SelectedStream::new(&st.id, Some(self.has_audio), Some(self.has_video)))
                .collect(),
            None => self
                .streams
                .iter()
                .map(|(id, a, v)| SelectedStream::new(id, Some(*a), Some(*v)))
                .collect(),
        };
        let url =
            (self.status == "available").then(|| self.download_url(&d.base_url, self.url_expiry(d), None));
        let mut a = Archive::new(&self.id, ArchiveStatus::from(self.status), &self.session_id);
        a.name = self.name.clone();
        a.reason = Some(String::new());
        if d.application {
            a.application_id = Some(d.key.clone());
        } else {
            a.project_id = Some(d.key.clone());
            a.partner_id = Some(d.key.clone());
        }
        a.created_at = Some(from_unix_millis(self.created_ms));
        a.updated_at = Some(from_unix_millis(self.updated_ms));
        a.size = Some(self.size);
        a.duration = Some(Duration::from_secs(self.duration));
        a.output_mode = Some(if self.individual {
            OutputMode::Individual
        } else {
            OutputMode::Composed
        });
        a.stream_mode = Some(if self.manual {
            StreamMode::Manual
        } else {
            StreamMode::Auto
        });
        a.has_audio = Some(self.has_audio);
        a.has_video = Some(self.has_video);
        a.has_transcription = Some(self.transcription.is_some());
        a.transcription = self
            .transcription
            .as_ref()
            .and_then(|t| serde_json::from_value(t.clone()).ok());
        a.resolution = self.resolution.as_deref().map(Resolution::from);
        a.sha256sum = self.sha256();
        a.event = Some("archive".into());
        a.url = url;
        a.multi_archive_tag = self.multi_tag.clone();
        a.max_bitrate = self.max_bitrate;
        a.quantization_parameter = self.qp;
        a.streams = streams;
        a
    }
}

/// Sends the archive-status callback for archive `i`.
pub(crate) fn notify(d: &mut ProjectData, i: usize) {
    if !d.listens("archive", "status") {
        return;
    }
    if let Some(a) = d.archives.get(i) {
        let j = a.to_json(d);
        d.emit("archive", "status", &j);
    }
}

/// `POST …/archive`.
/// Starts the archive of an `archiveMode=always` session (its first client connected).
pub(crate) fn auto_start(d: &mut ProjectData, sid: &str, now: SystemTime) {
    let Some(s) = d.sessions.get(sid) else { return };
    if d.archives.len() >= d.config.limits.archives || d.archives.recording(sid, None).is_some() {
        return;
    }
    let ms = millis(now);
    let rec = ArchiveRec {
        id: crate::ids::uuid(),
        session_id: sid.to_owned(),
        name: s.archive_name.clone(),
        status: "started",
        created_ms: ms,
        updated_ms: ms,
        stopped_ms: None,
        duration: 0,
        size: 0,
        individual: false,
        manual: false,
        has_audio: true,
        has_video: true,
        resolution: Some(s.archive_resolution.clone().unwrap_or_else(|| "640x480".into())),
        layout: Arc::new(json!({"type": "bestFit"})),
        multi_tag: None,
        max_bitrate: None,
        qp: None,
        transcription: None,
        streams: Vec::new(),
        url_token: crate::ids::url_token(),
        auto: true,
    };
    let i = d.archives.push(rec);
    notify(d, i);
}

/// Stops the automatic archive of a session whose last client left.
pub(crate) fn auto_stop(d: &mut ProjectData, sid: &str, now: SystemTime) {
    let mut ids = d.archives.recording_in(sid);
    ids.retain(|&i| d.archives.get(i).is_some_and(|a| a.auto));
    ids.sort_unstable();
    for i in ids {
        do_stop(d, i, now);
    }
}

/// Stops archive `i`: status, duration and the streams it recorded.
pub(crate) fn do_stop(d: &mut ProjectData, i: usize, now: SystemTime) {
    let frozen: Vec<(String, bool, bool)> = match d.archives.get(i) {
        Some(a) if !a.manual => d
            .sessions
            .get(&a.session_id)
            .map(|s| {
                s.streams
                    .iter()
                    .map(|st| (st.id.clone(), a.has_audio, a.has_video))
                    .collect()
            })
            .unwrap_or_default(),
        Some(a) => a.streams.clone(),
        None => return,
    };
    let ms = millis(now);
    let Some(a) = d.archives.get_mut(i) else {
        return;
    };
    a.status = "stopped";
    a.stopped_ms = Some(ms);
    a.updated_ms = ms;
    a.duration = ms.saturating_sub(a.created_ms) / 1000;
    a.streams = frozen;
    d.archives.stopped_recording(i);
    d.archives.processing.push_back(i);
    notify(d, i);
}

/// Moves stopped archives to `available` once the processing time has passed.
pub(crate) fn tick(d: &mut ProjectData, now: SystemTime) {
    let ms = millis(now);
    let wait = u64::try_from(d.config.archive_processing.as_millis()).unwrap_or(u64::MAX);
    let mut ready = Vec::new();
    // Archives stop in time order, so the first one not yet due ends the look; a stopped
    // archive the legacy API deleted is dropped unprocessed.
    while let Some(&i) = d.archives.processing.front() {
        match d.archives.list.get(i) {
            Some(a) if a.status == "stopped" => {
                if a.stopped_ms.is_none_or(|t| ms < t.saturating_add(wait)) {
                    break;
                }
                ready.push(i);
            }
            _ => {}
        }
        d.archives.processing.pop_front();
    }
    for i in ready {
        if let Some(a) = d.archives.get_mut(i) {
            a.status = "available";
            a.updated_ms = ms;
            a.size = (1024 * (1 + a.duration)).min(1024 * 1024);
            if let Some(t) = a.transcription.as_mut() {
                t["status"] = json!("available");
            }
        }
        notify(d, i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn rec(individual: bool, streams: Vec<(String, bool, bool)>) -> ArchiveRec {
        ArchiveRec {
            id: "a1".into(),
            session_id: "s1".into(),
            name: None,
            status: "stopped",
            created_ms: 1_000,
            updated_ms: 2_000,
            stopped_ms: Some(2_000),
            duration: 1,
            size: 0,
            individual,
            manual: true,
            has_audio: true,
            has_video: true,
            resolution: None,
            layout: Arc::new(json!({"type": "bestFit"})),
            multi_tag: None,
            max_bitrate: None,
            qp: None,
            transcription: None,
            streams,
            url_token: "t".into(),
            auto: false,
        }
    }

    /// The recording index: one archive per (session, tag), found by borrowed keys; a
    /// stop removes only its own entry, and a session with none left leaves the index.
    #[test]
    fn recording_index_follows_starts_and_stops() {
        let mut d = ProjectData::new("k".into(), Config::default(), "http://127.0.0.1:1".into());
        let start = |d: &mut ProjectData, id: &str, sid: &str, tag: Option<&str>| {
            let mut r = rec(false, Vec::new());
            (r.id, r.session_id, r.multi_tag, r.status) =
                (id.into(), sid.into(), tag.map(str::to_owned), "started");
            d.archives.push(r)
        };
        let plain = start(&mut d, "a1", "s1", None);
        let tagged = start(&mut d, "a2", "s1", Some("t"));
        let other = start(&mut d, "a3", "s2", Some("t"));
        let id = |a: Option<&ArchiveRec>| a.map(|a| a.id.clone());
        assert_eq!(id(d.archives.recording("s1", None)), Some("a1".into()));
        assert_eq!(id(d.archives.recording("s1", Some("t"))), Some("a2".into()));
        assert_eq!(id(d.archives.recording("s2", Some("t"))), Some("a3".into()));
        assert_eq!(id(d.archives.recording("s2", None)), None);
        assert_eq!(id(d.archives.recording("s1", Some("u"))), None);
        let mut s1 = d.archives.recording_in("s1");
        s1.sort_unstable();
        assert_eq!(s1, [plain, tagged]);
        do_stop(&mut d, tagged, SystemTime::UNIX_EPOCH);
        assert_eq!(id(d.archives.recording("s1", Some("t"))), None);
        assert_eq!(d.archives.recording_in("s1"), [plain]);
        do_stop(&mut d, plain, SystemTime::UNIX_EPOCH);
        assert!(d.archives.recording_in("s1").is_empty());
        assert!(!d.archives.recording.contains_key("s1"));
        assert_eq!(d.archives.recording_in("s2"), [other]);
    }

    /// Each key once, `url` and `streams` always, `layout` for composed archives only.
    #[test]
    fn written_json_has_every_key_once() {
        let d = ProjectData::new("k".into(), Config::default(), "http://127.0.0.1:1".into());
        for (r, layout) in [
            (rec(false, Vec::new()), true),
            (rec(true, vec![("st".into(), true, false)]), false),
        ] {
            let mut out = Vec::new();
            r.write_json(&d, r.shown_session(&d), &mut out);
            let text = String::from_utf8(out).expect("utf-8");
            for key in ["\"id\":", "\"url\":", "\"streams\":", "\"status\":"] {
                assert_eq!(text.matches(key).count(), 1, "{key} in {text}");
            }
            assert_eq!(text.matches("\"layout\":").count(), usize::from(layout), "{text}");
            let v: Value = serde_json::from_str(&text).expect("json");
            assert_eq!(v["url"], Value::Null);
        }
    }

    fn stream(id: &str) -> crate::session::Stream {
        crate::session::Stream {
            id: id.into(),
            connection_id: "c".into(),
            video_type: "camera".into(),
            name: String::new(),
            layout: Vec::new(),
            created_ms: 0,
            audio_muted: false,
        }
    }

    /// The kept JSON is what writing it afresh gives, after each kind of change it depends
    /// on: the record, the session's streams (auto mode, recording), the URL's expiry.
    #[test]
    fn kept_json_follows_every_change() {
        let mut d = ProjectData::new("k".into(), Config::default(), "http://127.0.0.1:1".into());
        d.sessions.insert(
            "s1".into(),
            Box::new(crate::session::Session::new("s1".into(), true, 0)),
        );
        let mut r = rec(false, Vec::new());
        r.status = "started";
        r.manual = false;
        let i = d.archives.push(r);
        let fresh = |d: &ProjectData| {
            let mut out = Vec::new();
            d.archives[i].write_json(d, d.archives[i].shown_session(d), &mut out);
            out
        };
        let shown = |d: &ProjectData| {
            let v: Value = serde_json::from_slice(&d.archives.json(i, d)).expect("json");
            assert_eq!(d.archives.json(i, d), fresh(d), "kept equals fresh");
            v
        };
        assert_eq!(shown(&d)["streams"], json!([]));
        // The session's streams show while it records in auto mode.
        if let Some(s) = d.sessions.get_mut("s1") {
            s.streams.push(stream("st1"));
        }
        assert_eq!(shown(&d)["streams"][0]["streamId"], "st1");
        if let Some(s) = d.sessions.get_mut("s1") {
            s.streams.clear();
            s.streams.push(stream("st2"));
        }
        assert_eq!(shown(&d)["streams"][0]["streamId"], "st2");
        // A change to the record through indexing or `get_mut`.
        d.archives[i].name = Some("renamed".into());
        assert_eq!(shown(&d)["name"], "renamed");
        if let Some(a) = d.archives.get_mut(i) {
            a.status = "available";
        }
        let v = shown(&d);
        assert_eq!(v["status"], "available");
        let url = v["url"].as_str().expect("a URL").to_owned();
        // The URL's expiry moves with the clock, by the second.
        d.now_ms += 999;
        assert_eq!(shown(&d)["url"], url.as_str());
        d.now_ms += 1;
        let later = shown(&d)["url"].as_str().expect("a URL").to_owned();
        assert_ne!(later, url);
        assert!(later.contains("expires=601"), "{later}");
    }

    /// A page looks each run of one session's archives up once, and is still each
    /// archive's own JSON: archives of two sessions interleaved, one in manual mode.
    #[test]
    fn a_page_is_each_archives_own_json() {
        let mut d = ProjectData::new("k".into(), Config::default(), "http://127.0.0.1:1".into());
        for sid in ["s1", "s2"] {
            d.sessions.insert(
                sid.into(),
                Box::new(crate::session::Session::new(sid.into(), true, 0)),
            );
        }
        if let Some(s) = d.sessions.get_mut("s1") {
            s.streams.push(stream("st1"));
        }
        for (n, sid) in ["s1", "s1", "s2", "s1", "s2", "s2"].into_iter().enumerate() {
            let mut r = rec(false, vec![("own".into(), true, true)]);
            r.id = format!("a{n}");
            r.session_id = sid.into();
            r.status = "started";
            r.manual = n == 3;
            r.multi_tag = Some(format!("t{n}"));
            d.archives.push(r);
        }
        let page = d.archives.page_json((0..6).rev(), &d);
        let each: Vec<Bytes> = (0..6).rev().map(|i| d.archives.json(i, &d)).collect();
        assert_eq!(page, each);
        let streams: Vec<Value> = page
            .iter()
            .map(|j| serde_json::from_slice::<Value>(j).expect("json")["streams"].clone())
            .collect();
        let ids = |v: &Value| -> Vec<String> {
            v.as_array()
                .map(|a| {
                    a.iter()
                        .map(|s| s["streamId"].as_str().unwrap_or("").to_owned())
                        .collect()
                })
                .unwrap_or_default()
        };
        let shown: Vec<Vec<String>> = streams.iter().map(ids).collect();
        assert_eq!(
            shown,
            [
                vec![],
                vec![],
                vec!["own".to_owned()],
                vec![],
                vec!["st1".to_owned()],
                vec!["st1".to_owned()]
            ]
        );
    }

    /// Processing gives an archive its size, and its `sha256sum` is the digest of the file
    /// the download URL serves; before, it has none.
    #[test]
    fn the_digest_is_of_the_served_file() {
        let mut d = ProjectData::new("k".into(), Config::default(), "http://127.0.0.1:1".into());
        let i = d.archives.push(rec(true, Vec::new()));
        d.archives.processing.push_back(i);
        let sum = |d: &ProjectData| {
            serde_json::from_slice::<Value>(&d.archives.json(i, d)).expect("json")["sha256sum"].clone()
        };
        assert_eq!(sum(&d), Value::Null);
        tick(&mut d, SystemTime::UNIX_EPOCH + Duration::from_secs(10));
        let a = &d.archives[i];
        assert_eq!(a.status, "available");
        assert_eq!(a.content().len(), 2048);
        assert_eq!(sum(&d), json!(crate::ids::hex(&Sha256::digest(a.content()))));
    }
}
