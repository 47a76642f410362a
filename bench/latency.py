"""`make bench`: reply latency and throughput of role questions next to small talk, in the same run.

Starts the real action server and Rasa server (as `make run` does) on free ports with a fresh role database,
then for each kind of turn measures p50/p95 latency one conversation at a time and throughput with 16
conversations at once. The baseline is small talk that runs no custom action ("thanks", answered from the
domain; a greeting now goes to the action, which notes a role named in it), so the ratio shows what the role
action costs.
Every reply is checked against what the right reply says; a run with a wrong reply fails.
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

from bot.config import PROJECT_ROOT
from bot.model import ensure_model
from bot.serve import scratch_stack
from bot.training.conversations import reply_text, send

# Each message with what its right reply says: every reply of the run is checked, and wrong ones counted.
KINDS: dict[str, list[tuple[str, str]]] = {
    "small talk": [("thanks", "You're welcome"), ("thank you", "You're welcome"), ("thanks a lot", "You're welcome"),
                 ("cheers, thanks", "You're welcome")],
    "role question": [("what is a COO?", "runs the day-to-day operations"),
                      ("who does the CFO report to?", "The Chief Financial Officer reports to the Chief Executive"),
                      ("what does a data analyst do?", "What a Data Analyst is responsible for"),
                      ("skills for a product manager?", "Skills and qualifications a Product Manager needs")],
    "occupation question": [("what is a dental hygienist?", "A dental hygienist cleans"),
                            ("what does a forklift operator do?", "What an Industrial Truck or Tractor Operator"),
                            ("who does a registered nurse report to?", "A Registered Nurse usually reports to"),
                            ("skills for a welder?", "Skills and qualifications a Welder")],
}


class Replies:
    """Counts the replies of a run that do not say what the right reply says (thread-safe)."""

    def __init__(self) -> None:
        self.wrong: dict[str, int] = {}
        self.examples: list[str] = []
        self._lock = threading.Lock()

    def check(self, kind: str, message: str, expected: str, reply: list[dict]) -> None:
        text = reply_text(reply)
        if expected not in text:
            with self._lock:
                self.wrong[kind] = self.wrong.get(kind, 0) + 1
                if len(self.examples) < 5:
                    self.examples.append(f"{message!r} -> {text[:120]!r}")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))]


CONVERSATION_TURNS = 10  # a person's conversation is short; a new sender id every 10 turns


def _sequential(url: str, kind: str, replies: Replies, turns: int) -> list[float]:
    times = []
    messages = KINDS[kind]
    for i in range(turns):
        if i % CONVERSATION_TURNS == 0:
            sender = "bench-" + uuid.uuid4().hex[:8]
        message, expected = messages[i % len(messages)]
        start = time.perf_counter()
        reply = send(url, sender, message)
        times.append(time.perf_counter() - start)
        replies.check(kind, message, expected, reply)
    return times


def _concurrent(url: str, kind: str, replies: Replies, workers: int, turns_each: int) -> float:
    """Turns per second with `workers` conversations sending at once."""
    barrier = threading.Barrier(workers + 1)

    def worker() -> None:
        sender = "bench-" + uuid.uuid4().hex[:8]
        barrier.wait()
        for i in range(turns_each):
            message, expected = KINDS[kind][i % len(KINDS[kind])]
            replies.check(kind, message, expected, send(url, sender, message))

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    return workers * turns_each / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.latency", description=__doc__)
    parser.add_argument("--turns", type=int, default=300, help="sequential turns per kind (default 300)")
    parser.add_argument("--rounds", type=int, default=10,
                        help="alternating rounds, so that the machine's drift touches both kinds alike (default 10)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--json", type=Path, default=PROJECT_ROOT / "reports" / "bench.json")
    parser.add_argument("--tracker-store", choices=("sql", "memory"), default="sql",
                        help="sql: a SQLite tracker store, as `make run` has (default); memory: Rasa's in-memory one")
    parser.add_argument("--without-adapters", action="store_true",
                        help="run plain Rasa, without bot/rasa_patches.py, to measure what the adapter changes")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    env = {"ROLE_ASSISTANT_RASA_ADAPTERS": "off"} if args.without_adapters else {}
    tracker = "memory" if args.tracker_store == "memory" else None
    replies = Replies()
    with scratch_stack(ensure_model(), workdir, token="bench", env=env, tracker_db=tracker) as stack:
        for kind in KINDS:  # warm up every path
            _sequential(stack.rasa_url, kind, replies, 20)
        latencies: dict[str, list[float]] = {kind: [] for kind in KINDS}
        throughput: dict[str, list[float]] = {kind: [] for kind in KINDS}
        for _ in range(args.rounds):
            for kind in KINDS:
                latencies[kind] += _sequential(stack.rasa_url, kind, replies, args.turns // args.rounds)
                throughput[kind].append(_concurrent(stack.rasa_url, kind, replies, args.concurrency, 10))

    results = {
        kind: {
            "p50_ms": round(statistics.median(latencies[kind]) * 1000, 1),
            "p95_ms": round(_percentile(latencies[kind], 95) * 1000, 1),
            f"turns_per_s_at_{args.concurrency}": round(statistics.median(throughput[kind]), 1),
            "wrong_replies": replies.wrong.get(kind, 0),
        }
        for kind in KINDS
    }
    baseline = results["small talk"]
    key = f"turns_per_s_at_{args.concurrency}"
    ratios = {kind: {"p50_ratio": round(row["p50_ms"] / baseline["p50_ms"], 2),
                     "throughput_ratio": round(row[key] / baseline[key], 2)}
              for kind, row in results.items() if kind != "small talk"}
    print(f"| turn | p50 ms | p95 ms | turns/s at {args.concurrency} | wrong replies |")
    print("|---|---|---|---|---|")
    for kind, row in results.items():
        print(f"| {kind} | {row['p50_ms']} | {row['p95_ms']} | {row[key]} | {row['wrong_replies']} |")
    for kind, ratio in ratios.items():
        print(f"\n{kind}/small talk p50 ratio {ratio['p50_ratio']} (target <= 1.3); "
              f"throughput ratio {ratio['throughput_ratio']} (target >= 0.8)")
    args.json.parent.mkdir(exist_ok=True)
    args.json.write_text(json.dumps({"results": results, "ratios": ratios}, indent=2), encoding="utf-8")
    if replies.wrong:
        print(f"\nerror: {sum(replies.wrong.values())} replies were wrong, so the figures above measure the wrong "
              "thing; for example:\n  " + "\n  ".join(replies.examples))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
