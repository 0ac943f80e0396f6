//! Lenient decoding of response members: an answer is never thrown away because one
//! member does not have its documented type.
//!
//! Tencent's answers drift from the documented types (`"Total":"23"` where an integer
//! is documented, `"Flag":1` for a boolean, `"Growth":174.19` for an integer). Each
//! member of a generated response type decodes through [`option`], which follows
//! these rules:
//!
//! | documented type | accepted as is | converted (and reported) | left unset (and reported) |
//! |---|---|---|---|
//! | `uint64`, `int64` | an integer in range | a whole float in range (`3.0` → `3`); a string holding such a number (`"23"` → `23`, `"3.0"` → `3`) | a fraction (`174.19`), a number out of range for the type, any other kind (`true`, `"x"`, `[..]`, `{..}`) |
//! | `float` | any number | a string holding a finite number (`"1.5"` → `1.5`) | any other kind |
//! | `bool` | `true`, `false` | `1`/`0` (also `1.0`/`0.0`), `"true"`/`"false"` (any case), `"1"`/`"0"` | any other number or string, any other kind |
//! | `string`, `date` | a string | a number or boolean becomes its JSON text (`123` → `"123"`) | an array or object |
//! | enum | a string (unknown values are kept, see the generated enums) | a number or boolean, as its JSON text | an array or object |
//! | structure | an object (each of its members decoded by these rules) | | any other kind |
//! | `list<T>` | an array whose elements all decode | an array whose elements all decode, some after conversion | anything but an array, or an array with **any** element that cannot be represented (or `null`): the **whole list** is left unset, so a partial list is never mistaken for the complete answer and positions keep their meaning |
//!
//! `null` and a missing member are always simply unset, and never reported.
//!
//! The runtime reports every converted or unset member once, as a `tracing` warning
//! naming the action, the member's path (e.g. `FlowInfo[0].Deadline`) and the
//! request id. The helpers here only note *that* something drifted (a thread-local
//! counter, so that a well-typed answer costs nothing more); when the counter moved,
//! the runtime finds the paths by comparing the answer with the decoded value
//! serialized back ([`drifts`]).
//!
//! Requests stay strict: these helpers are used only by types that are decoded from
//! answers, and the SDK's own types always serialize the documented type.
//!
//! Generated code uses them like this:
//!
//! ```
//! use tencentcloud_runtime::de::lenient;
//!
//! #[derive(serde::Deserialize, Debug, PartialEq)]
//! #[serde(rename_all = "PascalCase")]
//! struct Answer {
//!     #[serde(default, deserialize_with = "lenient::option")]
//!     total: Option<u64>,
//!     #[serde(default, deserialize_with = "lenient::option")]
//!     flag: Option<bool>,
//!     #[serde(default, deserialize_with = "lenient::option")]
//!     ids: Option<Vec<i64>>,
//! }
//!
//! let a: Answer = serde_json::from_str(r#"{"Total":"23","Flag":1,"Ids":["1","x"]}"#).unwrap();
//! assert_eq!(a, Answer { total: Some(23), flag: Some(true), ids: None });
//! ```

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

thread_local! {
    static DRIFTS: Cell<u64> = const { Cell::new(0) };
    static SERIALIZING_REQUEST: Cell<bool> = const { Cell::new(false) };
}

/// How many members this thread has converted or left unset so far (it only grows).
/// Compare two readings around a decode to learn whether anything drifted.
pub fn drift_count() -> u64 {
    DRIFTS.with(Cell::get)
}

fn note_drift() {
    DRIFTS.with(|d| d.set(d.get().wrapping_add(1)));
}

/// A type that decodes leniently: `Ok(None)` for `null` and for a value that cannot be
/// represented (noted as drift), `Ok(Some(_))` otherwise, converting where the rules
/// of the [module](self) allow. `Err` only for input that is not JSON at all.
///
/// Implemented for the scalar types, `String`, `Vec<T>` and `Box<T>`; generated crates
/// implement it for their structures (with [`record`]) and enums (with
/// [`enumeration`]).
pub trait Lenient<'de>: Sized {
    /// Decodes one value leniently.
    ///
    /// # Errors
    ///
    /// Only what the deserializer itself reports (malformed input), never a
    /// mistyped value.
    fn deserialize_lenient<D: Deserializer<'de>>(deserializer: D)
        -> Result<Option<Self>, D::Error>;
}

/// `#[serde(default, deserialize_with = "::tencentcloud_runtime::de::lenient::option")]`
/// for an `Option<T>` member of a type decoded from answers.
///
/// # Errors
///
/// Only for malformed input (see [`Lenient`]).
pub fn option<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient<'de>,
{
    T::deserialize_lenient(deserializer)
}

/// [`Lenient::deserialize_lenient`] for a structure: an object decodes as `T` (whose
/// members are themselves lenient); `null` is `None`; any other kind is `None` and
/// noted as drift.
///
/// # Errors
///
/// What `T` reports for an object (only malformed input for generated types).
pub fn record<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct V<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            T::deserialize(MapAccessDeserializer::new(map)).map(Some)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            drain_seq(seq)?;
            note_drift();
            Ok(None)
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            dropped()
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            dropped()
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            dropped()
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            dropped()
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            dropped()
        }
        fn visit_bytes<E>(self, _: &[u8]) -> Result<Self::Value, E> {
            dropped()
        }
    }
    deserializer.deserialize_any(V(PhantomData))
}

/// [`Lenient::deserialize_lenient`] for a string enum built from its wire text: a string
/// is used as is; a number or boolean is used as its JSON text (noted as drift); an
/// array or object is `None` (noted as drift).
///
/// # Errors
///
/// Only for malformed input.
pub fn enumeration<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    Ok(String::deserialize_lenient(deserializer)?.map(|s| T::from(&s)))
}

fn dropped<T, E>() -> Result<Option<T>, E> {
    note_drift();
    Ok(None)
}

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// A JSON scalar as received (arrays and objects are skipped).
enum Scalar<'de> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(Cow<'de, str>),
    /// An array or an object.
    Composite,
}

impl<'de> Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Scalar::Null)
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Scalar::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Scalar::U64(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Scalar::I64(v))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Scalar::F64(v))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Owned(v)))
            }
            fn visit_bytes<E>(self, _: &[u8]) -> Result<Self::Value, E> {
                Ok(Scalar::Composite)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                drain_seq(seq)?;
                Ok(Scalar::Composite)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                drain_map(map)?;
                Ok(Scalar::Composite)
            }
        }
        d.deserialize_any(V)
    }
}

/// Decodes a scalar and converts it with `convert`, which returns the value and
/// whether it was converted (`None`: cannot be represented).
fn scalar<'de, D, T>(
    d: D,
    convert: impl FnOnce(Scalar<'de>) -> Option<(T, bool)>,
) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
{
    let raw = Scalar::deserialize(d)?;
    if matches!(raw, Scalar::Null) {
        return Ok(None);
    }
    Ok(match convert(raw) {
        Some((value, converted)) => {
            if converted {
                note_drift();
            }
            Some(value)
        }
        None => {
            note_drift();
            None
        }
    })
}

/// 2^64 and 2^63 as floats: the first values out of range for `u64` and `i64`.
const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

fn whole_u64(f: f64) -> Option<u64> {
    (f.fract() == 0.0 && (0.0..TWO_POW_64).contains(&f)).then_some(f as u64)
}

fn whole_i64(f: f64) -> Option<i64> {
    (f.fract() == 0.0 && (-TWO_POW_63..TWO_POW_63).contains(&f)).then_some(f as i64)
}

/// A number written in a string: an integer, or a finite float.
enum NumberText {
    U64(u64),
    I64(i64),
    F64(f64),
}

fn number_text(s: &str) -> Option<NumberText> {
    if let Ok(n) = s.parse::<u64>() {
        return Some(NumberText::U64(n));
    }
    if let Ok(n) = s.parse::<i64>() {
        return Some(NumberText::I64(n));
    }
    // Only what JSON numbers look like: no "inf", "NaN", "+1", ".5" or "1.".
    let json_like = s
        .bytes()
        .all(|b| b.is_ascii_digit() || b"-.eE+".contains(&b))
        && s.bytes()
            .next()
            .is_some_and(|b| b == b'-' || b.is_ascii_digit());
    match s.parse::<f64>() {
        Ok(f) if json_like && f.is_finite() => Some(NumberText::F64(f)),
        _ => None,
    }
}

impl<'de> Lenient<'de> for u64 {
    fn deserialize_lenient<D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        scalar(d, |raw| match raw {
            Scalar::U64(n) => Some((n, false)),
            Scalar::I64(n) => u64::try_from(n).ok().map(|n| (n, false)),
            Scalar::F64(f) => whole_u64(f).map(|n| (n, true)),
            Scalar::Str(s) => match number_text(&s)? {
                NumberText::U64(n) => Some((n, true)),
                NumberText::I64(_) => None,
                NumberText::F64(f) => whole_u64(f).map(|n| (n, true)),
            },
            _ => None,
        })
    }
}

impl<'de> Lenient<'de> for i64 {
    fn deserialize_lenient<D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        scalar(d, |raw| match raw {
            Scalar::U64(n) => i64::try_from(n).ok().map(|n| (n, false)),
            Scalar::I64(n) => Some((n, false)),
            Scalar::F64(f) => whole_i64(f).map(|n| (n, true)),
            Scalar::Str(s) => match number_text(&s)? {
                NumberText::U64(n) => i64::try_from(n).ok().map(|n| (n, true)),
                NumberText::I64(n) => Some((n, true)),
                NumberText::F64(f) => whole_i64(f).map(|n| (n, true)),
            },
            _ => None,
        })
    }
}

impl<'de> Lenient<'de> for f64 {
    fn deserialize_lenient<D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        scalar(d, |raw| match raw {
            Scalar::U64(n) => Some((n as f64, false)),
            Scalar::I64(n) => Some((n as f64, false)),
            Scalar::F64(f) => Some((f, false)),
            Scalar::Str(s) => match number_text(&s)? {
                NumberText::U64(n) => Some((n as f64, true)),
                NumberText::I64(n) => Some((n as f64, true)),
                NumberText::F64(f) => Some((f, true)),
            },
            _ => None,
        })
    }
}

impl<'de> Lenient<'de> for bool {
    fn deserialize_lenient<D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        let from_int = |n: i128| match n {
            0 => Some((false, true)),
            1 => Some((true, true)),
            _ => None,
        };
        scalar(d, |raw| match raw {
            Scalar::Bool(b) => Some((b, false)),
            Scalar::U64(n) => from_int(i128::from(n)),
            Scalar::I64(n) => from_int(i128::from(n)),
            Scalar::F64(0.0) => Some((false, true)),
            Scalar::F64(1.0) => Some((true, true)),
            Scalar::Str(s) => match s.as_ref() {
                "1" => Some((true, true)),
                "0" => Some((false, true)),
                t if t.eq_ignore_ascii_case("true") => Some((true, true)),
                t if t.eq_ignore_ascii_case("false") => Some((false, true)),
                _ => None,
            },
            _ => None,
        })
    }
}

impl<'de> Lenient<'de> for String {
    fn deserialize_lenient<D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        scalar(d, |raw| match raw {
            Scalar::Str(s) => Some((s.into_owned(), false)),
            Scalar::Bool(b) => Some((b.to_string(), true)),
            Scalar::U64(n) => Some((n.to_string(), true)),
            Scalar::I64(n) => Some((n.to_string(), true)),
            Scalar::F64(f) => Some((Value::from(f).to_string(), true)),
            Scalar::Null | Scalar::Composite => None,
        })
    }
}

impl<'de, T: Lenient<'de>> Lenient<'de> for Box<T> {
    fn deserialize_lenient<D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        Ok(T::deserialize_lenient(d)?.map(Box::new))
    }
}

/// One element of a lenient list.
struct Element<T>(PhantomData<T>);

impl<'de, T: Lenient<'de>> DeserializeSeed<'de> for Element<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        T::deserialize_lenient(d)
    }
}

impl<'de, T: Lenient<'de>> Lenient<'de> for Vec<T> {
    fn deserialize_lenient<D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Lenient<'de>> Visitor<'de> for V<T> {
            type Value = Option<Vec<T>>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(256));
                let mut complete = true;
                while let Some(item) = seq.next_element_seed(Element::<T>(PhantomData))? {
                    match item {
                        Some(item) if complete => items.push(item),
                        Some(_) => {}
                        None => {
                            complete = false;
                            items = Vec::new();
                        }
                    }
                }
                if complete {
                    Ok(Some(items))
                } else {
                    dropped()
                }
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                drain_map(map)?;
                dropped()
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                dropped()
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                dropped()
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                dropped()
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                dropped()
            }
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                dropped()
            }
            fn visit_bytes<E>(self, _: &[u8]) -> Result<Self::Value, E> {
                dropped()
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// `#[serde(skip_serializing_if = "::tencentcloud_runtime::de::lenient::skip_other")]`
/// for the flattened map of members a type does not declare (`other`): skipped when
/// empty, and always while the runtime serializes a *request*, so that members the
/// service returned and the SDK does not know are printed and kept but never sent
/// back (the service refuses parameters it does not know).
pub fn skip_other(other: &Map<String, Value>) -> bool {
    other.is_empty() || SERIALIZING_REQUEST.with(Cell::get)
}

/// Runs `f` (a request's serialization) with [`skip_other`] dropping every `other` map.
pub(crate) fn serializing_request<R>(f: impl FnOnce() -> R) -> R {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            SERIALIZING_REQUEST.with(|s| s.set(self.0));
        }
    }
    let _reset = Reset(SERIALIZING_REQUEST.with(|s| s.replace(true)));
    f()
}

/// One member of an answer that did not have its documented type.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Drift {
    /// Where, relative to the decoded object: `Total`, `FlowInfo[0].Deadline`, `Ids[1]`.
    pub path: String,
    /// The JSON the service sent (cut after [`Drift::MAX_TEXT`] bytes).
    pub received: String,
    /// The JSON the member decoded to, or `None` when it was left unset.
    pub decoded: Option<String>,
}

impl Drift {
    /// Longest `received` / `decoded` text kept, in bytes (then cut with `…`).
    pub const MAX_TEXT: usize = 120;
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.decoded {
            Some(decoded) => write!(
                f,
                "{}: received {}, decoded as {}",
                self.path, self.received, decoded
            ),
            None => write!(
                f,
                "{}: received {}, which the documented type cannot represent; left unset",
                self.path, self.received
            ),
        }
    }
}

/// The members where `received` (an answer's JSON object) and `decoded` (the value
/// decoded from it, serialized back) differ, in key order: the members that
/// were converted or left unset. `skip` names top-level members to ignore (such as
/// `RequestId`).
///
/// Not a general JSON diff: `null` and an absent member are the same, and an integer
/// received for a member that holds a float is no difference.
pub fn drifts(received: &Value, decoded: &Value, skip: &[&str]) -> Vec<Drift> {
    let mut out = Vec::new();
    let mut path = String::new();
    match (received, decoded) {
        (Value::Object(r), Value::Object(d)) => {
            for (key, value) in r {
                if !skip.contains(&key.as_str()) {
                    member(&mut path, key, value, d.get(key), &mut out);
                }
            }
        }
        _ => walk(&mut path, received, Some(decoded), &mut out),
    }
    out
}

fn member(path: &mut String, key: &str, r: &Value, d: Option<&Value>, out: &mut Vec<Drift>) {
    let len = path.len();
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
    walk(path, r, d, out);
    path.truncate(len);
}

fn walk(path: &mut String, r: &Value, d: Option<&Value>, out: &mut Vec<Drift>) {
    let d = d.filter(|d| !d.is_null());
    match (r, d) {
        (Value::Null, None) => {}
        (Value::Object(r), Some(Value::Object(d))) => {
            for (key, value) in r {
                member(path, key, value, d.get(key), out);
            }
        }
        (Value::Array(r), Some(Value::Array(d))) if r.len() == d.len() => {
            for (i, (r, d)) in r.iter().zip(d).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(path, r, Some(d), out);
                path.truncate(len);
            }
        }
        (Value::Number(r), Some(Value::Number(d))) if same_number(r, d) => {}
        (r, Some(d)) if r == d => {}
        (r, d) => out.push(Drift {
            path: if path.is_empty() {
                String::from("(the whole value)")
            } else {
                path.clone()
            },
            received: short_json(r),
            decoded: d.map(short_json),
        }),
    }
}

/// Equal numbers, where an integer received for a float member is no difference but
/// a float received for an integer member (`3.0` → `3`) is.
fn same_number(r: &serde_json::Number, d: &serde_json::Number) -> bool {
    if d.is_f64() && !r.is_f64() {
        return r.as_f64() == d.as_f64();
    }
    r == d
}

fn short_json(v: &Value) -> String {
    crate::error::prefix_text(v.to_string().as_bytes(), Drift::MAX_TEXT)
}
