"""Text as an attacker may disguise it: look-alike letters, invisible characters, base64.

Both injection detectors (the scripted prospect's ear in app.roleplay.intent and the scorer's in
app.language.injection) read the folded text, so "ignore" typed with Cyrillic look-alike letters,
"ig\u200bnore" with a zero-width space and "ignore" in full-width letters are all read as "ignore".
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata

from confusable_homoglyphs import confusables

# Cyrillic and Greek letters that read as Latin ones in running text. Unicode's confusables
# list (below) leaves out the lower-case ones that look like small capitals (Cyrillic te, ka,
# em), and maps Cyrillic and Greek capital I to "l" (its prototype for I and l alike); these
# read as attackers mean.
_READ_AS_LATIN = {
    "\u0430": "a", "\u0432": "b", "\u0435": "e", "\u0451": "e", "\u043a": "k", "\u043c": "m",
    "\u043d": "h", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0442": "t", "\u0443": "y",
    "\u0445": "x", "\u0456": "i", "\u0457": "i", "\u0458": "j", "\u0455": "s", "\u0501": "d",
    "\u051b": "q", "\u051d": "w", "\u04bb": "h", "\u0261": "g", "\u0410": "A", "\u0412": "B",
    "\u0415": "E", "\u041a": "K", "\u041c": "M", "\u041d": "H", "\u041e": "O", "\u0420": "P",
    "\u0421": "C", "\u0422": "T", "\u0423": "Y", "\u0425": "X", "\u0406": "I", "\u0408": "J",
    "\u0405": "S", "\u03b1": "a", "\u03b2": "b", "\u03b5": "e", "\u03b9": "i", "\u03ba": "k",
    "\u03bd": "v", "\u03bf": "o", "\u03c1": "p", "\u03c4": "t", "\u03c5": "u", "\u03c7": "x",
    "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0397": "H", "\u0399": "I", "\u039a": "K",
    "\u039c": "M", "\u039d": "N", "\u039f": "O", "\u03a1": "P", "\u03a4": "T", "\u03a7": "X",
    "\u03a5": "Y",
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
            table[char] = min(letters, key=len)  # Latin alpha -> "a" rather than a ligature's "ae"
    # The detectors lower-case text before folding it: a Cherokee capital that reads as "d"
    # arrives as its small letter.
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
    # Read look-alikes as typed too: NFKC turns some into others (a lunate sigma into a final
    # sigma).
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
