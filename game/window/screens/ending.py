"""The ending page's parts in the window: what decided the ending, what was never up to the
player, how it went in words, the questions to talk about; and the lesson page, every
moment each lesson was kept or missed in play order."""

from __future__ import annotations

from game.engine.report import Act, EndingReport, LessonOutcome

from ..host import Host
from ..theme import Role, TextStyle
from ..widgets import Card, CardLine, MeterChart, Paragraph, Spacer, Widget
from .common import PageScreen, footer_button


def act_line(act: Act, lead: str = "When you chose ") -> CardLine:
    """A decision named by what the player did: “choice” (chapter)."""
    return CardLine(f"{lead}{act.named}", colour=Role.MUTED_TEXT)


def text_card(lines: list[CardLine], stripe: Role | None = None) -> Card:
    """A card of plain reading lines (its first line stands where a title would)."""
    return Card(lines[0].text, lines[1:], title_style=TextStyle.BODY, stripe=stripe)


def heading(app: Host, text: str) -> list[Widget]:
    """A section heading with room above it."""
    return [Spacer(app.ctx.theme.spacing.sm), Paragraph(text, TextStyle.HEADING)]


def decided_section(app: Host, report: EndingReport) -> list[Widget]:
    """ "What decided this ending": each reason, with the acts on this path behind it."""
    if not report.reasons:
        return []
    out = heading(app, "What decided this ending")
    for reason in report.reasons:
        text = f"{reason.speaker}: “{reason.text}”" if reason.speaker else reason.text
        lines = [CardLine(text)] + [act_line(a) for a in reason.acts]
        out.append(text_card(lines, Role.ACCENT))
    return out


def given_section(app: Host, report: EndingReport) -> list[Widget]:
    """ "What was never up to you": the draws that changed where the story went."""
    if not report.given:
        return []
    lines = [
        CardLine(g.text + (" (Set by the facilitator.)" if g.fixed else "")) for g in report.given
    ]
    return [*heading(app, "What was never up to you"), *(text_card([x]) for x in lines)]


def how_section(app: Host, report: EndingReport, facilitator: bool) -> list[Widget]:
    """How it went, in words; the numbers and charts in facilitator mode (or where a meter
    has no words to say it with)."""
    out: list[Widget] = []
    for tally in report.tallies:
        out.append(text_card([CardLine(tally.words)] + [act_line(a, "") for a in tally.acts]))
    out += [
        Card(t.label, [CardLine(t.words)], title_style=TextStyle.LABEL)
        for t in report.meters
        if t.words
    ]
    charts = tuple(t for t in report.meters if facilitator or not t.words)
    if charts:
        out.append(
            Paragraph(
                "The numbers, from the start (left) to the end (right), after each decision.",
                TextStyle.SMALL,
                colour=Role.MUTED_TEXT,
            )
        )
        out.append(MeterChart(charts))
    return [*heading(app, "How it went"), *out] if out else []


def questions_section(app: Host, report: EndingReport) -> list[Widget]:
    """The ending's questions, to talk about afterwards."""
    if not report.questions:
        return []
    lines = [CardLine(f"{n}. {q}") for n, q in enumerate(report.questions, 1)]
    return [*heading(app, "To talk about"), text_card(lines, Role.ACCENT)]


def moment_card(moment: LessonOutcome) -> Card:
    """One moment a lesson was kept or missed: the choice, where, the note; marked when that
    choice is one the ending page names as deciding the ending."""
    lines = [CardLine(f"You chose {moment.named}.")]
    if moment.note:
        lines.append(CardLine(moment.note, colour=Role.MUTED_TEXT))
    if moment.decisive:
        lines.append(CardLine("This choice decided the ending.", TextStyle.LABEL))
    return Card(
        moment.lesson.title,
        lines,
        badge="Kept" if moment.kept else "Missed",
        stripe=Role.TONE_HOPEFUL if moment.kept else Role.TONE_HARD,
    )


class LessonScreen(PageScreen):
    """Every moment a lesson was kept or missed, in the order it happened."""

    corner = True

    def __init__(self, app: Host, report: EndingReport) -> None:
        body: list[Widget] = [
            Paragraph(
                "Every moment a lesson was kept or missed, in the order it happened.",
                TextStyle.LABEL,
                colour=Role.MUTED_TEXT,
            )
        ]
        body += [moment_card(m) for m in report.moments]
        if not report.moments:
            body.append(
                Paragraph("No lesson was decided on the way to this ending.", TextStyle.LABEL)
            )
        if report.missed:
            body += heading(app, "Missed, as things stood at the end")
            body += [Card(m.lesson.title, [CardLine(m.lesson.text)]) for m in report.missed]
        super().__init__(app, "Lessons", body, [footer_button("Back", self.back)])
