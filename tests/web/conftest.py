"""Real headless Chromium (Debian's) driven by Playwright, on the demo site served with the real assistant."""
from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from bot.config import PROJECT_ROOT
from bot.serve import Stack
from bot.web.server import build_app

SCREENSHOTS = PROJECT_ROOT / "reports" / "screenshots"


class BackgroundServer:
    """An aiohttp app on a loopback port, in its own thread and event loop."""

    def __init__(self, app: web.Application, port: int):
        self.app, self.port = app, port
        self.loop = asyncio.new_event_loop()
        self.runner: web.AppRunner | None = None
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self) -> BackgroundServer:
        self.thread.start()

        async def up() -> None:
            self.runner = web.AppRunner(self.app)
            await self.runner.setup()
            await web.TCPSite(self.runner, "127.0.0.1", self.port).start()

        asyncio.run_coroutine_threadsafe(up(), self.loop).result(30)
        return self

    def stop(self) -> None:
        if self.runner:
            asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def forwarding_app(target: str) -> web.Application:
    """Passes every request to the real assistant: it stands for "the assistant is back"."""
    async def forward(request: web.Request) -> web.Response:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
        async with aiohttp.ClientSession() as session:
            async with session.request(request.method, target + request.path_qs, data=await request.read(),
                                       headers=headers) as upstream:
                out = {k: v for k, v in upstream.headers.items()
                       if k.lower() not in ("content-length", "transfer-encoding", "content-encoding", "connection")}
                return web.Response(status=upstream.status, body=await upstream.read(), headers=out)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", forward)
    return app


@pytest.fixture(scope="session")
def site(assistant: Stack, site_ports: tuple[int, int]) -> Iterator[str]:
    server = BackgroundServer(build_app(assistant.rasa_url), site_ports[0]).start()
    yield f"http://127.0.0.1:{site_ports[0]}"
    server.stop()


@pytest.fixture(scope="session")
def flaky_site(assistant: Stack, site_ports: tuple[int, int]) -> Iterator[tuple[str, int]]:
    """The site with the widget pointed at a port where the assistant is not (yet) listening."""
    from bot.net import free_port

    assistant_port = free_port()
    server = BackgroundServer(build_app(f"http://127.0.0.1:{assistant_port}"), site_ports[1]).start()
    yield f"http://127.0.0.1:{site_ports[1]}", assistant_port
    server.stop()


CHROMIUM = "/usr/bin/chromium"


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless, with nothing that reaches for the network on its own."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
              "--disable-background-networking", "--disable-component-update"],
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(30000)
    yield page
    context.close()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
