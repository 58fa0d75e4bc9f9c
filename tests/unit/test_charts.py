"""The PNG bar chart (Pillow only): a valid image of the announced size, bars where the numbers are."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.charts import (
    BACKGROUND,
    GREEN,
    INK,
    MAX_BARS,
    MIN_HEIGHT,
    ORANGE,
    RED,
    ROW,
    TOP,
    WIDTH,
    Series,
    chart_size,
    stacked_bar_chart,
)


def _chart(names: list[str], on_time: list[int], late: list[int], overdue: list[int], **kwargs: str) -> bytes:
    return stacked_bar_chart(
        "Kepatuhan pengumuman informasi berkala per unit, Januari–November 2026",
        names,
        [Series("Tepat waktu", GREEN, on_time), Series("Terlambat", ORANGE, late), Series("Lewat jatuh tempo", RED, overdue)],
        subtitle="per 30 Nov 2026 09.00 WIB",
        **kwargs,
    )


def _open(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    image.verify()  # a complete, uncorrupted PNG
    image = Image.open(io.BytesIO(png))
    return image.convert("RGB")


def _pixels(image: Image.Image, colour: tuple[int, int, int], box: tuple[int, int, int, int]) -> int:
    colours = image.crop(box).getcolors(maxcolors=1 << 22) or []
    return sum(count for count, value in colours if value == colour)


def _row_box(index: int) -> tuple[int, int, int, int]:
    return (0, TOP + index * ROW, WIDTH, TOP + (index + 1) * ROW)


def test_a_valid_png_of_the_expected_size_with_each_colour_where_it_belongs() -> None:
    image = _open(_chart(["Dinas Sosial", "Dinas Kesehatan"], [1, 2], [3, 0], [2, 1]))
    assert image.size == chart_size(2) == (WIDTH, max(MIN_HEIGHT, TOP + 2 * ROW + 80))
    sosial, kesehatan = _row_box(0), _row_box(1)
    assert _pixels(image, ORANGE, sosial) > 0  # Dinas Sosial has late items
    assert _pixels(image, ORANGE, kesehatan) == 0  # Dinas Kesehatan has none
    for colour in (GREEN, RED):
        assert _pixels(image, colour, sosial) > 0 and _pixels(image, colour, kesehatan) > 0
    # bar lengths follow the numbers: 3 late against 2 overdue in the same row
    assert _pixels(image, ORANGE, sosial) / _pixels(image, RED, sosial) == pytest.approx(3 / 2, rel=0.05)
    # 2 on time against 1 on time in the other row
    assert _pixels(image, GREEN, kesehatan) / _pixels(image, GREEN, sosial) == pytest.approx(2, rel=0.05)


def test_not_blank_and_deterministic() -> None:
    png = _chart(["Unit A"], [4], [1], [0])
    assert png == _chart(["Unit A"], [4], [1], [0])
    image = _open(png)
    background = _pixels(image, BACKGROUND, (0, 0, image.width, image.height))
    assert background < image.width * image.height  # something is drawn
    assert _pixels(image, INK, (0, 0, image.width, TOP)) > 0  # the title and the legend


def test_height_grows_with_the_units_up_to_a_cap_and_long_names_are_shortened() -> None:
    names = [f"Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Nomor {n}" for n in range(40)]
    values = list(range(40))
    image = _open(_chart(names, values, values, values, footer="Ditampilkan 25 unit dari 40."))
    assert image.size == chart_size(40) == chart_size(MAX_BARS) == (WIDTH, TOP + MAX_BARS * ROW + 80)
    assert chart_size(10)[1] < chart_size(20)[1] < chart_size(30)[1]
    # no bar below the last of the MAX_BARS rows: only the axis and the footer are there
    below = (0, TOP + MAX_BARS * ROW, WIDTH, image.height)
    assert _pixels(image, GREEN, below) == _pixels(image, ORANGE, below) == _pixels(image, RED, below) == 0


def test_nothing_to_draw_is_still_a_valid_image() -> None:
    image = _open(_chart([], [], [], [], empty_text="Tidak ada yang jatuh tempo."))
    assert image.size == chart_size(0)
    assert _pixels(image, ORANGE, (0, TOP, WIDTH, image.height)) == 0
    zero = _open(_chart(["Unit tanpa angka"], [0], [0], [0]))
    assert zero.size == chart_size(1)


def test_series_must_match_the_categories() -> None:
    with pytest.raises(ValueError, match="values"):
        _chart(["A", "B"], [1], [1, 2], [1, 2])
    with pytest.raises(ValueError, match="negative"):
        _chart(["A"], [-1], [0], [0])
