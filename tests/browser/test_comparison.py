"""The comparison matrix is made for scanning: every option fits at 1280 px, the headings stay in view mid-table,
a phone compares two options of the reader's choice side by side, and a bad address never leaves an empty table."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import copied_text, settle, violations

pytestmark = pytest.mark.browser


def _open(tab: Any, url: str) -> None:
    tab.goto(url)
    tab.wait_for_selector(".kg-matrix-wrap[data-mounted]")


def _visible_columns(tab: Any) -> list[str]:
    return tab.evaluate("""() => [...document.querySelectorAll('.kg-matrix thead th[data-option]')]
        .filter(th => getComputedStyle(th).display !== 'none').map(th => th.dataset.option)""")


def test_every_option_column_is_visible_at_1280_without_scrolling_sideways(page: Any, site_url: str) -> None:
    _open(page, site_url + "comparison/")
    assert len(_visible_columns(page)) == 5
    right = page.evaluate("""() => Math.max(...[...document.querySelectorAll('.kg-matrix thead th')]
        .map(th => th.getBoundingClientRect().right))""")
    assert right <= 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    wrap = page.evaluate("(() => { const w = document.querySelector('.kg-matrix-wrap'); return [w.scrollWidth, w.clientWidth]; })()")
    assert wrap[0] <= wrap[1] + 1


@pytest.mark.parametrize(("path", "row", "table"), [("comparison/", "#request-quotas", ".kg-matrix"),
                                                 ("", "#performance-and-throughput", ".kg-glance")])
@pytest.mark.parametrize("size", ["page", "phone"])
def test_column_headings_stay_in_view_mid_table(request: pytest.FixtureRequest, site_url: str, size: str, path: str,
                                                row: str, table: str) -> None:
    tab = request.getfixturevalue(size)
    tab.goto(site_url + path)  # the headings stick without the matrix script: nothing to wait for
    tab.locator(row).scroll_into_view_if_needed()
    tab.evaluate("window.scrollBy(0, 150)")
    heading = tab.locator(f"{table} thead th").nth(1).bounding_box()
    header_bottom = tab.locator(".md-header").bounding_box()["height"]
    assert heading is not None and header_bottom - 2 <= heading["y"] <= header_bottom + 2, heading


#: The shown column headings that something else covers somewhere along their middle line.
COVERED_HEADINGS = """() => [...document.querySelectorAll('.kg-matrix thead th')].filter((th) => th.checkVisibility()).filter((th) => {
  const r = th.getBoundingClientRect();
  return [0.1, 0.3, 0.5, 0.7, 0.9].some((f) => {
    const top = document.elementFromPoint(r.left + f * r.width, r.top + r.height / 2);
    return !top || !th.contains(top);
  });
}).map((th) => th.textContent.trim())"""


@pytest.mark.parametrize("size", ["page", "phone"])
def test_scrolling_back_up_mid_table_leaves_the_headings_uncovered(request: pytest.FixtureRequest, site_url: str,
                                                                   size: str) -> None:
    # Scrolling up shows Material's "Back to top" button, which its script pins over the sticky headings; the
    # stylesheet moves it to the bottom corner. Nothing may cover the headings then.
    tab = request.getfixturevalue(size)
    _open(tab, site_url + "comparison/")
    tab.locator("#request-quotas").scroll_into_view_if_needed()
    tab.mouse.wheel(0, 600)
    tab.wait_for_function("() => scrollY > document.querySelector('#request-quotas').offsetTop")
    tab.mouse.wheel(0, -300)
    tab.wait_for_function("() => { const top = document.querySelector('.md-top'); return !top || !top.hidden; }")
    settle(tab)
    assert tab.evaluate(COVERED_HEADINGS) == []
    # In the bottom corner it is a round arrow, a fingertip wide: with its words it covered a column's values.
    button = tab.get_by_role("button", name="Back to top")
    box = button.bounding_box()
    viewport = tab.viewport_size
    assert box is not None and box["width"] <= 48 and box["height"] <= 48, box
    assert box["x"] + box["width"] >= viewport["width"] - 16 and box["y"] > viewport["height"] / 2, box


def test_a_cell_opens_to_its_full_answer_and_numbered_sources(page: Any, site_url: str) -> None:
    _open(page, site_url + "comparison/")
    cell = page.locator('#tenancy td[data-option="kms-standard"] details.kg-cell')
    assert cell.locator("> summary").inner_text().strip()
    assert not cell.locator(".kg-detail").is_visible()
    cell.locator("> summary").click()
    assert cell.locator(".kg-detail").is_visible()
    link = cell.locator("a.kg-src").first
    assert link.inner_text().startswith("[") and link.get_attribute("title")


def test_a_phone_compares_two_chosen_options_side_by_side(phone: Any, site_url: str) -> None:
    _open(phone, site_url + "comparison/")
    assert _visible_columns(phone) == ["kms-standard", "cloudhsm-direct"]
    phone.select_option("select[name=pair-1]", "kms-external-key-store")
    assert _visible_columns(phone) == ["kms-standard", "kms-external-key-store"]
    assert "?options=kms-standard%2Ckms-external-key-store" in phone.url
    right = phone.evaluate("""() => Math.max(...[...document.querySelectorAll('.kg-matrix thead th')]
        .filter(th => !th.hidden).map(th => th.getBoundingClientRect().right))""")
    assert right <= 390
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert violations(phone) == []


def test_a_rows_link_keeps_the_columns_chosen(phone: Any, site_url: str) -> None:
    _open(phone, site_url + "comparison/")
    phone.select_option("select[name=pair-1]", "kms-cloudhsm-key-store")
    phone.locator("#tenancy a.kg-permalink").click()
    phone.wait_for_function("() => location.hash === '#tenancy'")
    assert _visible_columns(phone) == ["kms-standard", "kms-cloudhsm-key-store"]
    assert "kms-cloudhsm-key-store" in phone.url


def test_a_laptop_link_opens_on_a_phone_with_the_first_and_last_of_its_options(phone: Any, site_url: str) -> None:
    # The first and the last of them, as a phone's own default pair is: KMS against CloudHSM stays in view.
    link = "comparison/?options=kms-standard,kms-cloudhsm-key-store,cloudhsm-direct#audit-logging"
    _open(phone, site_url + link)
    assert _visible_columns(phone) == ["kms-standard", "cloudhsm-direct"]
    assert "KMS + CloudHSM key store" in phone.locator(".kg-filter-note").inner_text()
    assert phone.url == site_url + link  # the address the reader came by is left as it was
    # A one-option link: the phone adds a second column and says so.
    _open(phone, site_url + "comparison/?options=kms-imported")
    assert _visible_columns(phone) == ["kms-imported", "cloudhsm-direct"]
    note = phone.locator(".kg-filter-note").inner_text()
    assert "Only KMS imported (BYOK) was chosen; a phone shows two options at a time, so CloudHSM direct is added" in note


def _in_view(tab: Any, selector: str) -> bool:
    """The element is wholly on screen, below Material's header."""
    return tab.evaluate("""(s) => { const r = document.querySelector(s).getBoundingClientRect();
        const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
        return r.top >= header && r.bottom <= innerHeight; }""", selector)


def _count(tab: Any) -> str:
    """The count under "Criterion" in the column headings, or "" while it is not shown."""
    shown = tab.locator(".kg-matrix thead .kg-shown")
    return shown.inner_text() if shown.is_visible() else ""


def test_the_headings_say_how_many_options_the_columns_show(page: Any, phone: Any, site_url: str) -> None:
    # The count stays in view with the sticky headings: a reader who lands mid-table knows columns are hidden.
    _open(page, site_url + "comparison/")
    assert _count(page) == ""
    page.locator(".kg-filter input[value=kms-imported]").uncheck()
    page.locator(".kg-filter input[value=kms-external-key-store]").uncheck()
    assert _count(page) == "3 of 5 options (change)"
    # The count leads back to the controls and keeps the reader's choice (it is not the address of the load).
    page.locator("#sla").scroll_into_view_if_needed()
    page.locator(".kg-matrix thead .kg-shown").click()
    page.wait_for_function("() => document.activeElement === document.querySelector('.kg-filter input')")
    assert _in_view(page, ".kg-filter")
    # From there the keyboard goes on through the boxes, each showing it has the focus.
    page.keyboard.press("Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    assert _visible_columns(page) == ["kms-standard", "kms-cloudhsm-key-store", "cloudhsm-direct"]
    assert "options=kms-standard%2Ckms-cloudhsm-key-store%2Ccloudhsm-direct" in page.url
    page.locator(".kg-reset").click()
    assert _count(page) == ""
    # A phone shows two at a time: the count is there from the first paint, and follows the reader's pick.
    _open(phone, site_url + "comparison/")
    assert _count(phone) == "2 of 5 options (change)"
    phone.select_option("select[name=pair-1]", "kms-standard")
    assert _count(phone) == "1 of 5 options (see the note above)"
    # Going back to the controls from the count changes nothing the reader chose.
    phone.locator(".kg-matrix thead .kg-shown").click()
    assert [phone.locator(f"select[name=pair-{i}]").input_value() for i in (0, 1)] == ["kms-standard", "kms-standard"]
    assert "Both lists name KMS standard" in phone.locator(".kg-filter-note").inner_text()


def _columns_become(tab: Any, expected: list[str]) -> None:
    tab.wait_for_function("""(expected) => JSON.stringify([...document.querySelectorAll('.kg-matrix thead th[data-option]')]
        .filter(th => getComputedStyle(th).display !== 'none').map(th => th.dataset.option)) === JSON.stringify(expected)""",
                          arg=expected, timeout=5000)


def test_turning_the_screen_keeps_the_readers_choice(phone: Any, site_url: str) -> None:
    # A phone's pair becomes the laptop's columns; the laptop's columns become the phone's pair (the first and the
    # last), with a note naming the rest, and the address keeps the whole choice at both sizes.
    _open(phone, site_url + "comparison/")
    phone.select_option("select[name=pair-1]", "kms-imported")
    phone.set_viewport_size({"width": 1280, "height": 800})
    _columns_become(phone, ["kms-standard", "kms-imported"])
    assert "options=kms-standard%2Ckms-imported" in phone.url
    phone.locator(".kg-filter input[value=kms-external-key-store]").check()
    three = "options=kms-standard%2Ckms-imported%2Ckms-external-key-store"
    assert three in phone.url
    phone.set_viewport_size({"width": 390, "height": 844})
    _columns_become(phone, ["kms-standard", "kms-external-key-store"])
    assert three in phone.url
    assert "KMS imported (BYOK) is also chosen but not shown" in phone.locator(".kg-filter-note").inner_text()
    phone.set_viewport_size({"width": 1280, "height": 800})
    _columns_become(phone, ["kms-standard", "kms-imported", "kms-external-key-store"])


def test_a_link_landing_mid_table_points_from_the_headings_to_its_note(phone: Any, site_url: str) -> None:
    # A laptop link with three options lands on a phone at a row, far below the note that names the third.
    _open(phone, site_url + "comparison/?options=kms-standard,kms-cloudhsm-key-store,cloudhsm-direct#sla")
    assert _count(phone) == "2 of 5 options (see the note above)"
    phone.locator(".kg-matrix thead .kg-shown").click()
    phone.wait_for_function("() => document.activeElement === document.querySelector('.kg-pair select')")
    assert "KMS + CloudHSM key store is also chosen but not shown" in phone.locator(".kg-filter-note").inner_text()
    assert _in_view(phone, ".kg-pair") and _in_view(phone, ".kg-filter-note")
    # The button stays on the page: the note and the reader's state are as they were.
    assert phone.url.endswith("#sla")


@pytest.mark.parametrize("parameter", ["options", "pair"])
def test_a_phones_pair_opens_on_a_laptop_as_those_two_columns(page: Any, site_url: str, parameter: str) -> None:
    _open(page, site_url + f"comparison/?{parameter}=kms-imported,kms-external-key-store")
    assert _visible_columns(page) == ["kms-imported", "kms-external-key-store"]


#: Every pair list is at least as wide as its longest option's name (in the list's font) plus 24 px for the arrow.
LISTS_FIT = """() => [...document.querySelectorAll('.kg-pair select')].every((s) => {
  const probe = document.createElement('span');
  probe.style.cssText = 'position: absolute; white-space: pre';  // out of the body's flex layout
  const style = getComputedStyle(s);  // (its `font` shorthand reads empty in Chromium)
  Object.assign(probe.style, {fontFamily: style.fontFamily, fontSize: style.fontSize, fontWeight: style.fontWeight});
  document.body.append(probe);
  const widest = Math.max(...[...s.options].map((o) => { probe.textContent = o.text; return probe.getBoundingClientRect().width; }));
  probe.remove();
  return s.getBoundingClientRect().width >= widest + 24;
})"""
LISTS = "ss => ss.map(s => s.value)"


def test_the_pair_lists_change_only_when_the_reader_changes_them(phone: Any, site_url: str) -> None:
    _open(phone, site_url + "comparison/")
    assert phone.evaluate(LISTS_FIT), "a pair list cuts option names short"
    phone.select_option("select[name=pair-1]", "kms-imported")
    phone.select_option("select[name=pair-0]", "kms-external-key-store")
    assert phone.eval_on_selector_all(".kg-pair select", LISTS) == ["kms-external-key-store", "kms-imported"]
    assert _visible_columns(phone) == ["kms-imported", "kms-external-key-store"]  # the table's own order
    # The same option in both lists: its one column, and a note saying what to do.
    phone.select_option("select[name=pair-1]", "kms-external-key-store")
    assert phone.eval_on_selector_all(".kg-pair select", LISTS) == ["kms-external-key-store", "kms-external-key-store"]
    assert _visible_columns(phone) == ["kms-external-key-store"]
    assert "pick another option in one of them" in phone.locator(".kg-filter-note").inner_text()


#: Where a matrix row's link tools sit: the "#" and "Copy link" tops, relative to the row's top.
ROW_TOOLS = """(id) => {
  const row = document.getElementById(id), top = row.getBoundingClientRect().top;
  return ['.kg-permalink', '.kg-copy'].map((s) => Math.round(row.querySelector(s).getBoundingClientRect().top - top));
}"""


# A long matrix row name once left its "#" alone on a line; opening a home-table cell once re-divided the columns.
@pytest.mark.parametrize(("path", "row", "size"), [("comparison/", "key-and-resource-quotas", "page"),
                                                   ("comparison/", "key-and-resource-quotas", "phone"),
                                                   ("", "performance-and-throughput", "page")])
def test_a_rows_link_tools_share_a_line_and_stay_put_when_a_cell_opens(request: pytest.FixtureRequest, site_url: str,
                                                                        path: str, row: str, size: str) -> None:
    tab = request.getfixturevalue(size)
    tab.goto(site_url + path)
    tab.wait_for_load_state("load")
    before = tab.evaluate(ROW_TOOLS, row)
    assert abs(before[0] - before[1]) <= 6, before
    tab.locator(f"#{row} td summary:visible").first.click()
    tab.wait_for_function("id => document.getElementById(id).querySelector('td details[open]')", arg=row)
    assert tab.evaluate(ROW_TOOLS, row) == before


def test_unknown_options_in_the_address_are_reported_not_an_empty_table(page: Any, site_url: str) -> None:
    _open(page, site_url + "comparison/?options=unknown")
    assert len(_visible_columns(page)) == 5
    assert "named an option this guide does not have (unknown); it was ignored" in page.locator(".kg-filter-note").inner_text()
    _open(page, site_url + "comparison/?options=kms-standard")
    assert _visible_columns(page) == ["kms-standard"]
    page.locator(".kg-filter input[value=kms-standard]").uncheck()
    assert "No option is selected" in page.locator(".kg-filter-note").inner_text()
    page.locator(".kg-reset").click()
    assert len(_visible_columns(page)) == 5 and "options=" not in page.url


def test_copy_link_puts_the_row_address_on_the_clipboard(page: Any, site_url: str) -> None:
    _open(page, site_url + "comparison/")
    button = page.locator("#tenancy .kg-copy")
    assert page.evaluate("b => getComputedStyle(b, '::before').content", button.element_handle()) == '"Copy link"'
    assert copied_text(page, button.click) == site_url + "comparison/#tenancy"
    assert button.get_attribute("data-state") == "copied"


def test_without_javascript_no_dead_copy_button_shows(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    try:
        tab = context.new_page()
        tab.goto(site_url + "comparison/")
        assert tab.locator(".kg-copy").count() == tab.locator("[data-anchor]").count() > 0
        assert tab.locator(".kg-copy:visible").count() == 0
    finally:
        context.close()


def test_on_a_phone_the_two_service_table_shows_both_services(phone: Any, site_url: str) -> None:
    # Its row names carry a disclosure ("What the common comparison says"): a label that may not wrap once pushed
    # the AWS CloudHSM column off the screen.
    _open(phone, site_url + "comparison/")
    wrap = phone.evaluate("(() => { const w = document.querySelector('.kg-glance').closest('.kg-table-wrap');"
                          " return [w.scrollWidth, w.clientWidth]; })()")
    assert wrap[0] <= wrap[1] + 1, wrap


@pytest.mark.parametrize("size", ["page", "phone"])
def test_opening_a_cell_keeps_the_two_service_tables_columns(request: pytest.FixtureRequest, site_url: str,
                                                             size: str) -> None:
    # With automatic widths a cell's full answer re-divided the columns and rewrapped the row heading.
    tab = request.getfixturevalue(size)
    tab.goto(site_url)
    widths = "[...document.querySelectorAll('.kg-glance thead th')].map((th) => Math.round(th.getBoundingClientRect().width))"
    before = tab.evaluate(widths)
    tab.locator("#performance-and-throughput td summary").first.click()
    tab.wait_for_function("() => document.querySelector('#performance-and-throughput td details[open]')")
    assert tab.evaluate(widths) == before
