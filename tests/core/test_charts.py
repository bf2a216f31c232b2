"""Server-rendered charts: one scale for every row, and long charts split into several <svg> that a printed
page can break between."""

import re

from core.charts import CHUNK_ROWS, Series, stacked_bars_svg

SERIES = [Series("已销号", "#c8161d"), Series("办理中", "#f0ad4e")]


def bar_widths(svg: str, label: str) -> list[float]:
    return [float(w) for w in re.findall(rf'width="([\d.]+)" height="18" fill="[^"]+"><title>{label} ', svg)]


def test_a_short_chart_is_one_svg_with_its_legend_and_title():
    svg = stacked_bars_svg([("甲镇", [3, 1]), ("乙镇", [2, 0])], SERIES, unit="件", title="各镇诉求")
    assert svg.count("<svg") == 1
    assert svg.count("<title>各镇诉求</title>") == 1
    assert ">已销号</text>" in svg and ">办理中</text>" in svg


def test_a_long_chart_comes_in_pieces_that_share_one_scale_and_one_legend():
    rows = [(f"第{index:03d}镇", [index % 7 + 1, 1]) for index in range(2 * CHUNK_ROWS + 5)]
    svg = stacked_bars_svg(rows, SERIES, unit="件", title="各镇诉求")
    pieces = re.findall(r"<svg.*?</svg>", svg)
    assert len(pieces) == 3
    assert [piece.count('text-anchor="end"') for piece in pieces] == [CHUNK_ROWS, CHUNK_ROWS, 5]
    assert svg.count(">已销号</text>") == 1 and svg.count("<title>各镇诉求</title>") == 1  # on the first only
    for label, _values in rows:
        assert f">{label}</text>" in svg
    # 第000镇 (first piece) and 第063镇 (last piece) hold the same values, so their bars are as wide.
    assert bar_widths(pieces[0], "第000镇") == bar_widths(pieces[2], "第063镇")


def test_a_chart_without_rows_says_there_is_no_data():
    svg = stacked_bars_svg([], SERIES, title="各镇诉求")
    assert svg.count("<svg") == 1 and ">暂无数据</text>" in svg
    assert ">暂无数据</text>" not in stacked_bars_svg([("甲镇", [1, 0])], SERIES)
