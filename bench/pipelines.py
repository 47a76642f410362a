"""`make compare-pipelines`: config.yml (light) against DIET, by cross-validated F1, training time and latency.

For each pipeline: train a model (timed), run `rasa test nlu --cross-validation --folds 3`, then start the
servers with that model and time role questions. Prints the table kept in docs/benchmarks.md.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.latency import Replies, _sequential
from bot.config import PROJECT_ROOT, rasa_process_env
from bot.roles.occupations import load_default_catalogue
from bot.serve import scratch_stack
from bot.training.evaluate import weighted_f1

PIPELINES = {"light (config.yml)": "config.yml", "DIET (bench/diet-config.yml)": "bench/diet-config.yml"}


def _rasa(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "bot.rasa_server", *args], cwd=PROJECT_ROOT, env=rasa_process_env(),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="pipelines-"))
    db_url = f"sqlite:///{work / 'roles.db'}"
    load_default_catalogue(db_url)
    rows = []
    for name, config in PIPELINES.items():
        slug = Path(config).stem
        start = time.perf_counter()
        _rasa("train", "--config", config, "--out", str(work), "--fixed-model-name", slug)
        train_s = time.perf_counter() - start
        cv = work / f"cv-{slug}"
        _rasa("test", "nlu", "--cross-validation", "--folds", "3", "--config", config, "--nlu", "data",
              "--out", str(cv))
        entity_reports = sorted(cv.glob("*Extractor_report.json")) + sorted(cv.glob("DIETClassifier_report.json"))
        with scratch_stack(work / f"{slug}.tar.gz", work, token="bench", role_db=db_url,
                           tracker_db=f"sqlite:///{work / f'tracker-{slug}.db'}") as stack:
            replies = Replies()
            _sequential(stack.rasa_url, "role question", replies, 20)
            role_ms = statistics.median(_sequential(stack.rasa_url, "role question", replies, 150)) * 1000
            greet_ms = statistics.median(_sequential(stack.rasa_url, "small talk", replies, 150)) * 1000
            if replies.wrong:
                raise SystemExit(f"{name}: wrong replies {replies.wrong}: {replies.examples}")
        rows.append((name, weighted_f1(cv / "intent_report.json"),
                     weighted_f1(entity_reports[0]) if entity_reports else None, round(train_s), round(role_ms, 1),
                     round(greet_ms, 1)))
    print("| pipeline | intent F1 (3-fold CV) | entity F1 | training s | role question p50 ms | small talk p50 ms |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(str(v) for v in row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
