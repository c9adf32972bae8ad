;; The WIT of the `many-params` fixture as wavecall decodes it from the component, with the name
;; that reaches each function.
;;
;; IGNORE: waiting for `wavecall wit`; remove this line and bless once it lands
;;
;; RUN: wit %fixtures/many-params.wasm
