"""What a PDF's pages draw, read from their content streams in one pass: each text and each picture, with the
marked content it is drawn in (an artifact, tagged content with its MCID, or neither) and its height on the page.

Only the operators these facts need are read: marked content (BMC, BDC, EMC), the graphics state's matrix (q, Q,
cm), text objects and their positions (BT, ET, Tf, Tm, Td, TD, T*, ', "), text showing (Tj, TJ, ', ") and XObjects
(Do: a picture, or a form whose own content is read the same way). Every other operator is passed over. A text is
what one text-showing run draws within one text object, on one line, in one marked content: its characters through
the font's own mapping to Unicode (pypdf's), in the order they are written, with a space where a TJ gap is at least
a space wide. The rules read the PDF as written: nothing here comes from the renderer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pypdf._text_extraction import RTL_CHARACTER_PATTERN, get_display_str  # pypdf's own reading order, as before
from pypdf.errors import PdfReadError
from pypdf.generic import DictionaryObject, IndirectObject, StreamObject
from pypdf.generic._font import Font  # a font's encoding and ToUnicode map (pypdf is locked: requirements/)

ARTIFACT = "artifact"

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

# One token of a content stream: a comment, a literal string's opening "(", a hex string, a TJ array of hex strings
# and numbers only (read whole: the bulk of a page), an array or dictionary bracket, a name, a number, an operator.
_TOKEN = re.compile(
    rb"%[^\r\n]*"
    rb"|(?P<literal>\()"
    rb"|<(?P<hex>[0-9A-Fa-f\s]*)>"
    rb"|\[(?P<array>[0-9A-Fa-f<>\s.+-]*)\]"
    rb"|(?P<open><<|\[)|(?P<close>>>|\])"
    rb"|(?P<name>/[^\s/\[\]()<>{}%]*)"
    rb"|(?P<number>[+-]?(?:\d+\.?\d*|\.\d+))"
    rb"|(?P<operator>[^\s/\[\]()<>{}%]+)"
)
_ARRAY_PART = re.compile(rb"<([0-9A-Fa-f\s]*)>|([+-]?(?:\d+\.?\d*|\.\d+))")
_SPACE = re.compile(rb"\s+")
_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_INLINE_END = re.compile(rb"\sEI(?=[\s/\[<(%]|$)")


@dataclass(frozen=True)
class Drawn:
    """A text or a picture drawn on a page, and what it is drawn in."""

    page: int
    text: str  # '' for a picture
    y: float  # the baseline's height on the page, in points
    mark: str | None  # ARTIFACT, the structure type of its tagged content, or None (neither)
    mcid: int | None


class Name(str):
    """A name operand (``/Span``), told apart from a string's bytes."""


def _hex(digits: bytes) -> bytes:
    digits = _SPACE.sub(b"", digits)
    return bytes.fromhex((digits + b"0").decode("ascii") if len(digits) % 2 else digits.decode("ascii"))


def _literal(data: bytes, at: int) -> tuple[bytes, int]:
    """The literal string whose "(" is at ``at - 1``: its bytes, and where the stream goes on."""
    out = bytearray()
    depth = 1
    end = len(data)
    while at < end:
        byte = data[at]
        at += 1
        if byte == 0x5C:  # backslash
            if at >= end:
                break
            escaped = data[at]
            at += 1
            if escaped in _ESCAPES:
                out += _ESCAPES[escaped]
            elif 0x30 <= escaped <= 0x37:  # up to three octal digits
                digits = bytes([escaped])
                while len(digits) < 3 and at < end and 0x30 <= data[at] <= 0x37:
                    digits += data[at : at + 1]
                    at += 1
                out.append(int(digits, 8) & 0xFF)
            elif escaped in (0x0A, 0x0D):  # a line continued
                if escaped == 0x0D and at < end and data[at] == 0x0A:
                    at += 1
            else:
                out.append(escaped)
        elif byte == 0x28:
            depth += 1
            out.append(byte)
        elif byte == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), at
            out.append(byte)
        else:
            out.append(byte)
    return bytes(out), at


def _name(token: bytes) -> Name:
    """A name, its #xx escapes read (``/Art#69fact`` is ``/Artifact``)."""
    if b"#" in token:
        token = _NAME_ESCAPE.sub(lambda found: bytes([int(found.group(1), 16)]), token)
    return Name(token.decode("latin-1"))


def _number(token: bytes) -> float | int:
    return float(token) if b"." in token else int(token)


def operations(data: bytes) -> Iterator[tuple[bytes, list[Any]]]:
    """Each operator of a content stream with its operands: numbers, names (:class:`Name`), strings (bytes), arrays
    (lists) and dictionaries (dicts of names). An inline image's data is passed over."""
    operands: list[Any] = []
    nested: list[list[Any]] = []  # the arrays and dictionaries being read, innermost last
    kinds: list[bytes] = []
    at, end = 0, len(data)
    match = _TOKEN.search
    while at < end:
        found = match(data, at)
        if found is None:
            break
        at = found.end()
        kind = found.lastgroup
        if kind is None:  # a comment
            continue
        here = nested[-1] if nested else operands
        if kind == "operator":
            operator = found.group(kind)
            if nested:  # an operator inside an array: broken; drop what was open
                nested.clear()
                kinds.clear()
            if operator == b"ID":  # an inline image: its data runs to EI
                end_of_image = _INLINE_END.search(data, at + 1)
                at = end_of_image.end() if end_of_image else end
                operands = []
                continue
            yield operator, operands
            operands = []
        elif kind == "number":
            here.append(_number(found.group(kind)))
        elif kind == "name":
            here.append(_name(found.group(kind)))
        elif kind == "hex":
            here.append(_hex(found.group(kind)))
        elif kind == "array":
            here.append([_number(n) if n else _hex(h) for h, n in _ARRAY_PART.findall(found.group(kind))])
        elif kind == "literal":
            text, at = _literal(data, at)
            here.append(text)
        elif kind == "open":
            nested.append([])
            kinds.append(found.group(kind))
        elif kind == "close" and nested:
            items = nested.pop()
            opened = kinds.pop()
            value: Any = dict(zip(items[::2], items[1::2], strict=False)) if opened == b"<<" else items
            (nested[-1] if nested else operands).append(value)


def _times(a: Matrix, b: Matrix) -> Matrix:
    """``a`` then ``b`` (a × b)."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def _matrix(operands: list[Any]) -> Matrix | None:
    numbers = operands[-6:]
    if len(numbers) != 6 or not all(isinstance(n, (int, float)) for n in numbers):
        return None
    a, b, c, d, e, f = (float(n) for n in numbers)
    return (a, b, c, d, e, f)


def _dict(value: Any) -> DictionaryObject | None:
    resolved = value.get_object() if value is not None else None
    return resolved if isinstance(resolved, DictionaryObject) else None


class _Fonts:
    """Each font of the document read once (by its object), however many pages use it."""

    def __init__(self) -> None:
        self.known: dict[int, Font] = {}

    def font(self, ref: Any) -> Font | None:
        key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
        if key not in self.known:
            resolved = _dict(ref)
            if resolved is None:
                return None
            try:
                self.known[key] = Font.from_font_resource(resolved)
            except (AttributeError, TypeError, KeyError, ValueError, IndexError, PdfReadError):
                return None  # its text is not read: the rules see no words for it, not a failure
        return self.known[key]


def _codes(font: Font, raw: bytes) -> str:
    """A string's character codes through its font's encoding, as pypdf reads them."""
    encoding = font.encoding
    if isinstance(encoding, str):
        try:
            return raw.decode(encoding, "surrogatepass")
        except UnicodeDecodeError:
            return raw.decode(encoding, "replace")
    return "".join(encoding.get(byte, chr(byte)) for byte in raw)


class _Page:
    """The reading of one page: the marked content open, the matrices, the text being gathered."""

    def __init__(self, index: int, fonts: _Fonts, texts: list[Drawn], pictures: list[Drawn]) -> None:
        self.index = index
        self.fonts = fonts
        self.texts = texts
        self.pictures = pictures
        self.marks: list[tuple[str | None, int | None]] = []
        self.words: list[str] = []
        self.at: tuple[float, tuple[str | None, int | None]] = (0.0, (None, None))
        self.seen: set[int] = set()  # the forms being read, so that a form drawing itself ends
        self.rtl = False  # whether the run being gathered reads right to left

    def current(self) -> tuple[str | None, int | None]:
        for mark, mcid in reversed(self.marks):
            if mark == ARTIFACT or mcid is not None:
                return mark, mcid
        return None, None

    def flush(self) -> None:
        words = "".join(self.words).strip()
        if words:
            y, (mark, mcid) = self.at
            self.texts.append(Drawn(self.index, words, round(y, 1), mark, mcid))
        self.words = []

    def show(self, text: str, cm: Matrix, tm: Matrix) -> None:
        if not self.words:
            self.at = (tm[4] * cm[1] + tm[5] * cm[3] + cm[5], self.current())
        self.words.append(text)

    def show_codes(self, font: Font | None, raw: bytes, cm: Matrix, tm: Matrix, size: float) -> None:
        """A string's characters through its font's mapping to Unicode; a right-to-left run (drawn from left to
        right) in reading order, each change of direction ending a text, as pypdf's text extraction does."""
        if font is None:  # a font that cannot be read still draws: its text is there, its words unknown
            self.show("\ufffd" * len(raw), cm, tm)
            return
        codes = _codes(font, raw)
        mapping = font.character_map
        text = "".join(mapping.get(code, code) for code in codes)
        if not self.rtl and RTL_CHARACTER_PATTERN.search(text) is None:
            self.show(text, cm, tm)
            return
        if not self.words:
            self.at = (tm[4] * cm[1] + tm[5] * cm[3] + cm[5], self.current())

        def ended(words: str, *_: Any) -> None:
            self.words = [words]
            self.flush()

        run, self.rtl, _done = get_display_str("".join(self.words), list(cm), list(tm), None, font, codes, size,
                                               self.rtl, ended)  # fmt: skip
        self.words = [run] if run else []

    def show_array(self, font: Font | None, shown: list[Any], cm: Matrix, tm: Matrix, size: float) -> None:
        """A TJ array: its strings, a space where a gap is at least a space wide (as pypdf reads them), the strings
        between two such gaps decoded together."""
        gap = (font.space_width if font is not None else 250) / 2 * 0.95  # pypdf's, for an unknown font too
        run: list[bytes] = []
        for part in shown:
            if isinstance(part, bytes):
                run.append(part)
            elif isinstance(part, (int, float)) and -part >= gap:
                if run:
                    self.show_codes(font, b"".join(run), cm, tm, size)
                    run = []
                if self.words and self.words[-1][-1:] not in (" ", "\n", ""):
                    self.show(" ", cm, tm)
        if run:
            self.show_codes(font, b"".join(run), cm, tm, size)

    def read(self, data: bytes, resources: DictionaryObject, cm: Matrix) -> None:
        """Read one content stream (the page's, or a form's) drawn with the matrix ``cm``."""
        fonts = _dict(resources.get("/Font")) or DictionaryObject()
        xobjects = _dict(resources.get("/XObject")) or DictionaryObject()
        named = _dict(resources.get("/Properties")) or DictionaryObject()
        stack: list[tuple[Matrix, Font | None, float]] = []
        tm = line = IDENTITY
        font: Font | None = None
        size = 0.0
        leading = 0.0
        for operator, operands in operations(data):
            if operator in (b"TJ", b"Tj", b"'", b'"'):
                if operator in (b"'", b'"'):
                    self.flush()
                    line = tm = (*line[:4], line[4] - leading * line[2], line[5] - leading * line[3])
                shown = operands[-1] if operands else None
                if isinstance(shown, bytes):
                    self.show_codes(font, shown, cm, tm, size)
                elif isinstance(shown, list):
                    self.show_array(font, shown, cm, tm, size)
            elif operator == b"BDC" or operator == b"BMC":
                self.flush()
                tag = str(operands[0]) if operands and isinstance(operands[0], Name) else ""
                mcid = None
                if operator == b"BDC" and len(operands) > 1:
                    given = operands[1]
                    properties = _dict(named.get(given)) if isinstance(given, Name) else given
                    value = properties.get("/MCID") if isinstance(properties, dict) else None
                    mcid = int(value) if isinstance(value, int) else None
                self.marks.append((ARTIFACT if tag == "/Artifact" else tag.lstrip("/"), mcid))
            elif operator == b"EMC":
                self.flush()
                if self.marks:
                    self.marks.pop()
            elif operator in (b"BT", b"ET"):
                self.flush()
                tm = line = IDENTITY
            elif operator == b"Tf" and len(operands) >= 2:
                self.flush()
                font = self.fonts.font(fonts.get(str(operands[0]))) if isinstance(operands[0], Name) else None
                size = float(operands[1]) if isinstance(operands[1], (int, float)) else size
            elif operator == b"Tm":
                self.flush()
                tm = line = _matrix(operands) or IDENTITY
            elif operator in (b"Td", b"TD") and len(operands) >= 2:
                self.flush()
                x, y = (float(n) if isinstance(n, (int, float)) else 0.0 for n in operands[:2])
                if operator == b"TD":
                    leading = -y
                line = tm = (*line[:4], line[4] + x * line[0] + y * line[2], line[5] + x * line[1] + y * line[3])
            elif operator == b"T*":
                self.flush()
                line = tm = (*line[:4], line[4] - leading * line[2], line[5] - leading * line[3])
            elif operator == b"TL" and operands and isinstance(operands[0], (int, float)):
                leading = float(operands[0])
            elif operator == b"q":
                stack.append((cm, font, size))
            elif operator == b"Q":
                self.flush()
                cm, font, size = stack.pop() if stack else (cm, font, size)
            elif operator == b"cm":
                self.flush()
                cm = _times(_matrix(operands) or IDENTITY, cm)
            elif operator == b"Do" and operands and isinstance(operands[0], Name):
                self.flush()
                self.xobject(xobjects.get(str(operands[0])), cm)
        self.flush()

    def xobject(self, ref: Any, cm: Matrix) -> None:
        drawn = ref.get_object() if ref is not None else None
        if not isinstance(drawn, StreamObject):
            return
        if drawn.get("/Subtype") == "/Image":
            mark, mcid = self.current()
            self.pictures.append(Drawn(self.index, "", cm[5], mark, mcid))
        elif drawn.get("/Subtype") == "/Form":
            number = ref.idnum if isinstance(ref, IndirectObject) else id(drawn)
            if number in self.seen:
                return
            self.seen.add(number)
            matrix = drawn.get("/Matrix")
            inner = _matrix(list(matrix)) if matrix is not None else None
            resources = _dict(drawn.get("/Resources")) or DictionaryObject()
            self.read(drawn.get_data(), resources, _times(inner or IDENTITY, cm))
            self.seen.discard(number)


def read_pages(pages: list[tuple[bytes, DictionaryObject]]) -> tuple[list[Drawn], list[Drawn]]:
    """The texts and the pictures drawn by each page (its content stream's bytes and its resources)."""
    texts: list[Drawn] = []
    pictures: list[Drawn] = []
    fonts = _Fonts()
    for index, (data, resources) in enumerate(pages):
        _Page(index, fonts, texts, pictures).read(data, resources, IDENTITY)
    return texts, pictures
