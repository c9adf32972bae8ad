;; The REPL's commands, read from standard input (no terminal: no notes, no prompt).
;;
;; RUN[help]: repl %fixtures/shapes.wasm < input/help.txt
;; `:type` names a function's signature, a type's definition and a kept result's type;
;; `:format json` switches the output (`:time` prints the call's time on stderr, which
;; its time varies, so it is tested in `tests/repl.rs`).
;; RUN[type]: repl %fixtures/shapes.wasm < input/type.txt
;; `:calls` counts each mock's calls; `:drop` drops a bound handle, after which it cannot
;; be used.
;; FAIL[calls-and-drop]: repl --mock 'get-answer=41' % < input/calls.txt
;; An unknown command (with the nearest known one), a command without its argument or with
;; a wrong one fail with usage errors; the session goes on.
;; FAIL[bad-commands]: repl %fixtures/shapes.wasm < input/bad-commands.txt
;; `:wit` prints the component's WIT.
;; RUN[wit]: repl %fixtures/shapes.wasm < input/wit.txt
(component
  (import "get-answer" (func $get (result u32)))
  (core func $get-lowered (canon lower (func $get)))
  (core module $m
    (import "host" "get" (func $get (result i32)))
    (func (export "ask") (result i32) call $get i32.const 1 i32.add))
  (core instance $host (export "get" (func $get-lowered)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (func (export "ask") (result u32) (canon lift (core func $i "ask"))))
