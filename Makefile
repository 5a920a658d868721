.PHONY: setup demo test bench lint

setup:
	bash scripts/setup.sh

demo:
	bash scripts/demo.sh

test:
	bash scripts/test.sh

lint:
	.venv/bin/ruff check pipeline ntm_corpus tests bench setup.py

bench:
	bash scripts/setup.sh bench
	.venv/bin/python bench/run.py
