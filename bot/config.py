"""The one place that reads configuration from the environment."""
from __future__ import annotations

import os
import secrets
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


def rasa_token() -> str:
    """Rasa's HTTP API token: `RASA_TOKEN`, or one generated once into var/rasa_token (git-ignored)."""
    token = os.environ.get("RASA_TOKEN", "").strip()
    if token:
        return token
    VAR_DIR.mkdir(exist_ok=True)
    path = VAR_DIR / "rasa_token"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(24), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def cors_origins() -> list[str]:
    """Origins allowed to call Rasa from a browser (the site's pages): `ASSISTANT_CORS_ORIGINS`, space-separated."""
    value = os.environ.get("ASSISTANT_CORS_ORIGINS", "http://localhost:8080 http://127.0.0.1:8080")
    return value.split()


def rasa_process_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for Rasa processes: no telemetry (this machine has no internet, and users want none)."""
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2", **(extra or {})}
