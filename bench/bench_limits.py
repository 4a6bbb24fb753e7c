"""Worst cases within the declared limits: how long does each take?

Builds, in-process, issues that sit at the limits of typeset/limits.py and
prints the time of each, so that a limit that allows a slow case is seen.
Also times the refusals of over-limit input, which must be quick.

    python bench/bench_limits.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from typeset.cli import main
from typeset.limits import MAX_CHARS, MAX_IMAGE_PIXELS, MAX_ITEMS

ROOT = Path(__file__).resolve().parent.parent


def issue(items: list[dict[str, object]]) -> str:
    lines = ["number: 1", "date: 2024-01-01", "items:"]
    for item in items:
        first = True
        for key, value in item.items():
            lines.append(f"{'  - ' if first else '    '}{key}: {json.dumps(value)}")
            first = False
    return "\n".join(lines) + "\n"


def cases(folder: Path) -> dict[str, Callable[[], str]]:
    body = MAX_CHARS["body"]
    word = "x" * body
    brs = "<br/>" * (body // 5)
    prose = ("Families wait for news and volunteers answer. " * (body // 46 + 1))[:body]
    photo = folder / "photo.jpg"
    side = int(MAX_IMAGE_PIXELS**0.5)
    Image.linear_gradient("L").resize((side, side)).convert("RGB").save(photo, quality=85)
    many = [
        {"headline": f"Story {n} " + "w" * 40, "summary": "Text. " * 60} for n in range(MAX_ITEMS)
    ]
    return {
        f"body: one {body:,}-character word": lambda: issue(
            [{"headline": "H", "summary": "S.", "body": word}]
        ),
        f"body: {body // 5:,} '<br/>'": lambda: issue(
            [{"headline": "H", "summary": "S.", "body": brs}]
        ),
        f"body: {body:,} characters of prose": lambda: issue(
            [{"headline": "H", "summary": "S.", "body": prose}]
        ),
        f"{MAX_ITEMS} items": lambda: issue(many),
        f"image: {side}x{side} JPEG": lambda: issue(
            [{"headline": "H", "summary": "S.", "image": {"path": "photo.jpg"}}]
        ),
        "refused: 100,000 words": lambda: issue(
            [{"headline": "H", "summary": "S.", "body": "word " * 100_000}]
        ),
        "refused: billion laughs": lambda: (
            "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
                for p, c in zip("abcdefgh", "bcdefghi", strict=True)
            )
        ),
    }


def main_() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        brand = (ROOT / "issues" / "brand.yaml").read_text(encoding="utf-8")
        brand = brand.replace("../fonts/", f"{ROOT / 'fonts'}/")
        brand = brand.replace("logo: logo.svg", f"logo: {ROOT / 'issues' / 'logo.svg'}")
        (folder / "brand.yaml").write_text(brand, encoding="utf-8")
        main(["check", str(ROOT / "issues"), "-q"])  # warm-up: fonts, modules
        slowest = ("", 0.0)
        for name, make in cases(folder).items():
            path = folder / "case.yaml"
            path.write_text(make(), encoding="utf-8")
            start = time.perf_counter()
            status = main(["build", str(path), "-o", str(folder / "out"), "-q"])
            seconds = time.perf_counter() - start
            slowest = max(slowest, (name, seconds), key=lambda pair: pair[1])
            print(f"{name:42} exit {status}  {seconds:6.2f} s", file=sys.stderr)
        print(f"slowest: {slowest[0]} ({slowest[1]:.2f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main_())
