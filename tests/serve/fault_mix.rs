//! The fault mix: thousands of good calls interleaved with trapping, looping, memory-hogging,
//! output-flooding and malformed requests, sent concurrently. Every good call gets its own
//! right answer, every bad one its own error, none is lost, the server stays up, and its
//! resident memory afterwards is within a bound of what it was before.

use std::time::Instant;

use serde_json::{Value, json};

use super::harness::{Reply, Server, start};
use super::named;

/// Requests in the mix, and client threads sending them.
const REQUESTS: usize = 3000;
const CLIENTS: usize = 8;
/// How much the resident set may grow over the mix (the allocator keeps some pages).
const RSS_GROWTH_BOUND_KIB: u64 = 16 << 10;

/// What one request of the mix is, and what must come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Divide,
    AreaByName,
    Trap,
    DivideByZero,
    Loop,
    Hog,
    Flood,
    NotJson,
    BadWave,
    UnknownFunction,
    TooLarge,
}

/// The i-th request: nine in ten good, the bad ones in turn; one loop in fifty (each holds
/// a call slot for its whole timeout).
fn kind(i: usize) -> Kind {
    const BAD: [Kind; 8] = [
        Kind::Trap,
        Kind::DivideByZero,
        Kind::Hog,
        Kind::Flood,
        Kind::NotJson,
        Kind::BadWave,
        Kind::UnknownFunction,
        Kind::TooLarge,
    ];
    match i {
        _ if i % 50 == 7 => Kind::Loop,
        _ if i % 10 == 3 => BAD[(i / 10) % BAD.len()],
        _ if i.is_multiple_of(2) => Kind::Divide,
        _ => Kind::AreaByName,
    }
}

/// Numbers that differ from request to request (a linear congruential sequence).
fn numbers(i: usize) -> (i32, i32) {
    let x = (i as u64)
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let a = ((x >> 33) % 2_000_001) as i32 - 1_000_000;
    let b = ((x >> 13) % 100) as i32 + 1;
    (a, b)
}

/// Sends the i-th request and checks its reply; the kind, for the tally.
fn send_and_check(server: &Server, i: usize) -> Kind {
    let kind = kind(i);
    let (a, b) = numbers(i);
    let post = |path: &str, body: Value| server.post(path, &body.to_string());
    let reply: Reply = match kind {
        Kind::Divide => post(
            "/v1/traps/call",
            json!({"call": format!("divide({a}, {b})")}),
        ),
        Kind::AreaByName => {
            let (w, h) = (a.unsigned_abs() % 1000, b);
            let args = json!([{"rect": {"width": w, "height": h}}]);
            post("/v1/shapes/call", json!({"function": "area", "args": args}))
        }
        Kind::Trap => post("/v1/traps/call", json!({"call": "boom()"})),
        Kind::DivideByZero => post("/v1/traps/call", json!({"call": format!("divide({a}, 0)")})),
        Kind::Loop => post(
            "/v1/traps/call",
            json!({"call": "spin()", "limits": {"timeout": "50ms"}}),
        ),
        Kind::Hog => post("/v1/traps/call", json!({"call": "hog(65536)"})),
        Kind::Flood => {
            let line = "x".repeat(999);
            post(
                "/v1/stdio/call",
                json!({"call": format!("repeat(\"{line}\\n\", 1000)")}),
            )
        }
        Kind::NotJson => server.post("/v1/traps/call", "divide(1, 2)"),
        Kind::BadWave => post("/v1/traps/call", json!({"call": format!("divide({a}, ")})),
        Kind::UnknownFunction => post("/v1/traps/call", json!({"call": "divde(1, 2)"})),
        Kind::TooLarge => server.post("/v1/traps/call", &"x".repeat(70 << 10)),
    };
    let context = format!("request {i} ({kind:?}): {}", reply.text);
    match kind {
        Kind::Divide => {
            assert_eq!(reply.status, 200, "{context}");
            assert_eq!(reply.json()["result"], json!(a / b), "{context}");
        }
        Kind::AreaByName => {
            assert_eq!(reply.status, 200, "{context}");
            let area = (a.unsigned_abs() % 1000) as f64 * b as f64;
            assert_eq!(reply.json()["result"].as_f64(), Some(area), "{context}");
        }
        Kind::Trap | Kind::DivideByZero => {
            assert_eq!(
                (reply.status, reply.problem()),
                (422, "trap".into()),
                "{context}"
            );
        }
        Kind::Loop | Kind::Hog => {
            assert_eq!(reply.problem(), "limit-exceeded", "{context}");
            let limit = if kind == Kind::Loop {
                "timeout"
            } else {
                "memory"
            };
            assert_eq!(reply.json()["limit"], limit, "{context}");
        }
        Kind::Flood => {
            assert_eq!(reply.status, 200, "{context}");
            let stdout = reply.json()["stdout"].as_str().unwrap().to_string();
            assert!(
                stdout.len() < (16 << 10) + 200,
                "{i}: {} bytes",
                stdout.len()
            );
            assert!(stdout.ends_with("(--max-output)]\n"), "{i}: {stdout}");
        }
        Kind::NotJson => assert_eq!(reply.problem(), "bad-request", "{context}"),
        Kind::BadWave => assert_eq!(reply.problem(), "bad-call", "{context}"),
        Kind::UnknownFunction => assert_eq!(reply.problem(), "unknown-function", "{context}"),
        Kind::TooLarge => assert_eq!(reply.problem(), "body-too-large", "{context}"),
    }
    kind
}

/// Sends requests `range` from `CLIENTS` threads at once; the kinds sent.
fn run(server: &Server, range: std::ops::Range<usize>) -> Vec<Kind> {
    std::thread::scope(|s| {
        let clients: Vec<_> = (0..CLIENTS)
            .map(|client| {
                let range = range.clone();
                s.spawn(move || {
                    range
                        .filter(|i| i % CLIENTS == client)
                        .map(|i| send_and_check(server, i))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        clients
            .into_iter()
            .flat_map(|c| c.join().expect("a client's checks failed"))
            .collect()
    })
}

/// The sum of every sample of a counter.
fn total(server: &Server, counter: &str) -> f64 {
    let text = server.get("/metrics").text;
    text.lines()
        .filter(|line| line.split(['{', ' ']).next() == Some(counter))
        .filter_map(|line| line.rsplit_once(' ')?.1.parse::<f64>().ok())
        .sum()
}

#[test]
fn a_fault_mix_gets_every_answer_right_and_memory_back() {
    let server = start(&[
        "--max-output",
        "16KiB",
        "--max-body",
        "64KiB",
        "--max-queue",
        "256",
        &named("traps", "traps"),
        &named("shapes", "shapes"),
        &named("stdio", "stdio"),
    ]);
    // A first round warms the allocator and every code path, so that what is measured
    // after is growth, not start-up.
    let warm_up = 200;
    run(&server, 0..warm_up);
    let rss_before = server.rss_kib();
    let started = Instant::now();
    let kinds = run(&server, warm_up..warm_up + REQUESTS);
    let elapsed = started.elapsed();
    let rss_after = server.rss_kib();

    // None lost: every request came back and was counted once.
    assert_eq!(kinds.len(), REQUESTS);
    let sent = (warm_up + REQUESTS) as f64;
    assert_eq!(total(&server, "wavecall_requests_total"), sent);
    assert_eq!(server.metric("wavecall_in_flight_requests", &[]), Some(0.0));
    assert_eq!(server.metric("wavecall_queued_requests", &[]), Some(0.0));
    // Still up and well.
    assert_eq!(server.get("/healthz").status, 200);
    assert_eq!(
        server
            .post("/v1/traps/call", r#"{"call": "divide(7, 2)"}"#)
            .json()["result"],
        3
    );
    let mut tally = std::collections::BTreeMap::new();
    for kind in &kinds {
        *tally.entry(*kind).or_insert(0) += 1;
    }
    eprintln!(
        "fault mix: {REQUESTS} requests from {CLIENTS} clients in {:.2} s; {tally:?}; \
         RSS {rss_before} KiB before, {rss_after} KiB after",
        elapsed.as_secs_f64()
    );
    assert!(
        rss_after <= rss_before + RSS_GROWTH_BOUND_KIB,
        "RSS grew from {rss_before} KiB to {rss_after} KiB"
    );
}
