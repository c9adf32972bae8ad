;; Components on which wit-parser 0.254's decoder fails, found by fuzzing: one makes it
;; recurse without end (cyclic package dependencies: a mutated name turned
;; `wasi:sockets/tcp` into `wasi:socoets/tcp`), one makes it panic. Neither may crash
;; wavecall: the WIT is reported as undecodable, with exit status 3.
;;
;; FAIL[cycle]: wit --no-cache %dir/../../data/wit-decode-cycle.wasm
;; FAIL[cycle-explain]: explain lookup %dir/../../data/wit-decode-cycle.wasm
;; FAIL[panic]: wit --no-cache %dir/../../data/wit-decode-panic.wasm
