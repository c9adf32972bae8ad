;; Specs that are wrong: bad mocks, expected values that do not fit the result type, unknown
;; functions and unknown keys are spec errors with their line (exit status 2), found before
;; any call runs; a component that cannot be loaded is exit status 3.
;;
;; FAIL: test %dir/../../spec/broken/bad-values.toml
;; FAIL[bad-calls]: test %dir/../../spec/broken/bad-calls.toml
;; FAIL[unknown-key]: test %dir/../../spec/broken/unknown-key.toml
;; FAIL[missing-component]: test %dir/../../spec/broken/missing-component.toml
;; FAIL[no-such-spec]: test %dir/nowhere.toml
;; FAIL[bad-report]: test --report xml=%tmpdir/r.xml %dir/../../spec/shapes.toml
