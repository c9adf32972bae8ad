;; The WIT of the `resources` fixture as wavecall decodes it from the component, with the name
;; that reaches each function.
;;
;; RUN: wit %fixtures/resources.wasm
