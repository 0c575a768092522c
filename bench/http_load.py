"""A small closed-loop HTTP/1.1 load generator on asyncio streams (keep-alive per user)."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> dict[str, float]:
        ordered = sorted(self.latencies)
        n = len(ordered)

        def pct(p: float) -> float:
            return ordered[min(n - 1, int(p * n))] * 1000 if n else float("nan")

        return {"requests": n, "rps": n / self.seconds if self.seconds else 0.0,
                "p50_ms": pct(0.50), "p99_ms": pct(0.99), "errors": self.errors}


async def _request(reader, writer, host: str, path: str, body: bytes, cookie: str | None):
    head = [f"POST {path} HTTP/1.1", f"Host: {host}", "Connection: keep-alive",
            "Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    if cookie:
        head.append(f"Cookie: {cookie}")
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
    await writer.drain()
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length, close = 0, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
        if name.lower() == "connection" and value.strip().lower() == "close":
            close = True
    if length:
        await reader.readexactly(length)
    return status, close


async def _user(host: str, port: int, steps: list[tuple[str, dict, str | None]],
                expect: int, result: LoadResult, think: float, rng: random.Random) -> None:
    """One simulated phone. Flat out it keeps one connection alive; with think time it opens
    a connection per request, as a phone does after idling past the server's keep-alive."""
    connection = None
    for path, form, cookie in steps:
        if think:  # a resident reads the question before answering
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))
        body = urlencode(form, doseq=True).encode()
        start = time.perf_counter()
        try:
            if connection is None or think:
                if connection is not None:
                    connection[1].close()
                connection = await asyncio.open_connection(host, port)
            status, close = await _request(*connection, f"{host}:{port}", path, body, cookie)
        except (ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
            result.errors += 1
            connection = None
            continue
        result.latencies.append(time.perf_counter() - start)
        result.statuses[status] = result.statuses.get(status, 0) + 1
        if status != expect:
            result.errors += 1
        if close:
            connection[1].close()
            connection = None
    if connection is not None:
        connection[1].close()


def run_load(host: str, port: int, users: list[list[tuple[str, dict, str | None]]],
             expect: int, think: float = 0.0, seed: int = 1) -> LoadResult:
    """Every user sends its steps one after another, waiting ``think`` s (±50%) before each;
    all users run at once. Latency is measured per request, from send to full response."""
    result = LoadResult()
    rng = random.Random(seed)

    async def main() -> None:
        start = time.perf_counter()
        await asyncio.gather(*(_user(host, port, steps, expect, result, think, rng)
                               for steps in users))
        result.seconds = time.perf_counter() - start

    asyncio.run(main())
    return result


def wait_for_port(host: str, port: int, timeout: float = 30.0,
                  alive: Callable[[], bool] | None = None) -> None:
    import socket

    deadline = time.time() + timeout
    while time.time() < deadline:
        if alive is not None and not alive():
            raise RuntimeError("server exited during start-up")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listening on {host}:{port}")
