;; The small rules, each where it happens: variant slots joining into i64, flags bits,
;; bool normalisation, sign extension, chars as code points, NaN payloads, enums and
;; options.
;;
;; RUN: explain --invoke 'echo-mixed(float(1.5))' %fixtures/types.wasm
;; RUN[join-int]: explain --invoke 'echo-mixed(int(-1))' %fixtures/types.wasm
;; RUN[join-text]: explain --invoke 'echo-mixed(text("hi"))' %fixtures/types.wasm
;; RUN[flags]: explain --invoke 'echo-perms({read, exec})' %fixtures/types.wasm
;; RUN[flags-32]: explain --invoke 'echo-many({b1, b32})' %fixtures/types.wasm
;; RUN[bool]: explain --invoke 'echo-bool(true)' %fixtures/types.wasm
;; RUN[s8]: explain --invoke 'echo-s8(-1)' %fixtures/types.wasm
;; RUN[char]: explain --invoke "echo-char('😀')" %fixtures/types.wasm
;; RUN[nan]: explain --invoke 'echo-f64(nan)' %fixtures/types.wasm
;; RUN[enum]: explain --invoke 'echo-color(blue)' %fixtures/types.wasm
;; RUN[option-option]: explain --invoke 'echo-option-option(some(none))' %fixtures/types.wasm
;; RUN[result-empty]: explain --invoke 'echo-result-empty(err)' %fixtures/types.wasm
;; RUN[nothing]: explain --invoke 'nothing()' %fixtures/types.wasm
