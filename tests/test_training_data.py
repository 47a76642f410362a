"""Rasa's training data: valid, big enough, and its role lookup in step with the catalogue."""
from __future__ import annotations

import subprocess
import sys

import yaml

from bot.config import PROJECT_ROOT, rasa_process_env
from bot.roles.nlu_sync import NLU_ROLES_FILE, render_nlu_roles
from bot.roles.repository import RoleRepository
from bot.training.checks import MIN_EXAMPLES


def test_nlu_role_lookup_is_up_to_date_with_the_catalogue(catalogue_db_url: str) -> None:
    expected = render_nlu_roles(RoleRepository(catalogue_db_url).name_entries())

    assert NLU_ROLES_FILE.read_text(encoding="utf-8") == expected, (
        "data/nlu_roles.yml is stale: run `python -m bot roles load && python -m bot roles sync-nlu`"
    )


def test_every_intent_has_enough_varied_examples() -> None:
    counts: dict[str, int] = {}
    for path in sorted((PROJECT_ROOT / "data").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                counts[block["intent"]] = counts.get(block["intent"], 0) + len(
                    [line for line in block["examples"].splitlines() if line.strip().startswith("- ")]
                )
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))

    assert set(domain["intents"]) <= set(counts)
    assert {i: n for i, n in counts.items() if n < MIN_EXAMPLES} == {}


def test_rasa_data_validate_passes_with_warnings_as_errors() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate", "--fail-on-warnings"],
        cwd=PROJECT_ROOT, env=rasa_process_env(), capture_output=True, text=True, timeout=300,
    )

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_test_stories_pass_with_prediction_errors_failing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.model import ensure_model

    model = ensure_model(quiet=True)
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "test", "--stories", "tests/test_stories.yml", "--model", str(model),
         "--fail-on-prediction-errors", "--out", str(tmp_path / "results")],
        cwd=PROJECT_ROOT, env=rasa_process_env(), capture_output=True, text=True, timeout=600,
    )

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
