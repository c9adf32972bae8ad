;; The guest cannot use the network unless granted with `--inherit-network`: a name lookup
;; and a TCP bind or connect are each refused, and the `sockets` fixture answers with the
;; name of the `wasi:sockets` error code. Granted, only loopback is tried: `localhost` is
;; resolved and a socket is bound to 127.0.0.1, port 0.
;;
;; RUN: run --invoke 'lookup("localhost")' --invoke 'bind-tcp(0)' --invoke 'connect-tcp(1)' %fixtures/sockets.wasm
;; RUN[granted]: run --inherit-network --invoke 'lookup("localhost")' --invoke 'bind-tcp(0)' %fixtures/sockets.wasm
