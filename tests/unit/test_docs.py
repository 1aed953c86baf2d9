"""Every command and every option of the CLI is documented in docs/cli.md."""

from __future__ import annotations

import re

import typer.main

from claimgraph.cli import app

from ..conftest import ROOT


def test_every_command_and_option_is_documented():
    doc = (ROOT / "docs/cli.md").read_text("utf-8")
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert f"`claimgraph {name}" in doc, f"docs/cli.md does not document `claimgraph {name}`"
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt not in ("--db", "--format", "--help"):
                    assert re.search(re.escape(opt) + r"\b", doc), f"docs/cli.md does not mention {opt} of {name}"
