"""Times the web app's dashboards in headless Chromium against a served big log.

For a manager and for a donor: the dashboard of the country, programme and donor with the most
activities, over all dates and over one year, each asked five times from another page; the time
runs from the navigation to the moment the totals, the charts and the world map are rendered.
Prints one RESULT line per case with p50 and max in milliseconds.
"""

import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from playwright.sync_api import sync_playwright

BASE = sys.argv[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def api(path, token):
    request = urllib.request.Request(BASE + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.load(answer)


def token(role, name, *scope):
    done = subprocess.run([os.environ["TATRACK_BIN"], "token", "create", "--role", role, "--name", name, *scope],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def time_dashboard(page, url, rounds=5):
    """(p50, max) of the time until the totals and charts show, and until the map is drawn."""
    shown = []
    took = []
    for _ in range(rounds):
        page.goto(BASE + "/#/outbox")
        page.get_by_text("Nothing is waiting").wait_for()
        start = time.perf_counter()
        page.goto(BASE + url)
        page.locator("#total-activities").wait_for(timeout=300000)
        shown.append((time.perf_counter() - start) * 1000)
        page.locator("#map svg path").first.wait_for(timeout=300000)
        took.append((time.perf_counter() - start) * 1000)
    shown.sort()
    took.sort()
    return shown[len(shown) // 2], shown[-1], took[len(took) // 2], took[-1]


def main():
    manager = os.environ["MANAGER"]
    status = api("/api/v1/projections/status", manager)
    countries = sorted(api("/api/v1/countries", manager), key=lambda c: -c["activities"])
    programmes = api("/api/v1/programmes", manager)
    donors = api("/api/v1/donors", manager)
    donor = donors[0]["donor"]
    donor_token = token("donor", f"bench-donor-{os.getpid()}", "--donor", donor)
    year = api(f"/api/v1/activities?country={countries[0]['country']}&limit=1", manager)["items"][0]["date"][:4]
    print(f"log head {status['head']}, {len(countries)} countries, {len(programmes)} programmes, {len(donors)} donors",
          file=sys.stderr)
    cases = [
        ("manager", manager, f"#/dashboard?scope=country&id={countries[0]['country']}"),
        ("manager", manager, f"#/dashboard?scope=country&id={countries[0]['country']}&from={year}-01-01&to={year}-12-31"),
        ("manager", manager, f"#/dashboard?scope=programme&id={programmes[0]['id']}&from={year}-01-01&to={year}-12-31"),
        ("donor", donor_token, f"#/dashboard?scope=donor&id={urllib.parse.quote(donor)}"),
        ("donor", donor_token, f"#/dashboard?scope=donor&id={urllib.parse.quote(donor)}&from={year}-01-01&to={year}-12-31"),
    ]
    for path in ["/api/v1/activities?limit=50", f"/api/v1/activities?status=cancelled&limit=50",
                 f"/api/v1/activities?country={countries[0]['country']}&limit=50"]:
        start = time.perf_counter()
        api(path, manager)
        print(f"RESULT web_list events={status['head']} path={path} ms={(time.perf_counter() - start) * 1000:.0f}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for role, secret, url in cases:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(BASE + "/#/signin")
            page.get_by_label("Your access token").fill(secret)
            page.get_by_role("button", name="Sign in").click()
            page.get_by_role("button", name="Sign out").wait_for()
            p50, worst, map_p50, map_worst = time_dashboard(page, url)
            print(f"RESULT web_dashboard events={status['head']} role={role} view={url} "
                  f"shown_p50_ms={p50:.0f} shown_max_ms={worst:.0f} map_p50_ms={map_p50:.0f} map_max_ms={map_worst:.0f}")
            context.close()
        browser.close()


main()
