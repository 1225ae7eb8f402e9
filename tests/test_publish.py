"""Publishing through a `site/` link, and a full disk: the old site intact, nothing left over."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from battlemap import publish

LOG = "date,type,customer,premium,product,channel\n2026-01-05,policy,张三,1000,health,offline\n"
MORE = "2026-01-06,policy,李四,2000,health,offline\n"


def leftovers(*folders: Path) -> list[str]:
    return sorted(
        p.name for f in folders for p in f.iterdir() if "-new-" in p.name or "-old-" in p.name
    )


def premium(site: Path) -> float:
    return json.loads((site / "data" / "metrics.json").read_text("utf-8"))["year"]["premium_total"]


def test_a_site_link_is_published_through_and_kept(project, tmp_path):
    share = tmp_path / "share"
    (share / "team-site").mkdir(parents=True)
    (share / "team-site" / "stale.html").write_text("old", "utf-8")
    link = project.root / "site"
    link.symlink_to(share / "team-site", target_is_directory=True)
    project.log("a.csv", LOG)
    assert project.build() == 0
    assert link.is_symlink() and os.readlink(link) == str(share / "team-site")
    assert premium(share / "team-site") == 1000.0
    assert not (share / "team-site" / "stale.html").exists()
    project.log("a.csv", LOG + MORE)
    assert project.build() == 0  # again: the swap happens beside the target, on the share
    assert link.is_symlink() and premium(link) == 3000.0
    assert leftovers(project.root, share) == []


def test_a_link_to_a_folder_not_made_yet_creates_it(project, tmp_path):
    (tmp_path / "share").mkdir()
    (project.root / "site").symlink_to(tmp_path / "share" / "new-site")
    project.log("a.csv", LOG)
    assert project.build() == 0
    assert premium(tmp_path / "share" / "new-site") == 1000.0
    assert (project.root / "site").is_symlink()


def test_a_link_into_a_missing_folder_is_named(project, errors, tmp_path):
    target = tmp_path / "gone" / "site"
    (project.root / "site").symlink_to(target)
    project.log("a.csv", LOG)
    assert project.build() == 1
    assert errors() == [
        f"{project.root / 'site'}: a link to {target}, whose folder {target.parent} does not exist"
    ]


def test_a_site_that_is_a_file_is_named_and_kept(project, errors):
    (project.root / "site").write_text("my notes", "utf-8")
    project.log("a.csv", LOG)
    assert project.build() == 1
    assert errors() == [
        f"{project.root / 'site'}: a file, not a folder — move it away; Battlemap writes the site there"
    ]
    assert (project.root / "site").read_text("utf-8") == "my notes"


def test_links_left_by_an_older_build_are_cleaned_without_touching_their_target(project, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    (share / "keep.txt").write_text("keep", "utf-8")
    (project.root / ".site-new-999999").symlink_to(share, target_is_directory=True)
    project.log("a.csv", LOG)
    assert project.build() == 0
    assert leftovers(project.root) == []
    assert (share / "keep.txt").read_text("utf-8") == "keep"


@pytest.mark.parametrize("linked", [False, True], ids=["folder", "link"])
def test_a_full_disk_leaves_the_old_site_and_no_leftovers(
    project, errors, tmp_path, monkeypatch, linked
):
    site = project.root / "site"
    if linked:
        (tmp_path / "share" / "s").mkdir(parents=True)
        site.symlink_to(tmp_path / "share" / "s", target_is_directory=True)
    project.log("a.csv", LOG)
    assert project.build() == 0
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    written = []

    def full(path: str, data: bytes) -> None:
        if "-new-" in path and len(written) >= 3:  # the disk fills up on the 4th file
            raise OSError(errno.ENOSPC, "No space left on device", path)
        written.append(path)
        original(path, data)

    original = publish._write_file
    monkeypatch.setattr(publish, "_write_file", full)
    project.log("a.csv", LOG + MORE)
    assert project.build() == 1
    [message] = errors()
    fresh = os.path.realpath(site) if linked else str(site)
    fresh = str(Path(fresh).with_name(f".{Path(fresh).name}-new-{os.getpid()}"))
    assert message.startswith(f"{fresh}/")
    assert message.endswith(
        f": cannot write the new site — No space left on device; {site} was left as it was"
    )
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    folders = [project.root, tmp_path / "share"] if linked else [project.root]
    assert leftovers(*folders) == []
