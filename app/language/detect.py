"""Which of the languages present a text is in: py3langid (langid.py's model, shipped inside the
package and read offline), restricted to the languages that have a folder."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from app.language.registry import languages

# Below this many words a text says too little to tell its language: the caller's fallback.
MIN_WORDS = 3

_lock = threading.Lock()
_state: dict[str, Any] = {}


def _model() -> Any:
    """langid.py's identifier (loading the model takes a second or two, once per process)."""
    if "model" not in _state:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        _state["model"] = model
        _state["labels"] = frozenset(model.nb_classes)  # set_languages narrows the model's own
        _state["codes"] = None
    return _state["model"]


def detector_labels() -> frozenset[str]:
    """The language codes the detector's model knows."""
    with _lock:
        _model()
        labels: frozenset[str] = _state["labels"]
        return labels


@lru_cache(maxsize=2048)
def _classify(text: str, codes: tuple[str, ...]) -> str:
    with _lock:
        model = _model()
        if _state["codes"] != codes:
            model.set_languages(list(codes))
            _state["codes"] = codes
        label, _ = model.classify(text)
    return str(label)


def warm_up() -> None:
    """Load the model now (the service does at start-up, so no candidate waits for it)."""
    _classify("warm up", tuple(sorted(languages().codes)))


def detect_language(texts: Iterable[str], fallback: str | None = None) -> str:
    """The language of the texts among those present; `fallback` (else the default language)
    when there is only one language or the texts are too short to tell."""
    present = languages()
    text = "\n".join(texts)
    default = fallback if fallback is not None and fallback in present else present.default
    if len(present.codes) < 2 or len(text.split()) < MIN_WORDS:
        return default
    return _classify(text, tuple(sorted(present.codes)))
