"""Safe YAML reading that keeps node positions, so every problem can name its line and column.

Shared bank files are untrusted: we read with the C safe loader, refuse binary data, cap the file size and
the alias-expanded node count (a "billion laughs" document expands exponentially), and never construct
Python objects from tags.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from quizengine.bank.problems import Problem

try:  # the C loader is ~10x faster; fall back to pure Python where libyaml is missing
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeLoader  # type: ignore[assignment]

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


def _expanded_size(root: yaml.Node, problems: list[Problem], path: str) -> int:
    """Count nodes as if aliases were expanded (memoised per node), flagging duplicate keys on the way."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            raise _RecursiveAlias(node)
        in_progress.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                total += size(child)
        elif isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in seen:
                        problems.append(
                            Problem(path, key_node.start_mark.line + 1, key_node.start_mark.column + 1, "",
                                    f"duplicate key '{key_node.value}' (first at line {seen[key_node.value]})")
                        )
                    else:
                        seen[key_node.value] = key_node.start_mark.line + 1
                total += size(key_node) + size(value_node)
        in_progress.discard(key)
        sizes[key] = total
        return total

    return size(root)


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
            expanded = _expanded_size(root, problems, name)
        except _RecursiveAlias as exc:
            mark = exc.node.start_mark
            return fail("recursive alias: a node refers to itself", mark.line + 1, mark.column + 1)
        if expanded > MAX_EXPANDED_NODES:
            return fail(
                f"document expands to over {MAX_EXPANDED_NODES:,} nodes through aliases (an alias bomb?)"
            )
        data = loader.construct_document(root)
        return YamlDocument(name, data, root), problems
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
