"""What the volume says about itself: document information, XMP and file ID.

Takes the facts (title, author, subject, keywords, creation date, a digest
of the inputs); gives the Info dictionary, an XMP packet (with the PDF/A
identification when archiving) and a file identifier derived from the inputs,
so that the same inputs give the same bytes. Reads no clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import pypdf
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from .. import __version__
from ..finishing import PDFX_VERSION
from ..xmp import DocumentInfo, keywords_text, packet, pdf_date


@dataclass(frozen=True)
class Facts:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    created: dt.datetime
    #: sha256 of everything that went into the volume
    digest: bytes
    language: str = "en"


def document_id(digest: bytes) -> str:
    h = hashlib.sha256(b"typeset-volume" + digest).hexdigest()
    return f"uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def document_info(facts: Facts) -> DocumentInfo:
    """The facts as the Info dictionary and the XMP packet both say them."""
    ident = document_id(facts.digest)
    return DocumentInfo(
        title=facts.title,
        author=facts.author,
        subject=facts.subject,
        keywords=facts.keywords,
        language=facts.language,
        creator=f"typeset {__version__}",
        producer=f"typeset {__version__}",
        created=facts.created,
        document_id=ident,
        instance_id=ident,
    )


def apply(
    writer: pypdf.PdfWriter,
    facts: Facts,
    *,
    pdfa: bool = False,
    pdfx: bool = False,
    trapped: bool = False,
) -> None:
    """Info dictionary, XMP metadata stream, language and a reproducible file ID;
    `pdfa` and `pdfx` add the identification of PDF/A-2b and PDF/X-4; `trapped`
    (implied by `pdfx`) states that a print volume is not trapped."""
    info = document_info(facts)
    values: dict[str, object] = {
        "/Title": info.title,
        "/Author": info.author,
        "/Subject": info.subject,
        "/Keywords": keywords_text(info.keywords),
        "/Creator": info.creator,
        "/Producer": info.producer,
        "/CreationDate": pdf_date(info.created),
        "/ModDate": pdf_date(info.created),
    }
    if pdfx:
        values["/GTS_PDFXVersion"] = PDFX_VERSION
    elif writer.metadata is not None and "/GTS_PDFXVersion" in writer.metadata:
        writer.metadata = None  # a claim withdrawn: the Info is written anew below
    if pdfx or trapped:
        values["/Trapped"] = NameObject("/False")
    writer.add_metadata(values)
    data = packet(
        info,
        pdfa=(2, "B") if pdfa else None,
        pdfx=PDFX_VERSION if pdfx else None,
        trapped=trapped,
    )
    # Applied again (to withdraw a claim the validator did not confirm), the
    # same stream is rewritten rather than a second one left behind unused.
    known = writer.root_object.get("/Metadata")
    if known is not None and isinstance(known.get_object(), DecodedStreamObject):
        known.get_object().set_data(data)
    else:
        stream = DecodedStreamObject()
        stream.set_data(data)
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")
        writer.root_object[NameObject("/Metadata")] = writer._add_object(stream)
    writer.root_object[NameObject("/Lang")] = TextStringObject(info.language)
    ident = ByteStringObject(hashlib.md5(facts.digest, usedforsecurity=False).digest())
    writer._ID = ArrayObject([ident, ident])


def set_output_intent(
    writer: pypdf.PdfWriter,
    *,
    standard: str,
    profile: bytes,
    components: int,
    condition: str,
    info: str,
    registry: str | None = None,
    flate: bool = False,
) -> None:
    """The volume's one output intent: `standard` is /GTS_PDFA1 or /GTS_PDFX,
    `profile` the ICC bytes as stored (already Flate-compressed when `flate`)."""
    stream = StreamObject()
    stream._data = profile
    if flate:
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    stream[NameObject("/N")] = NumberObject(components)
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject(standard),
            NameObject("/OutputConditionIdentifier"): TextStringObject(condition),
            NameObject("/Info"): TextStringObject(info),
            NameObject("/DestOutputProfile"): writer._add_object(stream),
        }
    )
    if registry is not None:
        intent[NameObject("/OutputCondition")] = TextStringObject(info)
        intent[NameObject("/RegistryName")] = TextStringObject(registry)
    writer.root_object[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
