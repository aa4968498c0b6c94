//! `GET /openapi.json`: the city server's API as an OpenAPI 3.0 document. The message schemas
//! are generated from the protocol's own types (`motcua-sync-proto`, feature `openapi`), so the
//! document cannot drift from what the server reads and writes; the test suite fuzzes the
//! running server from it (schemathesis) and checks every answer against it.

use std::sync::OnceLock;

use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use motcua_sync_proto::{
    EnrolRequest, Enrolment, ErrorBody, Hello, HelloReply, PullReply, PullRequest, PushReply, PushRequest,
};

/// The document, built once.
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(build)
}

fn build() -> Value {
    let mut schemas = SchemaSettings::openapi3().into_generator();
    let error = json!(schemas.subschema_for::<ErrorBody>());
    let refusal = |what: &str| json!({ "description": what, "content": { "application/json": { "schema": error } } });
    // What every JSON route can answer besides its success.
    let common = json!({
        "413": refusal("The body is over 8 MB (after gzip decompression)."),
        "422": refusal("The body is not what the route takes (malformed, truncated, a field out of range)."),
        "429": refusal("Too many requests from this device (or address): wait `retry_after_s` seconds."),
        "500": refusal("The server failed; nothing was stored half-way. Retry later."),
    });
    let post = |id: &str, summary: &str, request: Value, reply: Value, refusals: &[(&str, &str)], device: bool| {
        let mut responses = common.clone();
        responses["200"] = json!({ "description": "Done.", "content": { "application/json": { "schema": reply } } });
        for (status, what) in refusals {
            responses[*status] = refusal(what);
        }
        let mut op = json!({
            "operationId": id,
            "summary": summary,
            "requestBody": { "required": true, "content": { "application/json": { "schema": request } } },
            "responses": responses,
        });
        if device {
            op["security"] = json!([{ "device": [] }]);
            op["responses"]["401"] = refusal("No credential, or one the server does not know.");
            op["responses"]["403"] = refusal("The device was revoked by the city.");
        }
        json!({ "post": op })
    };
    let enrol = post(
        "enrol",
        "A counter PC redeems a one-time enrolment code and gets its credential.",
        json!(schemas.subschema_for::<EnrolRequest>()),
        json!(schemas.subschema_for::<Enrolment>()),
        &[
            ("404", "The code is unknown, expired or used."),
            ("403", "The PC belongs to another office, or the code is another office's."),
        ],
        false,
    );
    let hello = post(
        "hello",
        "Protocol negotiation at the start of a sync round.",
        json!(schemas.subschema_for::<Hello>()),
        json!(schemas.subschema_for::<HelloReply>()),
        &[("426", "The client's protocol is too old: update the app.")],
        true,
    );
    let push = post(
        "push",
        "The device's next ops, in log order; one acknowledgement per op after the durable commit.",
        json!(schemas.subschema_for::<PushRequest>()),
        json!(schemas.subschema_for::<PushReply>()),
        &[],
        true,
    );
    let pull = post(
        "pull",
        "What changed for the device's office after its cursor: the city's publications, then other devices' ops.",
        json!(schemas.subschema_for::<PullRequest>()),
        json!(schemas.subschema_for::<PullReply>()),
        &[],
        true,
    );
    // The city console: its own sessions (`console` scheme), not a device's.
    let login = {
        let mut op = post(
            "city_login",
            "City staff log in to the console; the answer's token is their session (8 hours).",
            json!(schemas.subschema_for::<crate::console::Login>()),
            json!(schemas.subschema_for::<crate::console::Session>()),
            &[("401", "Wrong username or password (the same answer for both).")],
            false,
        );
        op["post"]["responses"].as_object_mut().map(|r| r.remove("404"));
        op
    };
    let console_get = |id: &str, summary: &str, reply: Value, params: Value, forbidden: bool| {
        let mut responses = json!({
            "200": { "description": "Done.", "content": { "application/json": { "schema": reply } } },
            "401": refusal("No session, or an expired one."),
            "422": refusal("A parameter out of range, or no such office."),
            "429": refusal("Too many requests."),
            "500": refusal("The server failed."),
        });
        if forbidden {
            responses["403"] = refusal("The account's role may not see this.");
        }
        json!({ "get": {
            "operationId": id,
            "summary": summary,
            "security": [{ "console": [] }],
            "parameters": params,
            "responses": responses,
        }})
    };
    let offices = console_get(
        "city_offices",
        "Every office's sync health.",
        json!(schemas.subschema_for::<Vec<crate::console::OfficeRow>>()),
        json!([]),
        true,
    );
    let dossiers = console_get(
        "city_office_dossiers",
        "An office's received dossiers, oldest first (every read is recorded).",
        json!(schemas.subschema_for::<crate::console::DossierPage>()),
        json!([
            { "name": "unit", "in": "path", "required": true, "schema": { "type": "string" } },
            { "name": "after", "in": "query", "required": false, "schema": { "type": "integer", "format": "int64" } },
            { "name": "limit", "in": "query", "required": false,
              "schema": { "type": "integer", "format": "uint32", "minimum": 0, "maximum": 4294967295u64 } },
        ]),
        true,
    );
    let reads = console_get(
        "city_reads",
        "The record of city staff's reads of personal data (city admins).",
        json!(schemas.subschema_for::<Vec<crate::console::ReadRow>>()),
        json!([]),
        true,
    );
    let dashboard = console_get(
        "city_dashboard",
        "Every office's figures of a period (both days included) and the city's totals.",
        json!(schemas.subschema_for::<crate::console::CityDashboard>()),
        json!([
            { "name": "from", "in": "query", "required": true, "schema": { "type": "string", "format": "date" } },
            { "name": "to", "in": "query", "required": true, "schema": { "type": "string", "format": "date" } },
        ]),
        true,
    );
    let text = |id: &str, summary: &str| {
        json!({ "get": {
            "operationId": id,
            "summary": summary,
            "responses": { "200": { "description": "OK", "content": { "text/plain": { "schema": { "type": "string" } } } } },
        }})
    };
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Một Cửa city server",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Sync between the counter PCs of the one-stop-shop offices and their city.",
        },
        "paths": {
            "/healthz": text("healthz", "Liveness: `ok`."),
            "/metrics": text("metrics", "Prometheus counters (no device or person is named)."),
            "/api/v0/devices/enrol": enrol,
            "/api/v0/sync/hello": hello,
            "/api/v0/sync/push": push,
            "/api/v0/sync/pull": pull,
            "/api/v0/city/login": login,
            "/api/v0/city/offices": offices,
            "/api/v0/city/offices/{unit}/dossiers": dossiers,
            "/api/v0/city/reads": reads,
            "/api/v0/city/dashboard": dashboard,
        },
        "components": {
            "schemas": schemas.take_definitions(true),
            "securitySchemes": {
                "device": { "type": "http", "scheme": "bearer" },
                "console": { "type": "http", "scheme": "bearer" },
            },
        },
    })
}
