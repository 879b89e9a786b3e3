//! Composed layouts for archives and broadcasts: `{type, stylesheet?, screenshareType?}`.

use serde_json::{Map, Value, json};

use crate::input::opt_str;
use crate::reply::{Resp, bad_request};

/// The layout types the service composes.
pub(crate) const TYPES: [&str; 5] = [
    "bestFit",
    "custom",
    "horizontalPresentation",
    "pip",
    "verticalPresentation",
];

/// Checks a layout object and returns it normalised (stylesheet kept only for `custom`).
pub(crate) fn check(m: &Map<String, Value>) -> Result<Value, Resp> {
    let ty = opt_str(m, "type")?.ok_or_else(|| bad_request("layout type is required"))?;
    if !TYPES.contains(&ty) {
        return Err(bad_request(&format!(
            "Invalid layout type: must be one of {}",
            TYPES.join(", ")
        )));
    }
    let stylesheet = opt_str(m, "stylesheet")?;
    let screenshare = opt_str(m, "screenshareType")?;
    let mut out = json!({"type": ty});
    if ty == "custom" {
        let css = stylesheet
            .filter(|s| !s.is_empty())
            .ok_or_else(|| bad_request("A custom layout needs a stylesheet"))?;
        out["stylesheet"] = json!(css);
    }
    if let Some(st) = screenshare {
        if ty != "bestFit" {
            return Err(bad_request(
                "screenshareType is only allowed with the bestFit layout",
            ));
        }
        if !TYPES.contains(&st) {
            return Err(bad_request("Invalid screenshareType"));
        }
        out["screenshareType"] = json!(st);
    }
    Ok(out)
}

/// The layout in a start body, defaulting to `bestFit`.
pub(crate) fn from_start(m: &Map<String, Value>) -> Result<Value, Resp> {
    match m.get("layout") {
        None | Some(Value::Null) => Ok(json!({"type": "bestFit"})),
        Some(Value::Object(l)) => check(l),
        Some(_) => Err(bad_request("layout must be an object")),
    }
}
