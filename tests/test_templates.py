"""Templates: variables, pronoun words, verb agreement, literal braces and every problem."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.model import Literal, PronounRef, Value, VarRef
from game.engine.templates import (
    TemplateProblem,
    format_value,
    is_pronoun_word,
    name_hint,
    parse_template,
    pronoun_index,
    render,
)

VALUES: dict[str, Value] = {"player": "Sam", "ex": "Robin", "trust": 3, "called": True}
SETS = ("he", "she", "they")


def say(text: str, pronouns: str = "they", values: Mapping[str, Value] = VALUES) -> str:
    """Parse (asserting no problems) and render for one pronoun set."""
    template, problems = parse_template(text, values)
    assert problems == [], problems
    return render(template, values, pronoun_index(pronouns))


def problems_of(text: str, *, pronouns: bool = True) -> list[TemplateProblem]:
    return parse_template(text, VALUES, pronouns=pronouns)[1]


# --- variables --------------------------------------------------------------------------------


def test_plain_text_is_one_literal() -> None:
    template, problems = parse_template("Nothing to replace here.", VALUES)
    assert problems == []
    assert template.pieces == (Literal("Nothing to replace here."),)
    assert template.is_plain
    assert template.source == "Nothing to replace here."


def test_variables_are_substituted() -> None:
    assert say("{player} calls {ex}.") == "Sam calls Robin."
    assert say("{ex}") == "Robin"
    assert say("{player}{ex}") == "SamRobin"


def test_variable_pieces_are_var_refs() -> None:
    template, _ = parse_template("Hi {player}!", VALUES)
    assert template.pieces == (Literal("Hi "), VarRef("player"), Literal("!"))
    assert not template.is_plain
    assert template.source == "Hi {player}!"


def test_variables_follow_the_values_given_at_render_time() -> None:
    template, _ = parse_template("{player} has {trust} trust", VALUES)
    assert render(template, {"player": "Kim", "trust": 7}, 2) == "Kim has 7 trust"
    assert render(template, {"player": "Lee", "trust": -1}, 0) == "Lee has -1 trust"


def test_numbers_and_flags_read_as_text() -> None:
    assert say("trust {trust}, called {called}") == "trust 3, called yes"
    assert say("called {called}", values={**VALUES, "called": False}) == "called no"
    assert format_value(0) == "0"
    assert format_value(True) == "yes"
    assert format_value(False) == "no"
    assert format_value("text") == "text"


# --- pronoun words ----------------------------------------------------------------------------

# Written out by hand from docs/format.md: the word as written -> he, she, they.
PRONOUN_TABLE: dict[str, tuple[str, str, str]] = {
    "they": ("he", "she", "they"),
    "them": ("him", "her", "them"),
    "their": ("his", "her", "their"),
    "theirs": ("his", "hers", "theirs"),
    "themself": ("himself", "herself", "themself"),
    "they're": ("he's", "she's", "they're"),
    "they've": ("he's", "she's", "they've"),
    "they'll": ("he'll", "she'll", "they'll"),
    "they'd": ("he'd", "she'd", "they'd"),
}
VERB_TABLE: dict[str, tuple[str, str, str]] = {
    "are": ("is", "is", "are"),
    "were": ("was", "was", "were"),
    "have": ("has", "has", "have"),
    "do": ("does", "does", "do"),
    "aren't": ("isn't", "isn't", "aren't"),
    "weren't": ("wasn't", "wasn't", "weren't"),
    "haven't": ("hasn't", "hasn't", "haven't"),
    "don't": ("doesn't", "doesn't", "don't"),
}
ALL_WORDS = {**PRONOUN_TABLE, **VERB_TABLE}


@pytest.mark.parametrize("word", sorted(ALL_WORDS))
@pytest.mark.parametrize("index", [0, 1, 2])
def test_every_word_for_every_pronoun_set(word: str, index: int) -> None:
    expected = ALL_WORDS[word][index]
    assert say(f"[{{{word}}}]", SETS[index]) == f"[{expected}]"


@pytest.mark.parametrize("word", sorted(ALL_WORDS))
@pytest.mark.parametrize("index", [0, 1, 2])
def test_capitalised_words_capitalise_the_result(word: str, index: int) -> None:
    written = word[0].upper() + word[1:]
    want = ALL_WORDS[word][index]
    assert say(f"{{{written}}} ok", SETS[index]) == want[0].upper() + want[1:] + " ok"


@pytest.mark.parametrize("word", [w for w in sorted(ALL_WORDS) if "'" in w])
@pytest.mark.parametrize("mark", ["\u2019", "\u02bc"])
def test_typographic_apostrophes_are_the_same_words(word: str, mark: str) -> None:
    curly = word.replace("'", mark)
    assert is_pronoun_word(curly)
    for index, pronoun in enumerate(SETS):
        want = ALL_WORDS[word][index].replace("'", mark)
        assert say(f"{{{curly}}}", pronoun) == want
        capital = curly[0].upper() + curly[1:]
        assert say(f"{{{capital}}}", pronoun) == want[0].upper() + want[1:]


def test_typographic_apostrophe_example_sentence() -> None:
    text = "{They\u2019re} sure {they} {don\u2019t} mind."
    assert say(text, "she") == "She\u2019s sure she doesn\u2019t mind."
    assert say(text, "they") == "They\u2019re sure they don\u2019t mind."


def test_documented_examples() -> None:
    assert say("{They} {are} late.", "he") == "He is late."
    assert say("{They} {are} late.", "she") == "She is late."
    assert say("{They} {are} late.", "they") == "They are late."
    assert say("{They} {says|say} nothing.", "she") == "She says nothing."
    assert say("{They} {says|say} nothing.", "they") == "They say nothing."


def test_pronoun_sentence_for_each_set() -> None:
    text = "{ex} said {they} {were} sorry; {their} coat was {theirs}, {they} told {themself}."
    assert say(text, "he") == "Robin said he was sorry; his coat was his, he told himself."
    assert say(text, "she") == "Robin said she was sorry; her coat was hers, she told herself."
    assert say(text, "they") == (
        "Robin said they were sorry; their coat was theirs, they told themself."
    )


@pytest.mark.parametrize(
    ("text", "he", "they"),
    [
        ("{looks|look}", "looks", "look"),
        ("{watches|watch}", "watches", "watch"),
        ("{tries|try}", "tries", "try"),
        ("{ looks | look }", "looks", "look"),
        ("{Looks|Look}", "Looks", "Look"),
    ],
)
def test_bar_verbs_pick_singular_or_plural(text: str, he: str, they: str) -> None:
    assert say(text, "he") == he
    assert say(text, "she") == he
    assert say(text, "they") == they


def test_pronoun_pieces_carry_all_three_forms() -> None:
    template, _ = parse_template("{Them}", VALUES)
    assert template.pieces == (PronounRef(("Him", "Her", "Them")),)


@pytest.mark.parametrize(
    ("value", "index"), [("he", 0), ("she", 1), ("they", 2), ("xe", 2), (None, 2), (3, 2)]
)
def test_pronoun_index_falls_back_to_they(value: Value | None, index: int) -> None:
    assert pronoun_index(value) == index


def test_is_pronoun_word() -> None:
    for word in ALL_WORDS:
        assert is_pronoun_word(word)
        assert is_pronoun_word(word[0].upper() + word[1:])
    for word in ("player", "thee", "is", "they re", ""):
        assert not is_pronoun_word(word)


def test_variables_work_without_a_pronoun_set() -> None:
    # Without a pronouns variable the words are errors, while variables still work.
    template, problems = parse_template("{player} waves", VALUES, pronouns=False)
    assert problems == []
    assert render(template, VALUES, 0) == "Sam waves"


# --- literal braces ---------------------------------------------------------------------------


def test_doubled_braces_are_literal() -> None:
    assert say("{{player}}") == "{player}"
    assert say("a {{ b }} c") == "a { b } c"
    assert say("{{{player}}}") == "{Sam}"
    assert say("}}}}{{{{") == "}}{{"


# --- problems ---------------------------------------------------------------------------------


def test_unknown_name_points_at_the_braces() -> None:
    text = "Hello {frend}, bye."
    problems = problems_of(text)
    assert len(problems) == 1
    p = problems[0]
    assert p.name == "frend"
    assert "unknown name" in p.message and "frend" in p.message
    assert (p.offset, p.length) == (6, 7)
    assert text[p.offset : p.offset + p.length] == "{frend}"


def test_unknown_name_is_not_rendered_as_a_blank() -> None:
    template, problems = parse_template("a {nope} b", VALUES)
    assert [p.name for p in problems] == ["nope"]
    assert all(not isinstance(piece, VarRef) for piece in template.pieces)


def test_variables_are_case_sensitive() -> None:
    problems = problems_of("{Player}")
    assert [p.name for p in problems] == ["Player"]


def test_unclosed_brace() -> None:
    text = "Hi {player and more"
    problems = problems_of(text)
    assert len(problems) == 1
    p = problems[0]
    assert "never closed" in p.message
    assert (p.offset, p.length) == (3, 1)
    assert p.name is None


def test_lone_closing_brace() -> None:
    text = "one } two"
    problems = problems_of(text)
    assert len(problems) == 1
    assert "lone '}'" in problems[0].message
    assert (problems[0].offset, problems[0].length) == (4, 1)


@pytest.mark.parametrize(("text", "offset", "length"), [("x {} y", 2, 2), ("{   }", 0, 5)])
def test_empty_braces(text: str, offset: int, length: int) -> None:
    problems = problems_of(text)
    assert len(problems) == 1
    assert "empty" in problems[0].message
    assert (problems[0].offset, problems[0].length) == (offset, length)


@pytest.mark.parametrize("inner", ["a|b|c", "looks|", "|look", "|", " | ", "a||b"])
def test_bad_bar_forms(inner: str) -> None:
    text = f"She {{{inner}}}."
    problems = problems_of(text)
    assert len(problems) == 1
    p = problems[0]
    assert "two forms" in p.message
    assert (p.offset, p.length) == (4, len(inner) + 2)


def test_every_problem_is_reported_in_order() -> None:
    text = "{nope} } {} {a|b|c} {they"
    problems = problems_of(text)
    assert [p.offset for p in problems] == [0, 7, 9, 12, 20]
    assert problems[0].name == "nope"
    assert "lone" in problems[1].message
    assert "empty" in problems[2].message
    assert "two forms" in problems[3].message
    assert "never closed" in problems[4].message


@pytest.mark.parametrize("word", ["they", "Their", "are", "don't", "they\u2019re", "looks|look"])
def test_pronoun_words_need_a_pronouns_variable(word: str) -> None:
    text = f"x {{{word}}} y"
    problems = problems_of(text, pronouns=False)
    assert len(problems) == 1
    p = problems[0]
    assert "pronouns" in p.message
    assert (p.offset, p.length) == (2, len(word) + 2)
    # With a pronoun set the same text is fine.
    assert problems_of(text, pronouns=True) == []


# --- properties -------------------------------------------------------------------------------

brace_heavy = st.text(alphabet="{}|' abtheyrlook\u2019", max_size=40)


@settings(max_examples=400)
@given(st.one_of(st.text(max_size=80), brace_heavy))
def test_parse_never_raises(text: str) -> None:
    template, problems = parse_template(text, VALUES)
    assert template.source == text
    for p in problems:
        assert 0 <= p.offset < len(text)
        assert p.length >= 1
        assert p.offset + p.length <= len(text)
    for index in range(3):
        assert isinstance(render(template, VALUES, index), str)


@settings(max_examples=300)
@given(st.text(max_size=80).filter(lambda s: "{" not in s and "}" not in s))
def test_text_without_braces_renders_to_itself(text: str) -> None:
    template, problems = parse_template(text, VALUES)
    assert problems == []
    for index in range(3):
        assert render(template, VALUES, index) == text


@settings(max_examples=300)
@given(st.text(max_size=60))
def test_escaped_braces_render_to_the_original(text: str) -> None:
    escaped = text.replace("{", "{{").replace("}", "}}")
    template, problems = parse_template(escaped, VALUES)
    assert problems == []
    assert render(template, VALUES, 1) == text


def test_quoted_wraps_plain_text_but_not_a_quotation() -> None:
    from game.engine.templates import quoted

    assert quoted("Close the album.") == "“Close the album.”"
    assert quoted("“I ended it. It has to be me.”") == "“I ended it. It has to be me.”"
    assert quoted('"Plain quotes too."') == '"Plain quotes too."'
    assert quoted("") == "“”"


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("She", " — pronoun words are written as for 'they': write '{They}'"),
        ("her", " — pronoun words are written as for 'they': write '{them}' or '{their}'"),
        ("is", " — pronoun words are written as for 'they': write '{are}'"),
        (
            "maya",
            " — 'maya' is a character's id, and ids are not filled in: write the name (Maya) "
            "as text, or use a text variable",
        ),
        ("pateince", " — did you mean '{patience}'?"),
    ],
)
def test_name_hints_point_at_the_fix(name: str, hint: str) -> None:
    assert name_hint(name, ["patience"], {"maya": "Maya"}) == hint
