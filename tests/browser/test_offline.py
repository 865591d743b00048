"""A field adviser without a connection (issue 25): the whole life of an activity recorded
offline on a phone, decided on the device by the domain's own rules (WebAssembly), kept in the
outbox and sent once, in order, when the connection returns.

The steps under test go through the pages only; the REST API (with a bearer token) is used to
set up what a colleague does meanwhile, and afterwards to check what the pages did.
"""

import secrets

from playwright.sync_api import expect

from conftest import screenshot, sign_in
from test_journeys import fill_the_plan, open_action, opened_by_the_adviser

PHONE = {"width": 360, "height": 800}


def installed(page):
    """Waits until the service worker controls the page and has kept what the pages need."""
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    kept = """async () => {
        for (const path of ['/app/rules/tatrack_web_rules_bg.wasm', '/app/vocabulary.json', '/api/v1/programmes', '/api/v1/session', '/api/v1/activities?limit=50']) {
            if (!(await caches.match(path))) return false;
        }
        return true;
    }"""
    for _ in range(300):
        if page.evaluate(kept):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the service worker did not keep the app for offline use")


def back_online_and_refused(context, page):
    """Back online, the outbox sends its one command and the server refuses it; answers the
    refused entry, opened."""
    context.set_offline(False)
    refused = page.locator("#outbox-count")
    expect(refused).to_have_text("1 refused", timeout=15000)
    refused.click()
    return page.locator(".outbox li.refused")


def send_form(page, action, fields):
    """Opens `action`'s form, fills `fields` (label: value; a select takes its option's value) and
    sends it; answers the form."""
    form = open_action(page, action)
    for label, value in fields.items():
        control = form.get_by_label(label, exact=True)
        if control.evaluate("(e) => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    form.locator("button[type=submit]").click()
    return form


def events_of(server, activity):
    return [e["event_type"] for e in server.api(f"/api/v1/activities/{activity}/history")]


def no_sideways_scroll(page):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"


def test_a_whole_activity_recorded_offline_on_a_phone_lands_once_when_back_online(server, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, server, "adviser")
    installed(page)

    # Offline before any activity was opened: My activities, first drawn before the service worker
    # took over, opens from what it kept, saying when that was fetched.
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="My activities")).to_be_visible()
    expect(page.locator("#offline-notice")).to_contain_text("fetched")
    expect(page.locator("#needs-doing")).to_be_visible()
    page.get_by_role("link", name="Plan an activity").first.click()
    expect(page.get_by_role("heading", name="Plan an activity")).to_be_visible()
    title = f"Asset tracing training {secrets.token_hex(3)}"
    fill_the_plan(page, title=title, kind="training", country="Bolivia (BOL)", location="La Paz", start="2026-11-02", end="2026-11-05")
    page.get_by_role("button", name="Plan the activity").click()

    # The activity's page opens from the outbox alone, as it will be once sent.
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    activity = page.url.rsplit("/", 1)[1]
    facts = page.locator(".facts")
    expect(facts.locator(".badge")).to_have_text("Planned")
    expect(facts).to_contain_text("waiting to send")
    expect(page.locator(".notice.pending")).to_contain_text("once the change kept on this device is sent")

    open_action(page, "Record delivery").get_by_role("button", name="Record delivery").click()
    expect(facts.locator(".badge")).to_have_text("Delivered")

    form = open_action(page, "Record participants")
    form.get_by_label("Women", exact=True).fill("12")
    form.get_by_label("Men", exact=True).fill("9")
    form.get_by_role("button", name="Record participants").click()
    expect(facts).to_contain_text("21 (women 12, men 9")

    form = open_action(page, "Attribute funding")
    form.get_by_label("Donor").fill("European Union")
    form.get_by_label("Currency").select_option("EUR")
    form.get_by_label("Amount").fill("12000.00")
    form.get_by_role("button", name="Attribute funding").click()
    expect(facts).to_contain_text("European Union")

    form = open_action(page, "Record an output")
    form.get_by_label("Kind of output").select_option("manual_published")
    form.get_by_label("Description").fill("A handbook on asset tracing")
    form.get_by_role("button", name="Record an output").click()
    expect(facts).to_contain_text("A handbook on asset tracing")

    form = open_action(page, "Report and lock")
    expect(form).to_contain_text("Participants: 21")
    form.get_by_role("button", name="Report and lock").click()
    expect(facts.locator(".badge")).to_have_text("Reported")
    expect(facts).to_contain_text("Version0 now, 6 once sent")
    offered = page.locator("details.action").evaluate_all("(ds) => ds.map((d) => d.dataset.action)")
    assert offered == ["amend_delivery", "amend_participants", "amend_funding", "amend_output", "remove_output", "correct", "void"]
    expect(page.locator("#outbox-count")).to_have_text("6 waiting to send")
    no_sideways_scroll(page)
    screenshot(page, "offline-whole-activity", server)
    assert server.http("GET", f"/api/v1/activities/{activity}", token=server.tokens["manager"])[0] == 404, "nothing was sent"

    # Reloaded without a network: everything is still shown, with the waiting marks.
    page.reload()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(facts.locator(".badge")).to_have_text("Reported")
    expect(facts).to_contain_text("waiting to send")
    expect(page.locator("#waiting .outbox li")).to_have_count(6)

    # Back online: the outbox is sent as soon as the connection returns, each command once.
    context.set_offline(False)
    expect(page.locator("#outbox-count")).to_be_hidden(timeout=15000)
    expect(facts).to_contain_text("Version6", timeout=15000)
    expect(facts).not_to_contain_text("once sent")
    assert events_of(server, activity) == [
        "ActivityPlanned", "ActivityDelivered", "ParticipantsRecorded", "FundingAttributed", "OutputRecorded",
        "ActivityReported",
    ]
    assert server.api(f"/api/v1/activities/{activity}")["status"] == "reported"
    context.close()
    assert not errors, f"the page threw: {errors}"


def test_offline_the_rules_refuse_at_once_beside_the_field(server, context, page):
    activity = opened_by_the_adviser(server, page, "Refused here", before_opening=installed)

    context.set_offline(True)
    form = send_form(page, "Correct", {
        "Reason for the correction": "The venue moved the dates", "Planned start": "2030-03-10", "Planned end": "2030-03-01",
    })
    error = form.locator('[data-field="changes.planned_end"] .error')
    expect(error).to_contain_text("falls before the start date")
    expect(page.locator("#outbox-count")).to_be_hidden()
    form.get_by_label("Planned end").fill("2030-03-12")
    form.get_by_role("button", name="Correct").click()
    expect(page.locator("#outbox-count")).to_have_text("1 waiting to send")

    context.set_offline(False)
    expect(page.locator("#outbox-count")).to_be_hidden(timeout=15000)
    expect(page.locator(".facts")).to_contain_text("Version2")
    expect(page.locator(".facts")).not_to_contain_text("once sent")
    record = server.api(f"/api/v1/activities/{activity}")
    assert (record["planned_start"], record["planned_end"]) == ("2030-03-10", "2030-03-12")


def test_a_command_refused_on_arrival_is_put_right_from_the_outbox_and_lands_once(server, context, page):
    activity = opened_by_the_adviser(server, page, "Put right", before_opening=installed)

    context.set_offline(True)
    send_form(page, "Correct", {
        "Reason for the correction": "The workshop became a regional one", "Title": "Regional workshop on firearms trafficking",
    })
    expect(page.locator("#outbox-count")).to_have_text("1 waiting to send")
    # Meanwhile a colleague makes the same correction: on arrival, this one changes nothing.
    status, _, answer = server.http(
        "POST", f"/api/v1/activities/{activity}/corrections", token=server.tokens["adviser"],
        body={"reason": "Renamed at the planning meeting", "changes": {"title": "Regional workshop on firearms trafficking"}},
    )
    assert status == 200, answer

    entry = back_online_and_refused(context, page)
    expect(entry).to_contain_text("Refused by the server")
    expect(entry.locator('[data-field="changes"]')).to_contain_text("changes nothing")
    screenshot(page, "outbox-put-right", server)
    entry.get_by_label("Title").fill("Regional workshop on firearms trafficking, Andean countries")
    entry.get_by_role("button", name="Save and send again").click()

    expect(page.get_by_text("Nothing is waiting")).to_be_visible(timeout=15000)
    assert server.api(f"/api/v1/activities/{activity}")["title"] == "Regional workshop on firearms trafficking, Andean countries"
    assert events_of(server, activity) == ["ActivityPlanned", "ActivityCorrected", "ActivityCorrected"]


def test_a_command_refused_on_arrival_stays_in_the_outbox_with_its_reason(server, context, page):
    activity = opened_by_the_adviser(server, page, "Refused later", before_opening=installed)

    context.set_offline(True)
    send_form(page, "Cancel the activity", {"Reason": "Venue unavailable"})
    expect(page.locator("#waiting .outbox li")).to_have_count(1)
    expect(page.locator(".facts .badge")).to_have_text("Cancelled")
    # Meanwhile a colleague records the delivery: the cancellation can no longer apply.
    status, _, _ = server.http(
        "POST", f"/api/v1/activities/{activity}/delivery", token=server.tokens["adviser"],
        body={"start": "2024-02-03", "end": "2024-02-05", "mode": "online"},
    )
    assert status == 200

    entry = back_online_and_refused(context, page)
    expect(entry).to_contain_text("Refused by the server")
    expect(entry).to_contain_text("delivered")
    expect(entry).to_contain_text("Cancel the activity")
    screenshot(page, "outbox", server)
    assert events_of(server, activity) == ["ActivityPlanned", "ActivityDelivered"]
    page.once("dialog", lambda dialog: dialog.accept())
    entry.get_by_role("button", name="Discard").click()
    expect(page.get_by_text("Nothing is waiting")).to_be_visible()


def test_offline_commands_wait_in_the_outbox_and_a_cut_answer_lands_once(server, context, page):
    activity = opened_by_the_adviser(server, page, "Field visit", before_opening=installed)

    context.set_offline(True)
    send_form(page, "Record delivery", {"Started": "2024-02-03", "Ended": "2024-02-05"})
    kept = page.locator("#waiting .outbox li")
    expect(kept).to_have_count(1)
    send_form(page, "Record an output", {"Kind of output": "strategy_adopted", "Description": "National firearms strategy adopted"})
    expect(kept).to_have_count(2)
    expect(kept.first).to_contain_text("Waiting to send")
    expect(page.locator("#outbox-count")).to_have_text("2 waiting to send")
    expect(page.locator(".facts")).to_contain_text("Version1 now, 3 once sent")
    screenshot(page, "offline-activity", server)
    assert server.api(f"/api/v1/activities/{activity}")["version"] == 1, "nothing was sent while offline"

    # Back online, the first send is cut half-way: recorded by the server, its answer lost.
    delivery = f"**/api/v1/activities/{activity}/delivery"
    cuts = []

    def cut_once(route):
        if not cuts:
            cuts.append(route.fetch().status)
            route.abort()
        else:
            route.continue_()
    page.route(delivery, cut_once)
    context.set_offline(False)
    # The cut send stays waiting, with its key, and is sent again with backoff: the server
    # answers as the first time and records it once; then the output follows.
    expect(kept).to_have_count(0, timeout=20000)
    expect(page.locator(".facts")).to_contain_text("Version3")
    expect(page.locator(".facts")).not_to_contain_text("once sent")
    assert cuts == [200], "the server recorded the delivery; its answer was cut"
    assert events_of(server, activity) == ["ActivityPlanned", "ActivityDelivered", "OutputRecorded"]
