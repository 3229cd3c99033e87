"""The condition and effect language: tokenizer, parser, type checker and compiler.

Expressions are parsed once when a story loads, checked against the declared variables and
scenes, and compiled to plain Python closures; no source text ever reaches eval or exec.
"""

from __future__ import annotations

from .compiler import Compiled, compile_expr, evaluate
from .nodes import (
    ERROR_KINDS,
    FUNCTIONS,
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
    number_too_large,
)
from .parser import parse
from .queries import counts_read, scenes_visited, unparse, variables_used
from .typecheck import typecheck, visited_hint

__all__ = [
    "ERROR_KINDS",
    "FUNCTIONS",
    "KEPT_PREFIX",
    "MAX_DEPTH",
    "MAX_NUMBER",
    "MISSED_PREFIX",
    "Binary",
    "Bool",
    "Call",
    "Compiled",
    "Expr",
    "ExprError",
    "Name",
    "Num",
    "Str",
    "Unary",
    "Value",
    "VarType",
    "compile_expr",
    "counts_read",
    "evaluate",
    "number_too_large",
    "parse",
    "scenes_visited",
    "typecheck",
    "unparse",
    "variables_used",
    "visited_hint",
]
