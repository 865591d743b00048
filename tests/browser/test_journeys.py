"""Journeys of issue 12 through the pages, in headless Chromium, against a real server.

The steps under test go through the pages only; the REST API (with a bearer token) is used
afterwards to check what the pages did.
"""

import re
from decimal import Decimal
import secrets
import urllib.parse

from playwright.sync_api import expect

from conftest import screenshot, serious_accessibility_violations, sign_in


def open_action(page, name):
    """Opens the action form summarised `name` on the activity page; answers the form."""
    details = page.locator("details.action", has=page.locator("summary", has_text=name))
    details.locator("summary").click()
    return details.locator("form")


def submit_and_wait_version(page, form, version):
    form.locator("button[type=submit]").click()
    expect(page.locator(".facts")).to_contain_text(f"Version{version}")


def fill_the_plan(page, *, title, kind, country, location, start, end):
    """Fills the plan form with a GLOFIREARMS activity (the page is open at "Plan an activity")."""
    page.get_by_label("Programme").select_option(label="GLOFIREARMS – Global Firearms Programme")
    page.get_by_label("Kind").select_option(kind)
    page.get_by_label("Title").fill(title)
    page.get_by_role("combobox", name="Countries").fill(country)
    page.get_by_role("button", name="Add").click()
    page.get_by_label("Location").fill(location)
    page.get_by_label("Planned start").fill(start)
    page.get_by_label("Planned end").fill(end)


def test_adviser_plans_delivers_records_corrects_and_reports(server, page):
    sign_in(page, server, "adviser")
    expect(page.get_by_role("heading", name="My activities")).to_be_visible()
    screenshot(page, "my-activities", server)

    page.get_by_role("link", name="Plan an activity").first.click()
    expect(page.get_by_role("heading", name="Plan an activity")).to_be_visible()
    title = f"Border control training {secrets.token_hex(3)}"
    fill_the_plan(page, title=title, kind="training", country="Saudi Arabia (SAU)", location="Jeddah", start="2024-03-04", end="2024-03-07")
    expect(page.get_by_role("list", name="Chosen countries")).to_contain_text("Saudi Arabia (SAU)")
    screenshot(page, "plan", server)
    page.get_by_role("button", name="Plan the activity").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    activity_id = page.url.rsplit("/", 1)[1]
    expect(page.locator(".facts")).to_contain_text("Planned")

    # A planned activity offers exactly what its state allows.
    offered = page.locator("details.action").evaluate_all("(ds) => ds.map((d) => d.dataset.action)")
    assert offered == ["reschedule", "record_delivery", "attribute_funding", "record_output", "correct", "cancel", "void"]

    submit_and_wait_version(page, open_action(page, "Record delivery"), 2)
    expect(page.locator(".facts .badge")).to_have_text("Delivered")
    offered = page.locator("details.action").evaluate_all("(ds) => ds.map((d) => d.dataset.action)")
    assert offered == [
        "record_delivery", "record_participants", "attribute_funding", "record_output", "report", "amend_delivery",
        "correct", "void",
    ]

    form = open_action(page, "Record participants")
    form.get_by_label("Women", exact=True).fill("11")
    form.get_by_label("Men", exact=True).fill("9")
    form.get_by_label("Other or undisclosed", exact=True).fill("1")
    expect(form.locator(".total")).to_contain_text("Total: 21 participants")
    submit_and_wait_version(page, form, 3)

    form = open_action(page, "Attribute funding")
    form.get_by_label("Donor").fill("European Union")
    form.get_by_label("Currency").select_option("EUR")
    form.get_by_label("Amount").fill("15000.50")
    submit_and_wait_version(page, form, 4)

    form = open_action(page, "Record an output")
    form.get_by_label("Kind of output").select_option("manual_published")
    form.get_by_label("Description").fill("Border control manual, Arabic edition")
    submit_and_wait_version(page, form, 5)

    form = open_action(page, "Correct")
    form.get_by_label("Reason for the correction").fill("The training moved to Riyadh")
    form.get_by_label("Location").fill("Riyadh")
    submit_and_wait_version(page, form, 6)
    expect(page.locator(".facts")).to_contain_text("Riyadh")

    form = open_action(page, "Report and lock")
    expect(form).to_contain_text("Participants: 21")
    expect(form).to_contain_text("European Union 15,000.50 EUR")
    submit_and_wait_version(page, form, 7)
    expect(page.locator(".facts .badge")).to_have_text("Reported")
    offered = page.locator("details.action").evaluate_all("(ds) => ds.map((d) => d.dataset.action)")
    assert offered == [
        "amend_delivery", "amend_participants", "amend_funding", "amend_output", "remove_output", "correct", "void",
    ]
    expect(page.locator(".timeline")).to_contain_text("The training moved to Riyadh")
    screenshot(page, "activity", server)

    # Each step landed exactly once, as the pages said.
    history = server.api(f"/api/v1/activities/{activity_id}/history")
    assert [e["event_type"] for e in history] == [
        "ActivityPlanned", "ActivityDelivered", "ParticipantsRecorded", "FundingAttributed",
        "OutputRecorded", "ActivityCorrected", "ActivityReported",
    ]
    state = server.api(f"/api/v1/activities/{activity_id}")
    assert state["location"] == "Riyadh" and state["status"] == "reported"
    assert state["participants"]["female"] == 11 and state["funding"][0]["amount"] == "15000.50"
    assert all(e["actor"] == "amina.k" for e in history)

    # Reported, what happened is amended with a reason; without one, the API's 422 shows
    # under the reason, and the timeline shows the value before and after.
    form = open_action(page, "Amend the participants")
    form.get_by_label("Women", exact=True).fill("12")
    form.locator("button[type=submit]").click()
    expect(form.locator("[data-field=reason] .error")).to_be_visible()
    form.get_by_label("Reason for the amendment").fill("One woman was missing from the sheet")
    submit_and_wait_version(page, form, 8)
    expect(page.locator(".timeline")).to_contain_text("One woman was missing from the sheet")
    expect(page.locator(".timeline")).to_contain_text("11 → 12")
    assert server.api(f"/api/v1/activities/{activity_id}")["participants"]["female"] == 12

    page.get_by_role("link", name="My activities").click()
    expect(page.get_by_role("link", name=title)).to_be_visible()
    page.get_by_label("Status").select_option("reported")
    page.get_by_label("Country").select_option("SAU")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#list-title")).to_have_text("Matching activities")
    expect(page.get_by_role("link", name=title)).to_be_visible()

    # Voided, the record takes nothing more and says why.
    page.get_by_role("link", name=title).click()
    form = open_action(page, "Void this record")
    form.get_by_label("Why it is void").fill("Entered twice")
    submit_and_wait_version(page, form, 9)
    expect(page.locator(".facts .badge")).to_have_text("Voided")
    expect(page.locator(".facts")).to_contain_text("Entered twice")
    expect(page.locator("details.action")).to_have_count(0)


def test_validation_errors_appear_next_to_their_field(server, page):
    sign_in(page, server, "adviser")
    page.goto(server.base + "/#/plan")
    expect(page.get_by_role("heading", name="Plan an activity")).to_be_visible()
    page.get_by_label("Programme").select_option(label="GLOFIREARMS – Global Firearms Programme")
    page.get_by_label("Kind").select_option("workshop")
    page.get_by_label("Title").fill("Dates the wrong way round")
    page.get_by_role("combobox", name="Countries").fill("AGO")
    page.get_by_role("button", name="Add").click()
    page.get_by_label("Location").fill("Luanda")
    page.get_by_label("Planned start").fill("2024-05-10")
    page.get_by_label("Planned end").fill("2024-05-01")
    page.get_by_role("button", name="Plan the activity").click()
    # The API's 422 names planned_end: the error shows under that field, which is marked invalid.
    error = page.locator("[data-field=planned_end] .error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("end")
    expect(page.get_by_label("Planned end")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("[data-field=title] .error")).to_be_hidden()
    # What was typed is kept.
    expect(page.get_by_label("Title")).to_have_value("Dates the wrong way round")
    screenshot(page, "plan-error", server)

    # A missing title: serde's "missing field" lands under Title.
    page.get_by_label("Title").fill("")
    page.get_by_label("Planned end").fill("2024-05-12")
    page.get_by_role("button", name="Plan the activity").click()
    expect(page.locator("[data-field=title] .error")).to_be_visible()
    expect(page.locator("[data-field=planned_end] .error")).to_be_hidden()

    # A country outside the adviser's scope: the picker refuses it at once, by name.
    page.get_by_label("Title").fill("Outside my countries")
    page.get_by_role("button", name="Remove Angola").click()
    page.get_by_role("combobox", name="Countries").fill("France (FRA)")
    page.get_by_role("button", name="Add").click()
    expect(page.locator("[data-field=countries] .error")).to_contain_text("France (FRA) is not one of your countries")
    page.get_by_role("button", name="Plan the activity").click()
    expect(page.locator("[data-field=countries] .error")).to_contain_text("France (FRA) is not one of your countries")


def test_donor_dashboard_totals_equal_the_api_summary(server, page):
    sign_in(page, server, "donor")
    expect(page.get_by_role("heading", name=re.compile("Dashboard"))).to_be_visible()
    page.get_by_label("From", exact=True).fill("2019-01-01")
    page.get_by_label("To", exact=True).fill("2019-12-31")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Dashboard: European Union")).to_be_visible()
    expect(page.get_by_role("region", name="Activities per month")).to_contain_text("Dec 2019")

    summary = server.api(
        "/api/v1/donors/European%20Union/summary?from=2019-01-01&to=2019-12-31", role="donor"
    )
    shown = lambda selector: int(page.locator(selector).inner_text().replace(",", ""))
    assert shown("#total-activities") == summary["activities"]["total"]
    assert shown("#total-participants") == summary["participants"]["total"]
    assert shown("#total-outputs") == sum(summary["outputs"].values())
    assert summary["activities"]["total"] > 0
    by_kind = page.get_by_role("region", name="Activities by kind")
    for kind, count in summary["activities"]["by_kind"].items():
        if count:
            # The catalogue's name of the kind: "Pre-accession support" for pre_accession_support.
            label = kind.replace("_", "[ -]").capitalize()
            expect(by_kind.get_by_role("row", name=re.compile(f"^{label}"))).to_contain_text(str(count))
    funding = page.get_by_role("region", name="Funding")
    for line in summary["funding"]:
        # The API's amount, its digits grouped by thousands and its scale kept.
        expect(funding).to_contain_text(f"{Decimal(line['amount']):,}")
    # Month by month the figures add up to the total (each month is the API's own summary).
    months = page.get_by_role("region", name="Activities per month").locator("td.num").all_inner_texts()
    assert sum(int(m.replace(",", "")) for m in months) == summary["activities"]["total"]
    # The map shades each country by the API's own figure for the range.
    saudi = server.api("/api/v1/countries/SAU/summary?from=2019-01-01&to=2019-12-31", role="donor")
    shape = page.locator("#map path[data-country=SAU] title")
    expect(shape).to_have_text(re.compile(f"^Saudi Arabia: {saudi['activities']['total']} activit"))
    funded = server.api("/api/v1/countries", role="donor")
    shaded = page.locator("#map a path").evaluate_all("(ps) => ps.map((p) => p.dataset.country)")
    assert set(shaded) <= {c["country"] for c in funded} and shaded
    screenshot(page, "dashboard", server)

    # Every number links to the activities behind it, and the list agrees.
    page.locator("#total-activities").click()
    expect(page.get_by_role("heading", name="Activities", exact=True)).to_be_visible()
    expect(page.locator("#shown")).to_have_text(f"{summary['activities']['total']} shown.")


def test_a_donor_cannot_reach_a_figure_outside_its_scope(server, page):
    everything = server.api("/api/v1/activities?limit=500")["items"]
    foreign = next(i for i in everything if "European Union" not in i["donors"].split(","))
    sign_in(page, server, "donor")
    page.goto(f"{server.base}/#/activity/{foreign['id']}")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    page.goto(f"{server.base}/#/dashboard?scope=donor&id=Germany")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    # The same questions asked with the donor's session cookie from the page.
    status = page.evaluate("async (p) => (await fetch(p)).status", "/api/v1/donors/Germany/summary")
    assert status == 404
    status = page.evaluate("async (p) => (await fetch(p)).status", "/api/v1/projections/status")
    assert status == 403
    # The donor's dashboard offers only its own donor.
    page.goto(f"{server.base}/#/dashboard?scope=donor")
    expect(page.get_by_role("heading", name="Dashboard: European Union")).to_be_visible()
    options = page.get_by_label("Which").locator("option").all_inner_texts()
    assert options == ["European Union"]


def session_cookie(context):
    return next(c for c in context.cookies() if c["name"] == "tatrack_session")


def test_sign_out_ends_the_session_server_side(server, context, page):
    sign_in(page, server, "adviser")
    cookie = session_cookie(context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert cookie["value"] not in page.content()
    assert page.evaluate("() => document.cookie") == ""
    assert page.evaluate("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage)") == "{}{}"
    header = {"Cookie": f"tatrack_session={cookie['value']}"}
    status, _, _ = server.http("GET", "/api/v1/activities", headers=header)
    assert status == 200

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    status, headers, body = server.http("GET", "/api/v1/activities", headers=header)
    assert status == 401
    assert headers["content-type"] == "application/problem+json"
    assert body["status"] == 401
    page.goto(server.base + "/#/activities")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_csrf_attempts_are_refused(server, context, page):
    sign_in(page, server, "adviser")
    cookie = {"Cookie": f"tatrack_session={session_cookie(context)['value']}"}
    csrf = page.evaluate("async () => (await (await fetch('/api/v1/session')).json()).csrf_token")
    body = {"reason": "forged"}
    target = "/api/v1/activities/00000000-0000-4000-8000-000000000201/cancellation"

    status, headers, problem = server.http("POST", target, body=body, headers=cookie)
    assert (status, headers["content-type"]) == (403, "application/problem+json")
    assert "X-CSRF-Token" in problem["detail"]
    status, _, problem = server.http(
        "POST", target, body=body, headers={**cookie, "X-CSRF-Token": csrf, "Origin": "http://evil.example"}
    )
    assert status == 403 and "cross-origin" in problem["detail"]
    status, _, _ = server.http(
        "POST", target, body=body, headers={**cookie, "X-CSRF-Token": csrf, "Sec-Fetch-Site": "cross-site"}
    )
    assert status == 403
    # From the app's own page, without the header, the browser's fetch is refused too.
    status = page.evaluate("async () => (await fetch('/api/v1/session', { method: 'DELETE' })).status")
    assert status == 403
    # Nothing was cancelled by any of these.
    assert server.api("/api/v1/activities/00000000-0000-4000-8000-000000000201")["status"] != "cancelled"

    # A page on another origin posting a form: SameSite=Strict keeps the cookie home (401).
    evil = context.new_page()
    evil.goto("about:blank")
    evil.set_content(
        f'<form method="post" action="{server.base}{target}" enctype="text/plain">'
        '<input name=\'{"reason":"x", "a\' value=\'":1}\'><button>go</button></form>'
    )
    with evil.expect_navigation():
        evil.click("button")
    assert '"status":' in evil.content() and ("401" in evil.content() or "415" in evil.content())
    assert server.api("/api/v1/activities/00000000-0000-4000-8000-000000000201")["status"] != "cancelled"


def accessible_at(page, server, path, ready):
    """Opens `path`, waits for the locator `ready` and finds no serious accessibility violation."""
    page.goto(server.base + path)
    ready.wait_for()
    assert serious_accessibility_violations(page) == [], path


def test_pages_pass_an_accessibility_check_and_carry_a_strict_csp(server, page):
    status, headers, _ = server.http("GET", "/")
    assert status == 200
    csp = headers["content-security-policy"]
    for rule in ["default-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"]:
        assert rule in csp
    assert "unsafe-inline" not in csp and headers["x-content-type-options"] == "nosniff"

    page.goto(server.base + "/#/signin")
    page.get_by_label("Your access token").wait_for()
    assert serious_accessibility_violations(page) == []
    sign_in(page, server, "adviser")
    assert serious_accessibility_violations(page) == []
    accessible_at(page, server, "/#/plan", page.get_by_label("Title"))
    accessible_at(
        page, server, "/#/activity/00000000-0000-4000-8000-000000000201",
        page.get_by_role("heading", name="History"),
    )
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, server, "manager")
    accessible_at(
        page, server, "/#/dashboard?scope=country&id=BOL&from=2019-01-01&to=2019-12-31", page.locator("#map svg")
    )
    accessible_at(page, server, "/#/audit", page.locator("#feed"))
    accessible_at(
        page, server, "/#/report?from=2019-02-01&to=2020-02-29", page.get_by_role("heading", name="Evidence")
    )


def test_a_manager_writes_the_annual_report_and_follows_a_figure_to_its_activities(server, page):
    sign_in(page, server, "manager")
    page.get_by_role("link", name="Annual report").click()
    page.get_by_role("heading", name="Annual report").wait_for()
    page.get_by_label("From", exact=True).fill("2019-02-01")
    page.get_by_label("To", exact=True).fill("2020-02-29")
    page.get_by_label("Programme", exact=True).select_option("UNTOC-SHERLOC")
    page.get_by_role("button", name="Write the report").click()
    text = page.locator(".report-text")
    expect(text).to_contain_text("Pre-accession support was provided to six States (the Congo, Papua New Guinea")
    expect(text).to_contain_text("was held in Riyadh from 20 to 24 October 2019 (Saudi Arabia).")
    screenshot(page, "annual-report", server)

    # A named State leads to the question and the activity behind it, and on to its page.
    text.get_by_role("button", name="the Congo").click()
    entry = page.locator(".evidence li:focus")
    expect(entry).to_contain_text("Pre-accession support in the Congo")
    expect(entry).to_contain_text("kind = pre_accession_support; country = COG")
    entry.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pre-accession support")
    expect(page.locator(".facts")).to_contain_text("Congo")

    # The printable page is the API's, for the same question.
    report = server.api("/api/v1/reports/activity?from=2019-02-01&to=2020-02-29&programme=UNTOC-SHERLOC")
    congo = next(f for a in report["areas"] for f in a["figures"] if f["id"].endswith("/pre_accession_support/states/COG"))
    assert len(congo["activities"]) == 1


def test_keyboard_only_sign_in(server, page):
    page.goto(server.base + "/#/signin")
    page.get_by_label("Your access token").wait_for()
    # The token field has the focus on arrival; Tab from the top of the page reaches it too.
    assert page.evaluate("() => document.activeElement.name") == "token"
    page.evaluate("() => document.activeElement.blur()")
    names = []
    for _ in range(6):
        page.keyboard.press("Tab")
        names.append(page.evaluate("() => document.activeElement.name || document.activeElement.textContent"))
    assert "token" in names, names
    page.get_by_label("Your access token").focus()
    page.keyboard.type(server.tokens["manager"])
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Dashboard"))).to_be_visible()
    screenshot(page, "manager-dashboard", server)


def planned_by_api(server, title):
    """Setup outside the steps under test: a planned activity in the adviser's scope."""
    activity = f"{secrets.token_hex(4)}-0000-4000-8000-{secrets.token_hex(6)}"
    body = {
        "id": activity, "programme_id": "00000000-0000-4000-8000-000000000101", "kind": "workshop",
        "title": title, "countries": ["AGO"], "location": "Luanda",
        "planned_start": "2024-02-03", "planned_end": "2024-02-05",
    }
    status, _, answer = server.http("POST", "/api/v1/activities", token=server.tokens["adviser"], body=body)
    assert status == 201, answer
    return activity


def opened_by_the_adviser(server, page, title, before_opening=None):
    """A new planned activity (planned_by_api) open at version 1 in the adviser's page;
    `before_opening(page)`, if given, runs once signed in."""
    activity = planned_by_api(server, f"{title} {secrets.token_hex(3)}")
    sign_in(page, server, "adviser")
    if before_opening:
        before_opening(page)
    page.goto(f"{server.base}/#/activity/{activity}")
    expect(page.locator(".facts")).to_contain_text("Version1")
    return activity


def test_a_stale_page_says_what_changed_and_offers_to_reload(server, page):
    activity = opened_by_the_adviser(server, page, "Stale page")
    # Someone else records an output meanwhile.
    status, _, _ = server.http(
        "POST", f"/api/v1/activities/{activity}/outputs", token=server.tokens["adviser"],
        body={"kind": "other", "description": "Recorded elsewhere"},
    )
    assert status == 200

    form = open_action(page, "Record an output")
    form.get_by_label("Description").fill("Typed on the stale page")
    form.get_by_role("button", name="Record an output").click()
    banner = form.locator(".form-error")
    expect(banner).to_contain_text("changed since you opened it")
    expect(banner).to_contain_text("version 2")
    banner.get_by_role("button", name="Reload the activity").click()
    expect(page.locator(".facts")).to_contain_text("Version2")
    expect(page.locator(".facts")).to_contain_text("Recorded elsewhere")


def test_an_unavailable_server_keeps_what_was_typed_and_a_retry_lands_once(server, page):
    activity = opened_by_the_adviser(server, page, "Flaky network")
    outputs = f"**/api/v1/activities/{activity}/outputs"
    problem = '{"type":"/problems/unavailable","title":"Service Unavailable","status":503,"detail":"the event store cannot be reached; try again shortly"}'
    page.route(outputs, lambda route: route.fulfill(status=503, content_type="application/problem+json", body=problem))

    form = open_action(page, "Record an output")
    form.get_by_label("Kind of output").select_option("law_drafted")
    form.get_by_label("Description").fill("Draft firearms law")
    form.get_by_role("button", name="Record an output").click()
    expect(form.locator(".form-error")).to_contain_text("What you typed is kept")
    expect(form.get_by_label("Description")).to_have_value("Draft firearms law")
    page.unroute(outputs)

    # Now the connection drops half-way: the server records it, the answer never arrives.
    def cut_after_sending(route):
        route.fetch()
        route.abort()
    page.route(outputs, cut_after_sending)
    form.get_by_role("button", name="Record an output").click()
    # Not knowing whether it landed, the page keeps the command with its Idempotency-Key.
    expect(page.locator("#waiting .outbox li")).to_contain_text("Waiting to send")
    page.unroute(outputs)
    # Sent again with the same key: the server answers as the first time and records it once.
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(page.locator(".facts")).to_contain_text("Version2")
    expect(page.locator("#waiting .outbox li")).to_have_count(0)
    history = server.api(f"/api/v1/activities/{activity}/history")
    assert [e["event_type"] for e in history] == ["ActivityPlanned", "OutputRecorded"]


def test_a_manager_sees_an_activity_as_it_stood_at_a_version(server, page):
    riyadh = "00000000-0000-4000-8000-000000000201"
    sign_in(page, server, "manager")
    page.goto(f"{server.base}/#/activity/{riyadh}")
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    # A manager records nothing new: it may only amend what happened, and void a record.
    offered = page.locator("details.action").evaluate_all("(ds) => ds.map((d) => d.dataset.action)")
    assert offered == ["amend_delivery", "amend_participants", "amend_funding", "void"]
    page.locator(".timeline li").first.get_by_role("link", name="(as it stood then)").click()
    expect(page.locator(".notice.past")).to_contain_text("As it stood at version 1")
    then = server.api(f"/api/v1/activities/{riyadh}?version=1")
    expect(page.locator(".facts .badge")).to_have_text(then["status"].capitalize())
    expect(page.locator(".facts")).to_contain_text(f"Version1")
    page.get_by_role("link", name="Show the current state").click()
    now = server.api(f"/api/v1/activities/{riyadh}")
    expect(page.locator(".facts")).to_contain_text(f"Version{now['version']}")


def test_a_manager_reads_the_audit_page(server, page):
    sign_in(page, server, "manager")
    page.get_by_role("link", name="Audit").click()
    expect(page.get_by_role("heading", name="Audit", exact=True)).to_be_visible()
    chain = server.api("/api/v1/audit/verify")
    expect(page.get_by_role("region", name="Hash chain")).to_contain_text("Intact")
    expect(page.get_by_role("region", name="Hash chain")).to_contain_text(chain["head"][:16])
    page.get_by_label("Recorded by (token name)").fill("demo-seeder")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#feed tbody tr").first).to_contain_text("demo-seeder (admin)")
    actors = page.locator("#feed tbody tr td:nth-child(3)").all_inner_texts()
    assert actors and all(a == "demo-seeder (admin)" for a in actors)
    feed = server.api("/api/v1/audit/events?actor=demo-seeder&limit=50")
    assert len(actors) == len(feed["items"])
    screenshot(page, "audit", server)


def test_an_admin_issues_and_revokes_a_token_and_its_sessions_end(server, browser, page):
    sign_in(page, server, "admin")
    page.get_by_role("link", name="Tokens").click()
    name = f"web-donor-{secrets.token_hex(3)}"
    page.get_by_label("Name").fill(name)
    page.get_by_label("Role").select_option("donor")
    page.get_by_label("Donor (donors)").fill("Germany")
    page.get_by_role("button", name="Issue the token").click()
    secret = page.locator("#secret").inner_text()
    assert secret.startswith("tat_")
    expect(page.locator(f"tr[data-token='{name}']")).to_contain_text("Donor: Germany")

    # The new token signs in elsewhere, and sees Germany's dashboard.
    other = browser.new_context()
    donor = other.new_page()
    donor.goto(server.base + "/#/signin")
    donor.get_by_label("Your access token").fill(secret)
    donor.get_by_role("button", name="Sign in").click()
    expect(donor.get_by_role("heading", name=re.compile("^Dashboard: Germany"))).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"tr[data-token='{name}']").get_by_role("button", name="Revoke").click()
    expect(page.locator(f"tr[data-token='{name}']")).to_contain_text("Revoked")
    cookie = next(c for c in other.cookies() if c["name"] == "tatrack_session")
    status, _, _ = server.http("GET", "/api/v1/donors", headers={"Cookie": f"tatrack_session={cookie['value']}"})
    assert status == 401, "revoking the token ends its sessions"
    other.close()


def test_swagger_ui_still_works_under_its_own_policy(server, page):
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(server.base + "/docs/")
    # Swagger UI parses the whole spec (700 KB) before it draws anything: seconds on a busy machine.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("tatrack", timeout=30_000)
    expect(page.get_by_text("/api/v1/session").first).to_be_visible()
    assert not [r for r in refused if "script" in r], refused


def test_the_results_page_shows_the_api_figures_and_links_to_the_activities(server, page):
    programme = "00000000-0000-4000-8000-000000000101"
    results = server.api(f"/api/v1/programmes/{programme}/results?year=2019", role="donor")
    laws = results["outcomes"][0]["indicators"][0]
    sign_in(page, server, "donor")
    page.goto(f"{server.base}/#/results?id={programme}&year=2019")
    expect(page.get_by_role("heading", name="Results: GLOFIREARMS in 2019")).to_be_visible()
    row = page.get_by_role("row", name=re.compile(f"^{re.escape(laws['name'])}"))
    expect(row).to_contain_text(f"{laws['actual']}")
    expect(row).to_contain_text(f"{laws['achieved_percent']} %")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "results", server)
    row.get_by_role("link", name=laws["actual"], exact=True).click()
    expect(page.get_by_role("heading", name="Activities", exact=True)).to_be_visible()
    assert "status=delivered" in page.url and "from=2019-01-01" in page.url
