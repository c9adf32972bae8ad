;; Names of exports in instances and versioned packages (wit/nested/): `greet` is exported
;; by `wavecall:nested/alpha@1.2.0`, `wavecall:nested/beta@1.2.0` and
;; `wavecall:pre/gamma@0.2.0-rc.1`; `shout` only by `beta`; `version` at the root.
;;
;; RUN[root]: run --invoke 'version()' %fixtures/nested.wasm
;; RUN[unique-bare-name]: run --invoke 'shout("Ada")' %fixtures/nested.wasm
;; RUN[interface-dot-name]: run --invoke 'alpha.greet("Ada")' --invoke 'beta.greet("Ada")' --invoke 'gamma.greet("Ada")' %fixtures/nested.wasm
;; RUN[package-interface-name]: run --invoke 'wavecall:nested/alpha.greet("Ada")' --invoke 'wavecall:pre/gamma.greet("Ada")' %fixtures/nested.wasm
;; RUN[version-after-name]: run --invoke 'wavecall:nested/alpha.greet@1.2.0("Ada")' %fixtures/nested.wasm
;; RUN[version-in-path]: run --invoke 'wavecall:nested/alpha@1.2.0.greet("Ada")' --invoke 'wavecall:nested/beta@1.2.0.shout("Ada")' %fixtures/nested.wasm
;; RUN[compatible-version]: run --invoke 'wavecall:nested/alpha@1.0.0.greet("Ada")' %fixtures/nested.wasm
;; RUN[prerelease-version]: run --invoke 'wavecall:pre/gamma@0.2.0-rc.1.greet("Ada")' %fixtures/nested.wasm
;; FAIL[ambiguous]: run --invoke 'greet("Ada")' %fixtures/nested.wasm
;; FAIL[unknown-interface]: run --invoke 'delta.greet("Ada")' %fixtures/nested.wasm
;; FAIL[misspelt]: run --invoke 'alpha.gret("Ada")' %fixtures/nested.wasm
;; FAIL[wrong-major-version]: run --invoke 'wavecall:nested/alpha@2.0.0.greet("Ada")' %fixtures/nested.wasm
;; FAIL[wrong-package]: run --invoke 'wavecall:other/alpha.greet("Ada")' %fixtures/nested.wasm
;; FAIL[function-not-in-interface]: run --invoke 'alpha.shout("Ada")' %fixtures/nested.wasm
