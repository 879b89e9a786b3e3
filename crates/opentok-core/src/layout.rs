//! Composition settings shared by archives, broadcasts, sessions and renders: the composed
//! [`Layout`] (type, stylesheet, screenshare type), the output [`Resolution`], the
//! [`StreamMode`] and the per-stream audio/video selection ([`SelectedStream`]).
//!
//! ```
//! use opentok_core::layout::{Layout, LayoutType};
//!
//! let layout = Layout::best_fit().screenshare_type(LayoutType::Pip);
//! assert!(layout.validate("layout").is_ok());
//! let bad = Layout::new(LayoutType::Custom); // custom needs a stylesheet
//! assert_eq!(bad.validate("layout").unwrap_err().field, "layout.stylesheet");
//! ```

use std::borrow::Cow;

use http::Method;
use serde::{Deserialize, Serialize};

use crate::check::check_range;
use crate::error::{Rule, ValidationError};
use crate::operation::{RequestContext, check_id, with_json};
use crate::serde_util::{opt, string_enum};
use crate::transport::HttpRequest;

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
/// Rules ([`Layout::validate`]): `type` is a known value; `stylesheet` is given (non-empty)
/// exactly when `type` is `custom`; `screenshareType` is only allowed with `bestFit` and is a
/// known layout type (the spec's enum has all five, `custom` included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Layout {
    /// The layout type.
    #[serde(rename = "type")]
    pub layout_type: LayoutType,
    /// The CSS stylesheet, for `custom` layouts only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stylesheet: Option<String>,
    /// The layout to switch to while a screenshare stream is shown (`bestFit` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screenshare_type: Option<LayoutType>,
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
    pub fn validate(&self, field_prefix: &str) -> Result<(), ValidationError> {
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
    pub fn validate(&self, field: &'static str) -> Result<(), ValidationError> {
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
    pub fn validate(&self, field: &'static str) -> Result<(), ValidationError> {
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

/// Rejects `hasAudio` and `hasVideo` both false (reported on `hasVideo`).
pub(crate) fn check_tracks(has_audio: Option<bool>, has_video: Option<bool>) -> Result<(), ValidationError> {
    if has_audio == Some(false) && has_video == Some(false) {
        return Err(ValidationError::new(
            "hasVideo",
            Rule::Conflict("hasAudio and hasVideo cannot both be false".into()),
        ));
    }
    Ok(())
}

/// Checks `maxBitrate` (100 000 – 6 000 000 bits per second).
pub(crate) fn check_max_bitrate(value: Option<u32>) -> Result<(), ValidationError> {
    check_range("maxBitrate", value, 100_000, 6_000_000)
}

/// The body of the add/remove-stream PATCH shared by archives and broadcasts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct StreamPatch<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    add_stream: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remove_stream: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    has_audio: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    has_video: Option<bool>,
}

/// A composition the layout and stream calls act on: an archive or a broadcast, named by its
/// path segment (`"archive"`), the wire name of its id (`"archiveId"`) and the id.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Composition<'a> {
    /// The path segment after `/v2/project/{apiKey}/`.
    pub(crate) resource: &'static str,
    /// The wire name of the id, reported when the id is bad.
    pub(crate) id_field: &'static str,
    /// The archive or broadcast id.
    pub(crate) id: &'a str,
}

impl Composition<'_> {
    /// `PUT /v2/project/{apiKey}/{resource}/{id}/layout` with `layout` as the body.
    pub(crate) fn set_layout(
        &self,
        ctx: &RequestContext<'_>,
        layout: &Layout,
    ) -> Result<HttpRequest, ValidationError> {
        check_id(self.id_field, self.id)?;
        layout.validate("")?;
        with_json(
            ctx.project_request(Method::PUT, &[self.resource, self.id, "layout"], &[]),
            layout,
        )
    }

    /// `PATCH /v2/project/{apiKey}/{resource}/{id}/streams` with `{addStream, hasAudio?, hasVideo?}`.
    pub(crate) fn add_stream(
        &self,
        ctx: &RequestContext<'_>,
        stream_id: &str,
        has_audio: Option<bool>,
        has_video: Option<bool>,
    ) -> Result<HttpRequest, ValidationError> {
        check_id(self.id_field, self.id)?;
        check_id("addStream", stream_id)?;
        check_tracks(has_audio, has_video)?;
        self.patch_streams(
            ctx,
            &StreamPatch {
                add_stream: Some(stream_id),
                remove_stream: None,
                has_audio,
                has_video,
            },
        )
    }

    /// `PATCH /v2/project/{apiKey}/{resource}/{id}/streams` with `{removeStream}`.
    pub(crate) fn remove_stream(
        &self,
        ctx: &RequestContext<'_>,
        stream_id: &str,
    ) -> Result<HttpRequest, ValidationError> {
        check_id(self.id_field, self.id)?;
        check_id("removeStream", stream_id)?;
        self.patch_streams(
            ctx,
            &StreamPatch {
                add_stream: None,
                remove_stream: Some(stream_id),
                has_audio: None,
                has_video: None,
            },
        )
    }

    fn patch_streams(
        &self,
        ctx: &RequestContext<'_>,
        body: &StreamPatch<'_>,
    ) -> Result<HttpRequest, ValidationError> {
        with_json(
            ctx.project_request(Method::PATCH, &[self.resource, self.id, "streams"], &[]),
            body,
        )
    }
}

/// Reads a JSON body so that a key the service repeats (the archive callback example repeats
/// `projectId`; official SDKs' broadcast examples repeat `hasAudio`) keeps its last value instead
/// of failing, as every official SDK reads it. The body is read directly first; only when that
/// fails on a duplicate field is it read again through `serde_json::Value`, which keeps the last
/// value (but not the document order of an object's keys, such as `rtmp` keyed by id).
pub(crate) fn from_json_tolerant<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<T, serde_json::Error> {
    serde_json::from_slice(body).or_else(|first: serde_json::Error| {
        if !first.is_data() || !first.to_string().starts_with("duplicate field") {
            return Err(first);
        }
        let value: serde_json::Value = serde_json::from_slice(body)?;
        T::deserialize(value)
    })
}

/// [`crate::operation::parse_json`] with duplicate keys tolerated (see [`from_json_tolerant`]).
pub(crate) fn parse_json_tolerant<T: serde::de::DeserializeOwned, B: AsRef<[u8]>>(
    response: &http::Response<B>,
) -> Result<T, crate::error::ResponseError> {
    let body = crate::operation::success_body(response)?;
    from_json_tolerant(body).map_err(|e| {
        crate::error::DecodeError::new(response.status(), crate::error::BodyFormat::Json, e, body).into()
    })
}

#[cfg(test)]
mod tests;
