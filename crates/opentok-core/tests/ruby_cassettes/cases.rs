//! The case table: one entry per cassette.

#[path = "archives.rs"]
mod archives;
#[path = "broadcasts.rs"]
mod broadcasts;
#[path = "sessions.rs"]
mod sessions;
#[path = "streams_signals_sip_media.rs"]
mod streams_signals_sip_media;

use crate::harness::{Recorded, Report};

/// How a cassette is checked.
pub(crate) enum Run {
    /// Build, compare and parse; `Err` describes a mismatch.
    Check(fn(&Recorded) -> Result<Report, String>),
    /// The operation is not in core yet: listed in the summary, never counted as a pass.
    Pending(&'static str),
}

/// One cassette's case.
pub(crate) struct Case {
    /// The cassette, relative to the cassette directory.
    pub(crate) file: &'static str,
    /// What to do with it.
    pub(crate) run: Run,
}

/// A checked case.
pub(crate) const fn check(file: &'static str, f: fn(&Recorded) -> Result<Report, String>) -> Case {
    Case {
        file,
        run: Run::Check(f),
    }
}

/// A case whose operation has not landed yet.
#[allow(dead_code)]
pub(crate) const fn pending(file: &'static str, why: &'static str) -> Case {
    Case {
        file,
        run: Run::Pending(why),
    }
}

/// Every case.
pub(crate) fn all() -> Vec<Case> {
    let mut v = Vec::new();
    v.extend(sessions::cases());
    v.extend(archives::cases());
    v.extend(broadcasts::cases());
    v.extend(streams_signals_sip_media::cases());
    v
}
