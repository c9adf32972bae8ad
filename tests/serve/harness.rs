//! Starting the real `wavecall serve` on an ephemeral loopback port, talking to it with a
//! real HTTP client, and checking every reply against the OpenAPI document it serves.

#![allow(dead_code)] // Each test binary uses part of it.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde_json::Value;

#[path = "../support/mod.rs"]
mod support;

/// A built fixture component.
pub fn fixture(name: &str) -> PathBuf {
    support::fixtures::dir().join(format!("{name}.wasm"))
}

/// A running server; killed when dropped.
pub struct Server {
    /// Behind a lock so that a test may wait for the exit while another thread talks.
    child: Mutex<Child>,
    pub addr: String,
    log: Arc<Mutex<Vec<Value>>>,
    agent: ureq::Agent,
    token: Option<String>,
}

/// One reply.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The problem's kind (the end of its `type`), asserting it is a problem document.
    pub fn problem(&self) -> String {
        assert_eq!(
            self.content_type, "application/problem+json",
            "{}",
            self.text
        );
        let doc = self.json();
        let kind = doc["type"].as_str().unwrap();
        kind.trim_start_matches("urn:wavecall:problem:").to_string()
    }
}

/// Starts `wavecall serve ARGS` on 127.0.0.1, port 0, and waits until `/readyz` says
/// ready.
pub fn start(args: &[&str]) -> Server {
    let server = spawn(args);
    server.wait_ready();
    server
}

/// Starts the server and waits only until it listens.
pub fn spawn(args: &[&str]) -> Server {
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-cache");
    let mut child = Command::new(env!("CARGO_BIN_EXE_wavecall"))
        .args(["serve", "--listen", "127.0.0.1:0", "--log-format", "json"])
        .arg("--cache-dir")
        .arg(&cache)
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LOG")
        .env_remove("WAVECALL_CACHE_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start wavecall serve");
    let log = Arc::new(Mutex::new(Vec::new()));
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    let lines = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let event: Value = serde_json::from_str(&line).unwrap_or(Value::String(line));
            if event["message"] == "listening" {
                let _ = addr_tx.send(event["addr"].as_str().unwrap_or_default().to_string());
            }
            lines.lock().unwrap().push(event);
        }
    });
    let addr = match addr_rx.recv_timeout(Duration::from_secs(60)) {
        Ok(addr) => addr,
        Err(_) => {
            let _ = child.kill();
            panic!("the server did not listen: {:#?}", log.lock().unwrap());
        }
    };
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    Server {
        child: Mutex::new(child),
        addr,
        log,
        agent,
        token: None,
    }
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.lock().unwrap().id()
    }

    /// Sends `Authorization: Bearer TOKEN` from now on.
    pub fn with_token(mut self, token: Option<&str>) -> Server {
        self.token = token.map(str::to_string);
        self
    }

    pub fn set_token(&mut self, token: Option<&str>) {
        self.token = token.map(str::to_string);
    }

    /// Polls `/readyz` until it answers 200.
    pub fn wait_ready(&self) -> Value {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let reply = self.get("/readyz");
            if reply.status == 200 {
                return reply.json();
            }
            assert!(
                Instant::now() < deadline,
                "never ready: {reply:?}\n{:#?}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn get(&self, path: &str) -> Reply {
        self.send("GET", path, None)
    }

    pub fn post(&self, path: &str, body: &str) -> Reply {
        self.send("POST", path, Some(body))
    }

    pub fn delete(&self, path: &str) -> Reply {
        self.send("DELETE", path, None)
    }

    /// Sends a request and checks the reply against the OpenAPI document.
    pub fn send(&self, method: &str, path: &str, body: Option<&str>) -> Reply {
        let reply = self.try_send(method, path, body).unwrap_or_else(|e| {
            panic!("{method} {path}: {e}\n{:#?}", self.log());
        });
        contract().check(method, path, &reply);
        reply
    }

    /// Sends a request; an error when the connection fails.
    pub fn try_send(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
    ) -> Result<Reply, ureq::Error> {
        let url = format!("http://{}{path}", self.addr);
        let auth = self.token.as_ref().map(|t| format!("Bearer {t}"));
        let mut response = match (method, body) {
            ("POST", body) => {
                let mut request = self.agent.post(&url);
                if let Some(auth) = &auth {
                    request = request.header("Authorization", auth);
                }
                request.send(body.unwrap_or(""))?
            }
            (method, _) => {
                let mut request = match method {
                    "GET" => self.agent.get(&url),
                    "DELETE" => self.agent.delete(&url),
                    other => panic!("no {other} in the harness"),
                };
                if let Some(auth) = &auth {
                    request = request.header("Authorization", auth);
                }
                request.call()?
            }
        };
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_string()))
            .collect();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()?;
        Ok(Reply {
            status,
            content_type,
            headers,
            text,
        })
    }

    /// The server's log events so far.
    pub fn log(&self) -> Vec<Value> {
        self.log.lock().unwrap().clone()
    }

    /// Sends a signal to the server.
    pub fn signal(&self, signal: i32) {
        // SAFETY: `kill` with the pid of our own child process and a signal number.
        let sent = unsafe { libc::kill(self.pid() as i32, signal) };
        assert_eq!(sent, 0, "kill failed");
    }

    /// Waits for the server to exit, at most `timeout`.
    pub fn wait_exit(&self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.lock().unwrap().try_wait().unwrap() {
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The resident set size of the server process, in KiB (`VmRSS` of `/proc/PID/status`).
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    /// The value of the first sample of `metric` whose labels contain every one of
    /// `labels` (`name="value"`), from `/metrics`.
    pub fn metric(&self, metric: &str, labels: &[&str]) -> Option<f64> {
        let text = self.get("/metrics").text;
        text.lines().find_map(|line| {
            let (name, value) = line.rsplit_once(' ')?;
            let (base, rest) = name.split_once('{').unwrap_or((name, ""));
            (base == metric && labels.iter().all(|l| rest.contains(l)))
                .then(|| value.parse().ok())
                .flatten()
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let child = self.child.get_mut().unwrap_or_else(|e| e.into_inner());
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// The OpenAPI document the server serves, its response schemas compiled, and the
/// operations the tests have seen.
pub struct Contract {
    doc: Value,
    validators: Mutex<Vec<(String, jsonschema::Validator)>>,
    pub seen: Mutex<BTreeSet<(String, String, u16)>>,
}

pub fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(|| Contract {
        doc: serde_json::from_str(wavecall::serve::OPENAPI).expect("the OpenAPI document is JSON"),
        validators: Mutex::new(Vec::new()),
        seen: Mutex::new(BTreeSet::new()),
    })
}

impl Contract {
    /// The documented route that `path` matches: literal segments first.
    pub fn template(&self, path: &str) -> Option<String> {
        let segments: Vec<&str> = path.split('?').next()?.split('/').collect();
        self.doc["paths"]
            .as_object()?
            .keys()
            .filter(|t| {
                let parts: Vec<&str> = t.split('/').collect();
                parts.len() == segments.len()
                    && parts
                        .iter()
                        .zip(&segments)
                        .all(|(t, s)| t == s || (t.starts_with('{') && !s.is_empty()))
            })
            .min_by_key(|t| t.matches('{').count())
            .cloned()
    }

    /// Every (route, method) the document describes.
    pub fn operations(&self) -> BTreeSet<(String, String)> {
        let mut all = BTreeSet::new();
        for (path, item) in self.doc["paths"].as_object().unwrap() {
            for method in ["get", "post", "delete"] {
                if item.get(method).is_some() {
                    all.insert((path.clone(), method.to_uppercase()));
                }
            }
        }
        all
    }

    /// Panics unless the reply is one the document describes, body and all.
    pub fn check(&self, method: &str, path: &str, reply: &Reply) {
        let Some(template) = self.template(path) else {
            // No such route: a problem document.
            assert_eq!(reply.status, 404, "{method} {path}: {}", reply.text);
            self.validate("#/components/schemas/Problem", &reply.json(), path);
            return;
        };
        self.seen
            .lock()
            .unwrap()
            .insert((template.clone(), method.to_string(), reply.status));
        let operation = &self.doc["paths"][&template][method.to_lowercase()];
        if operation.is_null() {
            assert_eq!(reply.status, 405, "{method} {path}: {}", reply.text);
            return;
        }
        let status = reply.status.to_string();
        let response = &operation["responses"][&status];
        assert!(
            !response.is_null(),
            "{method} {template} answered {status}, which the OpenAPI document does not list: {}",
            reply.text
        );
        let Some(content) = response["content"].as_object() else {
            assert!(
                reply.text.is_empty(),
                "{method} {path}: unexpected body {}",
                reply.text
            );
            return;
        };
        let Some(media) = content.get(&reply.content_type) else {
            panic!(
                "{method} {template} {status}: content type {} is not documented ({:?})",
                reply.content_type,
                content.keys().collect::<Vec<_>>()
            );
        };
        if reply.content_type.contains("json") {
            let pointer = format!(
                "#/paths/{}/{}/responses/{status}/content/{}/schema",
                escape(&template),
                method.to_lowercase(),
                escape(&reply.content_type)
            );
            let _ = media;
            self.validate(&pointer, &reply.json(), path);
        }
        if let Some(headers) = response["headers"].as_object() {
            for name in headers.keys() {
                assert!(
                    reply.header(name).is_some(),
                    "{method} {path}: no {name} header"
                );
            }
        }
    }

    /// Validates `instance` against the schema at `pointer` in the document.
    fn validate(&self, pointer: &str, instance: &Value, path: &str) {
        let mut validators = self.validators.lock().unwrap();
        if !validators.iter().any(|(p, _)| p == pointer) {
            let schema = self
                .doc
                .pointer(&unescape_uri(pointer.trim_start_matches('#')))
                .unwrap_or_else(|| panic!("no schema at {pointer}"))
                .clone();
            // The schema's `$ref`s point into the document: validate with the document as
            // the root and the schema beside it.
            let mut root = self.doc.clone();
            root["x-checked"] = schema;
            root["$ref"] = Value::String("#/x-checked".into());
            let validator = jsonschema::validator_for(&root).expect("a valid schema");
            validators.push((pointer.to_string(), validator));
        }
        let validator = &validators.iter().find(|(p, _)| p == pointer).unwrap().1;
        let errors: Vec<String> = validator
            .iter_errors(instance)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{path}: the reply does not match {pointer}:\n{}\n{instance:#}",
            errors.join("\n")
        );
    }
}

/// A JSON pointer segment as written in a URI fragment.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

fn unescape_uri(pointer: &str) -> String {
    pointer.to_string()
}
