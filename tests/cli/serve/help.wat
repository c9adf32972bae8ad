;; `wavecall serve --help`, and what stops the server before it serves: usage errors (2)
;; and a component that cannot be loaded (3). With `-q` the log has warnings and errors
;; only, so no timestamps or ports reach the snapshots.
;;
;; RUN: serve --help
;; FAIL[nothing-to-serve]: serve -q --listen 127.0.0.1:0
;; FAIL[bad-name]: serve -q --listen 127.0.0.1:0 'a b=%'
;; FAIL[same-name]: serve -q --listen 127.0.0.1:0 x=% x=%
;; FAIL[no-token-file]: serve -q --listen 127.0.0.1:0 --auth-token-file %tmpdir/none %
;; FAIL[not-a-component]: serve -q --listen 127.0.0.1:0 %
;; FAIL[default-above-ceiling]: serve -q --listen 127.0.0.1:0 --timeout 20s --max-request-timeout 10s %
(module)
