"""The catalog loader: shipped content, plain-words errors, validation of paths, JSON schema."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml

from app.catalog.loader import (
    REPO_ROOT,
    CatalogError,
    CatalogErrors,
    UnknownItem,
    catalog_json_schema,
    load_catalog,
    validate_paths,
)

SCENARIO = "roberge-inbound-whitepaper"
RUBRIC = "roberge-curiosity"


@pytest.fixture
def catalog_dir(tmp_path: Path) -> Path:
    """A small catalog folder: the Roberge scenario and its rubric, copied from the repo."""
    for folder, name in (("scenarios", SCENARIO), ("rubrics", RUBRIC)):
        (tmp_path / folder).mkdir()
        shutil.copy(REPO_ROOT / folder / f"{name}.yaml", tmp_path / folder / f"{name}.yaml")
    return tmp_path


def edit_scenario(root: Path, change: Any, name: str = SCENARIO) -> Path:
    """Apply `change` to the scenario's data and write it back; return the file."""
    path = root / "scenarios" / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def load_errors(root: Path) -> list[CatalogError]:
    """The errors load_catalog raises for this folder (fails the test if it loads)."""
    with pytest.raises(CatalogErrors) as raised:
        load_catalog(root)
    return raised.value.errors


def only_error(root: Path) -> CatalogError:
    """The single error load_catalog reports for this folder."""
    errors = load_errors(root)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


# --------------------------------------------------------------------------- shipped content


def test_shipped_catalog_has_every_promised_item() -> None:
    catalog = load_catalog(REPO_ROOT)
    assert sorted(catalog.scenarios) == [
        "cs-renewal-usage-drop",
        "objection-bad-timing",
        "objection-competitor",
        "objection-no-budget",
        "objection-not-decision-maker",
        "objection-send-email",
        "roberge-inbound-whitepaper",
        "roberge-inbound-whitepaper-de",
        "roberge-inbound-whitepaper-sv",
    ]
    assert sorted(catalog.rubrics) == [
        "cs-renewal",
        "objection-handling",
        "roberge-curiosity",
        "roberge-curiosity-de",
        "roberge-curiosity-sv",
        "self-assessment",
    ]
    assert catalog.scenario(SCENARIO).rubric == RUBRIC
    assert catalog.scenario("roberge-inbound-whitepaper-sv").rubric == "roberge-curiosity-sv"
    assert catalog.rubric("self-assessment").kind == "self-assessment"


def test_roberge_rubrics_share_criterion_ids_and_measures() -> None:
    catalog = load_catalog(REPO_ROOT)
    english, swedish = catalog.rubric(RUBRIC), catalog.rubric("roberge-curiosity-sv")
    expected = ["opening", "goal-discovery", "open-questions", "listening", "preparation"]
    assert [c.id for c in english.criteria] == expected
    assert [(c.id, c.measure, c.weight) for c in swedish.criteria] == [
        (c.id, c.measure, c.weight) for c in english.criteria
    ]
    assert swedish.language == "sv"
    opening = english.criterion("opening")
    assert opening is not None
    assert opening.levels.text(1) != swedish.criteria[0].levels.text(1)


def test_self_assessment_rubric_uses_its_own_measures() -> None:
    rubric = load_catalog(REPO_ROOT).rubric("self-assessment")
    assert {(c.id, c.measure) for c in rubric.criteria} == {
        ("specificity", "specificity"),
        ("balance", "balance"),
        ("accuracy", "accuracy"),
    }


def test_roberge_scenario_is_rich_enough_to_play() -> None:
    scenario = load_catalog(REPO_ROOT).scenario(SCENARIO)
    assert 6 <= len(scenario.facts) <= 8
    assert scenario.challenge is not None
    assert scenario.challenge.after_candidate_turns in (3, 4)
    assert "SEO" in scenario.challenge.questions[0]
    for name in ("cool", "exit", "accept_meeting", "decline_meeting", "closed_yes", "unknown"):
        assert len(getattr(scenario.reactions, name)) >= 4, name
    for name in ("stay_in_role", "nudge"):
        assert len(getattr(scenario.reactions, name)) >= 4, name
    assert {o.when for o in scenario.objections} >= {"after_turns", "on_meeting_request"}


def test_briefs_do_not_reveal_how_candidates_are_scored() -> None:
    catalog = load_catalog(REPO_ROOT)
    for scenario in catalog.scenarios.values():
        brief = scenario.brief.lower()
        for word in ("score", "rubric", "curiosity", "criteria", "bedöm", "nyfiken"):
            assert word not in brief, (scenario.id, word)


def test_objection_scenarios_raise_the_objection_early() -> None:
    catalog = load_catalog(REPO_ROOT)
    practice = [s for s in catalog.scenarios.values() if s.rubric == "objection-handling"]
    assert len(practice) == 5
    for scenario in practice:
        assert scenario.rubric == "objection-handling"
        first = scenario.objections[0]
        assert first.when == "opening" or first.after_candidate_turns == 1, scenario.id
        assert len(first.handled_by) >= 8, scenario.id


def test_swedish_scenario_is_swedish_throughout() -> None:
    scenario = load_catalog(REPO_ROOT).scenario("roberge-inbound-whitepaper-sv")
    assert scenario.language == "sv"
    asked = {phrase for fact in scenario.facts for phrase in fact.asked_by}
    assert {"varför laddade", "vad fick dig", "mål", "budget", "vem mer", "tidplan"} <= asked
    assert scenario.challenge is not None
    assert "Hur fungerar SEO" in scenario.challenge.questions[0]


def test_shipped_files_validate_cleanly() -> None:
    assert validate_paths([REPO_ROOT / "scenarios", REPO_ROOT / "rubrics"]) == []


def test_catalog_dir_comes_from_the_environment(
    catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACHABLE_CATALOG_DIR", str(catalog_dir))
    assert sorted(load_catalog().scenarios) == [SCENARIO]


def test_unknown_item_names_the_id_and_what_exists(catalog_dir: Path) -> None:
    catalog = load_catalog(catalog_dir)
    with pytest.raises(UnknownItem) as raised:
        catalog.scenario("roberge-inbound")
    assert isinstance(raised.value, KeyError)
    assert str(raised.value) == (
        "unknown scenario 'roberge-inbound'; did you mean 'roberge-inbound-whitepaper'? "
        "(known: roberge-inbound-whitepaper)"
    )
    with pytest.raises(UnknownItem, match="unknown rubric 'nope'"):
        catalog.rubric("nope")


# --------------------------------------------------------------------------- error messages


def test_missing_field(catalog_dir: Path) -> None:
    path = edit_scenario(catalog_dir, lambda d: d.pop("title"))
    error = only_error(catalog_dir)
    assert (error.path, error.field, error.message) == (path, "title", "required field is missing")
    assert str(error) == f"{path}: title: required field is missing"


def test_wrong_type_names_the_dotted_field_and_both_types(catalog_dir: Path) -> None:
    edit_scenario(catalog_dir, lambda d: d["facts"][2].update(asked_by=5))
    error = only_error(catalog_dir)
    assert error.field == "facts.2.asked_by"
    assert error.message == "expected a list of strings, got a number (5)"


def test_wrong_item_type_inside_a_list(catalog_dir: Path) -> None:
    edit_scenario(catalog_dir, lambda d: d["facts"][0]["reveal"].__setitem__(0, ["nested"]))
    error = only_error(catalog_dir)
    assert (error.field, error.message) == ("facts.0.reveal.0", "expected text, got a list")


def test_wrong_type_for_a_nested_mapping(catalog_dir: Path) -> None:
    edit_scenario(catalog_dir, lambda d: d.update(persona="Dana"))
    error = only_error(catalog_dir)
    assert error.field == "persona"
    assert error.message.startswith("expected a mapping with the fields name, title, company")
    assert error.message.endswith("got text ('Dana')")


def test_yaml_booleans_get_a_hint(catalog_dir: Path) -> None:
    edit_scenario(catalog_dir, lambda d: d["reactions"]["closed_yes"].append(True))
    error = only_error(catalog_dir)
    assert error.field.startswith("reactions.closed_yes.")
    assert "got true (quote it if you meant the word)" in error.message


def test_unknown_field_suggests_the_right_name(catalog_dir: Path) -> None:
    edit_scenario(catalog_dir, lambda d: d["persona"].update(titel="VP"))
    error = only_error(catalog_dir)
    assert (error.field, error.message) == ("persona.titel", "unknown field; did you mean 'title'?")


def test_out_of_range_and_choice_errors(catalog_dir: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["facts"][1]["value"] = 0
        data["kind"] = "quiz"

    edit_scenario(catalog_dir, change)
    messages = {e.field: e.message for e in load_errors(catalog_dir)}
    assert messages == {
        "kind": "expected one of 'interview' or 'practice', got text ('quiz')",
        "facts.1.value": "expected greater than or equal to 1, got a number (0)",
    }


def test_empty_list_is_explained(catalog_dir: Path) -> None:
    edit_scenario(catalog_dir, lambda d: d["facts"][0].update(reveal=[]))
    error = only_error(catalog_dir)
    assert (error.field, error.message) == ("facts.0.reveal", "expected at least 1 item, got none")


def test_bad_id(catalog_dir: Path) -> None:
    edit_scenario(catalog_dir, lambda d: d["facts"][0].update(id="Why Downloaded"))
    error = only_error(catalog_dir)
    assert error.field == "facts.0.id"
    assert "lower-case id" in error.message


def test_unknown_rubric_suggests_the_closest(catalog_dir: Path) -> None:
    edit_scenario(catalog_dir, lambda d: d.update(rubric="roberge-curiousity"))
    error = only_error(catalog_dir)
    assert error.field == "rubric"
    assert error.message == (
        "unknown rubric 'roberge-curiousity'; did you mean 'roberge-curiosity'? "
        "(known: roberge-curiosity)"
    )


def test_scenario_cannot_use_a_self_assessment_rubric(catalog_dir: Path) -> None:
    shutil.copy(REPO_ROOT / "rubrics/self-assessment.yaml", catalog_dir / "rubrics")
    edit_scenario(catalog_dir, lambda d: d.update(rubric="self-assessment"))
    error = only_error(catalog_dir)
    assert error.field == "rubric"
    assert "needs a role-play rubric" in error.message


def test_yaml_syntax_error_names_the_line(catalog_dir: Path) -> None:
    path = catalog_dir / "scenarios" / f"{SCENARIO}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[9] = "title: [unclosed"
    path.write_text("\n".join(lines), encoding="utf-8")
    error = only_error(catalog_dir)
    assert error.path == path
    assert error.field == ""
    assert error.message.startswith("invalid YAML at line ")


def test_duplicate_yaml_key_names_its_line(catalog_dir: Path) -> None:
    path = catalog_dir / "scenarios" / f"{SCENARIO}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "title: Again\n", encoding="utf-8")
    line_count = len(path.read_text(encoding="utf-8").splitlines())
    error = only_error(catalog_dir)
    assert error.message.startswith(f"invalid YAML at line {line_count}, column 1")
    assert "duplicate key 'title'" in error.message


def test_file_that_is_not_a_mapping(catalog_dir: Path) -> None:
    (catalog_dir / "rubrics" / "empty.yaml").write_text("", encoding="utf-8")
    (catalog_dir / "rubrics" / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    messages = sorted(e.message for e in load_errors(catalog_dir))
    assert messages == [
        "expected a mapping of fields (key: value), got a list",
        "expected a mapping of fields (key: value), got an empty file",
    ]


def test_file_name_must_match_id(catalog_dir: Path) -> None:
    path = catalog_dir / "scenarios" / f"{SCENARIO}.yaml"
    renamed = path.rename(path.with_name("dana.yaml"))
    error = only_error(catalog_dir)
    assert (error.path, error.field) == (renamed, "id")
    assert error.message == (
        "'roberge-inbound-whitepaper' does not match the file name; "
        "name the file 'roberge-inbound-whitepaper.yaml'"
    )


def test_unquoted_level_keys_are_read_as_text(catalog_dir: Path) -> None:
    path = catalog_dir / "rubrics" / f"{RUBRIC}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"1":', "1:"), encoding="utf-8")
    rubric = load_catalog(catalog_dir).rubric(RUBRIC)
    assert rubric.criteria[0].levels.text(1).startswith("Starts with a long pitch")


def test_phrases_must_be_lower_case(catalog_dir: Path) -> None:
    edit_scenario(catalog_dir, lambda d: d["facts"][0]["asked_by"].append("What Prompted"))
    error = only_error(catalog_dir)
    assert error.field.startswith("facts.0.asked_by.")
    assert error.message == "expected lower case, got 'What Prompted'"


def test_challenge_must_come_before_the_round_ends(catalog_dir: Path) -> None:
    edit_scenario(catalog_dir, lambda d: d["limits"].update(max_candidate_turns=3))
    fields = {e.field for e in load_errors(catalog_dir)}
    assert fields == {"challenge.after_candidate_turns", "objections.0.after_candidate_turns"}


def test_every_problem_is_reported_at_once(catalog_dir: Path) -> None:
    edit_scenario(catalog_dir, lambda d: (d.pop("title"), d.update(rubric="missing-rubric")))
    (catalog_dir / "rubrics" / "broken.yaml").write_text("id: [", encoding="utf-8")
    with pytest.raises(CatalogErrors) as raised:
        load_catalog(catalog_dir)
    assert len(raised.value.errors) == 2  # a scenario that fails its format is not linked
    assert str(raised.value).startswith("2 problems in the catalog:\n  ")


def test_missing_folders(tmp_path: Path) -> None:
    errors = load_errors(tmp_path)
    assert [e.path.name for e in errors] == ["scenarios", "rubrics"]


# --------------------------------------------------------------------------- validate_paths


def test_validate_paths_finds_the_rubric_next_to_a_scenario(catalog_dir: Path) -> None:
    assert validate_paths([catalog_dir / "scenarios" / f"{SCENARIO}.yaml"]) == []


def test_validate_paths_reports_every_file(catalog_dir: Path) -> None:
    edit_scenario(catalog_dir, lambda d: d.pop("summary"))
    (catalog_dir / "rubrics" / "bad.yaml").write_text("id: bad\ntitle: 3: 4\n", encoding="utf-8")
    errors = validate_paths([catalog_dir])
    assert sorted((e.path.name, e.field) for e in errors) == [
        ("bad.yaml", ""),
        (f"{SCENARIO}.yaml", "summary"),
    ]


def test_validate_paths_detects_the_kind_by_content(catalog_dir: Path, tmp_path: Path) -> None:
    loose = tmp_path / "loose"
    loose.mkdir()
    shutil.copy(catalog_dir / "rubrics" / f"{RUBRIC}.yaml", loose)
    shutil.copy(catalog_dir / "scenarios" / f"{SCENARIO}.yaml", loose)
    (loose / "mystery.yaml").write_text("id: mystery\n", encoding="utf-8")
    errors = validate_paths([loose])
    assert len(errors) == 1
    assert errors[0].path.name == "mystery.yaml"
    assert errors[0].message.startswith("cannot tell what this file is")


def test_validate_paths_reports_duplicate_ids(catalog_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(catalog_dir / "rubrics", copy / "rubrics")
    errors = validate_paths([catalog_dir / "rubrics", copy / "rubrics"])
    assert len(errors) == 1
    assert errors[0].message.startswith("duplicate rubric id 'roberge-curiosity'; ")


def test_validate_paths_reports_a_missing_path(tmp_path: Path) -> None:
    errors = validate_paths([tmp_path / "nowhere.yaml"])
    assert [(e.path.name, e.message) for e in errors] == [
        ("nowhere.yaml", "no such file or folder")
    ]


# --------------------------------------------------------------------------- JSON schema


def test_json_schemas_are_valid_and_accept_the_shipped_files() -> None:
    schemas = catalog_json_schema()
    assert set(schemas) == {"scenario", "rubric", "language", "thresholds"}
    for kind, folder in (("scenario", "scenarios"), ("rubric", "rubrics")):
        assert jsonschema_rs.meta.is_valid(schemas[kind])
        validator = jsonschema_rs.validator_for(schemas[kind])
        for path in sorted((REPO_ROOT / folder).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            # A rubric that extends another gives only its texts; the loader fills in the rest.
            if data.get("extends"):
                continue
            assert validator.is_valid(data), path
    for name, schema in schemas["language"].items():
        assert jsonschema_rs.meta.is_valid(schema)
        validator = jsonschema_rs.validator_for(schema)
        for folder in sorted(p for p in (REPO_ROOT / "languages").iterdir() if p.is_dir()):
            data = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
            assert validator.is_valid(data), folder / name


def test_json_schema_rejects_what_the_loader_rejects() -> None:
    validator = jsonschema_rs.validator_for(catalog_json_schema()["scenario"])
    data = yaml.safe_load(
        (REPO_ROOT / "scenarios" / f"{SCENARIO}.yaml").read_text(encoding="utf-8")
    )
    data["persona"]["titel"] = "VP"
    assert not validator.is_valid(data)
