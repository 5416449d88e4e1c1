"""Text checks of bank lint: Markdown that would swallow or change characters, code too wide for an
80-column terminal, and look-alike characters. Every scan is linear; regexes are RE2 (bank/patterns.py)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from quizengine.bank.interchange.html_markdown import KNOWN_TAGS
from quizengine.bank.patterns import compile_pattern, encodable
from quizengine.bank.text_safety import INVISIBLE_CHARACTERS

# An 80-column terminal less the question pane's padding (1 each side) and the code block's (1 each side).
CODE_COLUMNS = 76

_INTRAWORD_STAR = compile_pattern(r"[[:alnum:]]+\*[^*\s]+\*[[:alnum:]]+", True)
_UNDERSCORE_EMPHASIS = compile_pattern(
    r"(?:^|[\s(])(?:__[[:alnum:]][^_\n]*[[:alnum:]]__|_[[:alnum:]][^_\n]*[[:alnum:]]_)(?:$|[\s).,;:!?])", True)
_RAW_HTML = compile_pattern(r"</?([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>", True)
# Greek letters that look like Latin ones; other Greek letters beside Latin ones are ordinary maths (λw, σ(z)).
_LATIN_LOOKING_GREEK = set("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧο")
_REFERENCE_DEFINITION = compile_pattern(r"(?m)^ {0,3}\[[^\]\n]+\]:\s*\S", True)
_FENCES = ("```", "~~~")


def prose_and_code(text: str) -> tuple[str, list[tuple[int, str]]]:
    """(the text with fenced blocks and inline code spans blanked out, line for line; the lines inside fenced
    blocks with their 0-based line numbers in the text)."""
    prose: list[str] = []
    code: list[tuple[int, str]] = []
    fence: str | None = None
    for number, line in enumerate(text.split("\n")):
        stripped = line.lstrip()
        if fence is None and stripped.startswith(_FENCES):
            fence = stripped[:3]
            prose.append("")
        elif fence is not None:
            if stripped.startswith(fence):
                fence = None
            else:
                code.append((number, line))
            prose.append("")
        else:
            prose.append(_without_code_spans(line))
    return "\n".join(prose), code


def _without_code_spans(line: str) -> str:
    """The line with `inline code` replaced by spaces (a backtick run closes on a run of the same length)."""
    if "`" not in line:
        return line
    out: list[str] = []
    index = 0
    while (start := line.find("`", index)) >= 0:
        out.append(line[index:start])
        run = len(line) - start - len(line[start:].lstrip("`"))
        close = line.find("`" * run, start + run)
        if close < 0:
            out.append(line[start:start + run])
            index = start + run
            continue
        out.append(" " * (close + run - start))
        index = close + run
    out.append(line[index:])
    return "".join(out)


def markdown_surprises(prose: str) -> Iterator[tuple[int, str]]:
    """(0-based line, message): what Markdown would do to text (its prose part, from `prose_and_code`) that its
    author did not mean."""
    prose = encodable(prose)  # RE2 takes UTF-8 only; the same length, so lines and offsets hold
    if (match := _INTRAWORD_STAR.search(prose)) is not None:
        yield (prose.count("\n", 0, match.start()),
               f"{match.group(0)!r} renders in italics, losing the asterisks; put it in `code` or write \\*")
    if (match := _UNDERSCORE_EMPHASIS.search(prose)) is not None:
        shown = match.group(0).strip(" (),.;:!?")
        yield (prose.count("\n", 0, match.start() + 1),
               f"{shown!r} renders as emphasis, losing the underscores; put it in `code` or write \\_")
    # Real HTML tags only: `<name>` or `<sha>` placeholders are shown as written, which is what their author meant.
    tag = next((match for match in _RAW_HTML.finditer(prose) if match.group(1).lower() in KNOWN_TAGS), None)
    if tag is not None:
        yield (prose.count("\n", 0, tag.start()),
               f"raw HTML {tag.group(0)[:40]!r} is shown as text, not rendered; use Markdown (or `code`)")
    if (match := _REFERENCE_DEFINITION.search(prose)) is not None:
        yield (prose.count("\n", 0, match.start()),
               "a line '[label]: target' is a Markdown link definition; most renderers hide it")


def display_width(line: str) -> int:
    if line.isascii():
        return len(line.expandtabs(4))
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in line.expandtabs(4))


def wide_code_lines(code: list[tuple[int, str]]) -> Iterator[tuple[int, int]]:
    """(0-based line in the text, its width) for code lines over CODE_COLUMNS."""
    for number, line in code:
        width = display_width(line)
        if width > CODE_COLUMNS:
            yield number, width


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    for script in ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"):
        if name.startswith(script):
            return script
    return "OTHER"


def look_alikes(text: str) -> Iterator[tuple[int, str]]:
    """(0-based line, message): characters that make text look like something it is not; one of each kind."""
    if text.isascii():
        return
    invisible = INVISIBLE_CHARACTERS.search(text)
    if invisible is not None:
        yield (text.count("\n", 0, invisible.start()),
               f"invisible character U+{ord(invisible.group()):04X} ({unicodedata.name(invisible.group(), '?')})")
    lines = text.split("\n")
    mixed = next(((number, word) for number, line in enumerate(lines) for word in line.split()
                  if not word.isascii() and _mixes_scripts(word)), None)
    if mixed is not None:
        other = "Cyrillic" if "CYRILLIC" in {_script(char) for char in mixed[1]} else "Greek"
        yield mixed[0], f"the word {mixed[1][:30]!r} mixes Latin and {other} letters that look alike"
    wide = next(((number, char) for number, line in enumerate(lines) for char in line
                 if not char.isascii() and "FULLWIDTH" in unicodedata.name(char, "")
                 and unicodedata.normalize("NFKC", char) != char), None)
    if wide is not None:
        plain = unicodedata.normalize("NFKC", wide[1])
        yield wide[0], f"full-width character {wide[1]!r} (U+{ord(wide[1]):04X}) looks like {plain!r}"


def _mixes_scripts(word: str) -> bool:
    scripts = {_script(char) for char in word}
    return "LATIN" in scripts and ("CYRILLIC" in scripts or bool(_LATIN_LOOKING_GREEK.intersection(word)))
