;; Arguments that do not fit the parameter types of `types` (wit/types.wit): each is a bad
;; invocation (exit status 2) with a caret under the offending text.
;;
;; FAIL[u8-too-big]: run --invoke 'echo-u8(256)' %fixtures/types.wasm
;; FAIL[u8-negative]: run --invoke 'echo-u8(-1)' %fixtures/types.wasm
;; FAIL[s64-too-small]: run --invoke 'echo-s64(-9223372036854775809)' %fixtures/types.wasm
;; FAIL[hex]: run --invoke 'echo-u32(0xff)' %fixtures/types.wasm
;; FAIL[float-for-int]: run --invoke 'echo-u32(1.5)' %fixtures/types.wasm
;; FAIL[string-for-bool]: run --invoke 'echo-bool("true")' %fixtures/types.wasm
;; FAIL[two-chars]: run --invoke "echo-char('ab')" %fixtures/types.wasm
;; FAIL[surrogate]: run --invoke "echo-char('\u{D800}')" %fixtures/types.wasm
;; FAIL[bad-escape]: run --invoke 'echo-string("\q")' %fixtures/types.wasm
;; FAIL[list-element]: run --invoke 'echo-list-u8([1, 2, 300])' %fixtures/types.wasm
;; FAIL[short-tuple]: run --invoke 'echo-tuple((7, "x"))' %fixtures/types.wasm
;; FAIL[missing-field]: run --invoke 'echo-person({age: 36})' %fixtures/types.wasm
;; FAIL[unknown-field]: run --invoke 'echo-person({name: "Ada", age: 36, email: "a@b"})' %fixtures/types.wasm
;; FAIL[unknown-case]: run --invoke 'echo-mixed(huge(1))' %fixtures/types.wasm
;; FAIL[missing-payload]: run --invoke 'echo-mixed(int)' %fixtures/types.wasm
;; FAIL[unexpected-payload]: run --invoke 'echo-mixed(empty(1))' %fixtures/types.wasm
;; FAIL[unknown-enum-case]: run --invoke 'echo-color(purple)' %fixtures/types.wasm
;; FAIL[unknown-flag]: run --invoke 'echo-perms({read, delete})' %fixtures/types.wasm
;; FAIL[ambiguous-plain-option]: run --invoke 'echo-option-option(3)' %fixtures/types.wasm
;; FAIL[too-many-arguments]: run --invoke 'echo-u8(1, 2)' %fixtures/types.wasm
;; FAIL[missing-required-before-options]: run --invoke 'echo-person()' %fixtures/types.wasm
;; FAIL[arguments-to-nothing]: run --invoke 'nothing(1)' %fixtures/types.wasm
;; FAIL[no-parentheses]: run --invoke 'nothing' %fixtures/types.wasm
;; FAIL[trailing-text]: run --invoke 'nothing() extra' %fixtures/types.wasm
