"""XMP metadata packets: the document's description in the form PDF/X and
PDF/A readers look for.

Takes a `DocumentInfo` (title, author, dates, ...) and the standards the file
claims; gives the bytes of an XMP packet, built with ElementTree so that every
value is escaped and the same input gives the same bytes. The Info dictionary
is written from the same `DocumentInfo`, so the two always agree. Knows
nothing of newsletters or of how the PDF was made.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    language: str
    creator: str
    producer: str
    created: dt.datetime
    #: stable across rebuilds of the same document (xmpMM:DocumentID)
    document_id: str
    #: this rendition of it (xmpMM:InstanceID)
    instance_id: str


def pdf_date(moment: dt.datetime) -> str:
    """A date as the Info dictionary writes it: D:20240301000000+00'00'."""
    utc = moment.astimezone(dt.UTC)
    return utc.strftime("D:%Y%m%d%H%M%S+00'00'")


def xmp_date(moment: dt.datetime) -> str:
    """The same moment as XMP writes it: 2024-03-01T00:00:00+00:00."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _container(parent: ET.Element, name: str, kind: str, values: list[str]) -> None:
    holder = ET.SubElement(ET.SubElement(parent, _q(name)), _q(f"rdf:{kind}"))
    for value in values:
        li = ET.SubElement(holder, _q("rdf:li"))
        if kind == "Alt":
            li.set("{http://www.w3.org/XML/1998/namespace}lang", "x-default")
        li.text = value


def _pdfx_extension(description: ET.Element) -> None:
    """Describes the pdfxid schema, which is not part of XMP itself, so that a
    PDF/A or strict XMP reader can check the property's type."""
    bag = ET.SubElement(ET.SubElement(description, _q("pdfaExtension:schemas")), _q("rdf:Bag"))
    schema = ET.SubElement(bag, _q("rdf:li"), {_q("rdf:parseType"): "Resource"})
    ET.SubElement(schema, _q("pdfaSchema:schema")).text = "PDF/X ID Schema"
    ET.SubElement(schema, _q("pdfaSchema:namespaceURI")).text = NS["pdfxid"]
    ET.SubElement(schema, _q("pdfaSchema:prefix")).text = "pdfxid"
    properties = ET.SubElement(ET.SubElement(schema, _q("pdfaSchema:property")), _q("rdf:Seq"))
    prop = ET.SubElement(properties, _q("rdf:li"), {_q("rdf:parseType"): "Resource"})
    ET.SubElement(prop, _q("pdfaProperty:name")).text = "GTS_PDFXVersion"
    ET.SubElement(prop, _q("pdfaProperty:valueType")).text = "Text"
    ET.SubElement(prop, _q("pdfaProperty:category")).text = "internal"
    ET.SubElement(prop, _q("pdfaProperty:description")).text = "ID of PDF/X standard"


def packet(
    info: DocumentInfo,
    *,
    pdfx: str | None = None,
    pdfa: tuple[int, str] | None = None,
    trapped: bool = False,
) -> bytes:
    """The XMP packet for `info`; `pdfx` ("PDF/X-4") and `pdfa` ((2, "B")) add
    the identification of the standard the file claims; `trapped` (implied by
    `pdfx`) states that the file is not trapped, as a print file does."""
    root = ET.Element(_q("x:xmpmeta"))
    rdf = ET.SubElement(root, _q("rdf:RDF"))
    d = ET.SubElement(rdf, _q("rdf:Description"), {_q("rdf:about"): ""})
    ET.SubElement(d, _q("dc:format")).text = "application/pdf"
    _container(d, "dc:title", "Alt", [info.title])
    _container(d, "dc:creator", "Seq", [info.author])
    _container(d, "dc:description", "Alt", [info.subject])
    _container(d, "dc:subject", "Bag", list(info.keywords))
    _container(d, "dc:language", "Bag", [info.language])
    ET.SubElement(d, _q("pdf:Producer")).text = info.producer
    ET.SubElement(d, _q("pdf:Keywords")).text = keywords_text(info.keywords)
    when = xmp_date(info.created)
    for name in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
        ET.SubElement(d, _q(name)).text = when
    ET.SubElement(d, _q("xmp:CreatorTool")).text = info.creator
    ET.SubElement(d, _q("xmpMM:DocumentID")).text = info.document_id
    ET.SubElement(d, _q("xmpMM:InstanceID")).text = info.instance_id
    ET.SubElement(d, _q("xmpMM:VersionID")).text = "1"
    ET.SubElement(d, _q("xmpMM:RenditionClass")).text = "default"
    if pdfx or trapped:
        # PDF/X wants trapping stated; PDF/A's XMP schemas do not define it.
        ET.SubElement(d, _q("pdf:Trapped")).text = "False"
    if pdfx:
        ET.SubElement(d, _q("pdfxid:GTS_PDFXVersion")).text = pdfx
        _pdfx_extension(d)
    if pdfa:
        ET.SubElement(d, _q("pdfaid:part")).text = str(pdfa[0])
        ET.SubElement(d, _q("pdfaid:conformance")).text = pdfa[1]
    return _wrap(root)


def keywords_text(keywords: tuple[str, ...]) -> str:
    """Keywords as the Info dictionary and pdf:Keywords write them."""
    return "; ".join(keywords)


def _wrap(root: ET.Element) -> bytes:
    body = ET.tostring(root, encoding="unicode")
    # The packet wrapper lets an editor update the metadata in place. Neither
    # `bytes` nor `encoding` is written in it: PDF/A forbids both.
    return (
        f'<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n{body}\n<?xpacket end="w"?>'
    ).encode()


def source_packet(source: str) -> bytes:
    """The XMP packet of an image XObject that names the file it was made from.

    `source` is the path as the issue file gives it (relative to the issue's
    folder). It is written as `dc:source`, Dublin Core's "a related resource
    from which the described resource is derived": a property every XMP reader
    knows, so a PDF/A validator needs no extension schema for it (PDF/A-2
    6.6.2.3.1 refuses undeclared properties), where a private key in the image
    dictionary would need a registered second-class name prefix (PDF 32000-1
    annex E) and a PDF/A checker may reject it."""
    root = ET.Element(_q("x:xmpmeta"))
    rdf = ET.SubElement(root, _q("rdf:RDF"))
    d = ET.SubElement(rdf, _q("rdf:Description"), {_q("rdf:about"): ""})
    ET.SubElement(d, _q("dc:source")).text = source
    return _wrap(root)


def read_source(packet_bytes: bytes) -> str | None:
    """The `dc:source` of an XMP packet, or None when it has none or is not XML.

    The packet may come from any PDF: ElementTree never fetches external
    entities, and the expat it uses (2.4.1 and later) refuses entity
    amplification; the caller bounds the packet's size."""
    try:
        root = ET.fromstring(packet_bytes.decode("utf-8", errors="replace").strip("\ufeff"))
    except ET.ParseError:
        return None
    found = root.find(f".//{_q('dc:source')}")
    if found is None or not (found.text or "").strip():
        return None
    return (found.text or "").strip()
