"""`make soak`: many conversations at once while the action server and then Rasa itself crash and come back.

32 conversations (two per role) repeat a three-turn script: "what is a X?", then two follow-ups that need
the conversation's context ("who do they report to?", "what skills do they need?"). Each reply is compared
with the reply the same turn got in a fresh conversation before any outage:
- right: the same reply;
- said unavailable: the assistant's "please ask again in a moment" (its action server is down);
- no answer: the server itself is down (the widget shows Retry, the Telegram bot says "unavailable");
  after either, the client asks the same turn again after a pause, as a person pressing Retry;
- lost: a follow-up answered as if no role had been named (the conversation's context is gone);
- cross-talk: a reply that belongs to another role's conversation;
- wrong: anything else.
Halfway through the first part the action server is killed (SIGKILL) and started again; then Rasa. Wrong, lost
and cross-talk must stay at 0: the SQL tracker store keeps every conversation across the restart.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.config import PROJECT_ROOT, rasa_process_env
from bot.model import ensure_model
from bot.net import free_port
from bot.roles.occupations import load_default_catalogue
from bot.serve import Stack, forget_endpoints, start_action_server, start_rasa_server, start_stack, wait_until_up
from bot.training.conversations import reply_text

ROLES = ["COO", "CFO", "CTO", "CMO", "CIO", "product manager", "data analyst", "recruiter", "scrum master",
         "UX designer", "welder", "registered nurse", "electrician", "dental hygienist", "forklift operator",
         "software developer"]
SCRIPT = ["what is a {role}?", "who do they report to?", "what skills do they need?"]
CONVERSATIONS = 32
OUTCOMES = ("right", "said unavailable", "no answer", "lost", "cross-talk", "wrong")
_DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
UNAVAILABLE = _DOMAIN["responses"]["utter_temporarily_unavailable"][0]["text"]
NO_ROLE = "Which role do you mean?"


def ask(rasa_url: str, sender: str, text: str, timeout: float = 30) -> str | None:
    """The reply's text, or None when the server gave no answer (down, restarting, or an error status)."""
    request = urllib.request.Request(f"{rasa_url}/webhooks/rest/webhook", headers={"Content-Type": "application/json"},
                                     data=json.dumps({"sender": sender, "message": text}).encode())
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return reply_text(json.loads(response.read() or b"[]"))
    except (OSError, ValueError):
        return None


@dataclass
class SoakReport:
    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    conversations: int = 0
    seconds: float = 0.0

    def add(self, outcome: str, detail: str) -> None:
        self.counts[outcome] += 1
        shown = self.examples.setdefault(outcome, [])
        if outcome in ("lost", "cross-talk", "wrong") and len(shown) < 5:
            shown.append(detail)

    def render(self) -> str:
        cells = " | ".join(str(self.counts[o]) for o in OUTCOMES)
        lines = [f"{self.conversations} conversations for {self.seconds:.0f} s; the action server, then Rasa, "
                 "killed and restarted", "", "| " + " | ".join(OUTCOMES) + " |", "|" + "---|" * len(OUTCOMES),
                 f"| {cells} |"]
        for outcome, shown in self.examples.items():
            lines += [f"{outcome}: {line}" for line in shown]
        return "\n".join(lines)


class Soak:
    """The stack, the conversations, and the outages, driven step by step (by `run` or by a test)."""

    def __init__(self, model: Path, roles_db: str, workdir: Path, cors: list[str] | None = None):
        self.model, self.workdir, self.cors = model, workdir, cors
        self.env = rasa_process_env({"ROLE_DB_URL": roles_db})
        self.tracker = f"sqlite:///{workdir / 'tracker.db'}"
        self.rasa_port, self.actions_port = free_port(), free_port()
        self.stack: Stack | None = None
        self.golden: dict[tuple[str, int], str] = {}
        self.report = SoakReport(conversations=CONVERSATIONS)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._started = 0.0

    @property
    def elapsed(self) -> float:
        """Seconds since the conversations began."""
        return time.monotonic() - self._started

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def start(self) -> None:
        self.stack = start_stack(self.rasa_port, self.actions_port, self.model, token="soak", log_dir=self.workdir,
                                 env=self.env, tracker_db=self.tracker, cors=self.cors)
        for role in ROLES:  # what each turn says in a fresh conversation, before any outage
            sender = "golden-" + uuid.uuid4().hex[:8]
            for turn, text in enumerate(SCRIPT):
                reply = ask(self.rasa_url, sender, text.format(role=role))
                if not reply or reply == UNAVAILABLE or reply.startswith(NO_ROLE):
                    raise RuntimeError(f"no usable answer to {text.format(role=role)!r} before the soak: {reply!r}")
                self.golden[(role, turn)] = reply
        self._started = time.monotonic()
        for i in range(CONVERSATIONS):
            thread = threading.Thread(target=self._converse, args=(ROLES[i % len(ROLES)],), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _judge(self, role: str, turn: int, reply: str | None) -> str:
        if reply is None:
            return "no answer"
        if reply == UNAVAILABLE:
            return "said unavailable"
        if reply == self.golden[(role, turn)]:
            return "right"
        if turn > 0 and reply.startswith(NO_ROLE):
            return "lost"
        if any(reply == golden for (other, _), golden in self.golden.items() if other != role):
            return "cross-talk"
        return "wrong"

    def _converse(self, role: str) -> None:
        sender = "soak-" + uuid.uuid4().hex[:8]
        turn = 0
        while not self._stop.is_set():
            text = SCRIPT[turn].format(role=role)
            reply = ask(self.rasa_url, sender, text)
            outcome = self._judge(role, turn, reply)
            with self._lock:
                self.report.add(outcome, f"{sender} {text!r} -> {(reply or '')[:100]!r}")
            if outcome in ("said unavailable", "no answer"):
                time.sleep(0.5)  # then the same turn again, as a person pressing Retry
            else:
                turn = (turn + 1) % len(SCRIPT)

    def _process(self, index: int) -> Any:
        assert self.stack is not None
        return self.stack.processes[index]

    def kill_actions(self) -> None:
        self._process(0).kill()
        self._process(0).wait()

    def restart_actions(self) -> None:
        assert self.stack is not None
        process = start_action_server(self.actions_port, log=self.workdir / "actions.log", env=self.env)
        self.stack.processes[0] = process
        wait_until_up(f"{self.stack.actions_url}/health", process, "action server", 240)

    def kill_rasa(self) -> None:
        self._process(1).kill()
        self._process(1).wait()

    def restart_rasa(self) -> None:
        assert self.stack is not None
        process = start_rasa_server(self.model, self.rasa_port, self.stack.actions_url, "soak",
                                    log=self.workdir / "rasa.log", env=self.env, tracker_db=self.tracker,
                                    cors=self.cors)
        self.stack.processes[1] = process
        wait_until_up(f"{self.rasa_url}/status?token=soak", process, "Rasa server", 240)
        forget_endpoints(process)

    def stop(self) -> SoakReport:
        self._stop.set()
        for thread in self._threads:
            thread.join(60)
        self.report.seconds = self.elapsed
        if self.stack:
            self.stack.stop()
        return self.report


def run(seconds: float, model: Path, roles_db: str, workdir: Path) -> SoakReport:
    """A soak of about `seconds`: a quarter of normal talk, the action-server outage, then the Rasa outage."""
    soak = Soak(model, roles_db, workdir)
    soak.start()
    try:
        time.sleep(seconds * 0.25)
        soak.kill_actions()
        time.sleep(min(5.0, seconds * 0.05))
        soak.restart_actions()
        time.sleep(seconds * 0.2)
        soak.kill_rasa()
        time.sleep(min(3.0, seconds * 0.03))
        soak.restart_rasa()
        time.sleep(max(seconds - soak.elapsed, seconds * 0.1))
    finally:
        report = soak.stop()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=180, help="how long to talk (default 180)")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="soak-"))
    roles_db = f"sqlite:///{workdir / 'roles.db'}"
    load_default_catalogue(roles_db)
    report = run(args.seconds, ensure_model(), roles_db, workdir)
    print(report.render())
    failed = sum(report.counts[o] for o in ("wrong", "lost", "cross-talk"))
    if failed or not report.counts["right"]:
        print(f"\nerror: {failed} replies wrong, lost or about another conversation (logs in {workdir})")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
