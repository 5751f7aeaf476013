"""Downloads are real files: PNG and PDF bytes rendered by kaleido with the local Chromium."""

from __future__ import annotations

import io
import re

import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image

from dashboard import assets
from dashboard import figure_export as export
from dashboard.charts import map as map_charts

pytestmark = pytest.mark.browser  # kaleido drives /usr/bin/chromium


def bar() -> go.Figure:
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2], marker_color="#0072B2"))
    fig.update_layout(title_text="A title", height=300)
    return fig


def test_a_chart_downloads_as_a_png_that_decodes():
    data = export.png_bytes(bar(), footer="Source line", width=600, scale=1)
    assert data.startswith(export.PNG_MAGIC)
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG"
    assert image.size == (600, 350)  # 300 px chart + the 50 px band for the source line


def test_the_source_line_is_printed_inside_the_image():
    fig = export.with_footer(bar(), "Source: monitor")
    assert fig.layout.annotations[-1].text == "Source: monitor"
    assert fig.layout.height == 350 and bar().layout.height == 300  # the original is untouched


def test_long_titles_wrap_in_the_image():
    fig = bar()
    fig.update_layout(title_text="word " * 40)
    wrapped = export.wrap_title(fig, 50)
    assert wrapped.layout.title.text.count("<br>") >= 3
    assert wrapped.layout.height > fig.layout.height


def test_the_map_png_draws_the_countries_with_no_network():
    values = pd.DataFrame({"country_iso3": ["UZB", "KAZ"], "count": [10, 0]})
    fig = map_charts.choropleth(
        values, "count", "Map", "N", assets.label_points(), assets.drawn_countries()
    )
    image = Image.open(io.BytesIO(export.png_bytes(fig, width=800, scale=1))).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000)
    darkest = map_charts.VALUE_SCALE[-1][1]  # UZB has the top value
    target = tuple(int(darkest[i : i + 2], 16) for i in (1, 3, 5))
    assert sum(n for n, c in colours if c == target) > 2000, "Uzbekistan is not filled"
    grey = tuple(int(map_charts.CONTEXT_FILL["RUS"][i : i + 2], 16) for i in (1, 3, 5))
    assert sum(n for n, c in colours if c == grey) > 20000, "Russia and Ukraine are not drawn"


def test_the_brief_downloads_as_a_one_page_pdf():
    data = export.pdf_bytes(bar())
    assert data.startswith(export.PDF_MAGIC)
    assert re.findall(rb"/Count (\d+)", data) == [b"1"]
