"""The wheel's packages (pyproject.toml holds everything else): `pipeline` with its data, and
`pipeline.models`, the top-level `models/` folder shipped inside the package (see pipeline/models_dir.py)."""

from setuptools import find_namespace_packages, find_packages, setup

setup(packages=[*find_packages(include=["pipeline", "pipeline.*"]), "pipeline.models",
                *(f"pipeline.models.{p}" for p in find_namespace_packages("models"))])
