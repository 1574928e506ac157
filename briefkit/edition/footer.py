"""The footer's sentences: who sends the edition, for whom, and the postal address, each name said once."""

from __future__ import annotations

from briefkit.edition.model import Footer
from briefkit.edition.wording import COMMAS, comma
from briefkit.manifest.catalogue import ENGLISH, Messages, is_source


def _same(one: str, other: str) -> bool:
    """Whether two names are the same organisation: case and a leading "The" aside."""
    return _bare(one).casefold() == _bare(other).casefold()


def _bare(name: str) -> str:
    """``name`` without a leading "The "."""
    return name[4:] if name[:4].casefold() == "the " else name


def _the(name: str) -> str:
    """``name`` after "by"/"for": "the Center for ...", but "The Tideline Institute" is not given a second "the"."""
    return name if name[:4].casefold() == "the " else f"the {name}"


def _starts_with(text: str, name: str) -> bool:
    """Whether ``text`` begins with the organisation ``name`` (case and a leading "The" aside) and then a comma
    (Latin or Arabic) or nothing."""
    bare, rest = _bare(name).casefold(), _bare(text).casefold()
    return rest.startswith(bare) and rest[len(bare) : len(bare) + 1] in (*COMMAS, "")


def footer(series: str, sender: str, address: str, publisher: str, postal: str, words: Messages = ENGLISH) -> Footer:
    """The footer's sentences, in the language of ``words``. "Tideline is sent by Tideline" becomes "Tideline is
    sent from <address>", a sender who is the publisher is not named twice, and a postal address that starts with
    the publisher's name is given as it is, without the name before it. English puts "the" before an organisation's
    name after "by" and "for"; other languages have the name as written."""
    the = _the if is_source(words.lang) else str
    for_publisher = not _same(publisher, sender) or _same(sender, series)
    for_publisher = for_publisher and not _same(publisher, series)
    values = {"series": series, "sender": sender, "address": address, "publisher": the(publisher)}
    if _same(sender, series) and for_publisher:
        sent_by = words.gettext("%(series)s is sent from <%(address)s> for %(publisher)s.", **values)
    elif _same(sender, series):
        sent_by = words.gettext("%(series)s is sent from <%(address)s>.", **values)
    elif for_publisher:
        sent_by = words.gettext("%(series)s is sent by %(sender)s <%(address)s> for %(publisher)s.", **values)
    else:
        sent_by = words.gettext("%(series)s is sent by %(sender)s <%(address)s>.", **values)
    postal_line = postal if _starts_with(postal, publisher) else publisher + comma(words) + postal
    if _same(publisher, series):
        published_by = words.gettext(
            "%(series)s is published at %(address)s.", series=series, address=_after_name(postal, publisher)
        )
    elif _starts_with(postal, publisher):
        published_by = words.gettext("%(series)s is published by %(publisher)s.", series=series, publisher=the(postal))
    else:
        published_by = words.gettext(
            "%(series)s is published by %(publisher)s, %(address)s.",
            series=series,
            publisher=the(publisher),
            address=postal,
        )
    return Footer(sent_by=sent_by, address=postal_line, published_by=published_by)


def _after_name(postal: str, publisher: str) -> str:
    """The postal address without the publisher's name it starts with."""
    if not _starts_with(postal, publisher):
        return postal
    return postal[len(postal) - len(_bare(postal)) + len(_bare(publisher)) :].lstrip(COMMAS + " ") or postal
