;; The component most spec tests run against: plain functions, a trap, a hang, a resource,
;; a `result`, a nan, memory growth, and three imported interfaces for mocks and links.
(component
  (import "my:app/config" (instance $config (export "get" (func (result u32)))))
  (import "my:app/log" (instance $log (export "write" (func (param "n" u32)))))
  (import "my:app/unused" (instance $unused (export "poke" (func (result u32)))))

  (type $counter (resource (rep i32)))
  (core func $counter-new (canon resource.new $counter))
  (core func $get (canon lower (func $config "get")))
  (core func $write (canon lower (func $log "write")))
  (core func $poke (canon lower (func $unused "poke")))

  (core module $m
    (import "host" "get" (func $get (result i32)))
    (import "host" "write" (func $write (param i32)))
    (import "host" "poke" (func $poke (result i32)))
    (import "host" "counter-new" (func $counter-new (param i32) (result i32)))
    (memory (export "memory") 1)
    ;; Counters live from byte 1024 up, four bytes each.
    (global $next (mut i32) (i32.const 1024))
    (global $calls (mut i32) (i32.const 0))
    (func (export "add") (param i32 i32) (result i32)
      local.get 0 local.get 1 i32.add)
    (func (export "bump") (result i32)
      global.get $calls i32.const 1 i32.add global.set $calls
      global.get $calls)
    (func (export "boom") (result i32) unreachable)
    (func (export "spin") (loop br 0))
    (func (export "nan") (result f64) f64.const nan)
    (func (export "third") (result f32) f32.const 0.33333)
    (func (export "config-plus") (param i32) (result i32)
      call $get local.get 0 i32.add)
    (func (export "log-twice")
      (call $write (i32.const 1))
      (call $write (i32.const 2)))
    (func (export "poke") (result i32) call $poke)
    ;; result<s32, u32> at byte 16: the case in byte 16, the payload in bytes 20..24.
    (func (export "safe-div") (param i32 i32) (result i32)
      local.get 1
      i32.eqz
      if
        i32.const 16 i32.const 1 i32.store8
        i32.const 20 i32.const 0 i32.store
      else
        i32.const 16 i32.const 0 i32.store8
        i32.const 20 local.get 0 local.get 1 i32.div_s i32.store
      end
      i32.const 16)
    (func (export "grow") (param i32) (result i32)
      local.get 0 memory.grow)
    (func (export "counter-new") (param $start i32) (result i32)
      (local $rep i32)
      global.get $next local.set $rep
      global.get $next i32.const 4 i32.add global.set $next
      local.get $rep local.get $start i32.store
      local.get $rep call $counter-new)
    (func (export "counter-increment") (param $rep i32) (result i32)
      local.get $rep
      local.get $rep i32.load i32.const 1 i32.add
      i32.store
      local.get $rep i32.load))

  (core instance $host
    (export "get" (func $get))
    (export "write" (func $write))
    (export "poke" (func $poke))
    (export "counter-new" (func $counter-new)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (alias core export $i "memory" (core memory $memory))

  (func (export "add") (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $i "add")))
  (func (export "bump") (result u32) (canon lift (core func $i "bump")))
  (func (export "boom") (result u32) (canon lift (core func $i "boom")))
  (func (export "spin") (canon lift (core func $i "spin")))
  (func (export "nan") (result float64) (canon lift (core func $i "nan")))
  (func (export "third") (result float32) (canon lift (core func $i "third")))
  (func (export "config-plus") (param "x" u32) (result u32)
    (canon lift (core func $i "config-plus")))
  (func (export "log-twice") (canon lift (core func $i "log-twice")))
  (func (export "poke") (result u32) (canon lift (core func $i "poke")))
  (func (export "safe-div") (param "a" s32) (param "b" s32) (result (result s32 (error u32)))
    (canon lift (core func $i "safe-div") (memory $memory)))
  (func (export "grow") (param "pages" u32) (result s32) (canon lift (core func $i "grow")))

  (func $counter-new (param "start" u32) (result (own $counter))
    (canon lift (core func $i "counter-new")))
  (func $counter-increment (param "self" (borrow $counter)) (result u32)
    (canon lift (core func $i "counter-increment")))
  ;; Functions of an exported resource must name it through the instance's own export of
  ;; the type, so a nested component re-exports the type and ascribes the functions.
  (component $counters-shape
    (import "counter" (type $t (sub resource)))
    (import "new" (func $new (param "start" u32) (result (own $t))))
    (import "increment" (func $increment (param "self" (borrow $t)) (result u32)))
    (export $counter "counter" (type $t))
    (export "[constructor]counter" (func $new)
      (func (param "start" u32) (result (own $counter))))
    (export "[method]counter.increment" (func $increment)
      (func (param "self" (borrow $counter)) (result u32))))
  (instance $counters (instantiate $counters-shape
    (with "counter" (type $counter))
    (with "new" (func $counter-new))
    (with "increment" (func $counter-increment))))
  (export "my:app/counters" (instance $counters)))
