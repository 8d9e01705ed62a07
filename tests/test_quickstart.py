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
