"""The CLI mirrors the Python API, as sqlite-utils does: every command has an API function with the same
parameters, and the README documents both."""

from __future__ import annotations

import importlib
import inspect
import re

import pytest
import typer.main

from pipeline.cli import app
from tests.helpers import REPO

# command → the API function it runs
API = {
    "normalize": "pipeline.batch:normalize",
    "extract": "pipeline.batch:extract",
    "tables": "pipeline.export:tables_of",
    "load": "pipeline.load:load",
    "indicators": "pipeline.export.indicators:indicators",
    "report": "pipeline.report:write_report",
    "show": "pipeline.show:show",
    "eval": "pipeline.evaluate:evaluate",
    "schema": "pipeline.schema:json_schema",
    "corpus generate": "ntm_corpus.generate:generate",
    "serve": "pipeline.serve:serve",
    "gold": "pipeline.serve.export:write_gold",
    "user add": "pipeline.serve:add_user",
}
# options that only choose how the terminal shows or reads something
PRINTING = {"eval": {"as_json"}, "user add": {"password_stdin"}}
PROMPTED = {"user add": {"password"}}  # what the CLI asks for instead of taking it as an option


def commands() -> dict[str, object]:
    """Every visible command, with its callback ('corpus generate' for a sub-command)."""
    found = {}
    group = typer.main.get_group(app)
    for name, command in group.commands.items():
        if getattr(command, "commands", None):
            found |= {f"{name} {sub}": c for sub, c in command.commands.items() if not c.hidden}
        elif not command.hidden:
            found[name] = command
    return found


def api(name: str):
    module, _, function = API[name].partition(":")
    return getattr(importlib.import_module(module), function)


def test_every_command_has_an_api_function():
    assert set(commands()) == set(API)


@pytest.mark.parametrize("name", sorted(API))
def test_a_command_takes_the_parameters_of_its_api_function(name):
    cli = [p.name for p in commands()[name].params if p.name not in PRINTING.get(name, set())]
    params = inspect.signature(api(name)).parameters
    assert set(cli) <= set(params), f"ntm {name}: {sorted(set(cli) - set(params))} not parameters of {API[name]}"
    extra = [p for p in params.values() if p.name not in cli and p.name not in PROMPTED.get(name, set())]
    assert all(p.default is not inspect.Parameter.empty for p in extra), (
        f"{API[name]} requires {[p.name for p in extra]}, which `ntm {name}` does not take")


@pytest.mark.parametrize("name", sorted(API))
def test_the_readme_documents_every_command_and_its_function(name):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"ntm {name}\b", readme), f"`ntm {name}` is not in the README"
    module, _, function = API[name].partition(":")
    assert f"{module}.{function}" in readme or f"from {module} import {function}" in readme, (
        f"the README does not name {module}.{function}, the API of `ntm {name}`")
