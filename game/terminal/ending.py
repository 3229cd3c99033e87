"""The terminal's ending page: what decided the ending, what was never up to the player, how
it went in words, every lesson moment in play order, and the questions to talk about."""

from __future__ import annotations

from game.engine.report import EndingReport, LessonOutcome


def moment_line(m: LessonOutcome) -> str:
    """One lesson moment: kept or missed, the lesson, the choice and the note."""
    mark = "KEPT  " if m.kept else "MISSED"
    note = f": {m.note}" if m.note else "."
    decided = " [this decided the ending]" if m.decisive else ""
    return f"{mark} {m.lesson.title}{decided} — {m.named}{note}"


def ending_lines(report: EndingReport, facilitator: bool) -> list[tuple[str, str, str | None]]:
    """The page as (text, indent, hang) lines; numbers and charts only for the facilitator."""
    out: list[tuple[str, str, str | None]] = []

    def say(text: str = "", indent: str = "", hang: str | None = None) -> None:
        out.append((text, indent, hang))

    heading = f"THE END — {report.title} ({report.tone.value})"
    say()
    say(heading)
    say("=" * len(heading))
    if report.outcome_words is not None:
        say(report.outcome_words)
    if report.focus:
        say("This ending is about: " + "; ".join(lesson.title for lesson in report.focus) + ".")
    if report.reasons:
        say()
        say("What decided this ending:")
        for reason in report.reasons:
            who = f"{reason.speaker}: " if reason.speaker else ""
            say(f"* {who}{reason.text}", "  ", "    ")
            for act in reason.acts:
                say(f"- when you chose {act.named}", "    ", "      ")
    if report.given:
        say()
        say("What was never up to you:")
        for given in report.given:
            by = " (set by the facilitator)" if given.fixed else ""
            say(f"* {given.text}{by}", "  ", "    ")
    if report.tallies or any(t.words for t in report.meters):
        say()
        say("How it went:")
        for tally in report.tallies:
            say(f"* {tally.words}", "  ", "    ")
            for act in tally.acts:
                say(f"- {act.named}", "    ", "      ")
        for track in report.meters:
            if track.words:
                say(f"* {track.label}: {track.words}", "  ", "    ")
    numbers = [t for t in report.meters if facilitator or not t.words]
    if report.moments:
        say()
        say("Every lesson moment, in the order it happened:")
        for m in report.moments:
            say(moment_line(m), "  ", "         ")
    elif not report.kept and not report.missed:
        say()
        say("No lesson was decided on the way to this ending.")
    if report.missed:
        say()
        say("Lessons you missed, as things stood at the end:")
        for m in report.missed:
            say(f"* {m.lesson.title} — {m.lesson.text}", "  ", "    ")
    if report.questions:
        say()
        say("To talk about:")
        for n, question in enumerate(report.questions, 1):
            say(f"{n}. {question}", "  ", "     ")
    if numbers:
        say()
        say("Where you ended up:" if not facilitator else "The numbers (facilitator):")
        width = max([10, *(len(t.label) for t in numbers)])
        for track in numbers:
            say(meter_line(track.label, track.values[-1], track.lo, track.hi, width), "  ")
            if facilitator:
                trail = " → ".join(str(v) for v in track.values)
                say(f"from the start, after each decision: {trail}", "    ", "    ")
        if facilitator:
            for tally in report.tallies:
                say(f"{tally.id}: {tally.value}", "  ")
    say()
    count = "1 decision" if report.decisions == 1 else f"{report.decisions} decisions"
    say(f"You made {count}. Play again to find the other endings.")
    return out


def meter_line(label: str, value: int, lo: int, hi: int, width: int = 10) -> str:
    """A meter as text, so it never relies on colour: `Patience  [######----]  6/10`; labels
    are padded to `width` so the bars line up."""
    span = max(hi - lo, 1)
    # A meter without min/max may hold any number up to the language's cap.
    filled = min(10, max(0, round(10 * (value - lo) / span)))
    return f"{label:<{width}} [{'#' * filled}{'-' * (10 - filled)}] {value}/{hi}"
