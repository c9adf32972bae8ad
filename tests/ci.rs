//! `wavecall test` as CI uses it, where one command line is not enough: partitions that are
//! disjoint and complete over a large generated suite, their JUnit reports merged back into
//! the whole run's, `--update` rewriting a spec in place byte for byte, and the jobs of
//! `docs/ci.md` run as written.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn wavecall() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wavecall"));
    for name in [
        "RUST_BACKTRACE",
        "RUST_LIB_BACKTRACE",
        "GITHUB_ACTIONS",
        "CI_NODE_INDEX",
        "CI_NODE_TOTAL",
    ] {
        cmd.env_remove(name);
    }
    cmd.env("NO_COLOR", "1");
    cmd
}

fn app() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec/components/app.wat")
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run wavecall");
    assert!(
        out.status.code().is_some_and(|c| c <= 4),
        "{cmd:?}: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A suite of `files` specs with a varying number of tests, every fifth file `shared`.
fn generate_suite(dir: &Path, files: usize) -> usize {
    let mut total = 0;
    for f in 0..files {
        let tests = 1 + (f * 7) % 23;
        let mut text = format!(
            "component = {:?}\n{}\n[mock]\n\"my:app/config.get\" = \"41\"\n\"my:app/log#write\" = \"()\"\n",
            app().display().to_string(),
            if f % 5 == 4 {
                "instance = \"shared\"\n"
            } else {
                ""
            }
        );
        for t in 0..tests {
            text.push_str(&format!(
                "\n[[test]]\ncall = \"add({f}, {t})\"\nexpect = \"{}\"\n",
                f + t
            ));
        }
        let sub = dir.join(format!("group-{}", f % 3));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("spec-{f:02}.toml")), text).unwrap();
        total += tests;
    }
    total
}

/// Whether a generated spec is one of the shared ones (every fifth).
fn is_shared(spec: &str) -> bool {
    let number: usize = spec.rsplit("spec-").next().unwrap()[..2].parse().unwrap();
    number % 5 == 4
}

/// The tests `--list` selects, as `(spec, name)`.
fn listed(dir: &Path, extra: &[&str]) -> Vec<(String, String)> {
    let out = run(wavecall()
        .args(["test", "--list", "--format", "json"])
        .args(extra)
        .arg(dir));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tests = doc["tests"].as_array().unwrap();
    assert_eq!(doc["count"].as_u64().unwrap() as usize, tests.len());
    tests
        .iter()
        .map(|t| {
            (
                t["spec"].as_str().unwrap().to_string(),
                t["name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn partitions_are_disjoint_and_complete() {
    let dir = tempfile::tempdir().unwrap();
    let total = generate_suite(dir.path(), 40);
    let all = listed(dir.path(), &[]);
    assert_eq!(all.len(), total);
    let all_set: BTreeSet<_> = all.iter().cloned().collect();
    assert_eq!(all_set.len(), total, "test identities are unique");
    for kind in ["count", "hash"] {
        for n in [1, 2, 3, 7, 16] {
            let mut seen = BTreeSet::new();
            let mut sizes = Vec::new();
            for k in 1..=n {
                let part = listed(dir.path(), &["--partition", &format!("{kind}:{k}/{n}")]);
                sizes.push(part.len());
                for test in part {
                    assert!(seen.insert(test.clone()), "{kind}:{k}/{n} repeats {test:?}");
                }
            }
            assert_eq!(seen, all_set, "{kind} over {n} parts covers the suite");
            // A shared file is never split up.
            for f in (4..40).step_by(5) {
                let spec = format!("spec-{f:02}.toml");
                let parts: BTreeSet<usize> = (1..=n)
                    .filter(|k| {
                        listed(dir.path(), &["--partition", &format!("{kind}:{k}/{n}")])
                            .iter()
                            .any(|(s, _)| s.ends_with(&spec))
                    })
                    .collect();
                assert_eq!(
                    parts.len(),
                    1,
                    "{spec} is in parts {parts:?} of {kind}:_/{n}"
                );
                if n < 3 {
                    break;
                }
            }
            if kind == "count" {
                // Round-robin over units (a test, or a whole shared file): the parts' numbers
                // of units differ by one at most.
                let units: Vec<usize> = (1..=n)
                    .map(|k| {
                        let part = listed(dir.path(), &["--partition", &format!("{kind}:{k}/{n}")]);
                        let shared: BTreeSet<&String> = part
                            .iter()
                            .filter(|(s, _)| is_shared(s))
                            .map(|(s, _)| s)
                            .collect();
                        part.iter().filter(|(s, _)| !is_shared(s)).count() + shared.len()
                    })
                    .collect();
                let spread = units.iter().max().unwrap() - units.iter().min().unwrap();
                assert!(
                    spread <= 1,
                    "{kind}:_/{n}: {units:?} units, {sizes:?} tests"
                );
            }
        }
    }
    // The filter applies first, then the partition.
    let filtered = listed(dir.path(), &["--filter", "add(1"]);
    let mut parts = BTreeSet::new();
    for k in 1..=3 {
        parts.extend(listed(
            dir.path(),
            &["--filter", "add(1", "--partition", &format!("count:{k}/3")],
        ));
    }
    assert_eq!(parts, filtered.into_iter().collect());
}

/// The names of the tests `--list --partition hash:K/N specs` selects, run from `cwd` with
/// the suite spelled `specs` as given.
fn hash_part(cwd: &Path, specs: &Path, k: u32, n: u32) -> Vec<String> {
    let out = run(wavecall()
        .current_dir(cwd)
        .args(["test", "--list", "--format", "json", "--partition"])
        .arg(format!("hash:{k}/{n}"))
        .arg(specs));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tests = doc["tests"].as_array().unwrap();
    tests
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn hash_parts_do_not_depend_on_where_the_checkout_is() {
    // Two runners check the project out at different places (GitLab's concurrent builds
    // do), and a job may spell the suite relative or absolute: every one must agree.
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    let deeper = two.path().join("builds/project-1");
    for root in [one.path(), deeper.as_path()] {
        generate_suite(&root.join("specs"), 12);
    }
    for k in 1..=2 {
        let here = hash_part(one.path(), Path::new("specs"), k, 2);
        assert!(!here.is_empty(), "part {k} of 2 has tests");
        assert_eq!(here, hash_part(deeper.as_path(), Path::new("specs"), k, 2));
        assert_eq!(
            here,
            hash_part(deeper.as_path(), &deeper.join("specs"), k, 2)
        );
        assert_eq!(here, hash_part(one.path(), Path::new("./specs"), k, 2));
    }
}

#[test]
fn auto_partitions_follow_gitlab() {
    let dir = tempfile::tempdir().unwrap();
    generate_suite(dir.path(), 6);
    for k in 1..=4 {
        let auto = run(wavecall()
            .args(["test", "--list", "--partition", "auto"])
            .env("CI_NODE_INDEX", k.to_string())
            .env("CI_NODE_TOTAL", "4")
            .arg(dir.path()));
        let count = run(wavecall()
            .args(["test", "--list", "--partition", &format!("count:{k}/4")])
            .arg(dir.path()));
        assert_eq!(auto.stdout, count.stdout);
    }
}

/// The `(suite, name)` and outcome element of every test case of a JUnit report.
fn cases(xml: &str) -> BTreeSet<(String, String, String)> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|case| {
            let outcome = case
                .children()
                .find(|c| c.is_element() && !c.tag_name().name().starts_with("system"))
                .map_or("passed".to_string(), |c| c.tag_name().name().to_string());
            (
                case.attribute("classname").unwrap().to_string(),
                case.attribute("name").unwrap().to_string(),
                outcome,
            )
        })
        .collect()
}

fn root_counts(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let root = doc.root_element();
    ["tests", "failures", "errors", "skipped"]
        .iter()
        .map(|a| root.attribute(*a).unwrap().to_string())
        .collect()
}

#[test]
fn merged_partition_reports_equal_the_whole_run() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec");
    let dir = tempfile::tempdir().unwrap();
    let specs = [
        spec.join("app.toml"),
        spec.join("failing/values.toml"),
        spec.join("linked.toml"),
    ];
    let whole = dir.path().join("whole.xml");
    run(wavecall()
        .arg("test")
        .arg("--report")
        .arg(format!("junit={}", whole.display()))
        .args(&specs));
    let mut parts = Vec::new();
    for k in 1..=3 {
        let part = dir.path().join(format!("part-{k}.xml"));
        run(wavecall()
            .args(["test", "--partition", &format!("hash:{k}/3"), "--report"])
            .arg(format!("junit={}", part.display()))
            .args(&specs));
        parts.push(part);
    }
    let merged = dir.path().join("merged.xml");
    let out = run(wavecall()
        .args(["test", "merge-reports"])
        .args(&parts)
        .arg("-o")
        .arg(&merged));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let whole = std::fs::read_to_string(whole).unwrap();
    let merged_text = std::fs::read_to_string(&merged).unwrap();
    assert_eq!(cases(&merged_text), cases(&whole));
    assert_eq!(root_counts(&merged_text), root_counts(&whole));
    if let Ok(status) = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(spec.join("junit.xsd"))
        .arg(&merged)
        .status()
    {
        assert!(
            status.success(),
            "the merged report breaks tests/spec/junit.xsd"
        );
    }
    // The same report twice is the same cases once; overlapping reports that disagree fail.
    let again = run(wavecall()
        .args(["test", "merge-reports"])
        .arg(&parts[0])
        .arg(&parts[0])
        .args(["-o", "-"]));
    assert_eq!(
        cases(&String::from_utf8_lossy(&again.stdout)),
        cases(&std::fs::read_to_string(&parts[0]).unwrap())
    );
    let changed = dir.path().join("changed.xml");
    let text = std::fs::read_to_string(&parts[0]).unwrap();
    let edited = text.replacen("time=\"", "time=\"9", 3);
    assert_ne!(edited, text);
    std::fs::write(&changed, edited).unwrap();
    let clash = run(wavecall()
        .args(["test", "merge-reports"])
        .arg(&parts[0])
        .arg(&changed)
        .args(["-o", "-"]));
    assert_eq!(clash.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&clash.stderr).contains("the reports overlap"));
}

const BEFORE: &str = r#"# Snapshot tests of `app.wat`: comments, spacing and quoting stay as written.
component = "COMPONENT"

[mock]
"my:app/config.get" = "41"
"my:app/log#write" = "()"

[[test]]
name = "sum"
call = "add(1, 2)"
expect   =  "4"    # wrong on purpose

[[test]]
call = 'safe-div(7, 2)'
expect = 'ok(4)'
tolerance = 0.5

[[test]]
call = "boom()"
expect-trap = "out of fuel"   # the wrong trap

[[test]]
call = "add(2, 2)"
expect = "4"            # right: untouched

[[test]]
call = "boom()"
expect = "1"
"#;

#[test]
fn update_rewrites_values_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snap.toml");
    let before = BEFORE.replace("COMPONENT", &app().display().to_string());
    std::fs::write(&path, &before).unwrap();
    let out = run(wavecall().args(["test", "--update"]).arg(&path));
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The trap tests are left failing: `--update` alone only writes values.
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("UPDATED "), "{stdout}");
    assert!(
        stdout.ends_with("1 passed, 2 failed, 2 updated\n"),
        "{stdout}"
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        before
            .replace(
                r#"expect   =  "4"    # wrong"#,
                r#"expect   =  "3"    # wrong"#
            )
            .replace("expect = 'ok(4)'", "expect = \"ok(3)\"")
    );
    // `all` also writes traps: the wrong trap's message, and a trap where a value was.
    let out = run(wavecall().args(["test", "--update=all"]).arg(&path));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let after_all = std::fs::read_to_string(&path).unwrap();
    let trap = "expect-trap = \"wasm trap: wasm `unreachable` instruction executed\"";
    assert_eq!(
        after_all,
        after
            .replace(
                "expect-trap = \"out of fuel\"   # the wrong trap",
                &format!("{trap}   # the wrong trap")
            )
            .replace(
                "call = \"boom()\"\nexpect = \"1\"\n",
                &format!("call = \"boom()\"\n{trap}\n")
            )
    );
    // Now everything passes, and a further update changes nothing.
    let out = run(wavecall().args(["test", "--update=all"]).arg(&path));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after_all);
}

/// The YAML blocks of `docs/ci.md`, in order.
fn doc_blocks() -> Vec<String> {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        match (&mut current, line) {
            (None, "```yaml") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), line) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The value of `key:` in `block` (the first one), trimmed.
fn yaml_value<'a>(block: &'a str, key: &str) -> &'a str {
    block
        .lines()
        .find_map(|l| l.trim().strip_prefix(&format!("{key}:")))
        .unwrap_or_else(|| panic!("no `{key}:` in\n{block}"))
        .trim()
}

/// The `run:` scripts of each job of a workflow, by job name.
fn github_jobs(workflow: &str) -> Vec<(String, Vec<String>)> {
    let lines: Vec<&str> = workflow.lines().collect();
    let mut jobs: Vec<(String, Vec<String>)> = Vec::new();
    let mut in_jobs = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line == "jobs:" {
            in_jobs = true;
        } else if in_jobs && indent(line) == 2 && line.trim_end().ends_with(':') {
            jobs.push((line.trim().trim_end_matches(':').to_string(), Vec::new()));
        } else if let Some(run) = line.trim().strip_prefix("run:").map(str::trim) {
            let script = if run == "|" {
                let body_indent = indent(lines[i + 1]);
                let mut body = String::new();
                while i + 1 < lines.len()
                    && (lines[i + 1].trim().is_empty() || indent(lines[i + 1]) >= body_indent)
                {
                    i += 1;
                    body.push_str(lines[i].get(body_indent..).unwrap_or(""));
                    body.push('\n');
                }
                body
            } else {
                format!("{run}\n")
            };
            jobs.last_mut().expect("a step inside a job").1.push(script);
        }
        i += 1;
    }
    jobs
}

/// A project as the docs' jobs expect it: `specs/` with specs and their components, and
/// wavecall "restored from the cache" in `.wavecall/bin`; a `cargo` that fails, so that an
/// install step that would need the network is caught.
fn ci_project() -> (tempfile::TempDir, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    std::fs::create_dir_all(specs.join("components")).unwrap();
    for entry in std::fs::read_dir(root.join("tests/spec/components")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(
            &path,
            specs.join("components").join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    std::fs::copy(root.join("tests/spec/app.toml"), specs.join("app.toml")).unwrap();
    std::fs::copy(
        root.join("tests/spec/linked.toml"),
        specs.join("linked.toml"),
    )
    .unwrap();
    std::fs::copy(root.join("examples/shapes.wasm"), specs.join("shapes.wasm")).unwrap();
    let shapes = std::fs::read_to_string(root.join("tests/spec/shapes.toml"))
        .unwrap()
        .replace("../../examples/shapes.wasm", "shapes.wasm");
    std::fs::write(specs.join("shapes.toml"), shapes).unwrap();
    let bin = dir.path().join(".wavecall/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_wavecall"), bin.join("wavecall")).unwrap();
    let fake = dir.path().join("fake-bin");
    std::fs::create_dir_all(&fake).unwrap();
    let cargo = fake.join("cargo");
    std::fs::write(
        &cargo,
        "#!/bin/sh\necho \"cargo must not run here: $*\" >&2\nexit 99\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!("{}:/usr/bin:/bin", fake.display());
    (dir, PathBuf::from(path))
}

fn bash(script: &str, dir: &Path, path: &Path, env: &[(&str, String)]) {
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(dir)
        .env_clear()
        .env("PATH", path)
        .env("HOME", dir)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script}\nexit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn all_tests(project: &Path) -> BTreeSet<(String, String, String)> {
    let whole = project.join("whole.xml");
    run(wavecall()
        .current_dir(project)
        .arg("test")
        .arg("--report")
        .arg(format!("junit={}", whole.display()))
        .arg("specs/"));
    let cases = cases(&std::fs::read_to_string(&whole).unwrap());
    std::fs::remove_file(whole).unwrap();
    cases
}

#[test]
fn docs_ci_jobs_run_as_written() {
    let blocks = doc_blocks();
    let github = blocks
        .iter()
        .find(|b| b.contains(".github/workflows"))
        .unwrap();
    let gitlab = blocks
        .iter()
        .find(|b| b.contains(".gitlab-ci.yml"))
        .unwrap();

    // GitHub Actions: each part of the matrix, then the report job, step by step, with
    // `$GITHUB_PATH` applied between steps as the runner does.
    let (project, base_path) = ci_project();
    let dir = project.path();
    let expected = all_tests(dir);
    let parts: Vec<String> = yaml_value(github, "part")
        .trim_matches(|c| c == '[' || c == ']')
        .split(',')
        .map(|p| p.trim().to_string())
        .collect();
    assert_eq!(parts, ["1", "2", "3"]);
    let cache_dir = yaml_value(github, "WAVECALL_CACHE_DIR")
        .replace("${{ github.workspace }}", &dir.display().to_string());
    let jobs = github_jobs(github);
    assert_eq!(
        jobs.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["specs", "report"]
    );
    let run_job = |scripts: &[String], part: &str| {
        let github_path = dir.join(format!("github-path-{part}"));
        std::fs::write(&github_path, "").unwrap();
        for script in scripts {
            let script = script
                .replace("${{ matrix.part }}", part)
                .replace("${{ github.workspace }}", &dir.display().to_string());
            assert!(
                !script.contains("${{"),
                "an expression the test does not know: {script}"
            );
            let added: Vec<String> = std::fs::read_to_string(&github_path)
                .unwrap()
                .lines()
                .rev()
                .map(str::to_string)
                .collect();
            let path = PathBuf::from(
                added
                    .iter()
                    .chain(std::iter::once(&base_path.display().to_string()))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(":"),
            );
            bash(
                &script,
                dir,
                &path,
                &[
                    ("GITHUB_ACTIONS", "true".into()),
                    ("GITHUB_WORKSPACE", dir.display().to_string()),
                    ("GITHUB_PATH", github_path.display().to_string()),
                    ("WAVECALL_CACHE_DIR", cache_dir.clone()),
                ],
            );
        }
    };
    for part in &parts {
        run_job(&jobs[0].1, part);
    }
    assert!(
        std::fs::read_dir(&cache_dir).is_ok_and(|mut d| d.next().is_some()),
        "the compile cache in `{cache_dir}` is used"
    );
    run_job(&jobs[1].1, "report");
    let merged = std::fs::read_to_string(dir.join("specs.xml")).unwrap();
    assert_eq!(
        cases(&merged),
        expected,
        "the merged report is the whole suite"
    );

    // GitLab CI: `parallel: N` jobs with CI_NODE_INDEX from 1, before_script and script.
    let (project, path) = ci_project();
    let dir = project.path();
    let total: usize = yaml_value(gitlab, "parallel").parse().unwrap();
    let lines = |key: &str| -> Vec<String> {
        let mut out = Vec::new();
        let mut inside = false;
        for line in gitlab.lines() {
            if line.trim() == format!("{key}:") {
                inside = true;
            } else if inside && line.trim_start().starts_with("- ") {
                out.push(line.trim_start()[2..].to_string());
            } else if inside {
                inside = false;
            }
        }
        out
    };
    let mut script = lines("before_script");
    script.extend(lines("script"));
    assert!(script.iter().any(|l| l.contains("--partition auto")));
    let cache_dir = yaml_value(gitlab, "WAVECALL_CACHE_DIR")
        .replace("$CI_PROJECT_DIR", &dir.display().to_string());
    for index in 1..=total {
        bash(
            &script.join("\n"),
            dir,
            &path,
            &[
                ("CI_NODE_INDEX", index.to_string()),
                ("CI_NODE_TOTAL", total.to_string()),
                ("CI_PROJECT_DIR", dir.display().to_string()),
                ("WAVECALL_CACHE_DIR", cache_dir.clone()),
            ],
        );
    }
    let reports: Vec<PathBuf> = (1..=total)
        .map(|i| dir.join(format!("specs-{i}.xml")))
        .collect();
    let out = run(wavecall()
        .args(["test", "merge-reports"])
        .args(&reports)
        .args(["-o", "-"]));
    assert_eq!(cases(&String::from_utf8_lossy(&out.stdout)), all_tests(dir));
    assert!(std::fs::read_dir(&cache_dir).is_ok_and(|mut d| d.next().is_some()));
}
