//! A hello-world `wasi:http` component: every request gets the same small JSON document, the
//! size of a `wavecall serve` reply to `area(circle({radius: 1.0}))`. `wasmtime serve` runs
//! it in the benchmark of `docs/benchmarks.md`, a fresh instance per request as wavecall's.

use std::io::Write as _;

use wasip2::http::types::{
    Fields, IncomingRequest, OutgoingBody, OutgoingResponse, ResponseOutparam,
};

wasip2::http::proxy::export!(Hello);

/// The reply: the same bytes as the bare axum handler of `examples/serve_baseline.rs`.
const BODY: &[u8] = br#"{"component":"shapes","function":"area","result":3.1415927,"wave":"3.1415927","stdout":"","stderr":"","duration_us":6,"instantiation_us":9}"#;

struct Hello;

impl wasip2::exports::http::incoming_handler::Guest for Hello {
    fn handle(_request: IncomingRequest, response_out: ResponseOutparam) {
        let headers = Fields::new();
        // A fresh `Fields` is mutable; the name and value are valid.
        let _ = headers.set("content-type", &[b"application/json".to_vec()]);
        let response = OutgoingResponse::new(headers);
        let body = response.body().expect("a new response's body is taken once");
        ResponseOutparam::set(response_out, Ok(response));
        let mut out = body.write().expect("a new body's stream is taken once");
        // The client going away is no error of ours.
        let _ = out.write_all(BODY).and_then(|()| std::io::Write::flush(&mut out));
        drop(out);
        let _ = OutgoingBody::finish(body, None);
    }
}
