"""Safe YAML reading that keeps node positions, so every problem can name its line and column.

Shared bank files are untrusted: we read with the C safe loader, refuse binary data, cap the file size, the
nesting depth and the alias-expanded size (a "billion laughs" document expands exponentially, also through
merge keys), and never construct Python objects from tags.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from quizengine.bank.files import MAX_FILE_BYTES, FileRefused, read_bank_bytes
from quizengine.bank.problems import Problem
from quizengine.bank.text_safety import clip
from quizengine.bank.yaml_build import (
    MAX_DEPTH,
    MAX_EXPANDED_NODES,
    BuildError,
    build,
    first_unsafe_offset,
)

__all__ = ["MAX_DEPTH", "MAX_EXPANDED_NODES", "MAX_FILE_BYTES", "Position", "YamlDocument", "read_yaml"]

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
    text: str = ""  # the decoded source, for exact columns inside scalars

    def node_at(self, loc: Sequence[str | int], *, at_key: bool = False) -> tuple[yaml.Node, str]:
        """The closest node to a validation location (pydantic `loc`), and its dotted path.

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
                parts.append(clip(seg))
            elif isinstance(node, yaml.SequenceNode) and isinstance(seg, int) and 0 <= seg < len(node.value):
                node = node.value[seg]
                parts.append(f"[{seg}]")
        return node, ".".join(parts).replace(".[", "[")

    def locate(self, loc: Sequence[str | int], *, at_key: bool = False) -> Position:
        """Line, column and dotted path of the node closest to `loc`."""
        node, location = self.node_at(loc, at_key=at_key)
        return Position(node.start_mark.line + 1, node.start_mark.column + 1, location)

    def locate_unsafe(self, loc: Sequence[str | int]) -> Position:
        """Like `locate`, but at the first unsafe character (or the escape that writes it) inside the scalar."""
        node, location = self.node_at(loc)
        start = node.start_mark
        offset = first_unsafe_offset(self.text, node) if isinstance(node, yaml.ScalarNode) else None
        if offset is None:
            return Position(start.line + 1, start.column + 1, location)
        line = start.line + 1 + self.text.count("\n", start.index, offset)
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return Position(line, column, location)


_KNOWN_FIELDS: set[str] = set()


def register_known_fields(names: set[str]) -> None:
    _KNOWN_FIELDS.update(names)


def _mapping_entry(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The key and value nodes of `key`, also when the mapping takes it from a merge key (`<<: *base`)."""
    merged: list[yaml.Node] = []
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged.extend(value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node])
            elif key_node.value == key:
                return key_node, value_node
    for source in merged:  # earlier merged mappings win, as when the data was built
        entry = _mapping_entry(source, key) if isinstance(source, yaml.MappingNode) else None
        if entry is not None:
            return entry
    return None


def _line_col_of_offset(text: str | bytes, offset: int) -> tuple[int, int]:
    newline: Any = b"\n" if isinstance(text, bytes) else "\n"
    line = text.count(newline, 0, offset) + 1
    column = offset - (text.rfind(newline, 0, offset) + 1) + 1
    return line, column


def _syntax_problem(exc: yaml.MarkedYAMLError) -> tuple[str, int, int]:
    mark = exc.problem_mark or exc.context_mark
    message = (exc.problem or exc.context or "invalid YAML").strip()
    if "could not determine a constructor" in message or ("tag" in message and "!" in message):
        message = f"{message}; tags that build objects are not allowed in bank files"
    message = f"YAML syntax error: {message}" if "constructor" not in message else message
    return (message, 1, 1) if mark is None else (message, mark.line + 1, mark.column + 1)


def _reader_problem(exc: yaml.reader.ReaderError, text: str) -> tuple[str, int, int]:
    """A character YAML forbids outright (a raw control character). libyaml reports a byte offset, so find the
    character itself: the reader stops at its first occurrence."""
    character = exc.character if isinstance(exc.character, int) else None
    if character is None:
        return f"invalid YAML: {exc.reason}", 1, 1
    offset = text.find(chr(character))
    line, column = _line_col_of_offset(text, offset) if offset >= 0 else (1, 1)
    return f"YAML syntax error: control character U+{character:04X} is not allowed in YAML text", line, column


def read_yaml(path: Path, display: str | None = None) -> tuple[YamlDocument | None, list[Problem]]:
    """Read one YAML file. Returns the document (or None) and the problems found."""
    name = display or str(path)

    def fail(message: str, line: int = 1, column: int = 1) -> tuple[None, list[Problem]]:
        return None, [Problem(name, line, column, "", message)]

    try:
        raw = read_bank_bytes(path)
    except FileRefused as exc:
        return fail(str(exc))
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
        data = build(root, loader, problems, name)
        return YamlDocument(name, data, root, hashlib.sha256(raw).hexdigest(), text), problems
    except BuildError as exc:
        return fail(exc.message, exc.line, exc.column)
    except yaml.MarkedYAMLError as exc:
        return fail(*_syntax_problem(exc))
    except yaml.reader.ReaderError as exc:
        return fail(*_reader_problem(exc, text))
    except RecursionError:  # only the pure-Python composer recurses; libyaml stops at 1,000 levels itself
        return fail(f"YAML nesting is too deep (the limit is {MAX_DEPTH} levels)")
    except (yaml.YAMLError, ValueError) as exc:
        return fail(f"invalid YAML: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
    finally:
        loader.dispose()
