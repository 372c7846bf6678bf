"""The area page keeps up: follow-ups appear as the user answers, answers save as the
user goes, errors are summarised with focus, and a second start offers the draft."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from assessment.answers import Response, condition_holds
from assessment.questionnaire.schema import Condition
from tests.browser.conftest import AUTOSAVE_DELAY_SECONDS, LiveServer, assert_accessible
from tests.browser.test_journeys import sign_in

WIDTHS = (1280, 375)
SAVED = 10_000  # ms: at most this long for an autosave (it starts 0.5 s after the last change)


def phone_or_desktop(browser: Browser, width: int, **options: Any) -> Page:
    return browser.new_context(viewport={"width": width, "height": 900}, **options).new_page()


def start_audit(page: Page, server: LiveServer) -> None:
    sign_in(page, server)
    page.click("text=Start an audit")
    expect(page.locator(".step-count")).to_have_text("Area 1 of 5")
    # The questionnaire's script is deferred: it has run once the document is parsed.
    page.wait_for_load_state("domcontentloaded")


# Every test the questionnaire schema offers, on values of every kind, unanswered included.
CONDITION_CASES: list[tuple[dict[str, Any], Any]] = [
    (test, value)
    for test in (
        {"equals": "yes"},
        {"equals": 3.0},
        {"in": ["yearly", "quarterly"]},
        {"in": [2.0, 4.0]},
        {"includes": "sales"},
        {"at_least": 50.0},
        {"at_most": 3.0},
    )
    for value in ("yes", "no", "yearly", 3, 4, 2, 50.0, 49.5, ["sales"], ["service"], [], None)
]


def test_the_script_evaluates_every_condition_test_as_the_server_does(
    page: Page, world_server: LiveServer
) -> None:
    start_audit(page, world_server)
    for test, value in CONDITION_CASES:
        condition = Condition.model_validate({"question": "q"} | test)
        expected = condition_holds(condition, None if value is None else Response(value))
        in_browser = page.evaluate(
            "([c, v]) => conditionHolds(c, v)", [{"question": "q"} | test, value]
        )
        assert in_browser is expected, (test, value)


def test_a_chain_of_conditions_hides_what_hangs_on_a_hidden_question(
    page: Page, world_server: LiveServer
) -> None:
    start_audit(page, world_server)
    conditions = {"b": {"question": "a", "equals": "yes"}, "c": {"question": "b", "at_least": 3}}
    shown = "([c, a]) => ['a', 'b', 'c'].filter((id) => isShown(id, c, a))"
    assert page.evaluate(shown, [conditions, {"a": "yes", "b": 4}]) == ["a", "b", "c"]
    assert page.evaluate(shown, [conditions, {"a": "no", "b": 4}]) == ["a"]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_follow_up_appears_as_the_user_answers_and_is_saved_without_a_detour(
    browser: Browser, world_server: LiveServer, width: int
) -> None:
    page = phone_or_desktop(browser, width)
    start_audit(page, world_server)
    follow_up = page.locator("#q-cu-research-5")
    expect(follow_up).to_be_hidden()
    page.check("#answer-cu-research-1-2")  # About once a year
    expect(follow_up).to_be_visible()
    expect(page.locator("#follow-up-news")).to_have_text(
        re.compile(r"^A follow-up question appeared: Did your most recent customer research")
    )
    assert_accessible(page)
    page.check("#answer-cu-research-1-0")  # Never: the follow-up goes again
    expect(follow_up).to_be_hidden()
    page.check("#answer-cu-research-1-3")  # Quarterly
    page.check("#answer-cu-research-5-0")  # Yes
    page.click("text=Save and continue")
    expect(page.locator(".step-count")).to_have_text("Area 2 of 5")
    page.click("nav.stepper >> text=Lack of Customer Understanding")
    expect(page.locator("#answer-cu-research-5-0")).to_be_checked()
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_without_script_the_page_comes_back_at_the_follow_up_and_says_why(
    browser: Browser, world_server: LiveServer, width: int
) -> None:
    page = phone_or_desktop(browser, width, java_script_enabled=False)
    start_audit(page, world_server)
    expect(page.locator("#q-cu-research-5")).to_be_hidden()
    page.check("#answer-cu-research-1-2")
    expect(page.locator("#q-cu-research-5")).to_be_hidden()  # nothing changes without script
    page.click("text=Save and continue")
    expect(page).to_have_url(re.compile(r"/areas/1\?opened=cu-research-5#q-cu-research-5$"))
    note = page.locator("#q-cu-research-5 .follow-up-note")
    expect(note).to_contain_text("Your answer to “How often does your team run")
    expect(note).to_be_in_viewport()
    url, cookies = page.url, page.context.cookies()
    page.context.close()
    scripted = phone_or_desktop(browser, width)  # axe needs script; the markup is the same
    scripted.context.add_cookies(cookies)
    scripted.goto(url)
    expect(scripted.locator("#q-cu-research-5 .follow-up-note")).to_be_visible()
    assert_accessible(scripted)
    scripted.context.close()


@pytest.mark.parametrize("width", [1280])  # behaviour, not layout: test_phone_widths
def test_answers_save_as_the_user_goes_and_a_reload_shows_them(
    browser: Browser, world_server: LiveServer, width: int
) -> None:
    page = phone_or_desktop(browser, width)
    start_audit(page, world_server)
    page.check("#answer-cu-data-1-3")  # Agree
    page.fill("input[name=answer-cu-data-2]", "65")
    status = page.locator("#save-status")
    expect(status).to_have_text(re.compile(r"^Saved at \d"), timeout=SAVED)
    assert_accessible(page)
    page.reload()
    expect(page.locator("#answer-cu-data-1-3")).to_be_checked()
    expect(page.locator("input[name=answer-cu-data-2]")).to_have_value("65")
    page.check("#answer-cu-data-5-1")
    expect(status).to_have_text(re.compile(r"^Saved at"), timeout=SAVED)
    page.click("text=Save and continue")  # the form took the autosave's revision
    expect(page.locator(".step-count")).to_have_text("Area 2 of 5")
    page.context.close()


def test_an_invalid_answer_in_an_autosave_is_reported_and_the_rest_saved(
    page: Page, world_server: LiveServer
) -> None:
    start_audit(page, world_server)
    page.check("#answer-cu-data-1-3")
    page.fill("input[name=answer-cu-data-2]", "lots")
    status = page.locator("#save-status")
    expect(status).to_contain_text("except one answer to correct", timeout=SAVED)
    expect(status.locator("a")).to_have_text(re.compile(r"^Roughly what percentage"))
    page.reload()
    expect(page.locator("#answer-cu-data-1-3")).to_be_checked()


def test_a_conflicting_autosave_says_so_and_offers_to_reload(
    browser: Browser, world_server: LiveServer
) -> None:
    context = browser.new_context()
    tab_one = context.new_page()
    start_audit(tab_one, world_server)
    tab_two = context.new_page()
    tab_two.goto(tab_one.url)
    tab_one.check("#answer-cu-data-1-4")
    tab_one.click("text=Save and exit")
    tab_two.check("#answer-cu-data-1-0")
    status = tab_two.locator("#save-status")
    expect(status).to_contain_text("Someone else changed this audit", timeout=SAVED)
    expect(status.get_by_role("button", name="Reload the page")).to_be_visible()
    assert_accessible(tab_two)
    status.get_by_role("button", name="Reload the page").click()
    expect(tab_two.locator("#answer-cu-data-1-4")).to_be_checked()  # never overwritten
    context.close()


def test_leaving_before_the_autosave_warns(page: Page, world_server: LiveServer) -> None:
    world_server.app.config["AUTOSAVE_DELAY_SECONDS"] = 3.0  # the app's: time to leave first
    start_audit(page, world_server)
    page.check("#answer-cu-data-1-3")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_error_summary_takes_focus_and_leads_to_the_field(
    browser: Browser, world_server: LiveServer, width: int
) -> None:
    page = phone_or_desktop(browser, width)
    start_audit(page, world_server)
    page.fill("input[name=answer-cu-data-2]", "200")
    page.click("text=Save and exit")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Your other answers on this page are saved.")
    assert_accessible(page)
    summary.locator("a").first.click()
    expect(page.locator("#answer-cu-data-2")).to_be_focused()
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_buttons_are_tabbed_in_the_order_they_show(
    browser: Browser, world_server: LiveServer, width: int
) -> None:
    page = phone_or_desktop(browser, width)
    start_audit(page, world_server)
    page.click("nav.stepper >> text=Ineffective Communication")
    buttons = page.locator(".form-actions button")
    buttons.first.focus()
    tabbed = [page.evaluate("() => document.activeElement.textContent")]
    for _ in range(2):
        page.keyboard.press("Tab")
        tabbed.append(page.evaluate("() => document.activeElement.textContent"))
    assert tabbed == ["Save and continue", "Save and go back", "Save and exit"]
    boxes = [buttons.nth(i).bounding_box() for i in range(3)]
    reading_order = sorted(range(3), key=lambda i: (round(boxes[i]["y"]), boxes[i]["x"]))
    assert reading_order == [0, 1, 2]
    page.context.close()


@pytest.mark.parametrize("width", [1280])  # behaviour, not layout: test_phone_widths
def test_starting_again_offers_the_draft_and_discards_it_only_when_confirmed(
    browser: Browser, world_server: LiveServer, width: int
) -> None:
    page = phone_or_desktop(browser, width)
    start_audit(page, world_server)
    page.check("#answer-cu-data-1-3")
    page.click("text=Save and exit")
    page.click("text=Start a new audit")
    expect(page.locator("h1")).to_have_text("A draft audit of Acme Service exists")
    expect(page.locator(".draft-card")).to_contain_text("1 of")
    assert_accessible(page)
    page.click("text=Discard it and start anew")
    expect(page.locator("#confirm-error")).to_contain_text("Tick the box")
    assert_accessible(page)
    page.check("#confirm")
    page.click("text=Discard it and start anew")
    expect(page.locator(".step-count")).to_have_text("Area 1 of 5")
    expect(page.locator("#answer-cu-data-1-3")).not_to_be_checked()
    page.context.close()


@pytest.mark.parametrize("width", [1280])  # behaviour, not layout: test_phone_widths
def test_the_review_lists_every_answer_with_a_link_back_to_it(
    browser: Browser, world_server: LiveServer, width: int
) -> None:
    page = phone_or_desktop(browser, width)
    start_audit(page, world_server)
    page.check("#answer-cu-data-1-3")
    page.click("text=Save and continue")
    page.click("nav.stepper >> text=Review and submit")
    expect(page.locator(".review-area").first).to_contain_text("Agree (4)")
    assert_accessible(page)
    page.locator(".answer-edit a").first.click()
    expect(page).to_have_url(re.compile(r"/areas/1#q-cu-data-1$"))
    page.context.close()


def test_after_a_conflict_only_a_button_saves(browser: Browser, world_server: LiveServer) -> None:
    context = browser.new_context()
    tab_one = context.new_page()
    start_audit(tab_one, world_server)
    tab_two = context.new_page()
    tab_two.goto(tab_one.url)
    tab_one.check("#answer-cu-data-1-4")
    tab_one.click("text=Save and exit")
    tab_two.check("#answer-cu-data-1-0")
    tab_two.click("text=Save and continue")
    expect(tab_two.locator("#conflict")).to_be_visible()
    expect(tab_two.locator("#save-status")).to_contain_text("paused")
    posts: list[str] = []
    tab_two.on(
        "request", lambda request: posts.append(request.url) if request.method == "POST" else None
    )
    tab_two.check("#answer-cu-data-5-0")
    tab_two.wait_for_timeout(AUTOSAVE_DELAY_SECONDS * 3000)  # three delays: no save may start
    assert posts == []
    context.close()


def test_an_autosave_after_signing_out_elsewhere_says_it_was_not_saved(
    browser: Browser, world_server: LiveServer
) -> None:
    context = browser.new_context()
    page = context.new_page()
    start_audit(page, world_server)
    other = context.new_page()
    other.goto(world_server.url)
    other.click("text=Sign out")
    page.check("#answer-cu-data-1-3")
    status = page.locator("#save-status")
    expect(status).to_contain_text("perhaps you were signed out", timeout=SAVED)
    expect(page.locator("#answer-cu-data-1-3")).to_be_checked()  # still on the page
    context.close()
