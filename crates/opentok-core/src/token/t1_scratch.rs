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
    /// The thread's scratch (a new one the first time, during thread teardown, or if a token
    /// were minted while another is, which cannot happen: minting calls no user code).
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

#[cfg(test)]
mod tests {
    //! The memo must never show: every token minted after any sequence of others is the one a
    //! fresh thread would write, and every refusal is the one a fresh thread would make.

    use std::sync::atomic::{AtomicU64, Ordering};

    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use hmac::{Hmac, Mac};
    use proptest::prelude::*;
    use sha1::Sha1;

    use crate::clock::from_unix_secs;
    use crate::credentials::Credentials;
    use crate::form;
    use crate::nonce::{NonceSource, SeededNonce};
    use crate::session_id;
    use crate::token::{Role, TokenError, TokenFormat, TokenOptions, mint, verify_for_session};

    /// Hands out the value it was last given.
    #[derive(Debug, Default)]
    struct Next(AtomicU64);

    impl NonceSource for Next {
        fn next_u64(&self) -> u64 {
            self.0.load(Ordering::Relaxed)
        }
    }

    /// Keys whose `partner_id=<key>&sig=` heads leave 0, 2 and 1 bytes over a whole group, and
    /// two secrets for the first key.
    const PROJECTS: [(&str, &str); 4] = [
        ("47001234", "584febcb92be7d3af15c92e1035d151c90d8cb81"),
        ("47001234", "another secret for the same key"),
        ("1234567", "s"),
        ("123456789", "secret"),
    ];

    const NOW: u64 = 1_700_000_000;
    const EXPIRES: u64 = NOW + 3600;

    /// One mint call: project, session, role, JWT or not, nonce, connection data, layout.
    type Call = (usize, usize, Role, bool, u64, Option<String>, Vec<String>);

    /// The T1 token as the format defines it, written without anything core keeps.
    fn reference_t1(
        project: usize,
        sid: &str,
        role: Role,
        nonce: u64,
        data: Option<&str>,
        layout: &[String],
    ) -> String {
        let (key, secret) = PROJECTS[project];
        let mut text = format!(
            "role={}&session_id={}&create_time={NOW}&nonce={nonce}&expire_time={EXPIRES}",
            role.as_str(),
            form::encode(sid)
        );
        if let Some(data) = data {
            text.push_str(&format!("&connection_data={}", form::encode(data)));
        }
        if !layout.is_empty() {
            text.push_str(&format!(
                "&initial_layout_class_list={}",
                form::encode(&layout.join(" "))
            ));
        }
        let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(secret.as_bytes()).expect("any key length");
        mac.update(text.as_bytes());
        let sig: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!(
            "T1=={}",
            STANDARD.encode(format!("partner_id={key}&sig={sig}:{text}"))
        )
    }

    /// Sessions of each key, one that belongs to none of them, one a character off the first,
    /// one that does not decode, and the second with spaces around it.
    fn sessions() -> Vec<String> {
        let seeded = SeededNonce::new(7);
        let now = from_unix_secs(NOW);
        let mut ids: Vec<String> = ["47001234", "47001234", "1234567", "123456789", "999"]
            .iter()
            .map(|k| session_id::mint(k, None, now, &seeded).expect("mints"))
            .collect();
        let mut off = ids[0].clone();
        off.pop();
        off.push('A');
        ids.push(off);
        ids.push("2_not*base64".into());
        ids.push(format!(" {} ", ids[1]));
        ids
    }

    fn call() -> impl Strategy<Value = Call> {
        let role = prop_oneof![
            Just(Role::Publisher),
            Just(Role::Subscriber),
            Just(Role::Moderator),
            Just(Role::PublisherOnly)
        ];
        // Mostly the first project and session, so the memo is hit as a server would hit it.
        (
            prop_oneof![3 => Just(0), 1 => 0..PROJECTS.len()],
            prop_oneof![3 => Just(0), 1 => 0..8usize],
            role,
            proptest::bool::weighted(0.15),
            0..1_000_000_000_000_000u64,
            proptest::option::of("[ -~é]{0,12}"),
            proptest::collection::vec("[a-z]{1,6}", 0..3),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn tokens_after_any_sequence_are_a_fresh_threads(calls in proptest::collection::vec(call(), 1..40)) {
            let ids = sessions();
            let nonce = Next::default();
            let now = from_unix_secs(NOW);
            for (project, sid, role, jwt, n, data, layout) in calls {
                let (key, secret) = PROJECTS[project];
                let creds = Credentials::new(key, secret).expect("valid");
                let sid = &ids[sid];
                nonce.0.store(n, Ordering::Relaxed);
                let mut options = TokenOptions::new().role(role).expire_time(from_unix_secs(EXPIRES));
                if let Some(d) = &data {
                    options = options.data(d.clone());
                }
                if !layout.is_empty() {
                    options = options.initial_layout_class_list(layout.clone());
                }
                if jwt {
                    options = options.format(TokenFormat::Jwt);
                }
                let got = mint(&creds, sid, &options, now, &nonce);
                let belongs = session_id::decode(sid).map(|d| d.belongs_to(key));
                match (&got, belongs) {
                    (Ok(token), Ok(true)) if jwt => {
                        prop_assert!(verify_for_session(token, &creds, now, sid.trim()).is_ok());
                    }
                    (Ok(token), Ok(true)) => {
                        let want = reference_t1(project, sid.trim(), role, n, data.as_deref(), &layout);
                        prop_assert_eq!(token, &want);
                    }
                    (Err(TokenError::Invalid(v)), Ok(false) | Err(_)) => {
                        prop_assert_eq!(v.field.as_ref(), "session_id");
                    }
                    (got, belongs) => prop_assert!(false, "{got:?}, but the session belongs: {belongs:?}"),
                }
            }
        }
    }

    #[test]
    fn the_longest_sessions_are_remembered_too() {
        // A location near the id length limit, with the standard alphabet's `+` and `/`
        // (which the data percent-encodes) in the random field.
        let now = from_unix_secs(NOW);
        let long =
            session_id::mint("47001234", Some(&"l".repeat(2_900)), now, &SeededNonce::new(3)).expect("mints");
        assert!(long.len() > 3_800, "{}", long.len());
        let creds = Credentials::new(PROJECTS[0].0, PROJECTS[0].1).expect("valid");
        for n in 0..3 {
            let nonce = Next(AtomicU64::new(n));
            let t = mint(
                &creds,
                &long,
                &TokenOptions::new().expire_time(from_unix_secs(EXPIRES)),
                now,
                &nonce,
            )
            .expect("mints");
            assert_eq!(
                t,
                reference_t1(0, &long, Role::Publisher, n, None, &[]),
                "token {n}"
            );
        }
    }
}
