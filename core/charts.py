"""Server-rendered SVG charts: the same markup serves a page and a PDF, with no JavaScript library."""

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Series:
    label: str
    color: str


CHUNK_ROWS = 30  # rows per <svg>: a printed page holds about 40, and an <svg> cannot break across pages


def stacked_bars_svg(
    rows: list[tuple[str, list[float]]],
    series: list[Series],
    *,
    total: float | None = None,
    unit: str = "%",
    width: int = 720,
    bar_height: int = 18,
    label_width: int = 120,
    title: str = "",
) -> str:
    """Horizontal stacked bars, one row per label; values share one scale (``total`` or the largest row).

    Long charts come as several ``<svg>`` of ``CHUNK_ROWS`` rows each, one under the other, the legend on the
    first: on a page they read as one chart, in a PDF they can break between pages (a city's 176 areas).
    """
    scale_max = total or max((sum(values) for _label, values in rows), default=0) or 1
    chunks = [rows[start : start + CHUNK_ROWS] for start in range(0, len(rows), CHUNK_ROWS)] or [[]]
    return "".join(
        _bars_svg(
            chunk,
            series,
            scale_max=scale_max,
            unit=unit,
            width=width,
            bar_height=bar_height,
            label_width=label_width,
            title=title,
            first=index == 0,
        )
        for index, chunk in enumerate(chunks)
    )


def _bars_svg(rows, series, *, scale_max, unit, width, bar_height, label_width, title, first) -> str:
    plot = width - label_width - 60
    gap = 8
    legend_height = 22 if first else 0
    height = legend_height + max(len(rows), 1) * (bar_height + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" font-size="12" font-family="sans-serif">',
    ]
    if title and first:
        parts.append(f"<title>{escape(title)}</title>")
    x = label_width
    for item in series if first else ():
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{item.color}"/>')
        parts.append(f'<text x="{x + 16}" y="14">{escape(item.label)}</text>')
        x += 16 + 14 * len(item.label) + 16
    if not rows:
        parts.append(f'<text x="{label_width}" y="{legend_height + gap + bar_height - 5}" fill="#666">暂无数据</text>')
    for index, (label, values) in enumerate(rows):
        y = legend_height + gap + index * (bar_height + gap)
        parts.append(f'<text x="{label_width - 6}" y="{y + bar_height - 5}" text-anchor="end">{escape(label)}</text>')
        x = float(label_width)
        for value, item in zip(values, series, strict=True):
            w = plot * value / scale_max
            if w > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{item.color}">'
                    f"<title>{escape(label)} {escape(item.label)}：{round(value, 1):g}{unit}</title></rect>"
                )
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + bar_height - 5}">{round(sum(values), 1):g}{unit}</text>')
    parts.append("</svg>")
    return "".join(parts)
