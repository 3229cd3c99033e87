"""The session report and the teacher guide: contents, escaping, votes, the CLI, the plans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from format2_story import CHAPTER, STORY
from storytexts import build, play_choices

from game.classroom.guide import teacher_guide
from game.classroom.render import duration, md_text, output_paths, render
from game.classroom.route import (
    DECIDING_MINUTES,
    OPENING_MINUTES,
    READING_PACE,
    chapter_timings,
    plan,
)
from game.classroom.session import session_report
from game.cli import main
from game.engine.loader import load_story
from game.engine.model import Story
from game.engine.path import path_taken
from game.engine.runner import Phase, Runner
from game.engine.session import Session
from game.engine.start import Start
from game.persistence.paths import saves_dir
from game.resources import shipped_story

WHEN = datetime(2026, 3, 4, 9, 30, tzinfo=timezone.utc)
HOSTILE = "<script>alert(1)</script>"
VOID = {"meta", "br", "img", "input", "link", "hr", "col", "area", "base", "wbr", "source"}


@dataclass(frozen=True)
class Vote:
    """A closed vote, shaped as the voting server records it."""

    decision_id: str
    prompt: str
    options: tuple[str, ...]
    counts: tuple[int, ...]
    winner: int | None


class Balance(HTMLParser):
    """Fails on a closing tag that does not close the open element (unbalanced markup)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()


def well_formed(html: str) -> Balance:
    parser = Balance()
    parser.feed(html)
    parser.close()
    assert parser.open == [], f"never closed: {parser.open}"
    return parser


def external_urls(text: str) -> list[str]:
    return re.findall(r"(?:https?:)?//[\w.-]+\.\w+", text)


def hostile_story() -> Story:
    return build(STORY.replace("value: Alex", f'value: "{HOSTILE}"'), CHAPTER)


def play(story: Story, picks: list[int]) -> Runner:
    """Play `picks` (option numbers as shown, from 1) to wherever they lead."""
    return play_choices(Runner(story, start=None), *picks)


def test_the_path_names_every_option_offered_and_the_one_taken(make_story) -> None:
    runner = play(make_story(STORY, CHAPTER), [2, 1])
    path = path_taken(runner)
    assert path.complete
    first, second = path.steps
    assert first.options == ("Wait.", "Ask again, and again.") and first.chosen == 1
    assert first.prompt == "What might Alex be feeling?"
    assert first.notes == "Perspective-taking; keep both ends of the line."
    assert [(m.lesson.id, m.kept) for m in first.lessons] == [
        ("patience", False),
        ("honesty", True),
    ]
    assert second.options[second.chosen] == "Tell them the truth."
    assert second.prompt is None


def test_the_report_holds_the_ending_lessons_questions_and_meters(make_story) -> None:
    runner = play(make_story(STORY, CHAPTER), [2, 1])
    report = session_report(runner, WHEN)
    assert report.ending is not None and report.ending.title == "Not Now"
    assert report.questions == ("Was it fair?", "What now?")
    assert report.date == "4 March 2026, 09:30 UTC"
    assert [m.values for m in report.meters] == [(2, 1, 1)]
    html = render("report.html", {"r": report, "made_by": "test"})
    md = render("report.md", {"r": report, "made_by": "test"})
    for text in (html, md):
        assert "Not Now" in text and "Was it fair?" in text and "Ask again, and again." in text
        assert "You asked twice." in text  # the lesson's note, where it was missed
    assert '<li class="chosen">Ask again, and again.</li>' in html
    assert '<li class="not-taken">Wait.</li>' in html
    assert "1. Wait.\n2. **Ask again, and again.** ← chosen" in md
    assert "at “Ask again, and again.” (Meeting Alex)" in md  # where the lesson was decided


def test_a_spoken_choice_keeps_its_own_quotes(make_story) -> None:
    story = make_story(STORY, CHAPTER.replace("text: Wait.", 'text: "“I can wait.”"'))
    html = render("report.html", {"r": session_report(play(story, [1, 1]), WHEN), "made_by": ""})
    assert "At “I can wait.” (Meeting Alex)" in html and "““" not in html


def test_everything_from_the_story_is_escaped_and_nothing_is_fetched() -> None:
    runner = play(hostile_story(), [1, 1])
    votes = [Vote("x:1", HOSTILE, (HOSTILE, "b"), (1, 2), 1)]  # a vote later undone
    report = session_report(runner, WHEN, votes)
    html = render("report.html", {"r": report, "made_by": "test"})
    assert HOSTILE not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert well_formed(html).scripts == 0
    assert external_urls(html) == []
    md = render("report.md", {"r": report, "made_by": "test"})
    assert "<script" not in md and "&lt;script&gt;" in md


def test_a_class_vote_shows_its_split_beside_the_decision_it_settled(make_story) -> None:
    story = make_story(STORY, CHAPTER)
    runner = play(story, [1, 2])
    first, second = path_taken(runner).steps
    votes = [
        Vote(first.key, "p", first.options, (3, 9), 1),  # re-run below replaces this one
        Vote(first.key, "p", first.options, (8, 4), 0),
        Vote(second.key, "p", second.options, (5, 5), None),  # a tie the facilitator settled
        Vote("elsewhere:3", "Undone?", ("a", "b"), (2, 0), 0),
    ]
    report = session_report(runner, WHEN, votes)
    one, two = report.steps
    assert one.vote is not None and one.vote.counts == (8, 4) and one.vote.percents == (67, 33)
    assert not one.overruled
    assert two.vote is not None and two.vote.winner is None
    assert [v.prompt for v in report.other_votes] == ["Undone?"]
    html = render("report.html", {"r": report, "made_by": "test"})
    assert "Class vote: 12 votes" in html and "8 (67%)" in html and "A tie" in html
    md = render("report.md", {"r": report, "made_by": "test"})
    assert "| Wait. | 8 | 67% |" in md and "A tie: the facilitator chose." in md


def test_overruling_the_room_is_said(make_story) -> None:
    runner = play(make_story(STORY, CHAPTER), [2, 1])
    key = path_taken(runner).steps[0].key
    report = session_report(runner, WHEN, [Vote(key, "p", ("Wait.", "Ask"), (7, 1), 0)])
    assert report.steps[0].overruled
    assert "another option than the room" in render("report.md", {"r": report, "made_by": ""})


def test_a_game_not_yet_ended_reports_where_it_stopped(make_story) -> None:
    runner = play(make_story(STORY, CHAPTER), [1])
    report = session_report(runner, WHEN)
    assert report.ending is None and report.questions == ()
    assert "stopped before an ending" in render("report.html", {"r": report, "made_by": ""})


def test_markdown_text_cannot_make_structure() -> None:
    assert md_text("a *b* [c](d) | e\nf") == r"a \*b\* \[c\](d) \| e f"


def test_output_paths_replace_a_handout_suffix() -> None:
    assert output_paths(Path("x/report.html")) == (Path("x/report.html"), Path("x/report.md"))
    assert output_paths(Path("x/2026.03")) == (Path("x/2026.03.html"), Path("x/2026.03.md"))


def test_reconnect_report_writes_both_files_from_a_save(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    story = load_story(shipped_story()).story
    assert story is not None
    session = Session(story, saves_dir(data))
    assert session.new_game({}).ok
    runner = session.runner
    for _ in range(3):
        while runner.phase is Phase.BEAT:
            runner.advance()
        assert session.choose(1).ok
    out = tmp_path / "out" / "class"
    code = main(["report", "auto", "--data-dir", str(data), "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    html = (tmp_path / "out" / "class.html").read_text(encoding="utf-8")
    md = (tmp_path / "out" / "class.md").read_text(encoding="utf-8")
    assert "The Morning After" in html and "### 3." in md and "### 4." not in md
    assert capsys.readouterr().out.startswith("Wrote ")


def test_reconnect_report_says_why_it_cannot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "nothing-here", "--data-dir", str(tmp_path)]) == 1
    assert "slot 'nothing-here'" in capsys.readouterr().err
    assert main(["report", "bad/slot!", "--data-dir", str(tmp_path)]) == 1
    assert "not a valid save slot name" in capsys.readouterr().err


LONG = " ".join(["word"] * 1300)  # ten minutes at the class's reading pace

LONG_STORY = """
format: 2
id: long
version: "1"
title: Long
start: one
checkpoints:
  - {id: second, title: The second half, scene: three}
"""

LONG_CHAPTERS = (
    f"""
chapter: First
scenes:
  one:
    text: ["{LONG}"]
    prompt: {{text: "First question?", notes: "Let the quiet ones speak first."}}
    choices:
      - {{text: On, goto: two}}
      - {{text: Also on, goto: two}}
  two:
    text: ["{LONG}"]
    goto: three
""",
    f"""
chapter: Second
scenes:
  three:
    text: ["{LONG}"]
    prompt: {{text: "Second question?"}}
    choices:
      - {{text: On, goto: four}}
      - {{text: Also on, goto: four}}
  four:
    text: ["short"]
    prompt: {{text: "Third question?"}}
    choices:
      - {{text: End, goto: done}}
      - {{text: Also end, goto: done}}
  done:
    text: ["Done."]
    ending: {{title: Done, tone: hopeful, outcome: friends, questions: ["Why?"]}}
""",
)


def test_a_plan_starts_at_a_checkpoint_when_the_whole_story_does_not_fit() -> None:
    story = build(LONG_STORY, *LONG_CHAPTERS)
    timings = chapter_timings(story)
    first = 2 * 1300 / READING_PACE + DECIDING_MINUTES  # every run reads both scenes
    second = (1300 + 2) / READING_PACE + 2 * DECIDING_MINUTES
    assert [t.minutes for t in timings] == [pytest.approx(first), pytest.approx(second)]
    assert [t.stops for t in timings] == [("one",), ("three", "four")]
    short = plan(story, timings, 45)
    assert short.checkpoint == "second" and short.chapters == ("Second",) and short.fits
    assert [s.what for s in short.stops] == ["opening", "chapter", "discuss", "discuss", "closing"]
    assert short.stops[1].at == OPENING_MINUTES
    long = plan(story, timings, 60)
    assert long.checkpoint is None and long.chapters == ("First", "Second") and long.fits
    assert sum(s.what == "discuss" for s in long.stops) == 3


def test_the_guide_has_aims_prompts_notes_plans_and_endings(make_story) -> None:
    guide = teacher_guide(make_story(STORY, CHAPTER))
    assert [a.lesson.id for a in guide.aims] == ["patience", "honesty"]
    assert guide.aims[0].endings == ("Yes, Alex", "Not Now")
    (prompt,) = guide.chapters[0].prompts
    assert prompt.notes == "Perspective-taking; keep both ends of the line."
    assert prompt.options[1].missed == ("Wait",) and prompt.options[1].kept == ("Say it",)
    assert guide.chapters[0].checkpoints == ("Chapter 2: Alex",)
    html = render("guide.html", {"g": guide, "made_by": ""})
    md = render("guide.md", {"g": guide, "made_by": ""})
    for text in (html, md):
        assert "Perspective-taking" in text and "What did Alex see?" in text
        assert "45-minute lesson" in text and "60-minute lesson" in text


def test_the_guide_escapes_the_story() -> None:
    guide = teacher_guide(hostile_story())
    html = render("guide.html", {"g": guide, "made_by": ""})
    assert HOSTILE not in html and well_formed(html).scripts == 0 and external_urls(html) == []
    assert "<script" not in render("guide.md", {"g": guide, "made_by": ""})


def test_reconnect_guide_writes_the_shipped_story_guide(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["guide", "-o", str(tmp_path / "guide")]) == 0
    html = (tmp_path / "guide.html").read_text(encoding="utf-8")
    assert "Content note" in html and "A 45-minute lesson" in html
    well_formed(html)


GLOSSARY = """
glossary:
  lido: An open-air public swimming pool.
  A&E: "Accident and Emergency:
    the hospital's walk-in department."
"""


def test_a_glossary_is_read_from_story_yaml_and_shown_in_the_guide_in_order() -> None:
    story = build(STORY + GLOSSARY, CHAPTER)
    assert dict(story.glossary) == {
        "lido": "An open-air public swimming pool.",
        "A&E": "Accident and Emergency: the hospital's walk-in department.",
    }
    guide = teacher_guide(story)
    assert [term for term, _ in guide.glossary] == ["A&E", "lido"]
    html = render("guide.html", {"g": guide, "made_by": ""})
    assert "<dt>A&amp;E</dt><dd>Accident and Emergency: the hospital&#39;s" in html
    assert "- **lido**: An open-air public swimming pool." in render(
        "guide.md", {"g": guide, "made_by": ""}
    )


def test_a_glossary_needs_format_2_and_a_mapping(load_yaml) -> None:
    old = load_yaml(STORY.replace("format: 2", "format: 1") + GLOSSARY, CHAPTER)
    assert any("glossaries need `format: 2`" in d.message for d in old.diagnostics)
    wrong = load_yaml(STORY + "glossary: [lido]\n", CHAPTER)
    assert any("glossary should be a mapping" in d.message for d in wrong.diagnostics)


def test_the_guide_escapes_a_hostile_glossary() -> None:
    story = build(STORY + f'glossary:\n  "{HOSTILE}": "{HOSTILE}"\n', CHAPTER)
    html = render("guide.html", {"g": teacher_guide(story), "made_by": ""})
    assert HOSTILE not in html and well_formed(html).scripts == 0


def test_every_ending_gets_a_printable_lesson_card_with_its_questions(make_story) -> None:
    story = make_story(STORY, CHAPTER)
    guide = teacher_guide(story)
    html = render("guide.html", {"g": guide, "made_by": ""})
    cards = html.split('<section class="page lesson-card">')[1:]
    assert len(cards) == len(guide.endings) == 2
    for card, ending in zip(cards, guide.endings, strict=True):
        body = card.split("</section>")[0]
        assert f"<h3>{ending.title}</h3>" in body and f"<td>{ending.tone}</td>" in body
        assert all(q in body for q in ending.questions)
        assert ending.outcome is None or f"<td>{ending.outcome}</td>" in body
    assert re.search(r"\.page \{ break-before: page; page-break-before: always; \}", html)


def test_the_guide_gives_safeguarding_advice_without_phone_numbers(make_story) -> None:
    guide = teacher_guide(make_story(STORY, CHAPTER))
    for text in (
        render("guide.html", {"g": guide, "made_by": ""}),
        render("guide.md", {"g": guide, "made_by": ""}),
    ):
        advice = text.split("Safeguarding")[1].split("Aims")[0]
        assert "trusted adult" in advice and "school counsellor" in advice
        assert "content note" in advice and "pass" in advice
        assert not re.search(r"\d{3}", advice)


def test_the_shipped_45_minute_plan_fits_from_a_checkpoint_with_stops_at_prompts() -> None:
    story = load_story(shipped_story()).story
    assert story is not None
    guide = teacher_guide(story)
    short = guide.plans[0]
    assert short.minutes == 45 and short.fits
    assert short.stops[-1].at + short.stops[-1].minutes <= 45
    assert short.checkpoint in {c.id for c in story.checkpoints}
    assert short.chapters[0] == next(
        story.scenes[c.scene].chapter for c in story.checkpoints if c.id == short.checkpoint
    )
    discuss = [s.scene for s in short.stops if s.what == "discuss"]
    assert len(discuss) >= 2
    assert all(s is not None and story.scenes[s].prompt is not None for s in discuss)
    # Stops are spread over the lesson, not all in its first chapter.
    assert len({story.scenes[s].chapter for s in discuss if s is not None}) >= 2
    html = render("guide.html", {"g": guide, "made_by": ""})
    plan_html = html.split("A 45-minute lesson")[1].split("</table>")[0]
    assert f"Start from the checkpoint\n  {guide.checkpoint_titles[short.checkpoint]}" in plan_html
    assert f"Ends at minute {short.stops[-1].at + short.stops[-1].minutes} of 45" in plan_html


def what_if_session(story: Story, saves: Path) -> Session:
    """A game to "Yes, Alex", then What if? back to decision 1 and on to "Not Now"."""
    session = Session(story, saves)
    session.new_game({}, Start(seed=7, fixed={"ready": True}))
    play_choices(session.runner, 1, 1)
    assert session.what_if(1).write().ok
    play_choices(session.runner, 2, 1)
    return session


def test_the_report_shows_each_what_if_tried_where_it_split_and_its_ending(
    make_story, tmp_path: Path
) -> None:
    session = what_if_session(make_story(STORY, CHAPTER), tmp_path)
    report = session_report(session.runner, WHEN, aside=session.aside)
    (branch,) = report.branches
    assert branch.turn == 1 and branch.comparison.split == 1
    assert branch.choices == ("Wait.", "Ask again, and again.")
    assert branch.comparison.first.ending == "Yes, Alex"
    assert branch.comparison.second.ending == "Not Now"
    html = render("report.html", {"r": report, "made_by": ""})
    md = render("report.md", {"r": report, "made_by": ""})
    for text in (html, md):
        section = text.split("What if? Branches tried")[1]
        assert "Went back to decision 1" in section and "split at decision 1" in section
        assert "“Wait.”" in section and "“Ask again, and again.”" in section
        assert section.index("Yes, Alex") < section.index("Not Now")
    well_formed(html)
    assert "What if?" not in render(
        "report.html", {"r": session_report(session.runner, WHEN), "made_by": ""}
    )


def test_the_report_says_how_long_each_discuss_card_was_up(make_story) -> None:
    runner = play(make_story(STORY, CHAPTER), [2, 1])
    first, _ = path_taken(runner).steps
    report = session_report(runner, WHEN, shown={first.key: 200.4, "gone:9": 5.0})
    assert [s.shown for s in report.steps] == [200, None]
    html = render("report.html", {"r": report, "made_by": ""})
    md = render("report.md", {"r": report, "made_by": ""})
    assert html.count("Discuss card up for") == 1 and "up for 3 min 20 s</p>" in html
    assert md.count("Discuss card up for") == 1 and "Discuss card up for 3 min 20 s." in md
    assert "Discuss card up" not in render(
        "report.html", {"r": session_report(runner, WHEN), "made_by": ""}
    )


@pytest.mark.parametrize(
    ("seconds", "said"), [(0, "0 s"), (45, "45 s"), (180, "3 min"), (200, "3 min 20 s")]
)
def test_a_duration_reads_as_minutes_and_seconds(seconds: int, said: str) -> None:
    assert duration(seconds) == said
