"""Rasa's Redis lock store with every change to a lock made atomically, for several instances.

Rasa 3.6's lock store reads a conversation's ticket lock from Redis, changes it and writes it back. When two
messages of one conversation reach two instances at the same moment, both read "no lock", both take ticket 0,
and both handle the conversation at once: one turn's events overwrite the other's (tests/e2e/test_cluster.py
showed it with twenty people sending two messages at once). Here each change is one Redis transaction
(WATCH, then MULTI/EXEC, retried when another instance changed the lock in between), so tickets are handed
out one after the other. It plugs in through Rasa's own extension point, a lock store class named in the
endpoints (`lock_store: type: bot.lock_store.AtomicRedisLockStore`). A Redis that cannot be reached raises
redis's own error, which the channels answer with "temporarily unavailable" (bot.channels.limits).
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.exceptions import WatchError

T = TypeVar("T")
# A lock change and what it returns: the lock to store (None deletes it), and a value for the caller.
Change = Callable[[TicketLock | None], tuple[TicketLock | None, T]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url or "localhost", **endpoint_config.kwargs)

    def _change(self, conversation_id: str, change: Change[T]) -> T:
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(stored)) if stored else None
                    changed, value = change(lock)
                    pipe.multi()
                    if changed is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, changed.dumps())
                    pipe.execute()
                    return value
                except WatchError:  # another instance changed the lock first: read it again
                    continue

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def take(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        return self._change(conversation_id, take)

    def update_lock(self, conversation_id: str) -> None:
        def expire(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, expire)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change(conversation_id, _without_ticket(ticket_number, delete_when_idle=False))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """The ticket done, and the lock gone when nobody else waits: one step, so no waiting ticket is lost."""
        self._change(conversation_id, _without_ticket(ticket_number, delete_when_idle=True))


def _without_ticket(ticket_number: int, delete_when_idle: bool) -> Change[Any]:
    def remove(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
        if lock is None:
            return None, None
        lock.remove_ticket_for(ticket_number)
        return (None if delete_when_idle and not lock.is_someone_waiting() else lock), None

    return remove
