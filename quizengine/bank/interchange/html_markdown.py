"""A small, safe HTML-to-Markdown converter for imported question text.

It scans once, left to right (linear time), understands the handful of tags quiz exports use and drops the
rest. Nothing is fetched or executed: `<script>`/`<style>` bodies are dropped, images become visible links
(the terminal cannot show them) and are reported, links keep only http(s) targets.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

_BLOCK = {"p", "div", "section", "article", "blockquote", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
_DROPPED_BODIES = {"script", "style", "head", "title", "template"}
_MARKDOWN_SPECIAL = "\\`*_[]<>"
KNOWN_TAGS = {"a", "b", "big", "blockquote", "br", "center", "code", "del", "details", "div", "em", "font", "h1", "h2",
              "h3", "h4", "h5", "h6", "hr", "i", "iframe", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s",
              "script", "small", "span", "strong", "style", "sub", "summary", "sup", "table", "td", "th", "tr", "u",
              "ul", "section", "article", "head", "title", "template", "tbody", "thead"}


@dataclass
class Converted:
    text: str
    images: list[str] = field(default_factory=list)  # image sources, shown as links
    dropped: list[str] = field(default_factory=list)  # tags whose content was dropped (script, style)


def escape_markdown(text: str) -> str:
    """Plain text that Markdown shows literally: its special characters backslash-escaped."""
    return "".join("\\" + char if char in _MARKDOWN_SPECIAL else char for char in text)


def _attribute(tag_body: str, name: str) -> str:
    """The value of one attribute of a tag, quoted or not; '' when absent."""
    lower = _ascii_lower(tag_body)  # same length as the body, so indexes match
    start = 0
    while True:
        index = lower.find(name, start)
        if index < 0:
            return ""
        start = index + len(name)
        before = lower[index - 1] if index else " "
        rest = tag_body[start:].lstrip()
        if before.isspace() and rest.startswith("="):
            value = rest[1:].lstrip()
            if value[:1] in ("'", '"'):
                end = value.find(value[0], 1)
                return html.unescape(value[1:end if end > 0 else len(value)])
            return html.unescape(value.split(None, 1)[0].rstrip("/>") if value else "")


def _ascii_lower(text: str) -> str:
    return "".join(char.lower() if char.isascii() else char for char in text)


def _tag_name(tag_body: str) -> tuple[str, bool]:
    closing = tag_body.startswith("/")
    name = tag_body[1:] if closing else tag_body
    end = 0
    while end < len(name) and (name[end].isalnum()):
        end += 1
    return name[:end].lower(), closing


class _Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.in_pre = 0
        self.in_code = False  # inside `code`, Markdown escapes would show as backslashes
        self.lists: list[list[int]] = []  # per open list: [0] for <ul>, [n] for <ol> (next number)
        self.link: str | None = None
        self.link_start = 0

    def text(self, raw: str) -> None:
        value = html.unescape(raw)
        if self.in_pre:
            self.parts.append(value)
            return
        collapsed = " ".join(value.split())
        if value[:1].isspace() and collapsed:
            collapsed = " " + collapsed
        if value[-1:].isspace() and collapsed.strip():
            collapsed += " "
        if not collapsed.strip():
            self.parts.append(" " if value else "")
        else:
            self.parts.append(collapsed.replace("`", "'") if self.in_code else escape_markdown(collapsed))

    def tag(self, name: str, closing: bool, body: str, result: Converted) -> None:
        emphasis = {"b": "**", "strong": "**", "i": "*", "em": "*"}
        if name in emphasis:
            self.parts.append(emphasis[name])
        elif name == "code" and not self.in_pre:
            self.in_code = not closing
            self.parts.append("`")
        elif name == "pre":
            self.in_pre += -1 if closing else 1
            self.parts.append("\n```\n" if closing else "\n\n```\n")
        elif name == "br":
            self.parts.append("\n")
        elif name in _BLOCK:
            self.parts.append("\n\n")
        elif name in ("ul", "ol"):
            if closing:
                self.lists = self.lists[:-1]
            else:
                self.lists.append([0 if name == "ul" else 1])
            self.parts.append("\n")
        elif name == "li" and not closing:
            numbering = self.lists[-1] if self.lists else [0]
            marker = "- " if numbering[0] == 0 else f"{numbering[0]}. "
            if numbering[0]:
                numbering[0] += 1
            self.parts.append("\n" + "  " * max(0, len(self.lists) - 1) + marker)
        elif name == "a":
            self._link(closing, body)
        elif name == "img":
            source = _attribute(body, "src")
            alt = _attribute(body, "alt") or "image"
            result.images.append(source)
            self.parts.append(f"[image: {escape_markdown(alt)}]({source})" if source else f"[image: {alt}]")

    def _link(self, closing: bool, body: str) -> None:
        if not closing:
            href = _attribute(body, "href")
            self.link = href if href.startswith(("http://", "https://")) else None
            self.link_start = len(self.parts)
            return
        if self.link is not None:
            label = "".join(self.parts[self.link_start:]).strip() or self.link
            del self.parts[self.link_start:]
            self.parts.append(f"[{label}]({self.link})")
        self.link = None


def html_to_markdown(source: str) -> Converted:
    result = Converted("")
    writer = _Writer()
    index, length = 0, len(source)
    last_close = source.rfind(">")  # past it no tag can end: a lone '<' there is text, found without rescanning
    while index < length:
        start = source.find("<", index)
        if start < 0:
            writer.text(source[index:])
            break
        writer.text(source[index:start])
        if source.startswith("<!--", start):
            end = source.find("-->", start + 4)
            index = length if end < 0 else end + 3
            continue
        end = source.find(">", start + 1) if start < last_close else -1
        body = source[start + 1:end] if end > 0 else ""
        name, closing = _tag_name(body.strip())
        if end < 0 or not name:
            writer.parts.append("<" if writer.in_pre or writer.in_code else "\\<")  # a lone '<' is text
            index = start + 1
            continue
        index = end + 1
        if name in _DROPPED_BODIES and not closing:
            index = _after_closing_tag(source, name, index)
            result.dropped.append(name)
            continue
        writer.tag(name, closing, body, result)
    text = "".join(writer.parts)
    lines = [line.rstrip() for line in text.split("\n")]
    squeezed: list[str] = []
    for line in lines:
        if line or (squeezed and squeezed[-1]):
            squeezed.append(line)
    result.text = "\n".join(squeezed).strip()
    return result


def _after_closing_tag(source: str, name: str, index: int) -> int:
    """The index just past `</name>` (any case) from `index`, or the end of the text."""
    while True:
        close = source.find("</", index)
        if close < 0:
            return len(source)
        if _ascii_lower(source[close + 2:close + 2 + len(name)]) == name:
            end = source.find(">", close)
            return len(source) if end < 0 else end + 1
        index = close + 2


def looks_like_html(text: str) -> bool:
    """Text with a real HTML tag such as `<p>`, `</b>` or `<br/>`; `a < b` or a `<sha>` placeholder is not HTML."""
    index = text.find("<")
    while index >= 0:
        name, _ = _tag_name(text[index + 1:index + 12])
        if name in KNOWN_TAGS:
            return True
        index = text.find("<", index + 1)
    return False
