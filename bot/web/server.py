"""The demo recruitment site with the widget: a tiny static server (`make run` starts it on :8080).

Pages carry `{{ASSISTANT_URL}}` where the widget's `data-server-url` goes, filled in when served, so the same
pages work on any port.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from aiohttp import web

from bot.small_talk import page_offer

WEB_ROOT = Path(__file__).resolve().parent
SITE, STATIC = WEB_ROOT / "site", WEB_ROOT / "static"
# The standard Rasa web client for /webchat.html, fetched by scripts/fetch-webchat (never committed).
WEBCHAT_BUNDLE = WEB_ROOT.parents[1] / "var" / "vendor" / "rasa-webchat-1.0.1.js"


def build_app(assistant_url: str) -> web.Application:
    async def page(request: web.Request) -> web.StreamResponse:
        name = request.match_info.get("path") or "index.html"
        path = (SITE / name).resolve()
        if SITE not in path.parents or not path.is_file():
            raise web.HTTPNotFound()
        if path.suffix == ".html":
            html = path.read_text(encoding="utf-8").replace("{{ASSISTANT_URL}}", assistant_url)
            return web.Response(text=html, content_type="text/html")
        return web.FileResponse(path)

    async def asset(request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / request.path.lstrip("/"))

    async def webchat(_: web.Request) -> web.FileResponse:
        if not WEBCHAT_BUNDLE.is_file():
            raise web.HTTPNotFound(text="rasa-webchat is not installed: run scripts/fetch-webchat")
        return web.FileResponse(WEBCHAT_BUNDLE)

    async def offer(request: web.Request) -> web.Response:
        """The widget's opening message as data (text and buttons), for any page that embeds it."""
        reply = page_offer(request.query.get("role"), request.query.get("title"))
        body = {"text": reply.text, "buttons": [b.as_dict() for b in reply.buttons]}
        return web.json_response(body, headers={"Access-Control-Allow-Origin": "*"})

    app = web.Application()
    app.router.add_get("/widget-offer.json", offer)
    app.router.add_get("/vendor/rasa-webchat.js", webchat)
    app.router.add_get("/widget.js", asset)
    app.router.add_get("/widget.css", asset)
    app.router.add_get("/", page)
    app.router.add_get("/{path:.+}", page)
    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.web.server", description=__doc__)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--assistant-url", default="http://localhost:5005")
    args = parser.parse_args(argv)
    web.run_app(build_app(args.assistant_url), host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()
