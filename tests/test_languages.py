"""One brand for every language: labels per language in one brand file,
editions in sibling folders sharing that brand and its pictures, and a second
brand-like file in a folder of issues skipped instead of read as an issue."""

from __future__ import annotations

import shutil

import pypdfium2 as pdfium
from conftest import SAMPLES, brand_text

from typeset.cli import main

ISSUE = """\
number: 111
date: 2024-03-20
language: {language}
items:
  - headline: {headline}
    summary: {summary}
    image: {{path: ../images/haft-sin.png}}
"""

EDITIONS = {
    "en": ("Nowruz at the office", "We laid a haft-sin table."),
    "sq": ("Nevruzi në zyrë", "Shtruam një tryezë haft-sin."),
    "fa": ("نوروز در دفتر", "سفره‌ی هفت‌سین چیدیم."),
}


def _project(tmp_path):
    """project/brand.yaml, project/images/, and one folder per language."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    # the demo brand: English labels, and labels for sq and fa under labels:
    (tmp_path / "brand.yaml").write_text(brand_text(labels=True), encoding="utf-8")
    (tmp_path / "images").mkdir()
    shutil.copy(SAMPLES / "images" / "haft-sin.png", tmp_path / "images")
    for language, (headline, summary) in EDITIONS.items():
        folder = tmp_path / language
        folder.mkdir()
        (folder / "2024-03.yaml").write_text(
            ISSUE.format(language=language, headline=headline, summary=summary),
            encoding="utf-8",
        )
    return tmp_path


def _text(pdf) -> str:
    return pdfium.PdfDocument(str(pdf))[0].get_textpage().get_text_range()


def test_one_brand_gives_each_edition_its_labels(tmp_path):
    project = _project(tmp_path)
    for language in EDITIONS:
        out = project / "out" / language
        # no --brand: the brand one folder up is found
        assert main(["build", str(project / language), "-o", str(out), "-q"]) == 0
    english = _text(project / "out" / "en" / "2024-03.pdf")
    albanian = _text(project / "out" / "sq" / "2024-03.pdf")
    persian = _text(project / "out" / "fa" / "2024-03.pdf")
    assert "IN THIS ISSUE" in english and "Page 1" in english and "20 March 2024" in english
    assert "NË KËTË NUMËR" in albanian and "Faqja 1" in albanian and "20 mars 2024" in albanian
    # Persian labels, with the numbers in Persian digits (pdfium drops the ZWNJ)
    assert "در این شماره" in persian and "صفحهی ۱" in persian and "شمارهی ۱۱۱" in persian
    assert "Nevruzi në zyrë" in albanian and "نوروز در دفتر" in persian


def test_a_second_brand_file_is_skipped_with_one_line(tmp_path, capsys):
    project = _project(tmp_path)
    shutil.copy(project / "brand.yaml", project / "fa" / "brand-sq.yaml")
    assert main(["build", str(project / "fa"), "-o", str(project / "out"), "-q"]) == 0
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"{project / 'fa' / 'brand-sq.yaml'}: warning: skipped: a brand file (name, "
        "organisation, fonts), not an issue; only brand.yaml or the file given with --brand "
        "is a brand"
    ]
    # (the search index's hidden folder aside)
    assert sorted(p.name for p in (project / "out").iterdir() if p.name != ".typeset") == [
        "2024-03-print.pdf",
        "2024-03.layout.json",
        "2024-03.pdf",
    ]


def test_an_image_outside_the_project_is_refused_with_where_images_may_live(tmp_path, capsys):
    project = _project(tmp_path / "project")
    (project / "en" / "2024-03.yaml").write_text(
        ISSUE.format(language="en", headline="H", summary="S.").replace(
            "../images/haft-sin.png", "../../elsewhere.png"
        ),
        encoding="utf-8",
    )
    shutil.copy(SAMPLES / "images" / "haft-sin.png", tmp_path / "elsewhere.png")
    assert main(["build", str(project / "en"), "-o", str(project / "out"), "-q"]) == 1
    err = capsys.readouterr().err
    assert (
        "items[1].image.path: '../../elsewhere.png' leads outside the issue's folder and the "
        "brand's folder; images must be in one of them or below it (pictures the editions "
        f"share can go in {project.resolve()})" in err
    )
    assert not (project / "out").exists() or not any((project / "out").iterdir())


def test_a_mistyped_label_of_a_language_is_named(tmp_path, capsys):
    project = _project(tmp_path)
    brand = (project / "brand.yaml").read_text(encoding="utf-8")
    (project / "brand.yaml").write_text(
        brand.replace("    page: صفحه‌ی {page}", "    pagee: صفحه‌ی {page}"), encoding="utf-8"
    )
    assert main(["check", str(project / "fa")]) == 1
    err = capsys.readouterr().err
    assert "error: labels.fa.pagee: unknown key 'pagee'" in err
    assert "hint: did you mean 'page'?" in err


def test_a_persian_label_the_fonts_cannot_draw_is_named(tmp_path, capsys):
    project = _project(tmp_path)
    brand = (project / "brand.yaml").read_text(encoding="utf-8")
    latin_only = "".join(
        line
        for line in brand.splitlines(keepends=True)
        if not line.lstrip().startswith(("arabic", "# Persian"))
    )
    (project / "brand.yaml").write_text(latin_only, encoding="utf-8")
    (project / "en" / "2024-03.yaml").write_text(
        ISSUE.format(language="fa", headline="Nowruz", summary="Text."), encoding="utf-8"
    )
    assert main(["check", str(project / "en")]) == 1
    err = capsys.readouterr().err
    # the issue's language and the Persian labels it would print are each named
    assert "error: language: fa is written in the Arabic script" in err
    assert "error: labels.fa.in_this_issue: 'د' (U+062F ARABIC LETTER DAL) is right-to-left" in err


def test_a_volume_dates_each_issue_in_its_own_language(tmp_path):
    """The front matter's dated lines come from the same furniture as the
    issues' footers: a Persian issue is dated in the Solar Hijri calendar, an
    Albanian one with Albanian month names, in one English volume."""
    project = _project(tmp_path)
    bound = project / "bound"
    bound.mkdir()
    for number, language in enumerate(EDITIONS, start=111):
        text = (project / language / "2024-03.yaml").read_text(encoding="utf-8")
        text = text.replace("number: 111", f"number: {number}").replace(
            "    image: {path: ../images/haft-sin.png}\n", ""
        )
        text = text.replace("date: 2024-03-20", f"date: 2024-03-{number - 91}")
        (bound / f"2024-03-{language}.yaml").write_text(text, encoding="utf-8")
    out = project / "volume.pdf"
    brand = str(project / "brand.yaml")
    assert (
        main(["compile", "2024", "--issues", str(bound), "--brand", brand, "-o", str(out), "-q"])
        == 0
    )
    document = pdfium.PdfDocument(str(out))
    cover = document[0].get_textpage().get_text_range()
    contents = document[1].get_textpage().get_text_range()
    # the cover's span: the first issue's date in English, the last's in Persian
    assert "3 issues · 20 March 2024 – " in cover and "فروردین" in cover
    assert "NO.111 · 20 MARCH 2024" in contents
    assert "NO.112 · 21 MARS 2024" in contents
    # Solar Hijri with the Gregorian beside it, in Persian digits
    assert "۳ فروردین ۱۴۰۳ (۲۲ مارس ۲۰۲۴)" in contents
    # the volume itself stays English: its title and footer
    assert "Contents" in contents and "Ura Newsletter · Volume 2024" in contents


def test_a_volume_binds_the_english_albanian_and_persian_samples(tmp_path):
    """The three editions of No.111, numbered 111, 112 and 113 in one folder:
    the index files each Persian headline under its first Persian letter, in
    the order of the Persian alphabet, after the Latin letters."""
    bound = tmp_path / "bound"
    (bound / "images").mkdir(parents=True)
    shutil.copy(SAMPLES / "images" / "haft-sin.png", bound / "images")
    editions = {"en": SAMPLES / "2024-03.yaml", "sq": SAMPLES / "sq" / "2024-03.yaml"}
    editions["fa"] = SAMPLES / "fa" / "2024-03.yaml"
    for number, (language, path) in enumerate(editions.items(), start=111):
        text = path.read_text(encoding="utf-8").replace("../images/", "images/")
        text = text.replace("number: 111", f"number: {number}")
        text = text.replace("related: [110, 112, 113]", "related: [110]")
        (bound / f"2024-03-{language}.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "volume.pdf"
    brand = str(SAMPLES / "brand.yaml")
    assert main(["compile", "2024", "--issues", str(bound), "--brand", brand, "-o", str(out)]) == 0
    document = pdfium.PdfDocument(str(out))
    contents = document[1].get_textpage().get_text_range()
    assert "NO.112 · 22 MARS 2024 · DITA E GRUAS DHE NEVRUZI" in contents
    assert "۳ فروردین ۱۴۰۳ (۲۲ مارس ۲۰۲۴)" in contents
    assert "همایش روز جهانی زن در دفتر تیرانا" in contents
    # the index: the pages labelled index-1, index-2 …
    labels = pypdf_labels(out)
    index = "".join(
        document[i].get_textpage().get_text_range()
        for i, label in enumerate(labels)
        if label.startswith("index-")
    )
    lines = [line.strip() for line in index.splitlines()]
    letters = [line for line in lines if len(line) == 1]
    persian = [letter for letter in letters if "\u0600" <= letter <= "\u06ff"]
    # the Persian sample's headlines begin with پ ج ش ف ل ن ه: in that order
    # (the Persian alphabet's, where پ comes before ج though after ب)
    assert persian == ["پ", "ج", "ش", "ف", "ل", "ن", "ه"]
    assert "#" not in letters
    # Latin letters first, the Persian ones after them
    assert letters.index("پ") > max(letters.index(x) for x in letters if x.isascii())
    # under its letter, the whole headline, found by search
    assert "جشن سیزده" in index


def pypdf_labels(path) -> list[str]:
    import pypdf

    return list(pypdf.PdfReader(path).page_labels)


def test_compile_takes_the_shared_images_build_takes(tmp_path, capsys):
    """`compile --issues project/fa` binds an edition whose picture is in the
    project's images/ beside the brand (../images/), with no --brand: the brand
    one folder up is found as `build` finds it, and so are the images."""
    project = _project(tmp_path)
    out = project / "volume.pdf"
    assert main(["compile", "2024", "--issues", str(project / "fa"), "-o", str(out), "-q"]) == 0
    document = pdfium.PdfDocument(str(out))
    text = "".join(page.get_textpage().get_text_range() for page in document)
    assert "نوروز در دفتر" in text
    # the picture is on the issue's page (the volume's third, after cover and contents)
    image = pdfium.raw.FPDF_PAGEOBJ_IMAGE
    assert [[o.type == image for o in page.get_objects()].count(True) for page in document] == [
        0,
        0,
        1,
        0,
    ]


def test_compile_refuses_an_image_outside_the_project_as_build_does(tmp_path, capsys):
    project = _project(tmp_path / "project")
    issue = project / "fa" / "2024-03.yaml"
    issue.write_text(
        issue.read_text(encoding="utf-8").replace("../images/", "../../"), encoding="utf-8"
    )
    shutil.copy(SAMPLES / "images" / "haft-sin.png", tmp_path / "haft-sin.png")
    assert main(["build", str(project / "fa"), "-o", str(project / "built"), "-q"]) == 1
    built = capsys.readouterr().err
    out = project / "volume.pdf"
    assert main(["compile", "2024", "--issues", str(project / "fa"), "-o", str(out), "-q"]) == 1
    compiled = capsys.readouterr().err
    said = (
        f"{issue}:7:19: error: items[1].image.path: '../../haft-sin.png' leads outside the "
        "issue's folder and the brand's folder; images must be in one of them or below it "
        f"(pictures the editions share can go in {project.resolve()})"
    )
    assert said in built.splitlines() and said in compiled.splitlines()
    assert not out.exists()


def test_find_and_new_read_an_edition_with_shared_images(tmp_path, capsys):
    project = _project(tmp_path)
    index = project / "index"
    assert main(["find", "نوروز", "--in", str(project), "-o", str(index)]) == 0
    found = capsys.readouterr()
    assert "not searched" not in found.err
    assert "نوروز در دفتر" in found.out
    assert main(["new", str(project / "fa" / "2024-03.yaml")]) == 0
    assert (project / "fa" / "2024-04.yaml").is_file()
