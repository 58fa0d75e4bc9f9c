"""Charts as PNG bytes, drawn with Pillow alone (no matplotlib, no system fonts).

`stacked_bar_chart` draws one horizontal bar per category (a unit), stacked from its series (on
time, late, overdue), with the category names on the vertical axis, a title, a subtitle, a legend
and a count axis. Texts come from the caller (so the labels are in the person's language); the
font is Pillow's own (`ImageFont.load_default(size=...)`, Pillow >= 10.1), so the chart looks the
same on any machine.

The width is fixed; the height grows with the number of bars up to `MAX_BARS` (the caller orders
the categories, e.g. the units lagging most first, and says in `footer` what was left out), so
`chart_size(n)` tells in advance how large the image is. The same input gives the same bytes.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

__all__ = [
    "BACKGROUND",
    "GREEN",
    "INK",
    "MAX_BARS",
    "MIN_HEIGHT",
    "ORANGE",
    "RED",
    "ROW",
    "TOP",
    "WIDTH",
    "Series",
    "chart_size",
    "stacked_bar_chart",
]

RGB = tuple[int, int, int]

WIDTH = 1200
MAX_BARS = 25
TOP = 150  # title, subtitle, legend
ROW = 36  # one bar and the space around it
BAR = 24
BOTTOM = 80  # the count axis and the footer
MIN_HEIGHT = 320
LABEL_WIDTH = 300  # the category names, right-aligned before the bars
LEFT = 20
RIGHT = 50

BACKGROUND: RGB = (255, 255, 255)
INK: RGB = (33, 37, 41)
MUTED: RGB = (108, 117, 125)
GRID: RGB = (222, 226, 230)
GREEN: RGB = (46, 160, 67)
ORANGE: RGB = (245, 159, 0)
RED: RGB = (214, 40, 40)


@dataclass(frozen=True)
class Series:
    """One part of every bar: its legend label, its colour and one value per category."""

    label: str
    color: RGB
    values: Sequence[int]


def chart_size(bars: int) -> tuple[int, int]:
    """(width, height) of a chart with `bars` bars (at most `MAX_BARS` are drawn)."""
    shown = max(0, min(bars, MAX_BARS))
    return WIDTH, max(MIN_HEIGHT, TOP + shown * ROW + BOTTOM)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


# Pillow's own font has no glyph for these: they would be drawn as empty boxes.
_PLAIN = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"'})


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> str:
    """`text` (one line, plain punctuation) shortened with an ellipsis to at most `width` pixels."""
    text = " ".join(text.translate(_PLAIN).split())
    if draw.textlength(text, font=font) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if draw.textlength(text[:middle].rstrip() + "…", font=font) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def _tick_step(largest: int, ticks: int = 8) -> int:
    """A step of 1, 2 or 5 times a power of ten giving at most `ticks` intervals up to `largest`."""
    if largest <= ticks:
        return 1
    raw = largest / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def stacked_bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    subtitle: str = "",
    footer: str = "",
    empty_text: str = "",
) -> bytes:
    """A horizontal stacked bar chart as PNG bytes (see the module docstring).

    Only the first `MAX_BARS` categories are drawn. Every series must have one value per category.
    """
    for part in series:
        if len(part.values) != len(categories):
            raise ValueError(f"series {part.label!r} has {len(part.values)} values for {len(categories)} categories")
        if any(value < 0 for value in part.values):
            raise ValueError(f"series {part.label!r} has a negative value")
    shown = list(categories[:MAX_BARS])
    width, height = chart_size(len(shown))
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title_font, text_font, small_font = _font(26), _font(16), _font(14)

    draw.text((LEFT, 18), _fit(draw, title, title_font, width - 2 * LEFT), fill=INK, font=title_font)
    if subtitle:
        draw.text((LEFT, 56), _fit(draw, subtitle, text_font, width - 2 * LEFT), fill=MUTED, font=text_font)
    x = LEFT
    for part in series:  # the legend: a swatch and its label each
        draw.rectangle((x, 94, x + 18, 112), fill=part.color)
        label = _fit(draw, part.label, text_font, 300)
        draw.text((x + 26, 94), label, fill=INK, font=text_font)
        x += 26 + int(draw.textlength(label, font=text_font)) + 36

    plot_left, plot_right = LEFT + LABEL_WIDTH + 12, width - RIGHT
    plot_top, plot_bottom = TOP, TOP + len(shown) * ROW
    if not shown:
        message = _fit(draw, empty_text, text_font, width - 2 * LEFT)
        draw.text((width // 2, (TOP + height) // 2), message, fill=MUTED, font=text_font, anchor="mm")
        return _png(image)

    totals = [sum(part.values[index] for part in series) for index in range(len(shown))]
    step = _tick_step(max(max(totals), 1))
    scale_max = max(step, math.ceil(max(max(totals), 1) / step) * step)
    span = plot_right - plot_left

    def x_of(value: float) -> int:
        return plot_left + round(span * value / scale_max)

    for tick in range(0, scale_max + 1, step):  # grid lines and the count axis
        tick_x = x_of(tick)
        draw.line((tick_x, plot_top - 6, tick_x, plot_bottom), fill=GRID, width=1)
        draw.text((tick_x, plot_bottom + 8), str(tick), fill=MUTED, font=small_font, anchor="mt")
    draw.line((plot_left, plot_top - 6, plot_left, plot_bottom), fill=INK, width=2)

    for index, name in enumerate(shown):
        row_top = plot_top + index * ROW + (ROW - BAR) // 2
        label = _fit(draw, name, text_font, LABEL_WIDTH)
        draw.text((plot_left - 12, row_top + BAR // 2), label, fill=INK, font=text_font, anchor="rm")
        start = 0
        for part in series:
            value = part.values[index]
            if value <= 0:
                continue
            left, right = x_of(start), x_of(start + value)
            draw.rectangle((left, row_top, max(left, right - 1), row_top + BAR - 1), fill=part.color)
            number = str(value)
            if right - left >= draw.textlength(number, font=small_font) + 8:
                draw.text(((left + right) // 2, row_top + BAR // 2), number, fill=BACKGROUND, font=small_font, anchor="mm")
            start += value
        if totals[index] == 0:
            draw.text((plot_left + 6, row_top + BAR // 2), "0", fill=MUTED, font=small_font, anchor="lm")

    if footer:
        draw.text((LEFT, height - 28), _fit(draw, footer, small_font, width - 2 * LEFT), fill=MUTED, font=small_font)
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
