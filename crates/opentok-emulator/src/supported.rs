//! Which operations of core's catalog the emulator serves, by their catalog names.
//! `cargo xtask codegen` reads this list (as text) for the emulator column of
//! `docs/endpoints.md`; the end-to-end tests in `tests/tests/facade_e2e/` call every one of
//! them against the emulator, and the test below keeps the list and the catalog in step.

/// The catalog names of the operations the emulator serves.
pub const SUPPORTED: &[&str] = &[
    "create_session",
    "delete_archive",
    "delete_callback",
    "force_disconnect",
    "force_mute_stream",
    "get_archive",
    "get_broadcast",
    "get_render",
    "get_stream",
    "legacy_archive_url",
    "legacy_create_session",
    "legacy_delete_archive",
    "legacy_get_manifest",
    "list_archives",
    "list_broadcasts",
    "list_callbacks",
    "list_connections",
    "list_renders",
    "list_streams",
    "mute_all",
    "play_dtmf_connection",
    "play_dtmf_session",
    "register_callback",
    "select_archive_streams",
    "select_broadcast_streams",
    "set_archive_layout",
    "set_archive_storage",
    "set_broadcast_layout",
    "set_stream_layout_class",
    "set_stream_layout_classes",
    "signal_connection",
    "signal_session",
    "sip_dial",
    "start_archive",
    "start_audio_connector",
    "start_broadcast",
    "start_captions",
    "start_render",
    "stop_archive",
    "stop_audio_connector",
    "stop_broadcast",
    "stop_captions",
    "stop_render",
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_name_is_in_the_catalog_and_every_operation_is_served() {
        let catalog: Vec<&str> = opentok_core::catalog::operations().map(|op| op.name).collect();
        for name in super::SUPPORTED {
            assert!(
                catalog.contains(name),
                "{name} is not an operation in core's catalog"
            );
        }
        let missing: Vec<&&str> = catalog.iter().filter(|n| !super::SUPPORTED.contains(n)).collect();
        assert!(
            missing.is_empty(),
            "served but not listed, or not served: {missing:?}"
        );
    }
}
