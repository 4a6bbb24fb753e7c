"""The page budget: what does not fit, said item by item.

Takes a `Composition` (from `compose`) that ran past the budget, or a block
that fits no column; gives located `Diagnostic`s naming each item with content
past the last page of the budget, and by how much (lines of body text and
millimetres). Decides nothing about the layout itself.
"""

from __future__ import annotations

from ..brand import Brand
from ..errors import Diagnostic, error
from ..model import Issue
from .compose import Block, Composition, Overset

MM = 72 / 25.4


def describe(issue: Issue, block: Block) -> str:
    """How a block reads in a message: the item it belongs to, or the box it is."""
    if block.item is None:
        return {
            "contents": "the contents box",
            "closing": "the end matter (related issues and contact)",
        }.get(block.role, block.role)
    item = issue.items[block.item]
    what = {
        "head": "headline and summary",
        "image": "image",
        "body": "text",
        "link": "link",
        "quote": "pull quote",
        "box": "box",
    }
    return f'items[{block.item + 1}] "{item.headline}" ({what.get(block.role, block.role)})'


def overflow(issue: Issue, brand: Brand, composition: Composition, budget: int) -> list[Diagnostic]:
    """One error per item (or box) with content past page `budget`, then one
    that says by how much the issue is over."""
    line = brand.styles["body"].leading
    past: dict[int | str, float] = {}
    names: dict[int | str, Block] = {}
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


def overset(issue: Issue, problem: Overset) -> Diagnostic:
    block = problem.block
    where = issue.items[block.item].location if block.item is not None else issue.location
    return error(
        where,
        f"{describe(issue, block)} is {problem.height / MM:.0f} mm tall; "
        f"{'a page' if block.span else 'a column'} holds {problem.room / MM:.0f} mm",
        "shorten it, or use a smaller image",
    )
