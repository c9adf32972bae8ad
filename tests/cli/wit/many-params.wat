;; The WIT of the `many-params` fixture as wavecall decodes it from the component, with the name
;; that reaches each function.
;;
;; RUN: wit %fixtures/many-params.wasm
