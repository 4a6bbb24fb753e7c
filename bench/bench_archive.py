"""Archive volumes of real back issues: the verdict, the sizes, the validator's time.

Takes a folder of foreign PDFs, each with its sidecar, and a brand.yaml (see
README, "Compile a yearly volume"); binds each PDF alone, then all of them,
with `--archive` and with `--archive=best-effort`, and prints a Markdown
table: the bytes in and out, the front matter's own size (cover, contents and
index merged alone, as compile merges them), the verdict (PDF/A-2b confirmed,
not marked, not written), why not (our checks, or page-validation's rule ids,
or why the validator could not judge) and how long page-validation took.

    python bench/bench_archive.py FOLDER WORK [--year 2023]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdf  # noqa: E402

from typeset.cli import main  # noqa: E402
from typeset.compile import frontmatter  # noqa: E402
from typeset.compile.dedupe import KnownObjects, dedupe  # noqa: E402
from typeset.compile.strings import compact_strings  # noqa: E402
from typeset.compile.volume import _add_pages  # noqa: E402

MADE: dict[str, Any] = {}


def _keep(name: str, render: Any) -> Any:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        MADE[name] = made = render(*args, **kwargs)
        return made

    return wrapped


frontmatter.render_front = _keep("front", frontmatter.render_front)  # type: ignore[assignment]
frontmatter.render_index = _keep("index", frontmatter.render_index)  # type: ignore[assignment]


def front_matter_size() -> int:
    """The last volume's cover, contents and index, merged alone as compile merges them."""
    writer = pypdf.PdfWriter()
    held = KnownObjects(writer)
    for key in ("front", "index"):
        if key in MADE:
            _add_pages(writer, held, MADE[key].data)
    dedupe(writer)
    compact_strings(writer)
    out = io.BytesIO()
    writer.write(out)
    return len(out.getvalue())


def bind(folder: Path, mode: str, year: str) -> dict[str, Any]:
    out = folder / f"out-{mode.strip('-').replace('=', '-')}" / "volume.pdf"
    shutil.rmtree(out.parent, ignore_errors=True)
    MADE.clear()
    stdout, stderr = io.StringIO(), io.StringIO()
    start = time.monotonic()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["compile", year, "--pdfs", str(folder), "-o", str(out), mode])
    wall = time.monotonic() - start
    text = stdout.getvalue() + stderr.getvalue()
    leftovers = sorted(p.name for p in out.parent.glob(".*")) if out.parent.exists() else []
    assert not leftovers, leftovers
    claim = None
    if out.exists():
        xmp = pypdf.PdfReader(out).xmp_metadata
        claim = xmp is not None and b"pdfaid" in xmp.stream.get_data()
    ours = r"cannot be made PDF/A-2b: (fonts not embedded|it paints in \w+)"
    why = sorted(set(re.findall(ours, text)))
    why += sorted(set(re.findall(r"PDFA2B-[A-Z0-9-]+", text)))
    why += re.findall(r"the validator ((?:gave up|crashed|did not finish|failed)[^\n]*)", text)
    timed = re.findall(r"PDF/A-2b (?:not )?confirmed by page-validation in ([\d.]+) s", text)
    return {
        "code": code,
        "size": out.stat().st_size if out.exists() else None,
        "front": front_matter_size() if MADE else None,
        "verdict": "not written" if claim is None else "PDF/A-2b" if claim else "not marked",
        "why": "; ".join(why) or "-",
        "validator": f"{timed[0]} s" if timed else "-",
        "repaired": "yes" if "warning: repaired:" in text else "",
        "wall": wall,
    }


def row(name: str, size_in: int, r: dict[str, Any]) -> str:
    size = f"{r['size']:,}" if r["size"] else "-"
    front = f"{r['front']:,}" if r["front"] else "-"
    return (
        f"| {name} | {size_in:,} | {size} | {front} | {r['code']} | {r['verdict']} | {r['why']} "
        f"| {r['validator']} | {r['repaired']} | {r['wall']:.1f} s |"
    )


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="PDFs with sidecars, and brand.yaml")
    parser.add_argument("work", type=Path, help="a folder for the volumes")
    parser.add_argument("--year", default="2023")
    args = parser.parse_args()
    pdfs = sorted(args.folder.glob("*.pdf"))
    print(
        "| input | bytes in | bytes out | front matter | exit | verdict | why not PDF/A "
        "| page-validation | repaired | wall |"
    )
    print("|---|---:|---:|---:|---:|---|---|---|---|---:|")
    for mode in ("--archive", "--archive=best-effort"):
        print(f"| **{mode}** | | | | | | | | | |")
        for pdf in pdfs:
            one = args.work / pdf.stem
            if not one.exists():
                one.mkdir(parents=True)
                for source in (pdf, pdf.with_suffix(".yaml"), args.folder / "brand.yaml"):
                    shutil.copy(source, one)
            print(row(pdf.name, pdf.stat().st_size, bind(one, mode, args.year)), flush=True)
        total = sum(p.stat().st_size for p in pdfs)
        result = bind(args.folder, mode, args.year)
        print(row(f"all {len(pdfs)} together", total, result), flush=True)


if __name__ == "__main__":
    run()
