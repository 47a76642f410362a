"""The one place that reads configuration from the environment."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"
DEFAULT_CATALOGUE = Path(__file__).resolve().parent / "catalogue" / "roles.yml"


def _database_url(variable: str, default_file: str) -> str:
    url = os.environ.get(variable, "").strip()
    if url:
        return url
    VAR_DIR.mkdir(exist_ok=True)
    return f"sqlite:///{VAR_DIR / default_file}"


def role_db_url() -> str:
    """The role database: `ROLE_DB_URL`, or a SQLite file under var/ (created on first use)."""
    return _database_url("ROLE_DB_URL", "roles.db")


def tracker_db_url() -> str:
    """Where Rasa keeps conversations: `TRACKER_DB_URL`, or a SQLite file under var/ (survives restarts)."""
    return _database_url("TRACKER_DB_URL", "tracker.db")


def rasa_token() -> str:
    """Rasa's HTTP API token: `RASA_TOKEN`, or one generated once into var/rasa_token (git-ignored)."""
    token = os.environ.get("RASA_TOKEN", "").strip()
    if token:
        return token
    VAR_DIR.mkdir(exist_ok=True)
    path = VAR_DIR / "rasa_token"
    try:  # created readable by its owner only, before the token is in it
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(secrets.token_urlsafe(24))
    token = path.read_text(encoding="utf-8").strip()
    if not token:
        raise RuntimeError(f"{path} is empty: delete it and a new token is made, or set RASA_TOKEN")
    return token


def cors_origins() -> list[str]:
    """Origins allowed to call Rasa from a browser (the site's pages): `ASSISTANT_CORS_ORIGINS`, space-separated."""
    value = os.environ.get("ASSISTANT_CORS_ORIGINS", "http://localhost:8080 http://127.0.0.1:8080")
    return value.split()


def rasa_process_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for Rasa processes: no telemetry (this machine has no internet, and users want none)."""
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2", **(extra or {})}


def warm_up_at_start() -> bool:
    """Whether the action server reads the catalogue as it starts (`ROLE_ASSISTANT_WARM_UP=1`, which the servers
    bot.serve starts have; imports in tests do not, so they never race a test's own database)."""
    return os.environ.get("ROLE_ASSISTANT_WARM_UP") == "1"


def rasa_url() -> str:
    """Where the channels (Telegram) reach the Rasa server's REST channel."""
    return os.environ.get("RASA_URL", "http://127.0.0.1:5005").rstrip("/")


@dataclass(frozen=True)
class TelegramSettings:
    """The Telegram bot's configuration; the token is never printed or logged."""

    token: str
    api_base_url: str
    webhook_url: str
    webhook_secret: str
    webhook_listen: str
    webhook_port: int

    @classmethod
    def from_env(cls) -> TelegramSettings:
        return cls(
            token=os.environ.get("TELEGRAM_BOT_TOKEN", "").strip(),
            api_base_url=os.environ.get("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot").strip(),
            webhook_url=os.environ.get("TELEGRAM_WEBHOOK_URL", "").strip(),
            webhook_secret=os.environ.get("TELEGRAM_WEBHOOK_SECRET", "").strip(),
            webhook_listen=os.environ.get("TELEGRAM_WEBHOOK_LISTEN", "127.0.0.1").strip(),
            webhook_port=int(os.environ.get("TELEGRAM_WEBHOOK_PORT", "8443")),
        )
