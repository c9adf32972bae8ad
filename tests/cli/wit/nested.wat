;; The WIT of the `nested` fixture as wavecall decodes it from the component, with the name
;; that reaches each function.
;;
;; RUN: wit %fixtures/nested.wasm
