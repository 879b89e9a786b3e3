//! The per-thread state of minting: a reused buffer and the last session. Both are pure
//! memos of public text (a session id, the API key it was found to belong to, and the start
//! of the T1 data with its base64), so a token is byte for byte what a fresh thread would
//! write, a bad session id is refused as a fresh thread would refuse it, and nothing derived
//! from a secret is kept.

use std::cell::Cell;

use super::Role;
use super::t1_base64::{encode_to_slice, encoded_len};

/// Buffers larger than this are dropped after use rather than kept for the next token.
const MAX_KEPT: usize = 16 * 1024;

/// What a thread keeps between T1 tokens.
#[derive(Default)]
pub(super) struct Scratch {
    /// The inner string of the last token, reused as the buffer of the next.
    pub(super) inner: Vec<u8>,
    /// The session part of the last token.
    pub(super) part: SessionPart,
}

thread_local! {
    /// Boxed, so taking it and putting it back move one pointer.
    static SCRATCH: Cell<Option<Box<Scratch>>> = const { Cell::new(None) };
}

impl Scratch {
    /// The thread's scratch: a new one the first time, during thread teardown, and while
    /// another token is being minted on this thread (a `NonceSource` that mints tokens
    /// itself); the one handed back last is kept.
    pub(super) fn take() -> Box<Self> {
        SCRATCH.try_with(Cell::take).ok().flatten().unwrap_or_default()
    }

    /// Hands the scratch back to the thread, dropping what grew too large to keep.
    pub(super) fn put_back(mut self: Box<Self>) {
        if self.inner.capacity() > MAX_KEPT {
            self.inner = Vec::new();
        }
        let part = &self.part;
        if part.raw.capacity() > MAX_KEPT
            || part.session_id.capacity() > MAX_KEPT
            || part.project_id.capacity() > MAX_KEPT
        {
            self.part = SessionPart::default();
        }
        let _ = SCRATCH.try_with(|c| c.set(Some(self)));
    }
}

/// The last session a thread minted for: its id, the API key it was found to belong to, and
/// the start of the T1 data that only the role and the session fix,
/// `role=<role>&session_id=<id>&create_time=`, with the base64 of its whole 3-byte groups as
/// they fall in the token's inner string.
#[derive(Default)]
pub(super) struct SessionPart {
    session_id: String,
    /// The API key `session_id` was checked to belong to; empty when it was not checked.
    project_id: String,
    /// Set when the session was just checked: its text waits for a second token.
    fresh: bool,
    /// The data's offset in the inner string modulo 3 (where the groups fall) and the role
    /// that `raw` and `encoded` were written for.
    written_for: Option<(usize, Role)>,
    /// The text as written into the data.
    raw: Vec<u8>,
    /// How many bytes of `raw` come before its first whole group (0 to 2).
    skip: usize,
    /// The base64 of `raw[skip..skip + whole]`, `whole` the largest multiple of 3 that fits.
    encoded: Vec<u8>,
}

impl SessionPart {
    /// Whether `session_id` is the last one found to belong to `project_id`.
    pub(super) fn belongs(&self, session_id: &str, project_id: &str) -> bool {
        !self.project_id.is_empty() && self.session_id == session_id && self.project_id == project_id
    }

    /// Remembers that `session_id` was found to belong to `project_id`.
    pub(super) fn remember(&mut self, session_id: &str, project_id: &str) {
        self.reset(session_id);
        self.project_id.push_str(project_id);
        self.fresh = true;
    }

    fn reset(&mut self, session_id: &str) {
        self.session_id.clear();
        self.session_id.push_str(session_id);
        self.project_id.clear();
        self.fresh = false;
        self.written_for = None;
    }

    /// Makes this the part for `role` and `session_id` in data that starts at `data_at` in
    /// the inner string, and says whether its text and base64 are ready to use. The text is
    /// only written out (with `write`) for the second token in a row for the session: a
    /// thread minting for a different session each time pays no more than remembering the
    /// id.
    pub(super) fn prepare(
        &mut self,
        data_at: usize,
        role: Role,
        session_id: &str,
        write: impl FnOnce(&mut Vec<u8>),
    ) -> bool {
        if self.session_id != session_id {
            self.reset(session_id);
            return false;
        }
        if std::mem::take(&mut self.fresh) {
            return false;
        }
        let phase = data_at % 3;
        if self.written_for != Some((phase, role)) {
            self.written_for = Some((phase, role));
            self.raw.clear();
            write(&mut self.raw);
            self.skip = ((3 - phase) % 3).min(self.raw.len());
            let whole = (self.raw.len() - self.skip) / 3 * 3;
            self.encoded.clear();
            self.encoded.resize(encoded_len(whole), 0);
            encode_to_slice(&self.raw[self.skip..self.skip + whole], &mut self.encoded);
        }
        true
    }

    /// The text, as written into the data.
    pub(super) fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// Where, within the text, the encoded groups start and end.
    pub(super) fn groups(&self) -> (usize, usize) {
        (self.skip, self.skip + self.encoded.len() / 4 * 3)
    }

    /// The base64 of the groups.
    pub(super) fn encoded(&self) -> &[u8] {
        &self.encoded
    }
}
