"""Reading an upload a record at a time, in bounded memory.

``open_source`` gives the file's bytes (gunzipped if it is a .gz file, at most
``MAX_UNPACKED_BYTES``, without a byte-order mark); ``top_level`` walks its JSON with
ijson's C parser and yields the document's top-level values and the items of its record
lists one by one, so the whole document is never in memory. An item bigger than
``MAX_RECORD_EVENTS`` parser events (far beyond a 100-step session) is skipped and reported
as ``TOO_LARGE``; values under unknown keys are skipped and reported as ``UNKNOWN``.
"""

from __future__ import annotations

import codecs
import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from typing import IO, Any

import ijson

from portability.schema import RECORD_LIST_KINDS, SINGLE_RECORD_KINDS

MAX_UNPACKED_BYTES = 250 * 1024 * 1024
MAX_RECORD_EVENTS = 20_000
RECORD_LISTS = tuple(RECORD_LIST_KINDS)
GZIP_MAGIC = b"\x1f\x8b"
BOM = codecs.BOM_UTF8
TEXT_CHECK_BYTES = 64 * 1024


class StreamError(Exception):
    """The bytes are not a JSON document we can read; the message is for people."""

    def __init__(self, message: str, *, too_large: bool = False):
        super().__init__(message)
        self.too_large = too_large


class _Marker:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


TOO_LARGE = _Marker("TOO_LARGE")
UNKNOWN = _Marker("UNKNOWN")


class _Capped(io.RawIOBase):
    """Reads from `inner` and fails once more than `limit` bytes came out."""

    def __init__(self, inner: IO[bytes], limit: int):
        self.inner = inner
        self.limit = limit
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self.inner.read(len(buffer))
        except (OSError, EOFError, zlib.error):
            raise StreamError(
                "This compressed file is damaged or incomplete (it is not a whole .gz file)."
            ) from None
        self.count += len(data)
        if self.count > self.limit:
            raise StreamError(
                f"Unpacked, this file is more than {self.limit // (1024 * 1024)} MB: the most "
                "an import can read.",
                too_large=True,
            )
        buffer[: len(data)] = data
        return len(data)


def open_source(opener: Callable[[], IO[bytes]]) -> IO[bytes]:
    """The file's JSON bytes from the start, whether it was gzipped or not."""
    raw = opener()
    head = raw.read(2)
    raw.seek(0)
    inner: IO[bytes] = (
        gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
        if head == GZIP_MAGIC
        else raw
    )
    stream = io.BufferedReader(_Capped(inner, MAX_UNPACKED_BYTES), buffer_size=256 * 1024)
    start = stream.peek(TEXT_CHECK_BYTES)[:TEXT_CHECK_BYTES]
    if start.startswith(BOM):
        stream.read(len(BOM))
        start = start[len(BOM) :]
    if not start.strip():
        raise StreamError("The file is empty.")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(start, final=False)
    except UnicodeDecodeError:
        raise StreamError(
            "This is not a neuroapp export: it is not a text file (UTF-8 JSON)."
        ) from None
    return stream


def _json_problem(problem: Exception) -> StreamError:
    text = problem.args[0] if problem.args else str(problem)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    first = str(text).strip().splitlines()[0] if str(text).strip() else "it ends too soon"
    if "UTF8" in first:
        return StreamError("This is not a neuroapp export: it is not a text file (UTF-8 JSON).")
    reason = first.strip().rstrip(".")
    return StreamError(f"This is not a neuroapp export: it is not valid JSON ({reason}).")


NOT_AN_OBJECT = (
    'This is not a neuroapp export: it should start with {"format": "neuroapp-export", …}.'
)


def top_level(stream: IO[bytes]) -> Iterator[tuple[str, int | None, Any]]:
    """(key, None, value) for each top-level value and (key, index, item) for each item
    of a record list, in file order. Raises StreamError if the bytes are not JSON."""
    # basic_parse, not parse: parse builds a path string per event, which for deeply nested
    # input grows with the depth (quadratic memory).
    events = ijson.basic_parse(stream, use_float=True)
    try:
        yield from _walk(events)
    except ijson.JSONError as problem:
        raise _json_problem(problem) from None


def _walk(events: Iterator[tuple[str, Any]]) -> Iterator[tuple[str, int | None, Any]]:
    first = next(events, None)
    if first is None:
        raise StreamError("The file is empty.")
    if first[0] != "start_map":
        raise StreamError(NOT_AN_OBJECT)
    key = ""
    seen: set[str] = set()
    for event, value in events:
        if event == "end_map":
            break
        if event == "map_key":
            key = value
            if key in seen:
                name = key if len(key) <= 40 else key[:37] + "…"
                raise StreamError(f"“{name}” appears twice at the top of the file.")
            seen.add(key)
            continue
        if key in RECORD_LISTS and event == "start_array":
            yield key, None, []
            for index, (item_event, item_value) in enumerate(events):
                if item_event == "end_array":
                    break
                yield key, index, _value(item_event, item_value, events)
        elif key in ("format", "version", "exported_at", *SINGLE_RECORD_KINDS, *RECORD_LISTS):
            yield key, None, _value(event, value, events)
        else:
            _skip(event, events)
            yield key, None, UNKNOWN
    for _ in events:  # the parser reports anything after the document
        pass


def _value(event: str, value: Any, events: Iterator[tuple[str, Any]]) -> Any:
    """One whole value starting at `event`: built, or TOO_LARGE if it is huge."""
    if event not in ("start_map", "start_array"):
        return value
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    depth, count = 1, 1
    for inner_event, inner_value in events:
        if inner_event in ("start_map", "start_array"):
            depth += 1
        elif inner_event in ("end_map", "end_array"):
            depth -= 1
        count += 1
        if builder is not None:
            builder.event(inner_event, inner_value)
            if count > MAX_RECORD_EVENTS:
                builder = None
        if depth == 0:
            break
    return TOO_LARGE if builder is None else builder.value


def _skip(event: str, events: Iterator[tuple[str, Any]]) -> None:
    if event not in ("start_map", "start_array"):
        return
    depth = 1
    for inner_event, _ in events:
        if inner_event in ("start_map", "start_array"):
            depth += 1
        elif inner_event in ("end_map", "end_array"):
            depth -= 1
            if depth == 0:
                return
