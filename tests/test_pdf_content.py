"""What briefkit/accessibility/pdf_content.py reads of a page's content stream, on PDFs written here with pypdf in
shapes WeasyPrint does not write: literal strings with escapes and nested brackets, a TJ array's word gaps, text in
a form XObject, an inline image, marked content given by name in the page's /Properties, a font the page does not
have. (The sample PDFs and the PDFs with their tags taken apart are in tests/test_accessibility.py.)"""

from __future__ import annotations

import io

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
)

from briefkit.accessibility.pdf_content import ARTIFACT, operations
from briefkit.accessibility.pdf_document import Drawn, read_pdf

HELVETICA = DictionaryObject(
    {
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }
)


def _pdf(content: bytes, form: bytes | None = None) -> bytes:
    """One page drawing ``content`` with the font /F1, the picture /Im1, the form /Fm1 (drawing ``form``) and the
    marked-content properties /P1 (MCID 7)."""
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = writer._add_object(HELVETICA)
    image = DecodedStreamObject()
    image.set_data(b"\x80")
    image.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
        NameObject("/Width"): NumberObject(1), NameObject("/Height"): NumberObject(1),
        NameObject("/ColorSpace"): NameObject("/DeviceGray"), NameObject("/BitsPerComponent"): NumberObject(8),
    })  # fmt: skip
    xobjects = DictionaryObject({NameObject("/Im1"): writer._add_object(image)})
    if form is not None:
        drawn = DecodedStreamObject()
        drawn.set_data(form)
        drawn.update({
            NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(612), NumberObject(792)]),
            NameObject("/Matrix"): ArrayObject([FloatObject(1), FloatObject(0), FloatObject(0), FloatObject(1),
                                                FloatObject(0), FloatObject(100)]),
            NameObject("/Resources"): DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}),
        })  # fmt: skip
        xobjects[NameObject("/Fm1")] = writer._add_object(drawn)
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/F1"): font}),
        NameObject("/XObject"): xobjects,
        NameObject("/Properties"): DictionaryObject({
            NameObject("/P1"): DictionaryObject({NameObject("/MCID"): NumberObject(7)}),
        }),
    })  # fmt: skip
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_literal_strings_with_escapes_and_brackets_in_their_marked_content() -> None:
    content = (
        rb"/Span <</MCID 0>> BDC BT /F1 12 Tf 1 0 0 1 72 700 Tm (Tom \(and\) \(Jerry\)) Tj ET EMC "
        rb"/Artifact BMC BT /F1 9 Tf 72 40 Td (Page 1 of 1) Tj ET EMC "
        rb"BT /F1 12 Tf 72 600 Td (a \\ b \101\102 (c)) Tj ET"
    )
    pdf = read_pdf(_pdf(content))
    assert pdf.texts == [
        Drawn(0, "Tom (and) (Jerry)", 700.0, "Span", 0),
        Drawn(0, "Page 1 of 1", 40.0, ARTIFACT, None),
        Drawn(0, "a \\ b AB (c)", 600.0, None, None),
    ]


def test_a_tj_arrays_word_gap_is_a_space_and_a_kern_is_not() -> None:
    pdf = read_pdf(_pdf(b"BT /F1 12 Tf 72 700 Td [(Wo) 20 (rd) -600 (gap)] TJ ET"))
    assert [text.text for text in pdf.texts] == ["Word gap"]


def test_a_form_draws_its_text_in_the_marked_content_around_it_and_a_named_property_gives_the_mcid() -> None:
    content = b"/P /P1 BDC /Fm1 Do EMC q 10 0 0 10 50 60 cm /Im1 Do Q"
    pdf = read_pdf(_pdf(content, form=b"BT /F1 12 Tf 72 500 Td (In the form) Tj ET"))
    assert pdf.texts == [Drawn(0, "In the form", 600.0, "P", 7)]
    assert pdf.pictures == [Drawn(0, "", 60.0, None, None)]


def test_an_inline_images_data_is_passed_over() -> None:
    data = b"BI /W 2 /H 1 /CS /G /BPC 8 ID \x00(BT) Tj EI Q BT /F1 12 Tf 72 700 Td (after) Tj ET"
    assert [operator for operator, _ in operations(data)] == [b"BI", b"Q", b"BT", b"Tf", b"Td", b"Tj", b"ET"]
    assert [text.text for text in read_pdf(_pdf(data)).texts] == ["after"]


def test_a_text_in_a_font_the_page_does_not_have_is_still_a_text_drawn() -> None:
    pdf = read_pdf(_pdf(b"BT /F9 12 Tf 72 700 Td (Hello) Tj ET"))
    assert pdf.texts == [Drawn(0, "\ufffd" * 5, 700.0, None, None)]


def test_a_names_escapes_are_read() -> None:
    pdf = read_pdf(_pdf(b"/Art#69fact BMC BT /F1 9 Tf 72 40 Td (Page 1 of 1) Tj ET EMC"))
    assert pdf.texts == [Drawn(0, "Page 1 of 1", 40.0, ARTIFACT, None)]


def test_the_innermost_marked_content_is_what_a_text_is_drawn_in() -> None:
    """An artifact (a rule, a leader) drawn inside a paragraph's tagged content is an artifact, not the paragraph's."""
    content = (
        b"/P <</MCID 3>> BDC BT /F1 12 Tf 72 700 Td (Body) Tj ET "
        b"/Artifact BMC BT /F1 12 Tf 72 680 Td (Rule) Tj ET EMC EMC"
    )
    pdf = read_pdf(_pdf(content))
    assert pdf.texts == [
        Drawn(0, "Body", 700.0, "P", 3),
        Drawn(0, "Rule", 680.0, ARTIFACT, None),
    ]
