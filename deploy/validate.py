#!/usr/bin/env python3
"""Checks deploy/ offline, as CI can (no container runtime, no cluster):

- every Kubernetes manifest against the API's JSON schemas, strictly (unknown fields are
  errors), with the schemas the `kubernetes-validate` package ships for KUBERNETES;
- the Dockerfile parses (with the `dockerfile` package: Docker's own parser) and is
  multi-stage, copies from a stage it names, runs as an unprivileged user, and listens
  where the manifests look;
- the pieces agree: the probes ask routes the server has, the Service targets a port the
  container names, the HPA scales the Deployment, the grace period outlasts the drain,
  the memory limit holds the concurrent calls' memory.

Usage: python3 deploy/validate.py   (pip install kubernetes-validate==1.37.0 dockerfile==3.4.0)
"""

import json
import pathlib
import re
import sys

import dockerfile
import kubernetes_validate
import yaml

KUBERNETES = "1.33.0"
HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


def fail(message):
    print(f"deploy/validate.py: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def bytes_of(quantity):
    """A Kubernetes memory quantity (`768Mi`) or a wavecall size (`256MiB`) in bytes."""
    match = re.fullmatch(r"(\d+)\s*(Ki|Mi|Gi|KiB|MiB|GiB)?", quantity)
    check(match, f"cannot read the size `{quantity}`")
    unit = (match.group(2) or "").rstrip("B")
    return int(match.group(1)) * {"": 1, "Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30}[unit]


def seconds_of(duration):
    match = re.fullmatch(r"(\d+)(ms|s|m)", duration)
    check(match, f"cannot read the duration `{duration}`")
    return int(match.group(1)) * {"ms": 0.001, "s": 1, "m": 60}[match.group(2)]


def manifests():
    found = {}
    for path in sorted((HERE / "k8s").glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc is None:
                continue
            try:
                kubernetes_validate.validate(doc, KUBERNETES, strict=True)
            except kubernetes_validate.ValidationError as err:
                fail(f"{path.relative_to(ROOT)}: {err.message} at {list(err.path)}")
            found[doc["kind"]] = doc
            print(f"ok: {path.relative_to(ROOT)} is a valid {doc['kind']} ({KUBERNETES}, strict)")
    for kind in ("Deployment", "Service", "HorizontalPodAutoscaler"):
        check(kind in found, f"no {kind} in deploy/k8s")
    return found


def image():
    path = HERE / "Dockerfile"
    commands = dockerfile.parse_file(str(path))
    stages = [c for c in commands if c.cmd == "FROM"]
    check(len(stages) >= 2, "the Dockerfile is not multi-stage")
    names = {c.value[2] for c in stages if len(c.value) == 3 and c.value[1].upper() == "AS"}
    for copy in (c for c in commands if c.cmd == "COPY"):
        for flag in copy.flags:
            if flag.startswith("--from="):
                check(flag[len("--from="):] in names, f"`{copy.original}` copies from no stage")
    final = commands[commands.index(stages[-1]):]
    users = [c.value[0] for c in final if c.cmd == "USER"]
    check(users and users[-1] not in ("root", "0"), "the runtime stage runs as root")
    entrypoint = next((c for c in final if c.cmd == "ENTRYPOINT"), None)
    check(entrypoint is not None and entrypoint.json, "the runtime stage has no exec-form ENTRYPOINT")
    args = list(entrypoint.value)
    check("serve" in args and "--listen" in args, "the ENTRYPOINT does not run `wavecall serve --listen`")
    listen = args[args.index("--listen") + 1]
    check(listen.startswith("0.0.0.0:"), f"the container listens on `{listen}`, not on every interface")
    exposed = [c.value[0] for c in final if c.cmd == "EXPOSE"]
    port = int(listen.rsplit(":", 1)[1])
    check(str(port) in exposed, f"the Dockerfile does not EXPOSE {port}")
    print(f"ok: deploy/Dockerfile parses: {len(stages)} stages, user {users[-1]}, listens on {listen}")
    return port, int(users[-1]) if users[-1].isdigit() else None


def agree(found, port, uid):
    deployment, service, hpa = found["Deployment"], found["Service"], found["HorizontalPodAutoscaler"]
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    check(port in ports.values(), f"the container does not declare port {port}")
    routes = set(json.loads((ROOT / "src/serve/openapi.json").read_text())["paths"])
    for probe, route in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz"), ("startupProbe", "/readyz")):
        get = container[probe]["httpGet"]
        check(get["path"] == route and route in routes, f"the {probe} asks `{get['path']}`, not {route}")
        check(get["port"] in ports or get["port"] in ports.values(), f"the {probe} asks a port the container lacks")
    if uid is not None:
        check(pod["securityContext"]["runAsUser"] == uid, "the pod's runAsUser is not the image's USER")
    for service_port in service["spec"]["ports"]:
        target = service_port["targetPort"]
        check(target in ports or target in ports.values(), f"the Service targets `{target}`, no port of the container")
    selector = service["spec"]["selector"].items()
    labels = deployment["spec"]["template"]["metadata"]["labels"].items()
    check(selector <= labels, "the Service's selector does not match the pods")
    target = hpa["spec"]["scaleTargetRef"]
    check((target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"]), "the HPA scales something else")
    check("requests" in container["resources"], "no resource requests: the HPA's utilisation needs them")

    args = dict(a.lstrip("-").split("=", 1) for a in container["args"] if a.startswith("--") and "=" in a)
    drain = seconds_of(args.get("drain-timeout", "30s"))
    pause = 0
    pre_stop = container.get("lifecycle", {}).get("preStop", {}).get("exec", {}).get("command", [])
    if pre_stop[:1] == ["sleep"]:
        pause = int(pre_stop[1])
    grace = pod["terminationGracePeriodSeconds"]
    check(grace > pause + drain, f"a grace period of {grace}s does not outlast {pause}s + a {drain}s drain")
    calls = int(args.get("max-concurrency", "1"))
    memory = bytes_of(args.get("max-memory", "256MiB"))
    limit = bytes_of(container["resources"]["limits"]["memory"])
    check(limit > calls * memory, f"a memory limit of {limit} bytes cannot hold {calls} calls of {memory}")
    print("ok: the Deployment, Service, HPA and image agree (ports, probes, user, drain, memory)")


def main():
    found = manifests()
    port, uid = image()
    agree(found, port, uid)


if __name__ == "__main__":
    main()
