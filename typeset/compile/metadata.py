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
from xml.sax.saxutils import escape

import pypdf
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    NameObject,
    TextStringObject,
)

from .. import __version__


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


def pdf_date(when: dt.datetime) -> str:
    utc = when.astimezone(dt.UTC)
    return utc.strftime("D:%Y%m%d%H%M%S+00'00'")


def xmp_date(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def document_id(digest: bytes) -> str:
    h = hashlib.sha256(b"typeset-volume" + digest).hexdigest()
    return f"uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def xmp(facts: Facts, *, pdfa: bool) -> bytes:
    """An XMP packet matching the Info dictionary (as PDF/A requires)."""
    e = escape
    created = xmp_date(facts.created)
    pdfaid = (
        '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
        "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>"
        "</rdf:Description>"
        if pdfa
        else ""
    )
    keywords = ", ".join(facts.keywords)
    text = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:format>application/pdf</dc:format>"
        '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">'
        f"{e(facts.title)}</rdf:li></rdf:Alt></dc:title>"
        f"<dc:creator><rdf:Seq><rdf:li>{e(facts.author)}</rdf:li></rdf:Seq></dc:creator>"
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(facts.subject)}</rdf:li>'
        "</rdf:Alt></dc:description>"
        f"<dc:language><rdf:Bag><rdf:li>{e(facts.language)}</rdf:li></rdf:Bag></dc:language>"
        "</rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f"<pdf:Keywords>{e(keywords)}</pdf:Keywords>"
        f"<pdf:Producer>typeset {__version__}</pdf:Producer>"
        "</rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f"<xmp:CreatorTool>typeset {__version__}</xmp:CreatorTool>"
        f"<xmp:CreateDate>{created}</xmp:CreateDate>"
        f"<xmp:ModifyDate>{created}</xmp:ModifyDate>"
        f"<xmp:MetadataDate>{created}</xmp:MetadataDate>"
        "</rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">'
        f"<xmpMM:DocumentID>{document_id(facts.digest)}</xmpMM:DocumentID>"
        f"<xmpMM:InstanceID>{document_id(facts.digest)}</xmpMM:InstanceID>"
        "</rdf:Description>"
        f"{pdfaid}"
        "</rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )
    return text.encode("utf-8")


def apply(writer: pypdf.PdfWriter, facts: Facts, *, pdfa: bool = False) -> None:
    """Info dictionary, XMP metadata stream, language and a reproducible file ID."""
    writer.add_metadata(
        {
            "/Title": facts.title,
            "/Author": facts.author,
            "/Subject": facts.subject,
            "/Keywords": ", ".join(facts.keywords),
            "/Creator": f"typeset {__version__}",
            "/Producer": f"typeset {__version__}",
            "/CreationDate": pdf_date(facts.created),
            "/ModDate": pdf_date(facts.created),
        }
    )
    stream = DecodedStreamObject()
    stream.set_data(xmp(facts, pdfa=pdfa))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer.root_object[NameObject("/Metadata")] = writer._add_object(stream)
    writer.root_object[NameObject("/Lang")] = TextStringObject(facts.language)
    ident = ByteStringObject(hashlib.md5(facts.digest, usedforsecurity=False).digest())
    writer._ID = ArrayObject([ident, ident])
