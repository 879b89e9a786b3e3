//! Error bodies: JSON `{code, message, description}`, XML `<errorPayload>`, and the legacy
//! `<Errors><error code="…">` document.

use serde::Deserialize;

use crate::serde_util::lenient_opt_i64;

/// The fields an error body may carry. Every field is optional: bodies come in many shapes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ErrorBody {
    /// The service's error code.
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    pub code: Option<i64>,
    /// Short message.
    #[serde(default)]
    pub message: Option<String>,
    /// Longer description.
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
struct XmlErrorPayload {
    // XML elements are maps to serde: read text and convert.
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

impl ErrorBody {
    /// Reads an error body in any of the known shapes; `None` when it is none of them.
    pub fn parse(body: &[u8]) -> Option<Self> {
        let text = std::str::from_utf8(body).ok()?;
        let trimmed = text.trim_start_matches('\u{feff}').trim();
        if trimmed.starts_with('{') {
            return serde_json::from_str::<ErrorBody>(trimmed).ok();
        }
        if !trimmed.starts_with('<') {
            return None;
        }
        let root = xml_root_name(trimmed)?;
        match root.as_str() {
            "errorPayload" => {
                let p: XmlErrorPayload = quick_xml::de::from_str(trimmed).ok()?;
                Some(ErrorBody {
                    code: p.code.and_then(|c| c.trim().parse().ok()),
                    message: p.message,
                    description: p.description,
                })
            }
            "Errors" => {
                // `<error code="403"><notAuthorized message="…"/></error>`: the message is the
                // first child's attribute (or the error's text); the child's name describes it.
                let first = crate::legacy::LegacyError::parse_all(trimmed)?
                    .into_iter()
                    .next()?;
                Some(ErrorBody {
                    code: first.code,
                    message: first.message,
                    description: first.kind,
                })
            }
            _ => None,
        }
    }
}

/// The name of the first element of an XML document, skipping the prolog.
pub(crate) fn xml_root_name(xml: &str) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) => {
                let name: String = e.local_name().into_inner().to_owned();
                return Some(name);
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_error() {
        let b = ErrorBody::parse(br#"{"code":15004,"message":"You can only delete","description":"x"}"#)
            .expect("parses");
        assert_eq!(b.code, Some(15004));
        assert_eq!(b.message.as_deref(), Some("You can only delete"));
        assert_eq!(b.description.as_deref(), Some("x"));
        let b = ErrorBody::parse(br#"{"code":"-1","message":"Invalid signature"}"#).expect("parses");
        assert_eq!(b.code, Some(-1));
    }

    #[test]
    fn xml_error_payload() {
        let b = ErrorBody::parse(
            b"<?xml version=\"1.0\"?><errorPayload><code>-1</code><message>No suitable</message><description>d</description></errorPayload>",
        )
        .expect("parses");
        assert_eq!(b.code, Some(-1));
        assert_eq!(b.message.as_deref(), Some("No suitable"));
    }

    #[test]
    fn legacy_errors() {
        let b = ErrorBody::parse(
            b"<Errors><error code=\"-1\"><notAuthorized message=\"Invalid partner credentials\"/></error></Errors>",
        )
        .expect("parses");
        assert_eq!(b.code, Some(-1));
        assert_eq!(b.message.as_deref(), Some("Invalid partner credentials"));
        assert_eq!(b.description.as_deref(), Some("notAuthorized"));
        let b = ErrorBody::parse(b"<Errors><error code=\"404\">Archive not found</error></Errors>")
            .expect("parses");
        assert_eq!(b.message.as_deref(), Some("Archive not found"));
    }

    #[test]
    fn garbage_is_none() {
        assert_eq!(ErrorBody::parse(b"\xff\xfe"), None);
        assert_eq!(ErrorBody::parse(b"plain text"), None);
        assert_eq!(ErrorBody::parse(b"<html><body>bad gateway</body></html>"), None);
    }
}
