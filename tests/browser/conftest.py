"""Fixtures of the browser suite: a real `tatrack serve` per backend, and headless Chromium.

Each backend gets a fresh store (an SQLite file in a temporary folder, or a PostgreSQL database
named tatrack_test_web_<random>, dropped afterwards) seeded with the demo data, tokens made with
the CLI, and a server on a free port.
"""

import contextlib
import json
import os
import re
import secrets
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("TATRACK_BIN", str(ROOT / "target" / "debug" / "tatrack"))
ARTEFACTS = Path(os.environ.get("TATRACK_BROWSER_ARTEFACTS", ROOT / "tests" / "browser" / "artefacts"))
PG_ADMIN = os.environ.get("TATRACK_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
CHROMIUM = os.environ.get("TATRACK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
BACKENDS = os.environ.get("TATRACK_BROWSER_BACKENDS", "sqlite,postgres").split(",")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url, "RUST_LOG": "warn"}
    done = subprocess.run([BIN, *args], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"tatrack {' '.join(args)} failed: {done.stderr}"
    return done.stdout.strip()


def psql(sql):
    subprocess.run(["psql", PG_ADMIN, "-qAt", "-c", sql], check=True, capture_output=True, timeout=60)


class Server:
    """A running tatrack with its tokens; `api()` calls the REST API with a bearer token."""

    def __init__(self, backend, base, tokens):
        self.backend = backend
        self.base = base
        self.tokens = tokens

    def http(self, method, path, token=None, body=None, headers=None):
        """(status, headers, parsed body or text) of a request made outside the browser."""
        sent = dict(headers or {})
        if token:
            sent["Authorization"] = f"Bearer {token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                status, got, raw = answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            status, got, raw = error.code, dict(error.headers), error.read()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw.decode(errors="replace")
        return status, {k.lower(): v for k, v in got.items()}, parsed

    def api(self, path, role="manager"):
        status, _, body = self.http("GET", path, token=self.tokens[role])
        assert status == 200, f"GET {path} answered {status}: {body}"
        return body


@contextlib.contextmanager
def running_server(backend, roles, env=None):
    """A demo-seeded `tatrack serve` on `backend` with a CLI token per role of `roles` (role ->
    the CLI's token arguments), its environment added to with `env` (a function of its base URL);
    stopped and its store removed afterwards."""
    folder = tempfile.TemporaryDirectory(prefix="tatrack-web-")
    database = None
    if backend == "sqlite":
        url = f"sqlite://{folder.name}/tatrack.db"
    else:
        database = f"tatrack_test_web_{secrets.token_hex(6)}"
        psql(f"CREATE DATABASE {database}")
        url = f"{PG_ADMIN.rsplit('/', 1)[0]}/{database}"
    process = None
    try:
        cli(url, "seed", "--demo")
        tokens = {role: cli(url, "token", "create", "--role", role, *args) for role, args in roles.items()}
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(Path(folder.name) / "server.log", "w")
        environment = {**os.environ, "DATABASE_URL": url, "TATRACK_ADDR": f"127.0.0.1:{port}", "TATRACK_RATE_LIMIT": "0"}
        environment["TATRACK_IATI_ORG_REF"] = "XX-TATRACK-DEMO"  # the IATI page's file needs a publisher
        environment.update(env(base) if env else {})
        process = subprocess.Popen([BIN, "serve"], env=environment, stdout=log, stderr=subprocess.STDOUT)
        for _ in range(300):
            try:
                with urllib.request.urlopen(base + "/readyz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError):
                pass
            assert process.poll() is None, (Path(folder.name) / "server.log").read_text()
            time.sleep(0.1)
        started = Server(backend, base, tokens)
        started.database_url = url
        # Ready means "within the lag limit": wait until the demo data is fully projected.
        for _ in range(600):
            status = started.api("/api/v1/projections/status", role="admin")
            if status["lag"] == 0:
                break
            time.sleep(0.1)
        yield started
    finally:
        if process:
            process.terminate()
            process.wait(timeout=30)
        if database:
            psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        folder.cleanup()


@pytest.fixture(scope="session", params=BACKENDS)
def server(request):
    roles = {
        "admin": ["--name", "ops"],
        "adviser": ["--name", "amina.k", "--country", "SAU", "--country", "AGO", "--country", "BOL", "--country", "PER"],
        "donor": ["--name", "eu-desk", "--donor", "European Union"],
        "manager": ["--name", "lead"],
    }
    with running_server(request.param, roles) as started:
        yield started


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser):
    made = browser.new_context(viewport={"width": 1280, "height": 900})
    yield made
    made.close()


@pytest.fixture
def page(context):
    opened = context.new_page()
    errors = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    assert not errors, f"the page threw: {errors}"


def sign_in(page, server, role):
    page.goto(server.base + "/#/signin")
    page.get_by_label("Your access token").fill(server.tokens[role])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()
    home = "My activities" if role == "adviser" else "Dashboard"
    page.get_by_role("heading", level=1, name=re.compile(f"^{home}")).wait_for()


def screenshot(page, name, server):
    """Saves the page at phone (360 px) and laptop (1280 px) widths."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(150)
        page.screenshot(path=str(ARTEFACTS / f"{server.backend}-{name}-{width}.png"), full_page=True)
    page.set_viewport_size(size)


AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()


def serious_accessibility_violations(page):
    """axe-core's serious and critical violations on the current page (WCAG 2.1 A and AA)."""
    page.evaluate(AXE)
    found = page.evaluate(
        """async () => (await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }))
             .violations.filter((v) => ['serious', 'critical'].includes(v.impact))
             .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)"""
    )
    return found
