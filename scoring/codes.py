"""A criterion's code (1, 1.1, 1.1.a) as read from what people type or paste.

A code pasted from a document can look right and be something else: “1․1” with a one-dot
leader (U+2024), “1.1” followed by a zero-width space, full-width digits. `normalise_code`
normalises the compatibility forms (NFKC: “1․1” becomes “1.1”, “１” becomes “1”) and drops
the invisible characters (Unicode format characters such as U+200B, U+FEFF); whatever then
remains outside the code's alphabet (letters without accents, digits, dots between parts:
Arabic-Indic digits, Cyrillic look-alikes…) fails `CODE_RE`, so it is refused, never taken
for a new code beside the real one.
"""

from __future__ import annotations

import re
import unicodedata

CODE_RE = re.compile(r"[0-9A-Za-z]+(\.[0-9A-Za-z]+)*")


def normalise_code(text: str) -> str:
    """`text` in NFKC, without invisible characters or surrounding spaces."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(char for char in text if unicodedata.category(char) != "Cf").strip()
