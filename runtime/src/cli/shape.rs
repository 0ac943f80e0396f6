//! What the example program knows of a service's requests, so that a mistake in the
//! request JSON is caught before anything is sent.
//!
//! The code generator emits one [`RequestSchema`] per service into the example
//! program: each action's request members and, recursively, the members of the
//! structures and the values of the enums they use. [`check_request`] compares a
//! request with it:
//!
//! * a member the action (or a nested structure) does not have is an error, with a
//!   did-you-mean: serde would otherwise drop it silently and send a different call;
//! * an enum value that is not documented is a warning listing the known values; the
//!   request is still sent, since the service may know values newer than the schema.
//!
//! Types are not checked here: decoding the typed request reports those.

use std::fmt;

use serde_json::Value;

/// The request members of every action of a service.
#[derive(Debug)]
pub struct RequestSchema {
    /// Every action, sorted by name.
    pub actions: &'static [ActionShape],
}

impl RequestSchema {
    /// Knows nothing: every action name and member is let through to the dispatcher.
    pub const EMPTY: RequestSchema = RequestSchema { actions: &[] };

    /// The action called `name`.
    pub fn action(&self, name: &str) -> Option<&'static ActionShape> {
        self.actions.iter().find(|a| a.name == name)
    }

    /// Up to three action names closest to `name`, best first: the likely typos, or,
    /// when none is close, the three nearest anyway.
    pub fn closest_actions(&self, name: &str) -> Vec<&'static str> {
        let mut scored: Vec<(f64, &'static str)> = self
            .actions
            .iter()
            .map(|a| (similarity(name, a.name), a.name))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        let close: Vec<&'static str> = scored
            .iter()
            .filter(|(score, _)| *score > CLOSE)
            .take(3)
            .map(|(_, n)| *n)
            .collect();
        if close.is_empty() {
            scored.iter().take(3).map(|(_, n)| *n).collect()
        } else {
            close
        }
    }
}

/// One action: its name and request members.
#[derive(Debug)]
pub struct ActionShape {
    /// Wire name, e.g. `ModifyExtendedService`.
    pub name: &'static str,
    /// Request members, in documented order.
    pub request: &'static [Member],
}

/// A structure used in requests.
#[derive(Debug)]
pub struct StructureShape {
    /// Wire name, e.g. `Agent`.
    pub name: &'static str,
    /// Members, in documented order.
    pub members: &'static [Member],
}

/// An enum used in requests.
#[derive(Debug)]
pub struct EnumShape {
    /// Schema name, e.g. `ExtendedServiceType`.
    pub name: &'static str,
    /// Every documented value (deprecated ones included), in documented order.
    pub values: &'static [&'static str],
}

/// A member of a request or structure. A list member is described by its elements.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    /// Wire name, e.g. `ProxyOperator`.
    pub name: &'static str,
    /// What its value (or each element of its list) is.
    pub kind: Kind,
}

impl Member {
    /// A member holding text, numbers, booleans or dates (not checked further).
    pub const fn value(name: &'static str) -> Member {
        Member {
            name,
            kind: Kind::Value,
        }
    }

    /// A member holding a structure (or a list of them).
    pub const fn structure(name: &'static str, shape: &'static StructureShape) -> Member {
        Member {
            name,
            kind: Kind::Structure(shape),
        }
    }

    /// A member holding an enum value (or a list of them).
    pub const fn enumeration(name: &'static str, shape: &'static EnumShape) -> Member {
        Member {
            name,
            kind: Kind::Enum(shape),
        }
    }
}

/// What a member holds.
#[derive(Clone, Copy)]
pub enum Kind {
    /// A scalar: text, number, boolean or date.
    Value,
    /// A structure.
    Structure(&'static StructureShape),
    /// An enum value.
    Enum(&'static EnumShape),
}

impl fmt::Debug for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // By name only: structures may contain themselves.
        match self {
            Kind::Value => f.write_str("Value"),
            Kind::Structure(s) => write!(f, "Structure({})", s.name),
            Kind::Enum(e) => write!(f, "Enum({})", e.name),
        }
    }
}

/// What [`check_request`] found, as messages without the `error: `/`warning: `
/// prefix; a message may continue on indented lines (`  help: ...`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    /// Mistakes that stop the call: members that do not exist.
    pub errors: Vec<String>,
    /// Doubts that do not: enum values this version does not document.
    pub warnings: Vec<String>,
}

/// Compares a request (parsed JSON) with what `action` accepts. Only objects are
/// looked into; values of the wrong type are left to the typed decoding.
pub fn check_request(action: &ActionShape, request: &Value) -> Findings {
    let mut findings = Findings::default();
    if let Value::Object(map) = request {
        let owner = Owner::Action(action.name);
        check_members(owner, action.request, map, "", &mut findings);
    }
    findings
}

/// Whose members are being checked, for messages.
#[derive(Clone, Copy)]
enum Owner {
    Action(&'static str),
    Structure(&'static str),
}

fn check_members(
    owner: Owner,
    members: &'static [Member],
    map: &serde_json::Map<String, Value>,
    prefix: &str,
    findings: &mut Findings,
) {
    for (name, value) in map {
        let path = format!("{prefix}{name}");
        let Some(member) = members.iter().find(|m| m.name == name) else {
            let names = members.iter().map(|m| m.name);
            let (head, what) = match owner {
                Owner::Action(action) => {
                    (format!("{action} has no parameter `{name}`"), "parameters")
                }
                Owner::Structure(s) => (format!("`{path}`: {s} has no member `{name}`"), "members"),
            };
            let help = match did_you_mean(name, names.clone()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("its {what} are {}", names.collect::<Vec<_>>().join(", ")),
            };
            findings.errors.push(format!("{head}\n  help: {help}"));
            continue;
        };
        check_value(member.kind, value, &path, findings);
    }
}

fn check_value(kind: Kind, value: &Value, path: &str, findings: &mut Findings) {
    match (kind, value) {
        (_, Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                check_value(kind, item, &format!("{path}[{i}]"), findings);
            }
        }
        (Kind::Structure(s), Value::Object(map)) => check_members(
            Owner::Structure(s.name),
            s.members,
            map,
            &format!("{path}."),
            findings,
        ),
        (Kind::Enum(e), Value::String(v)) if !e.values.contains(&v.as_str()) => {
            let mut text = format!(
                "`{path}` is {value}, which is not a documented value of {} (sent anyway: the service may know newer values)\n  known values: {}",
                e.name,
                e.values.join(", ")
            );
            if let Some(m) = did_you_mean(v, e.values.iter().copied()) {
                text.push_str(&format!("\n  help: did you mean `{m}`?"));
            }
            findings.warnings.push(text);
        }
        _ => {}
    }
}

/// How similar two names must be (Jaro-Winkler, ignoring case) to suggest one for
/// the other: the code generator's threshold.
const CLOSE: f64 = 0.8;

fn similarity(a: &str, b: &str) -> f64 {
    strsim::jaro_winkler(&a.to_lowercase(), &b.to_lowercase())
}

/// The candidate closest to `wanted`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (similarity(wanted, c), c))
        .filter(|(score, _)| *score > CLOSE)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    static USER_INFO: StructureShape = StructureShape {
        name: "UserInfo",
        members: &[Member::value("OpenId"), Member::value("Channel")],
    };
    static AGENT: StructureShape = StructureShape {
        name: "Agent",
        members: &[
            Member::value("AppId"),
            Member::structure("ProxyOperator", &USER_INFO),
        ],
    };
    static KIND: EnumShape = EnumShape {
        name: "Kind",
        values: &["AUTO_SIGN", "OVERSEA_SIGN"],
    };
    static NODE: StructureShape = StructureShape {
        name: "Node",
        members: &[
            Member::value("Id"),
            Member::structure("Children", &NODE),
            Member::enumeration("Kinds", &KIND),
        ],
    };
    static SCHEMA: RequestSchema = RequestSchema {
        actions: &[
            ActionShape {
                name: "ModifyExtendedService",
                request: &[
                    Member::structure("Agent", &AGENT),
                    Member::enumeration("ServiceType", &KIND),
                    Member::value("Endpoint"),
                ],
            },
            ActionShape {
                name: "Tree",
                request: &[Member::structure("Root", &NODE)],
            },
        ],
    };

    fn check(action: &str, request: Value) -> Findings {
        check_request(SCHEMA.action(action).unwrap(), &request)
    }

    #[test]
    fn unknown_members_are_errors_with_a_suggestion() {
        let f = check(
            "ModifyExtendedService",
            json!({"Endpoit": "APP", "Agent": {"AppId": "a", "ProxyOperater": {"OpenId": "o"}}}),
        );
        assert_eq!(
            f.errors,
            [
                "`Agent.ProxyOperater`: Agent has no member `ProxyOperater`\n  help: did you mean `ProxyOperator`?",
                "ModifyExtendedService has no parameter `Endpoit`\n  help: did you mean `Endpoint`?",
            ]
        );
        assert!(f.warnings.is_empty());
        let f = check("ModifyExtendedService", json!({"Zzz": 1}));
        assert_eq!(
            f.errors,
            ["ModifyExtendedService has no parameter `Zzz`\n  help: its parameters are Agent, ServiceType, Endpoint"]
        );
    }

    #[test]
    fn undocumented_enum_values_are_warnings_listing_the_known_ones() {
        let f = check(
            "ModifyExtendedService",
            json!({"ServiceType": "AUTO_SIGNS", "Agent": {"ProxyOperator": {"Channel": "X"}}}),
        );
        assert!(f.errors.is_empty(), "{f:?}");
        assert_eq!(
            f.warnings,
            ["`ServiceType` is \"AUTO_SIGNS\", which is not a documented value of Kind (sent anyway: the service may know newer values)\n  known values: AUTO_SIGN, OVERSEA_SIGN\n  help: did you mean `AUTO_SIGN`?"]
        );
    }

    #[test]
    fn lists_and_recursive_structures_are_walked() {
        let f = check(
            "Tree",
            json!({"Root": {"Id": 1, "Children": [{"Id": 2}, {"Children": [{"Kinds": ["OVERSEA_SIGN", "NEW"], "Idd": 3}]}]}}),
        );
        assert_eq!(
            f.errors,
            ["`Root.Children[1].Children[0].Idd`: Node has no member `Idd`\n  help: did you mean `Id`?"]
        );
        assert_eq!(f.warnings.len(), 1);
        assert!(
            f.warnings[0].starts_with("`Root.Children[1].Children[0].Kinds[1]` is \"NEW\""),
            "{:?}",
            f.warnings
        );
        assert!(!f.warnings[0].contains("did you mean"));
        // Wrong types and nulls are left to serde.
        assert_eq!(check("Tree", json!({"Root": null})), Findings::default());
        assert_eq!(check("Tree", json!({"Root": "x"})), Findings::default());
        assert_eq!(check("Tree", json!([1])), Findings::default());
        assert!(format!("{:?}", NODE).contains("Structure(Node)"));
    }

    #[test]
    fn closest_actions() {
        assert_eq!(
            SCHEMA.closest_actions("ModifyExtendedServce"),
            ["ModifyExtendedService"]
        );
        assert_eq!(
            SCHEMA.closest_actions("modifyextendedservice"),
            ["ModifyExtendedService"]
        );
        assert_eq!(SCHEMA.closest_actions("Q").len(), 2);
        assert!(RequestSchema::EMPTY.closest_actions("X").is_empty());
        assert!(SCHEMA.action("Nope").is_none());
    }
}
