//! Which handler serves each of core's operations. [`Serve`] is implemented for every
//! operation type of `opentok_core::for_each_operation!`, and [`table`] expands that macro, so
//! the routes are core's `INFO.method` and `INFO.path` and an operation the emulator does not
//! serve is a compile error. Two operations sharing a route (adding and removing an archive's
//! stream) register it once.

use http::Method;
use opentok_core::Operation;

use super::{
    archive, broadcast, callback, captions, connect, connection, legacy, render, session, signal, sip, stream,
};
use crate::reply::HResult;
use crate::route_table::{RouteTable, WrongMethod};
use crate::router::{Ctx, Req};
use crate::state::Emu;

/// A route's handler.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Handler {
    /// Under `/v2/project/{apiKey}`: called once the project is authenticated, with the
    /// path's ids after the key.
    Project(fn(&Ctx<'_>, &[&str]) -> HResult),
    /// Elsewhere (session create, the legacy hl API): the handler authenticates the caller
    /// itself; it gets every id of the path.
    Open(fn(&Emu, &Req, &[&str]) -> HResult),
}

/// How the emulator serves one operation.
pub(crate) trait Serve: Operation {
    /// The handler of the operation's route.
    const HANDLER: Handler;
    /// Methods the route also takes besides `INFO.method` (the old service read its legacy
    /// archive calls with GET or POST).
    const ALSO: &'static [&'static str] = &[];
}

/// Id `i` of a path (templates fix how many there are).
fn id<'a>(ids: &[&'a str], i: usize) -> &'a str {
    ids.get(i).copied().unwrap_or_default()
}

macro_rules! serve {
    ($( $module:ident :: $op:ident $([also $also:literal])? => $kind:ident $f:expr; )*) => {
        $(
            impl Serve for opentok_core::$module::$op {
                const HANDLER: Handler = Handler::$kind($f);
                $(const ALSO: &'static [&'static str] = &[$also];)?
            }
        )*
    };
}

serve! {
    session::CreateSession => Open |emu, req, _| session::create(emu, req);
    archive::StartArchive => Project |cx, _| archive::start(cx);
    archive::StopArchive => Project |cx, ids| archive::stop(cx, id(ids, 0));
    archive::GetArchive => Project |cx, ids| archive::get(cx, id(ids, 0));
    archive::ListArchives => Project |cx, _| archive::list(cx);
    archive::DeleteArchive => Project |cx, ids| archive::delete(cx, id(ids, 0));
    archive::SetArchiveLayout => Project |cx, ids| archive::set_layout(cx, id(ids, 0));
    archive::AddArchiveStream => Project |cx, ids| archive::patch_streams(cx, id(ids, 0));
    archive::RemoveArchiveStream => Project |cx, ids| archive::patch_streams(cx, id(ids, 0));
    archive::SetArchiveStorage => Project |cx, _| archive::set_storage(cx);
    broadcast::StartBroadcast => Project |cx, _| broadcast::start(cx);
    broadcast::StopBroadcast => Project |cx, ids| broadcast::stop(cx, id(ids, 0));
    broadcast::GetBroadcast => Project |cx, ids| broadcast::get(cx, id(ids, 0));
    broadcast::ListBroadcasts => Project |cx, _| broadcast::list(cx);
    broadcast::SetBroadcastLayout => Project |cx, ids| broadcast::set_layout(cx, id(ids, 0));
    broadcast::AddBroadcastStream => Project |cx, ids| broadcast::patch_streams(cx, id(ids, 0));
    broadcast::RemoveBroadcastStream => Project |cx, ids| broadcast::patch_streams(cx, id(ids, 0));
    sip::Dial => Project |cx, _| sip::dial(cx);
    sip::PlayDtmf => Project |cx, ids| sip::dtmf(cx, id(ids, 0), None);
    sip::PlayDtmfConnection => Project |cx, ids| sip::dtmf(cx, id(ids, 0), Some(id(ids, 1)));
    signal::Signal => Project |cx, ids| signal::send(cx, id(ids, 0), None);
    signal::SignalConnection => Project |cx, ids| signal::send(cx, id(ids, 0), Some(id(ids, 1)));
    stream::ListStreams => Project |cx, ids| stream::list(cx, id(ids, 0));
    stream::GetStream => Project |cx, ids| stream::get(cx, id(ids, 0), id(ids, 1));
    stream::SetStreamLayoutClasses => Project |cx, ids| stream::set_class_lists(cx, id(ids, 0));
    stream::SetStreamLayoutClass => Project |cx, ids| stream::update(cx, id(ids, 0), id(ids, 1));
    stream::ForceMuteStream => Project |cx, ids| stream::mute(cx, id(ids, 0), id(ids, 1));
    stream::MuteAll => Project |cx, ids| stream::mute_all(cx, id(ids, 0));
    connection::ListConnections => Project |cx, ids| connection::list(cx, id(ids, 0));
    connection::ForceDisconnect => Project |cx, ids| connection::disconnect(cx, id(ids, 0), id(ids, 1));
    captions::StartCaptions => Project |cx, _| captions::start(cx);
    captions::StopCaptions => Project |cx, ids| captions::stop(cx, id(ids, 0));
    render::StartRender => Project |cx, _| render::start(cx);
    render::StopRender => Project |cx, ids| render::stop(cx, id(ids, 0));
    render::GetRender => Project |cx, ids| render::get(cx, id(ids, 0));
    render::ListRenders => Project |cx, _| render::list(cx);
    audio_connector::StartAudioConnector => Project |cx, _| connect::start(cx);
    audio_connector::StopAudioConnector => Project |cx, ids| connect::stop(cx, id(ids, 0));
    callback::RegisterCallback => Project |cx, _| callback::register(cx);
    callback::ListCallbacks => Project |cx, _| callback::list(cx);
    callback::DeleteCallback => Project |cx, ids| callback::delete(cx, id(ids, 0));
    legacy::LegacyCreateSession => Open |emu, req, _| legacy::session_create(emu, req);
    legacy::GetManifest [also "POST"] => Open |emu, req, ids| legacy::manifest(emu, req, id(ids, 0));
    legacy::GetArchiveUrl [also "POST"] => Open |emu, req, ids| legacy::download_url(emu, req, id(ids, 0), id(ids, 1));
    legacy::DeleteLegacyArchive => Open |emu, req, ids| legacy::delete(emu, req, id(ids, 0));
    legacy::StitchArchive => Open |emu, req, ids| legacy::stitch(emu, req, id(ids, 0));
}

/// What a legacy path (under `/hl`) answers another method: a 404, like the old service.
fn wrong_method(path: &str) -> WrongMethod {
    if path.starts_with("/hl/") {
        WrongMethod::NotFound
    } else {
        WrongMethod::NotAllowed
    }
}

fn add<O: Serve>(t: &mut RouteTable<Handler>) {
    let info = O::INFO;
    for m in std::iter::once(info.method).chain(O::ALSO.iter().copied()) {
        if let Ok(m) = Method::from_bytes(m.as_bytes()) {
            t.add(m, info.path, wrong_method(info.path), O::HANDLER);
        }
    }
}

macro_rules! register {
    ($( $(#[$g:meta])* $group:ident $accessor:ident {
        $( #[doc = $purpose:literal] $verb:ident ( $module:ident :: $op:ident ); )*
    } )*) => {
        |t: &mut RouteTable<Handler>| { $($(add::<opentok_core::$module::$op>(t);)*)* }
    };
}

/// Every route: core's operations, then the one path core has no operation for (the
/// manifest's old path without `/hl`).
pub(crate) fn table() -> RouteTable<Handler> {
    let mut t = RouteTable::new();
    (opentok_core::for_each_operation!(register))(&mut t);
    for m in [Method::GET, Method::POST] {
        t.add(
            m,
            "/archive/getmanifest/{archiveId}",
            WrongMethod::NotFound,
            Handler::Open(|emu, req, ids| legacy::manifest(emu, req, id(ids, 0))),
        );
    }
    t
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_operation_of_the_catalog_has_its_route() {
        let routes = super::table().routes();
        for op in opentok_core::catalog::operations() {
            let path: String = op
                .path
                .split('/')
                .filter(|s| !s.is_empty())
                .map(|s| {
                    if s.starts_with('{') {
                        "/{}".to_owned()
                    } else {
                        format!("/{s}")
                    }
                })
                .collect();
            assert!(
                routes.contains(&(op.method.to_owned(), path.clone())),
                "{} {path}",
                op.method
            );
        }
    }
}
