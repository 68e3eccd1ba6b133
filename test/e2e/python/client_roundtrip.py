"""Drive k8ts with Debian's python3-kubernetes (run by python-client.test.ts).

Creates, lists, watches, patches and deletes a Deployment and a ConfigMap in
namespace argv[2] with the kubeconfig argv[1], and prints one JSON report on
stdout. Any exception exits non-zero with the traceback on stderr.
"""
import json
import sys
import threading

from kubernetes import client, config, watch

kubeconfig, ns = sys.argv[1], sys.argv[2]
config.load_kube_config(config_file=kubeconfig)
core = client.CoreV1Api()
apps = client.AppsV1Api()
report = {}

core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))

start_rv = core.list_namespaced_config_map(ns).metadata.resource_version
dep_rv = apps.list_namespaced_deployment(ns).metadata.resource_version


def watch_events(list_fn, rv, until, out):
    """Collect (type, name, data-or-replicas) until `until(events)` is true."""
    w = watch.Watch()
    for ev in w.stream(list_fn, ns, resource_version=rv, timeout_seconds=30):
        obj = ev["object"]
        extra = obj.data if hasattr(obj, "data") else obj.spec.replicas
        out.append([ev["type"], obj.metadata.name, extra])
        if until(out):
            w.stop()


cm_events, dep_events = [], []
threads = [
    threading.Thread(target=watch_events, args=(core.list_namespaced_config_map, start_rv,
                                                lambda e: any(x[0] == "DELETED" for x in e), cm_events)),
    threading.Thread(target=watch_events, args=(apps.list_namespaced_deployment, dep_rv,
                                                lambda e: any(x[0] == "DELETED" for x in e), dep_events)),
]
for t in threads:
    t.start()

cm = core.create_namespaced_config_map(ns, client.V1ConfigMap(
    metadata=client.V1ObjectMeta(name="py-cm", labels={"app": "py"}), data={"a": "1"}))
report["cm_created_rv"] = cm.metadata.resource_version

dep = apps.create_namespaced_deployment(ns, client.V1Deployment(
    metadata=client.V1ObjectMeta(name="py-dep", labels={"app": "py"}),
    spec=client.V1DeploymentSpec(
        replicas=1,
        selector=client.V1LabelSelector(match_labels={"app": "py"}),
        template=client.V1PodTemplateSpec(
            metadata=client.V1ObjectMeta(labels={"app": "py"}),
            spec=client.V1PodSpec(containers=[client.V1Container(name="web", image="nginx:1.25")])))))
report["dep_created"] = {"name": dep.metadata.name, "uid": bool(dep.metadata.uid),
                         "strategy": dep.spec.strategy.type,
                         "revisionHistoryLimit": dep.spec.revision_history_limit}

report["cm_list"] = [c.metadata.name for c in core.list_namespaced_config_map(ns, label_selector="app=py").items]
report["dep_list"] = [d.metadata.name for d in apps.list_namespaced_deployment(ns).items]
report["dep_list_all_ns"] = "py-dep" in [d.metadata.name for d in apps.list_deployment_for_all_namespaces().items]

# Strategic merge patch (the python client's default for dicts) and a merge patch.
patched = apps.patch_namespaced_deployment("py-dep", ns, {"spec": {"replicas": 3, "template": {"spec": {
    "containers": [{"name": "web", "image": "nginx:1.26"}]}}}})
report["dep_patched"] = {"replicas": patched.spec.replicas,
                         "images": [c.image for c in patched.spec.template.spec.containers],
                         "generation": patched.metadata.generation}
cm2 = core.patch_namespaced_config_map("py-cm", ns, {"data": {"b": "2"}})
report["cm_patched"] = cm2.data
scale = apps.read_namespaced_deployment_scale("py-dep", ns)
report["scale"] = scale.spec.replicas

report["cm_delete"] = core.delete_namespaced_config_map("py-cm", ns).status
dep_del = apps.delete_namespaced_deployment("py-dep", ns, propagation_policy="Background")
report["dep_delete_kind"] = type(dep_del).__name__

for t in threads:
    t.join(40)
report["cm_events"] = cm_events
report["dep_events"] = [[t, n] for t, n, _ in dep_events]
try:
    core.read_namespaced_config_map("py-cm", ns)
    report["cm_gone"] = False
except client.exceptions.ApiException as e:
    report["cm_gone"] = e.status == 404
print(json.dumps(report))
