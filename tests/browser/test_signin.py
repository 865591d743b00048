"""Signing in with the organisation's accounts (issue 26), in headless Chromium: a real OpenID
provider (tests/oidc/, started by scripts/oidc-provider) signs people in through its own login
page; each gets exactly the rights an admin granted them, and signs out of both.
"""

import json
import re
import subprocess
import tempfile
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import BACKENDS, ROOT, cli, free_port, running_server, screenshot

PROVIDER = ROOT / "scripts" / "oidc-provider"


def post_json(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read() or b"null")


@pytest.fixture(scope="module", params=BACKENDS)
def signin_server(request):
    """A server whose people sign in with a provider of its own (`server.issuer`)."""
    provider_port = free_port()
    issuer = subprocess.run([str(PROVIDER), "start", str(provider_port)], capture_output=True, text=True,
                            timeout=300, check=True).stdout.strip()
    env = lambda base: {
        "TATRACK_OIDC_ISSUER": issuer, "TATRACK_OIDC_CLIENT_ID": "tatrack-web",
        "TATRACK_OIDC_CLIENT_SECRET": "tatrack-web-secret",
        "TATRACK_OIDC_REDIRECT_URL": f"{base}/auth/oidc/callback", "TATRACK_OIDC_PROVIDER_NAME": "Test ID",
        "TATRACK_OIDC_SCOPES": "profile email groups",
    }
    try:
        with running_server(request.param, {"admin": ["--name", "ops"]}, env) as server:
            server.issuer = issuer
            yield server
    finally:
        subprocess.run([str(PROVIDER), "stop", str(provider_port)], capture_output=True, timeout=60)


def sign_in_at_the_provider(page, server, login):
    page.goto(server.base + "/")
    page.get_by_role("link", name="Sign in with Test ID").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()


def fetch_status(page, path):
    return page.evaluate("async (p) => (await fetch(p)).status", path)


def test_a_person_signs_in_through_the_provider_gets_exactly_their_grant_and_signs_out(signin_server, page):
    server = signin_server
    grant = {"id": "7e6a4f44-6b0c-4c55-9a1e-0d6f0e1c2b3a", "role": "adviser", "scope": {"countries": ["BOL"]},
             "grantee": {"kind": "claim", "claim": "groups", "value": "tatrack-advisers-bol"},
             "reason": "the Bolivia team records its own activities"}
    status, _, body = server.http("POST", "/api/v1/grants", token=server.tokens["admin"], body=grant)
    assert status in (200, 201), body

    # The start page offers the provider first; the token box is under "Other ways to sign in".
    page.goto(server.base + "/")
    expect(page.get_by_role("link", name="Sign in with Test ID")).to_be_visible()
    expect(page.get_by_text("Other ways to sign in")).to_be_visible()
    expect(page.get_by_label("Your access token")).to_be_hidden()
    screenshot(page, "signin-provider", server)

    # Amina signs in on the provider's own login page and lands on her activities.
    sign_in_at_the_provider(page, server, "amina")
    expect(page.get_by_role("heading", level=1, name="My activities")).to_be_visible()
    expect(page.locator(".who")).to_have_text("Amina Kone (adviser)")
    # Exactly an adviser in Bolivia: her list holds Bolivia alone, a manager's page is refused.
    listed = page.evaluate("async () => (await (await fetch('/api/v1/activities?limit=500')).json()).items")
    assert listed and all(item["countries"] == "BOL" for item in listed), listed
    assert fetch_status(page, "/api/v1/projections/status") == 403
    assert fetch_status(page, "/api/v1/grants") == 403

    # Signing out ends the session here and at the provider.
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page.get_by_role("link", name="Sign in with Test ID")).to_be_visible()
    assert fetch_status(page, "/api/v1/activities") == 401

    # Someone nobody granted anything is told so, and may do nothing.
    sign_in_at_the_provider(page, server, "nobody")
    expect(page.get_by_role("heading", level=1, name="No role yet")).to_be_visible()
    expect(page.locator("#no-role")).to_contain_text("No Body")
    assert fetch_status(page, "/api/v1/activities") == 403
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Yes, sign me out").click()

    # The admin sees who signed in, and the grant with its reason.
    people = server.api("/api/v1/people", role="admin")
    assert {p["name"] for p in people} >= {"Amina Kone", "No Body"}, people

    # The exported log names the person and still verifies, against the live log too.
    with tempfile.TemporaryDirectory() as folder:
        exported = Path(folder) / "log.jsonl"
        cli(server.database_url, "audit", "export", "--to", str(exported))
        cli(server.database_url, "audit", "check", str(exported), "--live")
        lines = [json.loads(line) for line in exported.read_text().splitlines() if line.strip()]
        recorded = [line for line in lines if "PersonRecorded" in json.dumps(line)]
        assert recorded and "amina" in json.dumps(recorded), recorded[:1]


def test_a_provider_that_is_down_is_said_so_on_the_sign_in_page(signin_server, page):
    server = signin_server
    post_json(f"{server.issuer}/test/down", {})
    try:
        page.goto(server.base + "/")
        page.get_by_role("link", name="Sign in with Test ID").click()
        expect(page.locator("#signin-failed")).to_contain_text("could not be reached")
    finally:
        post_json(f"{server.issuer}/test/up", {})
    expect(page.get_by_role("link", name="Sign in with Test ID")).to_be_visible()
    assert re.search(r"#/signin", page.url)


def test_a_person_s_language_is_remembered_for_their_other_devices(signin_server, page):
    server = signin_server
    grant = {"id": "0b7f3c2e-5d1a-4e8b-9c6f-2a4d8e1f3b5c", "role": "manager", "scope": {},
             "grantee": {"kind": "person", "issuer": server.issuer, "subject": "amina"},
             "reason": "reads every programme's figures"}
    status, _, body = server.http("POST", "/api/v1/grants", token=server.tokens["admin"], body=grant)
    assert status in (200, 201), body

    # Amina chooses French in the header's menu: the server remembers it for her.
    sign_in_at_the_provider(page, server, "amina")
    expect(page.locator(".who")).to_be_visible()
    page.locator("#language").select_option("fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    amina = lambda: next(p for p in server.api("/api/v1/people", role="admin") if p["subject"] == "amina")
    for _ in range(50):
        if amina()["language"] == "fr":
            break
        page.wait_for_timeout(100)
    assert amina()["language"] == "fr", amina()

    # On a device that never chose, she signs in and the app speaks French; so do the answers,
    # whatever the browser's own Accept-Language says.
    other = page.context.browser.new_context(locale="en-US")
    try:
        device = other.new_page()
        sign_in_at_the_provider(device, server, "amina")
        expect(device.locator("html")).to_have_attribute("lang", "fr")
        expect(device.locator("#language")).to_have_value("fr")
        header = device.evaluate(
            "async () => (await (await fetch('/api/v1/countries?format=csv')).text()).split('\\r\\n')[0]")
        assert header == "Pays,Activités", header
        screenshot(device, "signin-remembered-language", server)
    finally:
        other.close()
