;; Arguments are read against the parameter types in one pass (`src/invocation/typed/`);
;; whatever that refuses, the reference path (wasm-wave's tree and the converter) reports.
;;
;; The grammar is wasm-wave 0.254's, quirks included: a trailing comma, record fields and
;; flags without commas between them, comments, `-0` for an unsigned zero, and a number cut
;; where the next token starts (`1inf:` is the number 1 and the field `inf`).
;; RUN[grammar]: run --invoke 'echo-keywords({true: 1inf: 2e0 none: true})' --invoke 'echo-perms({write read})' --invoke 'echo-u32(-0)' --invoke 'count-some(some(1), "x")' %fixtures/types.wasm
;; RUN[shapes-grammar]: run --invoke 'area(rect({height: 3.5 width: 2.0,})) // note' %fixtures/shapes.wasm
;;
;; A syntax error in the arguments comes first, before a wrong name, a binding that cannot
;; be made, or a handle that is not there, as when the arguments were parsed up front.
;; FAIL[syntax-before-name]: run --invoke 'aera(point' %fixtures/shapes.wasm
;; FAIL[syntax-before-binding]: run --invoke 'x = area(point' %fixtures/shapes.wasm
;; FAIL[syntax-before-unknown-binding]: run --invoke 'x.get(1 2)' %fixtures/resources.wasm
;; FAIL[syntax-before-drop]: run --invoke 'c = [constructor]counter(5)' --invoke 'c.drop(1 2)' %fixtures/resources.wasm
;; FAIL[explain-syntax-before-name]: explain --invoke 'aera(point' %fixtures/shapes.wasm
;; FAIL[explain-syntax-before-binding]: explain --invoke 'x = area(point' %fixtures/shapes.wasm
;;
;; A call read from a file (`@FILE`) is read once and parsed where it lies.
;; RUN[from-file]: run --invoke @%dir/calls/multiline.wave %fixtures/types.wasm
