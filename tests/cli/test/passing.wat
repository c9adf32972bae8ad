;; `wavecall test` on specs that pass: every key of the format, against the README's
;; `shapes` example and the hand-written `tests/spec/components/app.wat` (mocks, a link, a
;; shared instance, traps, limits, resources).
;;
;; RUN: test -v %dir/../../spec/shapes.toml %dir/../../spec/app.toml %dir/../../spec/linked.toml
;; RUN[quiet]: test %dir/../../spec/shapes.toml
;; RUN[filter]: test -v --filter state %dir/../../spec/linked.toml
;; RUN[folder]: test -v --filter passes %dir/../../spec/failing
;; RUN[component-override]: test --component %dir/../../../examples/shapes.wasm %dir/../../spec/shapes.toml
