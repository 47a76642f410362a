"""Bringing a role database's schema up to date with the Alembic migrations."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.exc import SQLAlchemyError

from bot.roles.db import RoleDatabaseError, describe_url, first_error_line

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def upgrade_database(url: str) -> None:
    """Create or migrate the tables at `url` (idempotent)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["url"] = url
    try:
        command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        problem = first_error_line(exc)
        raise RoleDatabaseError(f"cannot migrate the role database {describe_url(url)}: {problem}") from None
