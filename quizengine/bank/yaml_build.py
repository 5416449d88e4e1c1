"""Turn a YAML node tree into plain data in one pass, with PyYAML's safe semantics and the checks it lacks.

PyYAML's constructor expands merge keys (`<<: *a`) by copying nodes, so an alias bomb behind merge keys takes
minutes and gigabytes before anything could count it. Here every collection is built once (aliases share it),
merges copy built values, and the size the document *would* have with every alias expanded is counted as we go,
so a bomb is refused after a few thousand steps.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from quizengine.bank.problems import Problem
from quizengine.bank.text_safety import UNSAFE_CHARACTERS

MAX_EXPANDED_NODES = 2_000_000
MAX_DEPTH = 100  # a bank needs about 6 levels
TEXT_PER_NODE = 100  # long text counts as one node per 100 characters, so aliasing a huge scalar is bounded too
MAX_ECHO = 40

_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_VALUE_TAG = "tag:yaml.org,2002:value"  # the `=` key, read as text as PyYAML does
# What plain YAML resolves to; any other tag (!!binary, !!python/..., !include) is refused, never constructed.
_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null", "timestamp"))
_NOT_ALLOWED = ("is not allowed: bank files hold plain text, numbers, lists and mappings (tags that build objects "
                "are not allowed in bank files)")


class BuildError(Exception):
    """A problem that stops reading the file, at a node (or at the top of the file)."""

    def __init__(self, message: str, node: yaml.Node | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = node.start_mark.line + 1 if node is not None else 1
        self.column = node.start_mark.column + 1 if node is not None else 1


def _short(text: str) -> str:
    return repr(text) if len(text) <= MAX_ECHO else repr(text[:MAX_ECHO]) + "..."


def _tag_name(tag: str) -> str:
    return _short(tag.replace("tag:yaml.org,2002:", "!!"))


def _merge_sources(node: yaml.Node) -> list[yaml.MappingNode]:
    if isinstance(node, yaml.MappingNode):
        return [node]
    if isinstance(node, yaml.SequenceNode) and all(isinstance(item, yaml.MappingNode) for item in node.value):
        return list(node.value)
    raise BuildError("merge key '<<' needs a mapping or a list of mappings", node)


def build(root: yaml.Node, loader: Any, problems: list[Problem], path: str) -> Any:
    """The document's data. Reports duplicate mapping keys (PyYAML would silently keep the last) in `problems`;
    raises BuildError for what stops reading: alias bombs, recursive aliases, deep nesting, object tags."""
    built: dict[int, tuple[Any, int]] = {}  # collections only: scalars are cheap to rebuild and cannot recurse
    in_progress: set[int] = set()
    scalar_node, mapping_node, sequence_node = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode

    def scalar(node: yaml.ScalarNode) -> Any:
        if node.tag == _STR_TAG or node.tag == _VALUE_TAG or node.tag == _MERGE_TAG:  # `<<` as a value is text
            return node.value
        if node.tag not in _SCALAR_TAGS:
            raise BuildError(f"tag {_tag_name(node.tag)} {_NOT_ALLOWED}", node)
        try:
            return loader.construct_object(node, deep=True)
        except (ValueError, TypeError, KeyError, OverflowError) as exc:  # `!!int x`, 5,000 digits, 2024-02-30
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            reason = "the number has too many digits" if "Exceeds the limit" in reason else reason[:80]
            raise BuildError(f"cannot read {_short(node.value)} as {_tag_name(node.tag)}: {reason}", node) from None

    def alias_bomb() -> BuildError:
        return BuildError(f"document expands to over {MAX_EXPANDED_NODES:,} nodes through aliases (an alias bomb?)")

    def check_tag(node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            raise BuildError(f"tag {_tag_name(node.tag)} {_NOT_ALLOWED}", node)

    def mapping(node: yaml.MappingNode, depth: int) -> tuple[dict[Any, Any], int]:
        value: dict[Any, Any] = {}
        size = 1
        merges: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, scalar_node):
                raise BuildError("a mapping key must be plain text, not a list or mapping", key_node)
            if key_node.tag == _MERGE_TAG:
                if merges:
                    _duplicate_key(node, key_node, "<<", problems, path)
                merges.append(value_node)
                continue
            mapping_key = key_node.value if key_node.tag == _STR_TAG else scalar(key_node)
            if mapping_key in value:
                _duplicate_key(node, key_node, mapping_key, problems, path)
            if value_node.tag == _STR_TAG and isinstance(value_node, scalar_node):  # the common case, inline
                child_value, child_size = value_node.value, 1 + len(value_node.value) // TEXT_PER_NODE
            else:
                child_value, child_size = convert(value_node, depth + 1)
            value[mapping_key] = child_value
            size += 1 + child_size
            if size > MAX_EXPANDED_NODES:
                raise alias_bomb()
        if not merges:
            return value, size
        # YAML merge: explicit keys win over merged ones, and earlier merged mappings over later ones.
        merged: dict[Any, Any] = {}
        for merge_node in merges:
            for source in _merge_sources(merge_node):
                source_value, source_size = convert(source, depth + 1)
                size += source_size
                if size > MAX_EXPANDED_NODES:
                    raise alias_bomb()
                for item_key, item_value in source_value.items():
                    merged.setdefault(item_key, item_value)
        merged.update(value)
        return merged, size

    def convert(node: yaml.Node, depth: int) -> tuple[Any, int]:
        if isinstance(node, scalar_node):
            return scalar(node), 1 + len(node.value) // TEXT_PER_NODE
        key = id(node)
        if key in built:
            return built[key]
        if key in in_progress:
            raise BuildError("recursive alias: a node refers to itself", node)
        if depth > MAX_DEPTH:
            raise BuildError(f"nesting is deeper than {MAX_DEPTH} levels", node)
        in_progress.add(key)
        value: Any
        if isinstance(node, mapping_node):
            check_tag(node, _MAP_TAG)
            value, size = mapping(node, depth)
        elif isinstance(node, sequence_node):
            check_tag(node, _SEQ_TAG)
            value, size = [], 1
            for child in node.value:
                if child.tag == _STR_TAG and isinstance(child, scalar_node):
                    child_value, child_size = child.value, 1 + len(child.value) // TEXT_PER_NODE
                else:
                    child_value, child_size = convert(child, depth + 1)
                value.append(child_value)
                size += child_size
                if size > MAX_EXPANDED_NODES:
                    raise alias_bomb()
        else:  # pragma: no cover - PyYAML has only three node kinds
            raise BuildError("unknown YAML node", node)
        in_progress.discard(key)
        built[key] = (value, size)
        return value, size

    return convert(root, 1)[0]


def _duplicate_key(mapping: yaml.MappingNode, key_node: yaml.ScalarNode, key: Any, problems: list[Problem],
                   path: str) -> None:
    first = next(k for k, _ in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key_node.value)
    mark = key_node.start_mark
    shown = str(key) if len(str(key)) <= MAX_ECHO else str(key)[:MAX_ECHO] + "..."
    problems.append(Problem(path, mark.line + 1, mark.column + 1, "",
                            f"duplicate key '{shown}' (first at line {first.start_mark.line + 1})"))


# Escapes of YAML double-quoted scalars; `\\` is matched as a pair, so scanning left to right stays in step.
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_NAMED_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "v": "\x0b", "f": "\x0c", "r": "\r", "e": "\x1b",
                  "N": "\x85"}


def _escaped_character(body: str) -> str:
    if body[0] in "xuU" and len(body) > 1:
        code = int(body[1:], 16)
        return chr(code) if code <= 0x10FFFF else ""
    return _NAMED_ESCAPES.get(body, "")


def first_unsafe_offset(text: str, node: yaml.ScalarNode) -> int | None:
    """Offset in `text` of the first unsafe character written in the scalar's source, raw or as an escape."""
    start, end = node.start_mark.index, node.end_mark.index
    if not 0 <= start < end <= len(text):
        return None
    source = text[start:end]
    raw = UNSAFE_CHARACTERS.search(source)
    best = raw.start() if raw else None
    if node.style == '"':
        for match in _ESCAPE.finditer(source):
            if best is not None and match.start() >= best:
                break
            if UNSAFE_CHARACTERS.fullmatch(_escaped_character(match.group(1))):
                best = match.start()
                break
    return None if best is None else start + best
