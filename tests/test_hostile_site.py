"""Themes, review notes and command-line flags under attack: a message, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from battlemap.cli import main

REPO = Path(__file__).resolve().parents[1]
LOG = "date,type,customer,premium,product,channel\n2026-01-05,policy,张三,1000,health,offline\n"


def cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run build.py in a fresh process (a hang fails the test instead of blocking it)."""
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )


def make_theme(project, name: str = "mine") -> Path:
    folder = project.root / "themes" / name
    (folder / "templates").mkdir(parents=True)
    (folder / "static").mkdir()
    return folder


# ---------------------------------------------------------------- themes


@pytest.mark.parametrize(
    "name", ["/etc", "../content", "..", "mine/../mine", "a/b", ".hidden", "C:\\x"]
)
def test_a_theme_that_is_no_folder_name_is_refused_listing_the_themes(project, errors, name):
    project.log("a.csv", LOG)
    make_theme(project, "mine")
    make_theme(project, "dark")
    assert project.build("--theme", name) == 2
    assert errors() == [
        f"theme {name!r}: a theme is the name of a folder under themes/, without / or .."
        " (themes there are: default, dark, mine)"
    ]


def test_a_misspelt_theme_lists_the_themes_there_are(project, errors):
    project.log("a.csv", LOG)
    make_theme(project, "mine")
    assert project.build("--theme", "mien") == 2
    assert errors() == ["themes/mien/: no such theme folder (themes there are: default, mine)"]


def test_a_theme_from_the_plan_outside_the_project_is_a_build_error(project, errors):
    project.plan("---\nyear: 2026\ntheme: /etc\n---\n")
    project.log("a.csv", LOG)
    assert project.build() == 1
    assert errors() == [
        "theme '/etc': a theme is the name of a folder under themes/, without / or .."
        " (themes there are: default)"
    ]
    assert not (project.root / "site").exists()


def test_a_static_link_to_outside_the_project_is_refused(project, errors, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0", "utf-8")
    theme = make_theme(project)
    (theme / "static" / "passwd").symlink_to(secret)
    project.log("a.csv", LOG)
    assert project.build("--theme", "mine") == 1
    assert errors() == [
        f"themes/mine/static/passwd: a link to {secret}, outside the project"
        " — copy the file into the theme"
    ]
    assert not (project.root / "site").exists()


def test_links_inside_the_project_are_copied_and_folder_links_never_followed(project, tmp_path):
    theme = make_theme(project)
    (project.root / "content" / "logo.svg").write_text("<svg/>", "utf-8")
    (theme / "static" / "logo.svg").symlink_to(project.root / "content" / "logo.svg")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.txt").write_text("x", "utf-8")
    (theme / "static" / "elsewhere").symlink_to(outside, target_is_directory=True)
    project.log("a.csv", LOG)
    assert project.build("--theme", "mine") == 0
    site = project.root / "site"
    assert (site / "static" / "logo.svg").read_text("utf-8") == "<svg/>"
    assert not (site / "static" / "elsewhere").exists()


def test_a_template_link_to_outside_the_project_is_refused(project, errors, tmp_path):
    secret = tmp_path / "secret.html"
    secret.write_text("SECRET", "utf-8")
    theme = make_theme(project)
    (theme / "templates" / "plan.html").symlink_to(secret)
    project.log("a.csv", LOG)
    assert project.build("--theme", "mine") == 1
    assert errors() == [
        f"themes/mine/templates/plan.html: a link to {secret}, outside the project"
        " — copy the file into the theme"
    ]


@pytest.mark.parametrize(
    ("templates", "chain"),
    [
        ({"base.html": '{% extends "base.html" %}'}, "base.html → base.html"),
        ({"plan.html": '{% include "plan.html" %}'}, "plan.html → plan.html"),
        (
            {"macros.html": '{% import "x.html" as x %}', "x.html": '{% include "macros.html" %}'},
            "macros.html → x.html → macros.html",
        ),
    ],
    ids=["extends-itself", "includes-itself", "through-another"],
)
def test_a_template_that_includes_itself_is_named(project, errors, templates, chain):
    theme = make_theme(project)
    for name, text in templates.items():
        (theme / "templates" / name).write_text(text, "utf-8")
    project.log("a.csv", LOG)
    assert project.build("--theme", "mine") == 1
    first = next(iter(templates))
    assert errors() == [
        f"themes/mine/templates/{first}: the template {chain} — it includes or extends itself;"
        f' to build on the shipped one, write {{% extends "default:{first}" %}}'
    ]


def test_a_template_that_fails_while_rendering_is_named_with_its_line(project, errors):
    theme = make_theme(project)
    (theme / "templates" / "plan.html").write_text(
        '{% extends "default:plan.html" %}\n{% block content %}\n{{ 1 // 0 }}\n{% endblock %}\n',
        "utf-8",
    )
    project.log("a.csv", LOG)
    assert project.build("--theme", "mine") == 1
    assert errors() == [
        "themes/mine/templates/plan.html:3: ZeroDivisionError: integer division or modulo by zero"
    ]


def test_a_fifo_in_a_theme_is_named_and_never_read(project):
    theme = make_theme(project)
    os.mkfifo(theme / "static" / "pipe.css")
    project.log("a.csv", LOG)
    done = cli("--project", str(project.root), "--theme", "mine")
    assert done.returncode == 1
    assert (
        "error: themes/mine/static/pipe.css: a named pipe, not a regular file"
        " — Battlemap reads only regular files" in done.stderr.splitlines()
    )


# ---------------------------------------------------------------- review notes


def test_a_fifo_as_a_review_note_is_named_and_never_read(project):
    project.log("a.csv", LOG)
    (project.root / "content" / "reviews").mkdir()
    os.mkfifo(project.root / "content" / "reviews" / "2026-W02.md")
    done = cli("--project", str(project.root))
    assert done.returncode == 1
    assert (
        "error: content/reviews/2026-W02.md: a named pipe, not a regular file"
        " — Battlemap reads only regular files" in done.stderr.splitlines()
    )


def test_a_big5_review_note_is_named_not_shown_as_mojibake(project, errors):
    project.log("a.csv", LOG)
    (project.root / "content" / "reviews").mkdir()
    note = "本週拜訪了陳大文與張學友，下週繼續跟進劉德華。\n".encode("big5")
    (project.root / "content" / "reviews" / "2026-W02.md").write_bytes(note)
    assert project.build() == 1
    assert errors() == [
        "content/reviews/2026-W02.md: not UTF-8 or GB18030 text (it looks like Big5)"
        " — save it as UTF-8 (Excel: CSV UTF-8)"
    ]


@pytest.mark.parametrize("name", ["9999-12.md", "9999-Q4.md", "0001-W01.md", "2026-W60.md"])
def test_a_note_named_for_an_impossible_period_is_left_out(build_metrics, project, name):
    project.log("a.csv", LOG)
    (project.root / "content" / "reviews").mkdir()
    (project.root / "content" / "reviews" / name).write_text("note", "utf-8")
    build_metrics()
    pages = {p.name for p in (project.root / "site" / "reviews").glob("*.html")}
    assert pages == {"index.html", "2026-w02.html", "2026-01.html", "2026-q1.html"}


# ---------------------------------------------------------------- flags


def test_a_project_that_does_not_exist_is_named(tmp_path, capsys):
    missing = tmp_path / "nope"
    assert main(["--project", str(missing)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"error: --project {missing}: no such folder — give the folder that holds content/plan.md"
    ]


def test_a_project_that_is_a_file_is_named(tmp_path, capsys):
    file = tmp_path / "plan.md"
    file.write_text("x", "utf-8")
    assert main(["--project", str(file)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"error: --project {file}: a file, not a folder — give the folder that holds content/plan.md"
    ]


@pytest.mark.parametrize("port", ["99999", "-1", "65536", "80a", "1e3"])
def test_a_port_out_of_range_is_a_usage_error(port, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["serve", "--port", port])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --port: not a port: {port!r} (0 to 65535; 0 takes any free port)" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("as_of", ["1500-01-01", "9999-12-31", "2026-13-01"])
def test_an_as_of_far_out_of_range_is_a_usage_error(as_of, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--as-of", as_of])
    assert stop.value.code == 2
    assert "argument --as-of: not a" in capsys.readouterr().err


@pytest.mark.parametrize("host", ["256.0.0.1", "no.such.host.invalid", "a..b", "8.8.8.8"])
def test_a_host_that_cannot_be_bound_is_a_message(project, host):
    project.log("a.csv", LOG)
    done = cli("serve", "--project", str(project.root), "--host", host, "--port", "0")
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith(f"error: cannot serve on {host}:0 — ")
    assert line.endswith("; try another --port, or --host 127.0.0.1")
