//! Lenient serde helpers shared by the models: numbers that arrive as strings, times in
//! milliseconds or seconds, and string enums that keep values they do not know.

use std::time::{Duration, SystemTime};

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// A number or a numeric string, as some replies send either.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Num {
    I(i64),
    U(u64),
    F(f64),
}

struct NumVisitor;

impl<'de> Visitor<'de> for NumVisitor {
    type Value = Option<Num>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a number, a numeric string or null")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Num::I(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Num::U(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(Num::F(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let t = v.trim();
        if t.is_empty() {
            return Ok(None);
        }
        if let Ok(u) = t.parse::<u64>() {
            return Ok(Some(Num::U(u)));
        }
        if let Ok(i) = t.parse::<i64>() {
            return Ok(Some(Num::I(i)));
        }
        t.parse::<f64>()
            .map(|f| Some(Num::F(f)))
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(NumVisitor)
    }
}

fn num<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Num>, D::Error> {
    d.deserialize_any(NumVisitor)
}

fn to_u64<E: de::Error>(n: Num) -> Result<u64, E> {
    match n {
        Num::U(u) => Ok(u),
        Num::I(i) => u64::try_from(i).map_err(|_| E::custom(format!("negative value {i}"))),
        Num::F(f) if f >= 0.0 && f.is_finite() && f < 1.8e19 => Ok(f as u64),
        Num::F(f) => Err(E::custom(format!("value {f} out of range"))),
    }
}

fn to_i64<E: de::Error>(n: Num) -> Result<i64, E> {
    match n {
        Num::I(i) => Ok(i),
        Num::U(u) => i64::try_from(u).map_err(|_| E::custom(format!("value {u} out of range"))),
        Num::F(f) if f.is_finite() && f.abs() < 9.2e18 => Ok(f as i64),
        Num::F(f) => Err(E::custom(format!("value {f} out of range"))),
    }
}

/// `u64` from a number or numeric string; null or "" become 0.
pub(crate) fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    num(d)?.map(to_u64).transpose().map(Option::unwrap_or_default)
}

/// `Option<u64>` from a number, numeric string or null.
pub(crate) fn lenient_opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    num(d)?.map(to_u64).transpose()
}

/// `Option<i64>` from a number, numeric string or null.
pub(crate) fn lenient_opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    num(d)?.map(to_i64).transpose()
}

/// `Option<SystemTime>` from milliseconds since the epoch (number or string).
pub(crate) fn opt_millis<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SystemTime>, D::Error> {
    Ok(lenient_opt_u64(d)?.map(crate::clock::from_unix_millis))
}

/// `Option<Duration>` from whole seconds (number or string).
pub(crate) fn opt_secs<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    Ok(lenient_opt_u64(d)?.map(Duration::from_secs))
}

/// `Option<bool>` from a boolean, `"true"`/`"false"`, 0/1 or null.
pub(crate) fn lenient_opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    #[allow(clippy::enum_variant_names)]
    enum B {
        B(bool),
        S(String),
        N(i64),
    }
    Ok(match Option::<B>::deserialize(d)? {
        None => None,
        Some(B::B(b)) => Some(b),
        Some(B::N(n)) => Some(n != 0),
        Some(B::S(s)) => match s.trim() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            "" => None,
            other => return Err(de::Error::invalid_value(de::Unexpected::Str(other), &"a boolean")),
        },
    })
}

/// `Option<String>` from a string or a number (ids such as `projectId` come as either).
pub(crate) fn opt_string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    #[allow(clippy::enum_variant_names)]
    enum S {
        S(String),
        U(u64),
        I(i64),
        F(f64),
    }
    Ok(match Option::<S>::deserialize(d)? {
        None => None,
        Some(S::S(s)) => Some(s),
        Some(S::U(u)) => Some(u.to_string()),
        Some(S::I(i)) => Some(i.to_string()),
        Some(S::F(f)) => Some(f.to_string()),
    })
}

/// Serializes an `Option<SystemTime>` as milliseconds since the epoch (the pair of [`opt_millis`]).
pub(crate) fn ser_opt_millis<S: serde::Serializer>(t: &Option<SystemTime>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_u64(crate::clock::unix_millis(*t)),
        None => s.serialize_none(),
    }
}

/// Serializes an `Option<Duration>` as whole seconds (the pair of [`opt_secs`]).
pub(crate) fn ser_opt_secs<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_u64(d.as_secs()),
        None => s.serialize_none(),
    }
}

/// `#[serde(with = …)]` pairs for optional model fields, so that such a field takes one line:
/// `use crate::serde_util::opt;` then
/// `#[serde(default, with = "opt::millis", skip_serializing_if = "Option::is_none")]`.
/// Each reads leniently through the helper named in its doc and writes the plain wire form.
pub(crate) mod opt {
    /// `Option<SystemTime>` as milliseconds since the epoch ([`super::opt_millis`] / [`super::ser_opt_millis`]).
    pub(crate) mod millis {
        pub(crate) use crate::serde_util::{opt_millis as deserialize, ser_opt_millis as serialize};
    }

    /// `Option<Duration>` as whole seconds ([`super::opt_secs`] / [`super::ser_opt_secs`]).
    pub(crate) mod secs {
        pub(crate) use crate::serde_util::{opt_secs as deserialize, ser_opt_secs as serialize};
    }

    /// `Option<String>` read from a string or a number ([`super::opt_string_or_number`]), written as a string.
    pub(crate) mod string {
        pub(crate) use super::as_is as serialize;
        pub(crate) use crate::serde_util::opt_string_or_number as deserialize;
    }

    /// `Option<bool>` read leniently ([`super::lenient_opt_bool`]), written as a boolean.
    pub(crate) mod flag {
        pub(crate) use super::as_is as serialize;
        pub(crate) use crate::serde_util::lenient_opt_bool as deserialize;
    }

    /// `Option<u64>` read leniently ([`super::lenient_opt_u64`]), written as a number.
    pub(crate) mod number {
        pub(crate) use super::as_is as serialize;
        pub(crate) use crate::serde_util::lenient_opt_u64 as deserialize;
    }

    /// Writes the option as serde's derive would.
    pub(crate) fn as_is<T: serde::Serialize, S: serde::Serializer>(
        v: &Option<T>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(v, s)
    }
}

/// `Vec<T>` where `null` reads as empty.
pub(crate) fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// Declares a string enum that keeps unknown values in an `Other(String)` variant, with
/// `KNOWN`, `as_str` (the one way to write a value), `From<&str>` (the one way to read one),
/// `Serialize` and `Deserialize`.
///
/// ```ignore
/// string_enum! {
///     /// An archive's status.
///     pub enum ArchiveStatus {
///         /// Recording.
///         Started => "started",
///     }
/// }
/// ```
#[allow(unused_macros)]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// Every known value, as sent on the wire.
            pub const KNOWN: &'static [&'static str] = &[$($wire),+];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(s) => s.as_str(),
                }
            }
        }

        impl From<&str> for $name {
            /// Reads a wire value; unknown values become `Other`.
            fn from(s: &str) -> Self {
                match s {
                    $( $wire => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Ok(Self::from(&*s))
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::*;

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "lenient_opt_u64")]
        n: Option<u64>,
        #[serde(default, deserialize_with = "opt_millis")]
        t: Option<SystemTime>,
        #[serde(default, deserialize_with = "lenient_opt_bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "opt_string_or_number")]
        s: Option<String>,
    }

    #[allow(unreachable_pub, dead_code)]
    mod color {
        string_enum! {
            /// Test enum.
            pub enum Color {
                /// Red.
                Red => "red",
            }
        }
    }
    use color::Color;

    #[test]
    fn numbers_as_strings() {
        let t: T =
            serde_json::from_str(r#"{"n":"42","t":"1384221730000","b":"true","s":123456}"#).expect("parses");
        assert_eq!(t.n, Some(42));
        assert_eq!(t.t, Some(crate::clock::from_unix_millis(1_384_221_730_000)));
        assert_eq!(t.b, Some(true));
        assert_eq!(t.s.as_deref(), Some("123456"));
        let t: T = serde_json::from_str(r#"{"n":null,"t":7,"b":false}"#).expect("parses");
        assert_eq!(t.n, None);
        assert_eq!(t.b, Some(false));
        assert!(serde_json::from_str::<T>(r#"{"n":"x"}"#).is_err());
        assert!(serde_json::from_str::<T>(r#"{"n":-3}"#).is_err());
    }

    #[test]
    fn string_enum_keeps_unknown() {
        let c: Vec<Color> = serde_json::from_str(r#"["red","mauve"]"#).expect("parses");
        assert_eq!(c, vec![Color::Red, Color::Other("mauve".into())]);
        assert_eq!(
            serde_json::to_string(&c).expect("serializes"),
            r#"["red","mauve"]"#
        );
    }

    /// The five `opt::*` pairs read and write exactly as the attribute blocks they replace.
    #[test]
    fn opt_pairs_match_the_long_attributes() {
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Long {
            #[serde(
                default,
                deserialize_with = "opt_millis",
                serialize_with = "ser_opt_millis",
                skip_serializing_if = "Option::is_none"
            )]
            t: Option<SystemTime>,
            #[serde(
                default,
                deserialize_with = "opt_secs",
                serialize_with = "ser_opt_secs",
                skip_serializing_if = "Option::is_none"
            )]
            d: Option<Duration>,
            #[serde(
                default,
                deserialize_with = "opt_string_or_number",
                skip_serializing_if = "Option::is_none"
            )]
            s: Option<String>,
            #[serde(
                default,
                deserialize_with = "lenient_opt_bool",
                skip_serializing_if = "Option::is_none"
            )]
            b: Option<bool>,
            #[serde(
                default,
                deserialize_with = "lenient_opt_u64",
                skip_serializing_if = "Option::is_none"
            )]
            n: Option<u64>,
        }
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Short {
            #[serde(default, with = "opt::millis", skip_serializing_if = "Option::is_none")]
            t: Option<SystemTime>,
            #[serde(default, with = "opt::secs", skip_serializing_if = "Option::is_none")]
            d: Option<Duration>,
            #[serde(default, with = "opt::string", skip_serializing_if = "Option::is_none")]
            s: Option<String>,
            #[serde(default, with = "opt::flag", skip_serializing_if = "Option::is_none")]
            b: Option<bool>,
            #[serde(default, with = "opt::number", skip_serializing_if = "Option::is_none")]
            n: Option<u64>,
        }
        for input in [
            r#"{"t":"1384221730000","d":"12","s":123456,"b":"1","n":"42"}"#,
            r#"{"t":1384221730000,"d":12,"s":"abc","b":false,"n":7}"#,
            r#"{"t":null,"d":null,"s":null,"b":null,"n":null}"#,
            r#"{}"#,
        ] {
            let long: Long = serde_json::from_str(input).expect("long parses");
            let short: Short = serde_json::from_str(input).expect("short parses");
            assert_eq!(
                serde_json::to_string(&long).expect("long writes"),
                serde_json::to_string(&short).expect("short writes"),
                "{input}"
            );
            assert_eq!(long.s, short.s);
            assert_eq!(long.n, short.n);
        }
        assert_eq!(
            serde_json::to_string(
                &serde_json::from_str::<Short>(r#"{"t":"5","s":9,"b":"true"}"#).expect("parses")
            )
            .expect("writes"),
            r#"{"t":5,"s":"9","b":true}"#
        );
        assert!(serde_json::from_str::<Short>(r#"{"b":"maybe"}"#).is_err());
    }
}
