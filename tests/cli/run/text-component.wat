;; A test file can be the component itself, in the text format: `%` is this file.
;;
;; RUN: run --invoke 'answer()' --invoke 'double(21)' %
;; RUN[stdin]: run --invoke 'answer()' - < text-component.wat
;; FAIL[unknown]: run --invoke 'question()' %
(component
  (core module $m
    (func (export "answer") (result i32) i32.const 42)
    (func (export "double") (param i32) (result i32)
      (i32.mul (local.get 0) (i32.const 2))))
  (core instance $i (instantiate $m))
  (func (export "answer") (result u32) (canon lift (core func $i "answer")))
  (func (export "double") (param "n" u32) (result u32) (canon lift (core func $i "double")))
)
