"""`make evaluate`: cross-validated NLU scores, the conversation suite's pass rate and job-title resolution on
titles the resolver never saw (bot/training/titles.py), compared with last time.

Writes reports/evaluation/ (Rasa's per-intent and entity reports, the confusion matrix PNG, the misclassified
examples, conversations.json, titles.md and summary.json); the run before is kept as reports/evaluation-previous/.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT, rasa_process_env
from bot.model import ensure_model
from bot.serve import scratch_stack
from bot.training.conversations import by_aspect, load_conversations
from bot.training.titles import evaluate_titles, render

REPORTS = PROJECT_ROOT / "reports"


def cross_validate(out: Path, folds: int) -> None:
    subprocess.run(
        [sys.executable, "-m", "bot.rasa_server", "test", "nlu", "--cross-validation", "--folds", str(folds),
         "--nlu", "data", "--config", "config.yml", "--out", str(out)],
        cwd=PROJECT_ROOT, env=rasa_process_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def play_conversations(out: Path) -> dict[str, Any]:
    """Every conversation of tests/conversations against a freshly started assistant."""
    work = Path(tempfile.mkdtemp(prefix="evaluate-"))
    results, played = [], []
    with scratch_stack(ensure_model(quiet=True), work, token="evaluate") as stack:
        for conversation in load_conversations(PROJECT_ROOT / "tests" / "conversations"):
            turns = conversation.play_turns(stack.rasa_url)
            played += turns
            results.append({"conversation": f"{conversation.file}:{conversation.name}", "turns": len(turns),
                            "failures": [p for turn in turns for p in turn.problems]})
    turns = len(played)
    failed = sum(1 for turn in played if turn.problems)
    summary = {"turns": turns, "failed_turns": failed, "pass_rate": round((turns - failed) / turns, 3) if turns else 0,
               "by_aspect": by_aspect(played), "results": results}
    (out / "conversations.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return summary


def weighted_f1(path: Path) -> float | None:
    """The weighted-average F1 of a Rasa test report (intent or entity), or None when there is no report."""
    return round(json.loads(path.read_text())["weighted avg"]["f1-score"], 3) if path.exists() else None


def _errors(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [f"{e['text']!r}: expected {e['intent']}, got {e['intent_prediction']['name']}"
            for e in json.loads(path.read_text())]


def resolve_titles(out: Path) -> dict[str, Any]:
    """Title resolution on held-out O*NET titles, the curated names and the posting-style titles."""
    results = evaluate_titles()
    misses = "\n".join(f"- {name}: {miss}" for name, result in results.items() for miss in result.misses)
    (out / "titles.md").write_text(render(results) + "\n\nWrong or unanswered:\n" + misses + "\n", encoding="utf-8")
    return {name: result.as_dict() for name, result in results.items()}


def summarise(out: Path, conversations: dict[str, Any], titles: dict[str, Any] | None = None) -> dict[str, Any]:
    entity_reports = sorted(out.glob("*Extractor_report.json"))
    return {
        "titles": titles or {},
        "intent_f1": weighted_f1(out / "intent_report.json"),
        "entity_f1": weighted_f1(entity_reports[0]) if entity_reports else None,
        "conversation_pass_rate": conversations["pass_rate"],
        "conversation_turns": conversations["turns"],
        "conversation_failed_turns": conversations["failed_turns"],
        "conversation_by_aspect": conversations.get("by_aspect", {}),
        "intent_errors": _errors(out / "intent_errors.json"),
    }


def _change(name: str, before: Any, after: Any) -> str:
    if before is None:
        return f"{name} {after}"
    return f"{name} {before} → {after}"


def report(summary: dict[str, Any], previous: dict[str, Any] | None, out: Path) -> str:
    before = previous or {}
    lines = [
        f"Evaluation ({out})",
        "  " + _change("intent F1", before.get("intent_f1"), summary["intent_f1"]),
        "  " + _change("entity F1", before.get("entity_f1"), summary["entity_f1"]),
        "  " + _change("conversation turns passed", before.get("conversation_pass_rate"),
                       summary["conversation_pass_rate"])
        + f" ({summary['conversation_turns'] - summary['conversation_failed_turns']}/{summary['conversation_turns']})",
    ]
    aspects = summary.get("conversation_by_aspect", {})
    if aspects:
        lines.append("  conversation turns right / wrong by the aspect asked: " + ", ".join(
            f"{aspect} {n['right']}/{n['wrong']}" for aspect, n in aspects.items()))
    for name, now in summary.get("titles", {}).items():
        was = before.get("titles", {}).get(name, {})
        lines.append(f"  {name} ({now['titles']}): " + ", ".join(
            _change(o.replace("_", " "), was.get(o), now[o]) for o in ("right", "right_or_offered", "wrong")))
    new_errors = [e for e in summary["intent_errors"] if e not in set(before.get("intent_errors", []))]
    fixed = [e for e in before.get("intent_errors", []) if e not in set(summary["intent_errors"])]
    if previous is not None:
        lines.append(f"  {len(new_errors)} new misclassified example(s), {len(fixed)} fixed since the last run")
    else:
        lines.append(f"  {len(summary['intent_errors'])} misclassified example(s) (first run: nothing to compare)")
    for error in (new_errors if previous is not None else summary["intent_errors"])[:8]:
        lines.append(f"    {error}")
    lines.append(f"  confusion matrix: {out / 'intent_confusion_matrix.png'}; all errors: {out / 'intent_errors.json'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.training.evaluate", description=__doc__)
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--reports", type=Path, default=REPORTS)
    args = parser.parse_args(argv)
    out, kept = args.reports / "evaluation", args.reports / "evaluation-previous"
    previous = None
    if (out / "summary.json").exists():
        previous = json.loads((out / "summary.json").read_text())
        shutil.rmtree(kept, ignore_errors=True)
        out.rename(kept)
    out.mkdir(parents=True, exist_ok=True)
    print(f"cross-validating the NLU ({args.folds} folds), playing the conversation suite and resolving titles...",
          flush=True)
    cross_validate(out, args.folds)
    summary = summarise(out, play_conversations(out), resolve_titles(out))
    (out / "summary.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    print(report(summary, previous, out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
