;; The WIT of the `types` fixture as wavecall decodes it from the component, with the name
;; that reaches each function.
;;
;; RUN: wit %fixtures/types.wasm
