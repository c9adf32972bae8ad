//! `wavecall serve`, started for real on an ephemeral loopback port and driven with a real
//! HTTP client: every route, every error class, limits, 413, 429, authentication,
//! sessions, SIGTERM drain and SIGHUP reload; and a fault mix (`serve/fault_mix.rs`). Every reply is checked against the OpenAPI
//! document the server serves (`harness::Contract`).

#[path = "serve/harness.rs"]
mod harness;

#[path = "serve/fault_mix.rs"]
mod fault_mix;

use std::time::{Duration, Instant};

use harness::{contract, fixture, start};
use serde_json::{Value, json};

fn path(name: &str) -> String {
    fixture(name).to_string_lossy().into_owned()
}

fn named(name: &str, fixture: &str) -> String {
    format!("{name}={}", path(fixture))
}

/// `area(circle({radius: 1.0}))` as the server writes it: the shortest text of the `f32`.
fn pi() -> Value {
    serde_json::from_str("3.1415927").unwrap()
}

const AREA: &str = r#"{"call": "area(circle({radius: 1.0}))"}"#;

#[test]
fn every_route_and_error_class_is_as_documented() {
    let one = start(&[&path("shapes")]);
    assert_eq!(one.get("/healthz").json(), json!({"status": "ok"}));
    let ready = one.get("/readyz").json();
    assert_eq!(ready["components"], json!(["shapes"]));
    // Fresh instances come from Wasmtime's pooling allocator.
    assert_eq!(ready["pooled"], json!(["shapes"]));
    assert_eq!(one.get("/v1/openapi.json").text, wavecall::serve::OPENAPI);
    assert_eq!(
        one.get("/v1/components").json()["components"][0]["name"],
        "shapes"
    );
    let reply = one.post("/v1/call", AREA);
    assert_eq!(reply.status, 200, "{}", reply.text);
    let body = reply.json();
    assert_eq!(
        (body["result"].clone(), body["wave"].clone()),
        (pi(), json!("3.1415927"))
    );
    assert_eq!(body["function"], "area");
    // The issue's spelling of a call by name, with the JSON of docs/json.md.
    let by_name = r#"{"function": "area", "args": [{"case": "circle", "value": {"radius": 1.0}}]}"#;
    assert_eq!(one.post("/v1/call", by_name).json()["result"], pi());
    let by_param = r#"{"function": "scale", "args": {"s": {"case": "point"}, "factor": 2}}"#;
    assert_eq!(
        one.post("/v1/call", by_param).json()["result"],
        json!({"case": "point"})
    );
    let listing = one.get("/v1/functions").json();
    assert_eq!(
        listing["functions"][0]["signature"],
        "area(s: shape) -> f32"
    );
    assert!(one.get("/v1/wit").text.contains("variant shape"));
    assert_eq!(one.delete("/v1/call").problem(), "method-not-allowed");
    assert_eq!(one.get("/nowhere").problem(), "not-found");
    let fuel = one.post(
        "/v1/call",
        r#"{"call": "area(point)", "limits": {"fuel": 5}}"#,
    );
    assert_eq!((fuel.status, fuel.problem()), (400, "bad-request".into()));
    let metrics = one.get("/metrics").text;
    assert!(
        metrics.contains(
            r#"wavecall_requests_total{component="shapes",function="area",outcome="ok"} 2"#
        ),
        "{metrics}"
    );

    let many = start(&[
        "--max-body",
        "1KiB",
        &named("shapes", "shapes"),
        &named("traps", "traps"),
        &named("res", "resources"),
    ]);
    let several = many.post("/v1/call", AREA);
    assert_eq!(
        (several.status, several.problem()),
        (404, "unknown-component".into())
    );
    assert_eq!(
        several.json()["components"],
        json!(["res", "shapes", "traps"])
    );
    assert_eq!(many.get("/v1/functions").status, 404);
    assert_eq!(many.get("/v1/wit").status, 404);
    assert_eq!(many.post("/v1/shapes/call", AREA).json()["result"], pi());
    assert_eq!(many.get("/v1/traps/functions").json()["component"], "traps");
    assert!(many.get("/v1/res/wit").text.contains("resource counter"));
    assert_eq!(
        many.post("/v1/nope/call", AREA).problem(),
        "unknown-component"
    );
    assert_eq!(
        many.get("/v1/nope/functions").problem(),
        "unknown-component"
    );

    // Not a request.
    let not_json = many.post("/v1/shapes/call", "area(point)");
    assert_eq!(
        (not_json.status, not_json.problem()),
        (400, "bad-request".into())
    );
    let both = many.post(
        "/v1/shapes/call",
        r#"{"call": "area(point)", "function": "area"}"#,
    );
    assert_eq!(both.problem(), "bad-request");
    let unknown_field = many.post("/v1/shapes/call", r#"{"cal": "area(point)"}"#);
    assert!(
        unknown_field.json()["detail"]
            .as_str()
            .unwrap()
            .contains("unknown field `cal`")
    );
    let huge = format!(
        r#"{{"call": "area(point)", "pad": "{}"}}"#,
        "x".repeat(2000)
    );
    let too_large = many.post("/v1/shapes/call", &huge);
    assert_eq!(
        (too_large.status, too_large.problem()),
        (413, "body-too-large".into())
    );

    // A bad call: the command line's message, with the caret.
    let bad = many.post(
        "/v1/shapes/call",
        r#"{"call": "area(circle({radius: \"x\"}))"}"#,
    );
    assert_eq!((bad.status, bad.problem()), (400, "bad-call".into()));
    let bad = bad.json();
    assert_eq!(bad["detail"], r#"expected f32, got string "x""#);
    assert_eq!(
        bad["excerpt"],
        "    area(circle({radius: \"x\"}))\n                         ^^^\n"
    );
    let bad_json =
        r#"{"function": "area", "args": [{"case": "circle", "value": {"radius": "x"}}]}"#;
    let bad_json = many.post("/v1/shapes/call", bad_json).json();
    assert_eq!(bad_json["pointer"], "/0/value/radius");
    assert_eq!(bad_json["detail"], "invalid arguments for `area`");
    assert_eq!(
        bad_json["causes"][0],
        r#"at `/0/value/radius`: expected f32, got string "x""#
    );

    // An unknown function, by WAVE and by name.
    let typo = many.post("/v1/shapes/call", r#"{"call": "aera(point)"}"#);
    assert_eq!(
        (typo.status, typo.problem()),
        (404, "unknown-function".into())
    );
    let typo = typo.json();
    assert_eq!(typo["excerpt"], "    aera(point)\n    ^^^^\n");
    assert_eq!(typo["hints"][0], "did you mean `area`?");
    let typo = many.post("/v1/shapes/call", r#"{"function": "aera"}"#);
    assert_eq!(typo.json()["hints"], json!(["did you mean `area`?"]));

    // A trap and a limit: 422, with the guest's backtrace, or the limit's kind.
    let trap = many.post("/v1/traps/call", r#"{"call": "boom()"}"#);
    assert_eq!((trap.status, trap.problem()), (422, "trap".into()));
    let trap = trap.json();
    assert_eq!(trap["detail"], "failed to call `boom`");
    assert!(
        trap["backtrace"][0].as_str().unwrap().contains("boom"),
        "{trap}"
    );
    let spin = r#"{"call": "spin()", "limits": {"timeout": "100ms"}}"#;
    let timeout = many.post("/v1/traps/call", spin);
    assert_eq!(
        (timeout.status, timeout.problem()),
        (422, "limit-exceeded".into())
    );
    assert_eq!(timeout.json()["limit"], "timeout");
    let above = many.post(
        "/v1/traps/call",
        r#"{"call": "spin()", "limits": {"timeout": "31s"}}"#,
    );
    assert_eq!(
        (above.status, above.problem()),
        (400, "limit-above-ceiling".into())
    );

    // Sessions: state and handles carry over between requests.
    let opened = many.post("/v1/res/sessions", "");
    assert_eq!(opened.status, 201, "{}", opened.text);
    let calls = opened.json()["call"].as_str().unwrap().to_string();
    let bind = many
        .post(&calls, r#"{"call": "c = [constructor]counter(41)"}"#)
        .json();
    assert_eq!(bind["result"], json!({"handle": "counter(0)"}));
    assert_eq!(
        many.post(&calls, r#"{"call": "c.increment()"}"#).json()["result"],
        42
    );
    let method = r#"{"function": "[method]counter.increment", "args": [{"handle": "c"}]}"#;
    assert_eq!(many.post(&calls, method).json()["result"], 43);
    let unbound = many.post(&calls, r#"{"call": "d.increment()"}"#);
    assert_eq!(unbound.status / 100, 4, "{}", unbound.text);
    let id = opened.json()["id"].as_str().unwrap().to_string();
    assert_eq!(many.delete(&format!("/v1/res/sessions/{id}")).status, 204);
    assert_eq!(
        many.delete(&format!("/v1/res/sessions/{id}")).problem(),
        "unknown-session"
    );
    assert_eq!(many.post(&calls, AREA).problem(), "unknown-session");
    assert_eq!(
        many.post("/v1/nope/sessions", "").problem(),
        "unknown-component"
    );
    let limited = many
        .post("/v1/traps/sessions", r#"{"limits": {"timeout": "200ms"}}"#)
        .json();
    let traps = limited["call"].as_str().unwrap().to_string();
    assert_eq!(many.post(&traps, r#"{"call": "boom()"}"#).problem(), "trap");
    let broken = many.post(&traps, r#"{"call": "divide(4, 2)"}"#);
    assert_eq!(
        (broken.status, broken.problem()),
        (409, "session-broken".into())
    );

    // Every operation the document describes was exercised above.
    let seen: Vec<(String, String)> = contract()
        .seen
        .lock()
        .unwrap()
        .iter()
        .map(|(path, method, _)| (path.clone(), method.clone()))
        .collect();
    for operation in contract().operations() {
        assert!(seen.contains(&operation), "not exercised: {operation:?}");
    }
}

#[test]
fn limits_have_defaults_and_ceilings() {
    let server = start(&[
        "--max-request-fuel",
        "100000000",
        "--max-request-timeout",
        "10s",
        "--max-output",
        "1KiB",
        &named("traps", "traps"),
        &named("stdio", "stdio"),
    ]);
    let call = |component: &str, body: Value| {
        server.post(&format!("/v1/{component}/call"), &body.to_string())
    };
    let started = Instant::now();
    let timeout = call(
        "traps",
        json!({"call": "spin()", "limits": {"timeout": "200ms"}}),
    );
    assert_eq!(timeout.json()["limit"], "timeout");
    assert!(started.elapsed() < Duration::from_secs(5));
    let fuel = call(
        "traps",
        json!({"call": "spin()", "limits": {"fuel": 100000}}),
    );
    assert_eq!(fuel.json()["limit"], "fuel");
    let counted = call(
        "traps",
        json!({"call": "deep(10)", "limits": {"fuel": 100000}}),
    )
    .json();
    assert_eq!(counted["result"], 10);
    assert!(counted["fuel_used"].as_u64().unwrap() > 0, "{counted}");
    let memory = call(
        "traps",
        json!({"call": "hog(100)", "limits": {"max_memory": "1MiB"}}),
    );
    assert_eq!(memory.json()["limit"], "memory");
    let stack = call("traps", json!({"call": "deep(100000000)"}));
    assert_eq!(stack.json()["limit"], "stack");
    let flood = call(
        "stdio",
        json!({"call": format!("repeat(\"{}\", 100)", "x".repeat(100))}),
    )
    .json();
    let stdout = flood["stdout"].as_str().unwrap();
    assert!(stdout.starts_with(&"x".repeat(1024)), "{stdout}");
    assert!(stdout.ends_with("[wavecall: the guest's stdout was cut at 1 KiB (--max-output)]\n"));
    let above = call(
        "stdio",
        json!({"call": "print(\"x\")", "limits": {"max_output": "2KiB"}}),
    );
    assert_eq!(above.problem(), "limit-above-ceiling");
    let lower = call(
        "stdio",
        json!({"call": "print(\"hello\")", "limits": {"max_output": 2}}),
    )
    .json();
    assert!(
        lower["stdout"]
            .as_str()
            .unwrap()
            .starts_with("he\n[wavecall"),
        "{lower}"
    );
    let above = call(
        "traps",
        json!({"call": "deep(1)", "limits": {"fuel": 100000001u64}}),
    );
    assert_eq!(above.problem(), "limit-above-ceiling");
    let hits =
        |kind: &str| server.metric("wavecall_limit_hits_total", &[&format!("kind=\"{kind}\"")]);
    for kind in ["timeout", "fuel", "memory", "stack"] {
        assert_eq!(hits(kind), Some(1.0), "{kind}");
    }
}

#[test]
fn beyond_the_queue_is_429_and_a_busy_session_409() {
    let server = start(&[
        "--max-concurrency",
        "2",
        "--max-queue",
        "1",
        &named("traps", "traps"),
    ]);
    let spin = json!({"call": "spin()", "limits": {"timeout": "1500ms"}}).to_string();
    std::thread::scope(|s| {
        let running: Vec<_> = (0..3)
            .map(|i| {
                std::thread::sleep(Duration::from_millis(if i == 0 { 0 } else { 150 }));
                let spin = spin.clone();
                let server = &server;
                s.spawn(move || server.post("/v1/traps/call", &spin))
            })
            .collect();
        std::thread::sleep(Duration::from_millis(300));
        let refused = server.post("/v1/traps/call", &spin);
        assert_eq!(
            (refused.status, refused.problem()),
            (429, "overloaded".into())
        );
        assert_eq!(refused.header("retry-after"), Some("1"));
        assert_eq!(server.metric("wavecall_in_flight_requests", &[]), Some(2.0));
        assert_eq!(server.metric("wavecall_queued_requests", &[]), Some(1.0));
        for done in running {
            assert_eq!(done.join().unwrap().json()["limit"], "timeout");
        }
    });
    let open = server.post("/v1/traps/sessions", "").json();
    let calls = open["call"].as_str().unwrap();
    std::thread::scope(|s| {
        let first = s.spawn(|| server.post(calls, &spin));
        std::thread::sleep(Duration::from_millis(300));
        let busy = server.post(calls, r#"{"call": "divide(1, 1)"}"#);
        assert_eq!((busy.status, busy.problem()), (409, "session-busy".into()));
        assert_eq!(first.join().unwrap().json()["limit"], "timeout");
    });
}

#[test]
fn sessions_expire_and_are_bounded() {
    let server = start(&[
        "--max-sessions",
        "2",
        "--session-ttl",
        "1s",
        &named("res", "resources"),
    ]);
    let first = server.post("/v1/res/sessions", "{}").json();
    assert_eq!(server.post("/v1/res/sessions", "").status, 201);
    let third = server.post("/v1/res/sessions", "");
    assert_eq!(
        (third.status, third.problem()),
        (429, "too-many-sessions".into())
    );
    assert!(third.header("retry-after").is_some());
    assert_eq!(server.metric("wavecall_sessions", &[]), Some(2.0));
    std::thread::sleep(Duration::from_millis(1600));
    let calls = first["call"].as_str().unwrap();
    assert_eq!(
        server.post(calls, r#"{"call": "dropped()"}"#).problem(),
        "unknown-session"
    );
    assert_eq!(server.post("/v1/res/sessions", "").status, 201);
}

#[test]
fn a_bearer_token_guards_every_route_but_healthz() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, "s3cret\n").unwrap();
    let mut server =
        harness::spawn(&["--auth-token-file", file.to_str().unwrap(), &path("shapes")]);
    assert_eq!(server.get("/healthz").status, 200);
    let refused = server.get("/readyz");
    assert_eq!(
        (refused.status, refused.problem()),
        (401, "unauthorized".into())
    );
    assert_eq!(
        refused.header("www-authenticate"),
        Some("Bearer realm=\"wavecall\"")
    );
    server.set_token(Some("wrong"));
    assert_eq!(server.post("/v1/call", AREA).status, 401);
    assert_eq!(server.get("/metrics").status, 401);
    server.set_token(Some("s3cret"));
    server.wait_ready();
    assert_eq!(server.post("/v1/call", AREA).status, 200);
}

#[test]
fn sigterm_drains_the_calls_in_flight_and_exits_0() {
    let server = start(&[&named("traps", "traps")]);
    let spin = json!({"call": "spin()", "limits": {"timeout": "1s"}}).to_string();
    std::thread::scope(|s| {
        let in_flight = s.spawn(|| server.post("/v1/traps/call", &spin));
        std::thread::sleep(Duration::from_millis(300));
        server.signal(libc::SIGTERM);
        std::thread::sleep(Duration::from_millis(200));
        // No new connections while draining.
        assert!(server.try_send("GET", "/healthz", None).is_err());
        let done = in_flight.join().unwrap();
        assert_eq!(
            (done.status, done.json()["limit"].clone()),
            (422, json!("timeout"))
        );
    });
    let status = server.wait_exit(Duration::from_secs(10)).expect("exits");
    assert_eq!(status.code(), Some(0));

    // A call longer than the drain deadline does not hold the exit up.
    let server = start(&["--drain-timeout", "200ms", &named("traps", "traps")]);
    let spin = json!({"call": "spin()", "limits": {"timeout": "20s"}}).to_string();
    std::thread::scope(|s| {
        let abandoned = s.spawn(|| server.try_send("POST", "/v1/traps/call", Some(&spin)));
        std::thread::sleep(Duration::from_millis(300));
        let signalled = Instant::now();
        server.signal(libc::SIGINT);
        let status = server.wait_exit(Duration::from_secs(10)).expect("exits");
        assert_eq!(status.code(), Some(0));
        assert!(signalled.elapsed() < Duration::from_secs(5));
        assert!(abandoned.join().unwrap().is_err());
    });
}

#[test]
fn sighup_and_watch_reload_without_dropping_calls() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app.wasm");
    std::fs::copy(fixture("traps"), &app).unwrap();
    let server = start(&[&format!("app={}", app.display())]);
    let spin = json!({"call": "spin()", "limits": {"timeout": "1s"}}).to_string();
    std::thread::scope(|s| {
        let in_flight = s.spawn(|| server.post("/v1/app/call", &spin));
        std::thread::sleep(Duration::from_millis(200));
        std::fs::copy(fixture("shapes"), &app).unwrap();
        server.signal(libc::SIGHUP);
        wait_for_generation(&server, 2);
        // The new component answers; the call on the old one finished there.
        assert_eq!(server.post("/v1/app/call", AREA).json()["result"], pi());
        assert_eq!(
            server.post("/v1/app/call", &spin).problem(),
            "unknown-function"
        );
        assert_eq!(in_flight.join().unwrap().json()["limit"], "timeout");
    });
    // A reload that fails leaves the old components in service.
    std::fs::write(&app, b"not a component").unwrap();
    server.signal(libc::SIGHUP);
    let deadline = Instant::now() + Duration::from_secs(30);
    while server
        .metric("wavecall_reloads_total", &["outcome=\"error\""])
        .is_none()
    {
        assert!(Instant::now() < deadline, "no failed reload");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(server.post("/v1/app/call", AREA).status, 200);
    assert_eq!(server.get("/readyz").json()["generation"], 2);

    let watched = dir.path().join("watched.wasm");
    std::fs::copy(fixture("shapes"), &watched).unwrap();
    let server = start(&["--watch", &format!("app={}", watched.display())]);
    std::thread::sleep(Duration::from_millis(50));
    std::fs::copy(fixture("traps"), &watched).unwrap();
    wait_for_generation(&server, 2);
    assert_eq!(
        server
            .post("/v1/app/call", r#"{"call": "divide(6, 3)"}"#)
            .json()["result"],
        2
    );
}

fn wait_for_generation(server: &harness::Server, generation: u64) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while server.get("/readyz").json()["generation"] != generation {
        assert!(Instant::now() < deadline, "no reload: {:#?}", server.log());
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_config_file_gives_each_component_its_own_grants() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("wasi"), dir.path().join("wasi.wasm")).unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/note.txt"), "from the host").unwrap();
    let config = dir.path().join("components.toml");
    std::fs::write(
        &config,
        r#"
[components.granted]
path = "wasi.wasm"
env = ["GREETING=hi"]
dir = ["data::/data"]

[components.bare]
path = "wasi.wasm"
"#,
    )
    .unwrap();
    // Options on the command line are for the components named there, not the file's.
    let server = start(&[
        "--config",
        config.to_str().unwrap(),
        "--env",
        "GREETING=cli",
        &named("cli", "wasi"),
    ]);
    let call = |component: &str, call: &str| {
        let reply = server.post(
            &format!("/v1/{component}/call"),
            &json!({"call": call}).to_string(),
        );
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json()["wave"].as_str().unwrap().to_string()
    };
    assert_eq!(call("granted", r#"env-var("GREETING")"#), r#"some("hi")"#);
    assert_eq!(
        call("granted", r#"read-file("note.txt")"#),
        r#"ok("from the host")"#
    );
    assert_eq!(call("bare", r#"env-var("GREETING")"#), "none");
    assert!(call("bare", r#"read-file("note.txt")"#).starts_with("err("));
    assert_eq!(call("cli", r#"env-var("GREETING")"#), r#"some("cli")"#);
}
