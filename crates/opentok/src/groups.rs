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
                $method:ident ( $module:ident :: $op:ident ) = $sample:expr;
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
