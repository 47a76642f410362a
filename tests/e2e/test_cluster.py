"""The scaled mode, really run: two Rasa servers and two action servers behind HAProxy, Redis as the lock store,
PostgreSQL as tracker store and role database (bot/cluster.py). Turns of one conversation land on different
instances and keep their context; two messages at once for one person are handled one after the other; an
outage of Redis or PostgreSQL says so and passes; a killed instance loses no conversation."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from bot.channels.limits import unavailable_reply
from bot.cluster import Cluster, check_settings, roll_out, running_cluster, start_redis
from bot.config import PROJECT_ROOT
from bot.facts import facts_in
from bot.net import free_port
from bot.training.conversations import reply_text
from tests.e2e.test_channels import COO_BOSS, COO_DEFINITION, SocketClient


@pytest.fixture(scope="module")
def cluster(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with running_cluster(trained_model, tmp_path_factory.mktemp("cluster"), instances=2, token="cluster-test",
                         balancer=f"127.0.0.1:{free_port()}") as running:
        yield running


def say(cluster: Cluster, sender: str, text: str) -> tuple[list[dict[str, Any]], str]:
    """One turn through the balancer: the reply, and the instance that answered."""
    request = urllib.request.Request(f"{cluster.balancer_url}/webhooks/rest/webhook",
                                     data=json.dumps({"sender": sender, "message": text}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"[]"), response.headers.get("X-Served-By", "")


def answered(payload: list[dict[str, Any]]) -> tuple[str, tuple[str, ...]]:
    facts = facts_in(payload) or {}
    return facts.get("aspect", ""), tuple(facts.get("roles", ()))


def tracker_events(cluster: Cluster, sender: str) -> list[dict[str, Any]]:
    url = f"{cluster.balancer_url}/conversations/{sender}/tracker?token={cluster.token}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())["events"]


def test_consecutive_turns_land_on_different_instances_and_keep_the_context(cluster: Cluster) -> None:
    sender = "alternating-" + uuid.uuid4().hex[:8]
    turns = [("what is a COO?", ("definition", ("coo",))), ("tell me more", ("details", ("coo",))),
             ("who do they report to?", ("reports_to", ("coo",))),
             ("what about the CFO?", ("reports_to", ("cfo",))),
             ("and who reports to them?", ("direct_reports", ("cfo",))),
             ("what skills do they need?", ("skills", ("cfo",)))]
    served = []
    for text, expected in turns:
        payload, instance = say(cluster, sender, text)
        assert answered(payload) == expected, (text, reply_text(payload))
        served.append(instance)

    assert set(served) == {"rasa1", "rasa2"}
    assert all(a != b for a, b in zip(served, served[1:], strict=False)), served


def test_two_messages_at_once_for_one_person_are_handled_one_after_the_other(cluster: Cluster) -> None:
    senders = [f"twice-{n}-{uuid.uuid4().hex[:6]}" for n in range(20)]
    jobs = [(sender, text) for sender in senders for text in ("what is a COO?", "what is a CFO?")]

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        replies = list(pool.map(lambda job: say(cluster, *job)[0], jobs))

    assert sorted(answered(r) for r in replies) == sorted([("definition", ("cfo",)), ("definition", ("coo",))] * 20)
    for sender in senders:
        kinds = [e["event"] for e in tracker_events(cluster, sender) if e["event"] in ("user", "bot")]
        # Both turns are there, each answered before the next was read: nothing interleaved, nothing lost.
        assert kinds == ["user", "bot", "user", "bot"], (sender, kinds)


def test_with_redis_down_the_assistant_says_so_and_recovers_by_itself(cluster: Cluster) -> None:
    assert cluster.redis is not None and cluster.workdir is not None
    port = int(cluster.redis_url.rsplit(":", 1)[1].split("/")[0])
    cluster.redis.send_signal(signal.SIGTERM)
    cluster.redis.wait(timeout=10)
    sender = "redis-down-" + uuid.uuid4().hex[:8]
    try:
        payload, _ = say(cluster, sender, "what is a COO?")
        assert reply_text(payload) == unavailable_reply() and answered(payload) == ("unavailable", ())
    finally:
        cluster.redis, _ = start_redis(cluster.workdir, cluster.workdir / "redis.log", port=port)
        cluster.stack.add("Redis (restarted)", cluster.redis)

    assert answered(say(cluster, sender, "what is a COO?")[0]) == ("definition", ("coo",))


def test_with_postgresql_down_the_assistant_says_so_and_the_conversation_carries_on(cluster: Cluster) -> None:
    assert cluster.postgres is not None
    sender = "pg-down-" + uuid.uuid4().hex[:8]
    assert answered(say(cluster, sender, "what is a CFO?")[0]) == ("definition", ("cfo",))
    cluster.postgres.stop()
    try:
        payload, _ = say(cluster, sender, "who do they report to?")
        assert reply_text(payload) == unavailable_reply() and answered(payload) == ("unavailable", ())
    finally:
        cluster.postgres.start()

    deadline, outcome = time.monotonic() + 60, ("", ())
    while time.monotonic() < deadline:  # the first turn after the outage may meet a connection it broke
        outcome = answered(say(cluster, sender, "who do they report to?")[0])
        if outcome[0] != "unavailable":
            break
        time.sleep(1)
    assert outcome == ("reports_to", ("cfo",))  # the context from before the outage is still there


def test_socketio_sticks_to_one_instance_through_the_balancer(cluster: Cluster) -> None:
    """Socket.io's polling transport keeps its session on one server: the balancer sends a client's requests
    to the same instance (round robin would lose the session on the second request)."""
    session_id = "sio-cluster-" + uuid.uuid4().hex[:8]

    async def talk() -> tuple[str, str]:
        client = SocketClient(cluster.balancer_url)
        await client.start(session_id)
        definition = await client.ask(session_id, "what is a COO?")
        boss = await client.ask(session_id, "who do they report to?")
        await client.close()
        return definition, boss

    definition, boss = asyncio.run(talk())

    assert COO_DEFINITION in definition and COO_BOSS in boss


def test_a_new_model_rolls_out_one_instance_at_a_time_and_no_request_fails(cluster: Cluster,
                                                                            trained_model: Path) -> None:
    failures: list[str] = []
    answered_turns: list[str] = []
    rolling = threading.Event()

    def keep_asking() -> None:
        sender = "rollout-" + uuid.uuid4().hex[:8]
        while not rolling.is_set():
            try:
                payload, instance = say(cluster, sender, "what is a CFO?")
                outcome = answered(payload)
                (answered_turns if outcome == ("definition", ("cfo",)) else failures).append(f"{instance} {outcome}")
            except OSError as exc:  # an HTTP error or a refused connection
                failures.append(str(exc))

    asker = threading.Thread(target=keep_asking)
    asker.start()
    done: list[str] = []
    try:
        roll_out(trained_model, cluster.state(), done)
    finally:
        rolling.set()
        asker.join(60)

    assert done == ["rasa1", "rasa2"]
    assert not failures, failures[:5]
    assert {turn.split()[0] for turn in answered_turns} == {"rasa1", "rasa2"}  # both answered during the roll-out


def test_a_killed_instance_loses_no_conversation(cluster: Cluster) -> None:
    """Last in this module: it leaves one instance running."""
    sender = "survivor-" + uuid.uuid4().hex[:8]
    assert answered(say(cluster, sender, "what is a scrum master?")[0]) == ("definition", ("scrum-master",))
    victim = next(p for p in cluster.stack.processes if cluster.stack.names[p.pid] == "Rasa server 1")
    victim.kill()
    victim.wait(timeout=10)

    for text, expected in (("who do they report to?", ("reports_to", ("scrum-master",))),
                           ("what skills do they need?", ("skills", ("scrum-master",))),
                           ("what about a product owner?", ("skills", ("product-manager",)))):
        payload, instance = say(cluster, sender, text)
        assert (answered(payload), instance) == (expected, "rasa2"), reply_text(payload)


@pytest.mark.parametrize("settings, problem", [
    ({"INSTANCES": "two"}, "INSTANCES: not a number: 'two'"),
    ({"REDIS_URL": "redis://127.0.0.1:sixty/0"}, "REDIS_URL: the port is not a number"),
    ({"REDIS_URL": "localhost:6379"}, "REDIS_URL: expected redis://HOST:PORT/DB"),
    ({"TRACKER_DB_URL": "sqlite:///var/tracker.db"}, "TRACKER_DB_URL: the instances share it, so it must be a "
                                                     "PostgreSQL URL"),
])
def test_a_misconfigured_setting_is_one_line_naming_it(settings: dict[str, str], problem: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("INSTANCES", "REDIS_URL", "TRACKER_DB_URL",
                                                            "ROLE_DB_URL")}
    done = subprocess.run([sys.executable, "-m", "bot.cluster"], cwd=PROJECT_ROOT, env={**env, **settings},
                          capture_output=True, text=True, timeout=60)

    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"error: {problem}") and done.stderr.count("\n") == 1, done.stderr


def test_settings_that_work_are_accepted() -> None:
    assert check_settings("3", "redis://10.0.0.5:6380/2", "postgresql://u@db:5432/tracker",
                          "postgresql+psycopg2://u@db/roles") == 3


def test_make_run_cluster_starts_with_one_command_says_where_to_talk_and_stops_on_ctrl_c(trained_model: Path) -> None:
    """`python -m bot.cluster` as `make run-cluster` runs it (one instance, to keep the suite short): it prints
    where to talk, answers through the balancer, and Ctrl-C stops every process it started."""
    port, web_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "TRACKER_DB_URL", "ROLE_DB_URL")}
    process = subprocess.Popen([sys.executable, "-m", "bot.cluster", "--port", str(port), "--web-port", str(web_port)],
                               cwd=PROJECT_ROOT, env={**env, "INSTANCES": "1", "RASA_TOKEN": "t"},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Press Ctrl-C"):
                break
        shown = "".join(lines)
        assert f"REST:      POST http://127.0.0.1:{port}/webhooks/rest/webhook" in shown, shown
        request = urllib.request.Request(f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                                         data=json.dumps({"sender": "ops", "message": "what is a CFO?"}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert answered(json.loads(response.read())) == ("definition", ("cfo",))
        children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) >= 5  # Redis, an action server, a Rasa server, HAProxy, the demo site (PostgreSQL runs
        # as its own daemon, stopped with the rest)
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=120)
    assert process.returncode == 0, rest
    assert all(not Path(f"/proc/{pid}").exists() for pid in children), "a child outlived Ctrl-C"
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
