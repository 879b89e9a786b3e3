//! Which handler serves each of core's operations. [`Serve`] is implemented for every
//! operation type of `opentok_core::for_each_operation!`, each by a [`serve!`] block next to
//! its handler in the resource's module (`routes/archive.rs` serves the archive calls), and
//! [`table`] expands that macro, so the routes are core's `INFO.method` and `INFO.path` and
//! an operation the emulator does not serve is a compile error. Two operations sharing a route
//! (adding and removing an archive's stream) register it once.

use http::Method;
use opentok_core::Operation;

use super::legacy;
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
pub(crate) fn id<'a>(ids: &[&'a str], i: usize) -> &'a str {
    ids.get(i).copied().unwrap_or_default()
}

/// Implements [`Serve`] for operations of core's table: `module::Type => Project|Open handler;`
/// (`[also "POST"]` after the type adds a method).
macro_rules! serve {
    ($( $module:ident :: $op:ident $([also $also:literal])? => $kind:ident $f:expr; )*) => {
        $(
            impl $crate::routes::serve::Serve for opentok_core::$module::$op {
                const HANDLER: $crate::routes::serve::Handler = $crate::routes::serve::Handler::$kind($f);
                $(const ALSO: &'static [&'static str] = &[$also];)?
            }
        )*
    };
}
pub(crate) use serve;

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
        $( #[doc = $purpose:literal] $verb:ident ( $module:ident :: $op:ident ) = $sample:expr; )*
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
