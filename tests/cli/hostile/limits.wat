;; Huge limits (issue 16.2). A duration or size too large to mean anything is still valid
;; when it can be represented: it means no practical limit, never a panic. Only what cannot
;; be represented is a usage error (exit status 2) that says so. Size units are
;; case-insensitive: `64mb` and `64MB` are decimal, `64M`, `64mib` and `64MiB` binary.
;;
;; RUN[huge-timeout]: run --timeout 9223372036854775807s --invoke 'echo-u8(1)' %fixtures/types.wasm
;; RUN[huge-hours]: run --timeout 3000000000000000h --invoke 'echo-u8(1)' %fixtures/types.wasm
;; FAIL[too-long]: run --timeout 30000000000000000h --invoke 'echo-u8(1)' %fixtures/types.wasm
;; RUN[huge-sizes]: run --fuel 18446744073709551615 --max-memory 18446744073709551615 --max-output 16777215TiB --cache-max-size 16777215t --invoke 'echo-u8(1)' %fixtures/types.wasm
;; FAIL[too-large]: run --max-memory 18446744073709551616 --invoke 'echo-u8(1)' %fixtures/types.wasm
;; FAIL[too-large-unit]: run --max-output 99999999999GiB --invoke 'echo-u8(1)' %fixtures/types.wasm
;; FAIL[huge-stack]: run --max-stack 16777215TiB --invoke 'echo-u8(1)' %fixtures/types.wasm
;; RUN[units]: run --max-memory 64mb --max-output 64MIB --max-stack 512kib --cache-max-size 1g --invoke 'echo-u8(1)' %fixtures/types.wasm
;; RUN[test-timeout]: test --timeout 3000000000000000h --jobs 18446744073709551615 --component %fixtures/types.wasm %dir/specs/echo.toml
;; RUN[spec-limits]: test --component %fixtures/types.wasm %dir/specs/huge-limits.toml
;; FAIL[spec-too-long]: test --component %fixtures/types.wasm %dir/specs/too-long.toml
;; RUN[compile]: compile --timeout 3000000000000000h --fuel 18446744073709551615 -o %tmpdir/t.cwasm %fixtures/types.wasm
;; RUN[jobs-zero]: test --jobs 0 --component %fixtures/types.wasm %dir/specs/echo.toml
