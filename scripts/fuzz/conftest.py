"""Fixtures of the fuzz suite: the server under test, run and watched by the suite itself.

The server is started from FUZZ_SERVER_BIN on a free loopback port with a temporary SQLite file and
media folder. When a request finds it dead (a crash) or gets no answer in FUZZ_REQUEST_TIMEOUT
seconds (a hang), the request fails with a message saying so, and the next request starts a fresh
server on the same database, so that one crash does not hide every later finding. The last test
(test_zz_alive.py) fails if the server ever died or hung during the run.

With FUZZ_URL set, an already running server is used instead and nothing is started.
"""
from __future__ import annotations

import concurrent.futures
import json
import os
import secrets
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

REQUEST_TIMEOUT = float(os.environ.get("FUZZ_REQUEST_TIMEOUT", "10"))
STATS = {"requests": 0, "slowest": 0.0}
SERVERS: list["Server"] = []
_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=2)
ADMIN_EMAIL = "fuzz-admin@example.com"
ADMIN_PASSWORD = "fuzz-admin-" + secrets.token_hex(8)


class ServerDied(AssertionError):
    pass


class ServerHung(AssertionError):
    pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The server process; restarted on demand after a crash or a hang."""

    def __init__(self) -> None:
        self.external = os.environ.get("FUZZ_URL")
        self.binary = os.environ.get("FUZZ_SERVER_BIN", ".build/debug/story-server")
        self.dir = Path(os.environ.get("FUZZ_WORK_DIR") or tempfile.mkdtemp(prefix="story-fuzz-"))
        self.dir.mkdir(parents=True, exist_ok=True)
        self.secret = secrets.token_hex(32)
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.starts = 0
        self.incidents: list[str] = []  # crashes and hangs, with the request that caused them
        self.log_path = self.dir / "server.log"

    @property
    def base(self) -> str:
        return self.external.rstrip("/").removesuffix("/graphql") if self.external else f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return self.base + "/graphql/"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DEBUG="true", GRAPHQL_INTROSPECTION="true", SECRET_KEY=self.secret, HOST="127.0.0.1",
            PORT=str(self.port), SQLITE_PATH=str(self.dir / "fuzz.sqlite"), MEDIA_ROOT=str(self.dir / "media"),
            UPLOAD_TMP_DIR=str(self.dir / "uploads"), ADMIN_EMAIL=ADMIN_EMAIL, ADMIN_PASSWORD=ADMIN_PASSWORD,
            # Cheap password hashes, and generation mutations answer at once with a queued job.
            BCRYPT_COST="4", GENERATION_WORKERS="0", GENERATION_WAIT_SECONDS="0",
        )
        return env

    def start(self) -> None:
        if self.external:
            return
        for _ in range(5):
            self.port = _free_port()
            log = open(self.log_path, "ab")
            log.write(f"\n===== start {self.starts + 1} on port {self.port} =====\n".encode())
            log.flush()
            self.proc = subprocess.Popen([self.binary], env=self.env(), stdout=log, stderr=subprocess.STDOUT,
                                         start_new_session=True)
            log.close()
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    if requests.get(self.base + "/healthz", timeout=2).status_code == 200:
                        self.starts += 1
                        return
                except requests.RequestException:
                    pass
                time.sleep(0.05)
            self.stop()  # a port taken meanwhile, or a slow start: try another port
        raise RuntimeError(f"the server {self.binary} did not start; see {self.log_path}")

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def alive(self) -> bool:
        return self.external is not None or (self.proc is not None and self.proc.poll() is None)

    def ensure(self) -> None:
        """Starts a fresh server when the last one is gone."""
        if not self.alive():
            self.stop()
            self.start()

    def exit_description(self) -> str:
        if self.proc is None or self.proc.returncode is None:
            return "connection lost"
        rc = self.proc.returncode
        if rc < 0:
            try:
                return f"killed by {signal.Signals(-rc).name}"
            except ValueError:
                return f"killed by signal {-rc}"
        return f"exited with status {rc}"

    def log_size(self) -> int:
        try:
            return self.log_path.stat().st_size
        except OSError:
            return 0

    def fatal_lines(self, offset: int) -> str:
        """The Swift runtime's crash report lines written since `offset`, if any."""
        try:
            with open(self.log_path, "rb") as f:
                f.seek(offset)
                text = f.read(1 << 20).decode(errors="replace")
        except OSError:
            return ""
        lines = [line.strip() for line in text.splitlines()
                 if line.startswith(("Fatal error", "*** Program crashed", "Segmentation fault"))
                 or "precondition" in line.lower() and "failed" in line.lower()]
        return "; ".join(lines)[:500]

    def record(self, kind: str, request: str) -> str:
        message = f"{kind} on {request}"
        self.incidents.append(message)
        return message


@pytest.fixture(scope="session")
def server():
    s = Server()
    SERVERS.append(s)
    s.start()
    yield s
    s.stop()


def describe(method: str, **kw) -> str:
    """A short, reproducible description of a request for failure messages."""
    parts = [method]
    if "json" in kw:
        text = json.dumps(kw["json"])
        parts.append(f"json={text[:600]}{'…' if len(text) > 600 else ''} ({len(text)} bytes)")
    if "data" in kw:
        data = kw["data"] if isinstance(kw["data"], bytes) else str(kw["data"]).encode()
        parts.append(f"body={data[:600]!r}{'…' if len(data) > 600 else ''} ({len(data)} bytes)")
    if "params" in kw:
        parts.append(f"params={str(kw['params'])[:600]}")
    if kw.get("headers"):
        parts.append("headers=" + ", ".join(k for k in kw["headers"]))
    return " ".join(parts)


def send(server: Server, method: str, path: str = "/graphql/", **kw) -> requests.Response:
    """One request to the server; a crash or a hang fails it (and the next request restarts the server)."""
    server.ensure()
    STATS["requests"] += 1
    kw.setdefault("timeout", REQUEST_TIMEOUT)
    log_offset = server.log_size()
    started = time.monotonic()
    try:
        # The request runs in a thread so that a crash report in the log (Swift prints the fatal error,
        # then takes many seconds writing its backtrace) is seen at once rather than at the timeout.
        future = _POOL.submit(requests.request, method, server.base + path, **kw)
        while True:
            try:
                response = future.result(timeout=0.25)
                break
            except concurrent.futures.TimeoutError:
                fatal = server.fatal_lines(log_offset)
                if fatal and not server.external:
                    what = server.record(f"CRASH ({fatal})", describe(method, **kw))
                    server.stop()
                    raise ServerDied(what) from None
    except requests.Timeout:
        fatal = server.fatal_lines(log_offset)
        if fatal:  # Swift prints the fatal error, then spends a long time writing its backtrace
            what = server.record(f"CRASH ({fatal})", describe(method, **kw))
            server.stop()
            raise ServerDied(what) from None
        what = server.record(f"HANG (no answer in {REQUEST_TIMEOUT:g} s)", describe(method, **kw))
        server.stop()  # a spinning request would slow every later test
        raise ServerHung(what) from None
    except requests.ConnectionError as error:
        time.sleep(0.2)
        if not server.alive():
            what = server.record(f"CRASH (server {server.exit_description()})", describe(method, **kw))
            fatal = server.fatal_lines(log_offset)
            if fatal:
                server.incidents[-1] += f" [{fatal}]"
            raise ServerDied(f"{what}\n{fatal}") from None
        raise AssertionError(f"connection error ({error}) on {describe(method, **kw)}") from None
    elapsed = time.monotonic() - started
    STATS["slowest"] = max(STATS["slowest"], elapsed)
    assert elapsed <= REQUEST_TIMEOUT, f"answer took {elapsed:.1f} s on {describe(method, **kw)}"
    response.fuzz_request = describe(method, **kw)  # type: ignore[attr-defined]
    return response


def check_graphql_response(response: requests.Response, request: str | None = None) -> dict:
    """The response checks every fuzz test applies: no 5xx, a JSON object with `data` and/or `errors`,
    errors as objects with a string `message`, and no unmapped internal error."""
    request = request or getattr(response, "fuzz_request", "?")
    body = response.text
    assert response.status_code < 500, f"HTTP {response.status_code} on {request}: {body[:500]}"
    try:
        payload = response.json()
    except ValueError:
        raise AssertionError(f"response is not JSON (HTTP {response.status_code}) on {request}: {body[:500]!r}") from None
    assert isinstance(payload, dict), f"response is not a JSON object on {request}: {body[:500]}"
    assert "data" in payload or "errors" in payload, f"response has neither data nor errors on {request}: {body[:500]}"
    errors = payload.get("errors")
    if errors is not None:
        assert isinstance(errors, list) and errors, f"`errors` is not a non-empty list on {request}: {body[:500]}"
        for error in errors:
            assert isinstance(error, dict) and isinstance(error.get("message"), str), \
                f"an error without a string message on {request}: {body[:500]}"
            assert error["message"] != "Internal error", f"unmapped internal error on {request}: {body[:500]}"
    return payload


@pytest.fixture(scope="session")
def admin_token(server) -> str:
    response = send(server, "POST", json={
        "query": "mutation($e: String!, $p: String!) { tokenAuth(email: $e, password: $p) { token } }",
        "variables": {"e": os.environ.get("FUZZ_ADMIN_EMAIL", ADMIN_EMAIL),
                      "p": os.environ.get("FUZZ_ADMIN_PASSWORD", ADMIN_PASSWORD)}})
    payload = check_graphql_response(response)
    token = (payload.get("data") or {}).get("tokenAuth", {}) or {}
    assert token.get("token"), f"the admin could not log in: {response.text[:300]}"
    return token["token"]


def pytest_terminal_summary(terminalreporter):
    terminalreporter.section("fuzz summary")
    terminalreporter.write_line(f"requests sent: {STATS['requests']}, slowest answer: {STATS['slowest']:.2f} s")
    for s in SERVERS:
        terminalreporter.write_line(f"server starts: {s.starts}, log: {s.log_path}")
        for i, what in enumerate(s.incidents, 1):
            terminalreporter.write_line(f"  incident {i}: {what[:1000]}")
