"""Participants as people (issue 28): an adviser imports an attendance sheet, confirms that one
row is someone registered before, and records the list; the donor's dashboard then counts
distinct people trained and shows no group smaller than five as a number; a manager's
participant page reads at 320 px, and an erasure leaves the counts as they were.
"""

import re
import secrets

from playwright.sync_api import expect

from conftest import screenshot, sign_in
from test_pages import NARROWEST, SIDEWAYS

PROGRAMME = "00000000-0000-4000-8000-000000000101"
DONOR = "European Union"
YEAR = "2011"


def post(server, path, body, role="adviser"):
    status, _, answer = server.http("POST", path, token=server.tokens[role], body=body,
                                    headers={"Idempotency-Key": secrets.token_hex(16)})
    assert status in (200, 201), f"POST {path} answered {status}: {answer}"
    return answer


def uuid():
    return f"{secrets.token_hex(4)}-{secrets.token_hex(2)}-4{secrets.token_hex(2)[1:]}-8{secrets.token_hex(2)[1:]}-{secrets.token_hex(6)}"


def delivered_training(server, title, day):
    """Setup outside the steps under test: a training in Bolivia, delivered, funded by the EU."""
    activity = uuid()
    post(server, "/api/v1/activities", {
        "id": activity, "programme_id": PROGRAMME, "kind": "training", "title": title, "countries": ["BOL"],
        "location": "La Paz", "planned_start": f"{YEAR}-03-{day}", "planned_end": f"{YEAR}-03-{day}",
    })
    post(server, f"/api/v1/activities/{activity}/delivery", {"start": f"{YEAR}-03-{day}", "end": f"{YEAR}-03-{day}", "mode": "in_person"})
    post(server, f"/api/v1/activities/{activity}/funding", {"donor": DONOR, "amount": "1000.00", "currency": "EUR"})
    return activity


def sheet(tag, email):
    """Six people: five new, and one (the same e-mail) registered before."""
    rows = [
        "name,sex,age_band,institution,country,function,email,phone,pre_score,post_score",
        f"Ana Mamani {tag},female,25_34,police,BOL,Inspector,ana.{tag}@example.org,,40,70",
        f"Rosa Condori {tag},female,35_44,prosecutors,BOL,Prosecutor,,,55,80",
        f"Lucía Flores {tag},female,18_24,judges,BOL,Clerk,,,60,65",
        f"Carlos Vargas {tag},male,45_54,customs,BOL,Officer,,,30,75",
        f"Jorge Rojas {tag},male,55_64,police,BOL,Commissioner,,,50,50",
        f"María Quispe {tag},female,25_34,police,BOL,Inspector,{email},,45,90",
        "",
    ]
    return "\r\n".join(rows).encode()


def test_an_imported_sheet_with_a_confirmed_match_counts_each_person_once(server, browser, page):
    tag = secrets.token_hex(3)
    email = f"maria.{tag}@example.org"
    # Registered earlier, through the API, and trained once already.
    earlier = delivered_training(server, f"First course {tag}", "07")
    maria = uuid()
    post(server, "/api/v1/participants", {
        "id": maria, "name": f"María Quispe {tag}", "email": email, "sex": "female", "age_band": "25_34",
        "institution": "police", "country": "BOL", "consent": {"purpose": "Training records", "given_on": f"{YEAR}-03-01"},
    })
    post(server, f"/api/v1/activities/{earlier}/attendance", {"attendees": [{"participant_id": maria, "pre_score": 40, "post_score": 60}]})
    activity = delivered_training(server, f"Second course {tag}", "14")

    # The adviser checks the sheet: every row, its problems and the suggested match; nothing written.
    sign_in(page, server, "adviser")
    page.goto(f"{server.base}/#/activity/{activity}")
    section = page.locator("#participants")
    expect(section).to_contain_text("No list of participants yet")
    section.get_by_text("Import an attendance sheet", exact=True).click()
    section.get_by_label("Attendance sheet (CSV or XLSX)").set_input_files(
        files=[{"name": "attendance.csv", "mimeType": "text/csv", "buffer": sheet(tag, email)}])
    section.get_by_role("button", name="Check the sheet").click()
    expect(page.locator("#sheet-checked")).to_have_text(
        "6 rows read: 0 with problems, 1 with people who may already be registered. Nothing was written.")
    expect(page.locator("#sheet-rows tbody tr")).to_have_count(6)
    assert server.api(f"/api/v1/activities/{activity}/attendance", role="adviser")["attendees"] == []

    # Recording before saying whether the match is the same person is refused, beside the row.
    page.get_by_role("button", name="Record the attendance of 6 people").click()
    expect(page.locator("#sheet-rows tr[data-row] .error:visible")).to_have_text("Say whether this is the same person or a new one.")
    page.get_by_label(f"The same person: María Quispe {tag} (same e-mail)").check()
    expect(page.locator("#sheet-rows tr[data-row] .error:visible")).to_have_count(0)
    screenshot(page, "attendance-preview", server)
    page.get_by_role("button", name="Record the attendance of 6 people").click()
    expect(page.locator("#attendance tbody tr")).to_have_count(6)
    expect(page.locator("#attendance")).to_contain_text(f"María Quispe {tag}")

    recorded = server.api(f"/api/v1/activities/{activity}/attendance", role="adviser")["attendees"]
    assert len(recorded) == 6 and maria in [a["participant_id"] for a in recorded]
    page.set_viewport_size(NARROWEST)
    assert page.evaluate(SIDEWAYS) == [], "the activity page with its participants at 320 px"
    screenshot(page, "attendance-recorded", server)

    # The donor's dashboard: six different people; no cell from 1 to 4 reads as a number.
    range_ = f"from={YEAR}-01-01&to={YEAR}-12-31"
    expected = server.api(f"/api/v1/donors/{DONOR.replace(' ', '%20')}/summary?{range_}", role="donor")["people"]
    assert expected["distinct"] == 6 and expected["male"] is None and expected["trained_more_than_once"] is None
    donor = browser.new_context(viewport={"width": 1280, "height": 900})
    dashboard = donor.new_page()
    sign_in(dashboard, server, "donor")
    dashboard.goto(f"{server.base}/#/dashboard?scope=donor&id={DONOR.replace(' ', '%20')}&{range_}")
    card = dashboard.locator("#people-trained")
    expect(card.locator("#people-distinct")).to_have_text("6")
    expect(card).to_contain_text("fewer than 5")
    cells = card.locator("td, #people-distinct").all_inner_texts()
    # The tallies of heads read the same way: no count of people from 1 to 4 on the page.
    for region in ["Participants by sex", "Participants by institution"]:
        cells += dashboard.get_by_role("region", name=region).locator("td.num").all_inner_texts()
    cells.append(dashboard.locator("#total-participants").inner_text())
    assert not [c for c in cells if re.fullmatch(r"\s*[1-4]\s*", c)], cells
    screenshot(dashboard, "people-trained-donor", server)
    donor.close()

    # A manager's page of the person: their two activities; it reads at 320 px.
    manager = browser.new_context(viewport=NARROWEST)
    person = manager.new_page()
    sign_in(person, server, "manager")
    person.goto(f"{server.base}/#/participants/{maria}")
    expect(person.locator("#participant-activities tbody tr")).to_have_count(2)
    assert person.evaluate(SIDEWAYS) == [], "the participant page at 320 px"

    # Erasing someone: the page says who they were no longer, and the counts do not change.
    ana = next(a["participant_id"] for a in recorded if a["name"] == f"Ana Mamani {tag}")
    person.goto(f"{server.base}/#/participants/{ana}")
    # The hash changes within the page: wait for Ana's page, not María's erase form.
    expect(person.locator("h1")).to_have_text(f"Ana Mamani {tag}")
    erase = person.locator("details[data-action=erase]")
    erase.locator("summary").click()
    person.get_by_label("Ground for erasure").select_option(label="The person asked to be erased")
    person.get_by_label("I understand that this cannot be undone.").check()
    screenshot(person, "participant-erase", server)
    erase.get_by_role("button", name="Erase").click()
    expect(person.locator("#erased")).to_be_visible()
    expect(person.locator("h1")).to_have_text("Erased participant")
    assert f"Ana Mamani {tag}" not in person.locator("#main").inner_text()
    manager.close()
    after = server.api(f"/api/v1/donors/{DONOR.replace(' ', '%20')}/summary?{range_}", role="donor")["people"]
    assert after == expected
