"""What the workspace's browser tests share: finding rows and editors, where the focus is, and
the console problems (errors, CSP violations) a page logged."""

from playwright.sync_api import expect

TITLE = "CANTOOP at the Shanghai IP conference"

# What has the focus, in words: never "body".
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return "body";
  if (e.matches("tr.segment")) return "row " + e.dataset.label;
  return (e.getAttribute("aria-label") || e.name || e.tagName).trim();
}"""


def open_sample(page):
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    # The heading can show before the deferred scripts have run; a click then does nothing.
    page.wait_for_load_state("domcontentloaded")


def row(page, label):
    return page.locator(f"tr.segment[data-label='{label}']")


def editor_of(page, label):
    return page.get_by_label(f"Translation of segment {label}", exact=True)


def open_editor(page, label):
    """Click the row's source text, as a translator would, and wait for its editor."""
    row(page, label).locator("td.source").click()
    editor = editor_of(page, label)
    expect(editor).to_be_focused()
    return editor


def focus_is(page, expected):
    """Wait until ``expected`` (see FOCUSED) has the focus; fail saying what has it."""
    try:
        page.wait_for_function(f"(want) => ({FOCUSED})() === want", arg=expected, timeout=5_000)
    except Exception:
        pass
    assert page.evaluate(FOCUSED) == expected


def watch_console(page):
    """The console errors and uncaught exceptions (a CSP violation is one) ``page`` logs."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems
