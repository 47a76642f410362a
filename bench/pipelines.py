"""`make compare-pipelines`: config.yml (light) against DIET, by cross-validated F1, training time and latency.

For each pipeline: train a model (timed), run `rasa test nlu --cross-validation --folds 3`, then start the
servers with that model and time role questions. Prints the table kept in docs/benchmarks.md.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.latency import KINDS, _sequential
from bot.config import PROJECT_ROOT, rasa_process_env
from bot.net import free_port
from bot.roles.occupations import load_default_catalogue
from bot.serve import start_stack

PIPELINES = {"light (config.yml)": "config.yml", "DIET (bench/diet-config.yml)": "bench/diet-config.yml"}


def _rasa(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "bot.rasa_server", *args], cwd=PROJECT_ROOT, env=rasa_process_env(),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _weighted_f1(path: Path) -> float | None:
    if not path.exists():
        return None
    return round(json.loads(path.read_text())["weighted avg"]["f1-score"], 3)


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
        stack = start_stack(free_port(), free_port(), work / f"{slug}.tar.gz", token="bench", log_dir=work,
                            env={"ROLE_DB_URL": db_url}, tracker_db=f"sqlite:///{work / f'tracker-{slug}.db'}")
        try:
            _sequential(stack.rasa_url, KINDS["role question"], 20)
            role_ms = statistics.median(_sequential(stack.rasa_url, KINDS["role question"], 150)) * 1000
            greet_ms = statistics.median(_sequential(stack.rasa_url, KINDS["greeting"], 150)) * 1000
        finally:
            stack.stop()
        rows.append((name, _weighted_f1(cv / "intent_report.json"),
                     _weighted_f1(entity_reports[0]) if entity_reports else None, round(train_s), round(role_ms, 1),
                     round(greet_ms, 1)))
    print("| pipeline | intent F1 (3-fold CV) | entity F1 | training s | role question p50 ms | greeting p50 ms |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(str(v) for v in row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
