"""Safe YAML reading that keeps node positions, so every problem can name its line and column.

Shared bank files are untrusted: we read with the C safe loader, refuse binary data, cap the file size and
the alias-expanded node count (a "billion laughs" document expands exponentially), and never construct
Python objects from tags.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from quizengine.bank.problems import Problem

try:  # the C loader is ~10x faster; fall back to pure Python where libyaml is missing
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class SafeLoader(_BaseLoader):
    """The safe loader without path resolvers (never used by safe loading, yet called for every node)."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_EXPANDED_NODES = 2_000_000


@dataclass(frozen=True)
class Position:
    line: int
    column: int
    location: str


@dataclass
class YamlDocument:
    path: str
    data: Any
    root: yaml.Node
    content_hash: str = ""

    def locate(self, loc: Sequence[str | int], *, at_key: bool = False) -> Position:
        """Map a validation location (pydantic `loc`) to the closest node's line, column and dotted path.

        Segments that are not keys or indexes in the document (discriminator tags such as
        `single_choice`, validator names) are skipped.
        """
        node: yaml.Node = self.root
        parts: list[str] = []
        for position, seg in enumerate(loc):
            if isinstance(node, yaml.MappingNode) and isinstance(seg, str):
                entry = _mapping_entry(node, seg)
                if entry is None:
                    if seg in _KNOWN_FIELDS:  # a missing field: point at its parent, name the field
                        parts.append(seg)
                    continue
                last = position == len(loc) - 1
                node = entry[0] if at_key and last else entry[1]
                parts.append(seg)
            elif isinstance(node, yaml.SequenceNode) and isinstance(seg, int) and 0 <= seg < len(node.value):
                node = node.value[seg]
                parts.append(f"[{seg}]")
        location = ".".join(parts).replace(".[", "[")
        return Position(node.start_mark.line + 1, node.start_mark.column + 1, location)


_KNOWN_FIELDS: set[str] = set()


def register_known_fields(names: set[str]) -> None:
    _KNOWN_FIELDS.update(names)


def _mapping_entry(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _line_col_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


class _NeedsFullConstructor(Exception):
    """A construct our fast path leaves to PyYAML (merge keys, complex keys)."""


def _build(root: yaml.Node, loader: Any, problems: list[Problem], path: str) -> Any:
    """Turn the node tree into plain data in one pass, with PyYAML's safe semantics for the common tags.

    On the way it counts nodes as if aliases were expanded (memoised per node, so an alias bomb is caught
    without expanding it) and reports duplicate mapping keys, which PyYAML would silently collapse.
    """
    built: dict[int, tuple[Any, int]] = {}  # collections only: scalars are cheap to rebuild and cannot recurse
    in_progress: set[int] = set()
    scalar_node, mapping_node = yaml.ScalarNode, yaml.MappingNode

    def scalar(node: yaml.ScalarNode) -> Any:
        return node.value if node.tag == _STR_TAG else loader.construct_object(node, deep=True)

    def convert(node: yaml.Node) -> tuple[Any, int]:
        if isinstance(node, scalar_node):
            return scalar(node), 1
        key = id(node)
        if key in built:
            return built[key]
        if key in in_progress:
            raise _RecursiveAlias(node)
        in_progress.add(key)
        size = 1
        if isinstance(node, mapping_node):
            if node.tag != _MAP_TAG:
                loader.construct_object(node, deep=True)  # raises ConstructorError for object-building tags
            value: Any = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, scalar_node) or key_node.tag == "tag:yaml.org,2002:merge":
                    raise _NeedsFullConstructor
                mapping_key = scalar(key_node)
                if mapping_key in value:
                    _duplicate_key(node, key_node, mapping_key, problems, path)
                child_value, child_size = convert(value_node)
                value[mapping_key] = child_value
                size += 1 + child_size
        elif isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                loader.construct_object(node, deep=True)
            value = []
            for child in node.value:
                child_value, child_size = convert(child)
                value.append(child_value)
                size += child_size
        else:  # pragma: no cover - PyYAML has only three node kinds
            raise _NeedsFullConstructor
        if size > MAX_EXPANDED_NODES:
            raise _AliasBomb
        in_progress.discard(key)
        built[key] = (value, size)
        return value, size

    try:
        return convert(root)[0]
    except _NeedsFullConstructor:
        return loader.construct_document(root)


def _duplicate_key(mapping: yaml.MappingNode, key_node: yaml.ScalarNode, key: Any, problems: list[Problem],
                   path: str) -> None:
    first = next(k for k, _ in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key_node.value)
    mark = key_node.start_mark
    problems.append(Problem(path, mark.line + 1, mark.column + 1, "",
                            f"duplicate key '{key}' (first at line {first.start_mark.line + 1})"))


class _AliasBomb(Exception):
    pass


class _RecursiveAlias(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def read_yaml(path: Path, display: str | None = None) -> tuple[YamlDocument | None, list[Problem]]:
    """Read one YAML file. Returns the document (or None) and the problems found."""
    name = display or str(path)

    def fail(message: str, line: int = 1, column: int = 1) -> tuple[None, list[Problem]]:
        return None, [Problem(name, line, column, "", message)]

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return fail(f"file is {size / 2**20:.1f} MiB, over the {MAX_FILE_BYTES // 2**20} MiB limit")
        raw = path.read_bytes()
    except OSError as exc:
        return fail(f"cannot read file: {exc.strerror or exc}")
    nul = raw.find(b"\x00")
    if nul >= 0:
        return fail("file contains binary data (a NUL byte), not YAML text", *_line_col_of_offset(raw, nul))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _line_col_of_offset(raw, exc.start)
        return fail(f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8", line, column)

    loader = SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return fail("file is empty")
        problems: list[Problem] = []
        try:
            data = _build(root, loader, problems, name)
        except _RecursiveAlias as exc:
            mark = exc.node.start_mark
            return fail("recursive alias: a node refers to itself", mark.line + 1, mark.column + 1)
        except _AliasBomb:
            return fail(f"document expands to over {MAX_EXPANDED_NODES:,} nodes through aliases (an alias bomb?)")
        return YamlDocument(name, data, root, hashlib.sha256(raw).hexdigest()), problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = (exc.problem or exc.context or "invalid YAML").strip()
        if "could not determine a constructor" in message or ("tag" in message and "!" in message):
            message = f"{message}; tags that build objects are not allowed in bank files"
        message = f"YAML syntax error: {message}" if "constructor" not in message else message
        if mark is None:
            return fail(message)
        return fail(message, mark.line + 1, mark.column + 1)
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        return fail(f"invalid YAML: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
    finally:
        loader.dispose()
