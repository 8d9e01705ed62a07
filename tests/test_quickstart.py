"""The README's Quickstart is what CI runs: two commands, the same text in both."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def quickstart_commands() -> list[str]:
    """The command lines of the first fenced block under the README's Quickstart heading."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^#+ *Quickstart.*?$(.*?)^#+ ", readme, re.M | re.S | re.I)
    assert section, "README.md has no Quickstart section"
    block = re.search(r"```[a-z]*\n(.*?)```", section.group(1), re.S)
    assert block, "the Quickstart section has no code block"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_quickstart() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## +(.+)$", readme, re.M)
    assert headings and headings[0].lower().startswith("quickstart")


def test_quickstart_is_two_commands() -> None:
    cmds = quickstart_commands()
    assert len(cmds) == 2, cmds
    assert "kg demo" in cmds[0] and "pytest" in cmds[1]


def test_ci_runs_the_readme_commands_as_written() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    pos = 0
    for cmd in quickstart_commands():
        found = ci.find(cmd, pos)
        assert found >= 0, f".ci/run does not run the README's command as written: {cmd}"
        pos = found + len(cmd)


def test_ci_takes_no_other_path_than_the_readme() -> None:
    """No pip upgrade or extra install before the Quickstart: a user's pip must do."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    first = ci.find(quickstart_commands()[0])
    before = [
        line
        for line in ci[:first].splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert not any(re.search(r"\bpip\b", line) for line in before), before
    assert "--upgrade pip" not in ci and "-U pip" not in ci


def test_ci_serves_the_demo_then_stops_it_before_the_tests() -> None:
    """Command 1 ends by serving: CI runs it in the background, waits for the page, presses
    Ctrl-C (SIGINT to the job's process group) and checks the exit; the tests come after,
    with the browser and the CJK font installed and required."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    first, second = quickstart_commands()
    assert re.search(re.escape(first) + r" &\n", ci), "command 1 runs in the background"
    assert "set -m" in ci.split(first)[0], "job control: the job is its own process group"
    assert "URL=http://127.0.0.1:8000/" in ci
    after = ci.split(first, 1)[1]
    pos = 0
    for step in (
        "until answers; do",
        'kill -INT -- -"$demo"',
        'wait "$demo"',
        "apt-get install -y",
        "export KG_REQUIRE_BROWSER=1 CI=true",
        second,
    ):
        found = after.find(step, pos)
        assert found >= 0, f".ci/run lacks {step!r} after command 1 (in this order)"
        pos = found + len(step)
    assert re.search(r"for pkg in chromium fonts-noto-cjk", ci)
    assert "DEBIAN_FRONTEND=noninteractive" in ci
