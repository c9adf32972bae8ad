;; The WIT of the `shapes` fixture as wavecall decodes it from the component, with the name
;; that reaches each function.
;;
;; RUN: wit %fixtures/shapes.wasm
