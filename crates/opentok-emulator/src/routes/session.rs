//! `POST /session/create`: the form rules, the session id, and the XML or JSON reply.

use std::net::Ipv4Addr;
use std::sync::Arc;

use http::StatusCode;

use super::serve::serve;
use crate::input::{RESOLUTIONS, form_get, parse_form};
use crate::reply::{HResult, Resp, bad_request, forbidden, ok_bytes, xml, xml_escape};
use crate::router::Req;
use crate::session::Session;
use crate::state::{Emu, Project};
use crate::timefmt::{create_dt, millis};
use crate::{auth, ids};

/// The JSON reply's one element, written straight from the created session (`()` is
/// `null`), its keys in the order the emulator always wrote them.
#[derive(serde::Serialize)]
struct CreatedJson<'a> {
    create_dt: &'a str,
    ice_credential_expiration: u32,
    ice_server: (),
    ice_servers: (),
    media_server_hostname: (),
    media_server_url: (),
    messaging_server_url: (),
    messaging_url: (),
    partner_id: &'a str,
    project_id: &'a str,
    properties: (),
    session_id: &'a str,
    session_segment_id: &'a str,
    session_status: (),
    status_invalid: (),
    symphony_address: (),
}

/// A session as created, for the reply.
#[derive(Debug)]
pub(crate) struct Created {
    pub(crate) id: String,
    pub(crate) key: String,
    pub(crate) create_dt: String,
}

/// `POST /session/create` with `X-OPENTOK-AUTH` (or the legacy partner header).
pub(crate) fn create(emu: &Emu, req: &Req) -> HResult {
    let project = if auth::has_partner(&req.headers) && !req.headers.contains_key("x-opentok-auth") {
        auth::partner(emu, &req.headers).map_err(forbidden)?
    } else {
        auth::by_issuer(emu, &req.headers)?
    };
    let created = create_in(emu, project, req, false)?;
    if req.accepts_json() {
        let segment = ids::uuid();
        let body = [CreatedJson {
            create_dt: &created.create_dt,
            ice_credential_expiration: 86100,
            ice_server: (),
            ice_servers: (),
            media_server_hostname: (),
            media_server_url: (),
            messaging_server_url: (),
            messaging_url: (),
            partner_id: &created.key,
            project_id: &created.key,
            properties: (),
            session_id: &created.id,
            session_segment_id: &segment,
            session_status: (),
            status_invalid: (),
            symphony_address: (),
        }];
        // Room for the whole reply (about 450 bytes) at once.
        let mut out = Vec::with_capacity(512);
        if serde_json::to_writer(&mut out, &body).is_err() {
            out.clear();
        }
        Ok(ok_bytes(out))
    } else {
        Ok(xml(
            StatusCode::OK,
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><sessions><Session><session_id>{}</session_id><partner_id>{}</partner_id><create_dt>{}</create_dt></Session></sessions>",
                xml_escape(&created.id),
                xml_escape(&created.key),
                xml_escape(&created.create_dt)
            ),
        ))
    }
}

/// Checks the form and stores the session. `legacy` relaxes the rules the hl API lacked
/// (its deprecated properties are ignored).
pub(crate) fn create_in(emu: &Emu, project: &Arc<Project>, req: &Req, legacy: bool) -> Result<Created, Resp> {
    let text = std::str::from_utf8(&req.body).map_err(|_| bad_request("Invalid form body"))?;
    let form = parse_form(text).ok_or_else(|| bad_request("Invalid form body"))?;
    let get = |k: &str| form_get(&form, k).filter(|v| !v.is_empty());
    let routed = match get("p2p.preference") {
        None | Some("disabled") => true,
        Some("enabled") | Some("always") => false,
        Some(_) if legacy => true,
        Some(_) => return Err(bad_request("p2p.preference must be enabled or disabled")),
    };
    let always = match get("archiveMode") {
        None | Some("manual") => false,
        Some("always") => true,
        Some(_) => return Err(bad_request("archiveMode must be manual or always")),
    };
    if always && !routed {
        return Err(bad_request(
            "A session with always archive mode must also have the routed media mode.",
        ));
    }
    let archive_name = get("archiveName");
    let archive_resolution = get("archiveResolution");
    if !always && (archive_name.is_some() || archive_resolution.is_some()) {
        return Err(bad_request(
            "archiveName and archiveResolution are only allowed with archiveMode=always",
        ));
    }
    if archive_name.is_some_and(|n| n.chars().count() > 80) {
        return Err(bad_request("archiveName must be at most 80 characters"));
    }
    if archive_resolution.is_some_and(|r| !RESOLUTIONS.contains(&r)) {
        return Err(bad_request("Invalid archiveResolution"));
    }
    // `@vonage/video` sends `location=null` and the .NET SDK `location=` when none is given:
    // both mean no location.
    let location = get("location")
        .or_else(|| get("ip_passthru"))
        .filter(|l| !l.is_empty() && *l != "null");
    if location.is_some_and(|l| l.parse::<Ipv4Addr>().is_err()) && !legacy {
        return Err(bad_request("location must be an IPv4 address"));
    }
    let e2ee = match get("e2ee") {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(bad_request("e2ee must be true or false")),
    };
    if e2ee && !routed {
        return Err(bad_request("End-to-end encryption needs the routed media mode"));
    }
    let now = emu.now();
    let key = project.key().to_owned();
    let id = ids::session_id(&key, location.unwrap_or(""), now);
    let cap = emu.config.limits.sessions;
    project.with(|d| {
        if d.sessions.len() >= cap {
            return Err(bad_request(&format!(
                "Emulator limit: at most {cap} sessions per project"
            )));
        }
        let mut s = Session::new(id.clone(), routed, millis(now));
        s.archive_always = always;
        s.archive_name = archive_name.map(str::to_owned);
        s.archive_resolution = archive_resolution.map(str::to_owned);
        d.sessions.insert(id.clone(), Box::new(s));
        Ok(())
    })?;
    Ok(Created {
        id,
        key,
        create_dt: create_dt(now),
    })
}

// The operations of core's table this module serves.
serve! {
    session::CreateSession => Open |emu, req, _| create(emu, req);
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    /// The reply written from the struct is, byte for byte, the document the emulator
    /// always sent (keys sorted, `()` as `null`).
    #[test]
    fn the_json_reply_keeps_its_bytes() {
        let body = [super::CreatedJson {
            create_dt: "Fri Dec 04 02:00:00 PST 2026",
            ice_credential_expiration: 86100,
            ice_server: (),
            ice_servers: (),
            media_server_hostname: (),
            media_server_url: (),
            messaging_server_url: (),
            messaging_url: (),
            partner_id: "47001234",
            project_id: "47001234",
            properties: (),
            session_id: "1_MX40NzAwMTIzNH4",
            session_segment_id: "c4b5b7e0-0000-4000-8000-000000000000",
            session_status: (),
            status_invalid: (),
            symphony_address: (),
        }];
        let before = json!([{
            "session_id": "1_MX40NzAwMTIzNH4",
            "project_id": "47001234",
            "partner_id": "47001234",
            "create_dt": "Fri Dec 04 02:00:00 PST 2026",
            "session_status": null,
            "status_invalid": null,
            "media_server_hostname": null,
            "media_server_url": null,
            "messaging_server_url": null,
            "messaging_url": null,
            "symphony_address": null,
            "properties": null,
            "ice_server": null,
            "session_segment_id": "c4b5b7e0-0000-4000-8000-000000000000",
            "ice_servers": null,
            "ice_credential_expiration": 86100
        }]);
        assert_eq!(
            serde_json::to_string(&body).expect("json"),
            serde_json::to_string(&before).expect("json")
        );
    }
}
