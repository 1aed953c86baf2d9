"""Names and aliases: folding, slugs, and the table of canonical actors (no spaCy here).

Shared by ingest (which media and places a text names) and nlp (canonical entities).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources


def fold(text: str) -> str:
    """Accents off, apostrophes unified: "Nicolás" -> "Nicolas"."""
    text = text.replace("’", "'").replace("‘", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")


def clean_name(text: str) -> str:
    """Strip a leading article and a trailing possessive: "the Kremlin's" -> "Kremlin"."""
    text = re.sub(r"^(?:the|The)\s+", "", text.strip())
    text = re.sub(r"\s*['’]s?$", "", text)
    return text.strip(" ,.;:")


@lru_cache(maxsize=1)
def alias_table() -> dict[str, tuple[str, str, str]]:
    """folded lower-case alias -> (entity id, canonical name, type)."""
    text = resources.files("claimgraph").joinpath("data/aliases.tsv").read_text("utf-8")
    out: dict[str, tuple[str, str, str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, etype, aliases = (line.split("\t") + ["", ""])[:3]
        eid = f"{'gpe' if etype in ('GPE', 'NORP') else etype.lower()}:{slug(name)}"
        for alias in [name, *[a for a in aliases.split("|") if a]]:
            out[fold(alias).lower()] = (eid, name, "GPE" if etype == "NORP" else etype)
    return out


def lookup_alias(text: str) -> tuple[str, str, str] | None:
    key = fold(clean_name(text)).lower()
    table = alias_table()
    if key in table:
        return table[key]
    # "U.S." and "US", "the United States of America"
    return table.get(key.replace(".", "")) or table.get(re.sub(r"^the\s+", "", key))
