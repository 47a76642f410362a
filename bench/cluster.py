"""`make bench-cluster`: the scaled mode's throughput and latency with 1 and 2 instances, next to `make run`'s
single instance, in one run (docs/benchmarks.md, "Several instances").

For each set-up: p50/p95 latency of one conversation at a time, then turns per second with 32 conversations at
once, each repeating "what is a X?" / "who do they report to?" / "what skills do they need?"; every reply's
facts are checked (a wrong role or aspect fails the run). Also the cluster's start-up time and the memory of
each Rasa and action server.
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from bench.latency import _percentile
from bot.cluster import running_cluster
from bot.config import PROJECT_ROOT
from bot.facts import facts_in
from bot.model import ensure_model
from bot.net import free_port
from bot.serve import scratch_stack
from bot.training.conversations import send

ROLES = [("COO", "coo"), ("CFO", "cfo"), ("data analyst", "data-analyst"), ("recruiter", "recruiter"),
         ("scrum master", "scrum-master"), ("product manager", "product-manager")]
SCRIPT = [("what is a {}?", "definition"), ("who do they report to?", "reports_to"),
          ("what skills do they need?", "skills")]


class Wrong:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    def check(self, payload: list[dict[str, Any]], aspect: str, slug: str) -> None:
        facts = facts_in(payload) or {}
        if (facts.get("aspect"), facts.get("roles")) != (aspect, [slug]):
            with self.lock:
                self.count += 1


def conversation(url: str, wrong: Wrong, number: int, stop_at: float, latencies: list[float] | None = None,
                 turns: int = 10**9) -> int:
    """Repeat the script in one conversation until `stop_at` or `turns`; the turns it completed."""
    name, slug = ROLES[number % len(ROLES)]
    sender, done = f"bench-{number}-{uuid.uuid4().hex[:6]}", 0
    while time.monotonic() < stop_at and done < turns:
        text, aspect = SCRIPT[done % len(SCRIPT)]
        started = time.monotonic()
        try:
            payload = send(url, sender, text.format(name))
        except OSError:  # an HTTP error or a refused connection: counted, never hidden
            payload = []
        if latencies is not None:
            latencies.append(time.monotonic() - started)
        wrong.check(payload, aspect, slug)
        done += 1
    return done


def measure(url: str, wrong: Wrong, concurrency: int, seconds: float, sequential_turns: int) -> dict[str, float]:
    latencies: list[float] = []
    conversation(url, wrong, 0, time.monotonic() + 600, latencies, sequential_turns)
    counts = [0] * concurrency
    stop_at = time.monotonic() + seconds

    def worker(i: int) -> None:
        counts[i] = conversation(url, wrong, i + 1, stop_at)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"p50_ms": round(statistics.median(latencies) * 1000, 1),
            "p95_ms": round(_percentile(latencies, 95) * 1000, 1),
            "turns_per_s": round(sum(counts) / (time.monotonic() - started), 1)}


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cluster", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--turns", type=int, default=150, help="turns of the one-at-a-time latency measurement")
    parser.add_argument("--json", type=Path, default=PROJECT_ROOT / "reports" / "bench-cluster.json")
    args = parser.parse_args(argv)
    model = ensure_model()
    wrong = Wrong()
    rows: dict[str, dict[str, float]] = {}
    memory: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as work:
        single = Path(work) / "single"
        single.mkdir()
        with scratch_stack(model, single, token="bench") as stack:
            send(stack.rasa_url, "warm-up", "what is a COO?")
            rows["make run (1 instance, SQLite, no balancer)"] = measure(
                stack.rasa_url, wrong, args.concurrency, args.seconds, args.turns)
        for instances in (1, 2):
            folder = Path(work) / f"cluster-{instances}"
            folder.mkdir()
            started = time.monotonic()
            with running_cluster(model, folder, instances=instances, token="bench",
                                 balancer=f"127.0.0.1:{free_port()}") as cluster:
                start_s = round(time.monotonic() - started, 1)
                for member in cluster.instances:
                    send(member.rasa_url, "warm-up", "what is a COO?")
                row = measure(cluster.balancer_url, wrong, args.concurrency, args.seconds, args.turns)
                rows[f"cluster, {instances} instance{'s' if instances > 1 else ''} (HAProxy, Redis, PostgreSQL)"] = {
                    **row, "start_s": start_s}
                if instances == 2:
                    for process in cluster.stack.processes:
                        name = cluster.stack.names[process.pid]
                        if name.startswith(("Rasa server", "action server")):
                            memory[name] = resident_mb(process.pid)
    print(f"| set-up | p50 ms | p95 ms | turns/s at {args.concurrency} | start s |")
    print("|---|---|---|---|---|")
    for name, row in rows.items():
        print(f"| {name} | {row['p50_ms']} | {row['p95_ms']} | {row['turns_per_s']} | {row.get('start_s', '-')} |")
    one, two = (rows[k]["turns_per_s"] for k in list(rows)[1:3])
    print(f"\n2 instances / 1 instance throughput: {two / max(one, 0.1):.2f}")
    print("resident memory (MB): " + ", ".join(f"{k} {v}" for k, v in memory.items()))
    args.json.parent.mkdir(exist_ok=True)
    args.json.write_text(json.dumps({"rows": rows, "memory_mb": memory, "scale": round(two / max(one, 0.1), 2),
                                     "wrong": wrong.count}, indent=1),
                         encoding="utf-8")
    if wrong.count:
        print(f"error: {wrong.count} replies failed or answered the wrong role or aspect; the figures measure the "
              "wrong thing")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
