//! Answers whose members drift from the documented types still succeed: numeric
//! strings, whole floats and 0/1 booleans convert, values the type cannot represent
//! are left unset, and each such member is reported once as a `tracing` warning
//! naming the action, the member's path and the request id. Members newer than the
//! schema are kept and printed.
//!
//! Only one test in this binary makes typed calls with the capturing subscriber:
//! tracing caches per-callsite interest globally.

use std::sync::{Arc, Mutex};

use essbasic::types::{
    Agent, ChannelDescribeEmployeesRequest, ChannelDescribeRolesRequest,
    DescribeFlowDetailInfoRequest,
};
use essbasic_sdk_tests::{client, expect};
use serde_json::json;
use tencentcloud_runtime::testing::{ok, Reply, Server};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber};

/// The fields of one event, in order.
type EventFields = Vec<(String, String)>;

/// Every warning event, as its fields.
#[derive(Default, Clone)]
struct Warnings(Arc<Mutex<Vec<EventFields>>>);

struct Fields<'a>(&'a mut Vec<(String, String)>);
impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

impl Subscriber for Warnings {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        Interest::sometimes()
    }
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        if *event.metadata().level() == tracing::Level::WARN {
            let mut fields = Vec::new();
            event.record(&mut Fields(&mut fields));
            self.0.lock().unwrap().push(fields);
        }
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

impl Warnings {
    /// `(action, member, request id, received, decoded)` of each drift warning, emptied.
    fn take(&self) -> Vec<[String; 5]> {
        let events = std::mem::take(&mut *self.0.lock().unwrap());
        events
            .into_iter()
            .map(|fields| {
                let get = |k: &str| {
                    fields
                        .iter()
                        .find(|(name, _)| name == k)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_else(|| panic!("warning without {k}: {fields:?}"))
                };
                let message = get("message");
                let member = get("member");
                assert!(message.contains(&member), "{message}");
                [
                    get("action"),
                    member,
                    get("request_id"),
                    get("received"),
                    get("decoded"),
                ]
            })
            .collect()
    }
}

fn w(action: &str, member: &str, rid: &str, received: &str, decoded: &str) -> [String; 5] {
    [action, member, rid, received, decoded].map(str::to_owned)
}

const UNSET: &str = "nothing (left unset)";

fn agent() -> Agent {
    Agent::new("app-id").proxy_organization_open_id("org-open-id")
}

fn answer(r: &tencentcloud_runtime::testing::Received) -> Reply {
    match r.action() {
        "DescribeFlowDetailInfo" => ok(
            r#""FlowInfo":[
                {"FlowId":"f-1","DeadLine":"1700000000","CreateOn":1690000000.0,
                 "NeedCreateReview":1,"FutureMember":{"Since":"2031"}},
                {"FlowId":"f-2","DeadLine":174.19,"NeedCreateReview":"maybe","CreateOn":5}
             ],"FlowGroupId":"g-1","BrandNewTotal":42"#,
            "rid-flows",
        ),
        "ChannelDescribeRoles" => ok(
            r#""TotalCount":"23","Offset":3.0,"Limit":18446744073709551616,"ChannelRoles":null"#,
            "rid-roles",
        ),
        "ChannelDescribeEmployees" if r.json().get("Offset").is_none() => ok(
            r#""TotalCount":9223372036854775808,"Offset":-1,"Limit":"20.5","Employees":"none""#,
            "rid-employees",
        ),
        _ => ok(r#""TotalCount":2,"Offset":0,"Limit":20"#, "rid-clean"),
    }
}

#[tokio::test]
async fn mistyped_members_decode_leniently_and_are_reported_once_each() {
    let warnings = Warnings::default();
    let _guard = tracing::dispatcher::set_default(&tracing::Dispatch::new(warnings.clone()));
    let server = Server::start(expect(), answer).await;
    let client = client(&server);

    // Nested structures in a list.
    let flows = client
        .describe_flow_detail_info(&DescribeFlowDetailInfoRequest::new(agent()))
        .await
        .expect("a 200 answer with mistyped members succeeds");
    assert_eq!(flows.request_id, "rid-flows");
    let info = flows.flow_info.as_deref().expect("the list is kept");
    assert_eq!(info[0].dead_line, Some(1_700_000_000), "\"1700000000\"");
    assert_eq!(info[0].create_on, Some(1_690_000_000), "whole float");
    assert_eq!(info[0].need_create_review, Some(true), "1 for a bool");
    assert_eq!(info[0].other["FutureMember"], json!({"Since": "2031"}));
    assert_eq!(info[1].dead_line, None, "174.19 is no integer");
    assert_eq!(info[1].need_create_review, None, "\"maybe\" is no bool");
    assert_eq!(info[1].create_on, Some(5));
    assert_eq!(flows.flow_group_id.as_deref(), Some("g-1"));
    assert_eq!(flows.other["BrandNewTotal"], json!(42));
    let a = "DescribeFlowDetailInfo";
    let r = "rid-flows";
    assert_eq!(
        warnings.take(),
        [
            w(a, "FlowInfo[0].CreateOn", r, "1690000000.0", "1690000000"),
            w(a, "FlowInfo[0].DeadLine", r, "\"1700000000\"", "1700000000"),
            w(a, "FlowInfo[0].NeedCreateReview", r, "1", "true"),
            w(a, "FlowInfo[1].DeadLine", r, "174.19", UNSET),
            w(a, "FlowInfo[1].NeedCreateReview", r, "\"maybe\"", UNSET),
        ],
        "one warning per drifted member (in key order), none for unknown members"
    );

    // uint64 members: numeric string, whole float, out of range.
    let roles = client
        .channel_describe_roles(&ChannelDescribeRolesRequest::new(agent(), "20"))
        .await
        .unwrap();
    assert_eq!(roles.total_count, Some(23));
    assert_eq!(roles.offset, Some(3));
    assert_eq!(roles.limit, None, "2^64 is out of range for u64");
    assert_eq!(roles.channel_roles, None);
    let (a, r) = ("ChannelDescribeRoles", "rid-roles");
    assert_eq!(
        warnings.take(),
        [
            w(a, "Limit", r, "1.8446744073709552e+19", UNSET),
            w(a, "Offset", r, "3.0", "3"),
            w(a, "TotalCount", r, "\"23\"", "23"),
        ]
    );

    // int64 members: out of range, negative, fraction in a string; a list that is no list.
    let employees = client
        .channel_describe_employees(&ChannelDescribeEmployeesRequest::new(agent(), 20))
        .await
        .unwrap();
    assert_eq!(employees.total_count, None, "2^63 is out of range for i64");
    assert_eq!(employees.offset, Some(-1));
    assert_eq!(employees.limit, None);
    assert_eq!(employees.employees, None);
    let (a, r) = ("ChannelDescribeEmployees", "rid-employees");
    assert_eq!(
        warnings.take(),
        [
            w(a, "Employees", r, "\"none\"", UNSET),
            w(a, "Limit", r, "\"20.5\"", UNSET),
            w(a, "TotalCount", r, "9223372036854775808", UNSET),
        ]
    );

    // A well-typed answer: no warning at all.
    let clean = client
        .channel_describe_employees(&ChannelDescribeEmployeesRequest::new(agent(), 20).offset(0))
        .await;
    assert!(clean.is_ok());
    assert!(clean.is_ok());
    assert_eq!(warnings.take(), Vec::<[String; 5]>::new());

    // What the example program prints: every member, also the ones newer than the
    // schema, with the drifted ones as decoded.
    let printed = client
        .call_by_name(
            "DescribeFlowDetailInfo",
            r#"{"Agent":{"AppId":"app-id","ProxyOrganizationOpenId":"org-open-id"}}"#,
        )
        .await
        .unwrap();
    assert_eq!(
        printed,
        json!({
            "FlowInfo": [
                {"FlowId": "f-1", "DeadLine": 1_700_000_000, "CreateOn": 1_690_000_000,
                 "NeedCreateReview": true, "FutureMember": {"Since": "2031"}},
                {"FlowId": "f-2", "CreateOn": 5}
            ],
            "FlowGroupId": "g-1",
            "BrandNewTotal": 42,
            "RequestId": "rid-flows"
        })
    );
    assert_eq!(warnings.take().len(), 5);
    server.assert_all_verified();
}

/// Members kept from an answer (`other`) are never sent back in a request: the
/// service refuses parameters it does not know.
#[tokio::test]
async fn unknown_members_kept_from_an_answer_are_not_sent_back() {
    let server = Server::start(expect(), |_| {
        ok(r#""FlowInfo":[{"FlowId":"f-1","FutureMember":1}]"#, "rid-1")
    })
    .await;
    let client = client(&server);
    let flows = client
        .describe_flow_detail_info(&DescribeFlowDetailInfoRequest::new(agent()))
        .await
        .unwrap();
    let info = &flows.flow_info.as_ref().unwrap()[0];
    assert_eq!(info.other["FutureMember"], json!(1));
    // Serialized on its own (printing), the member is there.
    assert_eq!(
        serde_json::to_value(info).unwrap(),
        json!({"FlowId": "f-1", "FutureMember": 1})
    );
    server.assert_all_verified();
}
