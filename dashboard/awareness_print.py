"""The awareness card as files to forward or print: a 1080×1350 PNG (Pillow) and an A5 PDF (fpdf2).

Both draw a dashboard.awareness.Card with the shipped DejaVu fonts (content/fonts/), so
Kazakh, Kyrgyz, Tajik and Turkmen letters print and nothing is fetched at run time.
"""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from dashboard.awareness import Card
from dashboard.i18n import t

FONTS = Path(__file__).parent / "content" / "fonts"
REGULAR = FONTS / "DejaVuSans.ttf"
BOLD = FONTS / "DejaVuSans-Bold.ttf"
PNG_SIZE = (1080, 1350)  # 4:5, the portrait size messengers and social networks show whole
MARGIN = 64
INK, MUTED, ACCENT, WARN = "#111111", "#555555", "#b3261e", "#7a4d00"
ITEMS_ON_IMAGE = 3  # lines per section on the image; the page and PDF have them all


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return lines + ([line] if line else [])


def _wrap_anywhere(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """Wrapped at spaces, and inside a word (an address) too long for a line by itself."""
    lines = []
    for line in _wrap(draw, text, font, width):
        while draw.textlength(line, font=font) > width:
            cut = max(
                i for i in range(1, len(line)) if draw.textlength(line[:i], font=font) <= width
            )
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


class _Canvas:
    """Writes wrapped text top to bottom, refusing lines that would run into the footer."""

    def __init__(self, image: Image.Image, bottom: int):
        self.draw = ImageDraw.Draw(image)
        self.y = MARGIN
        self.bottom = bottom
        self.width = image.width - 2 * MARGIN

    def text(self, text: str, size: int, *, bold=False, fill=INK, gap=10, x=MARGIN) -> bool:
        font = ImageFont.truetype(str(BOLD if bold else REGULAR), size)
        lines = _wrap(self.draw, text, font, self.width - (x - MARGIN))
        height = int(size * 1.25) * len(lines)
        if self.y + height > self.bottom:
            return False
        for line in lines:
            self.draw.text((x, self.y), line, font=font, fill=fill)
            self.y += int(size * 1.25)
        self.y += gap
        return True


def png_bytes(card: Card) -> bytes:
    """The card as a 1080×1350 PNG: title, big numbers, a few lines per section, footer."""
    image = Image.new("RGB", PNG_SIZE, "white")
    small = ImageFont.truetype(str(REGULAR), 24)
    measure = ImageDraw.Draw(image)
    footer = [
        (line, fill)
        for text, fill in _footer_lines(card)
        for line in _wrap_anywhere(measure, text, small, PNG_SIZE[0] - 2 * MARGIN)
    ]
    canvas = _Canvas(image, PNG_SIZE[1] - MARGIN - 34 * len(footer))
    canvas.draw.rectangle((0, 0, PNG_SIZE[0], 16), fill=ACCENT)
    canvas.text(card.title, 50, bold=True, gap=16)
    for section in card.sections:
        if section.key == "changes":  # record text in English only: the page and PDF carry it
            continue
        if not canvas.text(section.heading, 34, bold=True, fill=ACCENT, gap=6):
            break
        _tiles(canvas, section.figures[:3])
        for item in section.items[:ITEMS_ON_IMAGE]:
            who = (
                f" — {item.record_text}" if section.key == "officials" and item.record_text else ""
            )
            canvas.text(f"• {item.text}{who}", 27, gap=4)
        empty = not section.items and not section.figures
        if section.note and (empty or section.key in ("courts", "reported")):
            canvas.text(section.note, 24, fill=MUTED, gap=12)
    y = PNG_SIZE[1] - MARGIN - 34 * len(footer) + 10
    for line, fill in footer:
        canvas.draw.text((MARGIN, y), line, font=small, fill=fill)
        y += 34
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _tiles(canvas: _Canvas, figures: list) -> None:
    """Big numbers side by side, each with what it counts underneath."""
    if not figures:
        return
    width = canvas.width // len(figures)
    top = canvas.y
    for i, figure in enumerate(figures):
        canvas.y = top
        x = MARGIN + i * width
        value = ImageFont.truetype(str(BOLD), 60 if len(figure.value) < 6 else 36)
        canvas.draw.text((x, canvas.y), figure.value, font=value, fill=INK)
        canvas.y += 74
        small = ImageFont.truetype(str(REGULAR), 24)
        for line in _wrap(canvas.draw, figure.label, small, width - 16):
            canvas.draw.text((x, canvas.y), line, font=small, fill=MUTED)
            canvas.y += 30
    canvas.y = max(canvas.y, top + 74 + 60) + 12


def _footer_lines(card: Card) -> list[tuple[str, str]]:
    lines = [(n, WARN) for n in card.notices]
    lines.append((t("awareness.image.version", card.lang, version=card.version), MUTED))
    lines.append((t("awareness.image.address", card.lang, link=card.link), MUTED))
    return lines


def pdf_bytes(card: Card) -> bytes:
    """The card as an A5 PDF for printing: every line of every section, with its source."""
    pdf = FPDF(format=(148, 210))  # A5 in millimetres
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_font("DejaVu", "", str(REGULAR))
    pdf.add_font("DejaVu", "B", str(BOLD))
    pdf.set_title(card.title)
    # Plain ASCII metadata, so that the version and address can be read without a PDF parser.
    pdf.set_keywords(f"data version {card.version}")
    pdf.set_subject(card.link)
    pdf.add_page()
    width = pdf.epw

    def write(text: str, size: float, style: str = "", color=(17, 17, 17), after=1.5):
        pdf.set_font("DejaVu", style, size)
        pdf.set_text_color(*color)
        pdf.multi_cell(width, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(after)

    for notice in card.notices:
        write(notice, 8, color=(122, 77, 0))
    write(card.title, 15, "B", after=2)
    write(card.intro, 9)
    for section in card.sections:
        write(section.heading, 11, "B", color=(179, 38, 30), after=1)
        for figure in section.figures:
            write(f"{figure.value} — {figure.label}", 10, "B", after=0.5)
        for item in section.items:
            source = (
                f" ({t('awareness.source', card.lang)}: {item.publisher})" if item.publisher else ""
            )
            write(f"• {item.text}{source}", 8.5, after=0.5)
            if item.record_text:
                write(
                    f"   {item.record_text} [{t('awareness.record_text', card.lang)}]",
                    7,
                    color=(85, 85, 85),
                    after=0.5,
                )
        if section.note:
            write(section.note, 7.5, color=(85, 85, 85))
        pdf.ln(1)
    write(t("awareness.sources.text", card.lang, version=card.version), 7.5, color=(85, 85, 85))
    write(t("awareness.image.address", card.lang, link=card.link), 7.5, color=(85, 85, 85))
    return bytes(pdf.output())
