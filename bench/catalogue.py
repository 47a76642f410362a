"""`make bench` (second part): what the imported occupations cost, next to the curated roles alone.

- resolving one message over the full name set (the resolver's work in a turn: names in the sentence, then
  the title the model marked), p50 and p95 over a mix of questions;
- the action server's memory once it has answered about a role, with the whole catalogue and with the curated
  roles alone (`roles load --occupations none`), and the time to its first answer;
- the time `roles load` takes when the catalogue is unchanged (what `make run` pays on every start).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.net import free_port
from bot.roles.occupations import load_default_catalogue
from bot.roles.repository import RoleRepository
from bot.roles.schema import upgrade_database
from bot.serve import start_action_server

MESSAGES = [
    "what is a COO?", "who does the CFO report to?", "what does a dental hygienist do all day?",
    "skills for a welder?", "how do I become an electrician", "who does a registered nurse report to?",
    "saw an ad for Sr. Forklift Operator - 2nd shift, what is that", "what is a chief vibes officer",
    "tell me more", "who do they report to?", "what about a plumber?", "electrician vs plumber",
    "whats a phlebotomist", "what does a data janitor do", "who is the boss of an air traffic controller",
]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))]


def resolve_timings(db_url: str, rounds: int) -> dict[str, float]:
    """Milliseconds to find the names in a message and resolve the longest, as a turn does."""
    with RoleRepository(db_url).reader() as reader:
        index = reader.index
    times = []
    for _ in range(rounds):
        for message in MESSAGES:
            start = time.perf_counter()
            found = index.find_mentions(message) or index.find_close_mentions(message)
            index.resolve(found[-1].text if found else message)
            times.append((time.perf_counter() - start) * 1000)
    return {"p50_ms": round(statistics.median(times), 3), "p95_ms": round(_percentile(times, 95), 3)}


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _answer(port: int, text: str) -> None:
    body = {"next_action": "action_answer_role", "sender_id": "bench", "domain": {},
            "tracker": {"sender_id": "bench", "slots": {}, "events": [], "latest_message": {
                "text": text, "intent": {"name": "ask_definition"}, "entities": [], "intent_ranking": []}}}
    request = urllib.request.Request(f"http://127.0.0.1:{port}/webhook", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        assert json.loads(response.read())["responses"], "the action server gave no answer"


def action_server_cost(db_url: str, workdir: Path, label: str) -> dict[str, float]:
    port = free_port()
    process = start_action_server(port, log=workdir / f"actions-{label}.log", env={"ROLE_DB_URL": db_url,
                                                                                  "PATH": "/usr/bin:/bin"})
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        idle = _rss_mb(process.pid)
        start = time.perf_counter()
        _answer(port, "what is a dental hygienist?")
        first = time.perf_counter() - start
        for text in MESSAGES:
            _answer(port, text)
        return {"rss_idle_mb": idle, "rss_answering_mb": _rss_mb(process.pid), "first_answer_s": round(first, 2)}
    finally:
        process.terminate()
        process.wait(timeout=20)


def load_time(db_url: str) -> float:
    """Seconds for `python -m bot roles load` when nothing changed, as every `make run` does it."""
    env = {"ROLE_DB_URL": db_url, "PATH": "/usr/bin:/bin"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot", "roles", "load"], cwd=PROJECT_ROOT, env=env, check=True,
                   capture_output=True)
    return round(time.perf_counter() - start, 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.catalogue", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--json", type=Path, default=PROJECT_ROOT / "reports" / "bench-catalogue.json")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="bench-catalogue-"))
    full, curated = f"sqlite:///{workdir / 'full.db'}", f"sqlite:///{workdir / 'curated.db'}"
    load_default_catalogue(full)
    upgrade_database(curated)
    subprocess.run([sys.executable, "-m", "bot", "roles", "load", "--occupations", "none"], cwd=PROJECT_ROOT,
                   env={"ROLE_DB_URL": curated, "PATH": "/usr/bin:/bin"}, check=True, capture_output=True)
    results = {
        "resolve_one_message": resolve_timings(full, args.rounds),
        "action_server_full": action_server_cost(full, workdir, "full"),
        "action_server_curated_only": action_server_cost(curated, workdir, "curated"),
        "roles_load_unchanged_s": load_time(full),
    }
    grown = results["action_server_full"]["rss_answering_mb"] - results["action_server_curated_only"][
        "rss_answering_mb"]
    results["action_server_growth_mb"] = round(grown, 1)
    print(json.dumps(results, indent=2))
    print(f"\nresolving one message: p50 {results['resolve_one_message']['p50_ms']} ms (target <= 2 ms); "
          f"action server +{results['action_server_growth_mb']} MB with the occupations (target <= 150 MB)")
    args.json.parent.mkdir(exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
