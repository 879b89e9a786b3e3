//! The legacy v0.91 hl API: session create with `X-TB-PARTNER-AUTH`, and the archive
//! manifest, download URL and delete with a moderator `X-TB-TOKEN-AUTH`. Errors come as XML
//! `<Errors>` documents in a 200, like the old service.

use http::StatusCode;

use super::serve::{id, serve};
use crate::auth;
use crate::client_token::Role;
use crate::reply::{HResult, Resp, empty, text, xml, xml_escape};
use crate::router::Req;
use crate::routes::archive::ArchiveRec;
use crate::state::Emu;

fn errors(code: u16, kind: &str, message: &str) -> Resp {
    xml(
        StatusCode::OK,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Errors><error code=\"{code}\"><{kind} message=\"{}\"/></error></Errors>",
            xml_escape(message)
        ),
    )
}

/// `POST /hl/session/create` (`X-TB-PARTNER-AUTH`): an XML `<Sessions>` document.
pub(crate) fn session_create(emu: &Emu, req: &Req) -> HResult {
    Ok(create(emu, req))
}

/// `GET` or `POST /hl/archive/getmanifest/{id}` (also without `/hl`), with a moderator
/// `X-TB-TOKEN-AUTH`.
pub(crate) fn manifest(emu: &Emu, req: &Req, aid: &str) -> HResult {
    Ok(with_archive(emu, req, aid, manifest_reply))
}

/// `GET` or `POST /hl/archive/url/{id}/{videoId}`, with a moderator `X-TB-TOKEN-AUTH`.
pub(crate) fn download_url(emu: &Emu, req: &Req, aid: &str, vid: &str) -> HResult {
    Ok(with_archive(emu, req, aid, |emu, a| url_reply(emu, a, vid)))
}

/// `POST /hl/archive/delete/{id}`, with a moderator `X-TB-TOKEN-AUTH`.
pub(crate) fn delete(emu: &Emu, req: &Req, aid: &str) -> HResult {
    Ok(delete_reply(emu, req, aid))
}

/// `POST /hl/archive/{id}/stitch` (`X-TB-PARTNER-AUTH`): 201 with `Location` when the
/// composite file is ready, 202 while processing, 403 bad credentials, 404 unknown archive.
pub(crate) fn stitch(emu: &Emu, req: &Req, aid: &str) -> HResult {
    Ok(stitch_reply(emu, req, aid))
}

fn create(emu: &Emu, req: &Req) -> Resp {
    let project = match auth::partner(emu, &req.headers) {
        Ok(p) => p,
        Err(why) => return errors(403, "notAuthorized", why),
    };
    match crate::routes::session::create_in(emu, project, req, true) {
        Ok(c) => xml(
            StatusCode::OK,
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Sessions><Session><session_id>{}</session_id><partner_id>{}</partner_id><create_dt>{}</create_dt><session_status></session_status></Session></Sessions>",
                xml_escape(&c.id),
                xml_escape(&c.key),
                xml_escape(&c.create_dt)
            ),
        ),
        Err(_) => errors(400, "invalidParameter", "Invalid session properties"),
    }
}

fn with_archive(emu: &Emu, req: &Req, aid: &str, f: impl FnOnce(&Emu, &ArchiveRec) -> Resp) -> Resp {
    let (project, grant) = match auth::token(emu, &req.headers) {
        Ok(x) => x,
        Err(why) => return errors(403, "notAuthorized", why),
    };
    if grant.role != Role::Moderator {
        return errors(403, "notAuthorized", "A moderator token is required");
    }
    let found = project.with(|d| d.archives.by_id(aid).filter(|a| a.status != "deleted").cloned());
    match found {
        Some(a) => f(emu, &a),
        None => errors(404, "itemNotFound", &format!("Archive {aid} not found")),
    }
}

fn videos(a: &ArchiveRec) -> Vec<(String, String)> {
    if a.streams.is_empty() {
        vec![(a.id.clone(), String::new())]
    } else {
        a.streams
            .iter()
            .map(|(id, _, _)| (id.clone(), String::new()))
            .collect()
    }
}

fn manifest_reply(_emu: &Emu, a: &ArchiveRec) -> Resp {
    let length = a.duration * 1000;
    let mut res = String::new();
    let mut timeline = String::new();
    for (id, name) in videos(a) {
        let id = xml_escape(&id);
        res.push_str(&format!(
            "<video id=\"{id}\" length=\"{length}\" name=\"{}\"/>",
            xml_escape(&name)
        ));
        timeline.push_str(&format!(
            "<event type=\"PLAY\" id=\"{id}\" offset=\"0\" data=\"\"/>"
        ));
    }
    xml(
        StatusCode::OK,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest version=\"0.1\" archiveid=\"{}\" title=\"{}\"><resources>{res}</resources><timeline>{timeline}</timeline></manifest>",
            xml_escape(&a.id),
            xml_escape(a.name.as_deref().unwrap_or(""))
        ),
    )
}

fn url_reply(emu: &Emu, a: &ArchiveRec, vid: &str) -> Resp {
    if !videos(a).iter().any(|(id, _)| id == vid) {
        return errors(404, "itemNotFound", &format!("Video {vid} not found"));
    }
    let now = opentok_core::clock::unix_secs(emu.now());
    let expires = now + crate::routes::archive::URL_LIFETIME_SECS;
    let url = a.download_url(&emu.base_url, expires, Some(vid));
    text(StatusCode::OK, "text/html; charset=utf-8", url.into_bytes())
}

fn delete_reply(emu: &Emu, req: &Req, aid: &str) -> Resp {
    let (project, grant) = match auth::token(emu, &req.headers) {
        Ok(x) => x,
        Err(why) => return errors(403, "notAuthorized", why),
    };
    if grant.role != Role::Moderator {
        return errors(403, "notAuthorized", "A moderator token is required");
    }
    let now = crate::timefmt::millis(emu.now());
    let done = project.with(|d| {
        let i = d.archives.position(aid);
        match i
            .and_then(|i| d.archives.get_mut(i))
            .filter(|a| a.status != "deleted")
        {
            Some(a) => {
                a.status = "deleted";
                a.updated_ms = now;
                true
            }
            None => false,
        }
    });
    if done {
        empty(StatusCode::OK)
    } else {
        errors(404, "itemNotFound", &format!("Archive {aid} not found"))
    }
}

fn stitch_reply(emu: &Emu, req: &Req, aid: &str) -> Resp {
    let project = match auth::partner(emu, &req.headers) {
        Ok(p) => p,
        Err(why) => return crate::reply::forbidden(why),
    };
    let expires = opentok_core::clock::unix_secs(emu.now()) + crate::routes::archive::URL_LIFETIME_SECS;
    let found = project.with(|d| {
        d.archives
            .by_id(aid)
            .filter(|a| a.status != "deleted")
            .map(|a| (a.status, a.download_url(&emu.base_url, expires, None)))
    });
    match found {
        Some(("available", url)) => {
            let mut r = empty(StatusCode::CREATED);
            if let Ok(v) = http::HeaderValue::from_str(&url) {
                r.headers_mut().insert(http::header::LOCATION, v);
            }
            r
        }
        Some(_) => empty(StatusCode::ACCEPTED),
        None => crate::reply::not_found("Archive not found"),
    }
}

// The operations of core's table this module serves.
serve! {
    legacy::LegacyCreateSession => Open |emu, req, _| session_create(emu, req);
    legacy::GetManifest [also "POST"] => Open |emu, req, ids| manifest(emu, req, id(ids, 0));
    legacy::GetArchiveUrl [also "POST"] => Open |emu, req, ids| download_url(emu, req, id(ids, 0), id(ids, 1));
    legacy::DeleteLegacyArchive => Open |emu, req, ids| delete(emu, req, id(ids, 0));
    legacy::StitchArchive => Open |emu, req, ids| stitch(emu, req, id(ids, 0));
}
