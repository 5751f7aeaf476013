"""The one escaping function: text from the data or the address, shown as the characters typed.

Every Markdown-rendering element (st.markdown, st.caption, st.warning, st.table cells...)
gives meaning to punctuation: links (inline and reference-style), headings (# and ===),
bare addresses and e-mail autolinks, emphasis, Streamlit's :emoji: and :red[colour]
directives, $maths$. CommonMark lets a backslash escape any ASCII punctuation mark, so every
one is escaped; characters that hide or reorder text are dropped (etl/ids.py, the same set
the refresh refuses); line breaks become spaces, so no line can start a block (issue #16).
"""

from __future__ import annotations

import re

from etl.ids import INVISIBLE

ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def plain_markdown(text: object) -> str:
    """`text` as Markdown that renders exactly these characters, on one line."""
    visible = INVISIBLE.sub("", "" if text is None else str(text))
    one_line = " ".join(CONTROL.sub(" ", visible).split())
    return ASCII_PUNCTUATION.sub(r"\\\1", one_line)
