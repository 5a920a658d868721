"""The wheel's packages (pyproject.toml holds everything else): `pipeline` with its data,
`pipeline.models`, the top-level `models/` folder shipped inside the package (see pipeline/models_dir.py),
and `ntm_corpus`, the synthetic corpus generator (its dependencies come with the extra `corpus`)."""

from setuptools import find_namespace_packages, setup

# folders of templates, static files and data are packages too (namespace packages), as setuptools wants
setup(packages=[*find_namespace_packages(include=["pipeline", "pipeline.*", "ntm_corpus", "ntm_corpus.*"],
                                         exclude=["*.__pycache__"]),
                "pipeline.models", *(f"pipeline.models.{p}" for p in find_namespace_packages("models"))])
