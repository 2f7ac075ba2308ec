"""The report for a healthcare professional as an A4 PDF (reportlab), from a ClinicianReport.

Real, searchable text in a large font (12pt body, 11pt tables), black on white, tables for
the numbers, and a header and page number on every page. Everything the person typed is
escaped before reportlab's paragraph markup sees it.
"""

from __future__ import annotations

import os
from functools import cache
from io import BytesIO
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

import reportlab
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from tracking.numbers import NO_VALUE
from tracking.report.clinical import ClinicianReport

if TYPE_CHECKING:
    from tracking.checks.selectors import ChecksOverview

MARGIN = 18 * mm
BODY_SIZE = 12
TABLE_SIZE = 11
GREY = colors.HexColor("#e6e6e6")
RULE = colors.HexColor("#595959")

# DejaVu Sans covers far more scripts (people's notes); Bitstream Vera ships with reportlab.
DEJAVU = "/usr/share/fonts/truetype/dejavu"
VERA = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
FONT_FILES = [
    (os.path.join(DEJAVU, "DejaVuSans.ttf"), os.path.join(DEJAVU, "DejaVuSans-Bold.ttf")),
    (os.path.join(VERA, "Vera.ttf"), os.path.join(VERA, "VeraBd.ttf")),
]


@cache
def fonts() -> tuple[str, str]:
    """(regular, bold) font names, registered once per process."""
    for regular, bold in FONT_FILES:
        if os.path.exists(regular) and os.path.exists(bold):
            pdfmetrics.registerFont(TTFont("ReportSans", regular))
            pdfmetrics.registerFont(TTFont("ReportSans-Bold", bold))
            pdfmetrics.registerFontFamily(
                "ReportSans",
                normal="ReportSans",
                bold="ReportSans-Bold",
                italic="ReportSans",
                boldItalic="ReportSans-Bold",
            )
            return "ReportSans", "ReportSans-Bold"
    return "Helvetica", "Helvetica-Bold"  # pragma: no cover


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    base = ParagraphStyle(
        "body", fontName=regular, fontSize=BODY_SIZE, leading=16, spaceAfter=6, alignment=TA_LEFT
    )
    return {
        "body": base,
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=bold, fontSize=20, leading=25, spaceAfter=10
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=bold,
            fontSize=15,
            leading=19,
            spaceBefore=12,
            spaceAfter=6,
            keepWithNext=True,
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=TABLE_SIZE, leading=14),
        "cell": ParagraphStyle("cell", parent=base, fontSize=TABLE_SIZE, leading=14, spaceAfter=0),
        "head": ParagraphStyle(
            "head", parent=base, fontName=bold, fontSize=TABLE_SIZE, leading=14, spaceAfter=0
        ),
        "notice": ParagraphStyle(
            "notice",
            parent=base,
            borderColor=colors.black,
            borderWidth=1,
            borderPadding=8,
            spaceBefore=14,
        ),
    }


CONTROL = dict.fromkeys(c for c in range(32) if c != 10)  # all but the line feed


def _text(value) -> str:
    """Escaped for reportlab's markup, control characters dropped, line breaks kept."""
    return escape(str(value).translate(CONTROL)).replace("\n", "<br/>")


def render_report(
    report: ClinicianReport, *, checks: ChecksOverview | None = None, compress: bool = True
) -> bytes:
    """The PDF's bytes. ``compress=False`` leaves page streams readable (for tests);
    ``checks``: the foot and nerve checks of the period."""
    styles = _styles()
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 8 * mm,
        bottomMargin=MARGIN,
        title=f"{report.title}: {report.name}",
        author="neuroapp",
        subject=f"{report.period_text}",
        pageCompression=1 if compress else 0,
        invariant=0,
    )
    width = doc.width
    story = [
        Paragraph(_text(report.title), styles["h1"]),
        _facts(report, styles, width),
        Spacer(1, 8),
        Paragraph(_text(report.scale_note), styles["small"]),
    ]
    story += _symptoms(report, styles, width)
    story += _sessions(report, styles, width)
    story += _before_after(report, styles, width)
    story += _movements(report, styles, width)
    if checks is not None:
        story += _checks(checks, styles, width)
    story += _notes(report, styles, width)
    story.append(Paragraph(f"<b>Please note.</b> {_text(report.disclaimer)}", styles["notice"]))

    def on_page(canvas: Canvas, document) -> None:
        regular, _ = fonts()
        canvas.saveState()
        canvas.setFont(regular, 10)
        top = A4[1] - MARGIN + 2 * mm
        canvas.drawString(MARGIN, top, f"neuroapp report for {report.name}")
        canvas.drawRightString(A4[0] - MARGIN, top, report.period_text)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, top - 2 * mm, A4[0] - MARGIN, top - 2 * mm)
        canvas.drawString(MARGIN, MARGIN - 8 * mm, f"Generated {report.generated_text}")
        canvas.drawRightString(A4[0] - MARGIN, MARGIN - 8 * mm, f"Page {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def _table(rows, widths, *, header: bool = True, align_right_from: int | None = None) -> Table:
    regular, bold = fonts()
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), regular, TABLE_SIZE, 14),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        style += [
            ("FONT", (0, 0), (-1, 0), bold, TABLE_SIZE, 14),
            ("BACKGROUND", (0, 0), (-1, 0), GREY),
            ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
        ]
    table.setStyle(TableStyle(style))
    return table


def _p(text, styles, style: str = "cell") -> Paragraph:
    return Paragraph(_text(text), styles[style])


def _facts(report: ClinicianReport, styles, width) -> Table:
    rows = [
        ("Name", report.name),
        ("Period", report.period_text),
        ("Generated", report.generated_text),
        ("Main symptoms", report.main_symptoms_text),
        ("Balance concerns", "Yes" if report.balance_concerns else "No"),
    ]
    return _table(
        [[_p(k, styles, "head"), _p(v, styles)] for k, v in rows],
        [45 * mm, width - 45 * mm],
        header=False,
    )


def _sparkline(spark) -> Drawing | str:
    if spark is None:
        return NO_VALUE
    scale = 0.75  # points per SVG unit: 90 x 22.5 pt
    drawing = Drawing(spark.width * scale, spark.height * scale)
    h = spark.height * scale
    pad = 2 * scale
    inner = h - 2 * pad
    drawing.add(Line(0, pad, spark.width * scale, pad, strokeColor=RULE, strokeWidth=0.5))
    coords = []
    for x, value in spark.values:
        coords += [x * scale, pad + inner * max(0.0, min(10.0, value)) / 10]
    if len(spark.values) > 1:
        drawing.add(PolyLine(coords, strokeColor=colors.black, strokeWidth=1.2))
    drawing.add(Circle(coords[-2], coords[-1], 1.8, fillColor=colors.black, strokeColor=None))
    return drawing


def _symptoms(report: ClinicianReport, styles, width) -> list:
    out = [Paragraph("Symptom trends", styles["h2"])]
    if not report.symptoms:
        out.append(_p("No symptom ratings in this period.", styles, "body"))
        return out
    head = [
        "Symptom (0-10)",
        "Period average",
        "First 7 days",
        "Last 7 days (now)",
        "Change",
        "Logs",
        "7-day average",
    ]
    rows = [[_p(h, styles, "head") for h in head]]
    for trend in report.symptoms:
        label = trend.label + (" (higher is better)" if trend.higher_is_better else "")
        rows.append(
            [
                _p(label, styles),
                _p(trend.period_mean_text, styles),
                _p(trend.first_week_text, styles),
                _p(trend.last_week_text, styles),
                _p(trend.change_text, styles),
                _p(trend.n_logs, styles),
                _sparkline(trend.sparkline),
            ]
        )
    widths = [34 * mm, 22 * mm, 19 * mm, 21 * mm, 27 * mm, 14 * mm]
    widths.append(width - sum(widths))
    out.append(_table(rows, widths))
    if report.not_rated:
        out.append(Spacer(1, 6))
        out.append(_p(f"Not rated in this period: {', '.join(report.not_rated)}.", styles, "body"))
    return out


def _sessions(report: ClinicianReport, styles, width) -> list:
    stats = report.sessions
    out = [Paragraph("Exercise sessions", styles["h2"])]
    facts = [
        ("Sessions", f"{stats.count} ({stats.per_week_text} a week)"),
        ("Completed", str(stats.completed)),
        ("Stopped early", str(stats.stopped)),
        ("Days with a session", str(stats.days_exercised)),
        (
            "Minutes of exercise",
            f"{stats.minutes_text} (about {stats.mean_minutes_text} a session)",
        ),
    ]
    out.append(
        _table(
            [[_p(k, styles, "head"), _p(v, styles)] for k, v in facts],
            [60 * mm, width - 60 * mm],
            header=False,
        )
    )
    if stats.stop_reasons:
        out.append(Spacer(1, 8))
        rows: list[list[Paragraph]] = [
            [_p("Reason for stopping early", styles, "head"), _p("Times", styles, "head")]
        ]
        # One line each: a reason full of line breaks would make a row taller than a page.
        rows += [
            [_p(" ".join(str(reason).split()), styles), _p(n, styles)]
            for reason, n in stats.stop_reasons
        ]
        out.append(KeepTogether(_table(rows, [width - 30 * mm, 30 * mm])))
    if stats.flagged_exercises:
        out.append(Spacer(1, 8))
        head = ["Exercise marked painful or worse", "Painful", "Worse"]
        rows = [[_p(h, styles, "head") for h in head]]
        rows += [
            [_p(f.name, styles), _p(f.painful, styles), _p(f.worse, styles)]
            for f in stats.flagged_exercises
        ]
        out.append(_table(rows, [width - 50 * mm, 25 * mm, 25 * mm]))
    elif stats.count:
        out.append(Spacer(1, 6))
        out.append(_p("No exercise was marked painful or worse.", styles, "body"))
    return out


def _before_after(report: ClinicianReport, styles, width) -> list:
    ba = report.before_after
    out = [
        Paragraph("Before and after sessions", styles["h2"]),
        _p(f"{ba.label}: {ba.summary}", styles, "body"),
    ]
    if ba.limit_note:
        out.append(_p(ba.limit_note, styles, "body"))
    if ba.n:
        rows = [
            ("Sessions with both check-ins", str(ba.n)),
            ("Average change after exercise", ba.mean_relief_text),
            ("Meaningful improvements", str(ba.improvements)),
            ("Meaningful worsenings", str(ba.worsenings)),
        ]
        out.append(
            _table(
                [[_p(k, styles, "head"), _p(v, styles)] for k, v in rows],
                [75 * mm, width - 75 * mm],
                header=False,
            )
        )
    return out


def _movements(report: ClinicianReport, styles, width) -> list:
    out = [
        Paragraph("What seemed to help", styles["h2"]),
        _p(report.movement_explanation, styles, "body"),
        _p(report.winner_text, styles, "body"),
    ]
    if not report.movements:
        return out
    head = ["Movement", "Verdict", "Extra relief, points (likely range)", "Sessions with / without"]
    rows = [[_p(h, styles, "head") for h in head]]
    for line in report.movements:
        verdict = line.verdict[:1].upper() + line.verdict[1:]
        if line.painful:
            verdict += f". Marked painful {line.painful} time{'s' if line.painful != 1 else ''}"
        rows.append(
            [
                _p(line.name, styles),
                _p(verdict, styles),
                _p(line.estimate_text, styles),
                _p(f"{line.n_with} / {line.n_without}", styles),
            ]
        )
    widths = [50 * mm, 45 * mm, 42 * mm]
    widths.append(width - sum(widths))
    out.append(_table(rows, widths))
    out.append(Spacer(1, 4))
    out.append(
        _p(
            "Extra relief: how many more points better sessions with the movement ended, "
            "allowing for the other movements and for how the person felt before. "
            "Uses this period's sessions only.",
            styles,
            "small",
        )
    )
    return out


def _checks(checks: ChecksOverview, styles, width) -> list:
    out = [Paragraph("Neuropathy questionnaire (MNSI, patient part)", styles["h2"])]
    out.append(_p(checks.mnsi.summary, styles, "body"))
    out.append(
        _p(
            checks.mnsi_not_a_diagnosis + " Scored 0-13; 7 or more is a positive screen. "
            "The last year of answers is listed, whatever the period.",
            styles,
            "small",
        )
    )
    if checks.mnsi.trend.points:
        rows = [["Date", "Score (of 13)", "Screen"]] + [
            [
                f"{point.taken_at.day} {point.taken_at:%b %Y}",
                str(point.points),
                "Positive" if point.points >= 7 else "Not positive",
            ]
            for point in reversed(checks.mnsi.trend.points)
        ]
        out.append(_table(rows, [width * 0.4, width * 0.3, width * 0.3]))
    out.append(Paragraph("Touch test with a helper", styles["h2"]))
    out.append(_p(checks.touch.summary, styles, "body"))
    if checks.touch.points:
        rows = [["Date", "Left foot", "Right foot"]] + [
            [f"{taken_at.day} {taken_at:%b %Y, %H:%M}", left, right]
            for taken_at, left, right in checks.touch_rows
        ]
        out.append(_table(rows, [width * 0.4, width * 0.3, width * 0.3]))
    out.append(Paragraph("Daily foot checks", styles["h2"]))
    log = checks.foot_checks
    summary = (
        f"{log.checks} foot checks in this period: {log.all_fine} all fine, "
        f"{log.checks - log.all_fine} with something found."
        if log.checks
        else "No foot checks in this period."
    )
    out.append(_p(summary, styles, "body"))
    if log.lines:
        rows = [["Date", "Found", "Healed"]] + [
            [
                f"{line.checked_at.day} {line.checked_at:%b %Y}",
                _p(
                    line.text + (" (open wound with redness or warmth)" if line.urgent else ""),
                    styles,
                ),
                f"{line.healed_at.day} {line.healed_at:%b %Y}" if line.healed_at else "Not yet",
            ]
            for line in log.lines
        ]
        out.append(_table(rows, [width * 0.25, width * 0.5, width * 0.25]))
    return out


def _notes(report: ClinicianReport, styles, width) -> list:
    out = [Paragraph("Notes written in symptom logs", styles["h2"])]
    if not report.notes:
        out.append(_p("No notes in this period.", styles, "body"))
        return out
    if report.notes_hidden:
        out.append(
            _p(
                f"The {len(report.notes)} most recent of {report.notes_total} notes, newest first.",
                styles,
                "body",
            )
        )
    # Paragraphs, not table rows: a table row cannot break across pages, a note can be long.
    for note in report.notes:
        when = f"{note.recorded_at.day} {note.recorded_at:%b %Y, %H:%M}"
        if note.context:
            when += f" ({note.context})"
        out.append(_p(when, styles, "head"))
        out.append(_p(note.text, styles, "body"))
        out.append(Spacer(1, 6))
    return out
