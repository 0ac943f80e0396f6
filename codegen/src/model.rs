//! The validated, resolved schema the emitters work from.
//!
//! Everything here is already checked: type references resolve, names are
//! unique and valid, Rust names are decided, examples match their action.
//! Collections are sorted so that emitting is deterministic.

use std::collections::BTreeMap;

/// The whole service.
#[derive(Clone, Debug, PartialEq)]
pub struct Schema {
    /// Service metadata.
    pub service: Service,
    /// Structures, sorted by name.
    pub structures: Vec<Structure>,
    /// Enums, sorted by name.
    pub enums: Vec<Enum>,
    /// Actions, sorted by name.
    pub actions: Vec<Action>,
    /// Every error code (common and per action), sorted by code.
    pub error_codes: Vec<ErrorCode>,
    /// Callback message types, sorted by name.
    pub callbacks: Vec<Callback>,
}

/// Service metadata from `service.yaml`.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    /// Short name, e.g. `essbasic`.
    pub name: String,
    /// The generated crate's name as a Rust path root, e.g. `essbasic`.
    pub crate_name: String,
    /// Prefix of the service's environment variables, e.g. `ESSBASIC`.
    pub env_prefix: String,
    /// Human title.
    pub title: String,
    /// API version.
    pub api_version: String,
    /// Default host.
    pub endpoint: String,
    /// Hosts serving some actions instead of `endpoint`, by role (`file`).
    pub hosts: BTreeMap<String, String>,
    /// Other deployments besides production, by name (`test`).
    pub environments: BTreeMap<String, Environment>,
    /// Crate documentation.
    pub doc: Option<String>,
    /// Default requests per second.
    pub rate_limit: u32,
    /// Source file.
    pub file: String,
}

/// The hosts of one deployment of the service.
#[derive(Clone, Debug, PartialEq)]
pub struct Environment {
    /// Main host.
    pub endpoint: String,
    /// Hosts by role: the same roles as [`Service::hosts`].
    pub hosts: BTreeMap<String, String>,
}

/// Host roles the runtime can route to (`tencentcloud_runtime::HostRole`).
pub const HOST_ROLES: &[&str] = &["file"];

/// Deployments the runtime can select besides production
/// (`tencentcloud_runtime::Environment`).
pub const ENVIRONMENTS: &[&str] = &["test"];

/// Where a structure is used, which decides how strictly it decodes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Reachable from some request.
    pub input: bool,
    /// Reachable from some response or callback message (decoded leniently).
    pub output: bool,
}

/// A named structure.
#[derive(Clone, Debug, PartialEq)]
pub struct Structure {
    /// Wire name.
    pub name: String,
    /// Rust type name.
    pub rust_name: String,
    /// Rust module (file) name.
    pub module: String,
    /// Documentation.
    pub doc: String,
    /// Members in wire order.
    pub fields: Vec<Field>,
    /// Where it is used.
    pub usage: Usage,
    /// Name of the static describing its members in the example program's request
    /// table, e.g. `AGENT_MEMBERS`.
    pub shape_static: String,
    /// Source file.
    pub file: String,
}

/// A member of a structure, request or response.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Wire name.
    pub wire_name: String,
    /// Rust field name (may be a raw identifier such as `r#type`).
    pub rust_name: String,
    /// The wire name, when serde's `PascalCase` of `rust_name` differs from it.
    pub serde_rename: Option<String>,
    /// Name of the chainable setter (used when the field is optional).
    pub setter: String,
    /// Resolved type.
    pub ty: TypeRef,
    /// Must be present (required and not deprecated).
    pub required: bool,
    /// Documented as no longer used.
    pub deprecated: bool,
    /// Documentation.
    pub doc: String,
    /// Documented example value.
    pub example: Option<String>,
    /// Stored behind a `Box` because the type contains its owner.
    pub boxed: bool,
}

/// A resolved type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// UTF-8 text.
    String,
    /// Signed 64-bit integer.
    Int64,
    /// Unsigned 64-bit integer.
    Uint64,
    /// 64-bit float.
    Float,
    /// Boolean.
    Bool,
    /// A date or time, kept as the text the service sends.
    Date,
    /// A list of values.
    List(Box<TypeRef>),
    /// A named structure (wire name).
    Struct(String),
    /// A named enum (schema name).
    Enum(String),
}

impl TypeRef {
    /// The element type of a (possibly nested) list, or the type itself.
    pub fn element(&self) -> &TypeRef {
        match self {
            TypeRef::List(inner) => inner.element(),
            other => other,
        }
    }
}

/// A string enum.
#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    /// Schema name.
    pub name: String,
    /// Rust type name.
    pub rust_name: String,
    /// Snake-case name for items named after the enum (its contract test).
    pub snake_name: String,
    /// Documentation.
    pub doc: String,
    /// Values in documented order.
    pub values: Vec<EnumValue>,
    /// Module of the file that declares it.
    pub owner: Owner,
    /// Name of the static listing its values in the example program's request
    /// table, e.g. `EXTENDED_SERVICE_TYPE_VALUES`.
    pub shape_static: String,
    /// Source file.
    pub file: String,
}

/// The generated file an item is emitted into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    /// `src/actions/<module>.rs`.
    Action(String),
    /// `src/structures/<module>.rs`.
    Structure(String),
    /// `src/callbacks/<module>.rs`.
    Callback(String),
    /// `src/enums.rs`: enums several files share.
    Shared,
}

/// One enum value.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumValue {
    /// Wire value.
    pub wire: String,
    /// Rust variant name.
    pub rust_name: String,
    /// Documentation.
    pub doc: String,
    /// No longer documented.
    pub deprecated: bool,
}

/// An API action.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    /// Wire name.
    pub name: String,
    /// Rust method name (may be a raw identifier).
    pub method: String,
    /// Rust module (file) name.
    pub module: String,
    /// Snake-case name for items named after the action (its contract test).
    pub snake_name: String,
    /// Name of the static holding the action's metadata, e.g. `MODIFY_EXTENDED_SERVICE_ACTION`.
    pub static_name: String,
    /// Request type name.
    pub request_type: String,
    /// Response type name.
    pub response_type: String,
    /// One-line summary.
    pub summary: String,
    /// Longer description.
    pub doc: Option<String>,
    /// Requests per second.
    pub rate_limit: u32,
    /// Deprecated by Tencent.
    pub deprecated: bool,
    /// The action's page in Tencent's API Explorer.
    pub reference_url: String,
    /// Role of the host serving the action (a key of [`Service::hosts`]);
    /// `None`: the service's endpoint.
    pub host: Option<String>,
    /// Request parameters.
    pub request: Vec<Field>,
    /// Response fields (without `RequestId`).
    pub response: Vec<Field>,
    /// How the action pages through a listing, when it does.
    pub pagination: Option<Pagination>,
    /// Error codes specific to this action, in documented order.
    pub errors: Vec<ActionError>,
    /// Documented examples.
    pub examples: Vec<Example>,
    /// Source file.
    pub file: String,
}

/// How a listing action pages: the members involved, resolved and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    /// Name of the client method returning the paginator, e.g. `describe_templates_pages`.
    pub method: String,
    /// The integer request member saying where the page starts.
    pub offset: Field,
    /// The integer request member giving the page size.
    pub limit: Field,
    /// The list response member holding the page's items.
    pub items: Field,
    /// The type of one item (the element type of `items`).
    pub item_type: TypeRef,
    /// The integer response member giving the number of items in the listing.
    pub total: Field,
    /// What one step of the offset counts.
    pub unit: crate::raw::OffsetUnit,
    /// What callers of the paginator should know.
    pub doc: Option<String>,
}

/// An error code as one action documents it.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionError {
    /// Wire code.
    pub code: String,
    /// Rust variant of the error-code enum.
    pub rust_name: String,
    /// What it means for this action.
    pub doc: String,
}

/// A documented example.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// Title.
    pub title: String,
    /// Name of the test the example becomes, e.g. `example_1_open_auto_sign`.
    pub test_name: String,
    /// Description.
    pub doc: Option<String>,
    /// Request body, parsed.
    pub request: serde_json::Value,
    /// Request body as written.
    pub request_text: String,
    /// Response as written.
    pub response_text: String,
    /// What the response decodes to.
    pub outcome: ExampleOutcome,
}

/// What an example's response decodes to.
#[derive(Clone, Debug, PartialEq)]
pub enum ExampleOutcome {
    /// A successful response with this request id.
    Success {
        /// `RequestId` of the response.
        request_id: String,
    },
    /// An error envelope.
    Error {
        /// Wire code.
        code: String,
        /// Rust variant of the error-code enum.
        rust_name: String,
        /// `RequestId` of the response.
        request_id: String,
    },
}

/// One error code of the service-wide error enum.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorCode {
    /// Dotted wire code.
    pub code: String,
    /// Rust variant name.
    pub rust_name: String,
    /// Description.
    pub doc: String,
    /// Safe to resend.
    pub retryable: bool,
    /// Common to every action.
    pub common: bool,
    /// Actions that document it, sorted.
    pub actions: Vec<String>,
}

/// A callback message type: the `MsgData` of messages with this `MsgType`.
#[derive(Clone, Debug, PartialEq)]
pub struct Callback {
    /// The `MsgType` value, exactly as sent.
    pub name: String,
    /// Rust name of its data struct and of its `Event` variant.
    pub rust_name: String,
    /// Rust module (file) name.
    pub module: String,
    /// One-line summary.
    pub summary: String,
    /// Longer description.
    pub doc: Option<String>,
    /// Members of `MsgData`; never required.
    pub fields: Vec<Field>,
    /// Documented messages.
    pub examples: Vec<CallbackExample>,
    /// Source file.
    pub file: String,
}

/// A documented callback message.
#[derive(Clone, Debug, PartialEq)]
pub struct CallbackExample {
    /// Title.
    pub title: String,
    /// Name of the test the example becomes.
    pub test_name: String,
    /// Description.
    pub doc: Option<String>,
    /// The message, parsed.
    pub message: serde_json::Value,
    /// The message as written.
    pub message_text: String,
}
