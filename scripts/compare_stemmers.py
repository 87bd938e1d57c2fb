"""Score labelled sets with each language's own stemmer ("light") and with Snowball's for the
languages named (`--snowball en sv`), side by side: the evidence behind a language folder's
choice of `stemmer` in its language.yaml.

Usage:
  .venv/bin/python scripts/compare_stemmers.py --snowball en tests/golden/dev tests/golden/blind
  .venv/bin/python scripts/compare_stemmers.py --snowball sv --snowball en DIR...
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.catalog.loader import catalog_root, load_catalog  # noqa: E402
from app.language.registry import Language, Languages, install  # noqa: E402
from app.language.schema import Stemmer  # noqa: E402
from scripts.evaluate import Scorer, evaluate, local_scorer, render_set  # noqa: E402
from tests.labelled_sets import load_set  # noqa: E402

# Snowball's name for each language's algorithm, where it is not the language's English name.
SNOWBALL = {"en": "english", "sv": "swedish", "de": "german"}


def with_snowball(found: Languages, codes: list[str], algorithms: dict[str, str]) -> Languages:
    """The same languages, those in `codes` stemmed by Snowball."""
    changed: dict[str, Language] = {}
    for code, lang in found.by_code.items():
        if code in codes:
            algorithm = algorithms.get(code) or SNOWBALL.get(code) or lang.info.name.lower()
            info = lang.info.model_copy(update={"stemmer": Stemmer(snowball=algorithm)})
            lang = Language(info, lang.reading, lang.review, lang.texts, lang.folder)
        changed[code] = lang
    return Languages(changed, found.default)


def main() -> int:
    """Print each set's figures with the light stemmers, then with Snowball's."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+", type=Path, metavar="DIR")
    parser.add_argument("--snowball", action="append", required=True, metavar="CODE")
    parser.add_argument("--algorithm", action="append", default=[], metavar="CODE=NAME")
    args = parser.parse_args()
    algorithms = dict(a.split("=", 1) for a in args.algorithm)
    catalog = load_catalog(catalog_root())
    assert catalog.languages is not None
    light = catalog.languages
    snowball = with_snowball(light, args.snowball, algorithms)
    for path in args.sets:
        labelled = load_set(path)
        results = {}
        for name, languages in (("light", light), ("snowball", snowball)):
            scorer = local_scorer(name)  # loads the catalog, and with it the light languages
            install(languages)
            results[name] = evaluate(labelled, Scorer(name, scorer.score))
        install(light)
        print(render_set(labelled, results, True), end="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
