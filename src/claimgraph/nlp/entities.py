"""Canonical entities: one id per real-world actor, within and across documents.

The ``claimgraph_entities`` component reads spaCy's NER and the parse and writes
``doc._.cg_mentions`` (one dict per mention) and ``doc._.cg_entities`` (id ->
entity dict).  Ids are stable across documents because they derive from the
canonical name: ``person:nicolas-maduro`` for "Nicolás Maduro" and "Nicolas
Maduro" alike, ``gpe:russia`` for Russia, Moscow, the Kremlin and "Russian".

Steps (in order):

1. Repair person names the small model mislabels: Title-case names right after a
   role noun ("lawmaker Alexei Zhuravlyov", "spokeswoman Maria Zakharova"), and
   single tokens that repeat the surname of a person in the same document.
2. Map places, metonyms and demonyms to countries with ``data/aliases.tsv``.
3. Ministries and other government bodies qualified by a country ("the Russian
   Foreign Ministry") become sub-actors of that country; an unqualified mention of
   the same body later in the document joins it.
4. A bare surname joins the full name used elsewhere in the document.
5. Titles and appositions are recorded as roles ("Foreign Minister",
   "the head of the Federation Council's defense and security committee").
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..names import clean_name, fold, lookup_alias, slug

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
# Nouns that introduce a person's name: "lawmaker Alexei Zhuravlyov".
ROLE_NOUNS = {
    "minister", "president", "spokeswoman", "spokesman", "spokesperson", "lawmaker", "senator", "leader",
    "chairman", "chairwoman", "chair", "head", "director", "secretary", "chancellor", "premier", "governor",
    "mayor", "ambassador", "envoy", "general", "commander", "official", "analyst", "adviser", "advisor",
    "deputy", "representative", "congressman", "congresswoman", "candidate", "nominee", "judge", "prosecutor",
    "economist", "professor", "chief", "ceo", "founder", "negotiator", "diplomat", "aide", "strategist",
    "pope", "king", "queen", "prince", "princess", "sheikh", "emir", "rep.", "sen.", "gov.", "dr.", "gen.",
    "campaigner", "activist", "lawyer", "attorney", "pollster", "manager", "coach", "member", "mp",
}
# Lower-case particles inside personal names: "Ursula von der Leyen", "Luiz Inácio Lula da Silva".
NAME_PARTICLES = {"von", "der", "van", "den", "de", "la", "le", "da", "das", "dos", "du", "del", "di", "bin", "al", "ibn"}
GOV_BODY = re.compile(
    r"^(?:(?P<country>[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)\s+)?(?P<body>(?:Foreign|Defen[cs]e|Interior|Finance|Economy|Justice|"
    r"Health|Energy|Trade|Emergencies|Agriculture)\s+Ministry|Ministry\s+of\s+[A-Z][\w ]+|(?:Defense|State|Treasury|Justice|"
    r"Commerce)\s+Department|Department\s+of\s+[A-Z][\w ]+|General\s+Staff|Security\s+Council|Central\s+Bank|"
    r"Armed\s+Forces|Embassy)$"
)


def _role_prefix(span: Span) -> str | None:
    """Title words before a person's name in the same noun phrase: "Foreign Minister"."""
    doc = span.doc
    words: list[Token] = []
    i = span.start - 1
    while i >= 0:
        t = doc[i]
        if t.dep_ in ("compound", "amod", "nmod", "nn") and t.head.i >= span.start and t.head.i < span.end or (
            words and t.dep_ in ("compound", "amod", "nmod") and t.head.i in {w.i for w in words}
        ):
            words.insert(0, t)
            i -= 1
            continue
        if t.text in ("U.S.", "US", "UK", "EU", "UN") and words:
            words.insert(0, t)
            i -= 1
            continue
        break
    if not words:
        return None
    # Keep from the first title-ish word: drop leading adjectives of nationality? No: keep them,
    # "Russian lawmaker" is the role as written.
    text = doc[words[0].i : words[-1].i + 1].text
    return text if any(w.lower_ in ROLE_NOUNS or w.text.istitle() for w in words) else None


def _apposition(span: Span) -> str | None:
    """An apposition after the name: "Viktor Bondarev, the head of ... committee"."""
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end:
            sub = list(child.subtree)
            text = span.doc[sub[0].i : sub[-1].i + 1].text
            return re.sub(r"^(?:the|a|an)\s+", "", text).strip(" ,")
    return None


def _repair_persons(doc: Doc) -> list[Span]:
    """NER spans plus person names the model missed or mislabelled."""
    ents = [e for e in doc.ents if e.label_ in ENTITY_LABELS]
    taken = {t.i for e in ents for t in e}
    extra: list[Span] = []
    relabel: dict[int, Span] = {}
    # 1a. role noun + Title-case name tokens -> PERSON
    for t in doc:
        if t.lower_ not in ROLE_NOUNS:
            continue
        j = t.i + 1
        while j < len(doc) and (doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper()
                                and (j > t.i + 1 or doc[j].ent_type_ not in ("GPE", "DATE"))
                                or doc[j].lower_ in NAME_PARTICLES and j > t.i + 1 and j + 1 < len(doc)
                                and (doc[j + 1].text[:1].isupper() or doc[j + 1].lower_ in NAME_PARTICLES)):
            j += 1
        while j > t.i + 1 and doc[j - 1].lower_ in NAME_PARTICLES:
            j -= 1
        if j - (t.i + 1) >= 2 or (j - (t.i + 1) == 1 and doc[t.i + 1].ent_type_ in ("", "PERSON", "ORG", "NORP")
                                   and doc[t.i + 1].dep_ in ("nsubj", "nsubjpass", "appos", "pobj", "dobj", "compound")):
            name = Span(doc, t.i + 1, j, label="PERSON")
            for e in ents:
                # relabel what the model got wrong; never shrink a person it found whole
                if e.start < name.end and name.start < e.end and not (e.label_ == "PERSON" and len(e) >= len(name)):
                    relabel[e.start] = name
            if not any(t2 in taken for t2 in range(name.start, name.end)):
                extra.append(name)
    out = [relabel.get(e.start, e) for e in ents if not (e.start in relabel and relabel[e.start] is None)]
    # de-duplicate replaced spans
    seen: set[tuple[int, int]] = set()
    merged: list[Span] = []
    for s in sorted(out + extra, key=lambda s: (s.start, -len(s))):
        if any(s.start < b and a < s.end for a, b in seen):
            continue
        seen.add((s.start, s.end))
        merged.append(s)
    # 1b. a single token equal to a known person's surname is that person
    surnames = {s[-1].text for s in merged if s.label_ == "PERSON" and len(s) >= 2}
    final = []
    for s in merged:
        if s.label_ != "PERSON" and len(s) == 1 and clean_name(s.text) in surnames:
            s = Span(doc, s.start, s.end, label="PERSON")
        final.append(s)
    # 1c. a surname the NER missed altogether ("Trump on Wednesday called ...")
    covered = {t for s in final for t in range(s.start, s.end)}
    for t in doc:
        if t.i not in covered and t.text in surnames and t.pos_ in ("PROPN", "NOUN", "VERB"):
            final.append(Span(doc, t.i, t.i + 1, label="PERSON"))
    return sorted(final, key=lambda s: s.start)


def _person_key(name: str) -> str:
    parts = clean_name(name).split()
    return parts[-1].title() if parts else name


def resolve_entities(doc: Doc, media: set[str] | None = None) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    media = media or set()
    spans = _repair_persons(doc)
    entities: dict[str, dict[str, Any]] = {}
    mentions: list[dict[str, Any]] = []
    full_names: dict[str, str] = {}  # surname -> entity id of the longest full name
    bodies: dict[str, str] = {}  # body name -> entity id (qualified by a country)
    folded_media = {fold(clean_name(m)).lower() for m in media}
    for s in spans:
        if s.label_ == "PERSON" and len(clean_name(s.text).split()) >= 2 and fold(clean_name(s.text)).lower() not in folded_media:
            name = clean_name(s.text)
            key = _person_key(name)
            if key not in full_names or len(name) > len(entities.get(full_names[key], {}).get("name", "")):
                full_names[key] = f"person:{slug(name)}"
                entities.setdefault(full_names[key], {"id": full_names[key], "name": name, "type": "PERSON",
                                                      "aliases": [], "roles": [], "parent": None})
    for s in spans:
        text = clean_name(s.text)
        if not text:
            continue
        label = s.label_
        eid = name = etype = parent = None
        if fold(text).lower() in folded_media:
            canon = next((m for m in media if fold(clean_name(m)).lower() == fold(text).lower()), text)
            eid, name, etype = f"media:{slug(clean_name(canon))}", canon, "MEDIA"
        elif label == "PERSON":
            if text.isupper() and len(text) > 3:
                text = text.title()  # "PENCE:" in a transcript, a headline in capitals
            key = _person_key(text)
            eid = full_names.get(key) or f"person:{slug(text)}"
            etype = "PERSON"
            name = entities[eid]["name"] if eid in entities else text
        else:
            hit = lookup_alias(text)
            m = GOV_BODY.match(text) if label in ("ORG", "FAC", "GPE", "NORP") else None
            if hit:
                eid, name, etype = hit
            elif m:
                body = m.group("body")
                country = lookup_alias(m.group("country")) if m.group("country") else None
                if country is None and m.group("country") is None:
                    # "Russian Foreign Ministry": the demonym may be outside the NER span.
                    prev = doc[s.start - 1] if s.start > 0 else None
                    if prev is not None and prev.ent_type_ in ("NORP", "GPE"):
                        country = lookup_alias(prev.text)
                if country:
                    eid = f"org:{slug(country[1])}-{slug(body)}"
                    # the name as written when the text qualifies it ("Russian Foreign Ministry")
                    qualifier = m.group("country") or (doc[s.start - 1].text if s.start > 0 else country[1])
                    name, etype, parent = f"{qualifier} {body}", "ORG", country[0]
                    bodies[body] = eid
                elif body in bodies:
                    eid = bodies[body]
                    name, etype = entities[eid]["name"], "ORG"
                else:
                    eid, name, etype = f"org:{slug(body)}", body, "ORG"
            else:
                etype = {"NORP": "NORP", "LOC": "LOC", "FAC": "FAC"}.get(label, label)
                eid, name = f"{etype.lower()}:{slug(text)}", text
        ent = entities.setdefault(eid, {"id": eid, "name": name, "type": etype, "aliases": [], "roles": [], "parent": parent})
        if parent and not ent.get("parent"):
            ent["parent"] = parent
        if text != ent["name"] and text not in ent["aliases"]:
            ent["aliases"].append(text)
        if etype == "PERSON":
            for role in (_role_prefix(s), _apposition(s)):
                if role and role not in ent["roles"]:
                    ent["roles"].append(role)
        mentions.append({"entity_id": eid, "text": s.text, "start": s.start_char, "end": s.end_char, "label": etype,
                         "token_start": s.start, "token_end": s.end})
    return mentions, entities


if not Doc.has_extension("cg_mentions"):
    Doc.set_extension("cg_mentions", default=None)
    Doc.set_extension("cg_entities", default=None)
    Doc.set_extension("cg_media", default=None)


@Language.component("claimgraph_entities", requires=["doc.ents", "token.dep"], assigns=["doc._.cg_mentions", "doc._.cg_entities"])
def entities_component(doc: Doc) -> Doc:
    media = set(doc._.cg_media or [])
    doc._.cg_mentions, doc._.cg_entities = resolve_entities(doc, media)
    return doc
