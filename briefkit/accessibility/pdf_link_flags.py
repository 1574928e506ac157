"""The flags (/F) of a PDF's link annotations, by the annotation's object number (as pdf_document.py's
LinkAnnotation.number names it): the pdf-tags rule reads the print flag from them. They come from the PDF as
pdf_document.py read it (each link annotation's /F), so the PDF is opened and parsed once."""

from __future__ import annotations

from briefkit.accessibility.pdf_document import PdfDocument

PRINT = 4  # bit 3 of /F (ISO 32000-1, 12.5.3): the annotation is printed; PDF/UA asks it of every link


def link_flags(pdf: PdfDocument) -> dict[int, int]:
    """Each link annotation's /F (0 when it has none), by its object number."""
    return {link.number: link.flags for link in pdf.links}
