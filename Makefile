# Dealer Commerce for Odoo 18: the two commands of the README, and helpers.
SHELL := /bin/bash

.PHONY: run test setup stop demo-reset bench loadtest lint help

help:
	@echo "make run         set up everything and serve the demo at http://localhost:8069"
	@echo "make test        fresh database, all addons, every test (browser tours included)"
	@echo "make stop        stop the private PostgreSQL clusters (demo and tests)"
	@echo "make demo-reset  drop the demo database; the next 'make run' rebuilds it"
	@echo "make bench       run the benchmarks in bench/"
	@echo "make loadtest    100 dealers on Odoo workers behind nginx, with faults; percentiles and invariants"
	@echo "make lint        OCA checks on every file (needs Python and Node.js, not Odoo)"

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

setup:
	@bash scripts/setup.sh

stop:
	@bash scripts/stop.sh

demo-reset:
	@bash scripts/run.sh --reset-only

bench:
	@bash scripts/bench.sh

loadtest:
	@bash scripts/loadtest.sh

lint:
	@bash scripts/lint.sh
