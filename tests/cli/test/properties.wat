;; `[[property]]`: a law checked on generated arguments. Each bug planted in the `buggy`
;; fixture is found and shrunk to the smallest case (1000, "#", [0, 0, 0], (0, 0), 201), a
;; failure names the seed and the commands that reproduce it; the property that holds
;; passes. A fixed `--seed` gives the same cases every run.
;;
;; FAIL: test --seed 1 --component %fixtures/buggy.wasm %dir/../../spec/properties/buggy.toml
;; FAIL[again]: test -q --seed 1 --filter echo-u32 --component %fixtures/buggy.wasm %dir/../../spec/properties/buggy.toml
;; FAIL[other-seed]: test -q --seed 2 --filter echo-string --component %fixtures/buggy.wasm %dir/../../spec/properties/buggy.toml
;;
;; The reproducing command fails the same way.
;; FAIL[reproduce]: run --invoke 'echo-u32(1000)' --expect 1000 %fixtures/buggy.wasm
;;
;; Every WIT value type is generated (edge values included) and round-trips through the
;; `types` fixture's echo functions.
;; RUN[every-type]: test -v --seed 3 --component %fixtures/types.wasm %dir/../../spec/properties/types.toml
;;
;; A law that does not fit the function, a type that cannot be generated, a spec mistake.
;; FAIL[misfits]: test --seed 1 --component %fixtures/types.wasm %dir/../../spec/properties/misfits.toml
;; FAIL[handles]: test --seed 1 --component %fixtures/resources.wasm %dir/../../spec/properties/handles.toml
;; FAIL[bad-law]: test %dir/../../spec/broken/bad-property.toml
;; RUN[list]: test --list --component %fixtures/buggy.wasm %dir/../../spec/properties/buggy.toml
