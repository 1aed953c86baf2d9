"""PLOVER events: who gave, asked, refused, threatened or did what to whom, sentence by sentence.

The ``claimgraph_events`` component reads the parse, ``doc._.cg_mentions`` and ``doc._.quotes``
and writes ``doc._.cg_events``: one plain JSON-able dict per event a sentence states, inside
quotations too::

    {"type": "AID", "mode": "military", "lemma": "provide", "trigger": [s, e],
     "actor": {"entity_id", "text", "span"} | None, "target": same | None,
     "object": {"text", "span", "entity_id"} | None,
     "polarity": "affirmed" | "negated",
     "modality": "asserted" | "possible" | "intended" | "advocated" | "conditional" | "question",
     "sentence": [s, e], "quote": index into doc._.quotes | None,
     "how": "verb" | "noun" | "answer", "answer_to": [s, e] | None}

Types are PLOVER's (2023 names: REQUEST for the older DEMAND, ACCUSE for DISAPPROVE and
INVESTIGATE, ASSAULT for FIGHT), from the hand-written lexicon ``data/plover_verbs.tsv``.
Reporting verbs (say, tell, add, note) are no events; "deny" is REJECT.

Cascade (:func:`find_events`), each step one pass over the tokens (no pairwise loops):

1. Indexes: token -> entity mention, token -> innermost speech quotation, token -> sentence,
   and the GPE/ORG mentions in text order (for "they"/"it").
2. Clause states, top-down over each sentence's tree (:func:`_clause_states`): negation,
   modality, "if" clauses and questions pass along dependency edges -- an infinitive inherits
   its governor's negation and takes its modality from it ("does not plan to provide": negated,
   intended), a clause under "deny"/"refuse" flips ("denied reports that X": X negated), an
   "if" clause is conditional, a "whether" clause under "ask" is a question.
3. Triggers: lexicon verbs (light verbs such as "hold", "extend" take their type from the event
   noun they govern: "extended the offer" is AGREE; "cut", "lift" invert it: "cut aid" is
   SANCTION), then event nouns that are no trigger's object ("a request from Caracas").
4. Arguments (:func:`_verb_roles`, :func:`_noun_roles`): actor = subject or passive agent
   (or the controller of an infinitive: "urged Russia to withdraw" -> Russia withdraws), target
   and object from the object, dative and prepositions as the type fits; each resolved to an
   entity id through the mentions, pronouns ("we" in a quotation -> the speaker's country or
   body; "they"/"it" -> the latest country or organisation named before) and seats of
   government used as places ("a visit to Moscow" -> Russia).
5. Answers: a short speech quotation opening with "No"/"Yes" in a sentence that also has
   "asked whether CLAUSE" (or "asked about X") gives CLAUSE's events that polarity, linked to the
   answer's quotation (``how`` "answer", ``answer_to`` the question clause). An unanswered
   question's events are only "possible".
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..names import ROLE_NOUNS

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")

# --- lexicon -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One line of ``data/plover_verbs.tsv``."""

    head: str
    extra: tuple[str, ...]  # words that must be dependents of the head ("on" in "call on")
    pos: str  # VERB, NOUN (an event on its own) or OBJ (types a light verb only)
    type: str  # a PLOVER type, LIGHT or REDUCE
    material: str | None  # the type when the object shows a material mode ("SUPPORT|COOPERATE")
    mode: str | None
    frame: str | None


@lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, str], tuple[Entry, ...]]:
    """(head lemma, "VERB" | "NOUN") -> entries, those with more words first.
    The "NOUN" key holds both NOUN and OBJ entries."""
    text = resources.files("claimgraph").joinpath("data/plover_verbs.tsv").read_text("utf-8")
    table: dict[tuple[str, str], list[Entry]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        phrase, pos, etype, mode, frame = line.split("\t")
        words = phrase.split()
        head, extra = (words[0], tuple(words[1:])) if pos == "VERB" else (words[-1], tuple(words[:-1]))
        base, _, material = etype.partition("|")
        entry = Entry(head, extra, pos, base, material or None, None if mode == "-" else mode, None if frame == "-" else frame)
        table.setdefault((head, "VERB" if pos == "VERB" else "NOUN"), []).append(entry)
    return {k: tuple(sorted(v, key=lambda e: -len(e.extra))) for k, v in table.items()}


# --- word classes (named here, with what they do) ------------------------------------------

# Governors of an infinitive or clause, and the modality they give it.
INTEND = {"plan", "intend", "aim", "prepare", "prepared", "want", "seek", "hope", "decide", "promise", "pledge", "vow", "swear",
          "agree", "offer", "threaten", "try", "attempt", "ready", "willing", "determined", "refuse", "expect", "plot",
          "intention", "bid", "consider", "mull", "weigh", "resolve", "commit", "committed", "eager", "keen"}
ADVOCATE = {"urge", "call", "ask", "demand", "request", "press", "push", "encourage", "recommend", "propose", "need", "require",
            "order", "tell", "appeal", "insist", "advise", "instruct", "implore", "beg", "must", "should", "necessary"}
POSSIBLE = {"able", "ability", "capable", "capacity", "right", "possible", "likely", "possibility", "option", "could",
            "may", "might", "chance"}
# Verbs whose object (or "on" phrase) does what their infinitive says: "urged Russia to withdraw".
OBJECT_CONTROL = {"urge", "ask", "tell", "order", "force", "persuade", "invite", "allow", "encourage", "call", "press",
                  "push", "instruct", "compel", "pressure", "pressurize", "advise", "implore", "beg", "help", "warn", "permit"}
# Governors that deny what they govern: "denied that X", "refused to X", "ruled out X-ing".
NEGATING = {"deny", "refuse", "fail", "decline", "refute", "avoid", "reject", "dismiss", "cease", "neglect"}
# Nouns under "deny" whose "that" clause is what is denied: "denied reports that X".
CLAIM_NOUNS = {"report", "claim", "allegation", "suggestion", "rumor", "rumour", "speculation", "accusation", "assertion",
               "story", "charge", "news"}
# Verbs that make a "whether"/"if" clause (or an "about" phrase) a question.
ASK = {"ask", "wonder", "question", "inquire", "enquire", "query", "press"}
MODALS = {"could": "possible", "might": "possible", "may": "possible", "can": "possible", "would": "possible",
          "should": "advocated", "must": "advocated", "ought": "advocated", "shall": None, "will": None}
# The light verbs whose event is only weighed or planned: "was considering a base".
LIGHT_MODALITY = {"consider": "intended", "plan": "intended", "prepare": "intended", "propose": "advocated", "mull": "intended"}
# Reporting a thing is not refusing it: "declined to comment".
SPEECH_XCOMP = {"comment", "elaborate", "say", "speculate", "confirm", "name", "identify", "disclose", "specify"}
# Heads that take their event from a modifier: "a mediation effort", "aid deliveries", "emergency measures".
GENERIC_HEADS = {"effort", "mission", "campaign", "program", "programme", "plan", "process", "initiative", "operation",
                 "package", "measure", "move", "bid", "drive", "delivery", "shipment", "flight", "convoy", "team"}
# Heads that take their event from an "of" phrase: "part of an aid program", "a state of emergency".
CONTAINER_HEADS = {"part", "state", "series", "wave", "round", "resumption", "start", "beginning", "continuation",
                   "expansion", "escalation", "form", "kind", "type", "number", "lot", "string", "spate"}

# Words of an object or a trigger's modifiers that give a material mode.
MODE_WORDS = {
    "military": {"military", "militarily", "arm", "arms", "weapon", "weaponry", "missile", "rocket", "troop", "soldier",
                 "adviser", "advisor", "defense", "defence", "ammunition", "munition", "tank", "jet", "aircraft", "warship",
                 "drone", "army", "navy", "howitzer", "artillery", "base", "peacekeeper", "armament", "fighter", "submarine",
                 "technical-military", "military-technical", "shell"},
    "economic": {"economic", "economically", "financial", "financially", "loan", "credit", "money", "fund", "funding",
                 "cash", "budget", "debt", "dollar", "euro", "grant", "subsidy", "$"},
    "humanitarian": {"humanitarian", "food", "medicine", "medical", "relief", "vaccine", "shelter", "tent", "blanket"},
    "asylum": {"asylum"},
}
MODE_OF_WORD = {w: mode for mode, words in MODE_WORDS.items() for w in words}
MATERIAL_MODES = {"military", "economic", "humanitarian", "asylum"}
HINT_TYPES = {"AID", "REQUEST", "REJECT", "AGREE", "SUPPORT", "COOPERATE", "SANCTION", "THREATEN", "CONCEDE"}

# What a reduction ("cut aid", "lift sanctions", "halt the offensive") of each kind of thing is.
REDUCE_TO = {"AID": ("SANCTION", "withdraw"), "COOPERATE": ("SANCTION", "sever"), "SUPPORT": ("SANCTION", "sever"),
             "AGREE": ("SANCTION", "sever"), "CONSULT": ("SANCTION", "cancel"), "SANCTION": ("CONCEDE", None),
             "COERCE": ("CONCEDE", None), "PROTEST": ("CONCEDE", None), "THREATEN": ("CONCEDE", None),
             "REQUEST": ("CONCEDE", None), "ASSAULT": ("RETREAT", "ceasefire"), "MOBILIZE": ("RETREAT", "withdraw")}

# Types whose target is the target of the act they commit to, refuse or threaten.
COMMISSIVE = {"AGREE", "REJECT", "THREATEN"}
# Types where "X and Y did it" means with each other: X is the actor, Y the target.
RECIPROCAL = {"AGREE", "CONSULT", "COOPERATE", "SUPPORT", "ASSAULT"}
# Types whose direct object is the one acted on (the target), not a thing handed over.
DOBJ_TARGET = {"CONSULT", "SUPPORT", "ACCUSE", "THREATEN", "SANCTION", "COERCE", "ASSAULT", "PROTEST"}
ACTOR_LABELS = {"PERSON", "GPE", "ORG", "NORP", "MEDIA"}
PERSONAL = {"i", "me", "we", "us", "he", "him", "she", "her", "they", "them", "it", "you"}
POSSESSIVE = {"my": "i", "our": "we", "his": "he", "her": "she", "their": "they", "its": "it", "your": "you"}
RELATIVE = {"who", "which", "that", "whom", "whose"}
ANSWER_NO = {"no", "nope", "never", "not", "nah"}
DENIAL_WORDS = {"no", "not", "n't", "never", "nothing", "none", "nobody", "neither", "nor"}
ANSWER_YES = {"yes", "yeah", "yep", "indeed", "certainly", "absolutely", "sure", "correct", "right", "exactly"}
TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
              "tomorrow", "weekend", "week", "month", "year", "morning", "evening", "night", "day"}
# Phrase edges cut off an actor's or target's text ("Lavrov, who ...", "Russia, which ...").
ARG_CUT = {"relcl", "acl", "appos", "advcl", "punct", "cc", "conj", "prep"}
OBJ_CUT = {"relcl", "appos", "advcl", "punct"}


def _prep_role(prep: str, etype: str, noun: bool) -> str | None:
    """The role of a prepositional phrase on a trigger of type ``etype`` (None: no role).

    "aid to Venezuela" (target), "a request from Caracas" (actor of a noun, target of a verb:
    "sought aid from Russia"), "called for sanctions" (object), "talks with Iran" (target),
    "supply Venezuela with missiles" (object), "withdraw from Syria" (target).
    """
    if prep in ("against", "upon"):
        return "target"
    if prep == "at":
        return "target" if etype in ("ASSAULT", "THREATEN", "PROTEST", "MOBILIZE", "COERCE") else None  # "fired at"
    if prep == "to":
        return "object" if etype == "AGREE" else "target"
    if prep == "with":
        return "object" if etype in ("AID", "THREATEN", "ACCUSE", "COERCE") else "target"
    if prep == "on":
        return "target" if etype in ("REQUEST", "SANCTION", "ASSAULT", "COERCE", "PROTEST", "THREATEN", "ACCUSE") else "object"
    if prep == "from":
        return "actor" if noun else "target"
    if prep == "for":
        return "target" if etype in ("AID", "SUPPORT") else "object"
    if prep == "by":
        return "actor" if noun else None
    if prep == "of" and not noun and etype == "RETREAT":
        return "target"  # "get out of the country"
    if prep in ("of", "over", "about", "into"):
        return "object"
    return None


# --- 1. indexes ----------------------------------------------------------------------------

@dataclass
class _Context:
    doc: Doc
    text: str  # doc.text, built once (the property joins every token on each call)
    mentions: list[dict[str, Any]]
    entities: dict[str, dict[str, Any]]
    quotes: list[dict[str, Any]]
    tok_mention: list[int]  # token -> index into mentions, or -1
    tok_quote: list[int]  # token -> innermost speech quotation, or -1
    tok_sent: list[int]  # token -> sentence number
    sents: list[tuple[int, int, int, int]]  # (start token, end token, start char, end char)
    actor_starts: list[int]  # token starts of GPE/ORG mentions, in text order
    actor_ids: list[str]


def _index(doc: Doc) -> _Context:
    mentions = [m for m in (doc._.cg_mentions or [])]
    entities = doc._.cg_entities or {}
    quotes = (doc._.quotes if Doc.has_extension("quotes") else None) or []
    n = len(doc)
    tok_mention = [-1] * n
    actor_starts: list[int] = []
    actor_ids: list[str] = []
    for k, m in enumerate(mentions):
        for i in range(m["token_start"], min(m["token_end"], n)):
            tok_mention[i] = k
        if m["label"] in ("GPE", "ORG") and not m.get("furniture"):
            actor_starts.append(m["token_start"])
            actor_ids.append(m["entity_id"])
    starts = [t.idx for t in doc]
    tok_quote = [-1] * n
    painted: list[tuple[int, int, int]] = []  # (length, start token, quote)
    for qi, q in enumerate(quotes):
        if not q.get("speech"):
            continue
        for s, e in (q.get("fragments") or [q["content"]]):
            a = bisect.bisect_left(starts, s)
            b = bisect.bisect_left(starts, e)
            painted.append((b - a, a, qi))
    for length, a, qi in sorted(painted, reverse=True):  # the widest first: inner quotations win
        for i in range(a, a + length):
            tok_quote[i] = qi
    tok_sent = [0] * n
    sents: list[tuple[int, int, int, int]] = []
    text = doc.text
    for k, s in enumerate(doc.sents):
        for i in range(s.start, s.end):
            tok_sent[i] = k
        end_char = s.end_char
        while end_char > s.start_char and text[end_char - 1].isspace():
            end_char -= 1
        sents.append((s.start, s.end, s.start_char, end_char))
    return _Context(doc, text, mentions, entities, quotes, tok_mention, tok_quote, tok_sent, sents, actor_starts, actor_ids)


# --- 2. clause states ----------------------------------------------------------------------

@dataclass
class _States:
    neg: list[bool]  # effective negation of each token
    mod: list[str]  # effective modality
    cond: list[bool]  # inside an "if" clause
    question: list[int]  # token of the question clause it sits in, or -1
    inh_neg: list[bool]  # what the token inherited (for its conjuncts)
    inh_mod: list[str]


def _own_negation(t: Token) -> bool:
    """"not"/"never" on the word, "no" on it or on its subject or object ("provided no aid"),
    "without X", "rather than X"."""
    neg = False
    for c in t.children:
        if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") or (
                c.dep_ in ("nsubj", "nsubjpass", "dobj") and (c.lower_ in ("nobody", "nothing", "none", "neither")
                                                                 or any(d.dep_ == "det" and d.lower_ == "no" for d in c.children))):
            neg = True
    if t.dep_ in ("pobj", "pcomp") and t.head.lower_ == "without":
        neg = not neg
    left = t.left_edge.i
    doc = t.doc
    if left >= 2 and (doc[left - 2].lower_, doc[left - 1].lower_) in (("rather", "than"), ("instead", "of")):
        neg = not neg
    return neg


def _own_modality(t: Token) -> str | None:
    for c in t.children:
        if c.dep_ in ("aux", "auxpass") and c.tag_ == "MD":
            mod = MODALS.get(c.lower_)
            if mod:
                return mod
    return None


def _mark(t: Token) -> str | None:
    for c in t.children:
        if c.dep_ == "mark" or (c.dep_ == "advmod" and c.lower_ in ("whether", "if")):
            return c.lower_
    return None


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _negating(t: Token) -> bool:
    """A governor that denies what it governs: "deny", "refuse", "fail", "rule out"."""
    lem = _lemma(t)
    return lem in NEGATING or (lem == "rule" and any(c.lower_ == "out" for c in t.children))


def _clause_states(doc: Doc) -> _States:
    """Negation, modality, condition and question of every token, passed down each tree."""
    n = len(doc)
    st = _States([False] * n, ["asserted"] * n, [False] * n, [-1] * n, [False] * n, ["asserted"] * n)
    denied_claim = [False] * n  # a claim noun under "deny": its "that" clause is denied
    stack = [t for t in doc if t.head.i == t.i]
    while stack:
        t = stack.pop()
        st.neg[t.i] = st.inh_neg[t.i] ^ _own_negation(t)
        st.mod[t.i] = _own_modality(t) or st.inh_mod[t.i]
        lem = _lemma(t)
        for c in t.children:
            i = c.i
            st.cond[i] = st.cond[t.i]
            st.question[i] = st.question[t.i]
            dep = c.dep_
            mark = _mark(c) if dep in ("ccomp", "advcl", "xcomp") else None
            neg, mod = False, "asserted"
            if dep == "conj":
                # "should follow the precedent and release his returns": a verb sharing its head's
                # subject shares its modal too; one with a subject of its own only what is inherited
                own_subject = any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children)
                neg, mod = st.inh_neg[t.i], st.inh_mod[t.i] if own_subject else st.mod[t.i]
            elif mark in ("whether", "if") and lem in ASK:  # "asked whether X": X is a question
                st.question[i] = i
            elif dep == "advcl" and mark in ("if", "unless"):
                st.cond[i] = True
            elif dep == "advcl" and c.tag_ == "VBG" and mark is None and not any(x.dep_ == "nsubj" for x in c.children):
                mod = st.mod[t.i]  # "Establishing a base ... would mean": as hypothetical as its main clause
            elif dep == "xcomp" or (dep == "acl" and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children)) or (
                    dep == "ccomp" and lem in ADVOCATE and lem not in ("tell", "ask")):
                neg = st.neg[t.i] if dep != "ccomp" else False
                mod = st.mod[t.i]  # "must be ready to mediate", "could plan to ...": the governor's own modality wins
                if mod == "asserted":
                    mod = ("intended" if lem in INTEND else "advocated" if lem in ADVOCATE else "possible" if lem in POSSIBLE
                           else mod)
                if _negating(t):
                    neg = not neg
            elif dep == "ccomp" and _negating(t):
                neg = not st.neg[t.i]
            elif dep in ("acl", "ccomp") and denied_claim[t.i]:
                neg = True
            elif dep == "dobj" and c.pos_ == "VERB" and _negating(t):
                neg = not st.neg[t.i]  # "ruled out sending troops"
            elif dep in ("nsubj", "nsubjpass", "csubj", "dobj", "dative", "attr", "oprd", "acomp", "appos", "compound", "amod",
                         "nmod", "poss", "npadvmod") or (dep in ("prep", "pobj") and t.pos_ in ("NOUN", "PROPN", "ADP")):
                neg, mod = st.neg[t.i], st.mod[t.i]
                if dep in ("prep", "pobj") and t.pos_ == "ADP" and t.head.pos_ in ("VERB", "AUX"):
                    neg, mod = False, "asserted"  # "could supply X, following a request": the request is no possibility
            if dep == "prep" and c.lower_ == "about" and lem in ASK:
                st.question[i] = i  # "when asked about X"
            if dep == "dobj" and lem in NEGATING and _lemma(c) in CLAIM_NOUNS:
                denied_claim[i] = True
            st.inh_neg[i], st.inh_mod[i] = neg, mod
            stack.append(c)
    return st


# --- 3. triggers -----------------------------------------------------------------------------

# Particles of phrasal entries that take an object of their own: "call on X", "ask for X", "fire at X".
OBJECT_PARTICLES = {"on", "upon", "for", "at"}


def _matches(t: Token, entry: Entry) -> bool:
    """The head's other words are its dependents: a particle, a bare preposition ("get out of"),
    one that takes the phrase's object ("call on Moscow"), or an object ("open fire", "hunger
    strike"); "gave the appearance ... in the polls" is no "give in"."""
    for w in entry.extra:
        if not any((c.lower_ == w or _lemma(c) == w) and (
                c.dep_ != "prep" or w in OBJECT_PARTICLES or not any(p.dep_ in ("pobj", "pcomp") for p in c.children))
                for c in t.children):
            return False
    return _frame_ok(t, entry.frame)


def _frame_ok(t: Token, frame: str | None) -> bool:
    if frame is None:
        return True
    if "," in frame:
        return any(_frame_ok(t, f) for f in frame.split(","))
    deps = {c.dep_ for c in t.children}
    preps = {c.lower_ for c in t.children if c.dep_ == "prep"}
    if frame == "obj":
        return bool(deps & {"dobj", "dative", "xcomp", "ccomp", "nsubjpass", "attr"}) or "for" in preps or t.dep_ in ("acl", "relcl")
    if frame == "dobj":
        return bool(deps & {"dobj", "nsubjpass"}) or "for" in preps
    if frame == "xcomp":
        return "xcomp" in deps
    if frame == "nocomp":
        return not deps & {"ccomp", "oprd", "attr", "xcomp", "acomp"}
    if frame in ("typed", "actor"):
        obj = next((c for c in t.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if frame == "actor":
            return obj is None or obj.pos_ in ("PRON", "PROPN") or obj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") \
                or _lemma(obj) in ROLE_NOUNS
        return obj is not None and (_noun_entry(obj) is not None or _mode_from(list(obj.subtree)) in MATERIAL_MODES)
    if frame == "target":
        if "dative" in deps or "to" in preps:
            return True
        return any(c.dep_ == "dobj" and (c.lower_ in PERSONAL or c.ent_type_ in ("GPE", "ORG", "NORP", "PERSON")) for c in t.children)
    return any(c.dep_ == "prep" and c.lower_ == frame and _pobj(c) is not None for c in t.children)


def _lookup(t: Token, pos: str) -> Entry | None:
    table = lexicon()
    keys = (_lemma(t), t.lower_) + ((t.lower_[:-1],) if t.tag_ == "NNS" and t.lower_.endswith("s") else ())
    for key in dict.fromkeys(keys):
        for entry in table.get((key, pos), ()):
            if _matches(t, entry):
                return entry
    return None


def _noun_entry(t: Token, depth: int = 0) -> Entry | None:
    """The lexicon entry of a noun, or of the event a generic or container head stands for
    ("a mediation effort", "part of a military aid program", "a state of emergency")."""
    if not (t.pos_ in ("NOUN", "PROPN") or t.tag_ == "VBG"):
        return None
    entry = _lookup(t, "NOUN")
    if depth > 2:
        return entry
    lem = _lemma(t)
    if lem in GENERIC_HEADS:
        for c in t.children:
            if c.dep_ in ("compound", "amod", "nmod") and c.i < t.i:
                sub = _lookup(c, "NOUN") if c.pos_ in ("NOUN", "PROPN") else None
                if sub is not None and sub.type != "REDUCE":
                    return sub
    if entry is None and (lem in CONTAINER_HEADS or t.lower_ in CONTAINER_HEADS):
        pobj = _of_object(t)
        if pobj is not None:
            return _noun_entry(pobj, depth + 1)
    return entry


def _of_object(t: Token) -> Token | None:
    """The noun of ``t``'s "of" phrase: "suspension of [air links]"."""
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    return None


def _mode_from(tokens: list[Token]) -> str | None:
    for t in tokens:
        mode = MODE_OF_WORD.get(_lemma(t)) or MODE_OF_WORD.get(t.lower_)
        if mode is None and "-" in t.text:
            mode = next((MODE_OF_WORD[w] for w in t.lower_.split("-") if w in MODE_OF_WORD), None)
        if mode:
            return mode
    return None


def _resolve_type(entry: Entry, noun: Entry | None, mode_hint: str | None) -> tuple[str | None, str | None]:
    """(PLOVER type, lexicon mode) of a trigger, given the typed event noun it governs, if any."""
    if entry.type == "LIGHT":
        if noun is None or (entry.material and noun.pos == "OBJ"):
            # "sent military advisers", "contribute troops": a thing handed over, not an event named
            if entry.material and (mode_hint in MATERIAL_MODES or (noun is not None and noun.mode in MATERIAL_MODES)):
                return entry.material, None
            if noun is None:
                return None, None
        etype = noun.material if noun.material and mode_hint in MATERIAL_MODES else noun.type
        return etype, noun.mode
    if entry.type == "REDUCE":
        if noun is None:
            return None, None
        base = noun.material if noun.material and mode_hint in MATERIAL_MODES else noun.type
        return REDUCE_TO.get(base, (None, None))
    etype = entry.material if entry.material and mode_hint in MATERIAL_MODES else entry.type
    mode = entry.mode
    if mode is None and noun is not None and noun.mode in MATERIAL_MODES:
        mode = noun.mode  # "requested asylum"
    return etype, mode


# --- 4. arguments ------------------------------------------------------------------------------

def _span(t: Token, cut: set[str], drop: set[int] | frozenset[int] = frozenset()) -> tuple[int, int]:
    """Token span [lo, hi] of a phrase headed by ``t``, without the dependents in ``cut`` (an "of"
    phrase stays: "the head of the committee"), the tokens in ``drop`` and a possessive's "'s"."""
    lo = hi = t.i
    for c in t.children:
        if (c.dep_ in cut and not (c.dep_ == "prep" and c.lower_ == "of" and "prep" in cut and c.i > t.i)) or c.i in drop \
                or c.dep_ == "case":
            continue
        lo = min(lo, c.left_edge.i)
        hi = max(hi, c.right_edge.i)
    doc = t.doc
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space or doc[lo].dep_ in ("mark", "cc")):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space or doc[hi].dep_ == "cc"):
        hi -= 1
    return _balance(doc, lo, hi)


def _balance(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    """Take in the closing mark of a quotation the phrase opens: a new “strategic partnership agreement”."""
    opens = sum(doc[i].text in ("“", "‘") for i in range(lo, hi + 1))
    closes = sum(doc[i].text in ("”", "’") for i in range(lo, hi + 1))
    if opens > closes and hi + 1 < len(doc) and doc[hi + 1].text in ("”", "’"):
        hi += 1
    return lo, hi


def _chars(doc: Doc, lo: int, hi: int) -> list[int]:
    return [doc[lo].idx, doc[hi].idx + len(doc[hi])]


def _speaker_group(ctx: _Context, qi: int) -> str | None:
    """Who "we" is in quotation ``qi``: the speaker's country or body if the speaker has one, else the speaker."""
    sid = ctx.quotes[qi].get("speaker_id")
    if not sid:
        return None
    ent = ctx.entities.get(sid) or {}
    if ent.get("parent"):
        return ent["parent"]
    for aff in ent.get("affiliations") or []:
        parent = (ctx.entities.get(aff) or {}).get("parent")
        if parent and (ctx.entities.get(parent) or {}).get("type", "GPE") in ("GPE", "ORG"):
            return parent
        return aff
    return sid


def _as_actor(ctx: _Context, eid: str | None) -> str | None:
    """A seat of government named as a place acts for its country: "a visit to Moscow" -> Russia."""
    ent = ctx.entities.get(eid or "")
    if ent and ent.get("parent") and ent.get("type") in ("GPE", "FAC", "NORP"):
        return ent["parent"]
    return eid


def _entity_of(ctx: _Context, t: Token, depth: int = 0) -> str | None:
    """The entity a token names or stands for (mentions, pronouns, relatives, modifiers)."""
    k = ctx.tok_mention[t.i]
    if k >= 0:
        return ctx.mentions[k]["entity_id"]
    low = POSSESSIVE.get(t.lower_, t.lower_) if t.tag_ in ("PRP$", "WP$") or t.dep_ == "poss" else t.lower_
    if t.pos_ == "PRON" or t.tag_ in ("PRP", "PRP$"):
        qi = ctx.tok_quote[t.i]
        if low in ("we", "us", "ours", "ourselves"):
            return _speaker_group(ctx, qi) if qi >= 0 else None
        if low in ("i", "me", "mine", "myself"):
            return ctx.quotes[qi].get("speaker_id") if qi >= 0 else None
        if low in ("they", "them", "theirs", "it", "itself", "themselves", "he", "him", "she", "her", "himself", "herself"):
            reporter = _reporter(ctx, t, person=low[:1] in ("h", "s"))
            if reporter is not None:
                return reporter
        if low in ("they", "them", "theirs", "it", "itself", "themselves"):
            j = bisect.bisect_left(ctx.actor_starts, t.i) - 1
            return ctx.actor_ids[j] if j >= 0 else None
        if low in ("he", "him", "she", "her", "himself", "herself"):
            if qi >= 0 and ctx.quotes[qi].get("kind") != "direct":
                sid = ctx.quotes[qi].get("speaker_id")
                if sid and (ctx.entities.get(sid) or {}).get("type") == "PERSON":
                    return sid
            return None
    if low in RELATIVE and t.head.dep_ == "relcl" and depth < 3:
        return _entity_of(ctx, t.head.head, depth + 1)
    for c in t.children:  # "Trump's running mate, Indiana Gov. Mike Pence": the apposition names him
        if c.dep_ == "appos" and ctx.tok_mention[c.i] >= 0 and ctx.mentions[ctx.tok_mention[c.i]]["label"] == "PERSON":
            return ctx.mentions[ctx.tok_mention[c.i]]["entity_id"]
    for c in t.children:  # "the Venezuelan government", "US aid", "Russia's offer", "our troops"
        if c.dep_ == "poss" and c.tag_ == "PRP$" and depth < 3:
            return _entity_of(ctx, c, depth + 1)
        if c.dep_ in ("compound", "amod", "poss", "nmod") and ctx.tok_mention[c.i] >= 0:
            m = ctx.mentions[ctx.tok_mention[c.i]]
            # a nationality stands for its country; "South American" for none
            if m["label"] in ACTOR_LABELS and (m["label"] != "NORP" or (ctx.entities.get(m["entity_id"]) or {}).get("parent")):
                return m["entity_id"]
    return None


def _reporter(ctx: _Context, t: Token, person: bool) -> str | None:
    """"Hungary said it will support ...", "Bouteflika said he is prepared to ...": a pronoun subject
    of a reported clause is the reporting verb's named subject, when it fits (he/she a person,
    it/they not). Not inside a direct quotation, where the speaker's "they" is someone else."""
    if t.dep_ not in ("nsubj", "nsubjpass") or t.head.dep_ != "ccomp":
        return None
    qi = ctx.tok_quote[t.i]
    if qi >= 0 and ctx.quotes[qi].get("kind") == "direct":
        return None
    subj = next((c for c in t.head.head.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ == "PRON":
        return None
    eid = _entity_of(ctx, subj)
    ent = ctx.entities.get(eid or "") or {}
    if ent.get("type") == "NORP" and ent.get("parent"):
        eid, ent = ent["parent"], ctx.entities.get(ent["parent"]) or {}
    if eid is None or (ent.get("type") == "PERSON") != person:
        return None
    return eid


def _arg(ctx: _Context, t: Token, role: str, drop: set[int] | frozenset[int] = frozenset()) -> dict[str, Any]:
    """An actor, target or object dict for the phrase headed by ``t``."""
    doc = ctx.doc
    if role == "object":
        lo, hi = _span(t, OBJ_CUT, drop)
        eid = None
        k = ctx.tok_mention[t.i]
        if k >= 0:
            eid = ctx.mentions[k]["entity_id"]
        else:
            kid = next((ctx.tok_mention[c.i] for c in t.children
                        if c.dep_ in ("compound", "amod", "nmod", "poss") and ctx.tok_mention[c.i] >= 0), -1)
            eid = ctx.mentions[kid]["entity_id"] if kid >= 0 else None
        return {"text": doc[lo : hi + 1].text, "span": _chars(doc, lo, hi), "entity_id": eid}
    if t.lower_ in PERSONAL or t.lower_ in POSSESSIVE or t.lower_ in RELATIVE:
        lo = hi = t.i
    else:
        lo, hi = _span(t, ARG_CUT)
    eid = _entity_of(ctx, t)
    ent = ctx.entities.get(eid or "") or {}
    if ent.get("type") == "NORP" and ent.get("parent"):
        eid = ent["parent"]  # "the Russians", "Venezuelan officials"
    return {"entity_id": _as_actor(ctx, eid), "text": doc[lo : hi + 1].text, "span": _chars(doc, lo, hi)}


def _is_actor_like(ctx: _Context, t: Token) -> bool:
    if t.lower_ in PERSONAL:
        return t.lower_ != "it"  # "if Warsaw requests it": a thing
    k = ctx.tok_mention[t.i]
    return k >= 0 and ctx.mentions[k]["label"] in ACTOR_LABELS


def _is_time(t: Token) -> bool:
    return t.ent_type_ in ("DATE", "TIME") or t.lower_ in TIME_WORDS


def _subject(v: Token, depth: int = 0) -> Token | None:
    """Who does what ``v`` says: its subject, passive agent, or the controller of an infinitive."""
    if depth > 6:
        return None
    for c in v.children:
        if c.dep_ in ("nsubj", "csubj"):
            if c.lower_ in RELATIVE and v.dep_ == "relcl":
                return v.head
            return c
        if c.dep_ == "agent":
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children):
        return None  # "people who may need to be detained": the controller is the one detained
    h = v.head
    if h.i == v.i:
        return None
    if v.dep_ == "conj" and h.pos_ in ("VERB", "AUX"):
        return _subject(h, depth + 1)
    if v.dep_ == "relcl":
        return h
    if v.dep_ == "xcomp" or (v.dep_ == "ccomp" and _lemma(h) in OBJECT_CONTROL and v.tag_ == "VB"):
        if _lemma(h) in OBJECT_CONTROL:
            for c in h.children:
                if c.dep_ in ("dobj", "dative"):
                    return c
                if c.dep_ == "prep" and c.lower_ in ("on", "upon"):
                    pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                    if pobj is not None:
                        return pobj
        if h.dep_ == "acomp" or h.pos_ == "ADJ":  # "is not prepared to intervene"
            return _subject(h.head if h.dep_ == "acomp" else h, depth + 1)
        return _subject(h, depth + 1)
    if v.dep_ == "acl" and v.tag_ in ("VB",):  # "the right to open bases"
        n = h
        while n.dep_ == "conj" and n.head.i != n.i:
            n = n.head
        if n.dep_ in ("dobj", "attr") and n.head.pos_ in ("VERB", "AUX"):
            return _subject(n.head, depth + 1)
        return None
    if v.dep_ in ("advcl", "pcomp") and v.tag_ in ("VBG", "VB") and h.pos_ in ("VERB", "AUX"):
        return _subject(h, depth + 1)  # "By sending troops, Russia ..."
    return None


def _pobj(prep: Token) -> Token | None:
    pobj = next((p for p in prep.children if p.dep_ in ("pobj", "pcomp")), None)
    if pobj is None:  # "get out of the country": the phrase hangs off the particle
        inner = next((p for p in prep.children if p.dep_ == "prep"), None)
        if inner is not None:
            pobj = next((p for p in inner.children if p.dep_ == "pobj"), None)
    if pobj is None or _is_time(pobj):
        return None
    return pobj


@dataclass
class _Roles:
    actor: Token | None = None
    target: Token | None = None
    obj: Token | None = None
    obj_clause: Token | None = None  # an infinitive or clause object: spans its subtree
    used: set[int] = field(default_factory=set)  # prepositions of the object that gave a role: not its text


def _fill_preps(roles: _Roles, heads: list[Token], etype: str, noun: bool, target_only: Token | None = None) -> None:
    """Roles from the prepositional phrases on ``heads`` (the trigger, and a light verb's noun);
    ``target_only``: an object noun whose phrases may give the target ("provide aid to X")."""
    for h in heads + ([target_only] if target_only is not None else []):
        for c in h.children:
            if c.dep_ not in ("prep", "prt", "agent"):
                continue
            low = c.lower_
            if c.dep_ == "prt" or (low in ("out", "off", "back", "down") and not any(p.dep_ == "pobj" for p in c.children)):
                inner = next((p for p in c.children if p.dep_ == "prep"), None)
                if inner is None:
                    continue
                c, low = inner, ("from" if inner.lower_ == "of" else inner.lower_)
            pobj = _pobj(c)
            if pobj is None:
                continue
            if low in ("between", "among"):  # "talks between X and Y", "mediation between X and Y"
                other = next((x for x in pobj.children if x.dep_ == "conj"), None)
                if roles.actor is None and noun and h is heads[0]:
                    roles.actor = pobj
                    if roles.target is None and other is not None:
                        roles.target = other
                elif roles.target is None:
                    roles.target = pobj
                if h is not heads[0]:
                    roles.used.add(c.i)
                continue
            if pobj.lower_ == "behalf":  # "on Venezuela's behalf": the one it is done for
                poss = next((p for p in pobj.children if p.dep_ == "poss"), None)
                if poss is not None and roles.target is None:
                    roles.target = poss
                continue
            role = "actor" if c.dep_ == "agent" else _prep_role(low, etype, noun)
            if h is not heads[0] and low == "to":
                role = "target"  # "offered its troops to Lebanon", "aid to Venezuela"
            if h is target_only and role != "target":
                continue
            if role == "actor" and roles.actor is None:
                roles.actor = pobj
            elif role == "target" and roles.target is None and not (etype in ("AID", "SUPPORT") and low == "for"
                                                                   and not _is_personish(pobj)):
                roles.target = pobj
            elif role == "object" and roles.obj is None and (roles.obj_clause is None or etype == "REQUEST" and low == "for"):
                # "asked Germany for air-defence systems to protect its border": what is asked for is
                # the "for" phrase; the infinitive says what for
                roles.obj, roles.obj_clause = pobj, None
            else:
                continue
            if h is not heads[0]:
                roles.used.add(c.i)  # "aid to Venezuela": "to Venezuela" is the target, not part of the object


def _is_personish(t: Token) -> bool:
    return t.pos_ in ("PROPN", "PRON") or t.ent_type_ in ("GPE", "ORG", "NORP", "PERSON")


def _passive(v: Token) -> bool:
    """A passive verb, or a past participle after its noun ("the agreement signed in May")."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children) or (
        v.dep_ == "acl" and v.tag_ == "VBN" and not any(c.dep_ in ("nsubj", "aux") for c in v.children))


def _verb_roles(ctx: _Context, v: Token, etype: str, light_noun: Token | None, particles: set[int]) -> _Roles:
    roles = _Roles(actor=_subject(v))
    passive = _passive(v)
    theme = next((c for c in v.children if c.dep_ == ("nsubjpass" if passive else "dobj")), None)
    if passive and theme is None and v.dep_ == "acl":
        theme = v.head  # "the agreement signed in May"
        roles.used.add(v.i)  # the object's text stops before its participle
    dative = next((c for c in v.children if c.dep_ == "dative"), None)
    if dative is not None and dative.pos_ == "ADP":  # "provide aid to Iran" parsed with a dative "to"
        dative = _pobj(dative)
    clause = next((c for c in v.children if c.dep_ == "xcomp"), None) or next(
        (c for c in v.children if c.dep_ == "ccomp" and etype in ("REQUEST", "REJECT", "ACCUSE", "THREATEN", "AGREE")), None)
    if clause is not None and clause.i in particles:
        clause = None
    if dative is not None:
        roles.target = dative
    with_obj = any(c.dep_ == "prep" and c.lower_ in ("with", "of") and etype in ("AID", "ACCUSE", "THREATEN", "COERCE")
                   for c in v.children)
    if light_noun is not None:
        roles.obj = light_noun
    elif theme is not None and theme.i not in particles:
        if theme.tag_ in ("VBG",) and theme.pos_ == "VERB":
            roles.obj_clause = theme
        elif roles.target is not None or _noun_entry(theme) is not None:
            roles.obj = theme  # "signed an agreement": a thing of the lexicon is what is acted on
        elif with_obj or clause is not None or etype in DOBJ_TARGET or _is_actor_like(ctx, theme):
            roles.target = theme
        else:
            roles.obj = theme
    if clause is not None and roles.obj is None:
        roles.obj_clause = clause
    heads = [v] + ([light_noun] if light_noun is not None else [])
    _fill_preps(roles, heads, etype, False, roles.obj if light_noun is None and roles.obj is not None else None)
    _reciprocal(roles, etype)
    if roles.target is None and roles.obj is not None and etype in ("REJECT", "ACCUSE", "SUPPORT", "CONCEDE", "AGREE"):
        poss = next((c for c in roles.obj.children if c.dep_ == "poss"), None)
        if poss is not None:
            roles.target = poss  # "rejected his call": the caller
    if roles.target is not None and roles.actor is not None and roles.target.i == roles.actor.i:
        roles.target = None
    _reciprocal(roles, etype)
    return roles


def _reciprocal(roles: _Roles, etype: str) -> None:
    """"Israel and the Palestinians reached a consensus": each is the other's counterpart."""
    if etype in RECIPROCAL and roles.actor is not None:
        other = next((c for c in roles.actor.children if c.dep_ == "conj"), None)
        if other is not None and (roles.target is None or roles.target.i in (roles.actor.i, other.i)
                                  or roles.target.lower_ in ("their", "each", "one")):
            roles.target = other


def _noun_roles(ctx: _Context, n: Token, etype: str) -> _Roles:
    roles = _Roles()
    for c in n.children:
        if c.dep_ == "poss" and roles.actor is None:
            roles.actor = c
        elif c.dep_ in ("compound", "amod", "nmod") and roles.actor is None and _is_actor_like(ctx, c):
            roles.actor = c
        elif c.dep_ in ("acl", "ccomp") and roles.obj_clause is None and c.pos_ in ("VERB", "AUX"):
            roles.obj_clause = c  # "a request to send troops", "reports that ..."
    _fill_preps(roles, [n], etype, True)
    head = n.head
    if roles.actor is None and n.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB":
        entry = _lookup(head, "VERB")
        if entry is not None and entry.type == "LIGHT":
            roles.actor = _subject(head)  # "Italy announced a suspension of air links"
    _reciprocal(roles, etype)
    return roles


# --- the pass ---------------------------------------------------------------------------------

def _clause_span(doc: Doc, t: Token) -> tuple[int, int]:
    lo, hi = t.left_edge.i, t.right_edge.i
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    return lo, hi


def _object_tokens(doc: Doc, roles: _Roles) -> list[Token]:
    """The words of the object that may show its mode: a clause hanging off it is not its words
    ("denied reports that ... a military base" is no military denial)."""
    head = roles.obj or roles.obj_clause
    if head is None:
        return []
    if roles.obj is None and head.dep_ != "xcomp":
        return []  # "denied that ... artillery shells": the denial has no mode
    lo, hi = _span(head, OBJ_CUT | {"acl", "ccomp"}, roles.used) if roles.obj is not None else _clause_span(doc, head)
    return list(doc[lo : hi + 1])


def _event(ctx: _Context, st: _States, t: Token, etype: str, mode: str | None, lemma: str, roles: _Roles, how: str) -> dict[str, Any]:
    doc = ctx.doc
    obj: dict[str, Any] | None = None
    if roles.obj is not None:
        obj = _arg(ctx, roles.obj, "object", roles.used)
    elif roles.obj_clause is not None:
        lo, hi = _clause_span(doc, roles.obj_clause)
        obj = {"text": doc[lo : hi + 1].text, "span": _chars(doc, lo, hi), "entity_id": None}
    s = ctx.sents[ctx.tok_sent[t.i]]
    qi = ctx.tok_quote[t.i]
    modality = "conditional" if st.cond[t.i] else st.mod[t.i]
    if modality == "asserted" and ctx.text[s[2] : s[3]].rstrip(" \n\"'”’»").endswith("?"):
        modality = "question"  # "Why won't he release his tax returns?" asserts nothing
    return {
        "type": etype,
        "mode": mode,
        "lemma": lemma,
        "trigger": [t.idx, t.idx + len(t)],
        "actor": _arg(ctx, roles.actor, "actor") if roles.actor is not None else None,
        "target": _arg(ctx, roles.target, "target") if roles.target is not None else None,
        "object": obj,
        "polarity": "negated" if st.neg[t.i] else "affirmed",
        "modality": modality,
        "sentence": [s[2], s[3]],
        "quote": qi if qi >= 0 else None,
        "how": how,
        "answer_to": None,
        # an infinitive object, whose target a commitment or refusal shares; dropped in find_events
        "_clause": roles.obj_clause.i if roles.obj_clause is not None and roles.obj_clause.dep_ == "xcomp" else -1,
    }


def _conj_chain(t: Token) -> list[Token]:
    out = [t]
    for c in t.children:
        if c.dep_ == "conj":
            out.extend(_conj_chain(c))
    return out


def find_events(doc: Doc) -> list[dict[str, Any]]:
    """Every event the sentences of ``doc`` state, in text order (see the module docstring)."""
    if not len(doc):
        return []
    ctx = _index(doc)
    st = _clause_states(doc)
    found: list[tuple[int, dict[str, Any]]] = []  # (trigger token, event)
    consumed: set[int] = set()  # nouns that are a trigger's object: no event of their own
    nouns: list[tuple[Token, Entry]] = []
    for t in doc:  # verbs; event nouns are kept for after, once every verb has taken its objects
        if ctx.tok_mention[t.i] >= 0:
            continue
        if t.lemma_ in PRESENCE_VERBS and (presence := _presence(ctx, st, t)) is not None:
            found.append((t.i, presence))
            continue
        if t.pos_ == "VERB" and t.dep_ not in ("amod", "compound"):  # "an armed one" is no arming
            entry = _lookup(t, "VERB")
            if entry is None:
                continue
            if entry.type == "REJECT" and any(c.dep_ == "xcomp" and _lemma(c) in SPEECH_XCOMP for c in t.children):
                continue  # "declined to comment"
            _verb_event(ctx, st, t, entry, found, consumed)
        elif t.dep_ != "compound":
            entry = _noun_entry(t)
            if entry is not None and entry.pos == "NOUN":
                nouns.append((t, entry))
    pending = []
    for n, entry in nouns:
        lex_mode: str | None = entry.mode
        if entry.type == "REDUCE":  # "the suspension of air links": the thing cut gives the type
            thing = _of_object(n) or next((c for c in n.children if c.dep_ == "compound"), None)
            thing_entry = _noun_entry(thing) if thing is not None else None
            if thing is None or thing_entry is None:
                continue
            hint = _mode_from(list(doc[_span(thing, OBJ_CUT | {"acl", "ccomp"})[0] : thing.i + 1]))
            base = thing_entry.material if thing_entry.material and hint in MATERIAL_MODES else thing_entry.type
            reduced = REDUCE_TO.get(base)
            if reduced is None:
                continue
            etype, lex_mode = reduced
            roles = _noun_roles(ctx, n, etype)
            if roles.obj is None and roles.obj_clause is None:
                roles.obj = thing
        else:
            roles = _noun_roles(ctx, n, entry.type)
            hint = _mode_from([c for c in n.children if c.dep_ in ("amod", "compound", "advmod", "nmod")]) or _mode_from(
                _object_tokens(doc, roles))
            etype = entry.material if entry.material and (entry.mode or hint) in MATERIAL_MODES else entry.type
        mode = lex_mode or (hint if etype in HINT_TYPES else None)
        if roles.obj is not None:
            consumed.update(x.i for x in _conj_chain(roles.obj))
        pending.append((n, etype, mode, roles, " ".join((*entry.extra, entry.head))))
    for n, etype, mode, roles, lemma in pending:
        if n.i not in consumed:
            found.append((n.i, _event(ctx, st, n, etype, mode, lemma, roles, "noun")))
    found.sort(key=lambda x: x[0])
    by_trigger = {i: ev for i, ev in found}
    for _, ev in found:
        clause = ev.pop("_clause")
        inner = by_trigger.get(clause)
        if ev["target"] is None and ev["type"] in COMMISSIVE and inner is not None and inner["target"] is not None:
            ev["target"] = dict(inner["target"])  # "offered to hand over X to Britain": Britain
    return _answers(ctx, st, found)


# A state's military personnel staying in another country is military aid to it ("Russian
# military advisers will stay in Venezuela", "U.S. troops will remain in Iraq").
PRESENCE_VERBS = {"stay", "remain"}
PERSONNEL = {"adviser", "advisor", "troop", "soldier", "force", "peacekeeper", "instructor", "trainer", "officer",
             "specialist", "personnel", "unit", "contingent", "marine", "sailor"}


def _presence(ctx: _Context, st: _States, t: Token) -> dict[str, Any] | None:
    subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lemma_ not in PERSONNEL:
        return None
    place = next((p for c in t.children if c.dep_ == "prep" and c.lower_ == "in" and (p := _pobj(c)) is not None), None)
    owner = next((c for c in subj.children if c.dep_ in ("amod", "compound", "poss", "nmod") and _entity_of(ctx, c)), None)
    if place is None or owner is None or not _entity_of(ctx, place):
        return None
    return _event(ctx, st, t, "AID", "military", _lemma(t), _Roles(actor=owner, target=place, obj=subj), "verb")


def _verb_event(ctx: _Context, st: _States, t: Token, entry: Entry, found: list[tuple[int, dict[str, Any]]],
                consumed: set[int]) -> None:
    doc = ctx.doc
    particles = {c.i for c in t.children if c.lower_ in entry.extra or _lemma(c) in entry.extra}
    passive = _passive(t)
    theme = next((c for c in t.children if c.dep_ == ("nsubjpass" if passive else "dobj") and c.i not in particles), None)
    if theme is None and passive and t.dep_ == "acl":
        theme = t.head  # "the agreement signed in May"
    noun_entry = _noun_entry(theme) if theme is not None else None
    light_noun = None
    if entry.type in ("LIGHT", "REDUCE"):
        if noun_entry is not None and noun_entry.type == "REDUCE":
            return  # "announced a suspension of links": the noun is the event (its actor, this verb's subject)
        if noun_entry is None and not entry.material:
            return
        light_noun = theme if noun_entry is not None else None
    # The words of the object (or "militarily") show a material mode; it decides "A|B" types
    # ("military ties" is COOPERATE) and is the mode of AID, REQUEST, ... events.
    roles = _verb_roles(ctx, t, noun_entry.type if light_noun is not None and noun_entry else (entry.material or entry.type),
                        light_noun, particles)
    hint = _mode_from([c for c in t.children if c.dep_ in ("advmod", "npadvmod")]) or _mode_from(_object_tokens(doc, roles))
    etype, lex_mode = _resolve_type(entry, noun_entry, hint)
    if etype is None:
        return
    if light_noun is not None and noun_entry is not None and etype != noun_entry.type:
        roles = _verb_roles(ctx, t, etype, light_noun, particles)
    mode = lex_mode or (hint if etype in HINT_TYPES else None)
    if roles.obj is not None:
        consumed.update(x.i for x in _conj_chain(roles.obj))
    lemma = " ".join((entry.head, *entry.extra))
    if light_noun is not None and noun_entry is not None and not entry.material:
        lemma = " ".join((lemma, *noun_entry.extra, noun_entry.head))  # "hold talks", "strengthen ties"; "provide" alone
    ev = _event(ctx, st, t, etype, mode, lemma, roles, "verb")
    if light_noun is not None and ev["modality"] == "asserted" and _lemma(t) in LIGHT_MODALITY:
        ev["modality"] = LIGHT_MODALITY[_lemma(t)]
    found.append((t.i, ev))


# --- 5. answers ----------------------------------------------------------------------------------

def _answer_polarity(ctx: _Context, qi: int) -> str | None:
    """"negated" / "affirmed" for a speech quotation that opens with a bare answer ("No, ...")."""
    q = ctx.quotes[qi]
    s, e = q["content"]
    words = ctx.text[s:e].strip(" \n“”\"'‘’«»").split()
    if not words or len(words) > 40:
        return None
    first = words[0].lower().rstrip(",.!;:—-")
    bare = words[0][len(first):][:1] in (",", ".", "!", ";", ":", "—", "-") or len(words) == 1
    if first == "of" and len(words) > 1 and words[1].lower().startswith("course"):
        first, bare = "yes", True
    if not bare:
        # "We have received nothing of the kind", "There was no such request": a short answer
        # that only negates (no event of its own) denies what was asked
        if len(words) <= 12 and any(w.lower().strip(",.!;:") in DENIAL_WORDS for w in words):
            return "negated"
        return None
    if first in ANSWER_NO:
        return "negated"
    if first in ANSWER_YES:
        return "negated" if len(words) > 1 and words[1].lower().rstrip(",.!") == "not" else "affirmed"
    return None


def _answers(ctx: _Context, st: _States, found: list[tuple[int, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Link the events of "asked whether X" to a bare answer quoted in the same sentence."""
    answers: dict[int, tuple[int, str]] = {}  # sentence -> (quotation, polarity)
    doc = ctx.doc
    starts = [t.idx for t in doc]
    for qi, q in enumerate(ctx.quotes):
        if not q.get("speech"):
            continue
        pol = _answer_polarity(ctx, qi)
        if pol is None:
            continue
        tok = min(bisect.bisect_left(starts, q["content"][0]), len(doc) - 1)
        answers.setdefault(ctx.tok_sent[tok], (qi, pol))
    out = []
    for i, ev in found:
        qroot = st.question[i]
        if qroot < 0:
            out.append(ev)
            continue
        hit = answers.get(ctx.tok_sent[i])
        if hit is None or ctx.tok_quote[i] == hit[0]:
            ev["modality"] = "possible"  # an open question asserts nothing
            out.append(ev)
            continue
        qi, pol = hit
        negated = (pol == "negated") != (ev["polarity"] == "negated")
        lo, hi = _clause_span(doc, doc[qroot])
        ev.update(polarity="negated" if negated else "affirmed", modality="asserted", quote=qi, how="answer",
                  answer_to=_chars(doc, lo, hi))
        out.append(ev)
    return out


if not Doc.has_extension("cg_events"):
    Doc.set_extension("cg_events", default=None)


@Language.component("claimgraph_events", requires=["doc._.cg_mentions", "doc._.quotes"], assigns=["doc._.cg_events"])
def events_component(doc: Doc) -> Doc:
    doc._.cg_events = find_events(doc)
    return doc
