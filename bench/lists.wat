;; Components for the large-argument benchmarks beside `sum.wat`: `total-len` adds up the
;; lengths of a `list<string>`, `sum-a` the `a` fields of a `list<record {a: u32, b: string}>`.
;; The core module has a bump allocator for the host to copy the lists and strings into.
(component
  (core module $m
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
      (local $ptr i32) (local $end i32) (local $have i32)
      ;; align the heap pointer up to the requested alignment
      (local.set $ptr
        (i32.and
          (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
          (i32.sub (i32.const 0) (local.get 2))))
      (local.set $end (i32.add (local.get $ptr) (local.get 3)))
      (local.set $have (i32.shl (memory.size) (i32.const 16)))
      (if (i32.gt_u (local.get $end) (local.get $have))
        (then
          (if (i32.eq
                (memory.grow
                  (i32.shr_u
                    (i32.add (i32.sub (local.get $end) (local.get $have)) (i32.const 65535))
                    (i32.const 16)))
                (i32.const -1))
            (then unreachable))))
      (global.set $heap (local.get $end))
      (local.get $ptr))
    ;; Each string is (ptr, len): 8 bytes; add up the lengths.
    (func (export "total-len") (param $ptr i32) (param $len i32) (result i32)
      (local $acc i32) (local $end i32)
      (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $len) (i32.const 3))))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
          (local.set $acc (i32.add (local.get $acc) (i32.load offset=4 (local.get $ptr))))
          (local.set $ptr (i32.add (local.get $ptr) (i32.const 8)))
          (br $next)))
      (local.get $acc))
    ;; Each record is (a: u32, b.ptr, b.len): 12 bytes; add up `a`.
    (func (export "sum-a") (param $ptr i32) (param $len i32) (result i32)
      (local $acc i32) (local $end i32)
      (local.set $end (i32.add (local.get $ptr) (i32.mul (local.get $len) (i32.const 12))))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
          (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $ptr))))
          (local.set $ptr (i32.add (local.get $ptr) (i32.const 12)))
          (br $next)))
      (local.get $acc)))
  (core instance $i (instantiate $m))
  (type $item' (record (field "a" u32) (field "b" string)))
  (export $item "item" (type $item'))
  (func (export "total-len") (param "xs" (list string)) (result u32)
    (canon lift (core func $i "total-len") (memory $i "memory") (realloc (func $i "cabi_realloc"))))
  (func (export "sum-a") (param "xs" (list $item)) (result u32)
    (canon lift (core func $i "sum-a") (memory $i "memory") (realloc (func $i "cabi_realloc")))))
