"""Text templates: `{variable}` substitution and pronoun words with verb agreement.

Authors write pronoun words and agreeing verbs as they would for *they*; the chosen pronoun
set (he / she / they) picks the form. Unknown names are load-time errors, never blanks.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Container, Mapping
from dataclasses import dataclass

from .model import Literal, Piece, PronounRef, Story, Template, Value, VarRef

PRONOUN_SETS: tuple[str, ...] = ("he", "she", "they")

# Each word as written (the they-form) -> its form for he, she, they.
WORDS: Mapping[str, tuple[str, str, str]] = {
    "they": ("he", "she", "they"),
    "them": ("him", "her", "them"),
    "their": ("his", "her", "their"),
    "theirs": ("his", "hers", "theirs"),
    "themself": ("himself", "herself", "themself"),
    "they're": ("he's", "she's", "they're"),
    "they've": ("he's", "she's", "they've"),
    "they'll": ("he'll", "she'll", "they'll"),
    "they'd": ("he'd", "she'd", "they'd"),
    "are": ("is", "is", "are"),
    "were": ("was", "was", "were"),
    "have": ("has", "has", "have"),
    "do": ("does", "does", "do"),
    "aren't": ("isn't", "isn't", "aren't"),
    "weren't": ("wasn't", "wasn't", "weren't"),
    "haven't": ("hasn't", "hasn't", "haven't"),
    "don't": ("doesn't", "doesn't", "don't"),
}
# Typographic apostrophes are common in prose; accept them as the same words.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})
_TYPOGRAPHIC = "\u2019\u02bc"


@dataclass(frozen=True)
class TemplateProblem:
    """A problem inside one template: message, 0-based offset and length, the name if any."""

    message: str
    offset: int
    length: int
    name: str | None = None
    # "no-pronouns" when the word needs a `pronouns:` variable the story does not name.
    kind: str = ""


def is_pronoun_word(name: str) -> bool:
    """True for the words the pronoun set decides (any capitalisation of the first letter)."""
    return name.translate(_APOSTROPHES).lower() in WORDS


def parse_template(
    text: str, variables: Container[str], *, pronouns: bool = True
) -> tuple[Template, list[TemplateProblem]]:
    """Split text into literal pieces and substitutions, reporting every bad `{...}`."""
    if "{" not in text and "}" not in text:
        return Template((Literal(text),), text), []
    pieces: list[Piece] = []
    problems: list[TemplateProblem] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "{" and text.startswith("{{", i):
            buf.append("{")
            i += 2
        elif ch == "}" and text.startswith("}}", i):
            buf.append("}")
            i += 2
        elif ch == "}":
            problems.append(TemplateProblem("a lone '}' (write '}}' for a literal brace)", i, 1))
            i += 1
        elif ch == "{":
            end = text.find("}", i + 1)
            if end < 0:
                problems.append(
                    TemplateProblem("'{' is never closed (write '{{' for a literal brace)", i, 1)
                )
                break
            if buf:
                pieces.append(Literal("".join(buf)))
                buf = []
            piece, problem = _substitution(text[i + 1 : end], i, variables, pronouns)
            if problem is not None:
                problems.append(problem)
            elif piece is not None:
                pieces.append(piece)
            i = end + 1
        else:
            buf.append(ch)
            i += 1
    if buf:
        pieces.append(Literal("".join(buf)))
    return Template(tuple(pieces), text), problems


def _substitution(
    inner: str, offset: int, variables: Container[str], pronouns: bool
) -> tuple[Piece | None, TemplateProblem | None]:
    length = len(inner) + 2
    name = inner.strip()
    if "|" in name:
        forms = [f.strip() for f in name.split("|")]
        if len(forms) != 2 or not all(forms):
            msg = "a verb needs its two forms, singular first: {watches|watch}"
            return None, TemplateProblem(msg, offset, length)
        if not pronouns:
            return None, _no_pronouns(name, offset, length)
        return PronounRef((forms[0], forms[0], forms[1])), None
    if not name:
        return None, TemplateProblem("empty '{}' (write '{{' for a literal brace)", offset, length)
    if name in variables:
        return VarRef(name), None
    key = name.translate(_APOSTROPHES)
    forms3 = WORDS.get(key.lower())
    if forms3 is not None:
        if not pronouns:
            return None, _no_pronouns(name, offset, length)
        if key[0].isupper():
            forms3 = (_cap(forms3[0]), _cap(forms3[1]), _cap(forms3[2]))
        mark = next((c for c in name if c in _TYPOGRAPHIC), None)
        if mark is not None:  # keep the author's apostrophe: {they’re} -> he’s, not he's
            forms3 = (
                forms3[0].replace("'", mark),
                forms3[1].replace("'", mark),
                forms3[2].replace("'", mark),
            )
        return PronounRef(forms3), None
    return None, TemplateProblem(f"unknown name '{{{name}}}' in text", offset, length, name)


_PAIR = re.compile(r"\{\s*([\w'’]+)\s*\|\s*([\w'’]+)\s*\}")
# The plain (they) form of a verb -> its he/she form, for the verbs WORDS knows.
_IRREGULAR = {k: v[0] for k, v in WORDS.items() if v[0] == v[1]}


def reversed_pairs(text: str) -> list[TemplateProblem]:
    """Verb pairs written plural first, `{sit|sits}`, which read "He sit"."""
    slips = []
    for match in _PAIR.finditer(text):
        first, second = match.group(1), match.group(2)
        if _singular_of(first.lower()) != second.lower():
            continue
        slips.append(
            TemplateProblem(
                f"'{{{first}|{second}}}' puts the plural first, so it reads \"he {first}\": "
                f"write the singular first, '{{{second}|{first}}}'",
                match.start(),
                match.end() - match.start(),
            )
        )
    return slips


def _singular_of(plain: str) -> str:
    if plain in _IRREGULAR:
        return _IRREGULAR[plain]
    if plain.endswith("y") and plain[-2:-1] not in ("a", "e", "o", "u", ""):
        return plain[:-1] + "ies"
    if plain.endswith(("s", "sh", "ch", "x", "z", "o")):
        return plain + "es"
    return plain + "s"


def name_hint(
    name: str, variables: Collection[str], characters: Mapping[str, str] | None = None
) -> str:
    """How to fix an unknown `{name}`: the variable or pronoun word it is closest to, or the
    character (id -> name as written) it names."""
    words = {w.replace("'", ""): w for w in WORDS}
    key = name.translate(_APOSTROPHES)
    bare = key.replace("'", "").lower()
    cap = key[:1].isupper()
    if bare in words:  # {Theyre}: only the apostrophe is missing
        return f" — did you mean '{{{_cased(words[bare], cap)}}}'?"
    # {is}, {She}, {her}: pronoun words are written in their "they" form.
    they_forms = [w for w, forms in WORDS.items() if key.lower() in forms[:2]]
    if they_forms:
        written = " or ".join(f"'{{{_cased(w, cap)}}}'" for w in they_forms)
        return f" — pronoun words are written as for 'they': write {written}"
    if characters and key in characters:  # {maya}: a speaker's id is not filled in
        return (
            f" — '{key}' is a character's id, and ids are not filled in: write the name "
            f"({characters[key]}) as text, or use a text variable"
        )
    close = difflib.get_close_matches(key.lower(), [*WORDS, *variables], n=1, cutoff=0.7)
    if close:
        return f" — did you mean '{{{_cased(close[0], cap) if close[0] in WORDS else close[0]}}}'?"
    if key.isalpha() and key.islower():  # {look}: a verb that should agree
        return (
            f" — for a verb that agrees with the pronoun set, write both forms, singular "
            f"first: '{{{_singular_of(key)}|{key}}}'"
        )
    return ""


def _cased(word: str, cap: bool) -> str:
    return _cap(word) if cap else word


_NAME_THEN_VERB = re.compile(r"\{(\w+)\}\s+\{([^{}]+)\}")


def agreement_slips(text: str, variables: Container[str]) -> list[TemplateProblem]:
    """Agreeing verbs whose subject is a name, not a pronoun: `{ex} {are}` reads "Daniel are".

    The verb follows the pronoun set, so after a name it is wrong for "they"; the author
    meant the plain singular ("{ex} is").
    """
    slips = []
    for match in _NAME_THEN_VERB.finditer(text):
        name, verb = match.group(1), match.group(2).strip()
        if name not in variables or is_pronoun_word(name):
            continue
        if "|" in verb:
            singular = verb.split("|")[0].strip()
        else:
            forms = WORDS.get(verb.translate(_APOSTROPHES).lower())
            if forms is None or forms[0] != forms[1]:  # a pronoun word, not a verb
                continue
            singular = forms[0]
        start = match.start(2) - 1
        slips.append(
            TemplateProblem(
                f"'{{{verb}}}' agrees with the pronoun set, but its subject here is the name "
                f"'{{{name}}}': write '{singular}'",
                start,
                len(verb) + 2,
                name,
            )
        )
    return slips


def _no_pronouns(name: str, offset: int, length: int) -> TemplateProblem:
    msg = f"'{{{name}}}' follows a pronoun set, but story.yaml names no `pronouns` variable"
    return TemplateProblem(msg, offset, length, name, "no-pronouns")


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def pronoun_index(value: Value | None) -> int:
    """Which column of WORDS a pronoun variable's value selects (they when unknown)."""
    try:
        return PRONOUN_SETS.index(str(value))
    except ValueError:
        return 2


def render(template: Template, values: Mapping[str, Value], pronoun: int) -> str:
    """The template's text for these variable values and pronoun set."""
    pieces = template.pieces
    if len(pieces) == 1 and type(pieces[0]) is Literal:
        return pieces[0].text  # most text has no substitutions
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, Literal):
            out.append(piece.text)
        elif isinstance(piece, PronounRef):
            out.append(piece.forms[pronoun])
        else:
            out.append(format_value(values.get(piece.var, "")))
    return "".join(out)


def render_at_start(template: Template, story: Story) -> str:
    """A template's text with every variable at its starting value (lists outside a game)."""
    values = {vid: var.default for vid, var in story.variables.items()}
    return render(template, values, pronoun_index(values.get(story.pronouns or "")))


def quoted(text: str) -> str:
    """Text in curly quotes, unless it is already a quotation (a spoken choice)."""
    if len(text) >= 2 and text[0] in '“"' and text[-1] in '”"':
        return text
    return f"“{text}”"


def _one_quotation(text: str) -> bool:
    """True when `text` is a single quotation: its first “ is closed only by its last ”."""
    if len(text) < 2 or text[0] != "“" or text[-1] != "”":
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "“") - (ch == "”")
        if depth == 0 and i < len(text) - 1:
            return False
    return depth == 0


def quotation(text: str) -> str:
    """Text quoted for a page, with quotations inside it nested the typographic way:
    `Steady yourself. “I’m fine.”` -> “Steady yourself. ‘I’m fine.’”."""
    inner = text[1:-1] if _one_quotation(text) else text
    return "“" + inner.replace("“", "‘").replace("”", "’") + "”"


def format_value(value: Value) -> str:
    """How a value reads in text: numbers as digits, flags as yes/no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


# Every control character but tab and newline: ESC alone can retitle a terminal or clear it.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def without_controls(text: str) -> str:
    """Text safe to print to a terminal: control characters (escape sequences' ESC) removed.

    The loader refuses them in stories; this guards output against any that arrive another way.
    """
    return _CONTROLS.sub("", text)
