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
        },
        "components": {
            "schemas": schemas.take_definitions(true),
            "securitySchemes": { "device": { "type": "http", "scheme": "bearer" } },
        },
    })
}
