;; Without a terminal, `wavecall repl` reads one call or command per line, with no prompt
;; and no colour, and prints exactly what `run` prints for the same `--invoke`s: each pair
;; below has the same expected output.
;;
;; RUN[counter]: repl %fixtures/resources.wasm < input/counter.txt
;; RUN[counter-run]: run --invoke 'c = [constructor]counter(5)' --invoke 'c.increment()' --invoke 'c.increment()' --invoke 'make-pair()' --invoke 'consume(c)' --invoke 'dropped()' %fixtures/resources.wasm
;; FAIL[trap]: repl %fixtures/traps.wasm < input/traps.txt
;; FAIL[trap-run]: run --invoke 'divide(7, 2)' --invoke 'divide(1, 0)' --invoke 'boom()' %fixtures/traps.wasm
;; RUN[json]: repl --format json %fixtures/types.wasm < input/types.txt
;; A real Rust importer linked to a real Rust provider (both import WASI, print and log),
;; a resource crossing the link: the same output and guest output as `run`.
;; RUN[linked]: repl --link %dir/../../../fixtures/real/pair/provider.wasm %dir/../../../fixtures/real/pair/importer.wasm < input/linked.txt
;; RUN[linked-run]: run --link %dir/../../../fixtures/real/pair/provider.wasm --invoke 'hello("bob")' --invoke 'count("c", 3, 2)' --invoke 'merge(2, 5)' %dir/../../../fixtures/real/pair/importer.wasm
;; RUN[json-run]: run --format json --invoke 'echo-person({name: "Ada", age: 36})' --invoke 'swap("a", 1)' --invoke 'nothing()' %fixtures/types.wasm
;;
;; Results are kept as `$1`, `$2`, … for later calls; a `$N` alone prints its value, and
;; blank lines and `#` comments are skipped.
;; FAIL[kept]: repl %fixtures/types.wasm < input/kept.txt
;;
;; A bad call is reported with its caret, as `run` does, and the session goes on; the
;; first failure decides the exit status (2 here, as `run` would exit).
;; FAIL[bad-call]: repl %fixtures/shapes.wasm < input/bad-call.txt
(component)
