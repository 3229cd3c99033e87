"""Tests for the condition/effect language: parser, type checker, compiler and printer."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.expr import (
    ERROR_KINDS,
    KEPT_PREFIX,
    MAX_DEPTH,
    MAX_NUMBER,
    MISSED_PREFIX,
    Binary,
    Bool,
    Call,
    Expr,
    ExprError,
    Name,
    Num,
    Str,
    Unary,
    Value,
    VarType,
    compile_expr,
    counts_read,
    evaluate,
    parse,
    scenes_visited,
    typecheck,
    unparse,
    variables_used,
)

N, T, B = VarType.NUMBER, VarType.TEXT, VarType.BOOL
VARIABLES: dict[str, VarType] = {
    "trust": N,
    "patience": N,
    "sincerity": N,
    "mood": T,
    "name": T,
    "called": B,
    "brave": B,
}
SCENES = frozenset({"intro", "late_text", "the_call"})
VALUES: dict[str, Value] = {
    "trust": 7,
    "patience": -3,
    "sincerity": 0,
    "mood": "calm",
    "name": "Sam",
    "called": True,
    "brave": False,
}
VISITS = {"intro": 2, "late_text": 1}


def run(source: str, values: Mapping[str, Value] = VALUES) -> Value:
    """Parse, check and evaluate; fail the test on any type error."""
    expr = parse(source)
    _, errors = typecheck(expr, VARIABLES, SCENES)
    assert errors == [], errors
    return evaluate(expr, values, VISITS)


def shape(e: Expr) -> str:
    """The tree fully parenthesised, to check precedence and associativity."""
    if isinstance(e, Binary):
        return f"({shape(e.left)} {e.op} {shape(e.right)})"
    if isinstance(e, Unary):
        return f"({e.op} {shape(e.operand)})"
    return unparse(e)


def error_of(source: str) -> ExprError:
    with pytest.raises(ExprError) as info:
        parse(source)
    return info.value


def check_errors(source: str) -> list[ExprError]:
    return typecheck(parse(source), VARIABLES, SCENES)[1]


# --- Parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected", "offset", "length"),
    [
        ("42", Num(42), 0, 2),
        ("  7 ", Num(7), 2, 1),
        ('"he"', Str("he"), 0, 4),
        ("'she'", Str("she"), 0, 5),
        (r'"a\"b"', Str('a"b'), 0, 6),
        (r"'it\'s'", Str("it's"), 0, 7),
        (r'"back\\slash"', Str("back\\slash"), 0, 13),
        ('"it\'s"', Str("it's"), 0, 6),
        ("''", Str(""), 0, 2),
        ("true", Bool(True), 0, 4),
        ("false", Bool(False), 0, 5),
        ("_x9", Name("_x9"), 0, 3),
        ("truest", Name("truest"), 0, 6),
        ('visited("intro")', Call("visited", (Str("intro"),)), 0, 16),
        ("visited ( 'intro' )", Call("visited", (Str("intro"),)), 0, 19),
        ("-x", Unary("-", Name("x")), 0, 2),
        ("not x", Unary("not", Name("x")), 0, 5),
        ("(x)", Name("x"), 0, 3),
        ("a+b", Binary("+", Name("a"), Name("b")), 0, 3),
    ],
)
def test_parse_atoms_and_spans(source: str, expected: Expr, offset: int, length: int) -> None:
    expr = parse(source)
    assert expr == expected
    assert (expr.offset, expr.length) == (offset, length)


def test_spans_of_children() -> None:
    expr = parse("(a + bb) * -visited('x')")
    assert isinstance(expr, Binary)
    assert (expr.offset, expr.length) == (0, 24)
    # The parenthesised child covers its parentheses.
    assert (expr.left.offset, expr.left.length) == (0, 8)
    assert isinstance(expr.left, Binary)
    assert (expr.left.right.offset, expr.left.right.length) == (5, 2)
    neg = expr.right
    assert isinstance(neg, Unary)
    assert (neg.offset, neg.length) == (11, 13)
    call = neg.operand
    assert isinstance(call, Call)
    assert (call.offset, call.length) == (12, 12)
    assert (call.args[0].offset, call.args[0].length) == (20, 3)


def test_spans_are_not_part_of_equality() -> None:
    assert parse("a + 1") == parse("  a   +   1  ")
    assert hash(parse("a + 1")) == hash(Binary("+", Name("a"), Num(1)))


def test_unknown_function_calls_parse() -> None:
    assert parse("foo()") == Call("foo", ())
    assert parse("foo(1, x)") == Call("foo", (Num(1), Name("x")))


def test_number_literal_past_the_cap_is_refused_without_converting_it() -> None:
    assert parse(str(MAX_NUMBER)) == Num(MAX_NUMBER)
    for digits in (str(MAX_NUMBER + 1), "9" * 6000):
        with pytest.raises(ExprError) as err:
            parse(f"x + {digits}")
        assert (err.value.kind, err.value.offset, err.value.length) == ("number", 4, len(digits))
        assert f"{MAX_NUMBER:,}" in err.value.message


def test_arithmetic_saturates_at_the_cap_so_a_squaring_loop_stays_small() -> None:
    square = compile_expr(parse("n * n"))
    n = 2
    for _ in range(40):  # unbounded, 2**(2**40) would exhaust memory long before the end
        n = square({"n": n}, {})
    assert n == MAX_NUMBER
    assert evaluate(parse("0 - n - n"), {"n": MAX_NUMBER}, {}) == -MAX_NUMBER
    assert evaluate(parse("-(n * 10)"), {"n": MAX_NUMBER}, {}) == -MAX_NUMBER
    assert evaluate(parse("1000000000 * 1000000000 / 10"), {}, {}) == MAX_NUMBER // 10


@pytest.mark.parametrize(
    ("source", "tree"),
    [
        ("a + b * c", "(a + (b * c))"),
        ("a * b + c", "((a * b) + c)"),
        ("a - b - c", "((a - b) - c)"),
        ("a / b / c", "((a / b) / c)"),
        ("a - b + c", "((a - b) + c)"),
        ("a * b / c * d", "(((a * b) / c) * d)"),
        ("-a * b", "((- a) * b)"),
        ("a * -b", "(a * (- b))"),
        ("- -a", "(- (- a))"),
        ("--a", "(- (- a))"),
        ("a - -b", "(a - (- b))"),
        ("-(a + b)", "(- (a + b))"),
        ("a + b < c * d", "((a + b) < (c * d))"),
        ("a == b and c != d", "((a == b) and (c != d))"),
        ("a or b and c", "(a or (b and c))"),
        ("a and b or c", "((a and b) or c)"),
        ("a or b or c", "((a or b) or c)"),
        ("a and b and c", "((a and b) and c)"),
        ("not a and b", "((not a) and b)"),
        ("not a or not b", "((not a) or (not b))"),
        ("a and not b", "(a and (not b))"),
        ("not a == b", "(not (a == b))"),
        ("not a + 1 < b", "(not ((a + 1) < b))"),
        ("not not a", "(not (not a))"),
        ("not (a and b)", "(not (a and b))"),
        ("(a < b) == c", "((a < b) == c)"),
        ("a == (b < c)", "(a == (b < c))"),
        ("(a + b) * c", "((a + b) * c)"),
        ("a <= b or a >= c", "((a <= b) or (a >= c))"),
        ('visited("x") > 0', '(visited("x") > 0)'),
    ],
)
def test_precedence_and_associativity(source: str, tree: str) -> None:
    assert shape(parse(source)) == tree


@pytest.mark.parametrize(
    ("source", "message", "offset", "length"),
    [
        ("", "empty expression", 0, 1),
        ("   ", "empty expression", 0, 3),
        ("a +", "expected a value after '+', found end of expression", 3, 1),
        ("a + )", "expected a value after '+', found ')'", 4, 1),
        ("* 2", "expected a value, found '*'", 0, 1),
        ("()", "expected a value after '(', found ')'", 1, 1),
        ("not", "expected a value after 'not', found end of expression", 3, 1),
        ("a and or b", "expected a value after 'and', found 'or'", 6, 2),
        ("a b", "expected an operator between 'a' and 'b'", 2, 1),
        ("1 'x'", "expected an operator between '1' and ''x''", 2, 3),
        ("1 (b)", "expected an operator between '1' and '('", 2, 1),
        ("a not b", "expected an operator between 'a' and 'not'", 2, 3),
        ("a AND b", "write 'and' in lower case", 2, 3),
        ("a Or b", "write 'or' in lower case", 2, 2),
        ("a)", "this ')' has no matching '('", 1, 1),
        ("a, b", "unexpected ','", 1, 1),
        ("(a", "this '(' is never closed", 0, 1),
        ("((a + b)", "this '(' is never closed", 0, 1),
        ("f(a", "this '(' is never closed", 1, 1),
        ("(a, b)", "expected ')', found ','", 2, 1),
        ("f(a b)", "expected an operator between 'a' and 'b'", 4, 1),
        ("f(a,)", "expected a value after ',', found ')'", 4, 1),
        ("f(a;", "unexpected character ';'", 3, 1),
        ("a < b < c", "comparisons can't be chained", 6, 1),
        ("a == b != c", "e.g. 'a == b and b != c'", 7, 2),
        ("1 < 2 + 3 <= 4", "comparisons can't be chained", 10, 2),
        ("a && b", "use 'and' instead of '&&'", 2, 2),
        ("a & b", "use 'and' instead of '&'", 2, 1),
        ("a || b", "use 'or' instead of '||'", 2, 2),
        ("a | b", "use 'or' instead of '|'", 2, 1),
        ("!a", "use 'not' instead of '!'", 0, 1),
        ("a = 3", "use '==' to compare ('=' is not an operator here)", 2, 1),
        ("a === 3", "use '==' instead of '==='", 2, 3),
        ("a => 3", "use '>=' instead of '=>'", 2, 2),
        ("a =< 3", "use '<=' instead of '=<'", 2, 2),
        ("a <> 3", "use '!=' instead of '<>'", 2, 2),
        ("a == not b", "'not' can't follow '==' directly", 5, 3),
        ("1 + not b", "'not' can't follow '+' directly", 4, 3),
        ("'abc", "text is missing its closing quote (')", 0, 4),
        ('x == "abc', 'text is missing its closing quote (")', 5, 4),
        ("'abc\\", "text is missing its closing quote (')", 0, 5),
        ("'ab\"", "text is missing its closing quote (')", 0, 4),
        ("'a\\nb'", "unknown escape '\\n' in text", 2, 2),
        ("3.5", "only whole numbers are allowed, found '3.5'", 0, 3),
        ("x.y", "unexpected '.'", 1, 1),
        ("a % 2", "unexpected character '%'", 2, 1),
        ("café", "unexpected character 'é'", 3, 1),
        ("a\x00", "unexpected character '\\u0000'", 1, 1),
        ("visited(intro)", 'visited() needs a scene id in quotes, e.g. visited("intro")', 8, 5),
        ("visited(1)", "visited() needs a scene id in quotes", 8, 1),
        ("visited()", "visited() needs a scene id in quotes", 0, 9),
        ("visited('a', 'b', 'c')", "visited() takes exactly one scene id", 13, 8),
    ],
)
def test_syntax_errors(source: str, message: str, offset: int, length: int) -> None:
    err = error_of(source)
    assert message in err.message
    assert str(err) == err.message
    assert (err.offset, err.length) == (offset, length)
    assert err.kind == "syntax"
    assert err.name is None


def test_messages_start_lower_case() -> None:
    for source in ["", "a +", "a b", "a && b", "a < b < c", "'x", "(a", "a)", "#"]:
        message = error_of(source).message
        assert message[0] == message[0].lower()


def test_long_tokens_are_clipped_in_messages() -> None:
    err = error_of("a " + "b" * 200)
    assert len(err.message) < 100
    assert err.length == 200


@pytest.mark.parametrize(
    "source",
    [
        "(" * 100_000 + "1" + ")" * 100_000,
        "(" * 100_000,
        "not " * 100_000 + "true",
        "-" * 100_000 + "1",
        "- " * 100_000 + "1",
        "1" + " + 1" * 100_000,
        "1" + " * 1" * 100_000,
        "true" + " and true" * 100_000,
        "f(" * 100_000 + ")" * 100_000,
        "a == (" * 100_000 + "a" + ")" * 100_000,
    ],
)
def test_deep_nesting_is_an_expr_error(source: str) -> None:
    err = error_of(source)
    assert err.message == "expression nested too deeply"
    assert err.kind == "syntax"
    assert 0 <= err.offset < len(source)


def test_nesting_just_inside_the_limit_works() -> None:
    depth = MAX_DEPTH - 1
    assert run("(" * depth + "1" + ")" * depth) == 1
    assert run("not " * (depth - 1) + "true") is ((depth - 1) % 2 == 0)
    assert run("-" * (depth - 1) + "1") == (-1) ** (depth - 1)
    assert run("1" + " + 1" * (MAX_DEPTH - 1)) == MAX_DEPTH
    assert run(" + ".join(["trust"] * MAX_DEPTH)) == 7 * MAX_DEPTH


# --- Type checking ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1", N),
        ("'x'", T),
        ("true", B),
        ("trust", N),
        ("mood", T),
        ("called", B),
        ('visited("intro")', N),
        ("-trust", N),
        ("not called", B),
        ("trust + 1", N),
        ("trust - 1", N),
        ("trust * 1", N),
        ("trust / 2", N),
        ("trust == 1", B),
        ("mood != 'calm'", B),
        ("called == brave", B),
        ("trust < 1", B),
        ("trust <= 1", B),
        ("trust > 1", B),
        ("trust >= 1", B),
        ("called and brave", B),
        ("called or brave", B),
        ("(trust > 1) == called", B),
    ],
)
def test_typecheck_accepts(source: str, expected: VarType) -> None:
    assert typecheck(parse(source), VARIABLES, SCENES) == (expected, [])


@pytest.mark.parametrize(
    ("source", "message", "offset", "length"),
    [
        ("trust + mood", "cannot add text to a number", 0, 12),
        ("mood + trust", "cannot add a number to text", 0, 12),
        ("called + 1", "cannot add a number to true/false", 0, 10),
        ("trust - 'x'", "cannot subtract text from a number", 0, 11),
        ("true * 2", "cannot multiply true/false by a number", 0, 8),
        ("mood / mood", "cannot divide text by text", 0, 11),
        ("-mood", "'-' needs a number, got text", 1, 4),
        ("not trust", "'not' needs true/false, got number", 4, 5),
        ("trust == mood", "cannot compare a number with text", 0, 13),
        ("called != 1", "cannot compare true/false with a number", 0, 11),
        ("mood < 1", "'<' compares numbers only, got text", 0, 4),
        ("1 >= called", "'>=' compares numbers only, got true/false", 5, 6),
        ("trust and called", "'and' needs true/false on both sides, got number", 0, 5),
        ("called or 'x'", "'or' needs true/false on both sides, got text", 10, 3),
        ("(trust + 1) and true", "'and' needs true/false on both sides, got number", 0, 11),
    ],
)
def test_type_errors(source: str, message: str, offset: int, length: int) -> None:
    errors = check_errors(source)
    assert len(errors) == 1, errors
    err = errors[0]
    assert err.message.startswith(message)
    assert (err.kind, err.offset, err.length, err.name) == ("type", offset, length, None)


def test_both_bad_sides_are_reported() -> None:
    errors = check_errors("mood < called")
    assert [e.message for e in errors] == [
        "'<' compares numbers only, got text",
        "'<' compares numbers only, got true/false",
    ]


def test_unknown_variable() -> None:
    source = "trust + trsut"
    t, errors = typecheck(parse(source), VARIABLES, SCENES)
    assert t is N
    [err] = errors
    assert (err.kind, err.name, err.offset, err.length) == ("unknown-variable", "trsut", 8, 5)
    assert err.message == "unknown variable 'trsut'"


def test_unknown_variable_alone_has_no_type() -> None:
    t, errors = typecheck(parse("nope"), VARIABLES, SCENES)
    assert t is None
    assert [e.kind for e in errors] == ["unknown-variable"]


def test_capitalised_boolean_gets_a_hint() -> None:
    [err] = check_errors("called == True")
    assert err.message == "unknown variable 'True'; write true in lower case"


def test_unknown_scene_points_at_the_string() -> None:
    [err] = check_errors('visited("late_txt") > 0')
    assert (err.kind, err.name, err.offset, err.length) == ("unknown-scene", "late_txt", 8, 10)
    assert err.message == "unknown scene 'late_txt'"


def test_unknown_function() -> None:
    t, errors = typecheck(parse("seen('intro') > 0"), VARIABLES, SCENES)
    assert t is B
    [err] = errors
    assert (err.kind, err.name, err.offset, err.length) == ("unknown-function", "seen", 0, 4)


def test_unknown_function_arguments_are_still_checked() -> None:
    errors = check_errors("foo(bar, 1 + 'x')")
    assert [e.kind for e in errors] == ["unknown-function", "unknown-variable", "type"]


def test_all_errors_are_reported_in_source_order() -> None:
    source = 'nope + visited("nowhere") > 0 and mood and f(1) or -called'
    t, errors = typecheck(parse(source), VARIABLES, SCENES)
    assert t is B
    assert [e.kind for e in errors] == [
        "unknown-variable",
        "unknown-scene",
        "type",
        "unknown-function",
        "type",
        "type",
    ]
    assert [e.offset for e in errors] == sorted(e.offset for e in errors)
    assert all(e.kind in ERROR_KINDS for e in errors)


def test_unknown_operand_does_not_cascade() -> None:
    assert [e.kind for e in check_errors("nope + 1 > 2 and nope")] == ["unknown-variable"] * 2


def test_hand_built_bad_visited_call_is_a_type_error() -> None:
    _, errors = typecheck(Call("visited", (Name("trust"),)), VARIABLES, SCENES)
    assert [e.kind for e in errors] == ["type"]


# --- Queries ---------------------------------------------------------------------------------


def test_variables_used() -> None:
    expr = parse("trust + patience > 3 and not called or f(mood, trust) == 1")
    assert variables_used(expr) == {"trust", "patience", "called", "mood"}
    assert variables_used(parse("1 + 2")) == frozenset()


def test_scenes_visited() -> None:
    expr = parse("visited('a') + visited(\"b\") > visited('a') or f('c') > 0")
    assert scenes_visited(expr) == {"a", "b"}
    assert scenes_visited(parse("trust")) == frozenset()


def test_counts_read_keys_each_count_as_the_compiler_does() -> None:
    expr = parse("visited('a') + kept('patience') > missed('patience') - chose('a.go')")
    keys = {"a", "a.go", KEPT_PREFIX + "patience", MISSED_PREFIX + "patience"}
    assert counts_read(expr) == keys
    values = {"trust": 0}
    counts = dict.fromkeys(keys, 0)
    # Every key the query names is one the compiled expression looks up, and no other.
    looked: set[str] = set()

    class Watching(dict[str, int]):
        def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
            looked.add(key)
            return super().get(key, default)

        def __getitem__(self, key: str) -> int:
            looked.add(key)
            return super().__getitem__(key)

    evaluate(expr, values, Watching(counts))
    assert looked == keys
    assert counts_read(parse("trust > 1")) == frozenset()


# --- Evaluation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("trust + 3", 10),
        ("3 + trust", 10),
        ("trust + patience", 4),
        ("trust - 10", -3),
        ("10 - trust", 3),
        ("trust - patience", 10),
        ("trust * 2", 14),
        ("2 * trust", 14),
        ("trust * patience", -21),
        ("-trust", -7),
        ("-(trust + 1)", -8),
        ("- -trust", 7),
        ("-3", -3),
        ("not called", False),
        ("not (trust > 1)", False),
        ("not true", False),
        ("trust == 7", True),
        ("7 == trust", True),
        ("trust != 7", False),
        ("trust < 7", False),
        ("7 < trust", False),
        ("trust <= 7", True),
        ("7 <= trust", True),
        ("trust > patience", True),
        ("trust >= 8", False),
        ("8 >= trust", True),
        ("mood == 'calm'", True),
        ("mood != name", True),
        ("called == brave", False),
        ("called and brave", False),
        ("called or brave", True),
        ("called and true", True),
        ("true and called", True),
        ("brave or false", False),
        ("false or brave", False),
        ("called and false", False),
        ("brave or true", True),
        ('visited("intro")', 2),
        ('visited("the_call")', 0),
        ('visited("intro") > 1', True),
        ('visited("the_call") == 0', True),
        ('visited("intro") + visited("late_text")', 3),
        ('visited("intro") * 10', 20),
        ("(trust + 1) * (patience - 1)", -32),
        ("(trust + 1) > (patience - 1)", True),
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("2 < 3 and 'a' == 'a' and not false", True),
    ],
)
def test_operators(source: str, expected: Value) -> None:
    result = run(source)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("7 / 2", 3),
        ("-7 / 2", -4),
        ("7 / -2", -4),
        ("-7 / -2", 3),
        ("trust / 2", 3),
        ("trust / -2", -4),
        ("patience / 2", -2),
        ("trust / patience", -3),
        ("(trust + 0) / (patience + 0)", -3),
        ("7 / 0", 0),
        ("trust / 0", 0),
        ("(trust + 1) / 0", 0),
        ("trust / sincerity", 0),
        ("(trust + 1) / (sincerity * 2)", 0),
        ("0 / trust", 0),
        ("sincerity / trust", 0),
    ],
)
def test_floor_division_and_division_by_zero(source: str, expected: int) -> None:
    assert run(source) == expected


class Recording(Mapping[str, Value]):
    """A mapping that remembers which keys were read."""

    def __init__(self, data: Mapping[str, Value]) -> None:
        self.data = dict(data)
        self.read: list[str] = []

    def __getitem__(self, key: str) -> Value:
        self.read.append(key)
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


@pytest.mark.parametrize(
    ("source", "unread"),
    [
        ("brave and called", "called"),
        ("called or brave", "brave"),
        ("(trust < 0) and called", "called"),
        ("(trust > 0) or called", "called"),
        ("not called and brave", "brave"),
    ],
)
def test_and_or_short_circuit(source: str, unread: str) -> None:
    values = Recording(VALUES)
    run(source, values)
    assert unread not in values.read
    values_without = {k: v for k, v in VALUES.items() if k != unread}
    evaluate(parse(source), values_without, VISITS)  # no KeyError


def test_constant_subtrees_are_folded() -> None:
    f = compile_expr(parse("(1 + 2) * 3 > 4 and not false"))
    assert f({}, {}) is True
    assert compile_expr(parse("'a' == 'a'"))({}, {}) is True
    assert compile_expr(parse("x / 0"))({}, {}) == 0


def test_compiled_closure_is_reusable() -> None:
    f = compile_expr(parse("trust + visited('intro')"))
    assert [f({"trust": t}, {"intro": v}) for t, v in [(1, 0), (2, 5), (-1, 1)]] == [1, 7, 0]


def test_compiling_unknown_function_fails_cleanly() -> None:
    with pytest.raises(ExprError) as info:
        compile_expr(parse("foo(1)"))
    assert info.value.kind == "unknown-function"


# --- Printing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "printed"),
    [
        ("a+b*c", "a + b * c"),
        ("(a+b)*c", "(a + b) * c"),
        ("a-(b-c)", "a - (b - c)"),
        ("(a-b)-c", "a - b - c"),
        ("a+(b+c)", "a + (b + c)"),
        ("-(a+b)", "-(a + b)"),
        ("-(-a)", "--a"),
        ("not(a and b)", "not (a and b)"),
        ("not (not a)", "not not a"),
        ("(not a) == b", "(not a) == b"),
        ("(a < b) == c", "(a < b) == c"),
        ("a == (b < c)", "a == (b < c)"),
        ("a or (b or c)", "a or (b or c)"),
        ("(a or b) and c", "(a or b) and c"),
        ("visited( 'x' )", 'visited("x")'),
        ("f(1,2)", "f(1, 2)"),
        ("'say \"hi\"'", '"say \\"hi\\""'),
        ("'back\\\\slash'", '"back\\\\slash"'),
        ("true or false", "true or false"),
    ],
)
def test_unparse(source: str, printed: str) -> None:
    assert unparse(parse(source)) == printed
    assert parse(printed) == parse(source)


# --- Properties ------------------------------------------------------------------------------

TOKENS = [
    "(", ")", "(", ")", ",", "not", "and", "or", "-", "+", "*", "/", "==", "!=", "<", "<=", ">",
    ">=", "true", "false", "trust", "mood", "called", "x", "visited", "f", "0", "1", "42",
    '"s"', "'t'", "'intro'", "&&", "||", "!", "=", "'", '"', "\\", "3.5", "AND", "True", "é",
    "\n", "\t",
]  # fmt: skip


@st.composite
def token_soups(draw: st.DrawFn) -> str:
    """Random sequences of the language's own tokens, sometimes wrapped in deep nesting."""
    parts = draw(st.lists(st.sampled_from(TOKENS), max_size=30))
    glue = draw(st.sampled_from(["", " ", "  "]))
    text = glue.join(parts)
    depth = draw(st.one_of(st.just(0), st.integers(0, 2 * MAX_DEPTH), st.integers(0, 5000)))
    if depth:
        opener = draw(st.sampled_from(["(", "not ", "-", "- ", "f(", "1 + ", "not (", "a and "]))
        closer = draw(st.sampled_from([")", "", " + 1"]))
        text = opener * depth + text + closer * depth
    return text


def check_spans(source: str, expr: Expr) -> None:
    """Every node's span lies in the source, and leaves' spans hold their own text."""
    stack = [expr]
    while stack:
        e = stack.pop()
        assert e.offset >= 0 and e.offset + e.length <= len(source)
        text = source[e.offset : e.offset + e.length]
        # A parenthesised node's span takes in its parentheses.
        core = text.strip("() \t\n")
        if isinstance(e, Name):
            assert core == e.name
        elif isinstance(e, Num):
            assert int(core) == e.value
        elif isinstance(e, Bool):
            assert core == unparse(e)
        elif isinstance(e, Str):
            assert parse(text) == e
        elif isinstance(e, Binary):
            assert (
                e.left.offset >= e.offset and e.right.offset + e.right.length <= e.offset + e.length
            )
            stack += [e.left, e.right]
        elif isinstance(e, Unary):
            stack.append(e.operand)
        else:
            assert core.startswith(e.func)
            stack += list(e.args)


def parse_or_error(source: str) -> Expr | None:
    try:
        return parse(source)
    except ExprError as err:
        assert err.kind in ("syntax", "number")  # a literal past the cap is a number error
        assert 0 <= err.offset <= len(source)
        assert err.length >= 1
        assert err.message and err.message[0] == err.message[0].lower()
        return None


@settings(max_examples=500)
@given(st.text())
def test_parse_any_text_raises_only_expr_error(source: str) -> None:
    expr = parse_or_error(source)
    if expr is not None:
        check_spans(source, expr)


@settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
@given(token_soups())
def test_parse_token_soup_raises_only_expr_error(source: str) -> None:
    expr = parse_or_error(source)
    if expr is None:
        return
    check_spans(source, expr)
    assert parse(unparse(expr)) == expr
    t, errors = typecheck(expr, VARIABLES, SCENES)
    assert all(e.kind in ERROR_KINDS for e in errors)
    if not errors:
        result = evaluate(expr, VALUES, VISITS)
        expected_type = {N: int, T: str, B: bool}[t] if t is not None else None
        assert type(result) is expected_type


# Typed random trees and a tiny reference interpreter to check the compiler against.
NUMBER_VARS = ["trust", "patience", "sincerity"]
TEXT_VARS = ["mood", "name"]
BOOL_VARS = ["called", "brave"]
SCENE_IDS = sorted(SCENES)


@st.composite
def typed(draw: st.DrawFn, t: VarType, depth: int = 0) -> Expr:
    """A well-typed expression of type t."""
    leaf = depth >= 6 or draw(st.integers(0, 2)) == 0
    if t is N:
        if leaf:
            return draw(
                st.one_of(
                    st.builds(Num, st.integers(0, 20)),
                    st.builds(Num, st.integers(0, MAX_NUMBER)),
                    st.builds(Name, st.sampled_from(NUMBER_VARS)),
                    st.builds(lambda s: Call("visited", (Str(s),)), st.sampled_from(SCENE_IDS)),
                )
            )
        if draw(st.integers(0, 4)) == 0:
            return Unary("-", draw(typed(N, depth + 1)))
        op = draw(st.sampled_from(["+", "-", "*", "/"]))
        return Binary(op, draw(typed(N, depth + 1)), draw(typed(N, depth + 1)))
    if t is T:
        if leaf or draw(st.booleans()):
            return draw(
                st.one_of(st.builds(Str, st.text(max_size=8)), st.sampled_from(TEXT_VARS).map(Name))
            )
        return Str(draw(st.sampled_from(["calm", "Sam", ""])))
    if leaf:
        return draw(st.one_of(st.builds(Bool, st.booleans()), st.sampled_from(BOOL_VARS).map(Name)))
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return Unary("not", draw(typed(B, depth + 1)))
    if kind == 1:
        op = draw(st.sampled_from(["and", "or"]))
        return Binary(op, draw(typed(B, depth + 1)), draw(typed(B, depth + 1)))
    if kind == 2:
        op = draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">="]))
        return Binary(op, draw(typed(N, depth + 1)), draw(typed(N, depth + 1)))
    side = draw(st.sampled_from([T, B]))
    op = draw(st.sampled_from(["==", "!="]))
    return Binary(op, draw(typed(side, depth + 1)), draw(typed(side, depth + 1)))


def _saturate(n: int) -> int:
    return max(-MAX_NUMBER, min(MAX_NUMBER, n))


def reference(e: Expr, values: Mapping[str, Any], visits: Mapping[str, int]) -> Any:
    """The language's meaning, written as plainly as possible."""
    if isinstance(e, (Num, Str, Bool)):
        return e.value
    if isinstance(e, Name):
        return values[e.name]
    if isinstance(e, Call):
        arg = e.args[0]
        assert isinstance(arg, Str)
        return visits.get(arg.value, 0)
    if isinstance(e, Unary):
        x = reference(e.operand, values, visits)
        return (not x) if e.op == "not" else _saturate(-x)
    a = reference(e.left, values, visits)
    if e.op == "and":
        return a and reference(e.right, values, visits)
    if e.op == "or":
        return a or reference(e.right, values, visits)
    b = reference(e.right, values, visits)
    if e.op == "/":
        if b == 0:
            return 0
        # Written without // so the reference doesn't share the code under test's shortcut.
        magnitude = abs(a) // abs(b)
        if (a < 0) == (b < 0):
            return _saturate(magnitude)
        return _saturate(-magnitude - (1 if magnitude * abs(b) != abs(a) else 0))
    return {
        "+": lambda: _saturate(a + b),
        "-": lambda: _saturate(a - b),
        "*": lambda: _saturate(a * b),
        "==": lambda: a == b,
        "!=": lambda: a != b,
        "<": lambda: a < b,
        "<=": lambda: a <= b,
        ">": lambda: a > b,
        ">=": lambda: a >= b,
    }[e.op]()


def test_reference_division_rounds_down() -> None:
    for a in range(-9, 10):
        for b in range(-4, 5):
            expected = 0 if b == 0 else a // b
            assert reference(Binary("/", Num(a), Num(b)), {}, {}) == expected, (a, b)


states = st.fixed_dictionaries(
    {
        **{n: st.integers(-30, 30) for n in NUMBER_VARS},
        **{n: st.sampled_from(["calm", "Sam", "", "x"]) for n in TEXT_VARS},
        **{n: st.booleans() for n in BOOL_VARS},
    }
)
visit_counts = st.dictionaries(st.sampled_from(SCENE_IDS), st.integers(0, 4))


@settings(max_examples=200)
@given(typed(N), states, visit_counts)
def test_number_expressions_match_reference(
    expr: Expr, values: dict[str, Value], visits: dict[str, int]
) -> None:
    assert typecheck(expr, VARIABLES, SCENES) == (N, [])
    result = compile_expr(expr)(values, visits)
    expected = reference(expr, values, visits)
    assert result == expected
    assert type(result) is int


@settings(max_examples=200)
@given(typed(B), states, visit_counts)
def test_condition_expressions_match_reference(
    expr: Expr, values: dict[str, Value], visits: dict[str, int]
) -> None:
    assert typecheck(expr, VARIABLES, SCENES) == (B, [])
    result = compile_expr(expr)(values, visits)
    assert result == reference(expr, values, visits)
    assert type(result) is bool


@settings(max_examples=200)
@given(st.sampled_from([N, T, B]).flatmap(typed), states, visit_counts)
def test_unparse_round_trips(expr: Expr, values: dict[str, Value], visits: dict[str, int]) -> None:
    source = unparse(expr)
    again = parse(source)
    assert again == expr
    assert unparse(again) == source
    check_spans(source, again)
    assert evaluate(again, values, visits) == reference(expr, values, visits)
    assert variables_used(again) == variables_used(expr)
    assert scenes_visited(again) == scenes_visited(expr)


@given(st.text())
def test_strings_round_trip(text: str) -> None:
    assert parse(unparse(Str(text))) == Str(text)


@given(st.integers(0, MAX_NUMBER))
def test_numbers_round_trip(n: int) -> None:
    assert parse(unparse(Num(n))) == Num(n)
