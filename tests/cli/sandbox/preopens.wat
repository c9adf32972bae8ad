;; The guest can open no host file unless a directory is granted with `--dir`: without one,
;; `wasi:filesystem/preopens.get-directories` gives it nothing to open files relative to.
;; `dirs()` returns the guest paths of the directories it was given.
;;
;; RUN: run --invoke 'dirs()' %
;; RUN[granted]: run --dir %tmpdir::/data --invoke 'dirs()' %
;; FAIL[missing]: run --dir %tmpdir/none::/data --invoke 'dirs()' %
(component
  (import "wasi:filesystem/types@0.2.6" (instance $fs
    (export "descriptor" (type (sub resource)))))
  (alias export $fs "descriptor" (type $descriptor))
  (import "wasi:filesystem/preopens@0.2.6" (instance $pre
    (alias outer 1 $descriptor (type $d))
    (export "descriptor" (type $d2 (eq $d)))
    (export "get-directories" (func (result (list (tuple (own $d2) string)))))))
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
  (core func $get_dirs (canon lower (func $pre "get-directories")
    (memory $m "memory") (realloc (func $m "realloc"))))
  (core module $main
    (import "mem" "memory" (memory 1))
    (import "host" "get-directories" (func $get_dirs (param i32)))
    ;; Each element is (handle, name pointer, name length), 12 bytes; keep the names as a
    ;; list<string> (8 bytes each) in the same place.
    (func (export "dirs") (result i32)
      (local $base i32) (local $n i32) (local $i i32)
      (call $get_dirs (i32.const 16))
      (local.set $base (i32.load (i32.const 16)))
      (local.set $n (i32.load (i32.const 20)))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (i64.store
            (i32.add (local.get $base) (i32.mul (local.get $i) (i32.const 8)))
            (i64.load (i32.add (local.get $base)
              (i32.add (i32.mul (local.get $i) (i32.const 12)) (i32.const 4)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (i32.const 16)))
  (core instance $host (export "get-directories" (func $get_dirs)))
  (core instance $i (instantiate $main
    (with "mem" (instance $m)) (with "host" (instance $host))))
  (func (export "dirs") (result (list string))
    (canon lift (core func $i "dirs") (memory $m "memory"))))
