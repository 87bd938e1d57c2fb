"""Languages as data: the Python under app/ names no word of any language, every language folder
has every key, and a broken folder is reported with its path, field and reason."""

from __future__ import annotations

import ast
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from app.catalog.loader import REPO_ROOT, CatalogErrors, load_catalog, validate_paths
from app.language.registry import install, languages
from app.scoring.thresholds import THRESHOLDS

APP = REPO_ROOT / "app"
# An alternation of several words: a pattern built from a word list ("(?:what|how|why|when)").
_ALTERNATION = re.compile(r"(?:\b[a-z\u00c0-\u024f]{2,}\b\|){3,}\b[a-z\u00c0-\u024f]{2,}\b")


def _python_files() -> list[Path]:
    return sorted(APP.rglob("*.py"))


def test_no_letter_outside_ascii_in_python_under_app() -> None:
    found = [
        f"{path.relative_to(REPO_ROOT)}:{number}"
        for path in _python_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(ord(c) > 127 and unicodedata.category(c).startswith("L") for c in line)
    ]
    assert found == []


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string constant of a module except docstrings."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def _word_lists(tree: ast.AST) -> list[tuple[int, str]]:
    """Words written out as data: a string of several words split into a list ("what how why
    when".split()), or a mapping of several words to words (slips, contractions)."""
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "split"
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
            and len(node.func.value.value.split()) >= 4
        ):
            found.append((node.lineno, node.func.value.value))
        if isinstance(node, ast.Dict) and len(node.keys) >= 4:
            pairs = [
                (k.value, v.value)
                for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant)
                and isinstance(v, ast.Constant)
                and isinstance(k.value, str)
                and isinstance(v.value, str)
                and len(k.value) > 1
                and k.value.replace("'", "").isalpha()
                and v.value.replace("'", "").isalpha()
                and v.value not in THRESHOLDS  # events mapped to the measures: identifiers
            ]
            if len(pairs) >= 4:
                found.append((node.lineno, str(pairs[:3])))
    return found


def test_no_lexicon_word_lists_in_python_under_app() -> None:
    found = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        listed = [(line, value) for line, value in _strings(tree) if _ALTERNATION.search(value)]
        for line, value in listed + _word_lists(tree):
            found.append(f"{path.relative_to(REPO_ROOT)}:{line}: {value[:60]!r}")
    assert found == []


def test_every_language_has_every_text() -> None:
    found = languages()
    reference = found.get("en").texts.model_dump()
    for code in found.codes:
        texts = found.get(code).texts.model_dump()
        assert texts.keys() == reference.keys()
    assert set(found.codes) >= {"en", "sv", "de"}
    assert validate_paths([REPO_ROOT / "languages"]) == []


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    """A copy of the repository's catalog (scenarios, rubrics, languages) to break."""
    for folder in ("scenarios", "rubrics", "languages"):
        shutil.copytree(REPO_ROOT / folder, tmp_path / folder)
    return tmp_path


@pytest.fixture(autouse=True)
def _languages_restored() -> object:
    before = languages()
    yield
    install(before)


def test_a_missing_text_is_named_with_its_path(catalog_copy: Path) -> None:
    texts = catalog_copy / "languages" / "de" / "texts.yaml"
    texts.write_text(
        texts.read_text(encoding="utf-8").replace(
            '  how_to: "Sie spielen', '  how_two: "Sie spielen'
        ),
        encoding="utf-8",
    )
    errors = [str(e) for e in validate_paths([catalog_copy / "languages"])]
    assert any(e.endswith("texts.yaml: cli.how_to: missing; en has it") for e in errors)
    assert any(e.endswith("texts.yaml: cli.how_two: not in en; remove it") for e in errors)


def test_a_broken_pattern_is_named_with_its_field(catalog_copy: Path) -> None:
    reading = catalog_copy / "languages" / "de" / "reading.yaml"
    reading.write_text(
        reading.read_text(encoding="utf-8").replace(
            "    blank: '\\b(?:ist|war|wäre|sind)$'", "    blank: '\\b(?:ist|war'"
        ),
        encoding="utf-8",
    )
    with pytest.raises(CatalogErrors) as raised:
        load_catalog(catalog_copy)
    [error] = raised.value.errors
    assert error.field == "lexicon.patterns.blank"
    assert "missing )" in error.message


def test_a_scenario_in_a_language_without_a_folder_is_an_error(catalog_copy: Path) -> None:
    shutil.rmtree(catalog_copy / "languages" / "de")
    with pytest.raises(CatalogErrors) as raised:
        load_catalog(catalog_copy)
    fields = {(e.path.name, e.field) for e in raised.value.errors}
    assert ("roberge-inbound-whitepaper-de.yaml", "language") in fields
    assert ("roberge-curiosity-de.yaml", "language") in fields


def test_a_new_language_is_a_folder(catalog_copy: Path) -> None:
    # Norwegian reads much like Swedish: a folder copied from Swedish, renamed, is a language.
    shutil.copytree(catalog_copy / "languages" / "sv", catalog_copy / "languages" / "no")
    info = catalog_copy / "languages" / "no" / "language.yaml"
    info.write_text(
        info.read_text(encoding="utf-8")
        .replace("code: sv", 'code: "no"')  # quoted: a bare no is YAML's false
        .replace("name: Swedish", "name: Norwegian"),
        encoding="utf-8",
    )
    catalog = load_catalog(catalog_copy)
    assert catalog.languages is not None
    assert "no" in catalog.languages.codes
    assert languages().get("no").info.name == "Norwegian"


def test_a_broken_prompt_template_is_named_with_its_line(catalog_copy: Path) -> None:
    prompt = catalog_copy / "languages" / "en" / "prompts" / "prospect_v1.j2"
    prompt.write_text(
        prompt.read_text(encoding="utf-8").replace("{% endif %}", "{% endfi %}", 1),
        encoding="utf-8",
    )
    [error] = validate_paths([catalog_copy / "languages"])
    assert error.path.name == "prospect_v1.j2"
    assert error.field.startswith("line ")


def test_the_prospect_prompt_sets_the_scenario_language() -> None:
    from app.llm.prompt import TEMPLATES, render_system_prompt

    speak = {
        "en": "Speak English.",
        "sv": "Speak Swedish only (svenska), whatever language the salesperson uses.",
        "de": "Speak German only (Deutsch), whatever language the salesperson uses.",
    }
    catalog = load_catalog()
    assert {s.language for s in catalog.scenarios.values()} == set(speak)
    for version in TEMPLATES:
        for scenario in catalog.scenarios.values():
            prompt = render_system_prompt(scenario, version)
            lines = [line.removeprefix("- ") for line in prompt.splitlines()]
            assert speak[scenario.language] in lines, (version, scenario.id)
            others = set(speak.values()) - {speak[scenario.language]}
            assert others.isdisjoint(lines), (version, scenario.id)


def test_a_language_the_detector_does_not_know_is_named(catalog_copy: Path) -> None:
    shutil.copytree(catalog_copy / "languages" / "sv", catalog_copy / "languages" / "qq")
    info = catalog_copy / "languages" / "qq" / "language.yaml"
    info.write_text(
        info.read_text(encoding="utf-8").replace("code: sv", "code: qq"), encoding="utf-8"
    )
    [error] = validate_paths([catalog_copy / "languages"])
    assert (error.path.parent.name, error.field) == ("qq", "code")
    assert "py3langid" in error.message


def test_a_language_that_is_not_text_is_reported_not_a_crash(catalog_copy: Path) -> None:
    scenario = catalog_copy / "scenarios" / "roberge-inbound-whitepaper-de.yaml"
    scenario.write_text(
        scenario.read_text(encoding="utf-8").replace("language: de", "language: []"),
        encoding="utf-8",
    )
    errors = validate_paths([scenario])
    assert [(e.path.name, e.field) for e in errors] == [
        ("roberge-inbound-whitepaper-de.yaml", "language")
    ]
