"""`typeset post`: the web post, its index and its Atom feed, read as a visitor would."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pypdfium2 as pdfium
import pytest
from conftest import MINIMAL, SAMPLES, brand_text
from PIL import Image, ImageChops
from webcheck import Page, css_urls, local_target

from typeset.cli import main
from typeset.model import load_issue
from typeset.web.media import THUMBNAIL_WIDTH

ATOM = "{http://www.w3.org/2005/Atom}"

HOSTILE = """\
number: 41
date: 2024-09-02
title: Tags & <i>angles</i>
items:
  - kicker: <b>R&D</b>
    headline: "<script>alert('x')</script> R&D & Q&A < 6"
    summary: >-
      *Careful* with **this** & [that link](https://example.org/?a=1&b=2"onclick=x)
      and <img src=x onerror=alert(1)>.
    body: |
      A body paragraph with <em>raw</em> tags.
    link: https://example.org/item?x=1&y=2
  - headline: A second story
    summary: Plain words.
"""


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("web") / "site"
    assert main(["post", str(SAMPLES), "-o", str(out), "-q"]) == 0
    return out


def post(workspace, *issues: str, out: str = "site", expect: int = 0) -> Path:
    paths = [str(workspace.issue(f"{index:02d}.yaml", text)) for index, text in enumerate(issues)]
    target = workspace.root / out
    assert main(["post", *paths, "-o", str(target), "-q"]) == expect
    return target


def test_every_sample_has_a_page_with_its_title_date_and_every_headline(sample_site):
    for path in sorted(SAMPLES.glob("2024-*.yaml")):
        issue = load_issue(path)
        page = Page((sample_site / f"{path.stem}.html").read_text(encoding="utf-8"))
        assert page.text("h1.") == [f"Ura Newsletter No.{issue.number}"]
        assert page.text("title.") == [f"Ura Newsletter No.{issue.number}"]
        assert page.first("html")["lang"] == issue.language
        assert page.first("html")["dir"] == "ltr"
        assert page.first("time")["datetime"] == issue.date.isoformat()
        assert page.text("h2.")[: len(issue.items)] == [item.headline for item in issue.items]
        kickers = [item.kicker for item in issue.items if item.kicker]
        assert page.text("p.kicker") == kickers
        summaries = page.text("p.summary")
        assert summaries == [" ".join(item.summary.plain.split()) for item in issue.items]
        assert not any(name == "script" for name, _ in page.elements)


def test_the_post_links_its_pdf_related_issues_and_images(sample_site):
    page = Page((sample_site / "2024-03.html").read_text(encoding="utf-8"))
    links = page.references()
    assert "2024-03.pdf" in links
    # No.111 is related to 110, 112 and 113: the samples 2024-02, 2024-04 and 2024-05
    related = page.text("li.")
    assert related == ["Ura Newsletter No.110", "Ura Newsletter No.112", "Ura Newsletter No.113"]
    assert {"2024-02.html", "2024-04.html", "2024-05.html"} <= set(links)
    images = [attrs for name, attrs in page.elements if name == "img"]
    assert images[0]["src"] == "2024-03-cover.png"
    haft_sin = [attrs for attrs in images if "haft-sin" in (attrs["src"] or "")]
    assert len(haft_sin) == 1
    with Image.open(sample_site / haft_sin[0]["src"]) as picture:
        size = (str(picture.width), str(picture.height))
    assert (haft_sin[0]["width"], haft_sin[0]["height"]) == size
    assert page.text("figcaption.")[0].startswith("A haft-sin table: sprouted wheat")


def test_every_link_and_source_resolves_to_a_file_of_the_site(sample_site):
    checked = 0
    for page_path in sorted(sample_site.glob("*.html")):
        page = Page(page_path.read_text(encoding="utf-8"))
        for reference in page.references():
            target = local_target(sample_site, page_path, reference)
            if target is not None:
                assert target.is_file(), f"{page_path.name}: {reference} is missing"
                checked += 1
    css = (sample_site / "style.css").read_text(encoding="utf-8")
    fonts = css_urls(css)
    assert len(fonts) == 8  # the brand's eight font roles, as WOFF2
    for reference in fonts:
        assert (sample_site / reference).read_bytes()[:4] == b"wOF2"
    assert checked > 6 * 8
    assert not list(sample_site.glob(".post-*")), "the staging folder was left behind"


def test_the_index_lists_every_issue_newest_first(sample_site):
    page = Page((sample_site / "index.html").read_text(encoding="utf-8"))
    numbers = [int(title.rsplit(".", 1)[1]) for title in page.text("h2.")]
    issues = sorted((load_issue(p) for p in SAMPLES.glob("2024-*.yaml")), key=lambda i: i.date)
    assert numbers == [issue.number for issue in reversed(issues)]


def test_the_feed_is_atom_with_one_entry_per_issue(sample_site):
    root = ET.parse(sample_site / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    issues = {load_issue(p).number: (p, load_issue(p)) for p in SAMPLES.glob("2024-*.yaml")}
    assert len(entries) == len(issues)
    ids = set()
    newest = max(issue.date for _, issue in issues.values())
    assert root.findtext(f"{ATOM}updated") == f"{newest.isoformat()}T00:00:00Z"
    for entry in entries:
        title = entry.findtext(f"{ATOM}title")
        path, issue = issues[int(title.rsplit(".", 1)[1])]
        ids.add(entry.findtext(f"{ATOM}id"))
        updated = entry.findtext(f"{ATOM}updated")
        assert dt.datetime.fromisoformat(updated).date() == issue.date
        links = {link.get("rel"): link for link in entry.findall(f"{ATOM}link")}
        assert links["alternate"].get("href") == f"{path.stem}.html"
        enclosure = links["enclosure"]
        assert enclosure.get("type") == "application/pdf"
        pdf = sample_site / enclosure.get("href")
        assert int(enclosure.get("length")) == pdf.stat().st_size
        content = entry.find(f"{ATOM}content")
        assert content.get("type") == "html"
        listed = Page(content.text)
        assert [" ".join(t.split()) for t in listed.texts["li."]][0].startswith(
            issue.items[0].kicker or issue.items[0].headline
        )
        for item in issue.items:
            assert item.headline in content.text.replace("&amp;", "&")
    assert len(ids) == len(entries) and all(i.startswith("urn:uuid:") for i in ids)


def test_a_feed_reader_reads_the_feed(sample_site):
    feed = feedparser.parse(str(sample_site / "feed.xml"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Ura Newsletter"
    assert feed.feed.author == "Ura Society"
    newest = feed.entries[0]
    assert newest.title == "Ura Newsletter No.114"
    assert newest.updated_parsed[:3] == (2024, 6, 27)
    assert [link.type for link in newest.enclosures] == ["application/pdf"]
    assert "Half-year report shows more families reunited than ever" in newest.content[0].value


def test_post_explains_itself(capsys):
    assert main(["post", "--help"]) == 0
    out = capsys.readouterr().out
    assert "usage: typeset post" in out and "feed.xml" in out and "exit status" in out


def test_the_thumbnail_is_page_one_at_its_width(sample_site):
    document = pdfium.PdfDocument(str(sample_site / "2024-03.pdf"))
    width, height = document[0].get_size()
    document.close()
    with Image.open(sample_site / "2024-03-cover.png") as thumbnail:
        assert thumbnail.size == (THUMBNAIL_WIDTH, round(THUMBNAIL_WIDTH * height / width))
        # the masthead band is the brand's primary colour at the top of page 1
        assert thumbnail.convert("RGB").getpixel((THUMBNAIL_WIDTH // 2, 8)) == (0x0F, 0x4C, 0x5C)


def test_text_from_yaml_is_escaped_and_markup_becomes_html(workspace):
    site = post(workspace, HOSTILE)
    raw = (site / "00.html").read_text(encoding="utf-8")
    assert "<script" not in raw and "<img src=x" not in raw
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; R&amp;D &amp; Q&amp;A &lt; 6" in raw
    page = Page(raw)
    assert page.text("h2.")[0] == "<script>alert('x')</script> R&D & Q&A < 6"
    assert page.text("p.kicker") == ["<b>R&D</b>"]
    assert page.text("p.theme") == ["Tags & <i>angles</i>"]
    assert "<em>Careful</em> with <strong>this</strong> &amp; " in raw
    # the quote cannot close the attribute: markdown-it encodes it, and escaping would
    assert '<a href="https://example.org/?a=1&amp;b=2%22onclick=x">that link</a>' in raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in raw
    assert '<a href="https://example.org/item?x=1&amp;y=2">' in raw
    tags = [(name, attrs.get("src")) for name, attrs in page.elements]
    assert not {name for name, _ in tags} & {"script", "b", "i"}
    assert ("img", "x") not in tags
    # the feed's content is HTML written as text: parsed twice, still text
    root = ET.parse(site / "feed.xml").getroot()
    entry = root.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}summary") == "Tags & <i>angles</i>"
    content = Page(entry.findtext(f"{ATOM}content"))
    assert "<script>alert('x')</script> R&D & Q&A < 6" in " ".join(content.texts["li."][0].split())
    assert all(name != "script" for name, _ in content.elements)


def test_the_same_input_gives_the_same_bytes(workspace, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    workspace.image("images/table.png")
    text = HOSTILE.replace(
        "    link: https://example.org/item?x=1&y=2\n",
        "    link: https://example.org/item\n    image: {path: images/table.png}\n",
    )
    first = post(workspace, text, out="one")
    second = post(workspace, text, out="two")
    names = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert any(str(name).startswith("images/table-") for name in names)
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert b"2024-09-02" in (first / "00.html").read_bytes()


def test_a_right_to_left_issue_reads_right_to_left(workspace):
    site = post(workspace, "language: fa\n" + MINIMAL.format(headline="Salam", summary="Matn."))
    page = Page((site / "00.html").read_text(encoding="utf-8"))
    assert (page.first("html")["lang"], page.first("html")["dir"]) == ("fa", "rtl")
    entry = ET.parse(site / "feed.xml").getroot().find(f"{ATOM}entry")
    assert entry.get("{http://www.w3.org/XML/1998/namespace}lang") == "fa"


def test_the_brand_chooses_the_body_and_where_the_pdfs_live(workspace):
    (workspace.root / "brand.yaml").write_text(
        brand_text()
        + "post:\n  items: full\n  pdf_base_url: https://files.example.org/pdf\n"
        + "  site_url: https://example.org/news\n  labels: {related: See also}\n",
        encoding="utf-8",
    )
    site = post(workspace, HOSTILE)
    page = Page((site / "00.html").read_text(encoding="utf-8"))
    assert "A body paragraph with <em>raw</em> tags." in page.text("p.")
    assert "https://files.example.org/pdf/00.pdf" in page.references()
    assert (site / "00.pdf").is_file()  # still made, for the cover and to upload
    entry = ET.parse(site / "feed.xml").getroot().find(f"{ATOM}entry")
    links = {link.get("rel"): link.get("href") for link in entry.findall(f"{ATOM}link")}
    assert links == {
        "alternate": "https://example.org/news/00.html",
        "enclosure": "https://files.example.org/pdf/00.pdf",
    }


def test_summary_posts_show_no_body(workspace):
    site = post(workspace, HOSTILE)
    assert "A body paragraph" not in (site / "00.html").read_text(encoding="utf-8")


def test_a_brand_may_replace_a_template(workspace):
    (workspace.root / "theme").mkdir()
    (workspace.root / "theme" / "index.html").write_text(
        '{% extends "base.html" %}{% block main %}<p class="ours">{{ posts | length }} '
        "{{ brand.name }}</p>{% endblock %}",
        encoding="utf-8",
    )
    (workspace.root / "brand.yaml").write_text(
        brand_text() + "post: {templates: theme}\n", encoding="utf-8"
    )
    site = post(workspace, MINIMAL.format(headline="One", summary="Text."))
    assert Page((site / "index.html").read_text(encoding="utf-8")).text("p.ours") == [
        "1 Ura Newsletter"
    ]


def test_bad_input_is_reported_at_once_and_nothing_is_written(workspace, capsys):
    good = workspace.issue("good.yaml", MINIMAL.format(headline="Fine", summary="Text."))
    bad = workspace.issue("bad.yaml", "number: 8\ndate: 2024-13-01\nitems: []\n")
    worse = workspace.issue(
        "worse.yaml", MINIMAL.format(headline="Dup", summary="'[x](javascript:alert(1))'")
    )
    again = workspace.issue("again.yaml", MINIMAL.format(headline="Again", summary="Text."))
    out = workspace.root / "site"
    assert main(["post", str(good), str(bad), str(worse), str(again), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2:7: error: date:" in err
    assert f"{bad}:3:8: error: items: an issue needs at least one item" in err
    assert f"{worse}:5:14: error: items[1].summary: link 'javascript:alert(1)' uses" in err
    assert f"{again}:1:9: error: number: No.7 is also {good}" in err
    assert "Traceback" not in err
    assert list(out.rglob("*")) == [] if out.exists() else True


def test_a_bad_post_section_names_the_key(workspace, capsys):
    (workspace.root / "brand.yaml").write_text(
        brand_text() + "post:\n  items: all\n  pdf_base_url: ftp://x.example.org/\n",
        encoding="utf-8",
    )
    issue = workspace.issue("one.yaml", MINIMAL.format(headline="One", summary="Text."))
    assert main(["post", str(issue), "-o", str(workspace.root / "site")]) == 1
    err = capsys.readouterr().err
    brand = workspace.root / "brand.yaml"
    assert f"{brand}:" in err and "error: post.items: expected summary or full, found 'all'" in err
    assert "error: post.pdf_base_url: link 'ftp://x.example.org/' uses ftp:" in err
    assert not (workspace.root / "site").exists() or not any((workspace.root / "site").iterdir())


def _chromium(page: Path, profile: Path, screenshot: Path, width: int = 390) -> str:
    """Load `page` in headless Chromium once: its DOM after loading, and a screenshot."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "headless Chromium is needed: apt-get install chromium (.ci/run does)"
    result = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",  # CI runs as root, where the sandbox refuses to start
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--window-size={width},1600",
            f"--screenshot={screenshot}",
            "--dump-dom",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.parametrize("name", ["index.html", "2024-03.html", "2024-06.html"])
def test_a_browser_shows_every_headline(sample_site, tmp_path, name):
    kept = Path(os.environ.get("TYPESET_SCREENSHOTS", tmp_path))
    kept.mkdir(parents=True, exist_ok=True)
    screenshot = kept / f"post-{Path(name).stem}.png"
    dom = Page(_chromium(sample_site / name, tmp_path / "profile", screenshot))
    shown = dom.text("h2.")
    if name == "index.html":
        issues = [load_issue(p) for p in SAMPLES.glob("2024-*.yaml")]
        assert sorted(shown) == sorted(f"Ura Newsletter No.{i.number}" for i in issues)
    else:
        issue = load_issue(SAMPLES / name.replace(".html", ".yaml"))
        assert shown[: len(issue.items)] == [item.headline for item in issue.items]
        assert dom.text("h2.")[-1] == "Related posts"
    assert not any("hidden" in attrs for _, attrs in dom.elements)
    with Image.open(screenshot) as image:
        assert image.size == (390, 1600)
        # the masthead band, in the brand's primary colour, across the top
        assert image.convert("RGB").getpixel((5, 5)) == (0x0F, 0x4C, 0x5C)


# -- a Persian post ---------------------------------------------------------------


@pytest.fixture(scope="module")
def persian_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("web-fa") / "site"
    assert main(["post", str(SAMPLES / "fa" / "2024-03.yaml"), "-o", str(out), "-q"]) == 0
    return out


def test_a_persian_post_is_right_to_left_with_persian_digits_and_labels(persian_site):
    html = (persian_site / "2024-03.html").read_text(encoding="utf-8")
    assert '<html lang="fa" dir="rtl">' in html
    page = Page(html)
    # the brand's Persian number label, in Persian digits; the Solar Hijri date
    assert page.text("h1.") == ["Ura Newsletter شماره‌ی ۱۱۱"]
    assert page.text("p.date") == ["۳ فروردین ۱۴۰۳ (۲۲ مارس ۲۰۲۴)"]
    assert set(page.text("p.more")) == {"در وبگاه بخوانید"}
    assert "Read online" not in html
    # the PDF's size in Persian digits and words
    kb = round((persian_site / "2024-03.pdf").stat().st_size / 1024)
    persian = str(kb).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert page.text("p.pdf") == [f"این شماره را به‌صورت PDF بخوانید (PDF، {persian} کیلوبایت)"]


def test_a_persian_sites_index_speaks_persian(persian_site):
    page = Page((persian_site / "index.html").read_text(encoding="utf-8"))
    assert page.first("html")["dir"] == "rtl"
    assert page.text("h1.") == ["همه\u200cی شماره\u200cها"]
    assert "All issues" not in (persian_site / "index.html").read_text(encoding="utf-8")


def test_a_persian_post_carries_the_brands_arabic_font(persian_site):
    from fontTools.ttLib import TTFont

    css = (persian_site / "style.css").read_text(encoding="utf-8")
    faces = re.findall(r"@font-face \{(.*?)\}", css, re.S)
    arabic = [face for face in faces if "unicode-range" in face]
    # every family gets the Persian face for the Arabic code points, regular and bold
    families = {re.search(r'font-family: "(\w+)"', face)[1] for face in arabic}
    assert families == {"body", "caption", "label", "headline"}
    files = {re.search(r'url\("([^"]+)"\)', face)[1] for face in arabic}
    assert {Path(f).name.split("-")[0] + "-" + Path(f).name.split("-")[1] for f in files} == {
        "NotoNaskhArabic-Regular",
        "NotoNaskhArabic-Bold",
    }
    html = (persian_site / "2024-03.html").read_text(encoding="utf-8")
    persian = {c for c in html if "\u0600" <= c <= "\u06ff"}
    for name in files:
        font = TTFont(persian_site / name)
        assert persian <= {chr(code) for code in font.getBestCmap()}, name


def test_a_browser_draws_the_persian_post_with_the_brands_font(persian_site, tmp_path):
    """The same page with and without the Persian faces in its stylesheet: the
    headline's pixels differ, so the browser draws it with the brand's font."""
    kept = Path(os.environ.get("TYPESET_SCREENSHOTS", tmp_path))
    kept.mkdir(parents=True, exist_ok=True)
    bare = tmp_path / "bare"
    shutil.copytree(persian_site, bare)
    css = (bare / "style.css").read_text(encoding="utf-8")
    stripped = re.sub(r"@font-face \{[^}]*unicode-range[^}]*\}\n", "", css)
    assert stripped != css
    (bare / "style.css").write_text(stripped, encoding="utf-8")
    shots = {}
    for name, site in (("fa", persian_site), ("fa-bare", bare)):
        shots[name] = kept / f"post-2024-03-{name}.png"
        dom = Page(
            _chromium(site / "2024-03.html", tmp_path / f"profile-{name}", shots[name], 1000)
        )
        assert dom.text("h2.")[0] == "همایش روز جهانی زن در دفتر تیرانا"
    with Image.open(shots["fa"]) as ours, Image.open(shots["fa-bare"]) as bare_shot:
        # the right-to-left masthead: the name sits at the right of the band
        band = ours.convert("RGB").crop((0, 0, 1000, 90))
        light = [x for x in range(1000) if band.getpixel((x, 40))[0] > 200]
        assert light and min(light) > 500
        difference = ImageChops.difference(ours.convert("RGB"), bare_shot.convert("RGB"))
        assert difference.getbbox() is not None
