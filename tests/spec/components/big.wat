;; Large results from small calls, for the shortened values of failure reports.
(component
  (core module $m
    (memory (export "memory") 1)
    ;; The list or string goes at 1024; its (pointer, length) at 0.
    (func $room (param $bytes i32)
      (local $need i32)
      (local.set $need
        (i32.sub
          (i32.shr_u (i32.add (i32.add (local.get $bytes) (i32.const 1024)) (i32.const 65535))
            (i32.const 16))
          (memory.size)))
      (if (i32.gt_s (local.get $need) (i32.const 0))
        (then (drop (memory.grow (local.get $need))))))
    ;; [0, 1, …, n - 1], except that element `poke` (if any) is 0.
    (func (export "numbers") (param $n i32) (param $poke i32) (result i32)
      (local $i i32)
      (call $room (i32.mul (local.get $n) (i32.const 4)))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (i32.store (i32.add (i32.const 1024) (i32.mul (local.get $i) (i32.const 4)))
            (select (i32.const 0) (local.get $i) (i32.eq (local.get $i) (local.get $poke))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (i32.store (i32.const 0) (i32.const 1024))
      (i32.store (i32.const 4) (local.get $n))
      (i32.const 0))
    ;; `n` letters `a`, except a `b` at `at` (if any).
    (func (export "letters") (param $n i32) (param $at i32) (result i32)
      (call $room (local.get $n))
      (memory.fill (i32.const 1024) (i32.const 97) (local.get $n))
      (if (i32.lt_u (local.get $at) (local.get $n))
        (then (i32.store8 (i32.add (i32.const 1024) (local.get $at)) (i32.const 98))))
      (i32.store (i32.const 0) (i32.const 1024))
      (i32.store (i32.const 4) (local.get $n))
      (i32.const 0)))
  (core instance $i (instantiate $m))
  (alias core export $i "memory" (core memory $memory))
  (type $numbers (list u32))
  (func (export "numbers") (param "n" u32) (param "poke" u32) (result $numbers)
    (canon lift (core func $i "numbers") (memory $memory)))
  (func (export "letters") (param "n" u32) (param "at" u32) (result string)
    (canon lift (core func $i "letters") (memory $memory) string-encoding=utf8)))
