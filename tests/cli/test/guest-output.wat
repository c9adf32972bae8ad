;; The guest's stdout and stderr are captured per test, even with spec files running in
;; parallel: a failing test's block shows what it wrote, a passing test's output is not
;; shown, and nothing the guest writes reaches wavecall's stdout or stderr directly.
;; `--max-output` caps each stream of each test, in a shared instance too.
;;
;; FAIL: test --component %fixtures/stdio.wasm --max-output 64 %dir/../../spec/output/guest-output.toml %dir/../../spec/output/shared.toml
;; FAIL[parallel]: test -j 2 --component %fixtures/stdio.wasm --max-output 64 %dir/../../spec/output/guest-output.toml %dir/../../spec/output/shared.toml
