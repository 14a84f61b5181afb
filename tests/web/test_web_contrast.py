"""Colours people read: status badges (white text on the status colour) and warning text meet
WCAG AA (4.5:1 for normal text); the page names its icon, so browsers do not ask for a
missing /favicon.ico."""

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "review_app" / "web" / "static" / "app.css"
AA = 4.5


def _variables() -> dict[str, str]:
    found = re.findall(r"--([\w-]+):\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\s*;", CSS.read_text())
    # #fff is #ffffff: each digit doubled.
    return {
        name: "#" + (hex if len(hex) == 6 else "".join(c * 2 for c in hex)) for name, hex in found
    }


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_formula_matches_wcags_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


# "memory": the grid's TM badge of a segment pre-translated from the translation memory.
@pytest.mark.parametrize("status", ["draft", "translated", "approved", "rejected", "memory"])
def test_white_badge_text_is_readable_on_every_status_colour(status):
    assert contrast(_variables()[status], "#ffffff") >= AA


@pytest.mark.parametrize("background", ["paper", "wash"])
@pytest.mark.parametrize("text", ["ink", "muted", "warn", "accent"])
def test_text_colours_are_readable_on_the_page(text, background):
    colours = _variables()
    assert contrast(colours[text], colours[background]) >= AA


def test_the_page_names_its_icon(auth):
    auth.login("translator")
    page = auth.get("/").get_data(as_text=True)
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page)
    assert icon
    response = auth.get(icon.group(1))
    response.close()
    assert response.status_code == 200
