;; Unbounded reads (issue 16.5): wavecall reads only regular files and standard input, and at
;; most a cap (512 MiB for a component, 64 MiB for a call or a spec file), so `/dev/zero`
;; anywhere a file is read is refused at once, whatever the command. The caps themselves are
;; tested in `tests/hostile_files.rs` (they need inputs larger than a test file should be).
;;
;; FAIL[run]: run --invoke 'f()' /dev/zero
;; FAIL[wit]: wit /dev/zero
;; FAIL[explain]: explain f /dev/zero
;; FAIL[explain-invoke]: explain --invoke 'f()' /dev/zero
;; FAIL[compile]: compile -o %tmpdir/z.cwasm /dev/zero
;; FAIL[link]: run --link /dev/zero --invoke 'echo-u8(1)' %fixtures/types.wasm
;; FAIL[call-file]: run --invoke @/dev/zero %fixtures/types.wasm
;; FAIL[spec-component]: test %dir/specs/dev-zero.toml
;; FAIL[spec-link]: test --component %fixtures/types.wasm %dir/specs/dev-zero-link.toml
;; FAIL[spec-file]: test --component %fixtures/types.wasm /dev/zero
;; FAIL[explain-wit]: explain --wit /dev/zero f
