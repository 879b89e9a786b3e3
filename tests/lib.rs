//! End-to-end tests live in `tests/` beside this file; this library only holds shared helpers.
