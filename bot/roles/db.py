"""The role database's connection: engines (one per URL), URLs fit to show, and its one kind of error."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import QueuePool


class RoleDatabaseError(Exception):
    """The role database could not be reached or used; the message is one line for a person."""


def describe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).__repr__()
    except Exception:  # an unparsable URL is shown as given: it holds no usable password
        return url


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    options: dict[str, Any] = {}
    if url.startswith("sqlite") and ":memory:" not in url and url.rstrip("/") not in ("sqlite:", "sqlite:/"):
        # SQLAlchemy 1.4 opens a new SQLite connection per session by default; a pool keeps them open.
        options = {"poolclass": QueuePool, "connect_args": {"check_same_thread": False}}
    engine = create_engine(url, future=True, pool_pre_ping=True, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)
    return engine


def _sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def first_error_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
