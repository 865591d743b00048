"""Search (issue 25): the box on My activities finds activities by a word of their title or their
location, the list shows exactly those the API finds for the same `q` (in its order, the best
match first), and the search stays in the URL (`#/activities?q=...`), so a reload keeps it.
"""

import re
import urllib.parse

from playwright.sync_api import expect

from conftest import screenshot, sign_in

PHONE = {"width": 360, "height": 800}


LIST_LINKS = "section[aria-labelledby=list-title] a[href^='#/activity/']"


def listed_ids(page):
    """The ids of the activities the list (not "Needs doing") shows, in its order."""
    hrefs = page.locator(LIST_LINKS).evaluate_all("(ls) => ls.map((l) => l.getAttribute('href'))")
    return [href.rsplit("/", 1)[1] for href in hrefs]


def shows_exactly(page, expected):
    """Waits until the list shows the activities `expected` in that order (a page drawn for the
    previous search may still be on screen); fails with what it shows instead."""
    try:
        page.wait_for_function(
            """([selector, expected]) => {
                const ids = [...document.querySelectorAll(selector)].map((l) => l.getAttribute('href').split('/').pop());
                return JSON.stringify(ids) === JSON.stringify(expected);
            }""",
            arg=[LIST_LINKS, expected],
            timeout=5000,
        )
    except Exception:  # noqa: BLE001 - the comparison below says what differs
        pass
    assert listed_ids(page) == expected
    expect(page.locator("#shown")).to_have_text(f"{len(expected)} shown.")


def api_ids(server, q):
    answer = server.api(f"/api/v1/activities?{urllib.parse.urlencode({'q': q, 'limit': 500})}", role="adviser")
    return [item["id"] for item in answer["items"]]


def search(page, words):
    box = page.get_by_role("searchbox", name="Search activities")
    box.fill(words)
    box.press("Enter")
    encoded = urllib.parse.quote_plus(words, safe="*")  # as URLSearchParams writes it
    expect(page).to_have_url(re.compile(re.escape(f"#/activities?q={encoded}") + "$"))
    expect(page.get_by_role("heading", name="Matching activities")).to_be_visible()


def test_the_search_box_finds_activities_by_a_word_of_their_title_and_by_their_location(server, page):
    page.set_viewport_size(PHONE)
    sign_in(page, server, "adviser")
    everything = server.api("/api/v1/activities?limit=500", role="adviser")["items"]

    for words in ["firearms", "Luanda"]:
        expected = api_ids(server, words)
        assert 0 < len(expected) < len(everything), f"'{words}' finds some activities in scope, not all"

        search(page, words)

        shows_exactly(page, expected)
        assert page.get_by_role("searchbox", name="Search activities").input_value() == words

    screenshot(page, "search", server)
    # The search is in the URL: a reload (or a shared link) shows the same list.
    page.reload()
    shows_exactly(page, api_ids(server, "Luanda"))
    assert page.get_by_role("searchbox", name="Search activities").input_value() == "Luanda"
    # Query syntax typed in the box is only words: no error, and what the API finds.
    search(page, '"firearms" -(law)*')
    shows_exactly(page, api_ids(server, '"firearms" -(law)*'))


def test_the_search_keeps_the_other_filters(server, page):
    sign_in(page, server, "adviser")
    page.goto(server.base + "/#/activities?country=BOL")
    expect(page.get_by_role("heading", name="Matching activities")).to_be_visible()

    search_box = page.get_by_role("searchbox", name="Search activities")
    search_box.fill("workshop")
    search_box.press("Enter")

    expect(page).to_have_url(re.compile(re.escape("#/activities?q=workshop&country=BOL") + "$"))
    answer = server.api("/api/v1/activities?q=workshop&country=BOL&limit=500", role="adviser")
    in_bolivia = [item["id"] for item in answer["items"]]
    assert 0 < len(in_bolivia) < len(api_ids(server, "workshop")), "the country narrows the search"
    shows_exactly(page, in_bolivia)
