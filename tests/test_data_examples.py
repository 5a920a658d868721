"""Every example block of the data under models/ has exactly one runner (see tests/data_examples.py)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import tests
from pipeline.models_dir import load_json
from tests.data_examples import READERS, blocks, data_files


@pytest.fixture(scope="module")
def readers() -> dict[tuple[str, str], set[str]]:
    """Who reads which block, with every test module imported (as a full run would)."""
    for module in pkgutil.walk_packages(tests.__path__, "tests."):
        if module.name.rsplit(".", 1)[-1].startswith("test_"):
            importlib.import_module(module.name)
    return READERS


ALL_BLOCKS = [(file, path) for file in data_files() for path in blocks(load_json(file))]


def test_the_data_has_example_blocks():
    assert len(ALL_BLOCKS) > 50 and {file for file, _ in ALL_BLOCKS} == set(data_files())


@pytest.mark.parametrize(("file", "path"), ALL_BLOCKS, ids=lambda x: x)
def test_every_example_block_has_one_runner(readers, file, path):
    runners = readers.get((file, path), set())
    assert runners, f"no test runs the examples of models/{file}: {path} (read them with tests.data_examples.examples)"
    assert len(runners) == 1, f"models/{file}: {path} is run by {sorted(runners)}: one runner per block"


def test_runners_read_blocks_that_exist(readers):
    assert not set(readers) - set(ALL_BLOCKS)
