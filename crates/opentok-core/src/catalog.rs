//! The table of every operation core defines; `cargo xtask codegen` renders it into
//! `docs/endpoints.md` and the README's feature table.

use crate::operation::OperationInfo;

/// Every operation, grouped by resource, in a stable order.
pub fn operations() -> impl Iterator<Item = &'static OperationInfo> {
    [
        crate::session::OPERATIONS,
        crate::connection::OPERATIONS,
        crate::signal::OPERATIONS,
        crate::stream::OPERATIONS,
        crate::archive::OPERATIONS,
        crate::broadcast::OPERATIONS,
        crate::sip::OPERATIONS,
        crate::captions::OPERATIONS,
        crate::render::OPERATIONS,
        crate::audio_connector::OPERATIONS,
        crate::callback::OPERATIONS,
        crate::legacy::OPERATIONS,
    ]
    .into_iter()
    .flatten()
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_and_routes_are_unique() {
        let mut names = std::collections::HashSet::new();
        let mut routes = std::collections::HashSet::new();
        for op in super::operations() {
            assert!(names.insert(op.name), "duplicate name {}", op.name);
            assert!(
                routes.insert((op.method, op.path)),
                "duplicate route {} {}",
                op.method,
                op.path
            );
            assert!(op.path.starts_with('/'), "{}", op.name);
            assert!(
                !op.summary.is_empty() && !op.facade.is_empty() && !op.cli.is_empty(),
                "{}",
                op.name
            );
        }
    }
}
