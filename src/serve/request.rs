//! What a request asks for: the call (WAVE text, or a function and JSON arguments) and the
//! limits it runs under, checked against the server's ceilings.

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use super::problem::{Problem, ProblemKind};
use crate::limits::{Limits, format_bytes, format_duration, parse_bytes, parse_duration};

/// `POST …/call`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CallRequest {
    /// A call in WAVE: `area(circle({radius: 1.0}))`.
    pub(crate) call: Option<String>,
    /// Or a function's name…
    pub(crate) function: Option<String>,
    /// …and its arguments in JSON (`docs/json.md`): an array, or an object by name.
    pub(crate) args: Option<Value>,
    #[serde(default)]
    pub(crate) limits: RequestLimits,
}

/// What the call names.
pub(crate) enum Call {
    Wave(String),
    Json { function: String, args: Value },
}

impl CallRequest {
    pub(crate) fn call(&self) -> Result<Call, Problem> {
        match (&self.call, &self.function, &self.args) {
            (Some(text), None, None) => Ok(Call::Wave(text.clone())),
            (None, Some(function), args) => Ok(Call::Json {
                function: function.clone(),
                args: args.clone().unwrap_or(Value::Array(Vec::new())),
            }),
            (Some(_), _, _) => Err(bad_request(
                "give either `call` (WAVE text) or `function` with `args` (JSON), not both",
            )),
            (None, None, _) => Err(bad_request(
                "name the call: `call` (WAVE text), or `function` and `args` (JSON)",
            )),
        }
    }
}

/// `POST …/sessions`: the limits of the session's instance.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SessionRequest {
    #[serde(default)]
    pub(crate) limits: RequestLimits,
}

/// Limits a request asks for; each left out is the server's default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RequestLimits {
    timeout: Option<Quantity>,
    fuel: Option<u64>,
    max_memory: Option<Quantity>,
    max_output: Option<Quantity>,
}

/// A duration or a size: as written on the command line (`"2s"`, `"64MiB"`), or a number
/// (seconds, bytes).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Quantity {
    Number(f64),
    Text(String),
}

impl RequestLimits {
    /// The limits a request runs under: what it asks for over `defaults`, each at most
    /// its ceiling. `calls` is for a call in a session, whose output cap is the session's.
    pub(crate) fn resolve(
        &self,
        defaults: &Limits,
        ceilings: &Limits,
        fuel_metered: bool,
        calls: bool,
    ) -> Result<Limits, Problem> {
        let mut asked = Limits::new();
        if let Some(timeout) = &self.timeout {
            let t = duration(timeout)?;
            check("timeout", t, ceilings.timeout, format_duration)?;
            asked.timeout = Some(t);
        }
        if let Some(fuel) = self.fuel {
            if !fuel_metered {
                return Err(bad_limits(
                    "this server does not meter fuel: start it with `--fuel` or `--max-request-fuel`",
                ));
            }
            check("fuel", fuel, ceilings.fuel, |f| format!("{f} units"))?;
            asked.fuel = Some(fuel);
        }
        if let Some(memory) = &self.max_memory {
            let bytes = size(memory)?;
            check("max_memory", bytes, ceilings.max_memory, format_bytes)?;
            asked.max_memory = Some(bytes);
        }
        if let Some(output) = &self.max_output {
            if calls {
                return Err(bad_limits(
                    "a session's output cap is set when the session starts, not per call",
                ));
            }
            let bytes = size(output)?;
            check("max_output", bytes, ceilings.max_output, format_bytes)?;
            asked.max_output = Some(bytes);
        }
        Ok(asked.or(*defaults))
    }
}

fn duration(quantity: &Quantity) -> Result<Duration, Problem> {
    match quantity {
        Quantity::Number(secs) => Duration::try_from_secs_f64(*secs)
            .map_err(|_| bad_limits(format!("`{secs}` is not a duration in seconds"))),
        Quantity::Text(text) => parse_duration(text).map_err(bad_limits),
    }
}

fn size(quantity: &Quantity) -> Result<u64, Problem> {
    match quantity {
        Quantity::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < u64::MAX as f64 => {
            Ok(*n as u64)
        }
        Quantity::Number(n) => Err(bad_limits(format!("`{n}` is not a size in bytes"))),
        Quantity::Text(text) => parse_bytes(text).map_err(bad_limits),
    }
}

/// A limit above its ceiling is refused, not lowered: a caller must know what it ran under.
fn check<T: PartialOrd + Copy>(
    name: &str,
    asked: T,
    ceiling: Option<T>,
    show: impl Fn(T) -> String,
) -> Result<(), Problem> {
    match ceiling {
        Some(ceiling) if asked > ceiling => Err(Problem::new(
            ProblemKind::LimitAboveCeiling,
            format!(
                "the request asks for a {name} of {}, more than this server allows ({})",
                show(asked),
                show(ceiling)
            ),
        )),
        _ => Ok(()),
    }
}

fn bad_limits(message: impl Into<String>) -> Problem {
    Problem::new(ProblemKind::BadRequest, message).cause("invalid limits")
}

fn bad_request(message: &str) -> Problem {
    Problem::new(ProblemKind::BadRequest, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(json: &str) -> RequestLimits {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn asked_limits_layer_over_the_defaults_up_to_the_ceilings() {
        let defaults = Limits::new()
            .timeout(Duration::from_secs(30))
            .max_memory(256 << 20);
        let ceilings = defaults.fuel(1000);
        let asked = limits(r#"{"timeout": "2s", "max_memory": 1048576, "fuel": 10}"#);
        let got = asked.resolve(&defaults, &ceilings, true, false).unwrap();
        assert_eq!(got.timeout, Some(Duration::from_secs(2)));
        assert_eq!(got.max_memory, Some(1 << 20));
        assert_eq!(got.fuel, Some(10));
        let too_much = limits(r#"{"timeout": 31}"#).resolve(&defaults, &ceilings, true, false);
        assert_eq!(too_much.unwrap_err().kind, ProblemKind::LimitAboveCeiling);
        let no_fuel = limits(r#"{"fuel": 1}"#).resolve(&defaults, &ceilings, false, false);
        assert_eq!(no_fuel.unwrap_err().kind, ProblemKind::BadRequest);
        let output = limits(r#"{"max_output": "1KiB"}"#).resolve(&defaults, &ceilings, true, true);
        assert_eq!(output.unwrap_err().kind, ProblemKind::BadRequest);
        let bad = limits(r#"{"max_memory": "lots"}"#).resolve(&defaults, &ceilings, true, false);
        assert_eq!(bad.unwrap_err().kind, ProblemKind::BadRequest);
    }
}
