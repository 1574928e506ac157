"""The proof's pictures: the email's pictures and logo from their local files as data: addresses, and the PDF's
pages drawn as pictures (pypdfium2), each with fixed settings so that the same edition gives the same bytes."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, replace
from typing import TypeVar

from briefkit.edition.model import Edition, Image, Logo

_Picture = TypeVar("_Picture", Image, Logo)

PAGE_DPI = 110  # sharp enough to read a footnote, about 60 KB a page
WEBP = {"lossless": True, "method": 4, "exact": False}  # every pixel as drawn, a third of PNG's size


def data_address(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


# In place of a picture only its host has: a grey box (its alt text stays on it), so that the proof asks for nothing.
STAND_IN = data_address(
    "image/svg+xml",
    b'<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300"><rect width="600" height="300" fill="#d4d7db"/></svg>',
)


@dataclass(frozen=True)
class Inlined:
    """The edition as the proof's email frames show it, and what of its pictures the proof cannot show."""

    edition: Edition
    hosted_only: tuple[str, ...]  # addresses of pictures without a local file: a grey box stands in for each


def inline_pictures(edition: Edition) -> Inlined:
    """``edition`` with each picture that has a local file (``file:``) loaded from that file, as a data: address, in
    place of where the archive publishes it (or its ``src:``). A picture the email does not show (no address) stays
    out; a picture with no local file cannot be shown without asking its host: a grey box stands in, and its
    address is listed. A dark logo has no local file: the dark frames show the light one."""
    hosted: list[str] = []

    def here(picture: _Picture) -> _Picture:
        if not picture.src:
            return picture
        if picture.file is None:
            hosted.append(picture.src)
            return replace(picture, src=STAND_IN)
        return replace(picture, src=data_address(picture.file.media_type, picture.file.data))

    shown = edition.with_pictures(here)
    if shown.logo is not None and shown.logo.dark_src:
        hosted.append(shown.logo.dark_src)
        shown = replace(shown, logo=replace(shown.logo, dark_src=None))
    return Inlined(shown, tuple(dict.fromkeys(hosted)))


@dataclass(frozen=True)
class PagePicture:
    """One page of the PDF as a picture: its data: address and its size in pixels."""

    number: int
    src: str
    width: int
    height: int


def page_pictures(pdf: bytes, dpi: int = PAGE_DPI) -> list[PagePicture]:
    """Each page of ``pdf`` drawn at ``dpi`` as a lossless WebP picture."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    pictures = []
    try:
        for index in range(len(document)):
            page = document[index]
            drawn = page.render(scale=dpi / 72).to_pil().convert("RGB")
            page.close()
            out = io.BytesIO()
            drawn.save(out, "WEBP", **WEBP)
            pictures.append(PagePicture(index + 1, data_address("image/webp", out.getvalue()), *drawn.size))
    finally:
        document.close()
    return pictures
