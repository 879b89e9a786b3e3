//! End-to-end tests live in `tests/` beside this file; this library only holds shared helpers.
#[cfg(doctest)]
#[doc = include_str!("../docs/getting-started.md")]
pub struct GettingStartedGuide;
#[cfg(doctest)]
#[doc = include_str!("../docs/tokens.md")]
pub struct TokensGuide;
#[cfg(doctest)]
#[doc = include_str!("../docs/archives.md")]
pub struct ArchivesGuide;
#[cfg(doctest)]
#[doc = include_str!("../docs/broadcasts.md")]
pub struct BroadcastsGuide;
#[cfg(doctest)]
#[doc = include_str!("../docs/testing-with-the-emulator.md")]
pub struct TestingWithTheEmulatorGuide;
#[cfg(doctest)]
#[doc = include_str!("../docs/migration.md")]
pub struct MigrationGuide;
#[cfg(doctest)]
#[doc = include_str!("../docs/vonage-applications.md")]
pub struct VonageApplicationsGuide;
