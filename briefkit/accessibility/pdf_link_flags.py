"""The flags (/F) of a PDF's link annotations, by the annotation's object number (as pdf_document.py's
LinkAnnotation.number names it): the pdf-tags rule reads the print flag from them. Only the pages' /Annots are read,
not their content, so this costs little beside pdf_document.py's reading."""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import DictionaryObject, IndirectObject

from briefkit.accessibility.pdf_document import UnreadablePdf

PRINT = 4  # bit 3 of /F (ISO 32000-1, 12.5.3): the annotation is printed; PDF/UA asks it of every link


def link_flags(data: bytes) -> dict[int, int]:
    """Each link annotation's /F (0 when it has none), by its object number."""
    flags: dict[int, int] = {}
    try:
        for page in PdfReader(io.BytesIO(data)).pages:
            for reference in page.get("/Annots") or []:
                annotation = reference.get_object() if isinstance(reference, IndirectObject) else None
                if isinstance(annotation, DictionaryObject) and annotation.get("/Subtype") == "/Link":
                    flags[reference.idnum] = int(annotation.get("/F", 0))
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise UnreadablePdf(str(error) or type(error).__name__) from None
    return flags
