"""The JSON Schemas for editors: they accept every sample, reject broken files,
and name exactly the keys the readers accept (the schemas are written by hand;
this test keeps them and the readers in step)."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from conftest import ROOT, SAMPLES

from typeset import brand as brand_module
from typeset import defaults, model, postspec, production
from typeset.cli import main


class _TextDates(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates stay text."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def schema(kind, capsys):
    assert main(["schema", kind]) == 0
    return json.loads(capsys.readouterr().out)


def load(path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDates)  # noqa: S506


ISSUES = sorted([*SAMPLES.glob("2024-*.yaml"), *SAMPLES.glob("fa/*.yaml")])


@pytest.mark.parametrize("path", ISSUES, ids=lambda p: p.relative_to(SAMPLES).as_posix())
def test_every_sample_issue_is_valid_and_names_its_schema(path, capsys):
    jsonschema.validate(load(path), schema("issue", capsys))
    # last, so that adding it moved no line that messages and tests point at
    modeline = path.read_text(encoding="utf-8").splitlines()[-1]
    assert modeline.startswith("# yaml-language-server: $schema=")
    target = path.parent / modeline.split("=", 1)[1]
    assert target.resolve() == (ROOT / "typeset" / "data" / "schema" / "issue.json").resolve()


@pytest.mark.parametrize(
    "path", [SAMPLES / "brand.yaml", ROOT / "typeset" / "data" / "brand.yaml"], ids=["demo", "init"]
)
def test_the_brands_are_valid(path, capsys):
    jsonschema.validate(load(path), schema("brand", capsys))
    assert "# yaml-language-server: $schema=" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda d: d["items"][0].update(headlne="x"), "Additional properties"),
        (lambda d: d.update(number="one"), "is not of type 'integer'"),
        (lambda d: d["items"][0].pop("summary"), "'summary' is a required property"),
        (lambda d: d["items"][0].update(span="wide"), "is not one of ['column', 'all']"),
    ],
)
def test_the_issue_schema_rejects_a_broken_file(change, complaint, capsys):
    data = load(SAMPLES / "2024-03.yaml")
    change(data)
    with pytest.raises(jsonschema.ValidationError, match=complaint.replace("[", r"\[")):
        jsonschema.validate(data, schema("issue", capsys))


def test_the_brand_schema_rejects_a_bad_colour_and_length(capsys):
    data = load(SAMPLES / "brand.yaml")
    data["palette"]["primary"]["rgb"] = "#0F4C5"
    with pytest.raises(jsonschema.ValidationError, match="does not match"):
        jsonschema.validate(data, schema("brand", capsys))
    data = load(SAMPLES / "brand.yaml")
    data["page"]["gutter"] = "3 furlongs"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema("brand", capsys))


def _keys(node):
    return set(node["properties"])


def test_the_schemas_name_exactly_the_keys_the_readers_accept(capsys):
    issue = schema("issue", capsys)
    brand = schema("brand", capsys)
    b = brand["properties"]
    pairs = [
        (issue, (*model.ISSUE_KEYS_REQUIRED, *model.ISSUE_KEYS_OPTIONAL)),
        (issue["$defs"]["item"], (*model.ITEM_KEYS_REQUIRED, *model.ITEM_KEYS_OPTIONAL)),
        (issue["$defs"]["image"], (*model.IMAGE_KEYS_REQUIRED, *model.IMAGE_KEYS_OPTIONAL)),
        (brand, (*brand_module.BRAND_KEYS_REQUIRED, *brand_module.BRAND_KEYS_OPTIONAL)),
        (b["page"], brand_module.PAGE_KEYS),
        (b["page"]["properties"]["margins"], brand_module.MARGIN_KEYS),
        (
            b["fonts"],
            (*brand_module.FONT_ROLES_REQUIRED, *brand_module.FONT_ROLES_OPTIONAL),
        ),
        (brand["$defs"]["style"], brand_module.STYLE_KEYS),
        (b["styles"], tuple(defaults.STYLE_DEFAULTS)),
        (b["spacing"], tuple(defaults.SPACING_DEFAULTS)),
        (b["labels"], tuple(defaults.LABEL_DEFAULTS)),
        (b["print"], production.PRINT_KEYS),
        (b["print"]["properties"]["output_intent"], production.OUTPUT_INTENT_KEYS),
        (b["screen"], production.SCREEN_KEYS),
        (b["post"], postspec.POST_KEYS),
        (b["post"]["properties"]["labels"], tuple(postspec.POST_LABEL_DEFAULTS)),
        (b["line_breaking"], brand_module.LINE_BREAKING_KEYS),
        (b["fit"], brand_module.FIT_KEYS),
        (b["tolerances"], brand_module.TOLERANCE_KEYS),
    ]
    for node, accepted in pairs:
        assert _keys(node) == set(accepted), node.get("description", accepted)
        assert node["additionalProperties"] is False
    assert set(issue["required"]) == set(model.ISSUE_KEYS_REQUIRED)
    assert set(brand["required"]) == set(brand_module.BRAND_KEYS_REQUIRED)
    assert b["cadence"]["enum"] == list(brand_module.CADENCES)
    assert issue["$defs"]["item"]["properties"]["span"]["enum"] == list(model.SPANS)
