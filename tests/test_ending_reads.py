"""Folding an ending's own facts into a guarantee keeps its value for every state (issue 14).

The explorer drops from an ending's state what only settled claims read there, so a fold that
changed a claim's value would change a verdict: the oracle is evaluating the whole expression.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from game.authoring.ending_reads import ending_facts, ending_reads, fold
from game.engine import expr as ex
from game.resources import shipped_story

FACTS = {"ending": ["e0", "e1"], "tone": ["hopeful", "hard"], "outcome": ["together", ""]}


def _bool_leaves() -> st.SearchStrategy[ex.Expr]:
    fact = st.sampled_from(sorted(FACTS)).flatmap(
        lambda name: st.builds(
            lambda value, op: ex.Binary(op, ex.Name(name), ex.Str(value)),
            st.sampled_from(FACTS[name]),
            st.sampled_from(["==", "!="]),
        )
    )
    number = st.builds(
        lambda op, n: ex.Binary(op, ex.Name("a"), ex.Num(n)),
        st.sampled_from(["<", ">=", "=="]),
        st.integers(0, 3),
    )
    mark = st.builds(lambda m: ex.Call(m, (ex.Str("l1"),)), st.sampled_from(["kept", "missed"]))
    return st.one_of(fact, number, mark, st.just(ex.Name("b")), st.builds(ex.Bool, st.booleans()))


conditions = st.recursive(
    _bool_leaves(),
    lambda inner: st.one_of(
        st.builds(lambda e: ex.Unary("not", e), inner),
        st.builds(ex.Binary, st.sampled_from(["and", "or"]), inner, inner),
    ),
    max_leaves=8,
)


@given(
    conditions,
    st.sampled_from(FACTS["ending"]),
    st.sampled_from(FACTS["tone"]),
    st.sampled_from(FACTS["outcome"]),
    st.integers(0, 3),
    st.booleans(),
    st.integers(0, 1),
)
def test_folding_keeps_the_value(
    e: ex.Expr, ending: str, tone: str, outcome: str, a: int, b: bool, mark: int
) -> None:
    known: dict[str, ex.Value] = {"ending": ending, "tone": tone, "outcome": outcome}
    counts = {"kept:l1": mark, "missed:l1": 1 - mark}
    folded = fold(e, known)
    assert ex.evaluate(folded, {"a": a, "b": b}, counts) == ex.evaluate(
        e, {**known, "a": a, "b": b}, counts
    )
    assert not ex.variables_used(folded) & set(known)


def test_the_shipped_endings_read_only_their_unsettled_claims() -> None:
    from game.engine.loader import load_story

    story = load_story(shipped_story(), cache=None).story
    assert story is not None
    reads = ending_reads(story)
    assert set(reads) == {sid for sid, s in story.scenes.items() if s.ending is not None}
    used = {
        sid: set().union(*(ex.variables_used(e) for e in exprs)) for sid, exprs in reads.items()
    }
    # Echo's claim reads `lonely_motive` at Echo only; `their_life_counts` and
    # `stop_never_together` read their variables only where the outcome is "together".
    assert "lonely_motive" in used["end_echo"]
    together = {sid for sid, s in story.scenes.items() if s.ending and s.ending.outcome
                and s.ending.outcome.value == "together"}  # fmt: skip
    assert together
    for sid, names in used.items():
        assert ("lonely_motive" in names) == (sid == "end_echo")
        assert ("ignored_stop" in names) == (sid in together)
        ending = story.scenes[sid].ending
        assert ending is not None
        assert not names & set(ending_facts(sid, ending))
