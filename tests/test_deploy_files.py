"""docker-compose.yml and its files, checked without Docker (not on these machines): the compose file has the
shape Compose reads, and it runs what `make run-cluster` runs and tests/e2e/test_cluster.py tests: the same
HAProxy template, Rasa with a Redis lock store and a PostgreSQL tracker store, one action server per instance."""
from __future__ import annotations

import importlib.util
import re
from typing import Any

import jsonschema
import pytest
import yaml

from bot.cluster import COMPOSE_HAPROXY, compose_haproxy_config
from bot.config import PROJECT_ROOT

COMPOSE = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]

# The part of the Compose specification this file uses (compose-spec's schema, cut down to it).
SCHEMA = {
    "type": "object",
    "required": ["services"],
    "properties": {
        "services": {"type": "object", "additionalProperties": {"$ref": "#/$defs/service"}},
        "volumes": {"type": "object"},
    },
    "patternProperties": {"^x-": {}},
    "additionalProperties": False,
    "$defs": {
        "service": {
            "type": "object",
            "anyOf": [{"required": ["image"]}, {"required": ["build"]}],
            "properties": {
                "image": {"type": "string"},
                "build": {"type": "object", "required": ["context"],
                          "properties": {"context": {"type": "string"}, "dockerfile": {"type": "string"}},
                          "additionalProperties": False},
                "command": {"type": "array", "items": {"type": "string"}},
                "environment": {"type": "object", "additionalProperties": {"type": ["string", "number", "null"]}},
                "ports": {"type": "array", "items": {"type": "string", "pattern": r"^\d+:\d+$"}},
                "volumes": {"type": "array", "items": {"type": "string"}},
                "restart": {"enum": ["no", "always", "on-failure", "unless-stopped"]},
                "healthcheck": {"type": "object", "required": ["test"]},
                "depends_on": {"oneOf": [
                    {"type": "array", "items": {"type": "string"}},
                    {"type": "object", "additionalProperties": {
                        "type": "object", "required": ["condition"],
                        "properties": {"condition": {"enum": ["service_started", "service_healthy",
                                                              "service_completed_successfully"]}}}},
                ]},
            },
            "additionalProperties": False,
        },
    },
}


def test_the_compose_file_has_the_shape_compose_reads() -> None:
    jsonschema.validate(COMPOSE, SCHEMA)
    for name, service in SERVICES.items():
        needed = service.get("depends_on") or []
        assert set(needed) <= set(SERVICES), name


def test_it_runs_the_pieces_of_the_scaled_mode() -> None:
    images = {name: service.get("image", "") for name, service in SERVICES.items()}
    assert images["postgres"].startswith("postgres:") and images["redis"].startswith("redis:")
    assert images["balancer"].startswith("haproxy:")
    assert {"rasa1", "rasa2", "actions1", "actions2", "web", "load-roles"} <= set(SERVICES)
    assert (PROJECT_ROOT / SERVICES["rasa1"]["build"]["dockerfile"]).exists()


@pytest.mark.parametrize("name", [n for n, s in SERVICES.items() if s.get("command", [None])[0] == "python"])
def test_every_python_service_runs_a_module_of_this_project(name: str) -> None:
    command = SERVICES[name]["command"]
    assert command[1] == "-m" and importlib.util.find_spec(command[2]) is not None, command


@pytest.mark.parametrize("name", ["rasa1", "rasa2"])
def test_each_instance_has_the_lock_store_the_tracker_store_and_its_own_action_server(name: str) -> None:
    service = SERVICES[name]
    command = service["command"]
    endpoints_file = PROJECT_ROOT / command[command.index("--endpoints") + 1]
    text = endpoints_file.read_text(encoding="utf-8")
    endpoints = yaml.safe_load(text)
    assert endpoints["lock_store"]["type"] == "bot.lock_store.AtomicRedisLockStore"  # Redis, atomic tickets
    assert (endpoints["tracker_store"]["type"], endpoints["tracker_store"]["dialect"]) == ("SQL", "postgresql")
    assert set(re.findall(r"\$\{(\w+)\}", text)) <= set(service["environment"]), "a variable nobody sets"
    actions = service["environment"]["ACTION_SERVER_URL"]
    assert actions == f"http://actions{name[-1]}:5055/webhook"


def test_the_balancer_uses_the_template_make_run_cluster_uses() -> None:
    mounted = SERVICES["balancer"]["volumes"][0].split(":")[0]
    assert PROJECT_ROOT / mounted.removeprefix("./") == COMPOSE_HAPROXY
    assert COMPOSE_HAPROXY.read_text(encoding="utf-8") == compose_haproxy_config(), (
        "run `python -m bot.cluster --compose-haproxy` after changing bot/deploy/haproxy.cfg")
    servers = re.findall(r"^\s+server (\w+) (\w+):5005", COMPOSE_HAPROXY.read_text(encoding="utf-8"), re.MULTILINE)
    assert {s for s, _ in servers} == {h for _, h in servers} == {"rasa1", "rasa2"}
