;; `--link` composes the component with its links as `wac plug` does, on the real Rust pair
;; (`fixtures/real/pair`): both parts print through WASI, and `counter` handles made in the
;; provider cross into the importer and back (`count`: an own handle and its methods;
;; `merge`: two own handles moved into the provider and a borrow).
;;
;; RUN: run --link %dir/../../../fixtures/real/pair/provider.wasm --invoke 'hello("bob")' --invoke 'count("c", 3, 2)' --invoke 'merge(2, 5)' %dir/../../../fixtures/real/pair/importer.wasm
;; FAIL[trap]: run --link %dir/../../../fixtures/real/pair/provider.wasm --invoke 'fail("boom")' %dir/../../../fixtures/real/pair/importer.wasm
;;
;; A link that exports an interface with another type, or nothing the component imports,
;; is an error that names it (status 3). This file is a link whose `greet` takes a `u32`.
;;
;; FAIL[wrong-type]: run --link % --invoke 'hello("bob")' %dir/../../../fixtures/real/pair/importer.wasm
;; FAIL[nothing-to-link]: run --link %dir/../../../fixtures/real/pair/importer.wasm --invoke 'greetings.greet("x")' %dir/../../../fixtures/real/pair/provider.wasm
;;
;; An import the link provides cannot be mocked as well (status 2); a WASI import the
;; composition keeps can.
;;
;; FAIL[mock-of-linked-import]: run --link %dir/../../../fixtures/real/pair/provider.wasm --mock 'wavecall:pair/greetings.greet="mocked"' --invoke 'hello("bob")' %dir/../../../fixtures/real/pair/importer.wasm
;; RUN[mock-and-link]: run --link %dir/../../../fixtures/real/pair/provider.wasm --mock 'wasi:cli/environment.get-environment=[]' --invoke 'hello("bob")' %dir/../../../fixtures/real/pair/importer.wasm
(component
  (core module $m (func (export "greet") (param i32) (result i32) local.get 0))
  (core instance $i (instantiate $m))
  (func $greet (param "name" u32) (result u32) (canon lift (core func $i "greet")))
  (instance $greetings (export "greet" (func $greet)))
  (export "wavecall:pair/greetings@0.1.0" (instance $greetings)))
