"""Text as an attacker may disguise it: look-alike letters, invisible characters, base64.

Both injection detectors (the scripted prospect's ear in app.roleplay.intent and the scorer's in
app.scoring.injection) read the folded text, so "Іgnоrе" in Cyrillic letters, "ig\u200bnore"
with a zero-width space and full-width "ｉｇｎｏｒｅ" are all read as "ignore".
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata

from confusable_homoglyphs import confusables

# Cyrillic and Greek letters that read as Latin ones in running text. Unicode's confusables
# list (below) leaves out the lower-case ones that look like small capitals ("т", "к", "м"),
# and maps "І" and "Ι" to "l" (its prototype for I and l alike); these read as attackers mean.
_READ_AS_LATIN = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "һ": "h", "ɡ": "g",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I",
    "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": "Y",
}  # fmt: skip


def _unicode_confusables() -> dict[str, str]:
    """Unicode's confusables (UTS #39 data, as the confusable_homoglyphs package ships it):
    every non-ASCII character that looks like plain ASCII letters, mapped to those letters."""
    table = {}
    for char, homoglyphs in confusables.confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        letters = [h["c"] for h in homoglyphs if h["c"].isascii() and h["c"].isalpha()]
        if letters:
            table[char] = min(letters, key=len)  # "ɑ" -> "a" rather than a ligature's "ae"
    # The detectors lower-case text before folding it: Cherokee "Ꮷ" (a "d") arrives as "ꮷ".
    for char, letters in list(table.items()):
        lower = char.lower()
        if len(lower) == 1 and not lower.isascii():
            table.setdefault(lower, letters.lower())
    return table


_LOOKALIKES = str.maketrans({**_unicode_confusables(), **_READ_AS_LATIN})
# Long enough that ordinary words and ids ("utm_source", "Q3-2024") never count.
_BASE64 = re.compile(r"(?<![\w+/=-])[A-Za-z0-9+/_-]{24,}={0,2}(?![\w+/=-])")


def fold_lookalikes(text: str) -> str:
    """`text` with compatibility forms folded (NFKC), format characters dropped and look-alike
    letters (Unicode's confusables) read as Latin ones; ordinary ASCII text comes back
    unchanged."""
    if text.isascii():
        return text
    # Read look-alikes as typed too: NFKC turns some into others ("ϲ" into "ς").
    folded = unicodedata.normalize("NFKC", text.translate(_LOOKALIKES))
    # Cf: zero-width spaces and joiners, direction overrides, soft hyphens.
    folded = "".join(c for c in folded if unicodedata.category(c) != "Cf")
    return folded.translate(_LOOKALIKES)


def hidden_payloads(text: str) -> list[str]:
    """Readable text hidden in base64 runs of `text` (what a "decode this" request carries)."""
    found = []
    for match in _BASE64.finditer(text):
        blob = match.group(0)
        try:
            raw = base64.b64decode(blob + "=" * (-len(blob) % 4), altchars=b"-_", validate=False)
            decoded = raw.decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
        printable = sum(c.isprintable() for c in decoded)
        if " " in decoded and printable >= 0.95 * len(decoded):
            found.append(decoded)
    return found
