"""The look of a brand that says nothing: every default, as data.

A brand file overrides any of these (README.md, "Brand reference", lists them).
Colours name palette entries and fonts name font roles, as in a brand file;
lengths are written as a designer would write them.
"""

from __future__ import annotations

from typing import Any

PALETTE_DEFAULTS: dict[str, dict[str, Any]] = {
    "ink": {"cmyk": [0, 0, 0, 90], "rgb": "#262626"},
    "primary": {"cmyk": [90, 40, 35, 40], "rgb": "#0F4C5C"},
    "accent": {"cmyk": [0, 65, 70, 15], "rgb": "#C8553D"},
    "muted": {"cmyk": [0, 0, 0, 60], "rgb": "#6B6B6B"},
    "tint": {"cmyk": [6, 1, 3, 2], "rgb": "#EEF3F4"},
    "rule": {"cmyk": [18, 6, 8, 8], "rgb": "#C9D3D6"},
    "paper": {"cmyk": [0, 0, 0, 0], "rgb": "#FFFFFF"},
}

STYLE_DEFAULTS: dict[str, dict[str, Any]] = {
    "body": {
        "font": "body",
        "size": "9.5pt",
        "leading": "13pt",
        "colour": "ink",
        "align": "justify",
        "hyphenate": True,
    },
    "summary": {"parent": "body", "size": "10pt", "leading": "13.5pt"},
    "headline": {
        "font": "headline",
        "size": "15pt",
        "leading": "17.5pt",
        "colour": "primary",
        "align": "left",
        "hyphenate": False,
    },
    # the lead story's head, across the columns (an item with span: all)
    "lead_headline": {"parent": "headline", "size": "24pt", "leading": "27pt"},
    "lead_summary": {"parent": "summary", "size": "11pt", "leading": "15pt"},
    # a pull quote, in the item's column between hairlines
    "quote": {
        "font": "headline",
        "size": "12.5pt",
        "leading": "16pt",
        "colour": "primary",
        "align": "left",
    },
    "kicker": {
        "font": "label",
        "size": "7.5pt",
        "leading": "10pt",
        "colour": "accent",
        "align": "left",
        "tracking": "0.8pt",
        "uppercase": True,
    },
    "caption": {
        "font": "caption",
        "size": "7.5pt",
        "leading": "9.5pt",
        "colour": "muted",
        "align": "left",
    },
    "credit": {"parent": "caption", "align": "right"},
    "link": {"parent": "caption", "colour": "accent"},
    "masthead_name": {
        "font": "headline",
        "size": "32pt",
        "leading": "36pt",
        "colour": "paper",
        "align": "left",
    },
    "masthead_tagline": {
        "font": "caption",
        "size": "10pt",
        "leading": "13pt",
        "colour": "paper",
        "align": "left",
    },
    "masthead_line": {
        "font": "label",
        "size": "8.5pt",
        "leading": "11pt",
        "colour": "primary",
        "align": "left",
        "tracking": "0.4pt",
    },
    "box_title": {
        "font": "label",
        "size": "8.5pt",
        "leading": "11pt",
        "colour": "primary",
        "align": "left",
        "tracking": "0.8pt",
        "uppercase": True,
    },
    "box_entry": {
        "font": "caption",
        "size": "8.5pt",
        "leading": "11pt",
        "colour": "ink",
        "align": "left",
    },
    "box_number": {"parent": "box_entry", "font": "label", "colour": "accent", "align": "right"},
    "masthead_number": {
        "font": "headline",
        "size": "20pt",
        "leading": "24pt",
        "colour": "paper",
        "align": "right",
    },
    "contact": {"parent": "box_entry", "size": "8pt", "leading": "10.5pt"},
    "footer": {
        "font": "caption",
        "size": "7.5pt",
        "leading": "9pt",
        "colour": "muted",
        "align": "left",
        "tracking": "0.2pt",
    },
}

SPACING_DEFAULTS: dict[str, str] = {
    "kicker_after": "2pt",
    "headline_after": "4pt",
    "summary_after": "4pt",
    "paragraph_after": "3pt",
    "image_before": "4pt",
    "caption_before": "3pt",
    "link_before": "3pt",
    "item_between": "14pt",
    # How far each space may grow to fill a column to its foot (vertical
    # justification); a maximum equal to the space keeps it fixed.
    "item_between_max": "40pt",
    "image_before_max": "16pt",
    "paragraph_after_max": "6pt",
    "box_after_max": "36pt",
    # under an element that spans the columns (a lead story's head, an image)
    "span_after": "10pt",
    # above and below a pull quote (its hairlines sit in it)
    "quote_around": "8pt",
    "box_padding": "8pt",
    "box_after": "14pt",
    "rule": "0.6pt",
    "rule_heavy": "2pt",
    "masthead_height": "34mm",
    "masthead_after": "8mm",
    "masthead_line": "9mm",
    "footer_height": "10mm",
}

LABEL_DEFAULTS: dict[str, str] = {
    "number": "No.{number}",
    "in_this_issue": "In this issue",
    "related": "Related issues",
    "page": "Page {page}",
    "read_more": "Read online",
    "date": "d MMMM y",
    # the front matter of a yearly volume (typeset compile)
    "volume": "Volume {year}",
    "contents": "Contents",
    "index": "Index of headlines",
    "issue_count": "{count} issues",
    # a volume of one issue; a brand that words issue_count but not this one
    # gets its issue_count for one issue too (not English in a German volume)
    "issue_count_one": "{count} issue",
    # a number missing between two issues of a volume, in its contents
    "missing": "missing",
    # why, on the page that stands in for a missing issue (compile --allow-missing)
    "missing_gap": "No file of this issue was given for the volume.",
    "missing_damaged": "Its file is damaged beyond repair.",
    "missing_password": "Its file is encrypted, and no password given opens it.",
    "missing_unreadable": "Its file cannot be read as a PDF.",
}

#: The labels in the languages typeset knows besides English: a brand that
#: words a label itself (under `labels:`) keeps its words; one that leaves a
#: label to the default gets it in the issue's language, and a brand's own
#: `labels: {fa: …}` wins over these. Our own translations; Persian with ZWNJ
#: (U+200C) where the language writes a half-space (شماره‌ی, نمی‌توان), its
#: numbers turned into Persian digits when the label is filled (`Brand.label`).
#: Every character is checked against the brand's fonts like a brand's own
#: label (`coverage`), and `tests/test_labels.py` checks them against the
#: bundled fonts.
LABELS_BY_LANGUAGE: dict[str, dict[str, str]] = {
    "sq": {
        "number": "Nr.{number}",
        "in_this_issue": "Në këtë numër",
        "related": "Numra të lidhur",
        "page": "Faqja {page}",
        "read_more": "Lexo në internet",
        "volume": "Vëllimi {year}",
        "contents": "Përmbajtja",
        "index": "Treguesi i titujve",
        "issue_count": "{count} numra",
        "issue_count_one": "{count} numër",
        "missing": "mungon",
        "missing_gap": "Skedari i këtij numri nuk u dha për vëllimin.",
        "missing_damaged": "Skedari i tij është dëmtuar pa mundësi riparimi.",
        "missing_password": "Skedari i tij është i koduar dhe asnjë fjalëkalim i dhënë nuk e hap.",
        "missing_unreadable": "Skedari i tij nuk mund të lexohet si PDF.",
    },
    "fa": {
        "number": "شماره\u200cی {number}",
        "in_this_issue": "در این شماره",
        "related": "شماره\u200cهای مرتبط",
        "page": "صفحه\u200cی {page}",
        "read_more": "در وبگاه بخوانید",
        "volume": "دفتر {year}",
        "contents": "فهرست",
        "index": "نمایه\u200cی عنوان\u200cها",
        "issue_count": "{count} شماره",
        "issue_count_one": "{count} شماره",
        "missing": "ناموجود",
        "missing_gap": "فایلی از این شماره برای این دفتر داده نشده است.",
        "missing_damaged": "فایل این شماره آسیب دیده است و نمی\u200cتوان آن را ترمیم کرد.",
        "missing_password": (
            "فایل این شماره رمزگذاری شده است و هیچ\u200cیک از گذرواژه\u200cهای "
            "داده\u200cشده آن را باز نمی\u200cکند."
        ),
        "missing_unreadable": "فایل این شماره را نمی\u200cتوان به\u200cعنوان PDF خواند.",
    },
}
