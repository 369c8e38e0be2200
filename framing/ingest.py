"""Bytes to text: size, binary and encoding checks, and main-text extraction from HTML.

The result is the text every later stage indexes into, plus hints about which stretches are the
headline, body and reader comments when the input format says so (HTML does; plain text does not,
and segmentation works those out itself).
"""

from __future__ import annotations

import codecs
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from framing.errors import BinaryInput, DecodeFailure, EmptyInput, InputNotFound, InputTooLarge, MalformedInput

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Windows-1252 leaves these five bytes undefined: text holding them is not legacy Western text.
_LEGACY_FALLBACK = "cp1252"
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)


@dataclass(frozen=True)
class SectionHint:
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class IngestedText:
    """Decoded, normalised text and what ingest learnt on the way."""

    text: str
    name: str
    encoding: str
    format: str  # "text", "markdown" or "html"
    hints: tuple[SectionHint, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
    title: str | None = None


def read_bytes(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file (or standard input for ``-``) without ever holding more than ``max_bytes + 1``."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        name = "standard input"
    else:
        p = Path(path)
        if not p.exists():
            raise InputNotFound(f"{p}: no such file")
        if p.is_dir():
            raise InputNotFound(f"{p}: is a directory, not a file (batch runs take directories)")
        with p.open("rb") as handle:
            data = handle.read(max_bytes + 1)
        name = str(p)
    if len(data) > max_bytes:
        raise InputTooLarge(
            f"{name}: larger than the limit of {max_bytes:,} bytes; raise it with --max-bytes if this is intended"
        )
    return data


def decode(data: bytes, *, name: str = "input", encoding: str | None = None) -> tuple[str, str, list[str]]:
    """Decode bytes, returning ``(text, encoding, warnings)``.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are read as such; other bytes without NULs
    fall back to Windows-1252 with a warning.

    >>> decode("café".encode("utf-8"))[:2]
    ('café', 'utf-8')
    >>> decode("café".encode("cp1252"))[1]
    'cp1252'
    """
    warnings: list[str] = []
    if encoding:
        try:
            return data.decode(encoding), encoding, warnings
        except (UnicodeDecodeError, LookupError) as exc:
            raise DecodeFailure(f"{name}: cannot be decoded as {encoding}: {exc}") from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeFailure(f"{name}: starts with a {codec} byte-order mark but is not valid {codec}: {exc}") from None
            return text.lstrip("\ufeff"), codec.replace("-sig", ""), warnings
    if b"\x00" in data:
        raise BinaryInput(f"{name}: looks like a binary file (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode(_LEGACY_FALLBACK)
    except UnicodeDecodeError:
        raise DecodeFailure(
            f"{name}: not valid UTF-8 (byte {utf8_error.start}) nor a legacy single-byte encoding; "
            "convert it to UTF-8 or name its encoding with --encoding"
        ) from None
    warnings.append(
        f"{name}: not valid UTF-8; read as Windows-1252 (legacy single-byte). Check accented letters and quotes."
    )
    return text, _LEGACY_FALLBACK, warnings


def normalise(text: str) -> str:
    """Unify line ends and drop control characters that no renderer can show.

    >>> normalise("a\\r\\nb\\x07c")
    'a\\nbc'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def _check_not_binary(text: str, name: str) -> None:
    sample = text[:4096]
    controls = len(_BINARY_CONTROL.findall(sample))
    if sample and controls / len(sample) > 0.05:
        raise BinaryInput(f"{name}: looks like a binary file (many control characters), not text")


def ingest_bytes(
    data: bytes,
    *,
    name: str = "input",
    suffix: str = "",
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> IngestedText:
    """Turn raw bytes of a .txt, .md or .html document into analysable text."""
    if len(data) > max_bytes:
        raise InputTooLarge(f"{name}: larger than the limit of {max_bytes:,} bytes")
    if not data.strip():
        raise EmptyInput(f"{name}: is empty; there is no text to analyse")
    text, used, warnings = decode(data, name=name, encoding=encoding)
    _check_not_binary(text, name)
    is_html = suffix.lower() in HTML_SUFFIXES or bool(_HTML_SNIFF.match(data[:512]))
    if is_html:
        return _from_html(text, name=name, encoding=used, warnings=warnings)
    text = normalise(text)
    if not text.strip():
        raise EmptyInput(f"{name}: holds only white space; there is no text to analyse")
    fmt = "markdown" if suffix.lower() in {".md", ".markdown"} else "text"
    return IngestedText(text=text, name=name, encoding=used, format=fmt, warnings=tuple(warnings))


def ingest_path(path: str | Path, *, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> IngestedText:
    data = read_bytes(path, max_bytes=max_bytes)
    name = "standard input" if str(path) == "-" else str(path)
    suffix = "" if str(path) == "-" else Path(path).suffix
    return ingest_bytes(data, name=name, suffix=suffix, encoding=encoding, max_bytes=max_bytes)


def ingest_text(text: str, *, name: str = "input") -> IngestedText:
    """Text that is already a ``str`` (pasted into the dashboard, a CSV cell)."""
    if not isinstance(text, str):
        raise MalformedInput(f"{name}: expected text, got {type(text).__name__}")
    if not text.strip():
        raise EmptyInput(f"{name}: is empty; there is no text to analyse")
    if "\x00" in text:
        raise BinaryInput(f"{name}: contains NUL characters; it looks like binary data, not text")
    text = normalise(text)
    _check_not_binary(text, name)
    return IngestedText(text=text, name=name, encoding="utf-8", format="text")


def _from_html(html: str, *, name: str, encoding: str, warnings: list[str]) -> IngestedText:
    # trafilatura separates an article's main text and its reader comments from navigation, ads and
    # footers far better than hand-written tag rules, and copes with broken markup via lxml.
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html, include_comments=True, include_tables=False, with_metadata=True, favor_recall=True
        )
    except Exception as exc:  # lxml raises several unrelated types on hostile markup
        raise MalformedInput(f"{name}: HTML could not be parsed ({type(exc).__name__}: {exc})") from None
    if result is None:
        raise MalformedInput(f"{name}: no article text found in this HTML page")
    get = result.get if isinstance(result, dict) else (lambda key: getattr(result, key, None))
    title = normalise(get("title") or "").strip()
    body = normalise(get("text") or "").strip()
    comments = normalise(get("comments") or "").strip()
    if not body:
        raise EmptyInput(f"{name}: the HTML page has no article text")
    parts: list[tuple[str, str]] = []
    if title and not body.startswith(title):
        parts.append(("headline", title))
    parts.append(("body", body))
    if comments:
        parts.append(("comments", comments))
    text, hints, offset = "", [], 0
    for kind, chunk in parts:
        if text:
            text += "\n\n"
            offset = len(text)
        text += chunk
        hints.append(SectionHint(kind, offset, offset + len(chunk)))
    return IngestedText(
        text=text, name=name, encoding=encoding, format="html", hints=tuple(hints), warnings=tuple(warnings), title=title or None
    )
