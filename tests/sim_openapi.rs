//! Conformance: every answer of the simulator (each endpoint, error bodies too) validates
//! against `openapi/center-api.yaml`, the contract's machine-readable copy written from
//! CENTER-API.md; and the schema rejects each kind of malformed record the simulator injects.

mod sim_support;

use controlroom::sim::{FaultSpec, SimConfig};
use serde_json::{json, Value};
use sim_support::{at, pull_all, TestSim};

fn openapi() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/openapi/center-api.yaml"
    ))
    .expect("openapi/center-api.yaml");
    serde_norway::from_str(&text).expect("the OpenAPI file is YAML")
}

/// The schema of an answer: the path's response for that status (following a response $ref).
fn schema_for(doc: &Value, path: &str, status: u16) -> Value {
    let mut response = doc["paths"][path]["get"]["responses"][status.to_string()].clone();
    assert!(!response.is_null(), "{path} documents status {status}");
    if let Some(r) = response.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap();
        response = doc["components"]["responses"][name].clone();
    }
    let schema = response["content"]["application/json"]["schema"].clone();
    assert!(!schema.is_null(), "{path} {status} has a JSON schema");
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "allOf": [schema],
        "components": doc["components"],
    })
}

fn validate(doc: &Value, path: &str, status: u16, body: &Value) -> Result<(), String> {
    let schema = schema_for(doc, path, status);
    let validator =
        jsonschema::draft202012::new(&schema).map_err(|e| format!("bad schema: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(5)
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

fn conforms(doc: &Value, sim: &TestSim, request: &str, headers: &[(&str, &str)], status: u16) {
    let a = sim.get_with(request, headers);
    assert_eq!(a.status, status, "{request}: {}", a.text());
    let path = request.split('?').next().unwrap();
    validate(doc, path, status, &a.json()).unwrap_or_else(|e| panic!("{request} ({status}): {e}"));
}

#[test]
fn every_answer_conforms_to_the_openapi_description() {
    let doc = openapi();
    assert_eq!(doc["openapi"], "3.1.0");
    let cfg = SimConfig {
        seed: 17,
        dossiers: Some(8000),
        token: Some("t0k".into()),
        now: Some(at("20261127150000")),
        ..SimConfig::default()
    };
    let sim = TestSim::start(cfg.clone());
    let auth = [("Authorization", "Bearer t0k")];
    conforms(&doc, &sim, "/api/v1/donvi", &auth, 200);
    conforms(&doc, &sim, "/api/v1/thutuc", &auth, 200);
    conforms(&doc, &sim, "/api/v1/lichlamviec?nam=2025", &auth, 200);
    conforms(&doc, &sim, "/api/v1/lichlamviec?nam=2026", &auth, 200);
    conforms(&doc, &sim, "/api/v1/lichlamviec?nam=2031", &auth, 404);
    conforms(&doc, &sim, "/api/v1/lichlamviec?nam=x", &auth, 400);
    conforms(&doc, &sim, "/api/v1/hoso?limit=0", &auth, 400);
    conforms(&doc, &sim, "/api/v1/hoso?cursor=zzz", &auth, 410);
    for path in [
        "/api/v1/donvi",
        "/api/v1/thutuc",
        "/api/v1/lichlamviec?nam=2026",
        "/api/v1/hoso",
    ] {
        conforms(&doc, &sim, path, &[], 401);
    }
    // Every page of the whole feed.
    let mut request = "/api/v1/hoso?updated_since=20000101000000&limit=2000".to_string();
    let mut pages = 0;
    loop {
        let a = sim.get_with(&request, &auth);
        let page = a.json();
        validate(&doc, "/api/v1/hoso", 200, &page).unwrap_or_else(|e| panic!("page {pages}: {e}"));
        pages += 1;
        if page["has_more"] == false {
            break;
        }
        request = format!(
            "/api/v1/hoso?cursor={}&limit=2000",
            page["next_cursor"].as_str().unwrap()
        );
    }
    assert_eq!(pages, 4);
    for (spec, status) in [("503=1", 503), ("429=1", 429)] {
        let faulty = TestSim::start(SimConfig {
            faults: FaultSpec::parse(spec).unwrap(),
            token: None,
            dossiers: Some(10),
            ..cfg.clone()
        });
        for path in [
            "/api/v1/donvi",
            "/api/v1/thutuc",
            "/api/v1/lichlamviec?nam=2026",
            "/api/v1/hoso",
        ] {
            conforms(&doc, &faulty, path, &[], status);
        }
    }
}

#[test]
fn the_schema_rejects_exactly_the_malformed_records() {
    let doc = openapi();
    let sim = TestSim::start(SimConfig {
        seed: 19,
        dossiers: Some(4000),
        faults: FaultSpec::parse("malformed=0.05,tombstone=0.02").unwrap(),
        now: Some(at("20261127150000")),
        ..SimConfig::default()
    });
    let truth = sim.truth();
    let malformed = truth["malformed"].as_array().unwrap().len()
        + truth["malformed_superseded"].as_array().unwrap().len();
    let schema = schema_for(&doc, "/api/v1/hoso", 200);
    let dossier = json!({"$schema": "https://json-schema.org/draft/2020-12/schema",
                         "$ref": "#/components/schemas/Dossier", "components": schema["components"]});
    let validator = jsonschema::draft202012::new(&dossier).unwrap();
    let records = pull_all(&sim, "20000101000000", 5000);
    let rejected = records.iter().filter(|r| !validator.is_valid(r)).count();
    assert!(malformed > 100);
    assert_eq!(rejected, malformed);
}
