"""The one place that reads configuration from the environment."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"
DEFAULT_CATALOGUE = Path(__file__).resolve().parent / "catalogue" / "roles.yml"


def role_db_url() -> str:
    """The role database: `ROLE_DB_URL`, or a SQLite file under var/ (created on first use)."""
    url = os.environ.get("ROLE_DB_URL", "").strip()
    if url:
        return url
    VAR_DIR.mkdir(exist_ok=True)
    return f"sqlite:///{VAR_DIR / 'roles.db'}"
