"""The server-side SVG charts: well-formed, scaled to the levels, escaped, and accessible."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from app.web.charts import progress_svg, round_comparison_svg

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def bars(root: ET.Element, css: str) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if css in r.get("class", "").split()]


def test_round_comparison_draws_one_bar_per_criterion_and_round() -> None:
    svg = parse(round_comparison_svg(["Opening", "Listening"], [2, 4], [5, 3]))
    first = [b for b in bars(svg, "bar-first") if float(b.get("height", 0)) > 12]
    second = [b for b in bars(svg, "bar-second") if float(b.get("height", 0)) > 12]
    assert len(first) == 2 and len(second) == 2


def test_round_comparison_bar_length_is_proportional_to_the_level() -> None:
    svg = parse(round_comparison_svg(["Opening"], [1], [5]))
    widths = {
        css: float(
            next(b for b in bars(svg, css) if float(b.get("height", 0)) > 12).get("width", 0)
        )
        for css in ("bar-first", "bar-second")
    }
    assert widths["bar-second"] == pytest.approx(widths["bar-first"] * 5)


def test_round_comparison_leaves_out_an_unplayed_round() -> None:
    svg = parse(round_comparison_svg(["Opening", "Listening"], [3, 2], [None, None]))
    assert len([b for b in bars(svg, "bar-second") if float(b.get("height", 0)) > 12]) == 0
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and "not played" in (desc.text or "")


def test_round_comparison_escapes_labels() -> None:
    markup = round_comparison_svg(["<script>alert(1)</script>"], [3], [4])
    assert "<script>" not in markup
    parse(markup)  # still well-formed XML


def test_round_comparison_is_labelled_for_screen_readers() -> None:
    svg = parse(round_comparison_svg(["Opening"], [2], [4]))
    assert svg.get("role") == "img"
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and "Opening: call 1 2 of 5, call 2 4 of 5" in (desc.text or "")


def test_round_comparison_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError):
        round_comparison_svg(["Opening", "Listening"], [3], [4, 2])


def test_progress_draws_a_line_per_criterion_with_a_point_per_attempt() -> None:
    svg = parse(progress_svg({"Opening": [2, 3, 5], "Listening": [4, 4, 3]}))
    lines = list(svg.iter(f"{SVG}polyline"))
    assert len(lines) == 2
    assert all(len(line.get("points", "").split()) == 3 for line in lines)
    assert len(list(svg.iter(f"{SVG}circle"))) == 6


def test_progress_puts_higher_levels_higher_on_the_chart() -> None:
    svg = parse(progress_svg({"Opening": [1, 5]}))
    line = next(svg.iter(f"{SVG}polyline"))
    (_, y1), (_, y2) = (map(float, p.split(",")) for p in line.get("points", "").split())
    assert y2 < y1  # SVG y grows downwards


def test_progress_with_one_attempt_draws_a_point_and_no_line() -> None:
    svg = parse(progress_svg({"Opening": [3]}))
    assert list(svg.iter(f"{SVG}polyline")) == []
    assert len(list(svg.iter(f"{SVG}circle"))) == 1


def test_progress_without_attempts_is_still_valid() -> None:
    svg = parse(progress_svg({}))
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and desc.text == "No attempts yet"


def test_progress_escapes_criterion_names() -> None:
    markup = progress_svg({'"><img src=x onerror=alert(1)>': [2, 3]})
    assert "<img" not in markup
    parse(markup)
