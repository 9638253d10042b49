"""The YAML document as plain data plus a table of line numbers per path.

Scenarios edit the plain data (``set`` paths) and carry the line numbers of the
scenario's own text for the values they put in, so that an error inside a
scenario points at the line where the scenario wrote it.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError

Path = tuple[str | int, ...]


class YamlSyntaxError(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Document:
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line(self, path: Path) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), None)


MAX_VALUES = 200_000
"""The most values a document may hold once its aliases are expanded: the
example has about 600, and a few aliases nested in each other can otherwise
expand 300 bytes into billions of values (the "billion laughs")."""


class _Walk:
    """Turns ruamel's tree into plain data, noting each path's line."""

    def __init__(self, lines: dict[Path, int]) -> None:
        self.lines = lines
        self.values = 0

    def plain(self, node: Any, path: Path, line: int) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            raise YamlSyntaxError(
                f"the document holds more than {MAX_VALUES:,} values once its aliases are expanded",
                line,
            )
        tag = _explicit_tag(node)
        if tag is not None:
            raise YamlSyntaxError(f"YAML tags such as {tag!r} are not allowed", line)
        if isinstance(node, TaggedScalar):  # !!str: the text as written
            return str(node.value)
        if isinstance(node, CommentedMap):
            out: dict[Any, Any] = {}
            known = node.lc.data or {}
            for key, value in node.items():
                sub = (*path, str(key))
                self.lines[sub] = _line(known.get(key), line)  # merged keys have none
                out[str(key)] = self.plain(value, sub, self.lines[sub])
            return out
        if isinstance(node, CommentedSeq):
            items = []
            known = node.lc.data or {}
            for i, value in enumerate(node):
                sub = (*path, i)
                self.lines[sub] = _line(known.get(i), line)
                items.append(self.plain(value, sub, self.lines[sub]))
            return items
        return _scalar(node)


def _line(position: Any, parent: int) -> int:
    """The line of a key or item from ruamel's (line, column, ...) entry, or the
    parent's line where ruamel kept none."""
    return int(position[0]) + 1 if position else parent


_STR = "tag:yaml.org,2002:str"


def _explicit_tag(node: Any) -> str | None:
    """A tag written in the file (``!foo``, ``!!set``), if any: the factory file
    is plain mappings, lists and scalars (``!!str`` may quote a scalar; the
    standard tags of those kinds are built by ruamel and carry none)."""
    if isinstance(node, TaggedScalar):
        return None if node.tag.value == _STR else str(node.tag.value)
    if isinstance(node, AbstractSet):
        return "!!set"
    tag = getattr(node, "tag", None)
    value = getattr(tag, "value", None) if tag is not None else None
    return str(value) if value else None


def _scalar(node: Any) -> Any:
    """ruamel's scalar subclasses as plain Python values."""
    if isinstance(node, dt.datetime):
        return dt.datetime(node.year, node.month, node.day, node.hour, node.minute, node.second)
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


class _Constructor(RoundTripConstructor):
    """ruamel's round-trip constructor, except that a date-shaped scalar that is
    no date (``2026-02-30``) stays text: ruamel would raise a ``ValueError``
    with no line, and the validation of the key it belongs to names the file,
    line and path, as for a quoted one."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def parse_yaml(text: str) -> Document:
    yaml = YAML(typ="rt")
    yaml.version = (1, 2)
    yaml.Constructor = _Constructor
    try:
        root = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlSyntaxError(f"not valid YAML: {exc.problem or exc.context}", line) from exc
    lines: dict[Path, int] = {(): 1}
    return Document(_Walk(lines).plain(root, (), 1), lines)


def format_path(path: Path) -> str:
    return ".".join(str(p) for p in path)


def split_set_path(text: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in str(text).split(".")]


def apply_set(doc: Document, path: list[str | int], value: Any, value_path: Path) -> str | None:
    """Replace ``path`` in ``doc`` by ``value`` (whose own lines are under
    ``value_path`` in ``doc.lines``); return an error message or None.

    Every key but the last must exist; the last may be new in a mapping, or
    one past the end of a list (which appends)."""
    if not path or any(k == "" for k in path):
        return "a set path is dotted keys such as 'stations.avionics.cells'"
    if path[0] == "scenarios":
        return "a scenario cannot change the scenarios"
    node = doc.data
    walked: list[str | int] = []
    for key in path[:-1]:
        problem = _missing(node, key, walked)
        if problem:
            return problem
        step = key if isinstance(node, list) else str(key)
        node = node[step]
        walked.append(step)
    last = path[-1]
    if isinstance(node, dict):
        node[str(last)] = copy.deepcopy(value)
        target: Path = (*walked, str(last))
    elif isinstance(node, list) and isinstance(last, int) and 0 <= last <= len(node):
        if last == len(node):
            node.append(copy.deepcopy(value))
        else:
            node[last] = copy.deepcopy(value)
        target = (*walked, last)
    elif isinstance(node, list):
        where = format_path(tuple(walked))
        return f"'{where}' is a list of {len(node)}: '{last}' is not an index from 0 to {len(node)}"
    else:
        where = format_path(tuple(walked))
        return (
            f"'{where}' is a single value, not a mapping or list, so '{last}' cannot be set in it"
        )
    # Drop the old lines under target, then map the value's lines onto it.
    for p in [p for p in doc.lines if p[: len(target)] == target]:
        del doc.lines[p]
    n = len(value_path)
    for p, line in list(doc.lines.items()):
        if p[:n] == value_path:
            doc.lines[(*target, *p[n:])] = line
    return None


def _missing(node: Any, key: str | int, walked: list[str | int]) -> str | None:
    """Why ``key`` cannot be followed from ``node`` (None if it can)."""
    where = format_path(tuple(walked))
    if isinstance(node, dict):
        if str(key) in node:
            return None
        close = difflib.get_close_matches(str(key), [str(k) for k in node], n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        inside = f"in '{where}'" if where else "at the top of the file"
        return f"'{key}' does not exist {inside}{hint}"
    if isinstance(node, list):
        if isinstance(key, int) and 0 <= key < len(node):
            return None
        return (
            f"'{where}' is a list of {len(node)}: '{key}' is not an index from 0 to {len(node) - 1}"
        )
    return f"'{where}' is a single value, so it has no '{key}'"
