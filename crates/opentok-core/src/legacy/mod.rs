//! The legacy v0.91 "hl" API: session create, archive manifest, download URL, delete and stitch, with
//! their XML documents.
//!
//! The hl API lives under `/hl` on the API URL. Session create is signed with
//! `X-TB-PARTNER-AUTH` (`key:secret`), as is stitch; the other archive calls carry a moderator client token in
//! `X-TB-TOKEN-AUTH`. The service reported most errors as HTTP 200 with an `<Errors>` body:
//! the operations here turn those into [`ApiError`](crate::ApiError)s whose status is the
//! error's code (`403`, `404`; other codes read as 400).
//!
//! ```
//! use opentok_core::legacy::ArchiveManifest;
//!
//! let manifest = ArchiveManifest::from_xml(
//!     r#"<manifest version="0.1" archiveid="a1" title="t">
//!          <resources><video id="v1" length="8687" name="Bob"/></resources>
//!          <timeline><event type="PLAY" id="v1" offset="0"/></timeline>
//!        </manifest>"#,
//! )?;
//! assert_eq!(manifest.resources[0].length, Some(8687));
//! # Ok::<(), opentok_core::legacy::LegacyXmlError>(())
//! ```

mod models;
mod ops;
pub(crate) mod xml;

pub use models::*;
pub use ops::*;

#[cfg(test)]
mod tests;
