"""What the file does when opened or clicked: JavaScript, Launch actions, link targets.

Takes a `Document`; gives problems. Looks for actions where a viewer runs them: the
document's /OpenAction and /AA, the /Names /JavaScript tree, every page's /AA, every
annotation's /A and /AA (links, form widgets), form fields' actions and outline
items, following each action's /Next chain. A URI action must be http, https or
mailto. Actions in objects nothing refers to are not looked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf

from .document import Document, each_page
from .findings import Problem

ALLOWED_SCHEMES = ("http", "https", "mailto")
_MAX_CHAIN = 64  # actions followed through /Next, outline items, form field kids
_HINT_JS = "remove the JavaScript: printers and archives refuse it, and viewers block it"
_HINT_LAUNCH = "link to a web page instead: viewers block Launch actions, and PDF/X forbids them"
_HINT_LINK = "link only to a web page (https://…) or an e-mail address (mailto:…)"


@dataclass
class _Seen:
    """What was found, so that a widget listed as a field and as an annotation counts once."""

    objects: set[tuple[int, int]] = field(default_factory=set)

    def first_time(self, obj: pikepdf.Object) -> bool:
        key = obj.objgen
        if key == (0, 0):
            return True
        if key in self.objects:
            return False
        self.objects.add(key)
        return True


def _string(value: object) -> str:
    if isinstance(value, pikepdf.String):
        return str(value)
    return str(value) if value is not None else ""


def _scheme(uri: str) -> str:
    head, colon, _ = uri.partition(":")
    return head.lower().strip() if colon and head.strip().isascii() else ""


def _actions(value: object) -> Iterator[pikepdf.Dictionary]:
    """An action and the ones chained after it with /Next (a dict or an array)."""
    pending: list[object] = [value]
    seen: set[tuple[int, int]] = set()
    count = 0
    while pending and count < _MAX_CHAIN:
        current = pending.pop(0)
        count += 1
        if isinstance(current, pikepdf.Array):
            pending[:0] = list(current)
            continue
        if not isinstance(current, pikepdf.Dictionary):
            continue
        if current.objgen != (0, 0):
            if current.objgen in seen:
                continue
            seen.add(current.objgen)
        yield current
        if "/Next" in current:
            pending.append(current["/Next"])


def _launch_target(action: pikepdf.Dictionary) -> str:
    target = action.get("/F")
    if isinstance(target, pikepdf.Dictionary):  # a file specification
        target = target.get("/UF", target.get("/F"))
    if target is None and isinstance(action.get("/Win"), pikepdf.Dictionary):
        target = action["/Win"].get("/F")
    return _string(target)[:80] if isinstance(target, pikepdf.String) else ""


def _judge(value: object, where: str, page: int | None) -> Iterator[Problem]:
    for action in _actions(value):
        kind = str(action.get("/S", ""))
        if kind == "/JavaScript" or "/JS" in action:
            yield Problem("actions.javascript", f"{where} runs JavaScript", page, (_HINT_JS,))
        elif kind == "/Launch":
            target = _launch_target(action)
            named = f" ({target!r})" if target else ""
            yield Problem(
                "actions.launch",
                f"{where} launches a program or file with a Launch action{named}",
                page,
                (_HINT_LAUNCH,),
            )
        elif kind == "/URI":
            uri = _string(action.get("/URI", ""))
            scheme = _scheme(uri)
            if scheme not in ALLOWED_SCHEMES:
                shown = uri if len(uri) <= 80 else uri[:77] + "..."
                why = f"the {scheme!r} scheme" if scheme else "no scheme"
                yield Problem(
                    "links.scheme",
                    f"{where} links to {shown!r}, with {why}; "
                    "only http, https and mailto links are allowed",
                    page,
                    (_HINT_LINK,),
                )


def _triggers(holder: pikepdf.Dictionary, where: str, page: int | None) -> Iterator[Problem]:
    """An object's own action (/A) and its additional actions (/AA, by trigger)."""
    if "/A" in holder:
        yield from _judge(holder["/A"], where, page)
    extra = holder.get("/AA")
    if isinstance(extra, pikepdf.Dictionary):
        for trigger, action in extra.items():
            yield from _judge(action, f"{where} (additional action /{trigger[1:]})", page)


def _annotation_name(annotation: pikepdf.Dictionary) -> str:
    subtype = str(annotation.get("/Subtype", "/annotation"))[1:].lower()
    return "a form field" if subtype == "widget" else f"a {subtype} annotation"


def _document(doc: Document, seen: _Seen) -> Iterator[Problem]:
    root = doc.pdf.Root
    if "/OpenAction" in root:
        yield from _judge(root["/OpenAction"], "the document, when opened,", None)
    extra = root.get("/AA")
    if isinstance(extra, pikepdf.Dictionary):
        for trigger, action in extra.items():
            yield from _judge(action, f"the document (additional action /{trigger[1:]})", None)
    names = root.get("/Names")
    scripts = names.get("/JavaScript") if isinstance(names, pikepdf.Dictionary) else None
    if isinstance(scripts, pikepdf.Dictionary) and ("/Names" in scripts or "/Kids" in scripts):
        yield Problem(
            "actions.javascript",
            "the document has document-level JavaScript (/Names /JavaScript), run when opened",
            hints=(_HINT_JS,),
        )
    outline = root.get("/Outlines")
    pending = [outline.get("/First")] if isinstance(outline, pikepdf.Dictionary) else []
    for _ in range(10_000):
        if not pending:
            break
        item = pending.pop()
        if not isinstance(item, pikepdf.Dictionary) or not seen.first_time(item):
            continue
        title = _string(item.get("/Title", ""))[:40]
        yield from _triggers(item, f"the bookmark {title!r}", None)
        pending.extend(item[key] for key in ("/Next", "/First") if key in item)


def _fields(doc: Document, seen: _Seen) -> Iterator[Problem]:
    form = doc.pdf.Root.get("/AcroForm")
    fields = form.get("/Fields") if isinstance(form, pikepdf.Dictionary) else None
    pending = list(fields) if isinstance(fields, pikepdf.Array) else []
    for _ in range(10_000):
        if not pending:
            break
        field_ = pending.pop()
        if not isinstance(field_, pikepdf.Dictionary) or not seen.first_time(field_):
            continue
        name = _string(field_.get("/T", ""))
        yield from _triggers(field_, f"the form field {name!r}" if name else "a form field", None)
        kids = field_.get("/Kids")
        if isinstance(kids, pikepdf.Array):
            pending.extend(kids)


def check_actions(doc: Document) -> Iterator[Problem]:
    seen = _Seen()
    yield from _document(doc, seen)
    yield from each_page(doc, "actions", lambda number: _page(doc, number, seen))
    yield from _fields(doc, seen)


def _page(doc: Document, number: int, seen: _Seen) -> Iterator[Problem]:
    page = doc.page_dict(number)
    yield from _triggers(page, "the page", number)
    annotations = page.get("/Annots")
    if not isinstance(annotations, pikepdf.Array):
        return
    for annotation in annotations:
        if isinstance(annotation, pikepdf.Dictionary) and seen.first_time(annotation):
            yield from _triggers(annotation, _annotation_name(annotation), number)
