//! Serde helpers used by generated response types.

pub mod lenient;

use serde::{Deserialize, Deserializer};

/// Deserializes a value, turning JSON `null` into `T::default()`.
///
/// Tencent Cloud answers sometimes carry `null` where a list, string or number is
/// documented. Use it together with `#[serde(default)]` so that a missing field is
/// accepted as well:
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Resp {
///     #[serde(default, deserialize_with = "::tencentcloud_runtime::de::null_as_default")]
///     items: Vec<String>,
/// }
/// let r: Resp = serde_json::from_str(r#"{"items": null}"#).unwrap();
/// assert!(r.items.is_empty());
/// ```
pub fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct S {
        #[serde(default, deserialize_with = "super::null_as_default")]
        v: Vec<u32>,
        #[serde(default, deserialize_with = "super::null_as_default")]
        n: i64,
    }

    #[test]
    fn null_missing_and_present() {
        let a: S = serde_json::from_str(r#"{"v":null,"n":null}"#).unwrap();
        assert_eq!(a, S { v: vec![], n: 0 });
        let b: S = serde_json::from_str(r#"{}"#).unwrap();
        assert_eq!(b, S { v: vec![], n: 0 });
        let c: S = serde_json::from_str(r#"{"v":[1,2],"n":7}"#).unwrap();
        assert_eq!(
            c,
            S {
                v: vec![1, 2],
                n: 7
            }
        );
        assert!(serde_json::from_str::<S>(r#"{"v":"x"}"#).is_err());
    }
}
