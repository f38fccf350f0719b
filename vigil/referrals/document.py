"""The referral as a document (PDF), for the record and for partners who still work on paper
(PROCESS.md step 5).

Every field of the form in its order (`form.SECTIONS`, each answer as `form.shown` reads it),
the reference, when it was sent and when this copy was made (Europe/London), the route and the
organisations, the referrer, its state, and the screening it carried. Every page is marked
OFFICIAL-SENSITIVE at its head and its foot and numbered "Page 1 of 3". Nothing is said by
colour: the text is black, and a draft says "DRAFT - not sent" in words on every page.

The document's metadata names the reference and the organisations, never the child: a file's
properties show in places (a download list, a printer's queue) that its pages do not.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from io import BytesIO
from pathlib import Path
from typing import Any

import reportlab
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from vigil.children.chronology_html import london
from vigil.referrals import form
from vigil.referrals.models import Referral
from vigil.screening import wording
from vigil.screening.instruments import INSTRUMENTS

MARKING = "OFFICIAL-SENSITIVE"
DRAFT_MARK = "DRAFT - not sent"
NOT_GIVEN = "Not given"
BLANK_LINE = re.compile(r"\n\s*\n")
# A field asked only after another answer (why the parents were not told...) that was not.
NOT_ASKED = "Not applicable"
NO_SCREENING = "No CSE screening had been completed when this referral was sent"
DRAFT_SCREENING = "The latest completed CSE screening is attached when the referral is sent"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
# The marking and the page number sit in the margins, above and below the text.
HEAD_AT = PAGE_HEIGHT - 11 * mm
FOOT_AT = 10 * mm
REGULAR, BOLD = "VigilSans", "VigilSans-Bold"
# DejaVu Sans (Debian's fonts-dejavu-core) has the letters of most European names (Ł, ő, ț);
# ReportLab's own Vera, of the same design, is the fallback that is always there.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
VERA = Path(reportlab.__file__).parent / "fonts"


@functools.cache
def _fonts() -> str:
    """Register the document's fonts once a process; the name of the family used."""
    regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if not (regular.is_file() and bold.is_file()):
        regular, bold = VERA / "Vera.ttf", VERA / "VeraBd.ttf"
    pdfmetrics.registerFont(TTFont(REGULAR, str(regular)))
    pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR)
    return regular.stem


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    _fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13.5, spaceAfter=7)
    return {
        "body": body,
        "title": ParagraphStyle(
            "title", body, fontName=BOLD, fontSize=17, leading=21, spaceAfter=10
        ),
        "heading": ParagraphStyle(
            "heading", body, fontName=BOLD, fontSize=13, leading=16, spaceBefore=12, keepWithNext=1
        ),
        "label": ParagraphStyle("label", body, fontName=BOLD, spaceAfter=1, keepWithNext=1),
        "answer": ParagraphStyle("answer", body, leftIndent=4 * mm),
        "cell": ParagraphStyle("cell", body, spaceAfter=0),
        "key": ParagraphStyle("key", body, fontName=BOLD, spaceAfter=0),
        "draft": ParagraphStyle("draft", body, fontName=BOLD, fontSize=12, leading=16),
        "small": ParagraphStyle("small", body, fontSize=8.5, leading=11),
    }


# Text --------------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """Text as a paragraph's markup shows it: `<`, `>` and `&` printed, never obeyed."""
    return escape(text, quote=False)


def _markup(text: str) -> str:
    """Plain text as a paragraph's markup: escaped, its line breaks kept."""
    return _plain(text.strip()).replace("\r\n", "\n").replace("\n", "<br/>")


def _paragraphs(text: str, style: ParagraphStyle) -> list[Flowable]:
    """Long text as its own paragraphs (at its blank lines): a page break then re-flows only
    the paragraph it falls in, not all the text after it."""
    blocks = [block for block in BLANK_LINE.split(text.strip()) if block.strip()]
    return [Paragraph(_markup(block), style) for block in blocks or [text]]


def _day(value: object) -> str:
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.day} {day:%B %Y}"


def _asked(spec: form.Field, answers: dict[str, Any]) -> bool:
    """A field asked only after another answer: whether that answer was given."""
    if spec.required_when is None:
        return True
    other, values = spec.required_when
    given = answers.get(other)
    if isinstance(given, list):
        return bool(values & set(map(str, given)))
    return isinstance(given, str) and given in values


def answer_shown(spec: form.Field, answers: dict[str, Any]) -> str:
    """An answer as the document prints it: never blank."""
    value = answers.get(spec.name)
    text = form.shown(spec.name, value).strip()
    if text:
        return text
    if spec.kind == "choice" and "" in dict(spec.choices):
        return dict(spec.choices)[""]  # a blank choice that has a meaning: "Not looked after"
    return NOT_GIVEN if _asked(spec, answers) else NOT_ASKED


# The pages' marking and numbers ------------------------------------------------------------


@dataclass(frozen=True)
class Marks:
    """What every page carries at its head and foot."""

    reference: str
    draft: bool


class MarkedCanvas(Canvas):
    """Keeps each page until the last is laid out, then marks and numbers every one: the
    total ("of 3") is known only at the end."""

    def __init__(self, *args: Any, marks: Marks, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._marks = marks
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # ReportLab's own, unstubbed

    def save(self) -> None:
        total = len(self._pages)
        for number, page in enumerate(self._pages, start=1):
            self.__dict__.update(page)
            self._mark(number, total)
            super().showPage()
        super().save()

    def _mark(self, number: int, total: int) -> None:
        self.saveState()
        self.setFillGray(0)
        self.setFont(BOLD, 10)
        for height in (HEAD_AT, FOOT_AT):
            self.drawCentredString(PAGE_WIDTH / 2, height, MARKING)
        self.setFont(REGULAR, 9)
        self.drawString(MARGIN, HEAD_AT, self._marks.reference or "Referral")
        if self._marks.draft:
            self.setFont(BOLD, 9)
            self.drawRightString(PAGE_WIDTH - MARGIN, HEAD_AT, DRAFT_MARK)
            self.drawString(MARGIN, FOOT_AT, DRAFT_MARK)
        self.setFont(REGULAR, 9)
        self.drawRightString(PAGE_WIDTH - MARGIN, FOOT_AT, f"Page {number} of {total}")
        self.setLineWidth(0.5)
        self.line(MARGIN, HEAD_AT - 2.5 * mm, PAGE_WIDTH - MARGIN, HEAD_AT - 2.5 * mm)
        self.line(MARGIN, FOOT_AT + 4 * mm, PAGE_WIDTH - MARGIN, FOOT_AT + 4 * mm)
        self.restoreState()


# The document's parts ----------------------------------------------------------------------


def _table(rows: list[tuple[str, str]]) -> Table:
    """Short facts as two columns, each wrapped; ruled, not shaded."""
    styles = _styles()
    cells = [
        [Paragraph(_plain(key), styles["key"]), Paragraph(_markup(value), styles["cell"])]
        for key, value in rows
    ]
    table = Table(cells, colWidths=[52 * mm, PAGE_WIDTH - 2 * MARGIN - 52 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, "black"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _person(person: Any) -> str:
    if person is None:
        return NOT_GIVEN
    return f"{person.full_name}, {person.job_title}" if person.job_title else person.full_name


def title_of(referral: Referral) -> str:
    return f"Referral to {referral.route.name}: {referral.reference or DRAFT_MARK}"


def _child(answers: dict[str, Any]) -> str:
    """The child as the referral names them (its answers, as sent)."""
    names = " ".join(str(answers.get(n) or "").strip() for n in ("given_names", "family_name"))
    born = answers.get("date_of_birth")
    return (
        f"{names.strip() or NOT_GIVEN}, born {_day(born)}" if born else names.strip() or NOT_GIVEN
    )


def _about(referral: Referral, generated_at: datetime) -> list[Flowable]:
    sent = referral.sent_at
    rows = [
        ("Reference", referral.reference or "Given when the referral is sent"),
        ("Child", _child(dict(referral.answers or {}))),
        ("State", referral.state_label),
        ("Route", referral.route.name),
        ("Receiving organisation", referral.route.receiver.name),
        ("Referring organisation", referral.organisation.name),
        ("Referrer", _person(referral.sent_by or referral.created_by)),
        ("Sent", london(sent) if sent else "Not sent"),
    ]
    if referral.sent_without_dsl:
        rows.append(("Sent without a DSL", "Yes: the organisation's DSLs were told at once"))
    rows.append(("This copy made", london(generated_at)))
    return [_table(rows)]


def _draft_warning() -> Flowable:
    text = (
        f"{DRAFT_MARK}. This is a draft: it has not been sent to anyone, "
        "and its answers may still change."
    )
    box = Table([[Paragraph(text, _styles()["draft"])]], colWidths=[PAGE_WIDTH - 2 * MARGIN])
    box.setStyle(
        TableStyle([("BOX", (0, 0), (-1, -1), 2, "black"), ("PADDING", (0, 0), (-1, -1), 8)])
    )
    return box


def screening_rows(summary: dict[str, Any]) -> list[tuple[str, str]]:
    instrument = INSTRUMENTS.get(str(summary.get("instrument")))
    judged = str(summary.get("judged_level") or "")
    computed = str(summary.get("computed_level") or "")
    rows = [
        ("Screening reference", str(summary.get("reference") or NOT_GIVEN)),
        ("Instrument", instrument.title if instrument else str(summary.get("instrument"))),
        ("Assessed on", _day(summary.get("assessed_on"))),
        ("Level", (summary.get("level_label") or wording.risk(judged)).capitalize()),
        ("Computed level", wording.risk(computed).capitalize() if computed else NOT_GIVEN),
    ]
    if summary.get("score") is not None:
        rows.append(("Score", str(summary["score"])))
    review = summary.get("review_by")
    rows.append(("Review by", _day(review) if review else "No review needed at this level"))
    return rows


def _screening(referral: Referral) -> list[Flowable]:
    styles = _styles()
    parts: list[Flowable] = [Paragraph("CSE screening", styles["heading"])]
    summary = referral.screening_summary
    if not summary:
        absent = DRAFT_SCREENING if referral.is_draft else NO_SCREENING
        return [*parts, Paragraph(absent, styles["body"])]
    parts.append(_table(screening_rows(summary)))
    reason = str(summary.get("reason") or "").strip()
    if reason:
        parts.append(Spacer(1, 6))
        parts.append(Paragraph("Reason for the level judged", styles["label"]))
        parts += _paragraphs(reason, styles["answer"])
    return parts


def _sections(answers: dict[str, Any]) -> list[Flowable]:
    styles = _styles()
    parts: list[Flowable] = []
    for section in form.SECTIONS:
        parts.append(Paragraph(_plain(section.title), styles["heading"]))
        for spec in section.fields:
            parts.append(Paragraph(_plain(spec.label), styles["label"]))
            parts += _paragraphs(answer_shown(spec, answers), styles["answer"])
    return parts


def _story(referral: Referral, generated_at: datetime) -> list[Flowable]:
    styles = _styles()
    story: list[Flowable] = [Paragraph(_plain(title_of(referral)), styles["title"])]
    if referral.is_draft:
        story += [_draft_warning(), Spacer(1, 10)]
    story += _about(referral, generated_at)
    story += _screening(referral)
    story += _sections(dict(referral.answers or {}))
    end = f"End of the referral. This copy was made on {london(generated_at)}."
    story += [Spacer(1, 12), Paragraph(end, styles["small"])]
    return story


def referral_pdf(referral: Referral, *, generated_at: datetime | None = None) -> bytes:
    """The referral as a PDF document. Reads only the referral, its route (with its receiver),
    its organisation and its referrer: no query beyond those, nothing written."""
    generated_at = generated_at or timezone.now()
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=referral.reference or "Draft referral",
        author=referral.organisation.name,
        subject=f"Referral to {referral.route.name} ({MARKING})",
        creator="Vigil",
    )
    marks = Marks(reference=referral.reference, draft=referral.is_draft)
    maker = functools.partial(MarkedCanvas, marks=marks)
    document.build(_story(referral, generated_at), canvasmaker=maker)
    return buffer.getvalue()
