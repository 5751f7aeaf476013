"""Methodology (/methodology): what is counted and how, the codebook, known gaps, update log."""

from __future__ import annotations

import streamlit as st

from dashboard import assets, codebook, db
from dashboard.components import readable
from dashboard.i18n import current, t
from dashboard.queries import methodology as queries
from etl import docs
from etl.contract import FILES

version = db.version()

st.title(t("methodology.heading"))
st.markdown(assets.methodology(current()))

st.header(t("methodology.coverage.heading"))
st.caption(t("methodology.coverage.caption"))
st.dataframe(readable(queries.coverage(version)), hide_index=True)

st.header(t("methodology.codebook.heading"))
st.caption(t("methodology.codebook.caption"))
for column, file_name, allowed in codebook.vocabularies():
    with st.expander(t("methodology.codebook.vocabulary", column=column, file=file_name)):
        st.dataframe(codebook.codes_table(column, allowed), hide_index=True)

st.subheader(t("methodology.columns.heading"))
for contract in FILES:
    with st.expander(t("methodology.columns.file", file=contract.name, table=contract.table)):
        st.caption(contract.description)
        st.dataframe(codebook.columns_table(contract), hide_index=True)
with st.expander(t("methodology.dictionary")):
    st.markdown(docs.dictionary_markdown())

st.header(t("methodology.runs.heading"))
st.caption(t("methodology.runs.caption"))
runs = queries.recent_runs(version)
if runs.empty:
    st.info(t("methodology.runs.none"))
else:
    st.dataframe(codebook.runs_table(runs), hide_index=True)

st.header(t("methodology.changelog.heading"))
st.caption(t("methodology.changelog.caption"))
changes = queries.data_changelog(version)
if changes:
    st.markdown(changes)
else:
    st.info(t("methodology.changelog.none"))

st.header(t("methodology.open_data.heading"))
st.markdown(t("methodology.open_data.text"))
