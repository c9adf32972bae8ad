;; Components on which wit-parser 0.254's decoder fails, found by fuzzing: one makes it
;; recurse without end (cyclic package dependencies: a mutated name turned
;; `wasi:sockets/tcp` into `wasi:socoets/tcp`), one makes it panic. Neither may crash
;; wavecall: the decoder runs in a forked child first, and when it fails the WIT is rebuilt
;; from the component's own types, with a note on standard error.
;;
;; RUN[cycle]: wit --no-cache %dir/../../data/wit-decode-cycle.wasm
;; RUN[cycle-explain]: explain lookup %dir/../../data/wit-decode-cycle.wasm
;; RUN[panic]: wit --no-cache %dir/../../data/wit-decode-panic.wasm
