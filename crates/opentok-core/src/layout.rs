//! Composition settings shared by archives, broadcasts, sessions and renders: the composed
//! [`Layout`] (type, stylesheet, screenshare type), the output [`Resolution`], the
//! [`StreamMode`] and the per-stream audio/video selection ([`SelectedStream`]).
//!
//! A layout is checked when the call that carries it is built:
//!
//! ```
//! use opentok_core::archive::StartArchive;
//! use opentok_core::layout::{Layout, LayoutType};
//! use opentok_core::nonce::SeededNonce;
//! use opentok_core::{ApiUrl, Credentials, Operation, RequestContext, clock};
//!
//! let creds = Credentials::new("123456", "secret")?;
//! let url = ApiUrl::new("https://api.opentok.com")?;
//! let nonce = SeededNonce::new(1);
//! let ctx = RequestContext::new(&creds, &url, clock::from_unix_secs(1_700_000_000), &nonce);
//!
//! let layout = Layout::best_fit().screenshare_type(LayoutType::Pip);
//! assert!(StartArchive::new("SESSION").layout(layout).build(&ctx).is_ok());
//! let bad = Layout::new(LayoutType::Custom); // custom needs a stylesheet
//! let refused = StartArchive::new("SESSION").layout(bad).build(&ctx).unwrap_err();
//! assert_eq!(refused.field, "layout.stylesheet");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::error::{Rule, ValidationError};
use crate::serde_util::{opt, string_enum};

string_enum! {
    /// A composed layout's type (`layout.type`), also used as a screenshare type.
    pub enum LayoutType {
        /// Tiles every stream in a grid (the default).
        BestFit => "bestFit",
        /// Positions streams with a caller-supplied CSS stylesheet.
        Custom => "custom",
        /// One large stream on top, the others in a row below.
        HorizontalPresentation => "horizontalPresentation",
        /// Picture-in-picture: one stream full size, one small in a corner.
        Pip => "pip",
        /// One large stream on the left, the others in a column on the right.
        VerticalPresentation => "verticalPresentation",
    }
}

/// A composed archive's or broadcast's layout: `{type, stylesheet, screenshareType}`.
///
/// Rules, checked when a call that carries the layout is built: `type` is a known value;
/// `stylesheet` is given (non-empty) exactly when `type` is `custom`; `screenshareType` is only
/// allowed with `bestFit` and is a known layout type (the spec's enum has all five, `custom`
/// included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Layout {
    /// The layout type.
    #[serde(rename = "type")]
    pub(crate) layout_type: LayoutType,
    /// The CSS stylesheet, for `custom` layouts only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) stylesheet: Option<String>,
    /// The layout to switch to while a screenshare stream is shown (`bestFit` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) screenshare_type: Option<LayoutType>,
}

impl Layout {
    /// A layout of `layout_type` with no stylesheet and no screenshare type.
    pub fn new(layout_type: LayoutType) -> Self {
        Self {
            layout_type,
            stylesheet: None,
            screenshare_type: None,
        }
    }

    /// The `bestFit` layout.
    pub fn best_fit() -> Self {
        Self::new(LayoutType::BestFit)
    }

    /// The `pip` layout.
    pub fn pip() -> Self {
        Self::new(LayoutType::Pip)
    }

    /// The `horizontalPresentation` layout.
    pub fn horizontal_presentation() -> Self {
        Self::new(LayoutType::HorizontalPresentation)
    }

    /// The `verticalPresentation` layout.
    pub fn vertical_presentation() -> Self {
        Self::new(LayoutType::VerticalPresentation)
    }

    /// A `custom` layout with its CSS stylesheet.
    pub fn custom(stylesheet: impl Into<String>) -> Self {
        Self::new(LayoutType::Custom).stylesheet(stylesheet)
    }

    /// Sets the stylesheet (only valid for `custom`).
    pub fn stylesheet(mut self, stylesheet: impl Into<String>) -> Self {
        self.stylesheet = Some(stylesheet.into());
        self
    }

    /// Sets the screenshare type (only valid for `bestFit`).
    pub fn screenshare_type(mut self, screenshare_type: LayoutType) -> Self {
        self.screenshare_type = Some(screenshare_type);
        self
    }

    /// Checks the layout rules. Field names are prefixed with `field_prefix` and a dot
    /// (`"layout"` gives `layout.type`); an empty prefix gives the bare names (`type`), as
    /// used by the set-layout calls whose body is the layout itself.
    pub(crate) fn validate(&self, field_prefix: &str) -> Result<(), ValidationError> {
        if matches!(self.layout_type, LayoutType::Other(_)) {
            return Err(ValidationError::new(
                prefixed(field_prefix, "type"),
                Rule::OneOf(LayoutType::KNOWN),
            ));
        }
        let custom = self.layout_type == LayoutType::Custom;
        match (&self.stylesheet, custom) {
            (None, true) => {
                return Err(ValidationError::new(
                    prefixed(field_prefix, "stylesheet"),
                    Rule::Required,
                ));
            }
            (Some(s), true) if s.trim().is_empty() => {
                return Err(ValidationError::new(
                    prefixed(field_prefix, "stylesheet"),
                    Rule::Required,
                ));
            }
            (Some(_), false) => {
                return Err(ValidationError::new(
                    prefixed(field_prefix, "stylesheet"),
                    Rule::Conflict("only allowed with type custom".into()),
                ));
            }
            _ => {}
        }
        if let Some(st) = &self.screenshare_type {
            if self.layout_type != LayoutType::BestFit {
                return Err(ValidationError::new(
                    prefixed(field_prefix, "screenshareType"),
                    Rule::Conflict("only allowed with type bestFit".into()),
                ));
            }
            if matches!(st, LayoutType::Other(_)) {
                return Err(ValidationError::new(
                    prefixed(field_prefix, "screenshareType"),
                    Rule::OneOf(LayoutType::KNOWN),
                ));
            }
        }
        Ok(())
    }
}

impl Default for Layout {
    fn default() -> Self {
        Self::best_fit()
    }
}

/// `prefix.name`, or `name` when the prefix is empty.
pub(crate) fn prefixed(prefix: &str, name: &'static str) -> Cow<'static, str> {
    if prefix.is_empty() {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(format!("{prefix}.{name}"))
    }
}

string_enum! {
    /// A video resolution (`width x height`), as sessions (`archiveResolution`), archives,
    /// broadcasts and renders take it. Only the six known values are accepted in requests;
    /// replies may carry others, kept as `Other`.
    pub enum Resolution {
        /// 640x480 (SD landscape; the service's default).
        Sd => "640x480",
        /// 480x640 (SD portrait).
        SdPortrait => "480x640",
        /// 1280x720 (HD landscape).
        Hd => "1280x720",
        /// 720x1280 (HD portrait).
        HdPortrait => "720x1280",
        /// 1920x1080 (full HD landscape).
        FullHd => "1920x1080",
        /// 1080x1920 (full HD portrait).
        FullHdPortrait => "1080x1920",
    }
}

impl Resolution {
    /// Checks that this is one of the six values the service accepts; `field` names it in
    /// the error.
    pub(crate) fn validate(&self, field: &'static str) -> Result<(), ValidationError> {
        match self {
            Resolution::Other(_) => Err(ValidationError::new(field, Rule::OneOf(Self::KNOWN))),
            _ => Ok(()),
        }
    }
}

string_enum! {
    /// Which streams an archive or broadcast includes (`streamMode`).
    pub enum StreamMode {
        /// Every stream in the session is included automatically (the default).
        Auto => "auto",
        /// Streams are added and removed with the add/remove-stream calls.
        Manual => "manual",
    }
}

impl StreamMode {
    /// Checks that this is a value the service accepts.
    pub(crate) fn validate(&self, field: &'static str) -> Result<(), ValidationError> {
        match self {
            StreamMode::Other(_) => Err(ValidationError::new(field, Rule::OneOf(Self::KNOWN))),
            _ => Ok(()),
        }
    }
}

/// A stream included in an archive or broadcast, with the tracks taken from it
/// (`streams[]` in archive and broadcast replies).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SelectedStream {
    /// The stream id.
    #[serde(default)]
    pub stream_id: String,
    /// Whether its audio is included.
    #[serde(default, with = "opt::flag", skip_serializing_if = "Option::is_none")]
    pub has_audio: Option<bool>,
    /// Whether its video is included.
    #[serde(default, with = "opt::flag", skip_serializing_if = "Option::is_none")]
    pub has_video: Option<bool>,
}

impl SelectedStream {
    /// A stream entry.
    pub fn new(stream_id: impl Into<String>, has_audio: Option<bool>, has_video: Option<bool>) -> Self {
        Self {
            stream_id: stream_id.into(),
            has_audio,
            has_video,
        }
    }
}

mod composition;

pub use composition::{AddStream, Composed, RemoveStream, SetLayout};

#[cfg(test)]
mod tests;
