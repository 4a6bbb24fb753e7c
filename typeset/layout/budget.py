"""The page budget: what does not fit, said item by item, and the `--fit` ladder.

Takes a `Composition` (from `compose`) that ran past the budget, or a block
that fits no column; gives located `Diagnostic`s naming each item with content
past the last page of the budget, and by how much (lines of body text and
millimetres). For `--fit`, gives the ladder of adjustments (`Fit`) within the
brand's `fit:` limits, each applied to a copy of the issue and the brand;
`story` composes each rung until one fits. Decides nothing else about the layout.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..brand import Brand
from ..errors import Diagnostic, error
from ..model import Issue
from .compose import Block, Composition, Overset, Role

MM = 72 / 25.4


#: How the issue's own boxes read in a message.
_BOXES = {
    Role.CONTENTS: "the contents box",
    Role.CLOSING: "the end matter (related issues and contact)",
}
#: How a part of an item reads in a message, after the item.
_PARTS = {
    Role.HEAD: "headline and summary",
    Role.IMAGE: "image",
    Role.BODY: "text",
    Role.LINK: "link",
    Role.QUOTE: "pull quote",
    Role.BOX: "box",
}


def describe(issue: Issue, block: Block) -> str:
    """How a block reads in a message: the item it belongs to, or the box it is."""
    if block.item is None:
        return _BOXES.get(block.role, block.role.value)
    item = issue.items[block.item]
    part = _PARTS.get(block.role, block.role.value)
    return f'items[{block.item + 1}] "{item.headline}" ({part})'


def overflow(issue: Issue, brand: Brand, composition: Composition, budget: int) -> list[Diagnostic]:
    """One error per item (or box) with content past page `budget`, then one
    that says by how much the issue is over."""
    line = brand.styles["body"].leading
    past: dict[int | Role, float] = {}
    names: dict[int | Role, Block] = {}
    for page in composition.pages[budget:]:
        for piece in page.order:
            key = piece.block.item if piece.block.item is not None else piece.block.role
            past[key] = past.get(key, 0.0) + piece.height + piece.gap
            names.setdefault(key, piece.block)
    problems = []
    for key, height in past.items():
        block = names[key]
        where = issue.items[block.item].location if block.item is not None else issue.location
        problems.append(
            error(
                where,
                f"{describe(issue, block)}: {height / line:.0f} lines ({height / MM:.0f} mm) "
                f"fall past page {budget}, the last page of the budget",
            )
        )
    total = sum(past.values())
    budget_at = issue.where.get("pages") if issue.pages else brand.where.get("page.pages")
    problems.append(
        error(
            budget_at or issue.location,
            f"the issue needs {len(composition.pages)} pages; the budget is {budget}: "
            f"{total / line:.0f} lines ({total / MM:.0f} mm) do not fit",
            "shorten or remove the items named above, or raise the budget (pages:)",
        )
    )
    return problems


def unfitted(issue: Issue, brand: Brand, tried: int, composition: Composition) -> Diagnostic:
    """Why `--fit` gave up: the whole ladder was tried."""
    return error(
        issue.location,
        f"--fit tried {tried} adjustments within the brand's fit: limits (spacing down to "
        f"{brand.fit.spacing:.0%}, leading {brand.fit.leading:g}pt tighter, images down to "
        f"{brand.fit.image_scale:.0%}, cutting the items marked may_cut); with all of them "
        f"the issue still needs {len(composition.pages)} pages",
        "mark more items may_cut: true, widen the brand's fit: limits, or raise the budget",
    )


def overset(issue: Issue, problem: Overset) -> Diagnostic:
    block = problem.block
    where = issue.items[block.item].location if block.item is not None else issue.location
    return error(
        where,
        f"{describe(issue, block)} is {problem.height / MM:.0f} mm tall; "
        f"{'a page' if block.span else 'a column'} holds {problem.room / MM:.0f} mm",
        "shorten it, or use a smaller image",
    )


#: The vertical spaces `--fit` may shrink, each down to the brand's share.
FIT_SPACES = (
    "item_between",
    "box_after",
    "summary_after",
    "paragraph_after",
    "image_before",
    "link_before",
    "span_after",
)
#: The styles whose leading `--fit` may tighten.
FIT_LEADINGS = ("body", "summary")


@dataclass(frozen=True)
class Fit:
    """One rung of the `--fit` ladder: every adjustment made so far."""

    #: the share of their size the vertical spaces are set at
    spacing: float = 1.0
    #: points taken off the body and summary leading
    leading: float = 0.0
    #: the share of their size images are set at
    image_scale: float = 1.0
    #: items (indexes) cut to their summary and link
    cut: tuple[int, ...] = ()

    def beyond(self, other: Fit) -> bool:
        """Whether this rung goes at least as far as `other` on every step."""
        return (
            self.spacing <= other.spacing
            and self.leading >= other.leading
            and self.image_scale <= other.image_scale
        )

    def changes(self, issue: Issue, brand: Brand) -> list[str]:
        """What this rung changed, in the ladder's order, as a designer says it."""
        said = []
        if self.spacing < 1:
            said.append(f"vertical spacing at {self.spacing:.0%} of the brand's")
        if self.leading:
            body = brand.styles["body"].leading - self.leading
            said.append(f"body and summary leading {self.leading:.1f}pt tighter (body {body:g}pt)")
        if self.image_scale < 1:
            said.append(f"images at {self.image_scale:.0%} of their size")
        said += [
            f'items[{index + 1}] "{issue.items[index].headline}" cut to its summary and link'
            for index in self.cut
        ]
        return said

    def apply(self, issue: Issue, brand: Brand) -> tuple[Issue, Brand]:
        spacing = dict(brand.spacing)
        for name in FIT_SPACES:
            spacing[name] = spacing[name] * self.spacing
        styles = dict(brand.styles)
        for name in FIT_LEADINGS:
            style = styles[name]
            styles[name] = replace(style, leading=max(style.leading - self.leading, style.size))
        items = tuple(
            replace(item, body=(), image=None, quote=None) if index in self.cut else item
            for index, item in enumerate(issue.items)
        )
        return replace(issue, items=items), replace(brand, spacing=spacing, styles=styles)


def ladder(issue: Issue, brand: Brand) -> Iterator[Fit]:
    """The rungs `--fit` tries, in order, each keeping the ones before: vertical
    spacing in 5 % steps, then leading in 0.1pt steps, then image scale in 5 %
    steps, then cutting the items marked `may_cut` (the last first), each
    within the brand's `fit:` limits. Tracking is not on the ladder: ReportLab
    paragraphs cannot track their letters."""
    limits = brand.fit
    fit = Fit()
    for share in _steps(1.0, limits.spacing, 0.05):
        fit = replace(fit, spacing=share)
        yield fit
    for tenths in range(1, round(limits.leading * 10) + 1):
        fit = replace(fit, leading=tenths / 10)
        yield fit
    if any(item.image is not None for item in issue.items):
        for share in _steps(1.0, limits.image_scale, 0.05):
            fit = replace(fit, image_scale=share)
            yield fit
    cuttable = [i for i in reversed(range(len(issue.items))) if issue.items[i].may_cut]
    for count in range(1, len(cuttable) + 1):
        fit = replace(fit, cut=tuple(sorted(cuttable[:count])))
        yield fit


def sparse(composition: Composition, share: float) -> bool:
    """Whether the last page of a composition of several pages is filled less
    than `share` of its body height (the brand's `tolerances.last_page`)."""
    if len(composition.pages) < 2:
        return False
    last = composition.pages[-1]
    used = last.body.top - min((p.bottom for p in last.order), default=last.body.top)
    return used < share * last.body.height


def _steps(start: float, least: float, step: float) -> list[float]:
    count = round((start - least) / step + 1e-9)
    return [round(start - step * n, 4) for n in range(1, count + 1)]
