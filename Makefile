# The two commands of the README: `make up` runs the system, `make test` runs every test.
.PHONY: up test lint bench bootstrap

bootstrap:
	scripts/bootstrap

up: bootstrap
	.venv/bin/python -m local_stack up

test:
	scripts/test

lint: bootstrap
	.venv/bin/ruff check libs contracts services agents tests bench

bench: bootstrap
	.venv/bin/python bench/throughput.py
