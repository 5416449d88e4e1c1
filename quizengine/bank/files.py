"""Finding and reading bank files without trusting the file system.

Only regular files are ever opened: a FIFO named `x.yaml` would block the reader forever and a device could
stream endlessly, so both are refused by name after a stat. Folder walks follow symbolic links but visit each
real folder once, so a link loop cannot make them run away.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from quizengine.bank.problems import Problem

YAML_SUFFIXES = (".yaml", ".yml")  # compared case-insensitively: X.YAML is read too
MAX_FILE_BYTES = 20 * 1024 * 1024

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


class FileRefused(Exception):
    """A file that is not read; the message is one line, ready for a Problem at line 1."""


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a file")
    return f"not a regular file ({kind}); only regular .yaml and .yml files are read"


def _too_big(size: int) -> str | None:
    if size <= MAX_FILE_BYTES:
        return None
    return f"file is {size / 2**20:.1f} MiB, over the {MAX_FILE_BYTES // 2**20} MiB limit"


def read_bank_bytes(path: Path) -> bytes:
    """The file's bytes, or FileRefused. Checks the kind before opening and again on the open descriptor."""
    try:
        refusal = _not_regular(os.stat(path).st_mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FileRefused("not a regular file (a symbolic-link loop)") from None
        raise FileRefused(f"cannot read file: {exc.strerror or exc}") from None
    if refusal:
        raise FileRefused(refusal)
    try:
        # O_NONBLOCK: should the path be swapped for a FIFO after the stat, opening it still returns at once.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise FileRefused(f"cannot read file: {exc.strerror or exc}") from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        refusal = _not_regular(info.st_mode) or _too_big(info.st_size)
        if refusal:
            raise FileRefused(refusal)
        raw = handle.read(MAX_FILE_BYTES + 1)
    refusal = _too_big(len(raw))  # it grew while we read
    if refusal:
        raise FileRefused(refusal)
    return raw


@dataclass
class FoundFiles:
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    folders: dict[Path, list[Path]] = field(default_factory=dict)  # each folder given -> the files found in it


def _is_yaml(name: str) -> bool:
    return name.lower().endswith(YAML_SUFFIXES)


def _walk(root: Path, problems: list[Problem]) -> list[Path]:
    """Every YAML file under `root`, sorted. Iterative, so a very deep tree cannot exhaust the stack."""
    info = root.stat()
    seen = {(info.st_dev, info.st_ino)}
    found: list[Path] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            problems.append(Problem(str(folder), 1, 1, "", f"cannot read folder: {exc.strerror or exc}"))
            continue
        for entry in entries:
            try:
                folder_info = entry.stat() if entry.is_dir() else None
            except OSError:  # a symbolic-link loop: offered as a file, so reading refuses it by name
                folder_info = None
            if folder_info is None:
                if _is_yaml(entry.name):
                    found.append(Path(entry.path))
                continue
            identity = (folder_info.st_dev, folder_info.st_ino)
            if identity not in seen:  # a link back to a folder already walked is a loop (or a repeat)
                seen.add(identity)
                pending.append(Path(entry.path))
    return sorted(found)


def find_yaml_files(paths: list[Path]) -> FoundFiles:
    result = FoundFiles()
    for path in paths:
        if path.is_dir():
            found = _walk(path, result.problems)
            result.folders[path] = found
            result.files.extend(found)
            if not found:
                result.problems.append(Problem(str(path), 1, 1, "", "folder holds no bank files (.yaml or .yml)"))
            continue
        try:
            os.lstat(path)
        except OSError:
            result.problems.append(Problem(str(path), 1, 1, "", "no such file or folder"))
            continue
        result.files.append(path)  # whatever it is: reading refuses anything but a regular file, by name
    return result
