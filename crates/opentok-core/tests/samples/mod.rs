//! Building the operations table's samples (see `opentok_core::for_each_operation!`): the
//! tests and fuzz targets that expand the table and need one value of each call (core's
//! robustness, credential-kinds and path-id tests; `fuzz/fuzz_targets/json_models.rs`
//! includes this file too) call a row's sample through [`sample`].

/// A session id of the shape the service issues.
pub(crate) const SESSION: &str = "2_MX4xMjM0NTZ-fjE3MDAwMDAwMDAwMDB-c29tZQ-fg";

/// What a sample asks for each id, by the id's wire name.
pub(crate) type Ids<'a> = &'a dyn Fn(&'static str) -> String;

/// Runs a row's sample (`make`) with `ids`.
pub(crate) fn sample_with<Op>(make: impl FnOnce(Ids<'_>) -> Op, ids: Ids<'_>) -> Op {
    make(ids)
}

/// Runs a row's sample with well-formed ids: [`SESSION`] for a session, `x1` otherwise.
pub(crate) fn sample<Op>(make: impl FnOnce(Ids<'_>) -> Op) -> Op {
    sample_with(make, &|name| match name {
        "sessionId" => SESSION.to_owned(),
        _ => "x1".to_owned(),
    })
}
