;; `:record FILE` writes the calls made on the instance as a spec that `wavecall test`
;; passes: results as `expect`, traps as `expect-trap`, mock calls as `expect-calls`; and
;; `run --record` writes the same from its `--invoke`s. (The working folder is `%tmpdir`.)
;;
;; Calls with handles share one instance.
;; RUN[counter]: repl %fixtures/resources.wasm < input/record-counter.txt
;; RUN[counter-test]: test -v %tmpdir/counter.toml
;; A trap ends what is recorded; calls that do not depend on each other get fresh instances.
;; FAIL[traps]: repl %fixtures/traps.wasm < input/record-traps.txt
;; RUN[traps-test]: test -v %tmpdir/traps.toml
;; Mocks and how often each call used them.
;; RUN[mocks]: repl --mock 'get-answer=41' % < input/record-mocks.txt
;; RUN[mocks-test]: test -v %tmpdir/mocks.toml
;; `next()` counts in the instance's memory: a replay on a fresh instance differs, so the
;; tests of `next.toml` share one instance.
;; RUN[next-test]: test -v %tmpdir/next.toml
;; `run --record`.
;; RUN[run]: run --record %tmpdir/run.toml --invoke 'c = [constructor]counter(1)' --invoke 'c.increment()' --invoke 'c.get()' %fixtures/resources.wasm
;; RUN[run-test]: test -v %tmpdir/run.toml
;; FAIL[run-trap]: run --record %tmpdir/run-trap.toml --invoke 'divide(9, 3)' --invoke 'deep(100000000)' --invoke 'divide(1, 1)' %fixtures/traps.wasm
;; RUN[run-trap-test]: test -v %tmpdir/run-trap.toml
;; Links in use are written as `link`, relative to the spec's folder or absolute.
;; RUN[run-linked]: run --record %tmpdir/linked.toml --link %dir/../../../fixtures/real/pair/provider.wasm --invoke 'hello("spec")' %dir/../../../fixtures/real/pair/importer.wasm
;; RUN[run-linked-test]: test -v %tmpdir/linked.toml
;; FAIL[run-nothing]: run --record %tmpdir/x.toml %fixtures/traps.wasm
;; FAIL[run-stdin]: run --record %tmpdir/x.toml --mock 'get-answer=41' --invoke 'ask()' - < record.wat
(component
  (import "get-answer" (func $get (result u32)))
  (core func $get-lowered (canon lower (func $get)))
  (core module $m
    (import "host" "get" (func $get (result i32)))
    (global $n (mut i32) (i32.const 0))
    (func (export "ask") (result i32) call $get i32.const 1 i32.add)
    (func (export "ask-twice") (result i32) call $get call $get i32.add)
    (func (export "next") (result i32)
      global.get $n i32.const 1 i32.add global.set $n global.get $n))
  (core instance $host (export "get" (func $get-lowered)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (func (export "ask") (result u32) (canon lift (core func $i "ask")))
  (func (export "ask-twice") (result u32) (canon lift (core func $i "ask-twice")))
  (func (export "next") (result u32) (canon lift (core func $i "next"))))
