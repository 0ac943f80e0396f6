//! The YAML schema format exactly as humans write it.
//!
//! These types mirror the files under `schema/` one to one and are only ever
//! deserialized (by `serde_yaml`, with unknown keys rejected) and, by the
//! importer, serialized back. Nothing here is checked beyond its shape: the
//! `validate` module turns a [`crate::load::RawSchema`] into a resolved model or a list of
//! diagnostics.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `schema/service.yaml`: what the whole service shares.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawService {
    /// Short service name used in the host and in the signature scope, e.g. `essbasic`.
    pub name: String,
    /// API version sent as `X-TC-Version`, e.g. `2021-05-26`.
    pub api_version: String,
    /// Default host, e.g. `essbasic.tencentcloudapi.com`.
    pub endpoint: String,
    /// Human title of the service, used in crate docs.
    pub title: String,
    /// Crate-level documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Default requests per second of each action.
    pub rate_limit: u32,
    /// Error codes any action may return.
    #[serde(default)]
    pub errors: Vec<RawErrorCode>,
    /// Hosts serving some actions instead of `endpoint`, by role, e.g.
    /// `file: file.ess.tencent.cn` for uploads (see an action's `host`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hosts: BTreeMap<String, String>,
    /// Other deployments of the service besides production, by name, e.g.
    /// `test`, each with its own endpoint and hosts.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub environments: BTreeMap<String, RawEnvironment>,
}

/// The hosts of one deployment of the service.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawEnvironment {
    /// What the deployment is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Its main host.
    pub endpoint: String,
    /// Its hosts by role; the same roles as the service's `hosts`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hosts: BTreeMap<String, String>,
}

/// One error code with its meaning.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawErrorCode {
    /// Dotted wire code, e.g. `InvalidParameter.ParamError`.
    pub code: String,
    /// What the code means, in one sentence.
    pub doc: String,
    /// Whether the request surely did not execute, so resending it is safe.
    #[serde(default, skip_serializing_if = "is_false")]
    pub retryable: bool,
}

/// `schema/structures/<Name>.yaml`: a named structure shared by actions.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawStructure {
    /// Structure name as Tencent spells it, e.g. `Agent`.
    pub structure: String,
    /// The Rust type name, when it must differ from the structure name (a
    /// name of the Rust prelude such as `Option`, which `use types::*` would
    /// shadow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// What the structure is.
    pub doc: String,
    /// Members in wire order.
    pub fields: Vec<RawField>,
    /// Enums used by this structure's fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<RawEnum>,
    /// Maintainers' notes; kept verbatim, never emitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A request parameter, response field or structure member.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawField {
    /// Wire name, e.g. `ProxyOrganizationOpenId`.
    pub name: String,
    /// Type expression: `string`, `int64`, `uint64`, `float`, `bool`, `date`,
    /// `list<T>`, or the name of a structure or enum.
    #[serde(rename = "type")]
    pub ty: String,
    /// Must be sent (requests and structures); ignored when decoding responses.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Documented as no longer used; still accepted and decoded.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// What the field is.
    pub doc: String,
    /// A documented example value, shown in the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
}

/// A string enum: the closed list of values a field documents.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawEnum {
    /// Rust type name, e.g. `ExtendedServiceType`.
    pub name: String,
    /// What the enum selects.
    pub doc: String,
    /// Allowed wire values in documented order.
    pub values: Vec<RawEnumValue>,
}

/// `schema/enums.yaml`: the enums that several files use.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawEnumsFile {
    /// The shared enums, sorted by name.
    pub enums: Vec<RawEnum>,
}

/// One allowed value of an enum.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawEnumValue {
    /// Wire value, e.g. `AUTO_SIGN`.
    pub value: String,
    /// What the value means.
    pub doc: String,
    /// No longer listed by the docs; kept so existing code keeps compiling.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
}

/// `schema/actions/<Action>.yaml`: one API action.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawAction {
    /// Action name sent as `X-TC-Action`, e.g. `ModifyExtendedService`.
    pub action: String,
    /// One-line summary.
    pub summary: String,
    /// Longer description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Requests per second; the service default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<u32>,
    /// The role of the host serving the action (a key of the service's
    /// `hosts`), when it is not the service's endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Documented as deprecated by Tencent.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// How the action pages through a listing, when it does: the generated
    /// client then offers a paginator for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<RawPagination>,
    /// Request parameters (the common ones such as `Action` are implied).
    #[serde(default)]
    pub request: Vec<RawField>,
    /// Response fields (`RequestId` is implied).
    #[serde(default)]
    pub response: Vec<RawField>,
    /// Enums used by this action's parameters and fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<RawEnum>,
    /// Error codes specific to this action.
    #[serde(default)]
    pub errors: Vec<RawErrorCode>,
    /// Documented examples.
    #[serde(default)]
    pub examples: Vec<RawExample>,
    /// Maintainers' notes; kept verbatim, never emitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Which members of a listing action page through it, by wire name.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawPagination {
    /// The integer request member saying where the page starts, e.g. `Offset`.
    pub offset: String,
    /// The integer request member giving the page size, e.g. `Limit`.
    pub limit: String,
    /// The list response member holding the page's items, e.g. `Templates`.
    pub items: String,
    /// The integer response member giving the number of items in the whole
    /// listing, e.g. `TotalCount`.
    pub total: String,
    /// What one step of `offset` counts: `item` (the default, the position of
    /// the first item) or `page` (the page number, from 0).
    #[serde(default, skip_serializing_if = "OffsetUnit::is_item")]
    pub offset_unit: OffsetUnit,
    /// What callers of the paginator should know, e.g. parameters that turn
    /// paging off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// What one step of a paged action's offset counts.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum OffsetUnit {
    /// The offset is the position of the first item to return, from 0.
    #[default]
    Item,
    /// The offset is the number of the page to return, from 0.
    Page,
}

impl OffsetUnit {
    fn is_item(&self) -> bool {
        *self == OffsetUnit::Item
    }
}

/// A documented request/response pair.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    /// Short title, e.g. `Close automatic signing`.
    pub title: String,
    /// What the example shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Request body as JSON text.
    pub request: String,
    /// Full response as JSON text (`{"Response": {...}}`).
    pub response: String,
    /// Written by hand, not taken from Tencent's examples: an import keeps
    /// it even though the description does not have it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub hand_written: bool,
}

/// `schema/callbacks/<MsgType>.yaml`: one callback message type, i.e. the
/// `MsgData` of the notifications whose `MsgType` is [`callback`](Self::callback).
/// The envelope (`MsgId`, `MsgType`, `MsgVersion`, `MsgData`) is implied.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawCallback {
    /// The `MsgType` value exactly as sent, e.g. `FlowStatusChange`; also the file name.
    pub callback: String,
    /// One-line summary.
    pub summary: String,
    /// Longer description: when the platform sends it, what to do with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Members of `MsgData` in documented order. Callbacks decode leniently:
    /// `required` is refused by validation.
    #[serde(default)]
    pub fields: Vec<RawField>,
    /// Enums used by this file's fields (and possibly by other callback files).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<RawEnum>,
    /// Documented messages; at least one.
    #[serde(default)]
    pub examples: Vec<RawCallbackExample>,
    /// Maintainers' notes; kept verbatim, never emitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A documented callback message.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawCallbackExample {
    /// Short title, e.g. `Everyone signed`.
    pub title: String,
    /// What the example shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The whole decrypted body as JSON text: the envelope with `MsgData`.
    pub message: String,
}

fn is_false(b: &bool) -> bool {
    !*b
}
