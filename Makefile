# Role assistant. `make help` lists the targets; `make run` and `make test` do all the set-up themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
REQS_STAMP := $(VENV)/.requirements-$(shell sha1sum requirements.txt | cut -c1-16)
PYTHON310 ?= $(shell scripts/find-python310)

.PHONY: help doctor run-prerequisites test-prerequisites cluster-prerequisites setup db check-data run run-cluster bench-cluster train evaluate shell telegram telegram-webhook bench soak compare-pipelines test lint clean

help: ## list the targets
	@grep -hE '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

doctor: ## list what make run and make test need from this machine (Python 3.10, Chromium, Node.js and npm, PostgreSQL, Redis, HAProxy) and whether it is there
	@scripts/doctor --for test

$(REQS_STAMP): requirements.txt
	@test -n "$(PYTHON310)" || { scripts/find-python310 >/dev/null; exit 1; }
	@if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then \
		echo "creating $(VENV) with $(PYTHON310)"; rm -rf $(VENV); $(PYTHON310) -m venv $(VENV); fi
	@echo "installing pinned requirements into $(VENV) (first time: a few minutes)"
	$(PY) -m pip install --quiet --upgrade pip==24.0
	$(PY) -m pip install --quiet -r requirements.txt
	@rm -f $(VENV)/.requirements-*; touch $@

setup: $(REQS_STAMP) ## create .venv from Python 3.10 and install the pinned requirements (once)

db: run-prerequisites setup ## create or migrate the role database and load the catalogue (idempotent)
	$(PY) -m bot roles load

run: db ## set everything up and run the assistant (Rasa on :5005, actions on :5055; Ctrl-C stops)
	$(PY) -m bot.serve

run-cluster: cluster-prerequisites setup ## the assistant as INSTANCES=N instances (default 2) behind HAProxy on :5005, Redis lock store, PostgreSQL tracker (docs/DEPLOY.md)
	$(PY) -m bot.cluster

train: setup ## train if data, config or domain changed, then hand the model to a running assistant (FINETUNE=1: start from the last model)
	$(PY) -m bot.model $(if $(FINETUNE),--finetune)

shell: db ## chat with the assistant in the terminal (its own action server on loopback; works beside `make run`)
	$(PY) -m bot.serve --shell

telegram: setup ## run the Telegram bot (long polling) for an assistant started by `make run`; needs TELEGRAM_BOT_TOKEN
	$(PY) -m bot.telegram

telegram-webhook: setup ## the Telegram bot in webhook mode (TELEGRAM_WEBHOOK_URL, TELEGRAM_WEBHOOK_SECRET)
	$(PY) -m bot.telegram --webhook

evaluate: setup ## cross-validate the NLU, play the conversation suite, compare with the last run (reports/)
	$(PY) -m bot.training.evaluate

bench: db ## measure reply latency and throughput next to a greeting, and what the occupations cost (docs/benchmarks.md)
	$(PY) -m bench.latency
	$(PY) -m bench.catalogue

bench-cluster: cluster-prerequisites setup ## throughput with 1 and 2 instances behind HAProxy next to make run's single instance, memory, start-up (docs/benchmarks.md)
	$(PY) -m bench.cluster

soak: db ## 32 conversations for 3 minutes (SOAK_SECONDS=N) while the action server, then Rasa, crash and restart; counts wrong, lost and cross-talk replies (all must be 0)
	$(PY) -m bench.soak $(if $(SOAK_SECONDS),--seconds $(SOAK_SECONDS))

compare-pipelines: setup ## cross-validate config.yml against the DIET pipeline (bench/diet-config.yml)
	$(PY) -m bench.pipelines

check-data: setup ## check the training data: rasa data validate --fail-on-warnings, then the project's own checks
	RASA_TELEMETRY_ENABLED=false $(PY) -m rasa data validate --fail-on-warnings --quiet
	$(PY) -m bot check-data

test: test-prerequisites setup lint check-data ## set everything up (installing what is missing) and run the whole test suite
	$(PY) -m pytest

run-prerequisites:
	@scripts/doctor --for run --install
	@scripts/fetch-webchat || echo "note: without rasa-webchat the demo site's /webchat.html page shows no chat"

cluster-prerequisites:
	@scripts/doctor --for cluster --install
	@scripts/fetch-webchat || echo "note: without rasa-webchat the demo site's /webchat.html page shows no chat"

test-prerequisites:
	@scripts/doctor --for test --install
	@scripts/fetch-webchat

lint: setup ## ruff over the Python code
	$(VENV)/bin/ruff check bot actions tests bench

clean: ## remove generated files (venv, database, models, reports)
	rm -rf $(VENV) var models reports .pytest_cache .ruff_cache
