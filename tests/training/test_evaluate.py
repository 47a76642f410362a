"""`make evaluate` on the project's data: its files, its summary, and the comparison with the run before."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot.config import PROJECT_ROOT


def test_evaluate_writes_reports_and_compares_with_the_previous_run(tmp_path: Path, trained_model: Path) -> None:
    previous = tmp_path / "evaluation"
    previous.mkdir()
    (previous / "summary.json").write_text(json.dumps({
        "intent_f1": 0.5, "entity_f1": 0.5, "conversation_pass_rate": 0.5, "conversation_turns": 2,
        "conversation_failed_turns": 1, "intent_errors": ["'an old error': expected greet, got goodbye"],
    }), encoding="utf-8")

    result = subprocess.run([sys.executable, "-m", "bot.training.evaluate", "--folds", "2", "--reports",
                             str(tmp_path)], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900)

    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    out = tmp_path / "evaluation"
    for name in ("intent_report.json", "intent_confusion_matrix.png", "intent_errors.json",
                 "CRFEntityExtractor_report.json", "conversations.json", "titles.md", "summary.json"):
        assert (out / name).exists(), name
    assert (tmp_path / "evaluation-previous" / "summary.json").exists()
    summary = json.loads((out / "summary.json").read_text())
    assert 0.5 < summary["intent_f1"] <= 1 and 0.5 < summary["entity_f1"] <= 1
    assert summary["conversation_turns"] >= 100 and summary["conversation_pass_rate"] > 0.9
    assert f"intent F1 0.5 → {summary['intent_f1']}" in result.stdout
    titles = summary["titles"]
    assert titles["curated roles' names"]["wrong"] == 0 and titles["held-out O*NET titles"]["titles"] > 5000
    assert f"job-posting titles, all sets ({titles['job-posting titles, all sets']['titles']}): right " in result.stdout
    assert "fixed since the last run" in result.stdout
