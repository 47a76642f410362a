"""A flooding client for the limits test, in a module of its own that imports only the standard library: it
runs in separate processes, which must start at once and take no CPU from the server being measured."""
from __future__ import annotations

import os
import time
import urllib.error
import urllib.request
from typing import Any

FLOOD_RATE = 25  # requests a second from each flooding process


def flood(url: str, body: bytes, seconds: float, started: Any, statuses: Any) -> None:
    """Send `body` to the REST channel FLOOD_RATE times a second for `seconds`, at a lower CPU priority, and
    put the count of each HTTP status on `statuses`."""
    os.nice(10)
    request_url = f"{url}/webhooks/rest/webhook"
    counts: dict[int, int] = {}
    began = time.monotonic()
    started.put(True)
    sent = 0
    while time.monotonic() < began + seconds:
        time.sleep(max(0.0, began + sent / FLOOD_RATE - time.monotonic()))
        sent += 1
        request = urllib.request.Request(request_url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status = response.status
                response.read()
        except urllib.error.HTTPError as error:
            status = error.code
        counts[status] = counts.get(status, 0) + 1
    statuses.put(counts)
