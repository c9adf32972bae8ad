//! A spec file's properties, run after its tests on the file's prepared instances.

use std::path::Path;
use std::time::Instant;

use super::{Instances, Law, run_property};
use crate::limits::CapturedOutput;
use crate::session::SessionPre;
use crate::spec::file::{FileRunner, prepare};
use crate::spec::model::SpecFile;
use crate::spec::outcome::chain_text;
use crate::spec::report::{FileReport, Status, TestReport};
use crate::spec::select::Pick;

impl FileRunner<'_> {
    /// Runs the properties `picks` selects, each case on a fresh instance of `prepared`.
    pub(in crate::spec) fn run_properties(
        &self,
        spec: &SpecFile,
        component: &Path,
        prepared: &SessionPre<'_>,
        output: &CapturedOutput,
        picks: &[Pick],
        report: &mut FileReport,
    ) {
        for (property, &pick) in spec.properties.iter().zip(picks) {
            if !self.may_start(pick, report) {
                continue;
            }
            let start = Instant::now();
            let mut result = if let Some(reason) = &property.skip {
                TestReport::item(&property.name, property.line, Status::Skipped)
                    .message(reason.clone())
            } else {
                match &property.law {
                    Law::Equals {
                        component: Some(other),
                        ..
                    } => {
                        // The other component, with the same grants and mocks as the spec's.
                        let loaded = self.load(&other.value, &spec.link_paths());
                        let other_pre = loaded.as_ref().map_err(Clone::clone).and_then(|program| {
                            prepare(spec, program, &other.value, output).map_err(|e| chain_text(&e))
                        });
                        match other_pre {
                            Ok(other_pre) => {
                                let instances = Instances {
                                    own: prepared,
                                    own_path: component,
                                    other: Some((&other_pre, &other.value)),
                                };
                                run_property(property, spec, &instances, self.seed)
                            }
                            Err(message) => {
                                let mut r =
                                    TestReport::item(&property.name, property.line, Status::Error)
                                        .message(format!(
                                            "failed to load `equals-component` `{}`: {message}",
                                            other.value.display()
                                        ));
                                r.call_line = Some(other.line);
                                r
                            }
                        }
                    }
                    _ => {
                        let instances = Instances {
                            own: prepared,
                            own_path: component,
                            other: None,
                        };
                        run_property(property, spec, &instances, self.seed)
                    }
                }
            };
            result.duration = start.elapsed();
            result.stdout = String::from_utf8_lossy(&output.take_stdout()).into_owned();
            result.stderr = String::from_utf8_lossy(&output.take_stderr()).into_owned();
            self.after(&result);
            report.tests.push(result);
        }
    }
}
