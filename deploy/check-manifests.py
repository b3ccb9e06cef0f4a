#!/usr/bin/env python3
"""Checks that every Kubernetes manifest in deploy/kubernetes parses and hangs together.

Each YAML document must have apiVersion, kind and metadata.name; every container of a Deployment or
StatefulSet must request CPU and memory; every PersistentVolumeClaim a pod mounts must be defined here;
every Secret a pod mounts must be documented (its name appears in a comment with `kubectl create secret`);
every Service must select the pods of a workload defined here. Run by `make test`; without PyYAML it says
so and skips (exit 0), since the manifests are data and the rest of the tests do not depend on them.
"""
import pathlib
import sys

try:
    import yaml
except ImportError:
    print("manifest check skipped: PyYAML is not installed (pip install pyyaml)")
    sys.exit(0)

folder = pathlib.Path(__file__).resolve().parent / "kubernetes"
problems = []
documents = []  # (file, document)
for path in sorted(folder.glob("*.yaml")):
    text = path.read_text()
    try:
        loaded = [d for d in yaml.safe_load_all(text) if d is not None]
    except yaml.YAMLError as error:
        problems.append(f"{path.name}: does not parse: {error}")
        continue
    for document in loaded:
        documents.append((path, text, document))

workloads = {"Deployment", "StatefulSet"}
claims = {d["metadata"]["name"] for _, _, d in documents if d.get("kind") == "PersistentVolumeClaim"}
pod_labels = []
for path, text, document in documents:
    where = f"{path.name}: {document.get('kind', '?')} {document.get('metadata', {}).get('name', '?')}"
    for key in ("apiVersion", "kind", "metadata"):
        if key not in document:
            problems.append(f"{where}: has no {key}")
    if "name" not in document.get("metadata", {}):
        problems.append(f"{where}: has no metadata.name")
    if document.get("kind") not in workloads:
        continue
    template = document["spec"]["template"]
    labels = template["metadata"]["labels"]
    pod_labels.append(labels)
    selector = document["spec"]["selector"]["matchLabels"]
    if any(labels.get(k) != v for k, v in selector.items()):
        problems.append(f"{where}: its selector {selector} does not match its pod labels {labels}")
    for container in template["spec"]["containers"]:
        requests = container.get("resources", {}).get("requests", {})
        for resource in ("cpu", "memory"):
            if resource not in requests:
                problems.append(f"{where}: container {container['name']} requests no {resource}")
    for volume in template["spec"].get("volumes", []):
        if "persistentVolumeClaim" in volume and volume["persistentVolumeClaim"]["claimName"] not in claims:
            problems.append(f"{where}: mounts claim {volume['persistentVolumeClaim']['claimName']}, defined nowhere")
        if "secret" in volume:
            name = volume["secret"]["secretName"]
            if f"create secret generic {name}" not in text:
                problems.append(f"{where}: mounts Secret {name} but no comment says how to create it")

for path, _, document in documents:
    if document.get("kind") == "Service":
        selector = document["spec"]["selector"]
        if not any(all(labels.get(k) == v for k, v in selector.items()) for labels in pod_labels):
            problems.append(f"{path.name}: Service {document['metadata']['name']} selects no pods defined here")

if not documents:
    problems.append(f"no manifests found in {folder}")
for problem in problems:
    print(f"manifest check: {problem}", file=sys.stderr)
if problems:
    sys.exit(1)
print(f"manifest check: {len(documents)} documents in {folder.name}/ parse and hang together")
