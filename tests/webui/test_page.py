"""The page at /__admin/ui in headless Chromium, against the mock over real HTTP.

Requests are sent from elsewhere (httpx) while the page is open, and the page is read as a person
would see it. One browser serves the whole session (see conftest.py); each test opens a tab.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from click.testing import CliRunner

from mockserver.cli import main
from mockserver.server import BackgroundServer
from mockserver.settings import Settings
from tests.conftest import EXEC, SANDBOX

pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

from playwright.sync_api import Locator, Page, expect

expect.set_options(timeout=15_000)  # the machine is shared: generous, never a speed test

#: Two pauses, so the timeline has something to show: one, then two 300 ms later, then three.
STREAMED = "echo one; sleep 0.3; echo two >&2; sleep 0.2; echo three"


def open_journal(page: Page, server: BackgroundServer) -> None:
    page.goto(server.url + "/__admin/ui")
    expect(page.locator("#connection")).to_have_attribute("data-state", "live")


def row(page: Page, command: str) -> Locator:
    return page.locator("#journal tbody tr", has=page.locator("td.command", has_text=command))


def visible_rows(page: Page) -> Locator:
    return page.locator("#journal tbody tr:visible")


def stream(client: httpx.Client, command: str) -> httpx.Response:
    response = client.post(EXEC, json={"command": command}, headers={"Accept": "text/event-stream"})
    assert response.status_code == 200
    return response


def journal(client: httpx.Client) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = client.get("/__admin/requests").json()["requests"]
    return entries


def test_a_request_sent_elsewhere_shows_on_the_open_page_without_reloading(
    page: Page, mock: BackgroundServer, client: httpx.Client, artifacts: Path
) -> None:
    open_journal(page, mock)
    expect(page.locator("#empty")).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")
    client.post(EXEC, json={"command": "echo from elsewhere"})
    sent = time.monotonic()
    shown = row(page, "echo from elsewhere")
    expect(shown).to_be_visible()
    (artifacts / "live-latency.txt").write_text(f"{(time.monotonic() - sent) * 1000:.0f} ms\n")
    assert page.evaluate("window.stillTheSamePage") is True  # no reload happened
    when, method, sandbox, command, status, duration, answerer = shown.locator(
        "td"
    ).all_inner_texts()
    assert re.fullmatch(r"\d\d:\d\d:\d\d\.\d{3}", when)
    assert (method, sandbox, command, status) == (
        "POST",
        SANDBOX,
        "echo from elsewhere",
        "200 · exit 0",
    )
    assert re.fullmatch(r"\d+(\.\d)? ms", duration)
    assert answerer.split() == ["engine", "simulated"]

    client.post(EXEC, json={"command": "npm install"})
    by_fixture = row(page, "npm install").locator("td.answerer")
    expect(by_fixture).to_have_text(re.compile(r"fixture\s+npm-install\s+default\.yaml:\d+$"))
    expect(page.locator("#count")).to_have_text("2 requests")
    expect(page.locator("#journal tbody tr").first).to_contain_text("npm install")  # newest first


def test_a_stream_opens_to_its_events_on_a_timeline(
    page: Page, mock: BackgroundServer, client: httpx.Client, artifacts: Path
) -> None:
    client.post(EXEC, json={"command": "npm install"})
    client.post(EXEC, json={"command": "ls /nope"})
    client.post("/api/v1/sandboxes/no-such-box/exec", json={"command": "ls"})
    open_journal(page, mock)  # what came before the page opened is shown too
    expect(page.locator("#journal tbody tr")).to_have_count(3)
    stream(client, STREAMED)
    streamed = row(page, "echo one")
    expect(streamed.locator(".tag")).to_have_text("SSE")
    streamed.click()

    detail = page.locator("#detail")
    expect(detail.locator("h2")).to_have_text(f"POST {EXEC}")
    expect(detail).to_contain_text("Answered by engine 'simulated'")
    marks = detail.locator(".timeline-chart circle.mark")
    expect(marks).to_have_count(5)  # start, one, two, three, complete
    [entry] = [e for e in journal(client) if e["command"] == STREAMED]
    at = [event["at_ms"] for event in entry["response"]["events"]]
    x = [float(mark.get_attribute("cx") or "nan") for mark in marks.all()]
    # The picture keeps the times' proportions: the 300 ms pause is a gap 1.5 times the 200 ms one.
    assert (x[2] - x[1]) / (x[3] - x[2]) == pytest.approx((at[2] - at[1]) / (at[3] - at[2]), 0.01)
    assert x[0] <= x[1] < x[2] < x[3] <= x[4]
    assert detail.locator("circle.mark.stdout").count() == 2
    assert detail.locator("circle.mark.stderr").count() == 1
    times = detail.locator("table.events td.num").all_inner_texts()
    assert times == [f"+{value:.1f} ms" for value in at]
    expect(detail.locator("table.events")).to_contain_text('"two\\n"')
    page.screenshot(path=artifacts / "journal-with-stream.png")

    status = detail.locator(".detail-head .status")
    page.keyboard.press("ArrowDown")  # the next request down the list: the refused one
    expect(status).to_have_text("404")
    page.keyboard.press("ArrowDown")
    expect(status).to_have_text("200 · exit 2")
    expect(row(page, "ls /nope")).to_have_class(re.compile("selected"))
    expect(detail.locator("pre.code").last).to_contain_text('"exitCode": 2')
    expect(detail.locator('[data-part="timeline"]')).to_be_hidden()
    refused = row(page, "ls").filter(has_text="no-such-box")
    expect(refused.locator("td.status")).to_have_text("404")
    expect(refused.locator("td.answerer")).to_contain_text("the mock (request refused)")


def test_filters_narrow_the_list_and_clear_empties_the_journal(
    page: Page, mock: BackgroundServer, client: httpx.Client
) -> None:
    assert client.post("/__admin/sandboxes", json={"id": "box-2"}).status_code == 201
    client.post(EXEC, json={"command": "echo a"})
    client.post(EXEC, json={"command": "exit 3"})
    client.post("/api/v1/sandboxes/box-2/exec", json={"command": "printf marker-%s 42"})
    client.post("/api/v1/sandboxes/no-such-box/exec", json={"command": "echo c"})
    open_journal(page, mock)
    expect(visible_rows(page)).to_have_count(4)

    page.select_option("#filter-sandbox", "box-2")
    expect(visible_rows(page)).to_have_count(1)
    expect(visible_rows(page)).to_contain_text("printf marker")
    expect(page.locator("#count")).to_have_text("1 of 4 requests")
    page.select_option("#filter-sandbox", "")
    page.select_option("#filter-status", "4xx")
    expect(visible_rows(page)).to_have_count(1)
    expect(visible_rows(page)).to_contain_text("echo c")
    page.select_option("#filter-status", "failed")
    expect(visible_rows(page)).to_have_text([re.compile("exit 3")])
    page.select_option("#filter-status", "")
    page.fill("#filter-text", "ECHO")
    expect(visible_rows(page)).to_have_count(2)
    page.fill("#filter-text", "marker-42")  # what a command printed counts too
    expect(visible_rows(page)).to_have_text([re.compile("printf marker")])
    page.fill("#filter-text", "")

    page.click("#clear")
    expect(page.locator("#journal tbody tr")).to_have_count(0)
    expect(page.locator("#empty")).to_be_visible()
    assert journal(client) == []
    client.post(EXEC, json={"command": "echo after"})
    expect(page.locator("#journal tbody tr")).to_have_count(1)


def _saved_yaml(page: Page, command: str) -> str:
    row(page, command).click()
    page.locator('#detail [data-action="save"]').click()
    text = page.locator('#detail [data-field="yaml"]')
    expect(text).to_be_visible()
    return text.input_value()


def _events(response: httpx.Response) -> list[tuple[str, str]]:
    """(event, data) of an SSE body, in order."""
    pairs = []
    for block in response.text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.split("\n") if not line.startswith(":"))
        pairs.append((fields["event"], fields["data"]))
    return pairs


def test_save_as_fixture_gives_a_fixture_lint_accepts_that_answers_the_same_call(
    page: Page, mock: BackgroundServer, client: httpx.Client, tmp_path: Path
) -> None:
    original = stream(client, STREAMED)
    plain = {"command": "printf 'a\\nb\\n'; exit 4", "options": {"env": {"MODE": "x"}}}
    client.post(EXEC, json=plain)
    open_journal(page, mock)
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "stream.yaml").write_text(_saved_yaml(page, "echo one"))
    (folder / "plain.yaml").write_text(_saved_yaml(page, "printf"))

    linted = CliRunner().invoke(main, ["fixtures", "lint", str(folder)])
    assert linted.exit_code == 0, linted.output

    replaying = Settings(reload=False, log_level="warning", engine="scripted", fixtures=(folder,))
    with BackgroundServer(replaying) as replay, httpx.Client(base_url=replay.url) as other:
        started = time.monotonic()
        again = stream(other, STREAMED)
        assert _events(again) == _events(original)
        assert time.monotonic() - started >= 0.45  # the pauses are replayed (0.3 s + 0.2 s)
        assert other.post(EXEC, json=plain).json() == {
            "stdout": "a\nb\n",
            "stderr": "",
            "exitCode": 4,
            "success": False,
        }
        names = [
            e["answered_by"]["fixture"] for e in other.get("/__admin/requests").json()["requests"]
        ]
    saved = yaml.safe_load((folder / "stream.yaml").read_text())["fixtures"][0]["name"]
    assert names == [
        saved,
        yaml.safe_load((folder / "plain.yaml").read_text())["fixtures"][0]["name"],
    ]

    # "Add to the mock": the same call is now answered by the saved fixture.
    row(page, "echo one").click()
    page.locator('#detail [data-action="save"]').click()
    page.locator('#detail [data-action="add"]').click()
    expect(page.locator('#detail [data-field="save-result"]')).to_contain_text(
        f"Added fixture '{saved}'"
    )
    assert _events(stream(client, STREAMED)) == _events(original)
    answered = row(page, "echo one").filter(has_text="fixture")
    expect(answered.locator("td.answerer .name")).to_have_text(saved)


@pytest.fixture(scope="module")
def scripted_mock() -> Iterator[BackgroundServer]:
    with BackgroundServer(Settings(reload=False, log_level="warning", engine="scripted")) as server:
        yield server


def test_a_call_no_fixture_matched_shows_the_closest_fixture_and_what_differed(
    page: Page, scripted_mock: BackgroundServer
) -> None:
    open_journal(page, scripted_mock)
    with httpx.Client(base_url=scripted_mock.url) as client:
        client.post(EXEC, json={"command": "npm install --verbose"})
        client.post(EXEC, json={"command": "npm install"})
    page.select_option("#filter-status", "unmatched")
    expect(visible_rows(page)).to_have_count(1)
    row(page, "npm install --verbose").click()
    miss = page.locator('#detail [data-part="miss"]')
    expect(miss).to_be_visible()
    closest = miss.locator('[data-field="closest"]')
    expect(closest).to_contain_text("closest: fixture 'npm-install' (")
    expect(miss.locator('[data-field="differences"] li').first).to_contain_text("command")
    page.locator('#detail [data-action="save"]').click()
    result = page.locator('#detail [data-field="save-result"]')
    expect(result).to_contain_text("no fixture matched this call")


def test_the_explorer_sends_requests_to_the_mock(
    page: Page, mock: BackgroundServer, client: httpx.Client
) -> None:
    page.goto(mock.url + "/__admin/ui/explorer.html")
    page.locator(".opblock-summary").first.click()
    page.locator('tr[data-param-name="id"] input').fill(SANDBOX)
    page.locator("textarea.body-param__text").fill('{"command": "echo explored"}')
    page.locator("button.execute").click()
    expect(page.locator(".live-responses-table tr.response .response-col_status")).to_have_text(
        "200"
    )
    expect(page.locator(".live-responses-table")).to_contain_text("explored")
    [entry] = journal(client)
    assert entry["command"] == "echo explored" and entry["response"]["status"] == 200


@pytest.fixture(scope="module")
def data_only_mock() -> Iterator[BackgroundServer]:
    settings = Settings(reload=False, log_level="warning", sse_dialect="data-only")
    with BackgroundServer(settings) as server:
        yield server


def test_a_data_only_stream_has_its_timeline_too(
    page: Page, data_only_mock: BackgroundServer
) -> None:
    open_journal(page, data_only_mock)
    with httpx.Client(base_url=data_only_mock.url) as client:
        stream(client, "echo one; sleep 0.1; echo two >&2; exit 3")
    streamed = row(page, "echo one")
    expect(streamed.locator("td.status")).to_have_text("200 · exit 3")
    streamed.click()
    marks = page.locator("#detail .timeline-chart circle.mark")
    expect(marks).to_have_count(3)  # {"stdout"}, {"stderr"}, {"exit_code", "finished"}
    assert page.locator("#detail circle.mark.stdout").count() == 1
    assert page.locator("#detail circle.mark.stderr").count() == 1
    expect(page.locator("#detail table.events")).to_contain_text('"exit_code":3')
