;; A function whose `post-return` traps after the result was lifted: the call fails with
;; the trap (exit 1), and the instance is not used again.
;;
;; FAIL: run --invoke 'f()' --invoke 'f()' %
(component
  (core module $m
    (memory (export "memory") 1)
    (data (i32.const 16) "\20\00\00\00\02\00\00\00hi")
    (func (export "f") (result i32) (i32.const 16))
    (func (export "cabi_post_f") (param i32) unreachable))
  (core instance $i (instantiate $m))
  (func (export "f") (result string)
    (canon lift (core func $i "f") (memory $i "memory")
      (post-return (func $i "cabi_post_f")))))
