"""Building blocks that several pages lay out the same way (a chart with its caption and numbers)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.charts.base import PNG_CONFIG
from dashboard.i18n import t


def chart_block(
    fig: go.Figure, caption: str, numbers: pd.DataFrame, key: str, selectable: bool = False
):
    """A chart, what it counts, and the table of numbers behind it (with a CSV download).

    selectable=True lets a reader click bars or points; the selection is returned (else None).
    """
    select = {"on_select": "rerun", "selection_mode": "points"} if selectable else {}
    event = st.plotly_chart(fig, config=PNG_CONFIG, key=key, **select)
    st.caption(caption)
    with st.expander(t("chart.table")):
        st.dataframe(numbers, hide_index=True)
        st.download_button(
            t("chart.download_csv"),
            numbers.to_csv(index=False).encode("utf-8"),
            file_name=f"{key}.csv",
            mime="text/csv",
            key=f"{key}-csv",
        )
    return event if selectable else None
