//! The callback message envelope (facts file §5) and the outcome of a parse.

use serde::Serialize;
use serde_json::{Map, Value};

use super::error::CallbackError;

/// `MsgVersion` of partner / channel-edition (`essbasic`) messages (facts file §5).
pub const MSG_VERSION_THIRD_PARTY_APP: &str = "ThirdPartyApp";
/// `MsgVersion` of enterprise-edition (`ess`) messages (facts file §5).
pub const MSG_VERSION_CUSTOM_APP: &str = "CustomApp";

/// The four envelope members of a V2 callback message.
const ENVELOPE_MEMBERS: [&str; 4] = ["MsgId", "MsgType", "MsgVersion", "MsgData"];

/// One V2 callback message (facts file §5): what the platform's JSON says, nothing
/// dropped.
///
/// Serializes back to the compact JSON the platform sends (envelope members first
/// under their PascalCase names, then [`extra`](Self::extra)).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Envelope {
    /// `MsgId`: the message id (real ids have 32 characters). Also the natural key
    /// for de-duplicating resent messages (facts file §1, not stated by Tencent).
    #[serde(rename = "MsgId")]
    pub msg_id: String,
    /// `MsgType`: which notification, e.g. `"FlowStatusChange"` (facts file §6; an
    /// open set, new values appear over time, some spelled unusually such as
    /// `"ForwardFLow"` and `"QuiteJob"`).
    #[serde(rename = "MsgType")]
    pub msg_type: String,
    /// `MsgVersion`: [`MSG_VERSION_THIRD_PARTY_APP`] for the partner edition,
    /// [`MSG_VERSION_CUSTOM_APP`] for the enterprise edition.
    #[serde(rename = "MsgVersion")]
    pub msg_version: String,
    /// `MsgData`: the message's data, a JSON object whose shape depends on
    /// [`msg_type`](Self::msg_type) (facts file §7), with every member the service
    /// sent. When the platform sent `MsgData` as a JSON-encoded *string* holding an
    /// object (seen in one third-party integration, facts file §4), this is the
    /// decoded object.
    #[serde(rename = "MsgData")]
    pub msg_data: Value,
    /// Any other top-level members, kept as sent (none are documented today).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Envelope {
    /// An envelope with the four members and no extra ones.
    pub fn new(
        msg_id: impl Into<String>,
        msg_type: impl Into<String>,
        msg_version: impl Into<String>,
        msg_data: Value,
    ) -> Self {
        Envelope {
            msg_id: msg_id.into(),
            msg_type: msg_type.into(),
            msg_version: msg_version.into(),
            msg_data,
            extra: Map::new(),
        }
    }

    /// The compact JSON text of the envelope, as the platform sends it.
    pub fn to_json_bytes(&self) -> Vec<u8> {
        // Serializing strings, maps and `Value`s to a Vec cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// The outcome of a successfully verified and decoded callback request.
///
/// A receiver answers HTTP 200 to every variant (facts file §1: 200 means
/// "delivered" and stops resends).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Parsed {
    /// A V2 message in its envelope (body forms A, B or C of facts file §4).
    Message(Envelope),
    /// A V1 ("old callbacks") message: a JSON object with none of the envelope
    /// members, such as the bare flow-status object of facts file §5 and test vector
    /// 1 (body forms B and D of facts file §4). Only accepted while
    /// [`accept_legacy_v1`](super::CallbackVerifierBuilder::accept_legacy_v1) is on.
    LegacyV1(Map<String, Value>),
    /// The reachability probe: the body `{}` (facts file §1 and §4 form E). Carries
    /// no data; answer it with 200.
    Probe,
}

/// A JSON object → envelope or V1 message.
pub(crate) fn classify_object(
    mut object: Map<String, Value>,
    accept_legacy_v1: bool,
) -> Result<Parsed, CallbackError> {
    if !ENVELOPE_MEMBERS.iter().any(|m| object.contains_key(*m)) {
        if object.is_empty() {
            return Err(CallbackError::not_envelope("$", "an empty JSON object"));
        }
        if accept_legacy_v1 {
            return Ok(Parsed::LegacyV1(object));
        }
        return Err(CallbackError::not_envelope(
            "$.MsgId",
            "missing (a V1 message without envelope; legacy V1 messages are not accepted)",
        ));
    }
    let msg_id = take_string(&mut object, "MsgId")?;
    let msg_type = take_string(&mut object, "MsgType")?;
    let msg_version = take_string(&mut object, "MsgVersion")?;
    let msg_data = match object.remove("MsgData") {
        Some(data @ Value::Object(_)) => data,
        Some(Value::String(text)) => match serde_json::from_str::<Value>(&text) {
            Ok(data @ Value::Object(_)) => data,
            _ => {
                return Err(CallbackError::not_envelope(
                    "$.MsgData",
                    "a string that does not hold a JSON object",
                ))
            }
        },
        Some(other) => {
            return Err(CallbackError::not_envelope(
                "$.MsgData",
                format!("expected a JSON object, found {}", json_kind(&other)),
            ))
        }
        None => return Err(CallbackError::not_envelope("$.MsgData", "missing")),
    };
    Ok(Parsed::Message(Envelope {
        msg_id,
        msg_type,
        msg_version,
        msg_data,
        extra: object,
    }))
}

fn take_string(
    object: &mut Map<String, Value>,
    member: &'static str,
) -> Result<String, CallbackError> {
    let path = format!("$.{member}");
    match object.remove(member) {
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(CallbackError::NotEnvelope {
            path,
            reason: format!("expected a string, found {}", json_kind(&other)),
        }),
        None => Err(CallbackError::NotEnvelope {
            path,
            reason: "missing".to_owned(),
        }),
    }
}

/// The JSON type of a value, for error messages (never the value itself).
pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
