;; Unicode whitespace and combining characters anywhere in a call: every error points at
;; whole characters (a caret under U+3000 is two columns wide) and nothing panics, in `run`,
;; `explain`, handle names and spec files (issue 16.1). Each space character is named by its
;; code point, since it cannot be seen.
;;
;; FAIL[nbsp]: run --invoke 'echo -u8(1)' %fixtures/types.wasm
;; FAIL[nel]: run --invoke 'echo-u8(1)' %fixtures/types.wasm
;; FAIL[ogham]: run --invoke 'echo -u8(1)' %fixtures/types.wasm
;; FAIL[line-separator]: run --invoke 'echo -u8(1)' %fixtures/types.wasm
;; FAIL[ideographic]: run --invoke 'echo　-u8(1)' %fixtures/types.wasm
;; FAIL[in-arguments]: run --invoke 'echo-u8(1　)' %fixtures/types.wasm
;; FAIL[combining]: run --invoke 'echo-u8(1́)' %fixtures/types.wasm
;; FAIL[wide-value]: run --invoke 'echo-u8("世界")' %fixtures/types.wasm
;; FAIL[explain-call]: explain --invoke 'echo -u8(1)' %fixtures/types.wasm
;; FAIL[explain-function]: explain 'echo -u8' %fixtures/types.wasm
;; FAIL[handle-receiver]: run --invoke 'c = [constructor]counter(1)' --invoke 'c .get()' %fixtures/resources.wasm
;; FAIL[handle-binding]: run --invoke 'c　d = [constructor]counter(1)' %fixtures/resources.wasm
;; FAIL[handle-argument]: run --invoke 'c = [constructor]counter(1)' --invoke 'consume(c)' %fixtures/resources.wasm
;; A spec file whose calls hold them is a spec error, and the other files still run.
;; FAIL[spec]: test --component %fixtures/types.wasm %dir/specs/unicode.toml %dir/specs/echo.toml
