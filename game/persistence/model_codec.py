"""A JSON form of frozen dataclasses, read and written by their fields and type hints.

Nothing is named per class: a field added to the model is covered as soon as its type is one
of the forms below, and a type that is not makes `Codec` fail when it is built (a test builds
one for the story model). Reading checks every value against its declared type, so data that
does not fit is refused with `CodecError` rather than built into a model.

Forms: a dataclass is a list of its field values in order (`[name, ...]` when it stands in a
union with other dataclasses); tuples, lists and sets are lists; `Mapping[str, X]` and
`dict[str, X]` are objects; enums are their member names; `Path` is a string; str, int, bool
and None are themselves. A `dict[str, object]` field is what is computed from the model and
kept with it: it cannot be checked, so it is left out and starts empty.

A `Mapping[str, X]` whose X is one of the codec's `lazy` types keeps each value as its own JSON
text and reads back as a `LazyMapping`: a value is decoded and checked when first looked up, so
a large story opens without building every scene. A value that then turns out not to fit is
handed to the mapping's `repair` (see `LazyMapping`), never returned.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import orjson

# Deeper data than any model holds (expressions stop at 100) is refused, not recursed into.
MAX_NESTING = 160

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any, int], Any]
_PRIMITIVES = (str, int, bool, type(None))
V = TypeVar("V")


class CodecError(ValueError):
    """Data that does not fit the declared types, or a type the codec cannot handle."""


class Codec:
    """Encoder and decoder for one root dataclass and everything its fields hold."""

    def __init__(self, root: type, lazy: frozenset[type] = frozenset()) -> None:
        self.lazy = lazy
        self.root = root
        self._encoders: dict[object, Encoder] = {}
        self._decoders: dict[object, Decoder] = {}
        # Encoders are planned when first needed: a game only reads its cache files.
        self._root_encoder: Encoder | None = None
        self._root_decoder = self._decoder(root)

    def encode(self, value: object) -> Any:
        """The JSON-ready form of `value`."""
        if self._root_encoder is None:
            self._root_encoder = self._encoder(self.root)
        return self._root_encoder(value)

    def decode(self, data: object) -> Any:
        """The value `data` encodes; CodecError when it does not fit the types."""
        try:
            return self._root_decoder(data, 0)
        except RecursionError:
            raise CodecError("nested too deeply") from None

    # --- plans ------------------------------------------------------------------------------

    def _encoder(self, hint: object) -> Encoder:
        found = self._encoders.get(hint)
        if found is None:
            # Recursive types (an expression holds expressions) find the stub until it is built.
            self._encoders[hint] = lambda v: built(v)
            built = _plan(self, hint, encode=True)
            self._encoders[hint] = found = built
        return found

    def _decoder(self, hint: object) -> Decoder:
        found = self._decoders.get(hint)
        if found is None:
            self._decoders[hint] = lambda v, d: built(v, d)
            built = _plan(self, hint, encode=False)
            self._decoders[hint] = found = built
        return found


def _plan(codec: Codec, hint: object, *, encode: bool) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint in _PRIMITIVES:
        return _same if encode else _checked((hint,))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass(codec, hint, encode=encode, tagged=False)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _enum(hint, encode=encode)
    if hint is Path:
        return str if encode else _path
    if origin in (typing.Union, types.UnionType):
        return _union(codec, args, encode=encode)
    if origin is tuple:
        return _tuple(codec, args, encode=encode)
    if origin in (frozenset, set, list):
        return _sequence(codec, args[0], origin, encode=encode)
    if origin in (dict, Mapping) and args and args[0] is str:
        if args[1] in codec.lazy:
            return _lazy_mapping(codec, args[1], encode=encode)
        return _mapping(codec, args[1], encode=encode)
    raise CodecError(f"no JSON form for the type {hint!r}")


def _same(value: Any) -> Any:
    return value


def _checked(allowed: tuple[type, ...]) -> Decoder:
    def decode(value: Any, depth: int) -> Any:
        if type(value) not in allowed:
            raise CodecError(f"expected {'/'.join(t.__name__ for t in allowed)}, got {value!r:.40}")
        return value

    return decode


def _path(value: Any, depth: int) -> Path:
    if type(value) is not str:
        raise CodecError("expected a path")
    return Path(value)


def _enum(cls: type[Enum], *, encode: bool) -> Any:
    if encode:
        return lambda v: v.name
    members = cls.__members__

    def decode(value: Any, depth: int) -> Enum:
        if type(value) is not str or value not in members:
            raise CodecError(f"{value!r:.40} is not a {cls.__name__}")
        return members[value]

    return decode


@cache  # resolving type hints is the slow part of planning, and both plans need them
def _fields(cls: type) -> tuple[tuple[str, object], ...]:
    """The fields the codec carries, with their resolved types."""
    hints = typing.get_type_hints(cls)
    kept = []
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        hint = hints[f.name]
        if typing.get_origin(hint) is dict and typing.get_args(hint)[1] is object:
            continue  # derived data kept with the model (see the module docstring)
        kept.append((f.name, hint))
    return tuple(kept)


def _dataclass(codec: Codec, cls: type, *, encode: bool, tagged: bool) -> Any:
    fields = _fields(cls)
    names = [name for name, _ in fields]
    if encode:
        encoders = [(name, codec._encoder(hint)) for name, hint in fields]
        head = [cls.__name__] if tagged else []

        def encode_one(value: Any) -> list[Any]:
            return [*head, *[enc(getattr(value, name)) for name, enc in encoders]]

        return encode_one
    decoders = [codec._decoder(hint) for _, hint in fields]
    size = len(decoders) + (1 if tagged else 0)
    skip = 1 if tagged else 0
    if all(hint in _PRIMITIVES for _, hint in fields):
        return _flat(cls, tuple(hint for _, hint in fields), skip)  # type: ignore[misc]

    def decode(value: Any, depth: int) -> Any:
        if type(value) is not list or len(value) != size:
            raise CodecError(f"expected {cls.__name__} with fields {names}")
        depth += 1
        if depth > MAX_NESTING:
            raise CodecError("nested too deeply")
        return cls(*[dec(v, depth) for dec, v in zip(decoders, value[skip:], strict=False)])

    return decode


def _flat(cls: type, types_: tuple[type, ...], skip: int) -> Decoder:
    """A dataclass of plain values (a span, a literal): one check of all the types at once."""

    def decode(value: Any, depth: int) -> Any:
        fields = value[skip:] if type(value) is list else None
        if fields is None or tuple(map(type, fields)) != types_:
            raise CodecError(f"expected {cls.__name__} of {[t.__name__ for t in types_]}")
        return cls(*fields)

    return decode


def _union(codec: Codec, args: tuple[object, ...], *, encode: bool) -> Any:
    """Primitives stand for themselves; one other type is untagged, several dataclasses are
    tagged with their class names."""
    primitives = tuple(a for a in args if a in _PRIMITIVES)
    others = [a for a in args if a not in _PRIMITIVES]
    if len(others) == 1:
        return _optional(primitives, codec, others[0], encode=encode)
    if any(not (isinstance(c, type) and dataclasses.is_dataclass(c)) for c in others):
        raise CodecError(f"no JSON form for a union of {args!r}")
    plans = {c: _dataclass(codec, c, encode=encode, tagged=True) for c in others}  # type: ignore[arg-type]
    if encode:

        def encode_one(value: Any) -> Any:
            plan = plans.get(type(value))
            return value if plan is None else plan(value)

        return encode_one
    by_name = {getattr(c, "__name__", ""): plan for c, plan in plans.items()}

    def decode(value: Any, depth: int) -> Any:
        kind = type(value)
        if kind in primitives:
            return value
        plan = by_name.get(value[0]) if kind is list and value and type(value[0]) is str else None
        if plan is None:
            raise CodecError(f"{value!r:.40} fits none of {args!r}")
        return plan(value, depth)

    return decode


def _optional(primitives: tuple[object, ...], codec: Codec, other: object, *, encode: bool) -> Any:
    if encode:
        enc = codec._encoder(other)
        return lambda v: v if type(v) in primitives else enc(v)
    dec = codec._decoder(other)

    def decode(value: Any, depth: int) -> Any:
        return value if type(value) in primitives else dec(value, depth)

    return decode


def _tuple(codec: Codec, args: tuple[object, ...], *, encode: bool) -> Any:
    if len(args) == 2 and args[1] is Ellipsis:
        return _sequence(codec, args[0], tuple, encode=encode)
    if encode:
        encoders = [codec._encoder(a) for a in args]
        return lambda v: [enc(x) for enc, x in zip(encoders, v, strict=True)]
    decoders = [codec._decoder(a) for a in args]

    def decode(value: Any, depth: int) -> tuple[Any, ...]:
        if type(value) is not list or len(value) != len(decoders):
            raise CodecError(f"expected a list of {len(decoders)}")
        return tuple([dec(v, depth + 1) for dec, v in zip(decoders, value, strict=False)])

    return decode


def _sequence(codec: Codec, item: object, kind: type, *, encode: bool) -> Any:
    if encode:
        enc = codec._encoder(item)
        return lambda v: [enc(x) for x in v]
    dec = codec._decoder(item)

    def decode(value: Any, depth: int) -> Any:
        if type(value) is not list:
            raise CodecError("expected a list")
        depth += 1
        if depth > MAX_NESTING:
            raise CodecError("nested too deeply")
        return kind([dec(v, depth) for v in value])

    return decode


def _mapping(codec: Codec, item: object, *, encode: bool) -> Any:
    if encode:
        enc = codec._encoder(item)
        return lambda v: {k: enc(x) for k, x in v.items()}
    dec = codec._decoder(item)

    def decode(value: Any, depth: int) -> dict[str, Any]:
        if type(value) is not dict:
            raise CodecError("expected an object")
        return {k: dec(v, depth + 1) for k, v in value.items()}

    return decode


def _lazy_mapping(codec: Codec, item: object, *, encode: bool) -> Any:
    if encode:
        enc = codec._encoder(item)
        return lambda v: {k: orjson.dumps(enc(x)).decode() for k, x in v.items()}
    dec = codec._decoder(item)

    def decode(value: Any, depth: int) -> LazyMapping[Any]:
        if type(value) is not dict or not set(map(type, value.values())) <= {str}:
            raise CodecError("expected an object of JSON texts")
        return LazyMapping(value, lambda text: dec(orjson.loads(text), depth + 1))

    return decode


class LazyMapping(Mapping[str, V]):
    """Values kept as JSON text and decoded when first looked up.

    A text that does not decode to a value of the declared type is passed with the error to
    `repair`, which returns a mapping holding every value afresh (built from the sources);
    every value not decoded yet is then taken from it. Without a repair the error is raised.
    """

    def __init__(self, texts: dict[str, str], decode: Callable[[str], V]) -> None:
        self._texts = texts
        self._keys = tuple(texts)
        self._decode = decode
        self._done: dict[str, V] = {}
        self._fresh: Mapping[str, V] | None = None
        self.repair: Callable[[str, Exception], Mapping[str, V]] | None = None

    def __getitem__(self, key: str) -> V:
        done = self._done.get(key)
        if done is not None:
            return done
        text = self._texts.get(key)
        if text is None:  # decoded by another thread meanwhile, or a KeyError as a dict's
            return self._done[key]
        value = self._fresh[key] if self._fresh is not None else self._decoded(key, text)
        self._done[key] = value
        self._texts.pop(key, None)  # not needed again: memory holds one form of each value
        return value

    def _decoded(self, key: str, text: str) -> V:
        try:
            return self._decode(text)
        except (ValueError, TypeError, RecursionError) as err:  # CodecError, bad JSON
            if self.repair is None:
                raise CodecError(f"the value for {key!r} does not fit ({err})") from None
            self._fresh = self.repair(key, err)
            return self._fresh[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._done or key in self._texts

    def __repr__(self) -> str:
        return f"LazyMapping({len(self._keys)} values, {len(self._done)} decoded)"
