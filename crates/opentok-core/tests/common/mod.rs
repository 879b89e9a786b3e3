//! Reference builders shared by the token tests: written from the format's definition, with
//! none of core's code, so core is checked against something it did not write.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};

/// The T1 token of `data` for `key`, signed with `secret`.
pub(crate) fn t1_token(key: &str, secret: &str, data: &str) -> String {
    let mut mac = <Hmac<sha1::Sha1> as Mac>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(data.as_bytes());
    let sig: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!(
        "T1=={}",
        STANDARD.encode(format!("partner_id={key}&sig={sig}:{data}"))
    )
}

/// `application/x-www-form-urlencoded` as the seed writes it: `A-Z a-z 0-9 - . _ ~` kept,
/// space as `+`, every other byte as `%XX`.
#[allow(dead_code)] // not every test file that shares this module needs it
pub(crate) fn form(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => char::from(b).to_string(),
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
