"""What an outsider cannot do: use Rasa's HTTP API without the token, call it from another site, read the
token file, or walk out of the demo site's folder."""
from __future__ import annotations

import stat
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot import config
from bot.net import free_port
from bot.serve import Stack
from bot.web.server import build_app
from tests.web.conftest import BackgroundServer

# Every route of Rasa's HTTP API that reads or changes a conversation or the model (Rasa 3.6).
PROTECTED = [
    ("GET", "/status"),
    ("GET", "/domain"),
    ("GET", "/conversations/someone/tracker"),
    ("POST", "/conversations/someone/tracker/events"),
    ("PUT", "/conversations/someone/tracker/events"),
    ("GET", "/conversations/someone/story"),
    ("POST", "/conversations/someone/execute"),
    ("POST", "/conversations/someone/trigger_intent"),
    ("POST", "/conversations/someone/predict"),
    ("POST", "/conversations/someone/messages"),
    ("POST", "/model/train"),
    ("POST", "/model/test/stories"),
    ("POST", "/model/test/intents"),
    ("POST", "/model/predict"),
    ("POST", "/model/parse"),
    ("PUT", "/model"),
    ("DELETE", "/model"),
]


def status_of(method: str, url: str, headers: dict[str, str] | None = None, body: bytes | None = None) -> int:
    request = urllib.request.Request(url, method=method, headers=headers or {}, data=body)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_the_http_api_refuses_requests_without_the_right_token(assistant: Stack, method: str, path: str) -> None:
    body = b"{}" if method in ("POST", "PUT") else None
    headers = {"Content-Type": "application/json"}

    assert status_of(method, assistant.rasa_url + path, headers, body) == 401
    assert status_of(method, f"{assistant.rasa_url}{path}?token=wrong-{assistant.token}", headers, body) == 401


def test_the_token_lets_the_owner_in(assistant: Stack) -> None:
    assert status_of("GET", f"{assistant.rasa_url}/conversations/someone/tracker?token={assistant.token}") == 200


def test_a_generated_token_file_is_readable_by_its_owner_only(monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    monkeypatch.delenv("RASA_TOKEN", raising=False)
    monkeypatch.setattr(config, "VAR_DIR", tmp_path)

    token = config.rasa_token()

    mode = stat.S_IMODE((tmp_path / "rasa_token").stat().st_mode)
    assert mode == 0o600, oct(mode)
    assert len(token) >= 30 and config.rasa_token() == token


def test_an_empty_token_file_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("RASA_TOKEN", raising=False)
    monkeypatch.setattr(config, "VAR_DIR", tmp_path)
    (tmp_path / "rasa_token").write_text("\n")

    with pytest.raises(RuntimeError, match="rasa_token is empty"):
        config.rasa_token()


def preflight_origin(assistant: Stack, origin: str) -> str | None:
    """The origin Rasa allows for a browser's preflight of a REST message from `origin`, if any."""
    request = urllib.request.Request(
        f"{assistant.rasa_url}/webhooks/rest/webhook", method="OPTIONS",
        headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers.get("Access-Control-Allow-Origin")


def test_the_cors_allow_list_admits_the_site_and_rejects_another_origin(assistant: Stack,
                                                                         site_ports: tuple[int, int]) -> None:
    site = f"http://127.0.0.1:{site_ports[0]}"

    assert preflight_origin(assistant, site) == site
    assert preflight_origin(assistant, "https://evil.example") is None
    assert preflight_origin(assistant, site + ".evil.example") is None


def test_the_default_allow_list_is_the_demo_site_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASSISTANT_CORS_ORIGINS", raising=False)

    assert config.cors_origins() == ["http://localhost:8080", "http://127.0.0.1:8080"]


@pytest.fixture(scope="module")
def demo_site() -> str:
    port = free_port()
    server = BackgroundServer(build_app("http://127.0.0.1:1"), port).start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.mark.parametrize("path", [
    "/../server.py", "/%2e%2e/server.py", "/jobs/../../server.py", "/jobs/%2e%2e/%2e%2e/server.py",
    "/..%2fserver.py", "/%2E%2E%2F%2E%2E%2Fconfig.py", "/static/../../../pyproject.toml", "//etc/passwd",
    "/%2fetc%2fpasswd", "/widget.js/../../server.py",
])
def test_the_demo_site_serves_nothing_outside_its_folder(demo_site: str, path: str) -> None:
    request = urllib.request.Request(demo_site + path)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        assert error.code in (400, 403, 404)
        return
    # a request the client normalised lands on a page of the site, never on a file outside it
    assert "import " not in body and "root:" not in body and "[tool." not in body


def test_the_demo_site_still_serves_its_pages(demo_site: str) -> None:
    assert status_of("GET", demo_site + "/jobs/coo.html") == 200
    assert status_of("GET", demo_site + "/widget.js") == 200
