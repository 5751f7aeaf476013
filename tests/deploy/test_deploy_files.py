"""The deployment files say what docs/deploy.md says: one HAProxy configuration for every
setting, the published folder read-only for dashboards and writable only for the refresh,
readers kept on one process. Checked with HAProxy's own parser; no containers are run."""

from __future__ import annotations

import os
import subprocess
import sys

import yaml
from deploy_support import needs_haproxy

from etl.settings import ROOT

DEPLOY = ROOT / "deploy"


def haproxy_check(*files) -> subprocess.CompletedProcess:
    needs_haproxy()
    args = ["haproxy", "-c"] + [a for f in files for a in ("-f", str(f))]
    env = {**os.environ, "MONITOR_BIND": "127.0.0.1:1"}
    return subprocess.run(args, capture_output=True, text=True, env=env)


def test_make_serve_and_compose_use_the_same_balancer_configuration(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("serve", DEPLOY / "serve.py")
    serve = importlib.util.module_from_spec(spec)
    sys.modules["serve"] = serve  # its dataclasses look their module up there
    spec.loader.exec_module(serve)
    local = tmp_path / "servers.cfg"
    local.write_text(serve.servers_cfg([serve.Replica("app1", 1), serve.Replica("app2", 2)]))
    for servers in (local, DEPLOY / "compose" / "servers.cfg"):
        done = haproxy_check(DEPLOY / "haproxy.cfg", servers)
        assert done.returncode == 0, done.stdout + done.stderr
    assert "cookie app1" in local.read_text()


def test_a_broken_balancer_configuration_is_refused(tmp_path):
    broken = tmp_path / "servers.cfg"
    broken.write_text("backend dashboard\n    server app1 nowhere:notaport check\n")
    assert haproxy_check(DEPLOY / "haproxy.cfg", broken).returncode != 0


def test_compose_mounts_the_published_folder_read_only_except_for_the_refresh():
    services = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    assert services["dashboard"]["volumes"] == ["published:/published:ro"]
    assert services["refresh"]["volumes"] == ["published:/published"]
    assert "etl" in services["refresh"]["command"] and "refresh" in services["refresh"]["command"]
    assert services["dashboard"]["depends_on"]["refresh"]["condition"] == (
        "service_completed_successfully"
    )
    mounts = services["balancer"]["volumes"]
    assert "./haproxy.cfg:/etc/monitor/haproxy.cfg:ro" in mounts


def test_kubernetes_keeps_readers_on_one_pod_and_mounts_the_file_read_only():
    docs = {d["kind"]: d for d in yaml.safe_load_all((DEPLOY / "kubernetes.yaml").read_text())}
    assert docs["Service"]["spec"]["sessionAffinity"] == "ClientIP"
    pod = docs["Deployment"]["spec"]["template"]["spec"]
    (mount,) = pod["containers"][0]["volumeMounts"]
    assert mount["readOnly"] is True and mount["mountPath"] == "/published"
    assert pod["containers"][0]["readinessProbe"]["httpGet"]["path"] == "/_monitor/ready"
    job = docs["CronJob"]["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    assert job["command"][:4] == ["python", "-m", "etl", "refresh"]
    assert "readOnly" not in job["volumeMounts"][0]
