# The two commands of the README: `make up` runs the system, `make test` runs every test.
.PHONY: up test test-unit test-contracts test-service test-integration test-reliability test-cluster soak test-security lint typecheck format bench bench-console bench-system bootstrap

bootstrap:
	scripts/bootstrap

up: bootstrap
	.venv/bin/python -m local_stack up

test:
	scripts/test

# One tier at a time, on SQLite (`make test` runs them all, then again on PostgreSQL).
test-unit: bootstrap
	.venv/bin/pytest tests/unit

test-contracts: bootstrap
	.venv/bin/pytest tests/contracts

test-service: bootstrap
	.venv/bin/pytest tests/service

test-integration: bootstrap
	.venv/bin/pytest tests/integration

test-reliability: bootstrap
	.venv/bin/pytest tests/reliability

# three RabbitMQ nodes in one cluster, services replicated on PostgreSQL (issue 17)
test-cluster: bootstrap
	.venv/bin/pytest tests/cluster

# not in CI: 10 minutes on the cluster with a fault every 30 s, the Jepsen-style figures at the end
soak: bootstrap
	.venv/bin/pytest -m slow -s tests/cluster/test_cluster_soak.py

test-security: bootstrap
	.venv/bin/pytest tests/security tests/hostile

lint: bootstrap
	.venv/bin/ruff check libs contracts services agents tests bench deploy
	.venv/bin/ruff format --check libs contracts services agents tests bench deploy

format: bootstrap
	.venv/bin/ruff format libs contracts services agents tests bench deploy
	.venv/bin/ruff check --fix libs contracts services agents tests bench deploy

typecheck: bootstrap
	scripts/typecheck

bench: bootstrap
	.venv/bin/python bench/throughput.py

# the console's pages over HTTP on 10^4 open cases: p50/p95 per action against the 300 ms budget
bench-console: bootstrap
	.venv/bin/python bench/console.py

# the whole system on a private hall (issue 17): sustainable rate, hops, CPU per case, on SQLite
# and PostgreSQL at 0, 10^4 and 10^5 open cases (about 40 minutes; `--quick` for a smoke run)
bench-system: bootstrap
	.venv/bin/python -m bench.system $(BENCH_ARGS)
