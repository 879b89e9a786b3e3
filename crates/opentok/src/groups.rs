//! The grouped methods: one per operation, expanded from core's operations table
//! ([`opentok_core::for_each_operation!`]).
//!
//! Each method takes the operation value (built with its constructor and setters) and
//! returns its typed output. The same table generates the blocking API. Every method has
//! exactly one line of purpose (the macro requires it) and links the operation it sends,
//! whose page holds the rules `build` checks and the wire format.

use opentok_core::Error;
use opentok_core::Operation;

use crate::client::OpenTok;

macro_rules! groups {
    ($(
        $(#[$gdoc:meta])*
        $group:ident $accessor:ident {
            $(
                #[doc = $purpose:literal]
                $method:ident ( $module:ident :: $op:ident );
            )*
        }
    )*) => {
        $(
            $(#[$gdoc])*
            #[derive(Debug, Clone, Copy)]
            pub struct $group<'a> {
                ot: &'a OpenTok,
            }

            impl $group<'_> {
                $(
                    #[doc = $purpose]
                    #[doc = ""]
                    #[doc = concat!(
                        "Sends [`", stringify!($op), "`](crate::", stringify!($module), "::",
                        stringify!($op), ")."
                    )]
                    pub async fn $method(
                        &self,
                        op: opentok_core::$module::$op,
                    ) -> Result<<opentok_core::$module::$op as Operation>::Output, Error> {
                        self.ot.execute(&op).await
                    }
                )*
            }
        )*

        impl OpenTok {
            $(
                $(#[$gdoc])*
                pub fn $accessor(&self) -> $group<'_> {
                    $group { ot: self }
                }
            )*
        }

        /// Every grouped method (`archives().start`) with the operation it sends.
        pub const FACADE_METHODS: &[(&str, &str)] = &[
            $( $(
                (
                    concat!(stringify!($accessor), "().", stringify!($method)),
                    stringify!($op),
                ),
            )* )*
        ];

        /// The same groups without an async runtime in the caller.
        #[cfg(feature = "blocking")]
        pub(crate) mod blocking_groups {
            use opentok_core::Error;
            use opentok_core::Operation;

            use crate::blocking::OpenTok;

            $(
                $(#[$gdoc])*
                #[derive(Debug, Clone, Copy)]
                pub struct $group<'a> {
                    pub(crate) ot: &'a OpenTok,
                }

                impl $group<'_> {
                    $(
                        #[doc = $purpose]
                        #[doc = ""]
                        #[doc = concat!(
                            "Sends [`", stringify!($op), "`](crate::", stringify!($module), "::",
                            stringify!($op), "), blocking."
                        )]
                        pub fn $method(
                            &self,
                            op: opentok_core::$module::$op,
                        ) -> Result<<opentok_core::$module::$op as Operation>::Output, Error> {
                            self.ot.execute(&op)
                        }
                    )*
                }
            )*

            impl OpenTok {
                $(
                    $(#[$gdoc])*
                    pub fn $accessor(&self) -> $group<'_> {
                        $group { ot: self }
                    }
                )*
            }
        }
    };
}

opentok_core::for_each_operation!(groups);

impl OpenTok {
    /// Creates a session (the same as `sessions().create`).
    pub async fn create_session(
        &self,
        op: opentok_core::session::CreateSession,
    ) -> Result<opentok_core::session::Session, Error> {
        self.execute(&op).await
    }
}

impl Archives<'_> {
    /// Every archive, lazily paged (see [`OpenTok::list_all`]).
    pub fn list_all(
        &self,
        op: opentok_core::archive::ListArchives,
    ) -> crate::Items<opentok_core::archive::Archive> {
        self.ot.list_all(op)
    }
}

impl Broadcasts<'_> {
    /// Every broadcast, lazily paged (see [`OpenTok::list_all`]).
    pub fn list_all(
        &self,
        op: opentok_core::broadcast::ListBroadcasts,
    ) -> crate::Items<opentok_core::broadcast::Broadcast> {
        self.ot.list_all(op)
    }
}

impl Renders<'_> {
    /// Every render, lazily paged (see [`OpenTok::list_all`]).
    pub fn list_all(
        &self,
        op: opentok_core::render::ListRenders,
    ) -> crate::Items<opentok_core::render::Render> {
        self.ot.list_all(op)
    }
}

#[cfg(test)]
mod tests {
    use super::FACADE_METHODS;

    /// Every operation core models has its grouped method, under the name its INFO gives.
    #[test]
    fn facade_matches_the_operations_table() {
        let ours: std::collections::HashSet<&str> = FACADE_METHODS.iter().map(|(m, _)| *m).collect();
        let mut missing = Vec::new();
        for info in opentok_core::catalog::operations() {
            for name in info.facade.split(" / ") {
                if !ours.contains(name.trim()) {
                    missing.push(format!("{} ({})", name, info.name));
                }
            }
        }
        assert!(missing.is_empty(), "facade methods missing: {missing:?}");
    }
}
