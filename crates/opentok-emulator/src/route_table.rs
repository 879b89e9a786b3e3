//! The route table: path templates (`/v2/project/{apiKey}/archive/{archiveId}/stop`, each
//! `{…}` one segment) with their methods and handlers, built once when the emulator starts
//! and matched against a request's decoded segments. A path matched by several templates
//! goes to the one with more literal segments (`…/archive/storage` before
//! `…/archive/{archiveId}`); a known path asked with another method is a 405 with `Allow`
//! (or a 404 where the old service said so), any other path a 404.

use http::{HeaderValue, Method};

use crate::reply::{HResult, method_not_allowed, not_found};

/// One segment of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    /// Matches exactly this text.
    Lit(&'static str),
    /// Matches any one segment, handed to the handler.
    Param,
}

/// What a route answers a known path asked with another method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WrongMethod {
    /// `405` with `Allow` (the REST API).
    NotAllowed,
    /// `404` (the legacy hl API, like the old service).
    NotFound,
}

/// A template and the methods it serves.
#[derive(Debug)]
struct Path<H> {
    segs: Vec<Seg>,
    literals: usize,
    methods: Vec<(Method, H)>,
    allow: HeaderValue,
    wrong_method: WrongMethod,
}

/// The table; `H` is the handler type.
#[derive(Debug)]
pub(crate) struct RouteTable<H> {
    paths: Vec<Path<H>>,
}

/// Where a request goes.
#[derive(Debug)]
pub(crate) enum Found<'t, 'p, H> {
    /// A handler, and the path's `{…}` segments in order.
    Handler(&'t H, Vec<&'p str>),
    /// No handler: the reply to send.
    Refused(HResult),
}

/// The order methods are listed in `Allow`.
fn rank(m: &Method) -> usize {
    [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
    ]
    .iter()
    .position(|x| x == m)
    .unwrap_or(usize::MAX)
}

fn parse(template: &'static str) -> Vec<Seg> {
    template
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s.starts_with('{') && s.ends_with('}') {
                Seg::Param
            } else {
                Seg::Lit(s)
            }
        })
        .collect()
}

impl<H> RouteTable<H> {
    /// An empty table.
    pub(crate) fn new() -> Self {
        RouteTable { paths: Vec::new() }
    }

    /// Serves `method` on `template` with `handler`; a method the template already has keeps
    /// its first handler (two operations may share one route).
    pub(crate) fn add(
        &mut self,
        method: Method,
        template: &'static str,
        wrong_method: WrongMethod,
        handler: H,
    ) {
        let segs = parse(template);
        let i = match self.paths.iter().position(|p| p.segs == segs) {
            Some(i) => i,
            None => {
                let literals = segs.iter().filter(|s| matches!(s, Seg::Lit(_))).count();
                self.paths.push(Path {
                    segs,
                    literals,
                    methods: Vec::new(),
                    allow: HeaderValue::from_static(""),
                    wrong_method,
                });
                self.paths.len() - 1
            }
        };
        let Some(path) = self.paths.get_mut(i) else {
            return;
        };
        if path.methods.iter().any(|(m, _)| *m == method) {
            return;
        }
        path.methods.push((method, handler));
        path.methods.sort_by_key(|(m, _)| rank(m));
        let allow = path
            .methods
            .iter()
            .map(|(m, _)| m.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        path.allow = HeaderValue::from_str(&allow).unwrap_or(HeaderValue::from_static(""));
    }

    /// Where `method` on `segs` goes.
    pub(crate) fn find<'t, 'p>(&'t self, method: &Method, segs: &[&'p str]) -> Found<'t, 'p, H> {
        let matches = |p: &&Path<H>| {
            p.segs.len() == segs.len()
                && p.segs.iter().zip(segs).all(|(t, s)| match t {
                    Seg::Lit(l) => l == s,
                    Seg::Param => true,
                })
        };
        let Some(path) = self.paths.iter().filter(matches).max_by_key(|p| p.literals) else {
            return Found::Refused(Err(not_found("Resource not found")));
        };
        match path.methods.iter().find(|(m, _)| m == method) {
            Some((_, h)) => {
                let params = path
                    .segs
                    .iter()
                    .zip(segs)
                    .filter(|(t, _)| **t == Seg::Param)
                    .map(|(_, s)| *s)
                    .collect();
                Found::Handler(h, params)
            }
            None => Found::Refused(Err(match path.wrong_method {
                WrongMethod::NotAllowed => method_not_allowed(path.allow.clone()),
                WrongMethod::NotFound => not_found("Resource not found"),
            })),
        }
    }

    /// Every template and its methods, for tests.
    #[cfg(test)]
    pub(crate) fn routes(&self) -> Vec<(String, String)> {
        self.paths
            .iter()
            .flat_map(|p| {
                let path: String = p
                    .segs
                    .iter()
                    .map(|s| match s {
                        Seg::Lit(l) => format!("/{l}"),
                        Seg::Param => "/{}".to_owned(),
                    })
                    .collect();
                p.methods.iter().map(move |(m, _)| (m.to_string(), path.clone()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> RouteTable<u8> {
        let mut t = RouteTable::new();
        t.add(Method::POST, "/p/{key}/archive", WrongMethod::NotAllowed, 1);
        t.add(Method::GET, "/p/{key}/archive", WrongMethod::NotAllowed, 2);
        t.add(Method::GET, "/p/{key}/archive/{id}", WrongMethod::NotAllowed, 3);
        t.add(
            Method::PUT,
            "/p/{key}/archive/storage",
            WrongMethod::NotAllowed,
            4,
        );
        t.add(
            Method::PATCH,
            "/p/{key}/archive/{id}/streams",
            WrongMethod::NotAllowed,
            5,
        );
        t.add(
            Method::PATCH,
            "/p/{key}/archive/{id}/streams",
            WrongMethod::NotAllowed,
            6,
        );
        t.add(Method::POST, "/hl/archive/delete/{id}", WrongMethod::NotFound, 7);
        t
    }

    fn status(f: Found<'_, '_, u8>) -> (u16, Option<String>) {
        match f {
            Found::Handler(h, _) => panic!("handler {h}"),
            Found::Refused(r) => {
                let r = r.unwrap_or_else(|e| e);
                let allow = r
                    .headers()
                    .get("allow")
                    .map(|v| v.to_str().expect("ascii").to_owned());
                (r.status().as_u16(), allow)
            }
        }
    }

    #[test]
    fn templates_match_and_hand_over_their_segments() {
        let t = table();
        let Found::Handler(h, p) = t.find(&Method::GET, &["p", "k", "archive", "a1"]) else {
            panic!("not found");
        };
        assert_eq!((*h, p), (3, vec!["k", "a1"]));
        let Found::Handler(h, _) = t.find(&Method::POST, &["p", "k", "archive"]) else {
            panic!("not found");
        };
        assert_eq!(*h, 1);
    }

    #[test]
    fn literal_segments_win_and_a_shared_route_keeps_its_first_handler() {
        let t = table();
        let Found::Handler(h, _) = t.find(&Method::PUT, &["p", "k", "archive", "storage"]) else {
            panic!("not found");
        };
        assert_eq!(*h, 4);
        assert_eq!(
            status(t.find(&Method::GET, &["p", "k", "archive", "storage"])),
            (405, Some("PUT".into()))
        );
        let Found::Handler(h, _) = t.find(&Method::PATCH, &["p", "k", "archive", "a", "streams"]) else {
            panic!("not found");
        };
        assert_eq!(*h, 5);
    }

    #[test]
    fn other_methods_and_unknown_paths_are_refused() {
        let t = table();
        assert_eq!(
            status(t.find(&Method::DELETE, &["p", "k", "archive"])),
            (405, Some("GET, POST".into()))
        );
        assert_eq!(status(t.find(&Method::GET, &["p", "k", "call"])).0, 404);
        assert_eq!(
            status(t.find(&Method::GET, &["p", "k", "archive", "a", "b", "c"])).0,
            404
        );
        assert_eq!(
            status(t.find(&Method::GET, &["hl", "archive", "delete", "a"])),
            (404, None)
        );
    }
}
