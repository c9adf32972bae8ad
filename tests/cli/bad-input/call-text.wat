;; Bad call text never panics, overflows the stack or hangs: each is a usage error (exit 2)
;; that points at the call. Call texts too big or too odd for a command line come from
;; files, on standard input (`@-`).
;;
;; FAIL[deep]: run --invoke @- %fixtures/types.wasm < deep.call
;; RUN[deep-ok]: run --invoke @- %fixtures/types.wasm < deep-ok.call
;; FAIL[bad-utf8]: run --invoke @- %fixtures/types.wasm < bad-utf8.call
;; RUN[nul]: run --invoke @- %fixtures/types.wasm < nul.call
;; FAIL[huge-number]: run --invoke @- %fixtures/types.wasm < huge-number.call
;; WAVE floats round like Rust's: too big is infinity, and NUL is a character like any other.
;; RUN[huge-float]: run --invoke 'echo-f64(1e999999999999999999999)' %fixtures/types.wasm
;; FAIL[too-big-u8]: run --invoke 'echo-u8(256)' %fixtures/types.wasm
;; FAIL[negative-u32]: run --invoke 'echo-u32(-1)' %fixtures/types.wasm
;; RUN[huge-string]: run --invoke @- %fixtures/types.wasm < huge-string.call
;; FAIL[huge-string-wrong]: run --invoke @- %fixtures/types.wasm < huge-string-wrong.call
;; FAIL[wrong-type]: run --invoke 'echo-person("bob")' %fixtures/types.wasm
;; FAIL[unclosed-string]: run --invoke 'echo-string("abc)' %fixtures/types.wasm
;; FAIL[bad-escape]: run --invoke 'echo-string("\q")' %fixtures/types.wasm
;; FAIL[lone-surrogate]: run --invoke "echo-char('\\u{d800}')" %fixtures/types.wasm
;; FAIL[trailing]: run --invoke 'echo-u8(1) extra' %fixtures/types.wasm
;; FAIL[empty]: run --invoke '' %fixtures/types.wasm
;; FAIL[only-paren]: run --invoke '(' %fixtures/types.wasm
;; FAIL[no-name]: run --invoke '(1)' %fixtures/types.wasm
;; FAIL[missing-file]: run --invoke @%tmpdir/none.call %fixtures/types.wasm
;; FAIL[directory]: run --invoke @%tmpdir %fixtures/types.wasm
