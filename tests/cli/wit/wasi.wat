;; The WIT of the `wasi` fixture as wavecall decodes it from the component, with the name
;; that reaches each function.
;;
;; RUN: wit %fixtures/wasi.wasm
