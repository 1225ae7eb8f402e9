"""A team's agents built in worker processes or on a real Dask cluster give the same bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from team_project import write_team

from battlemap.cli import main


def site_bytes(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def build(root: Path, *args: str) -> dict[str, bytes]:
    assert main(["--project", str(root), "--as-of", "2026-01-18", *args]) == 0
    return site_bytes(root)


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> dict[str, bytes]:
    return build(write_team(tmp_path_factory.mktemp("w1") / "team"), "--workers", "1")


def test_worker_processes_give_the_same_site(local, tmp_path):
    files = build(write_team(tmp_path / "team"), "--workers", "2")
    assert "agents/wang/quarters/q1.html" in files and "index.html" in files
    assert files == local


def test_a_dask_cluster_gives_the_same_site(local, tmp_path):
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        with distributed.get_task_stream(client) as stream:
            files = build(write_team(tmp_path / "team"), "--scheduler", cluster.scheduler_address)
    # each agent's task ran on the cluster
    tasks = [t for t in stream.data if t["key"].startswith("run_agent")]
    assert len(tasks) == 2
    assert files == local


def test_an_unreachable_scheduler_is_a_message(tmp_path, capsys):
    root = write_team(tmp_path / "team")
    code = main(["--project", str(root), "--scheduler", "tcp://127.0.0.1:9"])
    assert code == 1
    err = capsys.readouterr().err  # the team's plan has no locale: zh-CN
    assert err.startswith("错误：--scheduler tcp://127.0.0.1:9: 连不上调度器 — ")
    assert not (root / "site").exists()
