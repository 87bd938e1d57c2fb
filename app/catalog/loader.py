"""Load scenarios/ and rubrics/ into frozen models, and explain every bad file in plain words."""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from app.catalog.models import Rubric, Scenario
from app.language.lexicon import PatternError, compile_lexicon
from app.language.registry import Language, Languages, install
from app.language.schema import FILES as LANGUAGE_FILES
from app.language.schema import LanguageInfo, Pattern, ReadingFile, joined

Kind = Literal["scenario", "rubric"]
MODELS: dict[Kind, type[Scenario] | type[Rubric]] = {"scenario": Scenario, "rubric": Rubric}
FOLDERS: dict[str, Kind] = {"scenarios": "scenario", "rubrics": "rubric"}
LANGUAGES = "languages"
REPO_ROOT = Path(__file__).resolve().parents[2]


class CatalogError(Exception):
    """One problem in one catalog file: where it is, which field, and what was expected."""

    def __init__(self, path: Path, field: str, message: str) -> None:
        self.path = path
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: {self.field}" if self.field else str(self.path)
        return f"{where}: {self.message}"


class CatalogErrors(Exception):
    """Every problem found while loading a catalog, raised together."""

    def __init__(self, errors: Sequence[CatalogError]) -> None:
        self.errors = list(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.errors)
        heading = f"{count} problem{'s' if count != 1 else ''} in the catalog:"
        return "\n".join([heading, *(f"  {error}" for error in self.errors)])


class UnknownItem(KeyError):
    """A scenario or rubric id that is not in the catalog."""

    def __str__(self) -> str:
        # KeyError's own str() shows the message in quotes.
        return str(self.args[0])


@dataclass(frozen=True)
class Catalog:
    """The loaded scenarios, rubrics and languages, by id."""

    scenarios: dict[str, Scenario]
    rubrics: dict[str, Rubric]
    languages: Languages | None = None

    def scenario(self, scenario_id: str) -> Scenario:
        """The scenario with this id, or UnknownItem."""
        if scenario_id not in self.scenarios:
            raise UnknownItem(_unknown("scenario", scenario_id, self.scenarios))
        return self.scenarios[scenario_id]

    def rubric(self, rubric_id: str) -> Rubric:
        """The rubric with this id, or UnknownItem."""
        if rubric_id not in self.rubrics:
            raise UnknownItem(_unknown("rubric", rubric_id, self.rubrics))
        return self.rubrics[rubric_id]


def catalog_root() -> Path:
    """The catalog folder of this deployment (COACHABLE_CATALOG_DIR, else the repository)."""
    from app.config import Settings

    return Settings().catalog_dir or REPO_ROOT


def load_catalog(root: Path | None = None) -> Catalog:
    """Load root/scenarios/, root/rubrics/ and root/languages/ (the built-in languages when the
    catalog has none of its own); raise CatalogErrors listing every problem. The languages
    become the ones every reader and page uses."""
    if root is None:
        root = catalog_root()
    missing = [
        CatalogError(root / folder, "", "folder not found; a catalog needs scenarios/ and rubrics/")
        for folder in FOLDERS
        if not (root / folder).is_dir()
    ]
    if missing:
        raise CatalogErrors(missing)
    files = [
        (path, kind) for folder, kind in FOLDERS.items() for path in _yaml_files(root / folder)
    ]
    found = load_languages(root)
    scenarios, rubrics, errors = _load_files(files, known_rubrics={}, languages=found)
    if errors:
        raise CatalogErrors(errors)
    install(found)
    return Catalog(scenarios=scenarios, rubrics=rubrics, languages=found)


def languages_folder(root: Path) -> Path:
    """The catalog's languages/ folder, or the built-in one when it has none."""
    own = root / LANGUAGES
    return own if own.is_dir() else REPO_ROOT / LANGUAGES


def load_languages(root: Path) -> Languages:
    """Every language folder of the catalog at `root`; CatalogErrors listing every problem."""
    folder = languages_folder(root)
    loaded, errors = _load_language_folders(sorted(p for p in folder.iterdir() if p.is_dir()))
    if errors:
        raise CatalogErrors(errors)
    if not loaded:
        raise CatalogErrors([CatalogError(folder, "", "no language folder found")])
    return Languages({lang.code: lang for lang in loaded})


def validate_paths(paths: Iterable[Path]) -> list[CatalogError]:
    """Check catalog files or folders (scenarios, rubrics, language folders) and return every
    problem found (empty when all is well)."""
    files: list[tuple[Path, Kind | None]] = []
    errors: list[CatalogError] = []
    language_folders: list[Path] = []
    for path in paths:
        folder = _language_folder_of(path)
        if folder is not None:
            language_folders += folder
        elif path.is_dir():
            files += [(file, _kind_from_folder(file)) for file in _yaml_files(path, recursive=True)]
        elif path.is_file():
            files.append((path, _kind_from_folder(path)))
        else:
            errors.append(CatalogError(path, "", "no such file or folder"))
    files = list({path.resolve(): (path, kind) for path, kind in files}.values())
    # A scenario may name a rubric that was not passed in but sits in its catalog's rubrics/.
    neighbours = {
        file
        for path, kind in files
        if kind == "scenario" and path.parent.name == "scenarios"
        for file in _yaml_files(path.parent.parent / "rubrics")
    }
    neighbours -= {path for path, _ in files}
    _, known_rubrics, _ = _load_files([(file, "rubric") for file in sorted(neighbours)], {})
    roots = {path.parent.parent for path, kind in files if kind is not None}
    try:
        present = load_languages(next(iter(roots)) if len(roots) == 1 else REPO_ROOT)
    except CatalogErrors:
        present = None  # the languages' own problems are reported when they are validated
    _, _, found = _load_files(files, known_rubrics, present)
    return errors + found + _validate_languages(language_folders)


def _language_folder_of(path: Path) -> list[Path] | None:
    """The language folders a path names: a languages/ folder, one language's folder or a file
    in one; None for anything else."""
    if path.is_dir() and path.name == LANGUAGES:
        return sorted(p for p in path.iterdir() if p.is_dir())
    if path.is_dir() and (path / "language.yaml").is_file():
        return [path]
    if path.is_file() and path.name in LANGUAGE_FILES and path.parent.parent.name == LANGUAGES:
        return [path.parent]
    return None


def _validate_languages(folders: Sequence[Path]) -> list[CatalogError]:
    """Every problem of these language folders; their keys are checked against the reference
    language (English) of their own languages/ folder, or the built-in one."""
    if not folders:
        return []
    unique = list(dict.fromkeys(f.resolve() for f in folders))
    loaded, errors = _load_language_folders(unique)
    if loaded and not any(lang.code == "en" for lang in loaded):
        reference = unique[0].parent / "en"
        if not reference.is_dir():
            reference = REPO_ROOT / LANGUAGES / "en"
        found, _ = _load_language_folders([reference])
        errors += _check_parity([*found, *loaded])
    return errors


def catalog_json_schema() -> dict[str, Any]:
    """JSON schemas of the scenario and rubric formats and of a language folder's files, and the
    thresholds each measure reads, for editors and the `schema` command."""
    from app.scoring.thresholds import KINDS, THRESHOLDS

    draft = "https://json-schema.org/draft/2020-12/schema"
    schemas: dict[str, Any] = {}
    for kind, model in MODELS.items():
        schemas[kind] = {"$schema": draft, **model.model_json_schema()}
    schemas["language"] = {
        name: {"$schema": draft, **model.model_json_schema()}
        for name, model in LANGUAGE_FILES.items()
    }
    schemas["thresholds"] = {
        measure: {
            name: {"kind": KINDS[kind], "meaning": meaning}
            for name, (kind, meaning) in names.items()
        }
        for measure, names in THRESHOLDS.items()
    }
    return schemas


# --------------------------------------------------------------------------- loading


def _yaml_files(folder: Path, recursive: bool = False) -> list[Path]:
    if not folder.is_dir():
        return []
    pattern = "**/*" if recursive else "*"
    return sorted(p for p in folder.glob(pattern) if p.suffix in {".yaml", ".yml"} and p.is_file())


def _kind_from_folder(path: Path) -> Kind | None:
    return FOLDERS.get(path.parent.name)


def _load_files(
    files: Sequence[tuple[Path, Kind | None]],
    known_rubrics: dict[str, Rubric],
    languages: Languages | None = None,
) -> tuple[dict[str, Scenario], dict[str, Rubric], list[CatalogError]]:
    """Parse and validate each file, then check ids and the links between files."""
    scenarios: dict[str, Scenario] = {}
    rubrics: dict[str, Rubric] = {}
    origin: dict[tuple[str, str], Path] = {}
    errors: list[CatalogError] = []
    for path, folder_kind in files:
        try:
            item, problems = _load_file(path, folder_kind, languages)
        except CatalogErrors as bad:
            errors += bad.errors
            continue
        # A file with a wrong name still counts, so links to it do not add a second error.
        errors += problems
        kind = "scenario" if isinstance(item, Scenario) else "rubric"
        if (kind, item.id) in origin:
            first = origin[(kind, item.id)]
            errors.append(
                CatalogError(path, "id", f"duplicate {kind} id '{item.id}'; {first} has it too")
            )
            continue
        origin[(kind, item.id)] = path
        if isinstance(item, Scenario):
            scenarios[item.id] = item
        else:
            rubrics[item.id] = item
    everything = {**known_rubrics, **rubrics}
    for scenario_id, scenario in scenarios.items():
        errors += _check_rubric_link(origin[("scenario", scenario_id)], scenario, everything)
    return scenarios, rubrics, errors


def _load_file(
    path: Path, folder_kind: Kind | None, languages: Languages | None = None
) -> tuple[Scenario | Rubric, list[CatalogError]]:
    """The file's model and the problems it has beyond its format; CatalogErrors if unreadable."""
    data = _read_yaml(path)
    kind = folder_kind or _kind_from_content(path, data)
    if kind == "rubric" and data.get("extends"):
        data = _extended(path, data)
    model = MODELS[kind]
    problems: list[CatalogError] = []
    code = data.get("language", "en")
    # A code that is not text is the model's to report (its type), not a missing folder.
    if languages is not None and isinstance(code, str) and code not in languages:
        problems.append(
            CatalogError(
                path,
                "language",
                f"no language folder '{code}' (present: {', '.join(languages.codes)})",
            )
        )
    try:
        item = model.model_validate(data)
    except ValidationError as invalid:
        explained = [_explain(path, model, error) for error in invalid.errors()]
        raise CatalogErrors(problems + explained) from None
    if item.id != path.stem:
        problems.append(
            CatalogError(
                path,
                "id",
                f"'{item.id}' does not match the file name; name the file '{item.id}.yaml'",
            )
        )
    if isinstance(item, Scenario):
        problems += _check_scenario(path, item)
    else:
        problems += _check_thresholds(path, item)
    return item, problems


# What a rubric in another language takes from the rubric it extends, never gives itself.
_SCORING_KEYS = ("measure", "measures", "thresholds", "weight")


def _extended(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """A rubric that gives another one in another language: the other's criteria, measures and
    thresholds, with this file's texts."""
    name = str(data["extends"])
    base_path = path.parent / f"{name}.yaml"
    if not base_path.is_file():
        raise CatalogErrors([CatalogError(path, "extends", f"no rubric '{name}' beside this one")])
    base = _read_yaml(base_path)
    if base.get("extends"):
        raise CatalogErrors(
            [CatalogError(path, "extends", f"'{name}' extends another rubric itself; extend that")]
        )
    errors: list[CatalogError] = []
    if "thresholds" in data:
        errors.append(CatalogError(path, "thresholds", f"set in '{name}', which this extends"))
    mine = {
        c.get("id"): (i, c) for i, c in enumerate(data.get("criteria") or []) if isinstance(c, dict)
    }
    theirs = [c for c in base.get("criteria") or [] if isinstance(c, dict)]
    merged = []
    for criterion in theirs:
        found = mine.pop(criterion.get("id"), None)
        if found is None:
            errors.append(
                CatalogError(
                    path, "criteria", f"missing criterion '{criterion.get('id')}' of '{name}'"
                )
            )
            continue
        i, own = found
        errors += [
            CatalogError(path, f"criteria.{i}.{key}", f"set in '{name}', which this extends")
            for key in _SCORING_KEYS
            if key in own
        ]
        merged.append({**own, **{k: criterion[k] for k in _SCORING_KEYS if k in criterion}})
    for other, (i, _) in mine.items():
        errors.append(
            CatalogError(path, f"criteria.{i}.id", f"'{other}' is not a criterion of '{name}'")
        )
    if errors:
        raise CatalogErrors(errors)
    return {
        **data,
        "kind": base.get("kind", "roleplay"),
        "thresholds": base.get("thresholds", {}),
        "criteria": merged,
    }


def _check_thresholds(path: Path, rubric: Rubric) -> list[CatalogError]:
    """Every threshold a criterion's measures need, stated once, in the shape it needs; no
    threshold that no measure reads."""
    from app.scoring.thresholds import KINDS, THRESHOLDS, check

    errors: list[CatalogError] = []
    used: set[str] = set()
    where = "thresholds" if not rubric.extends else "extends"
    for i, criterion in enumerate(rubric.criteria):
        for j, part in enumerate(criterion.parts):
            needs = THRESHOLDS.get(part.measure)
            if needs is None:
                continue  # a self-assessment measure: nothing to state
            at = f"criteria.{i}.measures.{j}" if criterion.measures else f"criteria.{i}"
            have = {**rubric.thresholds, **criterion.thresholds, **part.thresholds}
            used |= set(needs)
            for name, (kind, meaning) in needs.items():
                if name not in have:
                    errors.append(
                        CatalogError(
                            path,
                            f"{at}.thresholds.{name}",
                            f"missing; measure '{part.measure}' needs it ({meaning})",
                        )
                    )
                elif not check(kind, have[name]):
                    errors.append(
                        CatalogError(path, f"{at}.thresholds.{name}", f"expected {KINDS[kind]}")
                    )
            own = {**criterion.thresholds, **part.thresholds}
            for name in sorted(set(own) - set(needs)):
                close = difflib.get_close_matches(name, list(needs), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                errors.append(
                    CatalogError(
                        path,
                        f"{at}.thresholds.{name}",
                        f"unknown threshold for measure '{part.measure}'{hint}",
                    )
                )
    for name in sorted(set(rubric.thresholds) - used):
        errors.append(
            CatalogError(
                path,
                f"{where}.{name}" if rubric.extends else f"thresholds.{name}",
                "no criterion's measure reads this threshold",
            )
        )
    return errors


def _kind_from_content(path: Path, data: dict[str, Any]) -> Kind:
    if "criteria" in data:
        return "rubric"
    if "persona" in data or "facts" in data:
        return "scenario"
    raise CatalogErrors(
        [
            CatalogError(
                path,
                "",
                "cannot tell what this file is: expected a scenario (with 'persona' and 'facts') "
                "or a rubric (with 'criteria'), or a file inside scenarios/ or rubrics/",
            )
        ]
    )


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and reads every key as text (so `1:` means "1")."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Build a mapping, rejecting a key that appears twice."""
        seen: set[str] = set()
        for key_node, _ in node.value:
            key = str(self.construct_object(key_node, deep=deep))
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}'", key_node.start_mark
                )
            seen.add(key)
        mapping = super().construct_mapping(node, deep=deep)
        return {str(key): value for key, value in mapping.items()}


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as unreadable:
        raise CatalogErrors(
            [CatalogError(path, "", f"cannot read the file: {unreadable}")]
        ) from None
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass: as safe as safe_load
    except yaml.YAMLError as broken:
        raise CatalogErrors([CatalogError(path, "", _yaml_message(broken))]) from None
    if not isinstance(data, dict):
        got = "an empty file" if data is None else _describe_value(data)
        raise CatalogErrors(
            [CatalogError(path, "", f"expected a mapping of fields (key: value), got {got}")]
        )
    return data


def _yaml_message(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if mark is None:
        return f"invalid YAML: {problem}"
    return f"invalid YAML at line {mark.line + 1}, column {mark.column + 1}: {problem}"


# --------------------------------------------------------------------------- languages


def _load_language_folders(folders: Sequence[Path]) -> tuple[list[Language], list[CatalogError]]:
    """Each folder's four files, validated, compiled once to find bad patterns, and checked
    against the reference language (English, else the first): every language has every key."""
    loaded: list[Language] = []
    errors: list[CatalogError] = []
    for folder in folders:
        files: dict[str, Any] = {}
        for name, model in LANGUAGE_FILES.items():
            path = folder / name
            if not path.is_file():
                errors.append(CatalogError(path, "", "file not found; a language needs it"))
                continue
            try:
                data = _read_yaml(path)
                files[name] = model.model_validate(data)
            except CatalogErrors as bad:
                errors += bad.errors
            except ValidationError as invalid:
                errors += [_explain(path, model, error) for error in invalid.errors()]
        if len(files) < len(LANGUAGE_FILES):
            continue
        info: LanguageInfo = files["language.yaml"]
        if info.code != folder.name:
            errors.append(
                CatalogError(
                    folder / "language.yaml",
                    "code",
                    f"'{info.code}' does not match the folder; name the folder '{info.code}'",
                )
            )
            continue
        errors += _check_language(folder, info, files["reading.yaml"])
        loaded.append(
            Language(info, files["reading.yaml"], files["review.yaml"], files["texts.yaml"], folder)
        )
    if loaded:
        errors += _check_parity(loaded)
    return loaded, errors


def _check_language(folder: Path, info: LanguageInfo, reading: ReadingFile) -> list[CatalogError]:
    """A stemmer that exists, and patterns that compile (with a product word filled in)."""
    import snowballstemmer

    errors: list[CatalogError] = []
    algorithm = info.stemmer.snowball
    if algorithm is not None and algorithm not in snowballstemmer.algorithms():
        errors.append(
            CatalogError(
                folder / "language.yaml",
                "stemmer.snowball",
                f"unknown Snowball algorithm '{algorithm}' "
                f"(known: {', '.join(snowballstemmer.algorithms())})",
            )
        )
    from app.language.detect import detector_labels

    if info.code not in detector_labels():
        errors.append(
            CatalogError(
                folder / "language.yaml",
                "code",
                f"the language detector (py3langid) does not know '{info.code}'; use an ISO 639-1 "
                "code it knows",
            )
        )
    for i, rewrite in enumerate(info.stemmer.rewrite):
        try:
            re.compile(rewrite.pattern)
        except re.error as bad:
            errors.append(
                CatalogError(folder / "language.yaml", f"stemmer.rewrite.{i}.pattern", str(bad))
            )
    try:
        compile_lexicon(info, reading.lexicon, ("product",))
    except PatternError as bad:
        where, _, why = str(bad).partition(": ")
        errors.append(CatalogError(folder / "reading.yaml", f"lexicon.{where}", why))
    for where, pattern in _prospect_patterns(reading):
        try:
            re.compile(joined(pattern).replace("{product}", "product"))
        except re.error as bad:
            errors.append(CatalogError(folder / "reading.yaml", where, str(bad)))
    return errors + _check_prompts(folder)


def _prospect_patterns(reading: ReadingFile) -> list[tuple[str, Pattern]]:
    """The patterns of the prospect's ear, its times and the model's guard, with their paths."""
    ear, times, guard = reading.prospect, reading.times, reading.guard
    found: list[tuple[str, Pattern]] = [
        (f"prospect.{name}", getattr(ear, name))
        for name in ("availability", "business", "small_talk", "sends", "offers_time", "tells_past")
    ]
    found += [(f"prospect.kinds.{name}", p) for name, p in ear.kinds.model_dump().items()]
    found += [
        (f"times.{name}", getattr(times, name))
        for name in ("clock_before", "clock_after", "am", "pm")
    ]
    found += [(f"guard.{name}", p) for name, p in guard.model_dump().items()]
    return found


def _check_prompts(folder: Path) -> list[CatalogError]:
    """A language's own prompt templates (prompts/*.j2, optional) must parse."""
    from jinja2 import Environment, TemplateSyntaxError

    errors: list[CatalogError] = []
    env = Environment(autoescape=False)
    for path in sorted((folder / "prompts").glob("*.j2")):
        try:
            env.parse(path.read_text(encoding="utf-8"))
        except TemplateSyntaxError as bad:
            errors.append(CatalogError(path, f"line {bad.lineno}", bad.message or "bad template"))
    return errors


def _check_parity(loaded: Sequence[Language]) -> list[CatalogError]:
    """Every language has the keys of the reference language's texts and review words, and no
    others: a page or a reason never falls back to another language."""
    reference = next((lang for lang in loaded if lang.code == "en"), loaded[0])
    errors: list[CatalogError] = []
    for lang in loaded:
        if lang is reference or lang.folder is None:
            continue
        for name, mine, theirs in (
            ("texts.yaml", lang.texts.model_dump(), reference.texts.model_dump()),
            ("review.yaml", lang.review.model_dump(), reference.review.model_dump()),
        ):
            for key in sorted(_keys(theirs) - _keys(mine)):
                errors.append(
                    CatalogError(lang.folder / name, key, f"missing; {reference.code} has it")
                )
            for key in sorted(_keys(mine) - _keys(theirs)):
                errors.append(
                    CatalogError(lang.folder / name, key, f"not in {reference.code}; remove it")
                )
    return errors


def _keys(data: Any, prefix: str = "") -> set[str]:
    """The key paths of nested mappings ("reasons.opening.pitch"); lists are leaves."""
    if not isinstance(data, dict):
        return {prefix} if prefix else set()
    found: set[str] = set()
    for key, value in data.items():
        found |= _keys(value, f"{prefix}.{key}" if prefix else str(key))
    return found


# --------------------------------------------------------------------------- checks


def _check_scenario(path: Path, scenario: Scenario) -> list[CatalogError]:
    """Checks the model cannot make alone: lower-case phrases and turns inside the round."""
    errors = []
    phrase_lists = [
        *((f"facts.{i}.asked_by", fact.asked_by) for i, fact in enumerate(scenario.facts)),
        *(
            (f"objections.{i}.handled_by", objection.handled_by)
            for i, objection in enumerate(scenario.objections)
        ),
    ]
    if scenario.challenge:
        phrase_lists += [
            (f"challenge.key_points.{i}.signals", point.signals)
            for i, point in enumerate(scenario.challenge.key_points)
        ]
    for field, phrases in phrase_lists:
        for j, phrase in enumerate(phrases):
            if phrase != phrase.lower():
                errors.append(
                    CatalogError(path, f"{field}.{j}", f"expected lower case, got '{phrase}'")
                )
    last_turn = scenario.limits.max_candidate_turns
    timed = [
        (f"objections.{i}", o.after_candidate_turns) for i, o in enumerate(scenario.objections)
    ]
    if scenario.challenge:
        timed.append(("challenge", scenario.challenge.after_candidate_turns))
    for field, turn in timed:
        if turn is not None and turn >= last_turn:
            errors.append(
                CatalogError(
                    path,
                    f"{field}.after_candidate_turns",
                    f"expected a turn before the round ends at turn {last_turn}, got {turn}",
                )
            )
    return errors


def _check_rubric_link(
    path: Path, scenario: Scenario, rubrics: dict[str, Rubric]
) -> list[CatalogError]:
    rubric = rubrics.get(scenario.rubric)
    if rubric is None:
        return [CatalogError(path, "rubric", _unknown("rubric", scenario.rubric, rubrics))]
    if rubric.kind != "roleplay":
        return [
            CatalogError(
                path,
                "rubric",
                f"'{rubric.id}' scores self-assessments; a scenario needs a role-play rubric",
            )
        ]
    return []


def _unknown(kind: str, item_id: str, known: Iterable[str]) -> str:
    names = sorted(known)
    close = difflib.get_close_matches(item_id, names, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    listing = ", ".join(names) if names else "none"
    return f"unknown {kind} '{item_id}'{hint} (known: {listing})"


# --------------------------------------------------------------------------- plain-words errors


def _explain(path: Path, model: type[BaseModel], error: Any) -> CatalogError:
    """Turn one pydantic error into a CatalogError a scenario author can act on."""
    loc = tuple(error["loc"])
    field = ".".join(str(part) for part in loc)
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return CatalogError(path, field, "required field is missing")
    if kind == "extra_forbidden":
        allowed = _fields_of(_annotation_at(model, loc[:-1]))
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed: {', '.join(allowed)}"
        return CatalogError(path, field, f"unknown field; {hint}")
    if kind == "value_error":
        message = str(error["ctx"]["error"])
        return CatalogError(path, field, message)
    if kind == "literal_error":
        return CatalogError(
            path, field, f"expected one of {error['ctx']['expected']}, got {_describe_value(value)}"
        )
    if kind == "too_short":
        least = error["ctx"]["min_length"]
        return CatalogError(
            path, field, f"expected at least {least} item{'s' * (least > 1)}, got none"
        )
    if kind.endswith(("_type", "_parsing")):
        expected = _describe_annotation(_annotation_at(model, loc))
        return CatalogError(path, field, f"expected {expected}, got {_describe_value(value)}")
    # Range checks and the rest: pydantic's own words read well once "Input should be" goes.
    message = str(error["msg"]).replace("Input should be", "expected")
    return CatalogError(path, field, f"{message}, got {_describe_value(value)}")


def _annotation_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The type annotation of the field at `loc` (list indexes step into the item type)."""
    annotation: Any = model
    for part in loc:
        annotation = _strip_optional(annotation)
        if isinstance(part, int):
            args = get_args(annotation)
            annotation = args[0] if args else Any
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            fields = annotation.model_fields
            match = next((f for n, f in fields.items() if part in (n, f.alias)), None)
            annotation = match.annotation if match else Any
        else:
            return Any
    return _strip_optional(annotation)


def _strip_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _fields_of(annotation: Any) -> list[str]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [field.alias or name for name, field in annotation.model_fields.items()]
    return []


def _describe_annotation(annotation: Any) -> str:
    if annotation is str:
        return "text"
    if annotation is int:
        return "a whole number"
    if annotation is float:
        return "a number"
    if annotation is bool:
        return "true or false"
    if get_origin(annotation) is list:
        args = get_args(annotation)
        return f"a list of {_plural(args[0]) if args else 'items'}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"a mapping with the fields {', '.join(_fields_of(annotation))}"
    return "a different kind of value"


def _plural(annotation: Any) -> str:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"mappings with the fields {', '.join(_fields_of(annotation))}"
    names = {str: "strings", int: "whole numbers", float: "numbers", bool: "true/false values"}
    return names.get(annotation, "items")


def _describe_value(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        # YAML 1.1 reads yes/no/on/off as booleans, a common surprise in hand-written files.
        return f"{str(value).lower()} (quote it if you meant the word)"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text ('{shown}')"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
