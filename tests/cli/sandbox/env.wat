;; The guest sees no host environment variable unless granted with `--env` (the test
;; harness runs wavecall with PATH, HOME and more set). `env()` returns what
;; `wasi:cli/environment.get-environment` gives the guest.
;;
;; RUN: run --invoke 'env()' %
;; RUN[granted]: run --env GREETING=hello --invoke 'env()' %
;; RUN[inherited]: run --env NO_COLOR --invoke 'env()' %
;; RUN[args]: run --invoke 'args()' % one two
(component
  (import "wasi:cli/environment@0.2.6" (instance $env
    (export "get-environment" (func (result (list (tuple string string)))))
    (export "get-arguments" (func (result (list string))))))
  ;; Memory and allocator first: lowering the imports needs them.
  (core module $mem
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $m (instantiate $mem))
  (core func $get_env (canon lower (func $env "get-environment")
    (memory $m "memory") (realloc (func $m "realloc"))))
  (core func $get_args (canon lower (func $env "get-arguments")
    (memory $m "memory") (realloc (func $m "realloc"))))
  (core module $main
    (import "host" "get-environment" (func $get_env (param i32)))
    (import "host" "get-arguments" (func $get_args (param i32)))
    ;; The host writes (pointer, length) of the list at 16, which is also our return area.
    (func (export "env") (result i32) (call $get_env (i32.const 16)) (i32.const 16))
    (func (export "args") (result i32) (call $get_args (i32.const 16)) (i32.const 16)))
  (core instance $host (export "get-environment" (func $get_env))
    (export "get-arguments" (func $get_args)))
  (core instance $i (instantiate $main (with "host" (instance $host))))
  (func (export "env") (result (list (tuple string string)))
    (canon lift (core func $i "env") (memory $m "memory")))
  (func (export "args") (result (list string))
    (canon lift (core func $i "args") (memory $m "memory"))))
