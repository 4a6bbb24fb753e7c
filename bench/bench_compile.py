"""Volume speed, memory and size: `typeset compile` against `qpdf --empty --pages`.

Makes N issues of about four pages, then binds them with `typeset compile`
and with qpdf on the same PDFs, alternately, each in a child process of its
own: wall time (median of --runs) and peak memory (the child's maxrss).
Three kinds of input:

- ours: YAML issues, each with its own text (names and places with letters
  of their own), built by `typeset compile` into its cache as it builds every
  volume: with the brand's fixed font subsets. The build is done once before
  timing; the times are of binding. qpdf binds the same cached PDFs.
- foreign: the same kind of text drawn by a bare ReportLab script (the brand's
  fonts, the logo) as back issues with sidecars: each embeds a different
  subset of each font, which cannot be stored once;
- identical: foreign PDFs that first draw the same characters, so their font
  subsets are byte-identical.

The median of --runs is of compiles whose search index already holds the back
issues (unchanged, they are not read again); the first run, which reads every
back issue's text into the index, is printed too.

Targets: time <= 1.5x qpdf at 52 issues and <= 1x at 520; peak memory
<= 60 MiB at 52 and <= 200 MiB at 520; size <= 0.45x qpdf's output.

    python bench/bench_compile.py [--issues 52 520] [--runs 3] [--kinds ours foreign identical]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONTS = {
    "headline": ROOT / "fonts" / "lato" / "Lato-Heavy.ttf",
    "body": ROOT / "fonts" / "noto-serif" / "NotoSerif-Regular.ttf",
    "caption": ROOT / "fonts" / "lato" / "Lato-Regular.ttf",
}
WORDS = [
    "families",
    "reunited",
    "conference",
    "Tiranë",
    "Durrës",
    "Shkodër",
    "volunteers",
    "classes",
    "rights",
    "visit",
    "mothers",
    "children",
    "statement",
    "Nowruz",
    "legal",
    "workshop",
    "documentary",
    "premiere",
    "summer",
    "camp",
    "report",
    "greetings",
    "office",
    "letters",
    "garden",
    "language",
    "permits",
    "clinic",
    "winter",
    "spring",
    "autumn",
    "quiet",
    "bridge",
    "river",
    "ferry",
    "market",
    "school",
    "kitchen",
    "harvest",
    "journey",
    "archive",
    "Ëë",
    "Çç",
    "çë",
]
#: Letters that only some issues use (names, places), so that their font
#: subsets differ as real issues' do.
RARE = (
    "ÀÁÂÃÄÅÆÈÉÊÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝàáâãäåæèéêìíîïñòóôõöøùúûüýÿ"
    "ĀāĂăĄąĆćČčĎďĒēĘęĚěĞğŁłŃńŇňŌōŐőŒœŘřŚśŞşŠšŤťŪūŮůŰűŹźŻżŽž"
)
CHARSET = "".join(sorted({c for w in WORDS for c in w} | set("0123456789.,:;–—“”‘’()")))


def make_issue(path: Path, number: int, *, same_subsets: bool, rng: random.Random) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas
    from svglib.svglib import svg2rlg

    for role, file in FONTS.items():
        if f"bench-{role}" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(f"bench-{role}", str(file)))
    logo = svg2rlg(str(ROOT / "issues" / "logo.svg"))
    logo.initialFontName = "bench-caption"
    canvas = Canvas(str(path), invariant=True, initialFontName="bench-body")
    for page in range(4):
        if same_subsets:  # the same characters first, in the same order: same subsets
            for role in FONTS:
                canvas.setFont(f"bench-{role}", 1)
                canvas.drawString(-100, -100, CHARSET)
        if page == 0:
            canvas.saveState()
            canvas.translate(40, 760)
            canvas.scale(0.3, 0.3)
            renderPDF.draw(logo, canvas, 0, 0)
            canvas.restoreState()
            canvas.setFont("bench-headline", 28)
            canvas.drawString(120, 780, f"Bench Newsletter No.{number}")
        y = 720.0
        while y > 60:
            canvas.setFont("bench-headline", 14)
            headline = " ".join(rng.sample(WORDS, 5)).capitalize()
            if not same_subsets:  # a name or place with letters of its own
                headline += " " + "".join(rng.sample(RARE, 6))
            canvas.drawString(40, y, headline)
            y -= 20
            canvas.setFont("bench-body", 9.5)
            for _ in range(8):
                line = " ".join(rng.choice(WORDS) for _ in range(12))
                if not same_subsets:
                    line += " " + "".join(rng.sample(RARE, 3))
                canvas.drawString(40, y, line)
                y -= 13
            y -= 12
        canvas.setFont("bench-caption", 7.5)
        canvas.drawString(40, 30, f"Bench Newsletter · No.{number} · Page {page + 1}")
        canvas.showPage()
    canvas.save()


def make_inputs(folder: Path, count: int, *, same_subsets: bool) -> list[Path]:
    folder.mkdir(parents=True)
    rng = random.Random(count * 2 + same_subsets)
    start = dt.date(2024, 1, 1)
    pdfs = []
    for i in range(count):
        number = i + 1
        pdf = folder / f"issue-{number:04d}.pdf"
        make_issue(pdf, number, same_subsets=same_subsets, rng=rng)
        date = start + dt.timedelta(days=i * 365 // count)
        pdf.with_suffix(".yaml").write_text(
            f"number: {number}\ndate: {date}\nitems:\n  - headline: Issue {number}\n    page: 1\n",
            encoding="utf-8",
        )
        pdfs.append(pdf)
    _write_brand(folder)
    return pdfs


def make_ours(folder: Path, count: int) -> None:
    """`count` YAML issues of about four pages, each with its own words."""
    folder.mkdir(parents=True)
    rng = random.Random(count)
    start = dt.date(2024, 1, 1)
    for i in range(count):
        number = i + 1
        date = start + dt.timedelta(days=i * 365 // count)
        lines = [f"number: {number}", f"date: {date}", f"title: {_words(rng, 3)}", "items:"]
        for _ in range(9):
            lines += [
                "  - kicker: Report",
                f"    headline: {_words(rng, 6, rare=1)}",
                f"    summary: {_words(rng, 40, rare=2)}.",
                "    body: |",
                *(f"      {_words(rng, 60, rare=2)}.\n" for _ in range(3)),
            ]
        related = [n for n in (number - 2, number - 1) if n >= 1]
        if related:
            lines.append(f"related: {related}")
        (folder / f"2024-{number:04d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _write_brand(folder)


def _words(rng: random.Random, count: int, *, rare: int = 0) -> str:
    words = [rng.choice(WORDS).replace("Ëë", "Ëlbasan") for _ in range(count)]
    for _ in range(rare):  # a name or place with letters of its own
        words.insert(rng.randrange(len(words)), "".join(rng.sample(RARE, 5)))
    return " ".join(words).capitalize()


def _write_brand(folder: Path) -> None:
    brand = (ROOT / "issues" / "brand.yaml").read_text(encoding="utf-8")
    brand = brand.replace("../fonts/", f"{ROOT / 'fonts'}/")
    brand = brand.replace("logo: logo.svg", f"logo: {ROOT / 'issues' / 'logo.svg'}")
    (folder / "brand.yaml").write_text(brand, encoding="utf-8")


def measure(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak MiB of `argv`, run as the only child of a fresh process."""
    probe = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "seconds = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps([seconds, peak]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *argv], check=True, capture_output=True, text=True, cwd=ROOT
    )
    seconds, peak = json.loads(done.stdout)
    return float(seconds), float(peak)


def unembedded(volume: Path) -> int:
    sys.path.insert(0, str(ROOT))
    from typeset.preflight.document import Settings
    from typeset.preflight.fonts import unembedded
    from typeset.preflight.structure import open_document

    doc = open_document(volume, Settings("print", 0.0, 0.0, None, 0.0)).document
    assert doc is not None, volume
    try:
        return len(unembedded(doc))
    finally:
        doc.close()


def bench(count: int, runs: int, *, kind: str, tmp: Path) -> dict[str, float]:
    folder = tmp / f"{kind}-{count}"
    ours = [sys.executable, "-m", "typeset", "compile", "2024"]
    ours += ["-o", str(folder / "volume.pdf"), "-q"]
    if kind == "ours":
        make_ours(folder / "issues", count)
        ours += ["--issues", str(folder / "issues")]
        subprocess.run(ours, check=True, cwd=ROOT)  # builds the cache, untimed
        pdfs = sorted((folder / ".cache" / "brand-fonts").glob("*.pdf"))
        assert len(pdfs) == count, len(pdfs)
    else:
        pdfs = make_inputs(folder / "pdfs", count, same_subsets=kind == "identical")
        ours += ["--pdfs", str(folder / "pdfs")]
    qpdf = ["qpdf", "--empty", "--pages", *map(str, pdfs), "--", str(folder / "qpdf.pdf")]
    times: dict[str, list[float]] = {"typeset": [], "qpdf": []}
    peaks: dict[str, float] = {"typeset": 0.0, "qpdf": 0.0}
    for _ in range(runs):
        for name, argv in (("typeset", ours), ("qpdf", qpdf)):
            seconds, peak = measure(argv)
            times[name].append(seconds)
            peaks[name] = max(peaks[name], peak)
    inputs = sum(p.stat().st_size for p in pdfs)
    volume = (folder / "volume.pdf").stat().st_size
    qpdf_size = (folder / "qpdf.pdf").stat().st_size
    return {
        "issues": count,
        "typeset_s": statistics.median(times["typeset"]),
        # the first run also fills the search index with every back issue's text;
        # later runs find them recorded, unchanged, and do not read them again
        "typeset_first_s": times["typeset"][0],
        "qpdf_s": statistics.median(times["qpdf"]),
        "typeset_mib": peaks["typeset"],
        "qpdf_mib": peaks["qpdf"],
        "inputs_bytes": inputs,
        "volume_bytes": volume,
        "qpdf_bytes": qpdf_size,
        "unembedded_fonts": unembedded(folder / "volume.pdf"),
    }


KINDS = {
    "ours": "ours: YAML issues with different texts, built as compile builds them",
    "foreign": "foreign: ReportLab-made back issues with different texts (minimal subsets)",
    "identical": "identical: ReportLab-made back issues with identical font subsets",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--issues", type=int, nargs="+", default=[52, 520])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--kinds",
        nargs="+",
        choices=tuple(KINDS),
        default=list(KINDS),
    )
    args = parser.parse_args()
    targets = {52: (1.5, 60), 520: (1.0, 200)}
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kinds:
            print(KINDS[kind])
            for count in args.issues:
                r = bench(count, args.runs, kind=kind, tmp=Path(tmp))
                time_target, memory_target = targets.get(count, (1.0, 200))
                print(
                    f"  {count:4d} issues: time {r['typeset_s']:.2f}s vs qpdf {r['qpdf_s']:.2f}s "
                    f"= {r['typeset_s'] / r['qpdf_s']:.2f}x (target <= {time_target}x); "
                    f"peak {r['typeset_mib']:.0f} MiB (qpdf {r['qpdf_mib']:.0f}; "
                    f"target <= {memory_target})"
                )
                if kind != "ours":
                    print(
                        f"        first run (search index empty): {r['typeset_first_s']:.2f}s "
                        f"= {r['typeset_first_s'] / r['qpdf_s']:.2f}x"
                    )
                print(
                    f"        size {r['volume_bytes']:,} B = "
                    f"{r['volume_bytes'] / r['qpdf_bytes']:.2f}x qpdf's {r['qpdf_bytes']:,} B "
                    f"(target <= 0.45x), {r['volume_bytes'] / r['inputs_bytes']:.2f}x the "
                    f"inputs' {r['inputs_bytes']:,} B; unembedded fonts: "
                    f"{r['unembedded_fonts']}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
