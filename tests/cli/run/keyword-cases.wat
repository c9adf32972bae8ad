;; Enum and variant cases named like WAVE keywords (`none`, `some`, `ok`, `err`, `true`,
;; `false`, `inf`, `nan`) are written with a `%`; the bare keyword is a keyword, and the
;; error says how to write the case. A bare `ok` is reported as `ok`, not `ok(…)`.
;;
;; RUN[escaped]: run --invoke 'echo-word(%none)' --invoke 'echo-word(%true)' --invoke 'echo-word(%nan)' --invoke 'case-of(%ok(7))' --invoke 'case-of(%none)' --invoke 'case-of(%some(1))' %
;; FAIL[bare-none]: run --invoke 'echo-word(none)' %
;; FAIL[bare-ok]: run --invoke 'echo-word(ok)' %
;; FAIL[bare-false]: run --invoke 'echo-word(false)' %
;; FAIL[bare-inf]: run --invoke 'echo-word(inf)' %
;; FAIL[variant-ok-payload]: run --invoke 'case-of(ok(7))' %
;; FAIL[variant-bare-some]: run --invoke 'case-of(some)' %
;; FAIL[variant-none-payload]: run --invoke 'case-of(none(1))' %
;; FAIL[no-such-case]: run --invoke 'echo-color(none)' %fixtures/types.wasm
;; FAIL[err-without-parenthesis]: run --invoke 'echo-u32(err)' %fixtures/types.wasm
(component
  (core module $m
    (func (export "echo") (param i32) (result i32) local.get 0)
    (func (export "case") (param i32 i32) (result i32) local.get 0))
  (core instance $i (instantiate $m))
  (type $word (enum "none" "some" "ok" "err" "true" "false" "inf" "nan"))
  (export $word' "word" (type $word))
  (type $shape (variant (case "ok" u32) (case "none") (case "some" u32) (case "nan")))
  (export $shape' "shape" (type $shape))
  (func (export "echo-word") (param "w" $word') (result $word')
    (canon lift (core func $i "echo")))
  ;; The case's index.
  (func (export "case-of") (param "s" $shape') (result u32)
    (canon lift (core func $i "case"))))
