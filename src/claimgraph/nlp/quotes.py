"""Quotations and attributions: who said what, through which channel, cited by whom.

The ``claimgraph_quotes`` component writes ``doc._.quotes``: one dict per
attribution with its kind (direct, partial, indirect), content, cue and source
spans (character offsets into ``doc.text``), the resolved speaker entity, the
channel ("told reporters during a weekly briefing") and the media it came
through ("by Interfax").  ``doc._.attributions`` holds the same attributions in
the plain span form the PolNeAR benchmark scores.

Cascade (``find_attributions``):

1. Pair quotation marks into quote spans (curly, straight, and single marks that
   wrap two or more words), per paragraph; an unclosed quote that runs into a
   paragraph opening with a quote mark continues there.
2. Reporting frames over the dependency parse: a cue verb (say, tell, deny, ...)
   outside any quote, its content (a clausal complement, a "that" object like
   "denied reports that ...", an infinitive after "urged"/"called on", or the
   clause it is attached to as in "..., Zakharova told reporters"), and its
   source (subject, inherited through "emphasizing"/"and said", or the passive
   subject of "was cited as saying").  Content is widened to whole quote spans.
3. Quote-mark frames the parse missed: "“...,” he said" and "X said: “...”".
4. "according to X" frames.
5. Whole-sentence quotations with no cue continue the previous speaker when they
   follow an attribution in the same or the previous paragraph.
6. The trained tagger's attributions (``nlp/attribution_model.py``) where no rule
   found one: the long tail of cues the rules do not know.
7. Quote spans inside no attribution are scare quotes or titles: dropped.

Speakers are resolved by :func:`resolve_speakers`: a named source joins its
entity; a pronoun ("he said") the latest person subject before it outside
quotations; a description ("the minister") the latest person whose role holds
that noun; a media description ("the daily") the latest medium.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..ingest.layout import furniture
from ..names import (
    HONORIFICS,
    ROLE_NOUNS,
    MediaNames,
    clean_name,
    first_name_gender,
    name_tokens,
    rare_first_name,
    role_spelled_out,
    slug,
    surname_key,
)
from .entities import (
    COMPANY_NOUNS,
    FEMALE_WORDS,
    INSTITUTION_NOUNS,
    LOCATIVE_PREPS,
    MALE_WORDS,
    MEDIA_NOUNS,
    ORG_NAME_ENDS,
    english_word,
    paragraph_breaks,
    trailing_speaker,
)

SPEECH_LEMMAS = {
    "say", "tell", "add", "note", "explain", "stress", "emphasize", "emphasise", "deny", "insist", "warn", "claim",
    "report", "suggest", "announce", "urge", "argue", "state", "confirm", "acknowledge", "admit", "predict",
    "promise", "vow", "pledge", "declare", "write", "tweet", "reply", "respond", "answer", "ask", "assert",
    "contend", "maintain", "reiterate", "recall", "comment", "complain", "conclude", "allege", "concede",
    "caution", "disclose", "reveal", "indicate", "signal", "threaten", "demand", "propose",
    "recommend", "accuse", "charge", "blame", "praise", "criticize", "criticise", "dismiss", "reject", "agree",
    "disagree", "estimate", "forecast", "project", "testify", "boast", "joke", "quip", "remark", "observe",
    "mention", "point", "hint", "speculate", "inform", "assure", "advise", "order", "instruct", "call",
    "describe", "characterize", "label", "brand", "question", "doubt", "dispute", "counter", "retort",
    "believe", "think", "hope", "fear", "expect", "feel", "worry", "know", "consider", "want", "wish",
    "plan", "intend", "decide", "show", "find", "understand", "recognize",
    "assume", "suspect", "wonder", "anticipate", "guess", "figure", "realize", "imagine", "cite", "quote",
    "chant", "shout", "yell", "scream", "exclaim", "whisper", "mutter", "cry",
}
# Of those, the ones whose infinitive complement is the content ("urged X to ...").
XCOMP_CUES = {"urge", "ask", "call", "tell", "warn", "advise", "order", "instruct", "demand", "promise", "vow",
              "pledge", "threaten", "propose", "recommend", "want", "plan", "intend", "decide", "hope", "expect",
              "agree", "refuse", "wish"}
# Cognition and intention verbs are attributions in PolNeAR but not quotations of speech:
# the quotes listing keeps them only with a clausal complement.
COGNITION = {"believe", "think", "hope", "fear", "expect", "feel", "worry", "know", "consider", "want", "wish",
             "plan", "intend", "decide", "understand", "recognize", "assume", "suspect", "wonder",
             "anticipate", "guess", "figure", "realize", "imagine", "show", "find"}
# Cues that report an inference or a finding rather than words spoken ("comments indicate that"):
# attributions for the benchmark, but not quotations.
NOT_SPEECH = COGNITION | {"indicate", "signal", "reveal"}
# Verbs that report an act rather than words ("called the plan a sham", "accused them of fraud",
# "ordered a scan", "advises readers to"): a quotation only when the words themselves are
# given, as a complement clause or between quotation marks.
# "call" is one only as "called X Y" (the call-it rule); "called on X to ..." is a call made.
ACT_VERBS = {"accuse", "charge", "blame", "order", "instruct", "advise", "label", "brand", "dub", "describe",
             "characterize", "praise", "criticize", "criticise", "question", "dismiss"}
RELATIVE = {"who", "which", "that", "whom"}
# Passive forms of these make the subject the addressee, not the speaker.
HEARER_PASSIVE = {"tell", "ask", "urge", "warn", "advise", "order", "instruct", "inform", "assure", "call"}
INDEFINITE = {"a", "an", "one", "another", "some", "several", "many", "two", "three", "senior", "other"}
PRONOUNS = {"he", "she", "they", "it", "him", "her", "them", "we", "i", "you"}
# Nouns for who made a thing ("the author of the book, X")
MAKER_NOUNS = {"author", "writer", "creator", "founder", "maker", "designer", "architect", "composer", "inventor"}
POSSESSIVE_PRONOUNS = {"his": "he", "their": "they", "its": "it", "our": "we", "my": "i", "your": "you"}
# Plural nouns for groups of people a "they" may stand for (beside the role nouns).
PEOPLE_NOUNS = {
    "expert", "resident", "protester", "protestor", "researcher", "scientist", "voter", "worker", "student", "parent",
    "teacher", "doctor", "nurse", "witness", "critic", "supporter", "opponent", "investor", "farmer", "legislator",
    "authority", "officer", "soldier", "employee", "staff", "citizen", "people", "organizer", "organiser",
    "volunteer", "victim", "family", "relative", "villager", "survivor", "scholar", "academic", "engineer",
    "investigator", "detective", "advocate", "observer", "monitor", "other",
    "neighbour", "neighbor", "friend", "colleague", "passenger", "driver", "owner", "customer", "patient", "fan",
    "spectator", "bystander", "eyewitness", "shopkeeper", "pilot", "commuter", "tourist", "shopper", "listener",
} | {w.rstrip(".") for w in ROLE_NOUNS}
REPORT_NOUNS = {"report", "reports", "story", "article", "broadcast", "dispatch", "bulletin", "analysis", "survey", "poll",
                "editorial", "investigation"}
# People nouns for many, never a he or she: "a family said ... she" is not the family
COLLECTIVE_NOUNS = {"family", "staff", "people", "authority", "other"}

# What closes an opening double mark: its own closer, or the other style of double mark
# (copy mixes them: "No,” he said; “Yes").
CLOSERS = {"“": re.compile("[”\"]"), '"': re.compile("[\"”]"), "„": re.compile("[“”\"]"), "«": re.compile("»")}
QUOTE_CHARS = set("“”„«»\"") | {"''", "``"}
# Channel: how the words reached the reporter.
_CHANNEL = re.compile(
    r"\b(?:(?:told|telling)\s+(?:reporters|journalists|the\s+press|media|the\s+media|state\s+(?:television|TV|media|radio)|"
    r"(?:the\s+)?[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*)*|(?:a|an|the)\s+(?:\w+\s+){0,3}(?:conference|briefing|meeting|audience|crowd|"
    r"newspaper|radio|television|channel|agency|committee|parliament|lawmakers|supporters))"
    r"(?:\s+(?:during|at|in|on|after|before|via)\s+[^,.;“”\"]+)?"
    r"|in\s+an?\s+(?:\w+\s+){0,2}(?:interview|statement|speech|video|post|op-ed|letter|tweet|message|address|"
    r"briefing|press\s+conference|news\s+conference|podcast|broadcast)\b[^,.;“”\"]*"
    r"|(?:during|at)\s+(?:an?|the|his|her|their)\s+(?:\w+\s+){0,3}(?:briefing|press\s+conference|news\s+conference|"
    r"meeting|summit|rally|hearing|event|session|debate|forum)\b[^,.;“”\"]*"
    r"|on\s+(?:Twitter|X|Facebook|Telegram|Instagram|Truth\s+Social|television|TV|radio|state\s+television)\b[^,.;“”\"]*"
    r"|(?:[Ss]peaking|[Tt]alking)\s+to\s+[^.;“”\"]+?(?=,\s+[A-Z]|[.;]|$)"
    r"|in\s+a\s+(?:video|post)\s+(?:posted|published)\s+on\s+\w+)"
)


@dataclass
class Attribution:
    content: tuple[int, int]  # token span [start, end)
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    how: str  # which rule found it
    speaker_id: str | None = None
    speaker: str | None = None
    via: list[str] = field(default_factory=list)
    channel: str | None = None
    resolved: bool = True  # False: the source is a description the document never names
    # content pieces (token spans) when a speech tag or a paragraph break interrupts it
    fragments: list[tuple[int, int]] = field(default_factory=list)


# --- 1. quote spans -------------------------------------------------------------------

_TURN_LABEL = re.compile(r"(?:[A-Z][A-Z.'’-]+ ){0,2}[A-Z][A-Z.'’-]+:\s")


def quote_spans(text: str, captions: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Character spans of quotations, marks included.

    A curly quotation still open at a paragraph end continues when the next
    paragraph opens with a quotation mark (the newspaper convention for a quote
    running over paragraphs); otherwise it ends with its paragraph. A straight
    mark left open does the same only when the next paragraph opens with a
    straight mark (else it is a stray mark, and no quotation).
    """
    spans: list[tuple[int, int]] = []
    # a credit line is never a quotation's next paragraph
    credits = {s for s, _ in (furniture(text) if captions is None else captions)}
    open_start: int | None = None  # start of a quotation left open by the previous paragraph
    open_end = 0
    runs = False  # that quotation has run on into a later paragraph
    for pm in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        p_start, para = pm.start(), pm.group(0)
        lead = len(para) - len(para.lstrip())
        if open_start is not None:
            # a straight mark runs on only into a paragraph that opens with a straight mark (left
            # open with no paragraph after, it is a stray mark, no quotation), and no quotation runs
            # into a transcript's next turn ('"PENCE: ...') or a credit line ('"Follow ... on Twitter')
            straight = text[open_start] == '"'
            if (para[lead:].startswith(('"',) if straight else ("“", '"', "«")) and not _TURN_LABEL.match(para, lead + 1)
                    and p_start not in credits):
                runs = True
            else:
                if runs or not straight:
                    spans.append((open_start, open_end))
                open_start, runs = None, False
        i = 0
        while i < len(para):
            ch = para[i]
            if ch == "”" and i == lead and para[i + 1 : i + 2].isalnum():
                ch = "“"  # a closing mark that opens a paragraph can only be a typo'd opener
            if para.startswith(("''", "``"), i) and (i == 0 or not para[i - 1].isalnum()):
                # typewriter quotation marks: ''...'' or ``...'' (wire and NYT copy)
                close = para.find("''", i + 2)
                if close > 0:
                    spans.append((p_start + i, p_start + close + 2))
                    i = close + 2
                    continue
            if ch in ('"', "“") and i == lead and _TURN_LABEL.match(para, i + 1):
                i += 1  # '"PENCE: ...': the mark a quoted transcript opens each turn with (the turn is the label's)
                continue
            if ch in CLOSERS:
                close = _curly_close(para, i) if ch == "“" else (m.start() if (m := CLOSERS[ch].search(para, i + 1)) else -1)
                if close < 0:
                    # a straight mark left open runs on only where it plainly opens a quotation (at
                    # the paragraph's start or after a space or colon, before a word): not an inch mark
                    if open_start is None and (ch != '"' or (i == lead or para[i - 1] in " (:") and para[i + 1 : i + 2].isalnum()):
                        open_start = p_start + i
                    open_end = pm.end()
                    break
                start = open_start if open_start is not None and i == lead else p_start + i
                open_start, runs = None, False
                spans.append((start, p_start + close + 1))
                i = close + 1
                continue
            if ch == "‘" or (ch == "'" and (i == 0 or not para[i - 1].isalnum())):
                # single marks only when they wrap two or more words and close at a word end
                m = re.compile(r"[’'](?![A-Za-z])").search(para, i + 1)
                if m and " " in para[i + 1 : m.start()] and m.start() - i < 300:
                    spans.append((p_start + i, p_start + m.end()))
                    i = m.end()
                    continue
            i += 1
    if open_start is not None and (runs or text[open_start] != '"'):
        spans.append((open_start, open_end))
    return sorted(spans)


_CURLY = re.compile("[“”\"]")


def _curly_close(para: str, i: int) -> int:
    """Where the curly quotation opened at ``i`` closes, or -1. A curly opener inside it on the
    same line (a space before, a letter after: ... what he calls “hell” ..., with closers left
    for both) nests one level; a typo'd
    closer (“It's unusual,“ said ...: an opening mark after punctuation, a space after) and a
    straight mark close it."""
    depth = 0
    for m in _CURLY.finditer(para, i + 1):
        j, c = m.start(), m.group(0)
        nxt = para[j + 1 : j + 2]
        if c == "“" and not (j > 0 and para[j - 1] in ",.!?" and (not nxt or nxt.isspace())):
            end = para.find("\n", j)
            rest = para[j + 1 : end if end >= 0 else len(para)]
            # nested only inside one line, with closers left there for both quotations
            if (para[j - 1] in " ([—–-" and nxt[:1].isalnum() and rest.count("”") + rest.count('"') > depth + 1):
                depth += 1
            continue
        if depth == 0:
            return j
        depth -= 1
    return -1


# --- helpers ---------------------------------------------------------------------------

def _subtree_span(tok: Token, exclude: set[int] | None = None) -> tuple[int, int]:
    idx = [t.i for t in tok.subtree if not exclude or t.i not in exclude]
    return (min(idx), max(idx) + 1)


def _source_span(tok: Token) -> tuple[int, int]:
    """The words naming a source: its subtree, up to a relative clause set off by a comma or a
    dash ("Ms. Kamin, who emphasized that ...," names Kamin; the clause is the writer's aside,
    often an attribution of its own)."""
    doc = tok.doc
    s, e = _subtree_span(tok)
    asides = [c.left_edge.i for c in tok.rights if c.dep_ in ("relcl", "acl") and c.left_edge.i > s
              and doc[c.left_edge.i - 1].text in (",", "--", "—", "–", "(")]
    return _trim(doc, s, min(asides) - 1) if asides else (s, e)


DISCOURSE = {"however", "but", "and", "so", "yet", "still", "also", "moreover", "meanwhile", "instead", "indeed"}


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop edge punctuation except quotation marks (PolNeAR keeps the marks), and a leading
    discourse marker ("However, ...")."""
    if end - start > 3 and doc[start].lower_ in DISCOURSE and doc[start + 1].text == ",":
        start += 2
    while start < end and (doc[start].is_punct and doc[start].text not in QUOTE_CHARS | {"‘", "#", "@"} or doc[start].is_space):
        start += 1
    # (a straight ' is kept where it closes a curly ‘ opened in the span: "‘as Long as Necessary,'")
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in QUOTE_CHARS | {"’", "%"}
                           and not (doc[end - 1].text == "'" and _open_single(doc, start, end - 1)) or doc[end - 1].is_space
                           or doc[end - 1].dep_ == "cc" and doc[end - 1].lower_ in ("and", "but", "or") and end - start > 2):
        end -= 1  # a stray conjunction left at the end ("... declined that assignment and")
    return start, end


def _open_single(doc: Doc, start: int, end: int) -> bool:
    """A curly opening ‘ in tokens start..end with no curly ’ after it."""
    text = doc[start:end].text
    at = text.rfind("‘")
    return at >= 0 and "’" not in text[at:]


def _cut_nonrestrictive(doc: Doc, span: tuple[int, int]) -> tuple[int, int]:
    """End a content before a comma-set modifier that runs to its end and hangs on what comes
    before the comma: ", known as the Trans-Pacific Partnership", ", which subsidizes single
    parents", ", focusing on people under 30" (the writer's gloss, not the reported content)."""
    s, e = span
    for i in range(e - 2, s + 2, -1):
        if doc[i].text != ",":
            continue
        if _in_quote(doc, i):
            return span
        t = doc[i + 1]
        head = t if t.dep_ in ("relcl", "acl", "appos", "advcl") else t.head
        if head.dep_ == "appos" and head.pos_ == "PROPN":
            return span  # a name set beside what it names ("Tulsa, Oklahoma", "his rival, Hillary Clinton")
        if (head.dep_ in ("relcl", "acl", "appos") or head.dep_ == "advcl" and head.tag_ in ("VBG", "VBN")) and (
                s <= head.head.i < i and _subtree_span(head)[1] >= e and _subtree_span(head)[0] > i - 1):
            return _trim(doc, s, i)
        return span  # only the last comma is considered
    return span


def _widen_to_quotes(doc: Doc, span: tuple[int, int], qtok: list[tuple[int, int]], cue: int | None) -> tuple[int, int]:
    """Grow a content span to cover every quotation it touches (but never over the cue)."""
    s, e = span
    changed = True
    while changed:
        changed = False
        for qs, qe in qtok:
            if qs < e and s < qe and (qs < s or qe > e):
                ns, ne = min(s, qs), max(e, qe)
                if cue is not None and ns <= cue < ne:
                    continue
                s, e = ns, ne
                changed = True
    return s, e


def _char_to_tok(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for cs, ce in spans:
        sp = doc.char_span(cs, ce, alignment_mode="expand")
        if sp is not None and len(sp):
            out.append((sp.start, sp.end))
    return out


def _text(doc: Doc) -> str:
    """``doc.text``, built once per document (the property joins every token each call)."""
    text = doc.user_data.get("cg_text")
    if text is None:
        text = doc.user_data["cg_text"] = doc.text
    return text


def _captions(doc: Doc) -> list[tuple[int, int]]:
    """The document's byline, caption and credit lines (ingest/layout.py: furniture), found once."""
    captions = doc.user_data.get("cg_captions")
    if captions is None:
        captions = doc.user_data["cg_captions"] = furniture(_text(doc))
    return captions


def _quote_tokens(doc: Doc) -> list[tuple[int, int]]:
    """Token spans of the document's quotations (sorted by start), found once per document."""
    qtok = doc.user_data.get("cg_qtok")
    if qtok is None:
        qtok = doc.user_data["cg_qtok"] = _char_to_tok(doc, quote_spans(_text(doc), _captions(doc)))
        # reach[k]: the furthest end of the spans up to k, so one bisection finds any span around a
        # token (quotations nest)
        reach, far = [], 0
        for _, qe in qtok:
            far = max(far, qe)
            reach.append(far)
        doc.user_data["cg_qreach"] = reach
    return qtok


def _quote_end(doc: Doc, i: int) -> int:
    """Where the (outermost) quotation around token ``i`` ends, or 0 outside quotations."""
    qtok = _quote_tokens(doc)
    k = bisect.bisect_right(qtok, (i, len(doc) + 1)) - 1
    end = doc.user_data["cg_qreach"][k] if k >= 0 else 0
    return end if end > i else 0


def sent_of(tok: Token) -> Span:
    """The sentence holding a token, from a per-document index (``Token.sent`` walks the doc each time)."""
    doc = tok.doc
    index = doc.user_data.get("cg_sent_index")
    if index is None:
        sents = list(doc.sents)
        index = (sents, [s.start for s in sents])
        doc.user_data["cg_sent_index"] = index
    sents, starts = index
    return sents[bisect.bisect_right(starts, tok.i) - 1]


def _in_quote(doc: Doc, i: int) -> bool:
    return _quote_end(doc, i) > 0


def _subject(v: Token) -> tuple[Token | None, Token]:
    """The subject of a cue verb, climbing through participles and conjuncts; and the verb that holds it."""
    cur = v
    for _ in range(6):
        # of two subjects the parse gave one verb, not one inside the quotation the cue closes ("“The
        # first I heard ...,” said Jones": the quotation's own), nor one after the verb unless the
        # verb follows a quotation ("warns Mr Johnson: ..." names the one warned), then a name or
        # pronoun before a common noun ("he and his co-authors", split at the hyphen), else the nearest
        inverted = cur.i > 0 and _quote_end(cur.doc, cur.i - 1) == cur.i
        # nor the country of "the Weather Center of Kingston, Jamaica said", parsed as a second subject
        subjects = sorted((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass", "csubj") and not c.is_punct),
                          key=lambda c: (_quoted_before(c, cur), c.i > cur.i and not inverted, _place_of_place(c),
                                         c.pos_ not in ("PROPN", "PRON"), abs(c.i - cur.i)))
        if subjects:
            if subjects[0].lower_ == "it" and subjects[0].dep_ == "nsubjpass" and any(c.dep_ == "ccomp" for c in cur.children):
                return None, cur  # "It is also reported that ...": no one, the "it" stands for the clause
            return subjects[0], cur  # "Bondarev, who said ...": "who", resolved to the noun the clause hangs on
        # "aside from saying he wants ...": through the phrases that hold a participle as well
        if cur.dep_ in ("advcl", "conj", "xcomp", "pcomp", "prep", "relcl", "acl", "advmod", "npadvmod", "pobj") and cur.head.i != cur.i:
            if (cur.dep_ in ("relcl", "acl") and _infinitive_of_a_thing(cur) and cur.head.dep_ in ("dobj", "attr", "acomp")
                    and (holder := cur.head.head).pos_ in ("VERB", "AUX")):
                # "The mayor used the chance to argue ...": the subject of the verb that holds the
                # noun; "Is there any objective way to say ...": no one (a purpose, "in a bid to
                # persuade", climbs on to its clause's subject)
                subj = next((c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("there", "it")), None)
                return (subj, holder) if subj is not None else (None, v)
            if cur.dep_ == "relcl":  # "Bondarev, who said ..." -> the noun the clause hangs on
                return cur.head, cur
            if cur.dep_ == "acl" and cur.head.lemma_.lower() in DOCUMENT_NOUNS:
                return cur.head, cur  # "issued a statement saying ...": the statement, whose author speaks
            cur = cur.head
            continue
        break
    return None, v


def _to_infinitive(v: Token) -> bool:
    """``v`` is written with "to" ("to say", "to argue")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)


def _infinitive_of_a_thing(v: Token) -> bool:
    """``v`` is an infinitive that modifies a noun naming no one ("a way to say", "the chance to
    argue"); "the first to say", "the only senator to warn" name who speaks."""
    head = v.head
    return (_to_infinitive(v) and head.pos_ in ("NOUN", "ADJ")
            and head.ent_type_ not in ("PERSON", "NORP", "ORG") and head.lemma_.lower() not in ROLE_NOUNS | PEOPLE_NOUNS
            and not any(c.lower_ in ("first", "last", "only", "one") for c in head.lefts))


def _place_of_place(t: Token) -> bool:
    """``t`` is a place written after a place it locates: "Jamaica" in "Kingston, Jamaica"."""
    doc = t.doc
    return t.ent_type_ == "GPE" and t.i >= 2 and doc[t.i - 1].text == "," and doc[t.i - 2].ent_type_ in ("GPE", "LOC")


def _said_as_noun(v: Token) -> bool:
    """'"...," the 62-year-old said, standing ...': a "said" the tagger took for a noun, with the
    clause it reports as its complement."""
    return v.lower_ in ("said", "says") and v.pos_ == "NOUN" and any(c.dep_ == "ccomp" for c in v.children)


def _quoted_before(t: Token, v: Token) -> bool:
    """``t`` stands in a quotation that closes between it and the verb ``v`` after it."""
    return t.i < v.i and 0 < _quote_end(t.doc, t.i) <= v.i


def _cue_span(v: Token) -> tuple[int, int]:
    idx = [v.i] + [c.i for c in v.children if c.dep_ in ("prt", "neg") or (c.dep_ in ("aux", "auxpass") and c.i < v.i)]
    if v.lemma_ == "tell":
        idx += [c.i for c in v.children if c.dep_ in ("dobj", "dative") and c.i > v.i and len(list(c.subtree)) <= 3]
    if v.lemma_ in ("cite", "quote"):  # "was cited as saying"
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ == "as":
                idx += [c.i] + [g.i for g in c.children if g.lemma_ == "say"]
    s, e = min(idx), max(idx) + 1
    return s, e


def _cut_trailing_modifier(head: Token, span: tuple[int, int]) -> tuple[int, int]:
    """End a reported clause before a comma-set participle or measure phrase hung on it
    (", engaging in what analysts described as ...", ", more than half a point less ..."):
    the writer's gloss, not the content; or before what another source said against it."""
    doc = head.doc
    for c in head.children:
        # (", while others said ...", ", though she noted ...": another source's words, or the writer's
        # aside on what the source said, set against these, are no part of them)
        contrast = (c.dep_ == "advcl" and c.lemma_ in SPEECH_LEMMAS and any(m.lower_ in ("while", "whereas", "though", "although") for m in c.children)
                    and any(m.dep_ == "nsubj" for m in c.children))
        if c.i > head.i and c.dep_ in ("advcl", "npadvmod", "appos") and (c.tag_ == "VBG" or c.dep_ == "npadvmod" or contrast):
            cs = _subtree_span(c)[0]
            if cs > span[0] + 2 and doc[cs - 1].text == "," and not _in_quote(doc, cs) and _subtree_span(c)[1] == span[1]:
                return span[0], cs - 1
    return span


def _drop_according(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """Cut a trailing or leading "according to X" out of a content span: it names a source."""
    for i in range(s, e - 1):
        if doc[i].lower_ == "according" and doc[i + 1].lower_ == "to":
            j = i
            while j > s and doc[j - 1].is_punct and doc[j - 1].text not in QUOTE_CHARS:
                j -= 1
            end_phrase = max(t.i for t in doc[i + 1].subtree) + 1
            if end_phrase >= e - 1 or all(t.is_punct for t in doc[end_phrase:e]):
                return s, j
            if j == s:
                return end_phrase, e
    return s, e


SUBORDINATORS = {"as", "when", "while", "after", "before", "because", "until", "since", "though", "although", "outside"}


def _cut_after_quote(doc: Doc, s: int, e: int, qtok: list[tuple[int, int]]) -> tuple[int, int]:
    """A content that opens with a quotation ends with it when a subordinate clause follows:
    chanted “The people will not be silenced” [as police fired tear gas]."""
    for qs, qe in qtok:
        if qs == s and qe < e and doc[qe].lower_ in SUBORDINATORS:
            return s, qe
    return s, e


def _agent(v: Token) -> Token | None:
    for c in v.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


# --- 2-5. attribution frames ------------------------------------------------------------

Content = tuple[tuple[int, int], str]  # the token span a cue reports and the shape that found it


def _content_of(v: Token, qtok: list[tuple[int, int]]) -> tuple[tuple[int, int] | None, str]:
    """What the speech verb ``v`` reports, and the shape that found it: the first of, in order, a
    complement clause, a "report that" object, a raising passive, an xcomp or "call for/on/it"
    cue, the clause a trailing tag hangs on, a tag set off inside its clause, a "that" clause hung
    lower down, a quotation right before or after; else (None, "")."""
    subj, _ = _subject(v)
    subj_idx = {t.i for t in subj.subtree} if subj is not None and subj.head.i == v.i else set()
    trailing = _trailing_subject(v)
    subj_own = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None) or trailing
    found = (_complement_clause(v, subj_idx) or _report_object(v) or _raising_passive(v) or _xcomp_content(v)
             or _tagged_clause(v, subj_own) or _tag_inside(v, subj_own) or _that_clause_below(v, subj_idx)
             or _quote_beside(v, qtok, subj_idx, subj_own) or _told_clause(v))
    if found is not None and trailing is not None and found[0][0] < trailing.left_edge.i < found[0][1]:
        found = (found[0][0], trailing.left_edge.i), found[1]  # the speaker the parse hung inside the clause is no part of it
    return found if found is not None else (None, "")


# Verbs of telling someone that something is so ("warned brokers that ...", "told reporters that")
TOLD_THAT = {"tell", "warn", "inform", "assure", "remind", "notify", "advise", "caution", "alert", "reassure", "promise",
             "convince", "persuade"}
HEARER_POS = {"NOUN", "PROPN", "PRON", "DET", "ADJ", "NUM", "PART"}


def _complement_clause(v: Token, subj_idx: set[int]) -> Content | None:
    """"said (that) ...": the verb's complement clause, outside its subject."""
    doc = v.doc
    for c in v.children:
        if c.dep_ == "ccomp" and c.i not in subj_idx:
            span = _subtree_span(c)
            if _subject_lost(v, c):
                # "admitted his relationships with his brother ... are far more strained": the object
                # the parse gave the verb is the clause's subject; but "praised his side's attitude
                # after Martinelli's goal gave Arsenal a win" reports an act, and no clause
                obj = _subtree_span(next(o for o in v.children if o.dep_ == "dobj" and o.i < c.i))
                if v.lemma_ in ACT_VERBS or obj[1] != span[0] or span[1] - span[0] < 2:
                    continue  # (nor a lone verb: a headline the parse broke up)
                span = (obj[0], span[1])
            span = _cut_trailing_modifier(c, span)
            if v.lemma_ in TOLD_THAT and span[0] == v.i + 1:
                # "are warning brokers that premiums could rise", parsed with "brokers" as the
                # clause's subject and "that premiums" a relative clause: the hearer is no part of
                # what is said, which starts at "that"
                that = next((t.i for t in doc[span[0] + 1 : min(span[0] + 5, span[1])] if t.lower_ == "that"), None)
                if that is not None and all(t.pos_ in HEARER_POS for t in doc[span[0] : that]):
                    span = (that, span[1])
            mark = next((m for m in c.children if m.dep_ == "mark" and m.lower_ == "that" and m.i < c.i), None)
            if mark is not None and mark.i > span[0] and doc[mark.i - 1].is_punct:
                span = (mark.i, span[1])  # "said, Friday, that ...": the words before "that" are the saying's
            for c2 in v.children:
                # a clause the parse cut in two ("that Ukraine would never recognise" + "occupied
                # land as Russian", a second complement): the piece that goes on with no break
                if (c2.i > c.i and c2.dep_ in ("ccomp", "dep") and _subtree_span(c2)[0] == span[1]
                        and not doc[span[1]].is_punct and doc[span[1]].dep_ != "cc" and c2.lemma_ not in SPEECH_LEMMAS):
                    span = (span[0], _subtree_span(c2)[1])
            # a clause has a verb: "declared himself interim president" is no complement clause
            if any(t.pos_ in ("VERB", "AUX") for t in doc[span[0] : span[1]]):
                return span, "ccomp"
    return None


# Those told as a body ("told the jury", "told the court")
HEARER_NOUNS = {"jury", "court", "reporter", "journalist", "audience", "crowd", "committee", "panel", "parliament",
                "congress", "lawmaker", "tribunal", "inquiry", "hearing", "meeting", "conference", "assembly"}


def _told_clause(v: Token) -> Content | None:
    """"told the jury he had been acting on orders", parsed as a relative clause on "jury": a
    clause with a pronoun or a name for subject and no relative word, on the hearer of a verb of
    telling, is what was told."""
    if v.lemma_ not in TOLD_THAT:
        return None
    for o in v.children:
        # (the hearer is someone: never "tell the I.R.S. anything it doesn't already know")
        if o.dep_ != "dobj" or o.i < v.i or not (o.tag_ == "PRP" or o.ent_type_ == "PERSON"
                                                  or o.lemma_.lower() in PEOPLE_NOUNS | ROLE_NOUNS | HEARER_NOUNS):
            continue
        for r in o.children:
            subj = next((c for c in r.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if (r.dep_ == "relcl" and r.i > o.i and subj is not None and subj.tag_ in ("PRP", "NNP", "NNPS")
                    and subj.i == _subtree_span(r)[0] and r.pos_ in ("VERB", "AUX")):
                return _subtree_span(r), "ccomp"
    return None


def _subject_lost(v: Token, c: Token) -> bool:
    """The parse hung a finite clause with no subject on the verb ``v`` after its object: the
    clause's subject is the object, or sits inside it."""
    return (c.tag_ in ("VBD", "VBZ", "VBP") and any(o.dep_ == "dobj" and o.i < c.i for o in v.children)
            and not any(g.dep_ in ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl", "mark") for g in c.children))


REPORT_OBJECTS = {"report", "claim", "allegation", "rumor", "rumour", "suggestion", "idea", "accusation", "charge",
                  "speculation", "notion"}


def _report_object(v: Token) -> Content | None:
    """"repeated the claim that ...": an object noun of report with its clause."""
    for c in v.children:
        if c.dep_ in ("dobj", "attr") and c.lemma_ in REPORT_OBJECTS:
            if any(g.dep_ in ("acl", "relcl", "ccomp") for g in c.children):
                return _subtree_span(c), "that-object"
    return None


def _raising_passive(v: Token) -> Content | None:
    """"The efforts are expected to continue ...", "he is said to have ...": a raising passive
    reports the whole proposition, subject included; the speaker is unnamed."""
    if v.tag_ == "VBN" and v.lemma_ in SPEECH_LEMMAS:
        sp = next((c for c in v.children if c.dep_ == "nsubjpass"), None)
        xc = next((c for c in v.children if c.dep_ == "xcomp" and c.i > v.i), None)
        if sp is not None and xc is not None and sp.lower_ not in PRONOUNS | RELATIVE:
            return (_subtree_span(sp)[0], _subtree_span(xc)[1]), "raising"
    return None


def _xcomp_content(v: Token) -> Content | None:
    """Cues that report with an infinitive or an object ("urged them to leave", "called for an
    inquiry", "called it “a starting point”", "called on Moscow to get out")."""
    if v.lemma_ not in XCOMP_CUES:
        return None
    doc = v.doc
    for c in v.children:
        if c.dep_ == "xcomp":
            objs = [o for o in v.children if o.dep_ in ("dobj", "dative") and o.i < c.i and o.i > v.i]
            s, e = _subtree_span(c)
            if objs:
                s = min(s, _subtree_span(objs[0])[0])
            return (s, e), "xcomp"
    for c in v.children:  # "called for an inquiry", "announced for 'tactical actions' to begin"
        if c.dep_ == "prep" and c.lower_ == "for" and v.lemma_ in ("call", "announce", "appeal", "push", "press", "ask"):
            s, e = _subtree_span(c)
            if e - s >= 3:
                return (s + 1, e), "call-for"
    if v.lemma_ in ("call", "label", "brand", "dub", "term", "describe"):  # "called it “a starting point”"
        obj = next((c for c in v.children if c.dep_ == "dobj"), None)
        oprd = next((c for c in v.children if c.dep_ in ("oprd", "xcomp") or (c.dep_ == "prep" and c.lower_ == "as")), None)
        if obj is not None and oprd is not None and obj.i < oprd.i:
            return (_subtree_span(obj)[0], _subtree_span(oprd)[1]), "call-it"
    if v.lemma_ == "call":  # "called on Moscow to get out"
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ == "on":
                s, e = _subtree_span(c)
                s += 1
                if any(t.tag_ == "VB" for t in doc[s:e]):
                    return (s, e), "call-on"
    return None


def _tagged_clause(v: Token, subj_own: Token | None) -> Content | None:
    """"..., Zakharova told reporters." / "Russia will ..., the ministry said": the clause the cue
    hangs on, up to the cue's own subject, which follows a comma or a closing quote."""
    if not (v.dep_ in ("advcl", "parataxis", "conj", "ccomp") and v.head.i < v.i and subj_own is not None and subj_own.i < v.i):
        return None
    doc = v.doc
    s = _subtree_span(v.head)[0]
    e = _subtree_span(subj_own)[0]
    if e - s < 3 or doc[e - 1].text not in {",", "”", '"', "’"}:
        return None
    if doc[e - 1].text == "," and v.dep_ == "parataxis":
        # "X has hurt him, Graham said, since ...", "The difference now, he told me, is that
        # ...": a tag set off inside its clause, which goes on after it; the content is
        # that clause (the verb's, where the tag hangs on a noun) on either side of the tag
        clause = v.head
        while clause.pos_ not in ("VERB", "AUX") and clause.dep_ != "ROOT" and clause.head.i != clause.i:
            clause = clause.head
        cs, ce = _subtree_span(clause)
        ve = _subtree_span(v)[1]
        if cs <= s and ve < len(doc) and doc[ve - 1].text == "," and _goes_on(doc, ve, ce):
            return (cs, ce), "parenthetical"
    return (s, e), "head-clause"


def _tag_inside(v: Token, subj_own: Token | None) -> Content | None:
    """"Overall, she said, a number of ... are": a cue set off by commas inside its content."""
    if v.dep_ in ("parataxis", "advcl", "ccomp") and subj_own is not None:
        doc = v.doc
        vs, ve = _tag_extent(v)
        if vs > 0 and ve < len(doc) and doc[vs].text == "," and doc[ve - 1].text == ",":
            hs, he = _subtree_span(v.head)
            if hs < vs and any(not t.is_punct for t in doc[hs:vs]) and _goes_on(doc, ve, he):
                return (hs, he), "parenthetical"
    return None


def _that_clause_below(v: Token, subj_idx: set[int]) -> Content | None:
    """A "that" clause the parser hung lower down ("told reporters after the summit that ...")."""
    if v.lemma_ in COGNITION:
        return None
    doc = v.doc
    for t in v.subtree:
        if t.i > v.i and t.lower_ == "that" and t.dep_ == "mark" and t.head.pos_ in ("VERB", "AUX") and t.i not in subj_idx:
            if not any(x.lemma_ in SPEECH_LEMMAS and x.pos_ == "VERB" for x in doc[v.i + 1 : t.i]):
                return (t.i, _subtree_span(t.head)[1]), "that-clause"
    return None


def _quote_beside(v: Token, qtok: list[tuple[int, int]], subj_idx: set[int], subj_own: Token | None) -> Content | None:
    """A quotation in the verb's sentence right before ("“...,” he said") or right after ("said: “...”")."""
    doc = v.doc
    sent = sent_of(v)
    for qs, qe in qtok:
        if qe <= sent.start - 1 or qs >= sent.end:
            continue  # a quotation in another sentence belongs to that sentence's cue
        gap_before = doc[qe:v.i]
        # "“...,” he said" ends its quotation with a comma, ? or !; a full stop closes it off.
        ends_open = qe - 2 >= qs and doc[qe - 2].text in {",", "?", "!", "—", "–", "-", "..."}
        chain = {a.i for a in v.ancestors}  # "“...,” the man could be heard saying"
        # (a participle with no subject of its own right after the quotation is an adjunct of the
        # clause that holds it: '... will "make coverage affordable," pointing to an analysis')
        adjunct = v.tag_ == "VBG" and subj_own is None and all(t.is_punct for t in gap_before)
        if ends_open and 0 <= v.i - qe <= 6 and not adjunct and all(t.is_punct or t.i in subj_idx or t.i in chain or t.dep_ in (
                "nsubj", "nsubjpass", "aux", "auxpass", "compound", "det", "amod") or t.pos_ in ("PROPN", "PRON") for t in gap_before):
            return (qs, qe), "quote-before"
        gap_after = doc[v.i + 1 : qs]
        if 0 <= qs - v.i - 1 <= 3 and all(t.is_punct or t.dep_ in ("prt", "dobj", "dative") for t in gap_after):
            return (qs, qe), "quote-after"
    return None


# Participles used as conjunctions ("considering that", "assuming that", "provided that")
CONJUNCTION_PARTICIPLES = {"considering", "assuming", "supposing", "provided", "providing", "granted", "seeing"}


# Words that open a time adjunct: after a speech tag, the time of the saying, not more content
TIME_OPENERS = {"after", "before", "when", "while", "until", "during", "on", "at", "as", "earlier", "later"}


def _goes_on(doc: Doc, s: int, e: int) -> bool:
    """Whether the words from ``s`` to ``e`` after a speech tag go on with the content: not only
    punctuation, and not a time adjunct ("..., the ministry has said, a day after Trump called on
    Moscow to leave": when it was said)."""
    first = next((t for t in doc[s:e] if not t.is_punct), None)
    return first is not None and not (first.ent_type_ in ("DATE", "TIME") or first.lower_ in TIME_OPENERS or first.dep_ == "npadvmod")


def _tag_extent(v: Token) -> tuple[int, int]:
    """The tokens of a speech tag set off inside its content (", Mr. Castaneda argues,"): the verb,
    its subject and the words that go with them, with the commas around them, but none of the
    clauses the parse hung on the verb ("If this argument fails to persuade, X argues, there are
    ..." keeps the "if" clause as content)."""
    doc = v.doc
    clausal = ("advcl", "ccomp", "xcomp", "conj", "parataxis", "csubj")
    parts = [v] + [c for c in v.children if c.dep_ not in clausal and c.dep_ != "punct"]
    start = min(_subtree_span(c)[0] if c is not v else v.i for c in parts)
    end = max(_subtree_span(c)[1] if c is not v else v.i + 1 for c in parts)
    if start > 0 and doc[start - 1].text == ",":
        start -= 1
    if end < len(doc) and doc[end].text == ",":
        end += 1
    return start, end


def _conjunction_participle(v: Token) -> bool:
    """"a glaring hole, considering that ...": a participle with no subject or "when" of its own
    joins two clauses; nobody thinks or says what follows ("when considering why ..." does)."""
    return v.lower_ in CONJUNCTION_PARTICIPLES and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in v.children) and not (
        v.i > 0 and v.doc[v.i - 1].lower_ in ("when", "while", "before", "after", "by", "in"))


def _discourse_said(v: Token) -> bool:
    """"That said," / "That being said," / "Having said that,": a connective at the head of a
    clause, not a speech tag."""
    doc = v.doc
    if v.lower_ != "said":
        return False
    prev = [t.lower_ for t in doc[max(0, v.i - 2) : v.i]]
    nxt = [t.lower_ for t in doc[v.i + 1 : v.i + 3]]

    def opens(i: int) -> bool:  # token i begins its clause
        return i == 0 or doc[i].is_sent_start or doc[i - 1].is_punct or doc[i - 1].lower_ in ("but", "and", "still")

    if nxt[:1] == [","] and prev[-1:] in (["that"], ["this"]) and opens(v.i - 1):
        return True
    if nxt[:1] == [","] and prev == ["that", "being"] and opens(v.i - 2):
        return True
    return prev[-1:] == ["having"] and nxt in (["that", ","], ["this", ","])


def find_attributions(doc: Doc) -> list[Attribution]:
    """Every attribution in the document: one per verb of speech or thought with its content
    (:func:`_verb_attribution`), then the shapes with no such verb (transcripts, headlines,
    colon frames, block quotes, "according to", dash credits, continuations, the tagger's,
    lead-ins); none in a caption, each found once, contents cut before nonrestrictive asides."""
    qtok = _quote_tokens(doc)
    found: list[Attribution] = []
    for v in doc:
        if _speech_verb(doc, v):
            a = _verb_attribution(doc, v, qtok)
            if a is not None:
                found.append(a)
    found += _transcript_turns(doc)
    found += _headlines(doc, qtok)
    found += _headline_tails(doc, qtok)
    found += _colon_frames(doc, qtok, found)
    found += _headline_leads(doc, qtok, found)
    found += _block_quotes(doc, found)
    found += _according_to(doc)
    found += _dash_credits(doc, qtok, found)
    _leading_fragments(doc, qtok, found)
    found += _continuations(doc, qtok, found)
    found += _from_tagger(doc, found, qtok)
    found += _lead_ins(doc, qtok, found)
    # a byline, caption or credit line never holds a quotation
    captions = _captions(doc)
    found = [a for a in found if not any(cs <= doc[(a.cue or a.content)[0]].idx < ce for cs, ce in captions)]
    found = _dedupe(found)
    for a in found:
        if a.how not in ("headline", "transcript", "continuation"):
            a.content = _cut_nonrestrictive(doc, a.content)
            if a.fragments:
                a.fragments = [(fs, min(fe, a.content[1])) for fs, fe in a.fragments if fs < a.content[1]]
    _set_fragments(doc, found)
    return found


def _speech_verb(doc: Doc, v: Token) -> bool:
    """A verb (or "said" as the parse tagged it) of speech or thought outside quotation marks,
    used as one: not the reporter's "when asked", a conjunction or a connective."""
    if not (v.lemma_ in SPEECH_LEMMAS and v.pos_ in ("VERB", "AUX") or _said_as_noun(v) or _tag_verb(v)) or _in_quote(doc, v.i):
        return False
    if _participle(v) and v.dep_ in ("advcl", "acl") and not any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in v.children):
        return False  # "he said when asked whether ...": the question is the reporter's
    if _conjunction_participle(v):
        return False  # "a glaring hole, considering that ...": a conjunction, nobody's thought
    return not _discourse_said(v)  # "That said, it's not going to conquer the world": a connective, nobody's words


def _tag_verb(v: Token) -> bool:
    """The verb of a speech tag right after a quotation left open, whatever the verb ("“Too
    late,” he scoffed", "“...,” sighed Adams", "“...,” the old man recounted"): a quotation
    ending in a comma, ? or ! needs its tag, and a subject and an intransitive verb make one, so
    no lexicon of speech verbs decides who said it."""
    if v.pos_ != "VERB" or v.tag_ not in ("VBD", "VBZ", "VBP") or any(
            c.i > v.i and c.dep_ in ("dobj", "ccomp", "xcomp", "dative", "attr", "acomp", "oprd") for c in v.children):
        return False
    # (not a relative clause's verb: the chant “Lock her up!” that ricocheted)
    subj = next((c for c in v.children if c.dep_ == "nsubj" and c.pos_ in ("PRON", "PROPN", "NOUN")), None)
    if subj is None or v.dep_ == "relcl" or subj.lower_ in RELATIVE:
        return False
    doc = v.doc
    # "“...,” he scoffed": the subject right after the quotation; "“...,” sighed Adams": the verb
    first = subj.left_edge.i if subj.i < v.i and subj.right_edge.i + 1 == v.i else v.i if subj.left_edge.i == v.i + 1 else -1
    if first < 2 or doc[first - 1].text not in QUOTE_CHARS or doc[first - 2].text not in (",", "?", "!"):
        return False
    # what the tag closes is a sentence of this paragraph (a quotation opening it, or a clause with
    # a verb: 'Guns are “the ultimate crisis” and “stunt growth,” Howard Dean proclaimed'), not a
    # title in a phrase ("In ''Hail, Caesar!,'' Mr. Brolin gets into the spirit"); the walk back
    # covers that clause once, and no more than a long sentence
    i = first - 2
    while i > 0 and first - i < 300 and "\n" not in doc[i - 1].text and doc[i - 1].text not in (".", ":", ";"):
        i -= 1
    if not (doc[i].text in QUOTE_CHARS or any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in doc[i : first - 1])):
        return False
    last = max(v.i, subj.right_edge.i)
    after = doc[last + 1] if last + 1 < len(doc) else None
    return after is None or after.is_punct or after.is_space or after.dep_ in ("prep", "advmod", "npadvmod")


def _verb_attribution(doc: Doc, v: Token, qtok: list[tuple[int, int]]) -> Attribution | None:
    """The attribution a verb of speech or thought makes: its content (as the parse gives it,
    widened to the quotation marks and trimmed), its cue and its source; None when it reports
    nothing."""
    content, how = _content_of(v, qtok)
    if content is None:
        return None
    if v.dep_ == "relcl" and how in ("xcomp", "call-on", "call-for"):
        return None  # "a minister, who asked not to be named": describes the source
    if v.lemma_ in COGNITION and how not in ("ccomp", "xcomp", "raising"):
        return None
    if _impersonal_infinitive(v):
        return None  # "It is too early to say whether ...": the writer's hedge, no one's report
    s, e = _widen_to_quotes(doc, content, qtok, v.i)
    s, e = _trim(doc, *_cut_after_quote(doc, *_drop_according(doc, s, e), qtok))
    if e - s < 2 or (s <= v.i < e and how not in ("parenthetical", "raising")):
        return None
    source = _verb_source(doc, v, how, s, e)
    first = doc[s]
    if first.tag_ == "VBG" and first.lemma_ in SPEECH_LEMMAS and first.i != v.i and e - s > 4:
        # "Claiming the criticism is designed ..., Trump said ...": the parse gave the
        # participle's clause to the main verb; the participle is the cue of that content.
        return Attribution(_trim(doc, s + 1, e), (s, s + 1), source, "participle")
    a = Attribution((s, e), _cue_span(v), source, how)
    if how == "parenthetical":
        # "Overall, she said, a number of ...": the content is what stands on either side
        vs, ve = _tag_extent(v)
        a.fragments = [f for f in (_trim(doc, s, vs), _trim(doc, ve, e)) if f[1] > f[0]]
    return a


def _impersonal_infinitive(v: Token) -> bool:
    """``v`` is an infinitive after an adjective whose clause has an empty "it" for subject:
    "It is hard to say whether ...", "it remains difficult to measure ..., and even harder to
    predict ...", "It could be possible, for example, to tell how ..." (the parse: an adverbial
    clause); never "She was eager to say ..."."""
    if v.dep_ not in ("xcomp", "advcl") or not _to_infinitive(v):
        return False
    node = v.head
    if not (node.pos_ == "ADJ" or any(c.dep_ == "acomp" and c.pos_ == "ADJ" and c.i < v.i for c in node.children)):
        return False
    for _ in range(4):  # up through the adjectives and conjuncts to the clause's subject
        subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
        if subj is not None:
            return subj.lower_ in ("it", "there")
        if node.dep_ not in ("conj", "acomp", "attr", "xcomp") or node.head.i == node.i:
            break
        node = node.head
    return False  # ("Christie, eager all evening to jab senators": the adjective is someone's)


def _verb_source(doc: Doc, v: Token, how: str, s: int, e: int) -> tuple[int, int] | None:
    """The source of the speech verb ``v`` whose content is tokens s..e: its subject as a noun
    phrase, else the agent or the words the parse left elsewhere; never overlapping the content."""
    trailing = _trailing_subject(v)
    if trailing is not None:
        # "..., a spokeswoman for West Yorkshire Police said": the phrase the parse hung on the word before
        return _outside_content((trailing.left_edge.i, _cue_span(v)[0]), how, s, e)
    if v.dep_ == "pcomp" and v.head.lower_ == "as" and v.head.head.lemma_ in ("quote", "cite") and (
            quoted := next((c for c in v.head.head.children if c.dep_ == "dobj"), None)) is not None:
        # "Xinhua quoted a spokesman, Senior Colonel Shi Yi, as saying": the one quoted speaks, and
        # the medium that quoted him is the channel (it joins ``via`` with the media of the sentence)
        return _outside_content(_source_span(quoted), how, s, e)
    subj, holder = _subject(v)
    if subj is not None and subj.dep_ == "nsubjpass" and v.lemma_ in HEARER_PASSIVE and subj.head.i == v.i:
        subj = None  # "residents were told to prepare": the residents heard it
    source = None
    if v.lemma_ in ("say", "tell") and v.dep_ == "pcomp":
        # "he was cited as saying by Interfax": the passive subject speaks
        source = _source_span(subj) if subj is not None else None
    elif subj is not None and subj.dep_ == "csubj" and subj.tag_ == "VBG" and (
            name := next((c for c in subj.children if c.dep_ == "conj" and c.pos_ == "PROPN"), None)) is not None:
        # "Slamming the opposition as 'liars', Chief Minister Bhagwant Mann said": the parse made
        # the participle the subject and the name its conjunct
        source = _subtree_span(name)
    elif subj is not None:
        source = _source_span(subj) if subj.head.i == holder.i else (subj.i, subj.i + 1)
        if subj.dep_ not in ("nsubj", "nsubjpass", "csubj"):  # relcl head noun (a relative pronoun
            # subject, "Republicans, who have argued", is the source itself: _subject returns it)
            source = (subj.i - len([t for t in subj.lefts if t.dep_ == "compound"]), subj.i + 1)
    if source is not None and subj is not None and source[0] <= subj.i < source[1]:
        # "Trump on Wednesday called ...": a time phrase hung on the subject is not the source
        for c in subj.rights:
            if c.dep_ in ("prep", "npadvmod") and any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree):
                source = (source[0], min(source[1], _subtree_span(c)[0]))
                break
    if how == "raising":
        ag = _agent(v)
        source = _subtree_span(ag) if ag is not None else None
    if source is None:
        source = _source_elsewhere(doc, v, subj, s, e)
    return _outside_content(source, how, s, e)


def _outside_content(source: tuple[int, int] | None, how: str, s: int, e: int) -> tuple[int, int] | None:
    """The source cut to what lies outside the content s..e (but a parenthetical cue sits inside it)."""
    if source is not None and how != "parenthetical" and source[0] < e and s < source[1]:
        source = (max(source[0], e), source[1]) if source[1] > e else (source[0], min(source[1], s))
        if source[0] >= source[1]:
            return None
    return source


def _trailing_subject(v: Token) -> Token | None:
    """The noun phrase right before a speech verb with no subject that the parse hung as an
    apposition on the word before the comma (:func:`entities.trailing_speaker`)."""
    if v.i < 2:
        return None
    end = _cue_span(v)[0]  # ("..., a member of the team has said": before the verb's auxiliaries)
    last = end - 2 if v.doc[end - 1].text == "," else end - 1  # (the comma closing the apposition)
    if last < 1:
        return None
    t = v.doc[last]
    while True:
        if t.tag_ in ("VBG", "VBN") and t.dep_ in ("advcl", "acl", "conj", "csubj") and (
                n := next((c for c in t.lefts if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")), None)) is not None and (
                n.left_edge.i > 0 and v.doc[n.left_edge.i - 1].text == "," and t.right_edge.i == last):
            # "..., a member of the Chadian team trying to broker a peace pact has said", parsed
            # with the member the subject of "trying" (hung on the clause before, or made the
            # verb's clausal subject): the phrase after the comma is the speaker
            return n
        if t.dep_ == "appos" or t.head.i == t.i or t.head.i >= v.i:
            break
        t = t.head
    while t.dep_ == "appos" and t.head.dep_ == "appos" and t.head.i < t.i and trailing_speaker(t.head):
        t = t.head  # the whole phrase: "her senior policy adviser, Jake Sullivan," or "Brent Bozell III, founder of ...,"
    if t.right_edge.i in (last, v.i - 1) and trailing_speaker(t) and t.head.i < t.i and t.pos_ in ("NOUN", "PROPN"):
        return t  # (never an age set off by commas: "Ramos, 58, told AFP")
    return _name_after_quotation(v)


def _name_after_quotation(v: Token) -> Token | None:
    """"“We’ve had better conventions,” Texas delegate Bill Eastland, wearing a cowboy hat, said",
    parsed with the name and what follows it hung on the quotation's verb: the person named
    right after the quotation's closing mark, before a tag verb with no subject of its own."""
    doc = v.doc
    if v.lemma_ not in SPEECH_LEMMAS or any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children):
        return None
    k = next((i for i in range(v.i - 1, max(v.sent.start, v.i - 30), -1)
              if doc[i].is_quote and doc[i - 1].text in (",", "?", "!")), None)
    if k is None or k + 1 >= v.i:
        return None
    t = doc[k + 1]
    while k < t.head.i < v.i and t.head.i != t.i:
        t = t.head
    return t if t.ent_type_ == "PERSON" and t.left_edge.i == k + 1 and t.pos_ == "PROPN" else None


def _source_elsewhere(doc: Doc, v: Token, subj: Token | None, s: int, e: int) -> tuple[int, int] | None:
    """A source where the parse did not make it the subject of the speech verb ``v``."""
    if subj is None:
        # headline inversion: "..., Moscow Vows" parses "Moscow" as a compound of the verb
        names = [c for c in v.children if c.dep_ in ("compound", "nsubj") and c.i < v.i and c.pos_ in ("PROPN", "NOUN")]
        if names:
            return _subtree_span(names[-1])
    if v.tag_ == "VBN":
        ag = _agent(v)
        if ag is not None:
            return _subtree_span(ag)
    if subj is not None:
        return None
    if v.i > 0 and doc[v.i - 1].ent_type_ == "PERSON" and doc[v.i - 1].i not in range(s, e):
        # "... of the Washington Post Trump said that ...": the parse lost the subject that
        # stands right before the cue
        k = v.i - 1
        while k > 0 and doc[k].ent_iob_ == "I":
            k -= 1
        return (k, v.i)
    if v.i > 0 and _quote_end(doc, v.i - 1) == v.i:
        # '"...," shouted one farmer, Jean Dupont': the inverted subject parsed as an object
        obj = next((c for c in v.rights if c.dep_ in ("dobj", "attr") and c.i <= v.i + 3 and c.pos_ in ("NOUN", "PROPN")), None)
        if obj is not None:
            return _source_span(obj)
    # '"...," the 62-year-old said', 'The 83-year-old added that ...': the parse hung the
    # subject's words on the verb itself
    mods = [c for c in v.lefts if c.dep_ in ("det", "amod") and (c.i >= e or c.i < s)]  # outside the content
    if mods and mods[0].dep_ == "det":
        return (mods[0].i, v.i)
    return None


def _tok_span(doc: Doc, chars: list[int] | None) -> tuple[int, int] | None:
    if not chars:
        return None
    sp = doc.char_span(chars[0], chars[1], alignment_mode="expand")
    return (sp.start, sp.end) if sp is not None and len(sp) else None


LEFT_MODIFIERS = {"det", "amod", "compound", "poss", "nummod", "advmod", "predet", "case"}


def _complete_phrases(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """Never end a tagged span inside a phrase ("Trump's" for "Trump's proposals"), nor start it
    after a modifier of its first word ("proposals" for "Trump's proposals")."""
    sent_end = sent_of(doc[e - 1]).end
    while e < sent_end and doc[e - 1].head.i >= e and doc[e - 1].head.i - e < 3 and doc[e - 1].dep_ in LEFT_MODIFIERS:
        e = doc[e - 1].head.i + 1
    while s > 0 and doc[s - 1].dep_ in LEFT_MODIFIERS and s <= doc[s - 1].head.i < e:
        s -= 1
    if s > 0 and doc[s - 1].lower_ == "that" and doc[s - 1].dep_ == "mark" and s <= doc[s - 1].head.i < e:
        s -= 1  # the complementiser belongs to the content ("said [that X]")
    return s, e


def _from_tagger(doc: Doc, found: list[Attribution], qtok: list[tuple[int, int]]) -> list[Attribution]:
    """The trained tagger's attributions where no rule found one (it has the recall, the rules
    the exact spans and sources)."""
    out: list[Attribution] = []
    # the mention each token is part of, so that a tagged source never cuts a name ("-Jones" of
    # "Dr Huw Lewis-Jones")
    named = {t: (mm["token_start"], mm["token_end"]) for mm in doc._.cg_mentions or [] for t in range(mm["token_start"], mm["token_end"])}
    people = {t for mm in doc._.cg_mentions or [] if mm["label"] == "PERSON" for t in range(mm["token_start"], mm["token_end"])}
    for m in doc._.cg_model_attributions or []:
        content = _tok_span(doc, m["content"])
        if content is None or any(a.content[0] < content[1] and content[0] < a.content[1] for a in found + out):
            continue
        cue, source = _tok_span(doc, m.get("cue")), _tok_span(doc, m.get("source"))
        verbs = [t for t in doc[cue[0] : cue[1]] if t.pos_ == "VERB"] if cue else []
        if verbs and (_conjunction_participle(verbs[-1]) or _impersonal_infinitive(verbs[-1])):
            continue  # "considering that ...": a conjunction; "It is hard to say whether": a hedge
        if cue is not None and any(_discourse_said(t) for t in doc[cue[0] : cue[1]]):
            continue  # "That said, ...": a connective
        if verbs:
            # A cue verb the rules do not list: its complement, read off the parse the way
            # the rules read theirs, has better edges than the tagged span.
            parsed, how = _content_of(verbs[-1], qtok)
            if parsed is not None and parsed[0] < content[1] and content[0] < parsed[1] and how in ("ccomp", "xcomp", "that-object"):
                content = _widen_to_quotes(doc, parsed, qtok, verbs[-1].i)
        s, e = _trim(doc, *_complete_phrases(doc, *_drop_according(doc, *content)))
        if e - s < 2 or (cue is None and e - s < 8):
            continue  # a short span with no cue is a fragment, not an attribution (dev: 0 of 10 right)
        if source is None and cue is not None:
            # the cue verb's subject, as the rules take it
            verbs = [t for t in doc[cue[0] : cue[1]] if t.pos_ in ("VERB", "AUX")]
            subj = _subject(verbs[-1])[0] if verbs else None
            if subj is not None and not (s <= subj.i < e):
                source = _subtree_span(subj) if subj.dep_.startswith("nsubj") else (subj.i, subj.i + 1)
                source = (max(source[0], e), source[1]) if source[0] < e <= source[1] and source[0] >= s else source
        if (source is not None and (clause := doc[source[0] : source[1]].root).pos_ in ("VERB", "AUX")
                and (subj := next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")
                                   and source[0] <= c.i < source[1]), None)) is not None
                and source[1] - source[0] - len(list(subj.subtree)) >= 3):
            # a tagged source that is a whole clause ("Senator Patty Murray, a Washington Democrat,
            # is the first chairwoman of the Budget Committee and is charged with"): its subject
            # (but a name the parse took for a verb stays: "Trump shot back", "news accounts")
            source = _subtree_span(subj)
        if source is not None:
            # a source cut before the noun it modifies ("Brighton" of "Brighton boss Fabian
            # Hurzeler praised"): through the modified words to the name they lead to
            h = last = doc[source[1] - 1]
            through = last.i not in named  # a title ("Mr."), or a name through a role ("Brighton boss")
            while h.dep_ in ("compound", "nmod", "amod") and source[1] <= h.head.i < source[1] + 4:
                h = h.head
                through = through or (h.is_lower and h.i not in named)
            # (or to the name set beside it: "Brighton boss, Fabian Hurzeler")
            h = next((c for c in h.children if c.dep_ == "appos" and c.i in named and c.i < h.i + 5), h)
            if (h.i >= source[1] and h.i in named and through and h.i in people
                    and not (s <= h.i < e)):
                source = (source[0], named[h.i][1])
            a0, b0 = min(source[0], named.get(source[0], source)[0]), max(source[1], named.get(source[1] - 1, source)[1])
            while b0 > a0 and doc[b0 - 1].is_space:
                b0 -= 1
            if not (a0 < e and s < b0):
                source = (a0, b0)
        if source is not None and cue is not None and source[0] < (first := doc[cue[0]].sent.start) < source[1]:
            # a tagged source that runs back over a sentence start: only its part in the cue's
            # sentence ("NAIROBI - Electoral commission chairman X rejected": never the dateline)
            source = (first, source[1])
        if source is not None:
            source = _nominal_source(doc, source, (s, e), named)
        if source is not None and cue is not None and _sourceless(doc, cue, source):
            source = None
        if any(b.source is not None and b.source[0] <= s and e <= b.source[1] for b in found):
            continue  # words inside another attribution's source ("Joe Marsh, who knew families whose ...")
        a = Attribution((s, e), cue, source, "tagger")
        if (cue is not None and source is not None and source[0] == s + 1 and doc[s].lower_ in RELATIVE | {"what"}
                and source[1] <= cue[0] and cue[1] < e):
            # "which prosecutors said was inspired by ...": the relative word and what follows the
            # cue, on either side of the content's own source and cue
            a.fragments = [(s, s + 1), _trim(doc, cue[1], e)]
        out.append(a)
    return out


RAISING = {"seem", "appear", "look", "sound"}

# words that stand for people without a noun: "some say", "many believe", "others warned"
_QUANTIFIER_SOURCES = {"some", "many", "most", "others", "several", "few", "all", "both", "each", "one", "any", "none"}
_SOURCE_NOMINAL_POS = {"NOUN", "PROPN", "PRON", "NUM"}
_NUMERIC_ENTS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}


def _nominal_source(doc: Doc, source: tuple[int, int], content: tuple[int, int],
                    named: dict[int, tuple[int, int]]) -> tuple[int, int] | None:
    """A tagged source as a noun phrase: without a preposition, conjunction, article or comma it
    ends on ("Mr. Kerry and", "Congress with", "the Supreme Court this"); one that holds no word
    that can name anyone (a noun, a name, also one the parse took for a verb, "Trump"; a pronoun,
    number, relative word, "some"/"many") is completed by the noun its last word belongs to, after
    an article ("the" -> "the Supreme Court") or right after an adjective ("longtime" -> "longtime
    aides"), else it is none ("won", "Having")."""

    def can_name(t: Token) -> bool:
        return (t.pos_ in _SOURCE_NOMINAL_POS or t.tag_ in ("WDT", "WP", "WP$") or t.lower_ in _QUANTIFIER_SOURCES
                or t.i in named or (t.ent_type_ != "" and t.ent_type_ not in _NUMERIC_ENTS)
                or (t.is_title and t.i != t.sent.start))  # a capitalised word inside a sentence: a name

    a, b = source
    if not any(can_name(t) for t in doc[a:b]):
        # the tagger's span stops at an article or adjective ("the" of "the Supreme Court"): the
        # noun it belongs to, just after it, completes it, unless that is the content's
        head = doc[b - 1].head
        near = b + 6 if doc[a].pos_ == "DET" else b + 1  # an adjective's noun only right after it ("longtime aides")
        if not (b <= head.i < near and can_name(head) and not (content[0] <= head.i < content[1])):
            return None
        b = head.i + 1
    while b - 1 > a and (doc[b - 1].pos_ in ("ADP", "CCONJ", "SCONJ", "SPACE") or doc[b - 1].text == ","
                         or doc[b - 1].pos_ == "DET" and not can_name(doc[b - 1])):
        b -= 1
    return (a, b)

# Clauses that hang on another: adverbial ("although ..."), relative, complement, open complement
SUBORDINATE_DEPS = {"advcl", "relcl", "ccomp", "xcomp", "acl", "pcomp"}


def _first_conjunct(t: Token) -> Token:
    """The first of the words joined by "and"/"but" that ``t`` is one of (``t`` itself if none)."""
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    return t


def _in_subordinate_clause(t: Token) -> bool:
    """Whether a subject's verb hangs on another clause, rather than being the sentence's root or
    one joined to it by "and" (an appositive's noun stands for the subject it is set beside)."""
    if t.dep_ == "appos":
        t = t.head
    return _first_conjunct(t.head).dep_ in SUBORDINATE_DEPS


def _sourceless(doc: Doc, cue: tuple[int, int], source: tuple[int, int]) -> bool:
    """A tagged frame whose subject is no source: the target of a passive ("peacekeepers have
    been blamed for ..."), the subject of "seems". A relative "which" is a source ("the Board of
    Elections, which ruled that ..."): it is what PolNeAR's annotators mark, and the speaker is what
    it stands for."""
    verbs = [t for t in doc[cue[0] : cue[1]] if t.pos_ in ("VERB", "AUX")]
    src = doc[source[0] : source[1]]
    if not verbs:
        return False
    v = verbs[-1]
    if v.lemma_ in ("ask", "question") and _participle(v) and v.dep_ in ("advcl", "acl", "ccomp") and not any(
            c.dep_.startswith("nsubj") for c in v.children):
        return True  # "Asked whether ..., the minister said": the question is an unnamed asker's
    return v.lemma_ in RAISING or (v.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in v.children)
                                   and src.root.dep_ == "nsubjpass" and _agent(v) is None)


# An interview transcript: each turn a paragraph opening with the speaker's name in capitals.
_TURN = re.compile(r"^[\"“]?(?P<label>(?:[A-Z][A-Z.'’-]+ ){0,2}[A-Z][A-Z.'’-]+):\s+(?P<body>\S.*?)\s*$", re.S)


# a stage direction in a transcript: '"(CROSSTALK.)', '[LAUGHTER]'
_STAGE_DIRECTION = re.compile(r"^[\"“]?\s*[(\[][^)\]]*[)\]][\W]*$")


def _transcript_turns(doc: Doc) -> list[Attribution]:
    """"PENCE: Well, look, ..." - the whole turn is the labelled speaker's (two turns or more).

    Where the transcript is quoted paragraph by paragraph (each turn opens with a quotation mark,
    '"PENCE: ...'), a later paragraph that opens with a mark and has no label of its own goes on
    with the same turn, as a fragment of its content; a stage direction ('"(CROSSTALK.)') is
    nobody's, and a paragraph of the writer's own (no opening mark) ends the turn."""
    text = _text(doc)
    credits = {s for s, _ in _captions(doc)}
    turns: list[tuple[int, int, list[tuple[int, int]]]] = []  # label start, end; the body's pieces
    quoted = False  # the last turn opened with a quotation mark
    for pm in re.finditer(r"[^\n]+", text):
        line = pm.group(0)
        lead = len(line) - len(line.lstrip())
        m = _TURN.match(line, lead)
        if pm.start() in credits:  # '"Follow Pam Key on Twitter ..."': the page's, no turn's
            quoted = False
        elif m and len(m.group("label")) >= 2:
            turns.append((pm.start() + m.start("label"), pm.start() + m.end("label"),
                          [(pm.start() + m.start("body"), pm.start() + m.end("body"))]))
            quoted = line[lead : lead + 1] in ('"', "“")
        elif not line.strip() or _STAGE_DIRECTION.match(line.strip()):
            continue
        elif turns and quoted and line[lead : lead + 1] in ('"', "“"):
            turns[-1][2].append((pm.start() + lead + 1, pm.start() + len(line.rstrip())))
        else:
            quoted = False
    if len(turns) < 2:
        return []
    out = []
    for ls, le, pieces in turns:
        label = doc.char_span(ls, le, alignment_mode="expand")
        spans = [doc.char_span(bs, be, alignment_mode="expand") for bs, be in pieces]
        if label is None or spans[0] is None:
            continue
        frags = [f for f in (_trim(doc, sp.start, sp.end) for sp in spans if sp is not None) if f[1] - f[0] >= 2]
        if not frags or frags[0][0] != _trim(doc, spans[0].start, spans[0].end)[0]:
            continue  # the turn's own words are too short
        a = Attribution((frags[0][0], frags[-1][1]), (label.end, label.end + 1), (label.start, label.end), "transcript")
        if len(frags) > 1:
            a.fragments = frags
        out.append(a)
    return out


# A headline ends "..., Moscow Vows": title case defeats the tagger, so it is read by shape.
_HEADLINE = re.compile(
    r"^(?P<content>.+?)[,:]?\s*(?P<source>(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*)\s+"
    r"(?P<cue>(?:Says|Vows|Warns|Claims|Denies|Insists|Urges|Admits|Confirms|Announces|Pledges|Promises|"
    r"Threatens|Tells\s+[A-Z]\w+))\s*$")


# A headline's source after its claim ("Islamic State flying three jets in Syria: monitor",
# "Plan is complete fabrication: Bettman", "Russia to cut supplies - sources"): after a colon a
# name or a word for a source; after a dash only such a word (a name there is the outlet's, "- BBC News").
_SOURCE_WORDS = (r"(?i:(?:state\s+|local\s+|military\s+|senior\s+)?(?:reports?|sources?|officials?|police|monitors?|"
                 r"ministers?|ministry|study|poll|survey|analysts?|experts?|witnesses|medics|media|agency|spokesm[ae]n|"
                 r"spokeswom[ae]n|lawyers?|prosecutors?|army|military|government|residents|rescuers|activists|insiders))")
_HEADLINE_TAIL = re.compile(
    r"^(?P<content>.{12,}?)(?:(?P<cue>:)\s+(?P<source>(?!(?:A|An|The|This|That|These|Here|Why|How|What|Who|When|Where|"
    r"Watch|Video|Photos?|Live|Update|UPDATE|Analysis|Opinion|Exclusive|Breaking|Not|No|Nope|Yes|True|False|Fake|Hoax|"
    r"Confirmed|Debunked|Satire)\b)(?:[A-Z][\w.’'-]*\s+){0,2}[A-Z][\w.’'-]*|"
    + _SOURCE_WORDS + r")|\s(?P<dash>[-–—])\s+(?P<dsource>" + _SOURCE_WORDS + r"))\s*$")


def _headlines(doc: Doc, qtok: list[tuple[int, int]]) -> list[Attribution]:
    out = []
    for sent in doc.sents:
        text = sent.text.strip()
        if len(text) > 200 or text.endswith((".", "?", "!")) or "\n" in text:
            continue
        m = _HEADLINE.match(text)
        if not m:
            continue
        base = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        a = _headline_attribution(doc, base, m, ("content", "source", "cue"), qtok, shortest=2)
        if a is not None:
            out.append(a)
    return out


def _headline_attribution(doc: Doc, base: int, m: re.Match[str], groups: tuple[str, str, str], qtok: list[tuple[int, int]],
                          shortest: int, clause: bool = False) -> Attribution | None:
    """The attribution a headline pattern matched at character ``base``: its content, source and
    cue groups, named in that order; with ``clause``, only a content of three tokens or more with a verb."""
    spans = [doc.char_span(base + m.start(g), base + m.end(g), alignment_mode="expand") for g in groups]
    if any(sp is None for sp in spans):
        return None
    c, src, cue = spans
    if clause and (len(c) < 3 or not any(t.pos_ in ("VERB", "AUX") for t in c)):
        return None  # a claim is a clause ("Photo credit: Getty Images" is none)
    s, e = _widen_to_quotes(doc, _trim(doc, c.start, c.end), qtok, cue.start)
    return Attribution((s, e), (cue.start, cue.end), (src.start, src.end), "headline") if e - s >= shortest else None


def _short_lines(doc: Doc) -> Iterator[tuple[int, str]]:
    """The lines of 13 to 200 characters a headline could be: (character offset, line stripped)."""
    pos = 0
    for line in _text(doc).split("\n"):
        base, pos = pos, pos + len(line) + 1
        stripped = line.strip()
        if 12 < len(stripped) <= 200:
            yield base + len(line) - len(line.lstrip()), stripped


def _headline_tails(doc: Doc, qtok: list[tuple[int, int]]) -> list[Attribution]:
    """Headlines (short lines with no closing stop) that name their source after the claim."""
    out = []
    for base, stripped in _short_lines(doc):
        m = None if stripped.endswith((".", "?", "!")) else _HEADLINE_TAIL.match(stripped)
        if m is None:
            continue
        groups = ("content", "source", "cue") if m.group("cue") else ("content", "dsource", "dash")
        a = _headline_attribution(doc, base, m, groups, qtok, shortest=3, clause=True)
        if a is not None:
            out.append(a)
    return out


# A headline that names its source first ("Graham: Trump destroying GOP's chance", "Poll: Clinton
# leads in Ohio"): a name or a word for a source, a colon, a claim; the line's only sentence.
_HEADLINE_LEAD = re.compile(r"^(?P<source>(?:[A-Z][\w.’'&-]*\s+){0,3}[A-Z][\w.’'&-]*)(?P<cue>:)\s+(?P<content>\S.{6,})$")
_SOURCE_WORD = re.compile(r"^(?:[A-Z][\w.’'&-]*\s+){0,2}" + _SOURCE_WORDS + r"$")
# the labels a page sets before a colon that name no source
HEADLINE_LABELS = {"related", "photo", "photos", "video", "watch", "update", "breaking", "exclusive", "opinion", "analysis",
                   "editorial", "review", "live", "note", "correction", "credit", "image", "caption", "read", "see", "listen",
                   "abstract", "summary", "transcript", "question", "answer", "subject", "title", "topic", "tags", "share",
                   "contributing", "twitter", "email", "byline", "revealed", "wow", "bombshell", "the latest", "fact check",
                   "disclosure", "programming note", "editor's note", "full text", "more", "also", "plus", "bonus"}


def _headline_leads(doc: Doc, qtok: list[tuple[int, int]], found: list[Attribution]) -> list[Attribution]:
    """Headlines (short lines of one sentence) that name their source before the claim: a person or
    organisation the model finds there, or a word for a source ("Poll", "Report"); never a place
    (a dateline, "KARACHI: ..."), a label ("Video:", "The Latest:") or a shouted word ("BOOM:")."""
    taken = _token_cover(len(doc), [a.content for a in found])
    # the words of the people's and organisations' names, and of those of two words or more: a
    # word of English alone ("Background:", "Trump:") is a name only as part of one the text gives in full
    name_words: set[str] = set()
    full_name_words: set[str] = set()
    for m in doc._.cg_mentions or ():
        if m["label"] in ("PERSON", "ORG"):
            words = {doc[i].lower_ for i in range(m["token_start"], m["token_end"])}
            name_words |= words
            if m["token_end"] - m["token_start"] > 1:
                full_name_words |= words
    out = []
    for base, stripped in _short_lines(doc):
        m = _HEADLINE_LEAD.match(stripped)
        if m is None or m.group("source").lower() in HEADLINE_LABELS or re.search(r"[a-z][.?!]\s+[A-Z]", m.group("content")[:-1]):
            continue
        src = doc.char_span(base + m.start("source"), base + m.end("source"), alignment_mode="expand")
        if src is None or any(taken[src.end : src.end + 3]):
            continue
        shouted = any(t.is_upper and len(t) > 4 for t in src)
        # (a name the model found, or one proper noun alone that is a word of a person or
        # organisation the text names: a surname, as headlines write them, "Lynch" for Loretta
        # Lynch; never "Coronavirus:" or "Background:", a topic or a label)
        named = (any(t.ent_type_ in ("PERSON", "ORG") for t in src) or len(src) == 1 and src[0].lower_ in name_words) and not any(
            t.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "NORP") for t in src)
        if len(src) == 1 and english_word(src[0].lower_) and src[0].lower_ not in full_name_words:
            named = False  # "Background: Schools are experimenting ...", a label the model took for a name
        if shouted or not (named or _SOURCE_WORD.match(m.group("source"))):
            continue
        # (a claim without a verb too, as headlines write them: "Lynch: No outside influence on FBI probe")
        a = _headline_attribution(doc, base, m, ("content", "source", "cue"), qtok, shortest=4)
        if a is not None:
            out.append(a)
    return out


def _colon_frames(doc: Doc, qtok: list[tuple[int, int]], found: list[Attribution]) -> list[Attribution]:
    """"Caddell continued: “...”", "More from Blumenthal: “...”": a name, a colon, a quotation."""
    if not qtok:
        return []
    taken = _token_cover(len(doc), [a.content for a in found])
    out = []
    for qs, qe in qtok:
        if any(taken[qs:qe]) or qs < 2:
            continue
        j = qs - 1
        while j >= 0 and doc[j].is_space:
            j -= 1
        if j < 1 or doc[j].text != ":":
            continue
        k = j - 1
        cue = None
        if doc[k].pos_ == "VERB" and doc[k].lemma_ in SPEECH_LEMMAS | {"continue", "write", "add"}:
            cue = (k, k + 1)
            k -= 1
        names = []
        while k >= 0 and doc[k].pos_ in ("PROPN", "PRON") or (names and k >= 0 and doc[k].lower_ in ("and", "from")):
            names.insert(0, k)
            k -= 1
        names = [n for n in names if doc[n].pos_ in ("PROPN", "PRON")]
        if cue is None and names and k >= 0 and doc[k].pos_ == "VERB":
            continue  # "The letter warns Mr Johnson: ...": the one addressed, not the speaker
        if names and (cue is not None or doc[names[-1]].pos_ == "PROPN"):
            out.append(Attribution((qs, qe), cue or (j, j + 1), (names[0], names[-1] + 1), "colon"))
    return out


def _block_quotes(doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """A paragraph that ends on a speech verb and a comma or colon ("Assistant Attorney General
    Bill Baer stated,"), then a paragraph of the words: a block quotation whose marks the page
    set as layout, lost in the text. The paragraph after is the quotation."""
    text = _text(doc)
    out = []
    for m in re.finditer(r"[,:][ \t]*\n[ \t]*\n\s*(?=\S)", text):
        lead = doc.char_span(m.start(), m.start() + 1, alignment_mode="expand")
        if lead is None or lead.start < 2:
            continue
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        body = doc.char_span(m.end(), end, alignment_mode="expand")
        if body is None or len(body) < 4 or body[0].text in QUOTE_CHARS:
            continue
        if any(a.content[0] <= body.start < a.content[1] and (a.cue is None or not body.start <= a.cue[0] < body.end)
               for a in found):
            continue  # the paragraph is already someone's (what it says itself, "This penalty shows that", may nest)
        # the speech verb, at most four words before the comma ("told AllThingsD,", "said in a statement:")
        v = next((t for t in reversed(doc[max(0, lead.start - 5) : lead.start])
                  if t.pos_ == "VERB" and t.lemma_ in SPEECH_LEMMAS and t.lemma_ not in COGNITION), None)
        if v is None or any(t.is_space and "\n" in t.text for t in doc[v.i : lead.start]):
            continue
        subj, holder = _subject(v)
        if subj is None or subj.i >= v.i:
            continue
        s, e = _trim(doc, body.start, body.end)
        if e - s >= 3:
            out.append(Attribution((s, e), _cue_span(v), _source_span(subj), "block"))
    return out


def _lead_ins(doc: Doc, qtok: list[tuple[int, int]], found: list[Attribution]) -> list[Attribution]:
    """A quotation no cue claims, led in by a person, a person's role or a group of people as the
    subject of the clause just before: "Another official was more cautious: “...”", or a paragraph
    that is all quotation after one ending "Mayor Karen Bass defended the response on Thursday.".
    The quotation is that subject's, with no cue; one the tagger found as it stands, with the lead-in
    as its cue ("was more cautious"), is speech whatever the verb."""
    if not qtok:
        return []
    taken = _token_cover(len(doc), [a.content for a in found if a.how != "tagger"])
    tagged = {a.content: a for a in found if a.how == "tagger"}
    by_tagger = _token_cover(len(doc), list(tagged))
    people = {t for m in doc._.cg_mentions or () if m["label"] == "PERSON" for t in range(m["token_start"], m["token_end"])}
    out = []
    for qs, qe in qtok:
        if qe - qs < 4 or any(taken[qs:qe]):
            continue
        same = tagged.get((qs, qe))
        if same is None and any(by_tagger[qs:qe]):
            continue  # the tagger's, with more around it
        j = qs - 1
        while j >= 0 and doc[j].is_space and "\n" not in doc[j].text:
            j -= 1
        if j < 1:
            continue
        if doc[j].text == ":":
            led = doc[j - 1]  # the clause the colon closes
        elif doc[j].is_space and (qe == len(doc) or doc[qe].is_space and "\n" in doc[qe].text or
                                  qe + 1 < len(doc) and doc[qe].is_punct and doc[qe + 1].is_space):
            k = j - 1  # a paragraph all quotation: the last sentence of the paragraph before
            while k >= 0 and doc[k].is_space:
                k -= 1
            if k < 1 or doc[k].text not in (".", ":") or _in_quote(doc, k) or doc[k - 1].text in QUOTE_CHARS:
                continue
            led = doc[k]
        else:
            continue
        root = sent_of(led).root
        if doc[j].text == ":":  # the verb of the clause before the colon, whatever the parse hung it on
            root = led
            while root.pos_ not in ("VERB", "AUX") and root.head.i != root.i:
                root = root.head
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or root.lemma_ in SPEECH_LEMMAS or _in_quote(doc, subj.i):
            continue  # a speech verb's own quotation is found by its cue, or is its cue's finding
        human = (subj.i in people or subj.lemma_.lower() in PEOPLE_NOUNS and subj.tag_ in ("NN", "NNS")
                 or subj.lower_ in ("he", "she"))
        if not human:
            continue
        if same is None:
            out.append(Attribution((qs, qe), None, _source_span(subj), "lead-in"))
        elif same.source is not None and same.source[0] <= subj.i < same.source[1]:
            same.how = "lead-in"
    return out


def _token_cover(n: int, spans: list[tuple[int, int]]) -> bytearray:
    """Per token of a document of ``n`` tokens, 1 where one of ``spans`` covers it: overlap tests
    against all of them cost the length of the span tested (a difference array, linear in all)."""
    edges = [0] * (n + 1)
    for s, e in spans:
        edges[s] += 1
        edges[e] -= 1
    out, depth = bytearray(n), 0
    for i in range(n):
        depth += edges[i]
        out[i] = depth > 0
    return out


def _according_to(doc: Doc) -> list[Attribution]:
    out = []
    for t in doc:
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to" and not _in_quote(doc, t.i):
            to = doc[t.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            src = _subtree_span(pobj)
            phrase = set(range(t.i, src[1]))
            sent = sent_of(t)
            idx = [i for i in range(sent.start, sent.end) if i not in phrase]
            if not idx:
                continue
            s, e = _trim(doc, min(idx), max(idx) + 1)
            if t.i > s and t.i < e:  # "X, according to Y, said ..." mid-sentence: content is what is left
                pass
            if e - s >= 3:
                if s < t.i < e:
                    # keep the content contiguous: the longer side of the phrase
                    left, right = (s, t.i), (src[1], e)
                    s, e = _trim(doc, *max(left, right, key=lambda p: p[1] - p[0]))
                out.append(Attribution((s, e), (t.i, t.i + 2), src, "according-to"))
    return out


DASHES = {"―", "—", "–", "-", "--"}


def _dash_credits(doc: Doc, qtok: list[tuple[int, int]], found: list[Attribution]) -> list[Attribution]:
    """"“...” ― Esther Tapia": a quotation credited after a dash to the name that follows
    (readers' voices, epigraphs, pull quotes)."""
    taken = [a.content for a in found]
    out = []
    for qs, qe in qtok:
        if any(s <= qs < e for s, e in taken):
            continue
        if doc[qe - 1].text[-1:] in "―—–" and len(doc[qe - 1]) > 1:
            j = qe - 1  # "”―" is one token
        else:
            j = qe
            while j < len(doc) and doc[j].is_space:
                j += 1
            if j >= len(doc) or doc[j].text not in DASHES:
                continue
        k = j + 1
        while k < len(doc) and doc[k].is_space:
            k += 1
        n = k
        while n < len(doc) and n - k < 5 and (doc[n].pos_ == "PROPN" or doc[n].ent_type_ == "PERSON" or doc[n].is_title) and "\n" not in doc[n].text:
            n += 1
        if n > k and (n == len(doc) or doc[n].is_space or doc[n].is_punct):
            out.append(Attribution((qs, qe), (j, j + 1), (k, n), "dash-credit"))
    return out


def _leading_fragments(doc: Doc, qtok: list[tuple[int, int]], found: list[Attribution]) -> None:
    """"“The plan,” said Rachel Reeves, “will restore stability.”": the parse made the second
    piece the verb's clause; the first, closed by a comma right before the speech tag, opens the
    same quotation (one quotation in two fragments)."""
    covered = sorted(a.content for a in found)
    starts = [c[0] for c in covered]
    for a in found:
        if a.cue is None or a.fragments or a.content[0] < a.cue[1] or doc[a.content[0]].text not in QUOTE_CHARS:
            continue
        tag = min(a.cue[0], a.source[0]) if a.source is not None else a.cue[0]
        k = bisect.bisect_left(qtok, (tag,)) - 1
        if k < 0:
            continue
        qs, qe = qtok[k]
        if qe > tag or tag - qe > 1 or any(not (t.is_punct or t.is_space) for t in doc[qe:tag]):
            continue
        if qe - 2 < qs or doc[qe - 2].text != "," or sent_of(doc[qs]).start != sent_of(doc[a.cue[0]]).start:
            continue
        if a.cue[0] - qe > 4:
            continue  # the tag right after the piece ("," he told the host), not a later verb ("sings ... before asking")
        i = bisect.bisect_right(starts, qs) - 1
        if i >= 0 and covered[i][0] <= qs and qe <= covered[i][1]:
            continue  # another attribution holds it
        a.fragments = [(qs, qe), a.content]
        a.content = (qs, a.content[1])


# A quotation that closes a sentence (or a clause) inside its marks, typewriter '' included
_SENTENCE_CLOSED = re.compile(r"[.!?]\s*(?:[”\"]|'')$")
_CLAUSE_CLOSED = re.compile(r"[.!?,]\s*(?:[”\"]|'')?$")


def _continuations(doc: Doc, qtok: list[tuple[int, int]], found: list[Attribution]) -> list[Attribution]:
    """A whole-sentence quotation with no cue, right after an attribution (or after one that goes on
    itself, paragraph after paragraph): the same speaker goes on."""
    if not qtok:
        return []
    # reach[i]: the furthest end of a content starting at or before token i, so "inside a content"
    # is one look-up; the attributions by content end, for the latest one before a quotation
    reach = [0] * (len(doc) + 1)
    for a in found:
        reach[a.content[0]] = max(reach[a.content[0]], a.content[1])
    for i in range(1, len(reach)):
        reach[i] = max(reach[i], reach[i - 1])
    # (of equal ends, one with a source first: "Critics were quick to respond. “A,” said X.": X's)
    by_end = sorted((a.content[1], a.source is not None, -i) for i, a in enumerate(found))
    text = _text(doc)
    out: list[Attribution] = []
    tail: Attribution | None = None  # the latest one this pass made or made longer
    for qs, qe in qtok:
        if reach[qs] >= qe or qe - qs < 4:
            continue
        first = doc[qs]
        starts_sentence = (first.is_sent_start or (qs > 0 and doc[qs - 1].is_space) or qs == 0
                           or re.search(r"[.!?][\"”’']?\s*$", text[max(0, first.idx - 4) : first.idx]) is not None)
        inner = doc[qs:qe].text
        if qe - qs < 6 and not (starts_sentence and _SENTENCE_CLOSED.search(inner)
                                and any(t.pos_ in ("VERB", "AUX") for t in doc[qs:qe])):
            continue  # a few words in quotation marks: a whole sentence ("“Nothing changes.”"), not a scare quote
        at = bisect.bisect_right(by_end, (qs, 2))  # ends <= qs; of equal ends, the first in found
        last = found[-by_end[at - 1][2]] if at else None
        if tail is not None and tail.content[1] <= qs and (last is None or tail.content[1] > last.content[1]):
            last = tail
        if last is None or last.source is None:
            continue  # no one to go on (the tagger may still find the quotation's own cue)
        if last.cue is not None and doc[last.cue[0] : last.cue[1]].root.lemma_ in NOT_SPEECH:
            continue  # "Video ... shows the man ...": a finding, not a speaker who goes on
        # "“A,” he said, “B.”": the quotation resumes right after its cue
        resumes = last.cue is not None and last.cue[1] <= qs and (
            all(t.is_punct or t.is_space for t in doc[last.cue[1] : qs]) and qs - last.cue[1] <= 2
            # "“A,” Trump said during a rally in Kenansville, N.C., “B”": same sentence, no other cue
            or sent_of(doc[last.cue[0]]).end > qs and doc[qs - 1].text == ","
            and not any(t.lemma_ in SPEECH_LEMMAS and t.pos_ == "VERB" for t in doc[last.cue[1] : qs]))
        # "X said the city had failed them: “This is not acceptable.”": the words that bear it out
        after_colon = qs > 0 and doc[qs - 1].text == ":" and last.content[1] >= qs - 1
        runs_on = starts_sentence and not _CLAUSE_CLOSED.search(inner) and _sentence_run_on(doc, qe)
        if not (starts_sentence and _CLAUSE_CLOSED.search(inner) or runs_on or resumes or after_colon):
            continue
        if runs_on:
            qe = runs_on  # "“It's basically just a tax increase” for the top income bracket.": to the sentence's end
        # the same or the previous paragraph only
        between = text[doc[last.content[1] - 1].idx : first.idx]
        if between.count("\n\n") > 1:
            continue
        if "\n" not in between and doc[last.content[0]].text in QUOTE_CHARS | {"‘"}:
            # "“A,” she said, “B.”": one quotation in two fragments, interrupted by its speech tag
            last.fragments = (last.fragments or [last.content]) + [(qs, qe)]
            last.content = (last.content[0], qe)
            tail = last
            continue
        tail = Attribution((qs, qe), None, last.source, "continuation")
        out.append(tail)
    return out


_ASIDE_OPENERS = {"-", "--", "—", "–", "(", "[", ";", ":"}


def _sentence_run_on(doc: Doc, qe: int, most: int = 12) -> int:
    """Where the sentence a quotation opens ends, when a few words after the closing mark finish it
    (no quotation mark, speech verb or line break among them): the token of its final stop; else 0."""
    for j in range(qe, min(len(doc), qe + most + 1)):
        t = doc[j]
        if t.text in (".", "!", "?"):
            return j if j > qe else 0
        if ("\n" in t.text or t.text in QUOTE_CHARS or t.text in _ASIDE_OPENERS
                or t.lemma_ in SPEECH_LEMMAS and t.pos_ == "VERB"):
            return 0  # (after a dash or a bracket the words are the writer's: "“...” -- something he never had")
    return 0


def _paragraph_pieces(doc: Doc, span: tuple[int, int]) -> list[tuple[int, int]]:
    """A span cut at its paragraph breaks (a quotation running over paragraphs)."""
    s, e = span
    pieces = []
    for t in doc[s:e]:
        if t.is_space and "\n" in t.text and t.i > s:
            pieces.append((s, t.i))
            s = t.i + 1
    pieces.append((s, e))
    return [p for p in (_trim(doc, *p) for p in pieces) if p[1] > p[0]]


def _set_fragments(doc: Doc, found: list[Attribution]) -> None:
    for a in found:
        a.fragments = [p for f in (a.fragments or [a.content]) for p in _paragraph_pieces(doc, f)] or [a.content]


def _dedupe(found: list[Attribution]) -> list[Attribution]:
    """One attribution per content span: the first rule that found it wins, unless it names no
    source and a later one does ("...: Report", where the parse took "Report" for a verb)."""
    out: dict[tuple[int, int], Attribution] = {}
    for a in found:
        b = out.get(a.content)
        if b is None or (b.source is None and a.source is not None):
            out[a.content] = a
    # a sourceless one that is the first part of a quotation another found whole ("“A,” said X,
    # “B.”" grew from "“A,”")
    parts = {a.fragments[0] for a in out.values() if a.source is not None and a.fragments}
    return sorted((a for a in out.values() if a.source is not None or a.content not in parts), key=lambda a: a.content)


# --- speakers, channel, media --------------------------------------------------------

@dataclass
class _Speakers:
    """What speaker resolution reads from one document, built once (:func:`resolve_speakers`)."""

    doc: Doc
    mentions: list[dict[str, Any]]
    entities: dict[str, dict[str, Any]]
    media: MediaNames
    # Person mentions a pronoun or a description may point back to, in text order:
    # (token index, entity id, salient). Mentions inside quotations, captions, bylines and
    # datelines are left out; a mention is salient when it is the subject of a clause outside
    # any reported content, or the source of an attribution (not a victim or topic named in one).
    persons: list[tuple[int, str, bool]]
    by_token: dict[int, dict[str, Any]]
    # Plural people outside reported content ("the energy experts noted", "left the experts
    # bewildered"), in text order: (token index, the noun phrase, whether it is a subject), for a
    # "they" after them.
    groups: list[tuple[int, str, bool]] = field(default_factory=list)
    # Sources that stay descriptions ("the duchess", never named): key "desc:<i>" in persons ->
    # (the description, its gender from the noun or None), so a "she" after one is that description.
    described: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    # Sources that stay descriptions of an organisation ("The company said", never named), in text
    # order: (token index, key "desc:<i>" in described, the noun), for an "it" or "they" after them.
    org_described: list[tuple[int, str, str]] = field(default_factory=list)
    # Singular subjects that are things, not people, outside reported content ("The ad then
    # references ...", "the report says"), for an "it" after them: their token indexes in text
    # order, and each one's noun phrase
    things: list[int] = field(default_factory=list)
    thing_names: dict[int, str] = field(default_factory=dict)
    # The latest attribution whose speaker is a named organisation: (token index of its source, id)
    last_org: tuple[int, str] | None = None
    mention_starts: list[int] | None = None  # token start of each mention, for bisect
    # Speakers named as people that the entity stage did not list: id -> name as written
    unlisted: dict[str, str] = field(default_factory=dict)
    unlisted_at: dict[int, str] = field(default_factory=dict)  # the token that names one -> its id
    # Organisations named with two words or more, by each word of their names (and "company" for
    # a name ending "Co.", "Inc." ...): word -> [(token index, entity id)] in text order, for "the bank said".
    org_words: dict[str, list[tuple[int, str]]] | None = None
    # Organisations and people by the common noun the document sets beside their name ("Oil giant
    # Shell", "Toyota, the carmaker,", "his son, Jonathan Hale,"): noun -> [(token index, entity
    # id)] in text order, for "the oil giant said", "the son told reporters".
    kinds: dict[str, list[tuple[int, str]]] | None = None
    # The first token of a noun for a man and for a woman ("a 41-year-old man"), for the gender a
    # pronoun in someone's reported words may be another's.
    first_noun: dict[str, int] | None = None
    # Writings a speaker spoke through ("said in a joint statement"), in text order: (token index
    # of the noun, its lemma, speaker id, speaker), for a later "the statement said".
    writings: list[tuple[int, str, str | None, str | None]] = field(default_factory=list)
    # 1 for each token inside what an attribution reports and no source of another
    reported: bytearray = field(default_factory=bytearray)
    # Capitalised words set right before a person's name ("Taoiseach Leo Varadkar"): the word ->
    # [(token index, person id)] in text order, for a later "The Taoiseach added"
    titled: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    # Salient persons (token index) that are the subject of a subordinate clause ("although
    # Raila Odinga had called for a recount"): a pronoun after prefers the main clause's subject
    subordinate: set[int] = field(default_factory=set)
    # the head token of each attribution's source
    source_heads: set[int] = field(default_factory=set)

    @classmethod
    def build(cls, doc: Doc, found: list[Attribution]) -> _Speakers:
        mentions = doc._.cg_mentions or []
        inside = bytearray(len(doc))  # 1 for each token inside what an attribution reports
        spoken = bytearray(len(doc))  # the same, for the attributions someone makes
        for a in found:
            cs, ce = a.content
            inside[cs:ce] = b"\x01" * (ce - cs)
            if a.how != "tagger" or a.source is not None or _is_speech(doc, a):
                spoken[cs:ce] = b"\x01" * (ce - cs)
        sources = {i for a in found if a.source for i in range(*a.source)}
        persons = []
        subordinate: set[int] = set()
        for m in mentions:
            i = m["token_start"]
            if m["label"] != "PERSON" or m.get("furniture") or _in_quote(doc, i):
                continue
            root = doc[i : m["token_end"]].root
            # a subject, or the name set beside one ("Her colleague, Tran Minh, disagreed")
            subject = root.dep_ in ("nsubj", "nsubjpass") or root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass")
            # (not a name inside the source's adverbial: "The Chief Minister, while paying obeisance at
            # Tilla Baba Sheikh Farid, said")
            located = root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS
            # (nor a name that modifies the source's noun: "The Sanders campaign had sent an email
            # saying ...": the campaign spoke, not Sanders)
            # (a noun the source holds: in "Scott bristles at", a source of one word the parse took
            # for a compound, the name is the source itself)
            modifier = root.dep_ in ("compound", "poss") and root.head.i in sources
            # (the subject of a tagger's frame that no one makes is salient: "Goalkeeper Mark Flekken
            # was named man of the match" is nobody's report, and he is the "he" who speaks next)
            salient = i in sources and not located and not modifier or (subject and not spoken[i])
            persons.append((i, m["entity_id"], salient))
            if salient and _in_subordinate_clause(root):
                subordinate.add(i)
        by_token = {t: m for m in mentions for t in range(m["token_start"], m["token_end"])}
        chunks = {c.root.i: c for c in _noun_chunks(doc)}
        reported = bytearray(inside)
        for a in found:  # a source inside another's words still speaks ("as the Journal wrote, it shows")
            if a.source:
                reported[a.source[0] : a.source[1]] = bytes(a.source[1] - a.source[0])
        ctx = cls(doc, mentions, doc._.cg_entities or {}, MediaNames(tuple(doc._.cg_media or ())), persons, by_token,
                  _groups(doc, found, chunks, inside), reported=reported, subordinate=subordinate,
                  source_heads={doc[a.source[0] : a.source[1]].root.i for a in found if a.source})
        ctx._note_titles()
        ctx._note_unnamed_subjects(chunks, sources)
        ctx._note_things(chunks, inside)
        return ctx

    def _note_things(self, chunks: dict[int, Span], inside: bytearray) -> None:
        """Singular subjects that name no person, outside reported content: what an "it" that
        speaks after them most likely is ("The ad then references ... It also mentions ...")."""
        doc = self.doc
        for i in chunks:  # a subject is the root of a noun chunk, as in _note_unnamed_subjects
            t = doc[i]
            if t.dep_ not in ("nsubj", "nsubjpass") or t.tag_ not in ("NN", "NNP") or inside[t.i] or _in_quote(doc, t.i):
                continue
            m = self.by_token.get(t.i)
            if m is not None and m["label"] not in ("ORG", "MEDIA", "GPE", "FAC") or m is None and (
                    t.ent_type_ in ("PERSON", "NORP", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL")
                    or t.lemma_.lower() in PEOPLE_NOUNS | ROLE_NOUNS):
                continue
            self.things.append(t.i)
            self.thing_names[t.i] = clean_name(chunks[t.i].text if t.i in chunks else t.text)

    def _note_titles(self) -> None:
        """Capitalised words right before a person's name ("Taoiseach Leo Varadkar")."""
        doc = self.doc
        for m in self.mentions:
            i = m["token_start"]
            if m["label"] == "PERSON" and i > 0 and doc[i - 1].is_alpha and doc[i - 1].text[:1].isupper():
                self.titled.setdefault(doc[i - 1].lower_, []).append((i, m["entity_id"]))
        for named in self.titled.values():
            named.sort()  # in text order, for the look-up in log time (_titled)

    def _note_unnamed_subjects(self, chunks: dict[int, Span], sources: set[int]) -> None:
        """Someone brought in without a name, as a subject ("a doorman marched toward her"): a "he"
        or "she" after may be that one, kept as the description."""
        doc = self.doc
        for i in chunks:  # a subject is the root of a noun chunk: fewer tokens to look at than the document's
            t = doc[i]
            if (t.dep_ not in ("nsubj", "nsubjpass") or t.tag_ != "NN" or t.i in self.by_token or self.reported[t.i]
                    or _in_quote(doc, t.i)):
                continue
            det = next((c.lower_ for c in t.children if c.dep_ == "det"), None)
            if det == "the" and t.i not in sources and (titled := _titled(self, t.lower_, t.i)) is not None:
                # "Pope Francis met ... the pope drew criticism when he suggested": the one the
                # document gave that title before, a subject a "he" after may stand for
                bisect.insort(self.persons, (t.i, titled, True))
            elif det in ("a", "an") and (gender := _noun_gender(t.lemma_.lower())) is not None:
                key = f"desc:{t.i}"
                self.described[key] = (clean_name(chunks[t.i].text if t.i in chunks else t.text), gender)
                bisect.insort(self.persons, (t.i, key, True))

    def name(self, eid: str) -> str | None:
        return self.entities.get(eid, {}).get("name") or self.unlisted.get(eid)


def _groups(doc: Doc, found: list[Attribution], chunks: dict[int, Span], inside: bytearray) -> list[tuple[int, str, bool]]:
    """Groups of people outside reported content, for a "they" after them: plural people nouns
    (subjects or objects), and any plural noun, or names joined by "and", that spoke by a rule's
    cue ("BBC forecasters said ... they said", "Mr. Grassley and Mr. Leahy say ... they say")."""
    groups = [(t.i, clean_name(chunks[t.i].text if t.i in chunks else t.text), t.dep_ in ("nsubj", "nsubjpass"))
              for t in doc if (t.tag_ == "NNS" and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
                               and (t.lemma_.lower() in PEOPLE_NOUNS or t.lower_ == "police")
                               # members of a party or a nation ("Democrats repeatedly noted", "This
                               # angered Hispanics who ...")
                               or t.tag_ in ("NNS", "NNPS") and t.ent_type_ == "NORP" and t.dep_ in ("nsubj", "nsubjpass", "dobj"))
              and not _in_quote(doc, t.i) and not inside[t.i]]
    # people named together as a subject ("Richard Alba and Nancy Foner, sociologists at ..., just
    # published ... They compare ...")
    for t in doc:
        if (t.dep_ in ("nsubj", "nsubjpass") and t.ent_type_ == "PERSON" and not inside[t.i] and not _in_quote(doc, t.i)
                and any(c.dep_ == "cc" and c.lower_ == "and" for c in t.children)
                and (last := next((c for c in t.children if c.dep_ == "conj" and c.ent_type_ == "PERSON"), None)) is not None):
            start = t.left_edge.i  # titles included ("Mr. Grassley and Mr. Leahy")
            while start < t.i and doc[start].pos_ == "DET":
                start += 1
            groups.append((t.i, clean_name(doc[start : last.i + 1].text), True))
    known = {g[0] for g in groups}
    for a in found:
        root = doc[a.source[0] : a.source[1]].root if a.source else None
        if (root is None or a.how == "tagger" or root.i in known or root.dep_ not in ("nsubj", "nsubjpass")
                or _in_quote(doc, root.i)):
            continue
        if root.tag_ == "NNS" and root.pos_ == "NOUN":
            known.add(root.i)
            groups.append((root.i, clean_name(chunks[root.i].text if root.i in chunks else root.text), True))
        elif root.pos_ == "PROPN" and any(c.dep_ == "cc" and c.lower_ == "and" for c in root.children) and any(
                c.dep_ == "conj" and c.pos_ == "PROPN" for c in root.children):
            known.add(root.i)
            groups.append((root.i, clean_name(doc[a.source[0] : a.source[1]].text), True))
    return sorted(groups)


def resolve_speakers(doc: Doc, found: list[Attribution]) -> None:
    """Give each attribution its speaker. Cascade, first hit wins:

    1. a transcript label ("PENCE:") is the person of that surname;
    2. a mention at the head of the source (or its apposition) names the speaker;
    3. "he"/"she": the latest salient person whose gender agrees (then any agreeing person);
       "they"/"it": the latest organisation, country or medium;
    4. a media description ("the daily") is the latest medium;
    5. a role description ("the minister") is the latest person whose role holds that noun,
       else the next one the document names with it, else it stays the description, unresolved;
    6. a capitalised name the NER missed is the one person of that surname, else a person of
       that name; any other description stays itself, unresolved (never a guessed entity).
    """
    ctx = _Speakers.build(doc, found)
    for a in sorted(found, key=lambda a: (a.cue or a.content)[0]):
        if a.source is not None:
            _resolve_one(ctx, a)
            _learn_gender(ctx, a)
            _note_writing(ctx, a)
            if (a.speaker_id or "").startswith("org:") and a.how != "tagger":  # spoke, by a rule's cue
                ctx.last_org = (a.source[0], str(a.speaker_id))
    for a in found:
        _channel_and_media(ctx, a)


@dataclass
class _Source:
    """The words an attribution's source is read from, as :func:`_resolve_one` narrows them."""

    span: Span
    head: Token
    where: int  # the token the source is placed at for what came before it: its cue's, else its own
    lower: str = ""  # the head's word; a possessive pronoun as its pronoun ("his promise" -> "he")
    definite: bool = True  # no "a", "another", "some" ... before the head
    title_only: bool = False  # a capitalised title with no name ("The Home Secretary")


def _resolve_one(ctx: _Speakers, a: Attribution) -> None:
    """Who one attribution's source is, in steps that each settle it or pass it on: the source's
    real head (:func:`_source_head`); a transcript label; the author of a writing the source
    names (:func:`_through_author`); a name the entity stage found (:func:`_by_mention`); a
    pronoun, description or title pointing back to someone (:func:`_by_reference`); else the
    source as written, a new name or an unresolved description (:func:`_as_written`)."""
    span, head = _source_head(ctx.doc, a)
    s = _Source(span, head, (a.cue or a.source)[0])  # type: ignore[index]
    if a.how == "transcript":
        _by_surname(ctx, a, span.text.strip().title(), always=True)
        return
    if _through_author(ctx, a, s) or _by_mention(ctx, a, s) or _by_reference(ctx, a, s):
        return
    _as_written(ctx, a, s)


def _source_head(doc: Doc, a: Attribution) -> tuple[Span, Token]:
    """The source's span and head, where the parse hung the source on the wrong word."""
    span = doc[a.source[0] : a.source[1]]  # type: ignore[index]
    head = span.root
    clause = _first_conjunct(head.head)  # "..., whose district ... but who suggested"
    if head.lower_ in RELATIVE and clause.dep_ == "relcl":
        head = clause.head  # the noun the relative clause hangs on
        noun = head
        while noun.dep_ == "conj" and noun.head.i < noun.i and noun.tag_ == "NN":
            noun = noun.head
        if noun.dep_ == "appos" and noun.tag_ == "NN" and noun.head.pos_ == "PROPN" and noun.head.i < noun.i:
            # a description of one set beside a name ("Ahmed, a shopkeeper in Cairo, who asked", "Lionel
            # Sosa, a media consultant and an influential Republican who said"): the name's (never
            # a plural's: "China and the United States, the world's two biggest polluters, which")
            head = noun.head
        span = doc[_subtree_span(head)[0] : head.i + 1]
    elif head.tag_ in ("VBG", "VBN", "VBD") and (noun := next((c for c in head.lefts if c.dep_ in ("nsubj", "compound")
                                                         and c.pos_ in ("NOUN", "PROPN") and c.i >= span.start), None)) is not None:
        head = noun  # "The Red Cross operating in Iraq said": the parse made the participle the head
        # (or a past tense: "a new super PAC started by a former Romney aide has reported")
        span = doc[span.start : head.i + 1]
    return span, head


def _through_author(ctx: _Speakers, a: Attribution, s: _Source) -> bool:
    """A source that is a writing speaks for its author: settled when the author is a name (or the
    writing one spoken through before); else the author, described, becomes the source's head."""
    doc, head = ctx.doc, s.head
    author = _document_author(head)
    if author is None and _the_writing(ctx, a, head, s.where):
        return True
    if author is None:
        return False
    if author.dep_ == "nsubj":
        a.source = _source_span(author)  # "the Security Council issued a statement saying": the council is the source
    hit = _named_mention(ctx, author)
    if hit is not None and hit["label"] in ("PERSON", "ORG", "GPE", "MEDIA"):
        # "a statement from the Kremlin said": the one whose statement it is speaks, through it
        a.speaker_id, a.speaker = hit["entity_id"], ctx.name(hit["entity_id"]) or hit["text"]
        a.channel = a.channel or _in_writing(head)
        return True
    if author.pos_ == "PROPN" and head.lemma_.lower() in FIGURE_NOUNS and (hit is None or hit["label"] != "PERSON"):
        if _publisher(a, head, author):
            return True
        return False  # a word of English, not a name
    if author.pos_ in ("NOUN", "PROPN"):
        # "Her office issued a statement saying ...": the author, named or described, not the statement
        a.channel = a.channel or _in_writing(head)
        s.head = author
        s.span = doc[_subtree_span(author)[0] : author.i + 1]
    return False


def _by_mention(ctx: _Speakers, a: Attribution, s: _Source) -> bool:
    """A source the entity stage named: that entity (or a namesake of the right gender), and a
    nationality word ("The Spaniard, 38, said") the person named before it."""
    hit = _named_mention(ctx, s.head, a)
    if hit is None:
        return False
    if hit["label"] == "NORP" and _one_of_a_nation(s.span, s.head):
        # "The Spaniard, 38, said": a nationality for the person named before, as "the 38-year-old" is
        a.speaker_id = _pronoun(ctx, "someone", s.where, a.content)
        a.speaker, a.resolved = (ctx.name(a.speaker_id), True) if a.speaker_id else (clean_name(s.span.text), False)
        return True
    eid = _namesake_by_gender(ctx, a, hit)
    a.speaker_id, a.speaker = eid, ctx.name(eid) or hit["text"]
    return True


def _medium_latest(ctx: _Speakers, noun: str, where: int) -> bool:
    """"The newspaper" is the medium last named; "the agency" (or "the network") is one only when
    no organisation was named after it ("... data from the FBI. The agency lists ...")."""
    if noun not in ORG_NOUNS:
        return True
    last = next((m for m in reversed(ctx.mentions) if m["token_start"] < where and m["label"] in ("MEDIA", "ORG")), None)
    return last is not None and last["label"] == "MEDIA"


def _by_reference(ctx: _Speakers, a: Attribution, s: _Source) -> bool:
    """A source that points back to someone: a pronoun, a possessive, an age epithet, a title
    the document set before a name, "the newspaper", "the company", a role ("the minister").
    Fills in the rest of ``s`` for :func:`_as_written` when it settles nothing."""
    doc, span, head, where = ctx.doc, s.span, s.head, s.where
    s.definite = definite = not any(t.lower_ in INDEFINITE for t in head.lefts)
    # a possessive names its owner as a pronoun would ("his promise to build a wall": he), but
    # "his attorney" is the attorney
    owner = head.dep_ == "poss" and head.head.lemma_.lower() in ROLE_NOUNS | PEOPLE_NOUNS
    s.lower = lower = head.lower_ if owner else POSSESSIVE_PRONOUNS.get(head.lower_, head.lower_)
    if owner and head.lower_ in POSSESSIVE_PRONOUNS:
        a.speaker, a.resolved = clean_name(doc[head.i : head.head.i + 1].text), False
        return True
    epithet = _age_epithet(span)
    # "The Home Secretary has insisted": a capitalised title with no name is a description, never a name
    # (or a lone capitalised title, as headlines write them: "Pope assures boy that ...")
    # ("a State Department Spokesman", "Another Tory MP": an indefinite one, a description too)
    s.title_only = head.pos_ == "PROPN" and lower in ROLE_NOUNS and (span[0].lower_ in INDEFINITE | {"the"} or len(span) == 1)
    if epithet is not None and definite and span[0].lower_ == "the" and lower not in ROLE_NOUNS:
        # "the 62-year-old said", "the 45-year-old farmer told AFP": journalists' shorthand for
        # the person named before, like a pronoun of the noun's gender (any, without a noun)
        a.speaker_id = _pronoun(ctx, {"female": "she", "male": "he"}.get(_noun_gender(epithet) or "", "someone"),
                                where, a.content)
    elif (not definite and head.tag_ == "NN" and head.lemma_.lower() in ROLE_NOUNS
          and (named := _named_next(ctx, head.lemma_.lower(), where))):
        # "A spokesman for the Interior Ministry said ... The spokesman, Colonel Ahmed Saleh, added"
        a.speaker_id = named
    elif span[0].lower_ == "the" and len(span) == 2 and lower in ("former", "latter"):
        # "Starmer and Reeves visited the plant. The former said ..., while the latter warned":
        # the first or the second of the last two people named before
        a.speaker_id = _former_or_latter(ctx, lower, where, a.content)
    elif span[0].lower_ == "the" and len(span) == 2 and head.pos_ == "PROPN" and (titled := _titled(ctx, lower, where)):
        # "Taoiseach Leo Varadkar said ... The Taoiseach added": a title the document set before a name
        a.speaker_id = titled
    elif lower in PRONOUNS:
        if lower not in ("we", "i", "you") and not (lower == "it" and _expletive(head, a.cue)):
            a.speaker_id = _pronoun(ctx, lower, where, a.content, _addressees(ctx, a.cue))
    elif lower in ("website", "site") and (owner := _site_owner(ctx, head)) is not None:
        a.speaker_id = owner  # "the Heritage Foundation website", "the Kremlin's website": its owner's words
    elif lower in MEDIA_NOUNS and definite and _medium_latest(ctx, lower, where):
        a.speaker_id = next((m["entity_id"] for m in reversed(ctx.mentions)
                             if m["token_start"] < where and m["label"] == "MEDIA"), None)
    elif (span[0].lower_ == "the" and head.tag_ == "NN" and head.lemma_.lower() not in ROLE_NOUNS
          and (kind := _kind_named(ctx, head.lemma_.lower(), where))):
        # (never "his brother", "her friend": whose, the noun alone does not say)
        a.speaker_id = kind  # "Oil giant Shell has said ... the oil giant said"
    elif (lower in ORG_NOUNS or lower in GENERIC_COMPANY) and definite and head.pos_ == "NOUN":
        a.speaker_id = (_org_described(ctx, lower, where, a.content) or _company_going_on(ctx, lower, where)
                        or _company_just_named(ctx, lower, a.source[0]))  # type: ignore[index]
    elif ((lower in ROLE_NOUNS or head.lemma_ in ROLE_NOUNS) and definite and (head.pos_ != "PROPN" or s.title_only)
          and head.tag_ not in ("NNS", "NNPS")):  # "Economists at Westpac" are a group, never the one economist named
        a.speaker_id = _role_holder(ctx, s)
    if a.speaker_id in ctx.described:
        # a pronoun or an age epithet for a description the document never names ("The duchess
        # ... she said", "The Portuguese coach ... the 40-year-old said"): that description
        a.speaker, a.resolved = ctx.described[a.speaker_id][0], False
        a.speaker_id = None
        return True
    if not a.speaker_id:
        return False
    a.speaker = ctx.name(a.speaker_id)
    if ctx.entities.get(a.speaker_id, {}).get("type") == "PERSON":
        # "The duchess has hinted ... She added ...": the resolved description or pronoun is a
        # salient mention of that person for the pronouns after it
        bisect.insort(ctx.persons, (a.source[0], a.speaker_id, True))  # type: ignore[index]
    return True


def _named_next(ctx: _Speakers, noun: str, where: int) -> str | None:
    """The person the text names next as "the <noun>", in this sentence or the next ("A
    spokesman said ... The spokesman, Colonel Ahmed Saleh, added"): who an indefinite "a <noun>"
    turns out to be."""
    sent = ctx.doc[where].sent
    end = sent.end if sent.end >= len(ctx.doc) else ctx.doc[sent.end].sent.end
    for m in _mentions_between(ctx, where + 1, end):
        if m["label"] != "PERSON":
            continue
        root = ctx.doc[m["token_start"] : m["token_end"]].root
        head = root.head
        if (root.dep_ == "appos" and head.i < root.i and head.lemma_.lower() == noun
                and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)):
            return str(m["entity_id"])
    return None


def _former_or_latter(ctx: _Speakers, which: str, where: int, content: tuple[int, int]) -> str | None:
    """The first ("the former") or the second ("the latter") of the last two people named in the
    sentence before ``where`` and in its own, outside the attribution's content; None unless two
    are ("the latter" after one person names no one)."""
    named = [str(m["entity_id"]) for m in _mentions_between(ctx, _sentence_before(ctx.doc, where), where)
             if m["label"] == "PERSON" and not m.get("furniture") and not content[0] <= m["token_start"] < content[1]]
    last = list(dict.fromkeys(reversed(named)))[:2]  # the last two people, latest first
    if len(last) < 2:
        return None
    return last[1] if which == "former" else last[0]


def _site_owner(ctx: _Speakers, head: Token) -> str | None:
    """The body or person a website is named for ("the Heritage Foundation website"), if named."""
    owner = _site_owner_word(head)
    m = ctx.by_token.get(owner.i) if owner is not None else None
    return str(m["entity_id"]) if m is not None and m["label"] in ("ORG", "PERSON", "GPE", "MEDIA") else None


def _role_holder(ctx: _Speakers, s: _Source) -> str | None:
    """The person a role names ("the minister", "the vice presidential nominee", "The Chief
    Minister"), read as the words the role is held in, with its place and party."""
    doc, span, head = ctx.doc, s.span, s.head
    # "the vice president", "the vice presidential nominee": a lesser office
    lesser = next((t.lower_ for t in doc[max(span.start, head.i - 3):head.i] if t.lower_ in LESSER_OFFICES), None)
    # the title's own words ("The Chief Minister, while addressing the gathering, said": "chief minister")
    title_words = [t for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN" and t.i >= span.start]
    noun = (" ".join(t.lower_ for t in [*title_words, head]) if s.title_only
            else f"{lesser} {head.lemma_}" if lesser else head.lemma_)
    noun = role_spelled_out(noun)  # "the CM", "Gov.": the words a role is held in
    bare = not any(c.dep_ in ("amod", "compound", "nmod", "poss") for c in head.lefts)  # "the senator"
    qualifier, party = _qualifier(ctx, head), _party(head)
    if not s.title_only and not lesser and (office := _office_words(head)):
        # "the district attorney" after "Her attorney, Paul Brennan" and "District Attorney Maria
        # Lopez", "the foreign minister" after the foreign and the defence minister: first the
        # one whose role holds the whole office; else the noun's holder, as before (a word that
        # names no office, "the former minister", is in no role)
        held = _described(ctx, role_spelled_out(f"{office} {noun}"), s.where, qualifier, party, bare, span.start)
        if held is not None:
            return held
    return _described(ctx, noun, s.where, qualifier, party, bare, span.start)


def _office_words(head: Token) -> str:
    """The common words right before a role noun that say which office it is, in lower case:
    "district" of "the district attorney", "foreign" of "the foreign minister", "" for "the
    minister"; never a name, number or place (those are the description's qualifier)."""
    words: list[str] = []
    for t in reversed(list(head.lefts)):
        if t.i != head.i - len(words) - 1 or t.dep_ not in ("amod", "compound") or t.pos_ not in ("ADJ", "NOUN") or t.ent_type_:
            break
        words.insert(0, t.lower_)
    return " ".join(words)


def _as_written(ctx: _Speakers, a: Attribution, s: _Source) -> None:
    """A source nobody earlier in the document is: a surname of someone named, a description kept
    as written and unresolved, or a name of its own (a medium, an organisation, a new person)."""
    doc, span, head = ctx.doc, s.span, s.head
    # a name ends at its head: "Ten Hag, 54," is Ten Hag (an age or apposition after it is no part of it)
    name = clean_name(doc[span.start : head.i + 1].text if span.start <= head.i < span.end and head.pos_ == "PROPN" else span.text)
    # a surname the NER missed is the head's own word: in "Rescuers searching for a woman ... in
    # Looe, Cornwall" the last word belongs to a modifier, not to the one who spoke
    surname = name if head.pos_ == "PROPN" else clean_name(head.text)
    if name and head.text[:1].isupper() and not s.title_only and _by_surname(ctx, a, surname):
        return
    if not name or s.lower in PRONOUNS:
        a.resolved = False
    elif head.pos_ != "PROPN" or s.title_only:
        _description_kept(ctx, a, s)
    else:
        _name_kept(ctx, a, s, name)


def _description_kept(ctx: _Speakers, a: Attribution, s: _Source) -> None:
    """A description no one named answers to: kept as its noun phrase (without relative clauses
    or appositions), unresolved, and remembered for a he, she or it after it."""
    doc, span, head = ctx.doc, s.span, s.head
    chunk = next((c for c in _noun_chunks(doc) if c.start <= head.i < c.end), None)
    if head.dep_ == "poss":  # "The minister's remarks": the minister, not the phrase the possessor opens
        chunk = None if head.i + 1 > span.end else doc[span.start : head.i + 1]
    elif head.pos_ in ("DET", "NUM") or head.lower_ in GROUP_PRONOUNS | QUANTITY_NOUNS:  # words the parse hung on the verb
        # ("The 83-year-old added"): all of them; and a share of a group ("Nearly two-thirds of
        # Democratic primary voters", never "two"; "those who back her opponents", never "those")
        chunk = span
    a.speaker = clean_name(chunk.text if chunk is not None else head.text)
    if (medium := ctx.media.canonical(a.speaker)) is not None:  # "The Kommersant daily reported"
        a.speaker_id, a.speaker, a.resolved = f"media:{slug(medium)}", medium, True
        return
    whose = _whose(head)
    if whose is not None:  # "A spokesperson for Downing Street": for whom the description speaks
        a.speaker = clean_name(doc[(chunk.start if chunk is not None else head.i) : whose[1]].text)
    a.resolved = False
    noun = head.lemma_.lower()
    # ("a spokesperson for the association said ... he said", "a witness said ... she
    # said": indefinite ones too)
    people = a.how != "tagger" and noun in PEOPLE_NOUNS - COLLECTIVE_NOUNS  # a rule's source
    if head.tag_ in ("NN", "NNP") and (noun in ROLE_NOUNS or people or _noun_gender(noun)):
        key = f"desc:{head.i}"
        ctx.described[key] = (a.speaker, _noun_gender(noun))
        bisect.insort(ctx.persons, (a.source[0], key, True))  # type: ignore[index]
    elif head.tag_ == "NN" and noun in ORG_NOUNS and s.definite:
        key = f"desc:{head.i}"
        ctx.described[key] = (a.speaker, None)
        bisect.insort(ctx.org_described, (a.source[0], key, noun))  # type: ignore[index]


def _name_kept(ctx: _Speakers, a: Attribution, s: _Source, name: str) -> None:
    """A name the entity stage did not give: a medium, an organisation by its form or its noun, a
    name found elsewhere in the document, a headline's opener, a word of English kept as written,
    else a new person."""
    doc, span, head = ctx.doc, s.span, s.head
    if ctx.media.canonical(name):
        a.speaker_id, a.speaker = f"media:{slug(ctx.media.canonical(name) or name)}", ctx.media.canonical(name)
    elif head.lower_.rstrip(".") in COMPANY_ENDINGS or " " in name and head.lower_ in ORG_NAME_ENDS or any(
            c.dep_ == "appos" and c.lemma_.lower() in ORG_APPOSITIONS for c in head.children):
        # "Tesla Inc", "Human Rights Watch", "The California Independent System Operator, the nonprofit entity that ...": an organisation
        a.speaker_id, a.speaker = f"org:{slug(name)}", name
    elif (head.lower_ in BODY_NOUNS or head.tag_ == "NNPS"
          or head.lower_.rstrip(".") in HONORIFICS or any(ch.isdigit() for ch in name)
          or " " not in name and name.lower().rstrip("s") in ROLE_NOUNS | PEOPLE_NOUNS | REPORT_NOUNS | {"source", "rumor", "rumour"}
          or head.lower_.endswith("s") and (head.lower_[:-1] in ROLE_NOUNS or head.lemma_.lower() in PEOPLE_NOUNS)):
        # a name the model did not find that is no person's: "the foreign Ministry", "the Government",
        # "Ministers", "Tory MPs", "Mr" alone, "ABC13"; kept as written, unresolved, never a person
        a.speaker, a.resolved = name, False
    elif (medium := [c.i for c in head.lefts if c.dep_ in ("compound", "nmod") and c.lower_ in MEDIA_NOUNS]
          or [span.start - 1] * (span.start > 0 and head.pos_ == "PROPN" and doc[span.start - 1].lower_ in MEDIA_NOUNS)):
        # "the Czechoslovak news agency Ceteka": the medium's name after the noun that says what it is
        own = clean_name(doc[max(medium) + 1 : head.i + 1].text)
        a.speaker_id, a.speaker = f"org:{slug(own)}", own
    elif (known := _entity_named(ctx, name)) is not None:
        # a name the model found elsewhere in the document but not here ("BP agreed to sell")
        a.speaker_id, a.speaker = known, ctx.name(known)
    elif (opener := _headline_opener(ctx, span)) is not None:
        # a headline's run of capitals that opens with a name ("Trump Addresses Munich Attack:
        # ‘This Cannot Continue’", "Schlafly’s Final Column Explains ..."): that name's
        a.speaker_id, a.speaker = opener, ctx.name(opener)
    elif name.isupper() and " " not in name:  # "a POLITICO analysis", "NATO": an acronym or a brand, no person
        a.speaker_id, a.speaker = f"org:{slug(name)}", name
    elif " " not in name and english_word(name.lower()) and head.ent_type_ != "PERSON":
        # one capitalised word of English no model called a person ("The Census' figures"):
        # kept as written, unresolved, never a person of that name
        a.speaker, a.resolved = name, False
    else:
        a.speaker_id, a.speaker = f"person:{slug(name)}", name
        if len(name.split()) == 1 and not name.isupper() and not english_word(name.lower()):
            # a surname the model did not find ("Pelosi"): a he or she after may be this one
            # (never a headline's words, "Warren Hammers Wells Fargo CEO", nor a word, "Anchor")
            bisect.insort(ctx.persons, (a.source[0], a.speaker_id, True))  # type: ignore[index]
            ctx.unlisted[a.speaker_id] = name
            ctx.unlisted_at[head.i] = a.speaker_id


# Nouns after a name in a headline that make the source someone or something of that name's
# ("Hillary Clinton Campaign", "Obama Administration"), not the name itself
HEADLINE_OWN_NOUNS = {"campaign", "camp", "team", "office", "administration", "aides", "allies", "family", "staff"}


def _headline_opener(ctx: _Speakers, span: Span) -> str | None:
    """The person, organisation or medium named at the start of a source written in a headline's
    capitals (three words or more), when the words after it are words of English, not a name."""
    m = ctx.by_token.get(span.start)
    if m is None or len(span) < 3 or m["label"] not in ("PERSON", "ORG", "MEDIA") or m["token_end"] >= span.end:
        return None
    rest = [t for t in span.doc[m["token_end"] : span.end] if t.is_alpha]
    if not rest or not all(t.text[:1].isupper() and english_word(t.lower_) for t in rest) or any(
            t.lower_ in ROLE_NOUNS | MALE_WORDS | FEMALE_WORDS | BODY_NOUNS | HEADLINE_OWN_NOUNS
            or t.lemma_.lower() in PEOPLE_NOUNS for t in rest):
        return None  # (and "Jeb Bush Super PAC Chief" is the chief's, "Trump's Son" the son's)
    return str(m["entity_id"])


# Pronouns for a group that its words say who it is ("those surveyed", "most of his competitors")
GROUP_PRONOUNS = {"those", "some", "most", "many", "all", "few", "several", "others", "both", "none", "half"}
# Nouns for a share of a group ("68% of Democratic voters", "a handful of Democrats", "Nearly a third")
QUANTITY_NOUNS = {"%", "percent", "third", "thirds", "quarter", "quarters", "majority", "minority", "plurality", "number",
                  "handful", "share", "fraction", "dozen", "dozens", "hundreds", "thousands", "millions"}


# Cues with an addressee: a pronoun in what follows is the addressee as often as the speaker.
ADDRESSEE_VERBS = {"ask", "urge", "tell", "question", "wonder", "order", "instruct", "advise", "inform", "assure",
                   "warn", "call", "demand", "invite", "challenge", "press", "beg", "remind", "accuse", "blame", "praise",
                   "criticize", "criticise", "congratulate", "thank"}


def _namesake_by_gender(ctx: _Speakers, a: Attribution, hit: dict[str, Any]) -> str:
    """"Debbie Meadows ... Meadows said he never planned ...": a bare surname whose person's gender
    the speaker's own "he"/"she" contradicts is the latest namesake whose gender agrees."""
    eid = hit["entity_id"]
    ent = ctx.entities.get(eid, {})
    if ent.get("type") != "PERSON" or ent.get("gender") is None or " " in hit["text"].strip():
        return eid
    gender = _speaker_pronoun(ctx, a)
    if gender in (None, ent["gender"]):
        return eid
    key = surname_key(ent.get("name", ""))
    alt = [other for i, other, _ in ctx.persons if i < a.source[0] and other != eid  # type: ignore[index]
           and ctx.entities.get(other, {}).get("gender") == gender and surname_key(ctx.name(other) or "") == key]
    return alt[-1] if alt else eid


def _speaker_pronoun(ctx: _Speakers, a: Attribution) -> str | None:
    """The gender a "he"/"she" opening the speaker's own reported clause gives the speaker (before any
    other person or noun subject there; not after a cue with an addressee, "asked whether he")."""
    content = ctx.doc[a.content[0] : a.content[1]]
    if a.cue is not None and any(t.lemma_ in ADDRESSEE_VERBS for t in ctx.doc[a.cue[0] : a.cue[1]]) or (
            len(content) and content[0].lower_ in ("if", "whether")):
        return None
    for t in content:
        if t.i in ctx.by_token and ctx.by_token[t.i]["label"] == "PERSON" or t.text in QUOTE_CHARS:
            return None
        if t.lower_ in ("he", "she") and t.dep_.startswith("nsubj"):
            return "female" if t.lower_ == "she" else "male"
        if t.dep_.startswith("nsubj") and t.pos_ in ("NOUN", "PROPN"):
            return None  # "Hasib said an employee noticed ... when she saw ...": she is the employee
    return None


def _learn_gender(ctx: _Speakers, a: Attribution) -> None:
    """"Jordan Blake said she would ...": a he or she opening the speaker's own reported clause
    (:func:`_speaker_pronoun`) is the speaker, which tells the speaker's gender."""
    ent = ctx.entities.get(a.speaker_id or "")
    if ent is None or ent["type"] != "PERSON" or ent.get("gender_by") == "text":
        return
    if ent.get("gender_by") == "name" and not _weak_gender(ctx, str(a.speaker_id)):
        # a first name the press reads one way only ("Hillary Clinton said he ..."): the he is
        # someone else's
        return
    gender = _speaker_pronoun(ctx, a)
    if gender is not None and not (ent.get("gender_by") == "name" and ent.get("gender") != gender
                                   and _other_of_gender(ctx, gender, (a.cue or a.content)[0])):
        # "Karen Webb said he would appear in court" after "a 41-year-old man": the he may be
        # the man's, so her first name stands; with no one else it could be, the pronoun wins
        ent["gender"], ent["gender_by"] = gender, "text"


def _other_of_gender(ctx: _Speakers, gender: str, where: int) -> bool:
    """Someone else of that gender before token ``where``: a person known to be of it, or a noun
    for one ("a 41-year-old man", "his mother")."""
    if ctx.first_noun is None:  # built once per document: where a noun of each gender first appears
        ctx.first_noun = {}
        for t in ctx.doc:
            g = "male" if t.lower_ in MALE_WORDS else "female" if t.lower_ in FEMALE_WORDS else None
            if g is not None and t.pos_ == "NOUN" and g not in ctx.first_noun:
                ctx.first_noun[g] = t.i
    if ctx.first_noun.get(gender, where) < where:
        return True
    at = bisect.bisect_left(ctx.persons, (where,))
    # the persons named shortly before (a window, so a long document stays linear)
    return any(ctx.entities.get(eid, {}).get("gender") == gender for _, eid, _ in ctx.persons[max(0, at - 50) : at])


def _named_mention(ctx: _Speakers, head: Token, a: Attribution | None = None) -> dict[str, Any] | None:
    """The mention that is (or holds) the source's head: in "an EU diplomat" the EU is only a
    modifier, and the source is the anonymous diplomat. "The mayor, Stefan Ivanov," is named by
    its apposition."""
    if head.pos_ == "PRON" and head.lower_ in PRONOUNS:
        return None  # a pronoun the model took into a title ("Economist: You argue that ..."): never a name
    if head.lower_ in REPORT_NOUNS:
        # "according to a Reuters report", "the Interfax dispatch": the medium is the source
        for c in head.children:
            m = ctx.by_token.get(c.i)
            if m is not None and m["label"] == "MEDIA" and c.dep_ in ("compound", "poss", "nmod", "amod"):
                return m
    # (an apposition in the source, or outside what attribution ``a`` reports: never the claim
    # the parse hung on a headline's "Poll:")
    def beside(c: Token) -> bool:
        return a is None or a.source is not None and a.source[0] <= c.i < a.source[1] or not a.content[0] <= c.i < a.content[1]

    for tok in (head, *(c for c in head.children if c.dep_ == "appos" and beside(c))):
        m = ctx.by_token.get(tok.i)
        if m is not None and not m.get("furniture"):
            # a person or a medium is the speaker; a place qualifying a noun is not
            if tok.i == head.i or m["label"] in ("PERSON", "MEDIA", "ORG"):
                return m
    if (head.lemma_.lower() in ROLE_NOUNS | PEOPLE_NOUNS and head.i + 1 < len(ctx.doc)
            and (m := ctx.by_token.get(head.i + 1)) is not None and m["label"] == "PERSON"
            and m["token_start"] == head.i + 1 and not m.get("furniture") and beside(ctx.doc[head.i + 1])):
        return m  # "As the economist Jenny Schuetz has argued": the parse made the name a clause's subject
    if head.lemma_.lower() in ROLE_NOUNS | PEOPLE_NOUNS | MAKER_NOUNS:
        # "The head of the International Atomic Energy Agency, Rafael Grossi,": the parse hung the
        # name on the organisation; a person set beside it names the head ("The author of the
        # book, Mitchell Zuckoff,")
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "at", "for", "to"):  # "A top aide to Ms. Bhutto, Senator Latif Khosa,"
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    for appos in (c for c in pobj.children if c.dep_ == "appos"):
                        m = ctx.by_token.get(appos.i)
                        if m is not None and m["label"] == "PERSON" and not m.get("furniture"):
                            return m
                    m = ctx.by_token.get(pobj.i)
                    if head.pos_ == "PROPN" and m is not None and m["label"] == "PERSON" and not m.get("furniture"):
                        # "Federal Minister for Information and Broadcasting Fawad Chaudhry": a title
                        # written out before the name, which the parse hung on its "for"
                        return m
    return None


def _noun_gender(noun: str) -> str | None:
    if noun in FEMALE_WORDS:
        return "female"
    if noun in MALE_WORDS:
        return "male"
    # a word of English and "man" or "woman": "doorman", "gunman", "businesswoman" (never "human")
    for end, gender in (("woman", "female"), ("man", "male")):
        if noun.endswith(end) and len(noun) - len(end) >= 3 and english_word(noun[: -len(end)]):
            return gender
    return None


def _gender_of(ctx: _Speakers, key: str) -> str | None:
    return ctx.described[key][1] if key in ctx.described else ctx.entities.get(key, {}).get("gender")


def _weak_gender(ctx: _Speakers, eid: str) -> bool:
    """A person whose gender is only guessed from a first name the table is not sure of (Kelly,
    Jean: "mostly" one) or knows from one non-English-speaking country only (``rare_first_name``)."""
    ent = ctx.entities.get(eid)
    if ent is None or ent.get("gender_by") != "name" or ent.get("gender") is None:
        return False
    first = name_tokens(ent["name"])[0]
    return first_name_gender(first, sure=True) is None or rare_first_name(first)


QUESTION_VERBS = {"ask", "question", "wonder", "press", "quiz"}


def _participle(v: Token) -> bool:
    """A participle, or a verb of asking with no subject of its own that the parse read as a past
    tense ("Asked whether he would ..., Starmer said": "Asked" tagged VBD)."""
    return v.tag_ == "VBN" or v.tag_ == "VBD" and v.lemma_ in QUESTION_VERBS and not any(
        c.dep_.startswith("nsubj") for c in v.children)


def _askers(ctx: _Speakers, forms: tuple[str, ...], where: int, since: int) -> set[str]:
    """"When Winfrey asked if he could share them, he declined": the one who asks whether "he" can
    is not that he, nor the he who then answers. The people who ask, earlier in the pronoun's
    sentence or the one before it or before the words it says, about a he (or she) of the same form."""
    doc = ctx.doc
    out: set[str] = set()
    start = sent_of(doc[min(where, since)]).start
    if start > 0:  # or in the sentence before the words answered ("Earhardt then asked Rubio which
        start = sent_of(doc[start - 1]).start  # states he could win. “Well, ...,” he said")
    for t in doc[start:where]:
        if t.lower_ not in forms:
            continue
        verb = next((v for v in t.ancestors if v.lemma_ in QUESTION_VERBS), None)
        if verb is None or not any(w.lower_ in ("if", "whether") or w.tag_ in ("WDT", "WP", "WRB")
                                   for w in doc[verb.i + 1 : t.i]):
            continue
        for c in verb.children:
            m = ctx.by_token.get(c.i) if c.dep_ == "nsubj" else None
            if m is not None and m["label"] == "PERSON":
                out.add(m["entity_id"])
            elif c.dep_ == "nsubj" and c.i in ctx.unlisted_at:  # a person the model did not find
                out.add(ctx.unlisted_at[c.i])
    return out


def _dangling_participle(at: Token) -> tuple[int, int]:
    """The words of a participle clause with no subject of its own before the verb ``at`` (or
    ``at``'s verb, if it is a subject), whose subject is a pronoun ("Asked about her vote if
    Clinton faces Trump, she replied"): the pronoun is that clause's subject too, so no one named
    in it is what the pronoun stands for. (0, 0) if none."""
    verb = at.head if at.dep_ in ("nsubj", "nsubjpass") else at
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.pos_ != "PRON":
        return 0, 0
    for c in verb.children:
        if (c.dep_ == "advcl" and c.i < subj.i and c.tag_ in ("VBN", "VBG")
                and not any(g.dep_ in ("nsubj", "nsubjpass", "mark") for g in c.children)):
            return _subtree_span(c)
    return 0, 0


def _expletive(it: Token, cue: tuple[int, int] | None) -> bool:
    """An "it" that stands for nothing: the subject of "is" or "seems" with the saying verb in
    the clause after ("It is too soon to say how ...", "It seems unfair to tell them ...")."""
    verb = it.head
    return (it.dep_ in ("nsubj", "expl", "nsubjpass") and verb.lemma_ in ("be", "seem", "appear", "remain")
            and (cue is None or not cue[0] <= verb.i < cue[1]))


def _placed(m: dict[str, Any], doc: Doc) -> bool:
    """A country or city named as the place where something is ("in Coral Gables", "at the plant
    in Denver"), which a later "it" or "they" does not stand for."""
    if m["label"] not in ("GPE", "ORG"):
        return False
    root = doc[m["token_start"] : m["token_end"]].root
    # (an organisation only "in" somewhere: a town the model took for one, "the school in Sendai";
    # "officials at the ministry" stay)
    preps = LOCATIVE_PREPS if m["label"] == "GPE" else LOCATIVE_PREPS - {"at", "with", "for"}
    return root.dep_ == "pobj" and root.head.lower_ in preps


def _earlier_subject(ctx: _Speakers, agree: list[tuple[int, str, bool]], found: tuple[int, str, bool],
                    ok: Callable[[tuple[int, str, bool]], bool]) -> tuple[int, str, bool] | None:
    """The latest salient person of ``agree`` earlier than ``found`` in ``found``'s sentence that ``ok`` accepts."""
    sent = ctx.doc[found[0]].sent
    return next((p for p in reversed(agree) if p[2] and sent.start <= p[0] < found[0] and ok(p)), None)


def _addressees(ctx: _Speakers, cue: tuple[int, int] | None) -> frozenset[str]:
    """The people a cue names as the ones spoken to ("he told Hannity", "she assured Mr. Lee")."""
    if cue is None:
        return frozenset()
    return frozenset(m["entity_id"] for t in ctx.doc[cue[0]:cue[1]] if t.dep_ in ("dobj", "dative", "iobj")
                     and (m := ctx.by_token.get(t.i) or ctx.by_token.get(t.left_edge.i)) is not None and m["label"] == "PERSON")


def _acting(ctx: _Speakers, m: dict[str, Any]) -> bool:
    """A body named as a clause's subject or as a source ("the council warned", "according to the
    FBI"), not one named in passing ("Landes, a law professor at the University of Chicago",
    "Ohio's removal of voters"), nor a place unless it spoke: what a "they" can stand for."""
    if any(t in ctx.source_heads for t in range(m["token_start"], m["token_end"])):
        return True
    if m["label"] == "GPE":
        return False  # a country that acts is an "it" ("China erupted onto world markets ... they concluded")
    return _subject_mention(ctx.doc, m)


def _subject_mention(doc: Doc, m: dict[str, Any]) -> bool:
    """A mention that is a clause's subject (or set beside one)."""
    root = doc[m["token_start"] : m["token_end"]].root
    subject = ("nsubj", "nsubjpass")
    return root.dep_ in subject or root.dep_ in ("appos", "compound") and root.head.dep_ in subject


def _pronoun(ctx: _Speakers, pronoun: str, where: int, content: tuple[int, int] | None = None,
             spoken_to: frozenset[str] = frozenset()) -> str | None:
    """The person, group or organisation a source pronoun at token ``where`` stands for. Never one
    named inside the attribution's own ``content``: the topic of a quotation is not its speaker
    ("Turnout in New York is notoriously low, they say" is not New York's); never one its cue
    names as spoken to ("Hannity asked Trump ... “...,” he told Hannity" is Trump's)."""
    cs, ce = content or (0, 0)
    if pronoun in ("he", "she", "him", "her", "someone"):  # "someone": a person of either gender
        gender = "female" if pronoun in ("she", "her") else "male" if pronoun != "someone" else None
        forms = ("she", "her") if gender == "female" else ("he", "him")
        askers = _askers(ctx, forms, where, content[0] if content else where) if gender else set()
        ps, pe = _dangling_participle(ctx.doc[where])
        before = [(i, eid, sal) for i, eid, sal in ctx.persons
                  if i < where and not cs <= i < ce and not ps <= i < pe and eid not in askers and eid not in spoken_to]
        agree = [p for p in before if gender is None or _gender_of(ctx, p[1]) in (None, gender)]
        found = next((p for p in reversed(agree) if p[2]), None) or (agree[-1] if agree else None)
        if found is not None and found[2] and found[0] in ctx.subordinate:
            # "X rejected the demand, although Y had called for a recount. He explained ...": the
            # subject of the sentence's main clause, before the subordinate one's (centering)
            # (one whose gender agrees as surely: never a man of unknown gender for a "she" who is a woman)
            sure = _gender_of(ctx, found[1])
            found = _earlier_subject(ctx, agree, found, lambda p: p[0] not in ctx.subordinate and p[1] != found[1]
                                     and _gender_of(ctx, p[1]) == sure) or found
        if gender and found is not None and found[2] and _gender_of(ctx, found[1]) is None:
            # one of unknown gender, and someone of the pronoun's own gender the subject earlier in
            # that sentence ("Schlafly also noted that Reagan and Trump have shown ... “...,” she
            # wrote"): the pronoun says which of the two it is
            found = _earlier_subject(ctx, agree, found, lambda p: _gender_of(ctx, p[1]) == gender) or found
        if gender and (found is None or _gender_of(ctx, found[1]) is None):
            # the text's "he" is better evidence than a weak guess from a first name (_weak_gender):
            # such a person is taken when nobody agrees, or when the one who does is of unknown
            # gender and the guessed one is the later subject ("Kimani Ichung'wah told ...
            # Raila Odinga called ... he said": Raila is a woman's name in Finland)
            weak = [p for p in before if _weak_gender(ctx, p[1])]
            alt = next((p for p in reversed(weak) if p[2]), None) or (weak[-1] if weak and found is None else None)
            if alt is not None and (found is None or alt[0] > found[0]):
                found = alt
        pick = found[1] if found else None
        ent = ctx.entities.get(pick or "")
        if ent is not None and ent.get("gender") != gender and ent.get("gender_by") != "text" and gender:
            ent["gender"], ent["gender_by"] = gender, "text"  # later pronouns for the same person agree
        return pick
    # they / it: the latest organisation, country or medium named before; "they" also the latest
    # group of people that was a subject ("The energy experts noted ... They said ..."), if later,
    # else one that was an object ("left the energy experts bewildered. They said ...")
    # named outside what anyone is reported to say, first: in "forecasters said the snow would hit
    # parts of the UK ... they said" the UK is a topic of the quotation, not a speaker
    def eligible(m: dict[str, Any]) -> bool:
        return (m["token_start"] < where and not cs <= m["token_start"] < ce
                and (m["label"] in ("ORG", "GPE", "MEDIA") or m["label"] == "FAC" and _speaks(ctx.doc, m))
                and not m.get("furniture") and not _placed(m, ctx.doc)
                and (pronoun not in ("they", "them") or _acting(ctx, m)))

    org = latest = None
    for m in reversed(ctx.mentions):
        if eligible(m):
            latest = latest or m
            if not ctx.reported[m["token_start"]]:
                org = m
                break
    if pronoun == "it" and org is not None and not _subject_mention(ctx.doc, org):
        # "Lebanon complained to the United Nations over raids in which it said 20 people were
        # killed": in its own sentence an "it" is the subject before, not a body named after it
        start = ctx.doc[where].sent.start
        if org["token_start"] >= start:
            org = next((m for m in _mentions_between(ctx, start, org["token_start"]) if eligible(m)
                        and not ctx.reported[m["token_start"]] and _subject_mention(ctx.doc, m)), org)
    unreported_at = org["token_start"] if org is not None else -1
    org = org or latest
    at = org["token_start"] if org is not None else -1
    # "The company said ... It did not say": an organisation the document only describes, if later
    desc = next((d for d in reversed(ctx.org_described) if d[0] < where and not cs <= d[0] < ce), None)
    if desc is not None and desc[0] > at:
        org, at = None, desc[0]
    if pronoun == "it":
        # a thing that was a subject after them: "The ad then references ... It also mentions
        # ..." is the ad's, never Indiana's named in between; "..., the report says. It also
        # points out" the report's
        k = bisect.bisect_left(ctx.things, where) - 1
        while k >= 0 and cs <= ctx.things[k] < ce:
            k -= 1
        # (an organisation named only inside what someone is reported to say is no match for it)
        if k >= 0 and ctx.things[k] > max(unreported_at, desc[0] if desc is not None else -1) and (
                ctx.doc[ctx.things[k]].lemma_.lower() not in ORG_NOUNS):
            t = ctx.things[k]
            m = ctx.by_token.get(t)
            if m is not None:
                return str(m["entity_id"])
            key = f"desc:{t}"
            ctx.described[key] = (ctx.thing_names[t], None)
            return key
    group = None
    if pronoun in ("they", "them"):
        # a group named after the organisation, or holding it ("Others who have tracked Bloomberg's career")
        before = [g for g in ctx.groups if g[0] < where and (g[0] > at or ctx.doc[g[0]].left_edge.i <= at <= ctx.doc[g[0]].right_edge.i)]
        group = next((g for g in reversed(before) if g[2]), None) or (before[-1] if before else None)
    if group is not None:
        key = f"desc:{group[0]}"
        ctx.described[key] = (group[1], None)
        return key
    if org is not None:
        return str(org["entity_id"])
    if desc is not None and desc[0] == at:
        # "The ministry announced ... It said" after "Russia's defence ministry": the named body
        return _org_described(ctx, desc[2], desc[0], (0, 0)) or desc[1]
    return None


# Nouns that describe an organisation ("the bank said"), and the name endings that also say
# what it is ("Acme Co." is a company).
ORG_NOUNS = {"company", "firm", "bank", "lender", "insurer", "hospital", "union", "association", "university",
             "college", "ministry", "department", "agency", "club", "airline", "carrier", "group", "utility",
             "council", "party", "foundation", "institute", "commission", "committee", "authority", "charity",
             "federation", "league", "museum", "church", "school", "court", "fund", "board", "corporation"}
COMPANY_ENDINGS = {"co", "corp", "corporation", "inc", "ltd", "llc", "plc", "ag", "sa", "gmbh", "nv", "group", "holdings"}
# Nouns that head a body or an organisation's description, never a person's name ("the Government")
BODY_NOUNS = ORG_NOUNS | INSTITUTION_NOUNS
# Nouns set beside a name that say it is an organisation ("..., the nonprofit entity that ...")
ORG_APPOSITIONS = ORG_NOUNS | {"entity", "organization", "organisation", "nonprofit", "startup", "operator", "regulator",
                               "watchdog", "broadcaster", "newspaper", "network", "station"}


# Words in a government body's name that make it "the agency" ("the Food and Drug Administration
# ... the agency said", "the Federal Bureau of Investigation", "the National Weather Service")
AGENCY_WORDS = {"administration", "bureau", "service", "commission", "authority", "office", "directorate", "inspectorate"}


def _org_described(ctx: _Speakers, noun: str, where: int, content: tuple[int, int]) -> str | None:
    """"The bank said": the latest organisation named before whose own name (two words or more:
    "Hospital" alone is no name) says it is one (Starling Bank, St. Mary's Hospital; Acme Co. for
    "the company"), outside the quotation's content; else None (the description stays
    unresolved, never a guess)."""
    if ctx.org_words is None:  # built once per document: the word -> the organisations it names, in text order
        ctx.org_words = {}
        for m in ctx.mentions:
            words = [w.lower().strip(".,") for w in (ctx.name(m["entity_id"]) or m["text"]).split()]
            if m["label"] != "ORG" or m.get("furniture") or len(words) < 2:
                continue
            kinds = (("company", "firm") if words[-1] in COMPANY_ENDINGS else ()) + (
                ("agency",) if AGENCY_WORDS.intersection(words) else ())
            for w in {*words, *kinds}:
                ctx.org_words.setdefault(w, []).append((m["token_start"], str(m["entity_id"])))
    named = ctx.org_words.get(noun, [])
    i = bisect.bisect_left(named, (where,)) - 1
    while i >= 0 and content[0] <= named[i][0] < content[1]:
        i -= 1  # never one named inside the quotation's own content
    if i < 0:
        return None
    at, eid = named[i]
    if noun == "agency" and noun not in (ctx.name(eid) or "").lower().split() and any(
            m["label"] == "ORG" and m["entity_id"] != eid and not m.get("furniture")
            for m in _mentions_between(ctx, at + 1, where)):
        return None  # a body whose name only says it is an agency, when another was named since
    return eid


def _kind_named(ctx: _Speakers, noun: str, where: int) -> str | None:
    """"the oil giant said" after "Oil giant Shell has said", "the carmaker" after "Toyota, the
    carmaker,", "The son told reporters" after "his son, Jonathan Hale,": the latest organisation
    or person named before ``where`` with that noun set beside its name."""
    if ctx.kinds is None:  # built once per document
        ctx.kinds = {}
        doc = ctx.doc
        for m in ctx.mentions:
            if m["label"] not in ("ORG", "MEDIA", "PERSON") or m.get("furniture"):
                continue
            start, end = m["token_start"], m["token_end"]
            root = doc[start:end].root
            kinds = [c for c in root.children if c.dep_ == "appos" and c.i >= end]  # "Toyota, the carmaker,"
            if end + 1 < len(doc) and doc[end].text == "," and not kinds:
                # (one the parse hung on another word: "Sales at Brenmark, the retailer, fell")
                kinds = [t for t in doc[end + 1 : end + 5] if t.dep_ == "appos" and t.left_edge.i == end + 1][:1]
            if root.dep_ == "appos" and root.head.i < start:
                kinds.append(root.head)  # "the carmaker, Toyota,", "his son, Jonathan Hale,"
            before = doc[start - 1] if start else None
            if before is not None and (start <= before.head.i < end or root.head.i == before.i):
                kinds.append(before)  # "Oil giant Shell", "the software giant Microsoft"
            for k in kinds:
                # (a common noun, or a sentence's first word, which the parse takes for a name:
                # "Carmaker Toyota", "Billionaire Elon Musk"; for a person, no role, which
                # _role_holder reads with its place and party)
                if ((k.tag_ == "NN" or k.tag_ == "NNP" and k.is_sent_start) and k.i not in ctx.by_token
                        and (m["label"] != "PERSON" or k.lemma_.lower() not in ROLE_NOUNS)):
                    ctx.kinds.setdefault(k.lemma_.lower(), []).append((start, str(m["entity_id"])))
    named = ctx.kinds.get(noun, [])
    i = bisect.bisect_left(named, (where,)) - 1
    if i < 0:
        return None
    at, eid = named[i]
    if eid.startswith("person:"):
        since = ctx.persons[bisect.bisect_right(ctx.persons, (at, "\uffff")) : bisect.bisect_left(ctx.persons, (where, ""))]
        at = max([at, *(k for k, other, _ in since if other == eid)])  # named or spoken of again since
        if _paragraph(ctx.doc, where) - _paragraph(ctx.doc, at) > 2 and any(
                other != eid and salient and k > at for k, other, salient in since):
            return None  # last named far back, and someone else since: "the journalist" may be another
    return eid


# Nouns for a company of any kind, or of an industry ("the automaker", "the airline"): one the
# writer uses for the company that spoke last (not "group": of voters too)
GENERIC_COMPANY = COMPANY_NOUNS | {"miner", "broadcaster", "publisher", "developer"}


def _company_going_on(ctx: _Speakers, noun: str, where: int) -> str | None:
    """"Apple said it would appeal. “...,” the company said": a company noun that fits any company
    is the named organisation that spoke last, where no other organisation is named in between."""
    if noun not in GENERIC_COMPANY or ctx.last_org is None:
        return None
    at, eid = ctx.last_org
    between = (m for m in _mentions_between(ctx, at + 1, where) if m["label"] in ("ORG", "MEDIA"))
    return eid if all(m["entity_id"] == eid for m in between) else None


def _sentence_before(doc: Doc, i: int) -> int:
    """The first token of the sentence before token ``i``'s (of its own, in the first sentence)."""
    start = doc[i].sent.start
    return doc[start - 1].sent.start if start > 0 else start


def _mentions_between(ctx: _Speakers, start: int, end: int) -> list[dict[str, Any]]:
    """The mentions that start at token ``start`` or after it and before ``end`` (a bisect over
    their starts, never a pass over all of them)."""
    if ctx.mention_starts is None:
        ctx.mention_starts = [m["token_start"] for m in ctx.mentions]
    return ctx.mentions[bisect.bisect_left(ctx.mention_starts, start) : bisect.bisect_left(ctx.mention_starts, end)]


def _company_just_named(ctx: _Speakers, noun: str, where: int) -> str | None:
    """"... a drop in the oil giant Exxon Mobil. The company reported ...": a company noun that fits
    any company is the one organisation named since the start of the sentence before, when that is
    the only one, no body of state or public office ("the Labor Department", "the court"), and no
    other organisation spoke before it."""
    if noun not in GENERIC_COMPANY:
        return None
    named = {str(m["entity_id"]) for m in _mentions_between(ctx, _sentence_before(ctx.doc, where), where)
             if m["label"] in ("ORG", "MEDIA", "GPE") and not m.get("furniture")}
    if len(named) != 1:
        return None
    eid = named.pop()
    if ctx.last_org is not None and ctx.last_org[1] != eid:
        return None  # another organisation spoke before: either may be "the company"
    ent = ctx.entities.get(eid) or {}
    words = (ent.get("name") or "").lower().split()
    if not eid.startswith("org:") or ent.get("parent") or (words and words[-1] in BODY_NOUNS - {"group", "corporation", "fund"}):
        return None
    return eid


# Writings that carry someone's words: "a statement from the Kremlin said", "his letter said".
DOCUMENT_NOUNS = {"statement", "letter", "message", "note", "memo", "post", "tweet", "release", "communique",
                  "communiqué", "declaration", "filing", "email", "e-mail", "report", "study", "survey", "lawsuit",
                  "complaint", "indictment", "ruling", "remarks", "comments", "testimony"}
# Figures someone published ("Data published by OpenAI show ...", "a poll by Gallup"): theirs when
# the text says by whom, never what they are of ("a poll of South Carolina", "an analysis of FEC records")
FIGURE_NOUNS = {"data", "datum", "figure", "statistic", "analysis", "research", "poll", "document", "record", "estimate",
                "projection", "result"}
DOCUMENT_NOUNS |= FIGURE_NOUNS  # "the poll said" after "a Gallup poll" is Gallup's too
ISSUING_VERBS = {"issue", "release", "send", "sign", "publish", "post", "write", "circulate", "distribute", "file", "submit",
                 "lodge"}


def _document_author(head: Token) -> Token | None:
    """Whose writing a source like "a statement from X", "a letter signed by X", "X's statement" is."""
    if head.lemma_.lower() in FIGURE_NOUNS:
        return _figures_author(head)
    if head.lemma_.lower() not in DOCUMENT_NOUNS:
        return None
    for by in _named_by(head, ("from", "by", "of")):
        return by
    if head.dep_ == "dobj" and head.head.lemma_ in ISSUING_VERBS:  # "Her office issued a statement"
        return next((c for c in head.head.children if c.dep_ == "nsubj"), None)
    for on in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "on"):
        # "a statement on the Memorial website", "a post on Musk's account": the site's owner
        for site in (g for g in on.children if g.dep_ == "pobj" and g.lemma_ in SITE_NOUNS):
            return _site_owner_word(site)
    return None


SITE_NOUNS = ("website", "site", "page", "account")


def _site_owner_word(site: Token) -> Token | None:
    """The word naming whose website or account ``site`` is: its possessor ("Musk's account"), or a
    capitalised word set before it ("the Memorial website", "the Heritage Foundation website")."""
    return next((o for o in site.children if o.i < site.i and (o.dep_ == "poss" or o.dep_ in ("compound", "amod", "nmod")
                 and o.text[:1].isupper() and o.i > site.sent.start)), None)


def _named_by(head: Token, preps: tuple[str, ...]) -> Iterator[Token | None]:
    """The words under a writing's noun that say whose it is, in order: its possessor ("X's
    statement"), the object of one of ``preps`` ("a statement from X"; None where the preposition
    has none), the agent of an issuing verb ("a statement issued by X")."""
    for c in head.children:
        if c.dep_ == "poss":
            yield c
        elif c.dep_ == "prep" and c.lower_ in preps:
            yield next((g for g in c.children if g.dep_ == "pobj"), None)
        elif c.dep_ in ("acl", "relcl") and c.lemma_ in ISSUING_VERBS:  # "figures that were released by X" too
            agent = next((g for g in c.children if g.dep_ == "agent"), None)
            if agent is not None:
                yield next((g for g in agent.children if g.dep_ == "pobj"), None)


def _publisher(a: Attribution, head: Token, author: Token) -> bool:
    """"a Reuters/Ipsos poll", "data from comScore": a pollster or publisher the model did not find
    is an organisation, never a person of that name (nor a headline's "New Poll"). True when it
    gave the attribution its speaker."""
    doc = head.doc
    k = author.i
    if author.dep_ == "compound":
        while k > 0 and (doc[k - 1].pos_ == "PROPN" or doc[k - 1].text in "/-&") and doc[k - 1].dep_ != "det":
            k -= 1
    else:
        k = next(t.i for t in doc[_subtree_span(author)[0] : author.i + 1] if t.pos_ != "DET")
    name = clean_name(doc[k : author.i + 1].text)
    words = [t for t in doc[_subtree_span(head)[0] : head.i + 1] if t.is_alpha]
    if " " not in name and not name.isupper() and english_word(name.lower()) and all(t.text[:1].isupper() for t in words):
        return False  # a headline's capitals ("New Poll")
    a.speaker, a.speaker_id = name, f"org:{slug(name)}"
    a.channel = a.channel or _in_writing(head)
    return True


def _figures_author(head: Token) -> Token | None:
    """Who published figures: "POLITICO's analysis", "data from comScore", "figures released by the
    Office for National Statistics"; a name or a body of people, else nobody ("exit polls from the primary")."""
    by = next((b for b in _named_by(head, ("from", "by")) if b is not None), None)
    of = next((g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
               if g.dep_ == "pobj" and g.lemma_.lower() in FIGURE_NOUNS), None)
    if by is None:  # "a Gallup poll", "a Morning Consult poll": the name before the noun, its last word
        by = next((c for c in reversed(list(head.lefts)) if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
    if by is None and of is not None:
        # "an analysis of FEC data by Crowdpac", "the results of the latest Quinnipiac poll": the
        # figures the noun is of, and whose those are (never for "a POLITICO analysis of FEC data")
        return _figures_author(of)
    # (a place only as the agent: "figures released by Crowdpac", which the model may call a
    # place, or by Germany, publish; "a poll of South Carolina", "a South Carolina poll" do not)
    agent = by is not None and by.head.lower_ == "by"
    if by is None or by.ent_type_ in ("LOC", "NORP", "DATE", "TIME", "EVENT") or by.ent_type_ == "GPE" and not agent:
        return None
    noun = by.lemma_.lower()
    return by if by.pos_ == "PROPN" or noun in PEOPLE_NOUNS | ORG_NOUNS | PUBLISHING_BODIES else None


# Bodies of people that publish figures ("data released by state gaming regulators")
PUBLISHING_BODIES = {"regulator", "statistician", "economist", "analyst", "pollster", "official", "agency", "office", "government"}


def _one_of_a_nation(span: Span, head: Token) -> bool:
    """"the Spaniard", "the American": one person of a nationality; never "the French", "the
    Chinese" or "the Americans", which are a people."""
    # (never a creed's "-ist": "The Federalist" is a publication, "the Socialist" a party's)
    return (span[0].lower_ == "the" and head.tag_ in ("NNP", "NN") and len(head.text) > 3
            and not head.lower_.endswith(("s", "sh", "ch", "ese", "ist")))


def _whose(head: Token) -> tuple[int, int] | None:
    """"a spokesperson for Downing Street", "an official at the ministry": the phrase after a
    role noun naming whom it works for, when that is a name; (start, end) of tokens, else None."""
    if head.lemma_.lower() not in ROLE_NOUNS and head.lemma_.lower() not in PEOPLE_NOUNS:
        return None
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "at", "with") and prep.i == head.i + 1:
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None and (pobj.pos_ == "PROPN" or pobj.ent_type_ or pobj.lower_ in BODY_NOUNS):  # "for the department"
                end = pobj.i + 1  # the name, up to a clause or aside after it
                while end <= pobj.right_edge.i and not head.doc[end].is_punct and head.doc[end].dep_ not in ("relcl", "acl"):
                    end += 1
                return prep.i, end
    return None


def _note_writing(ctx: _Speakers, a: Attribution) -> None:
    """"X said in a joint statement": the statement is X's, for a "the statement said" after it."""
    if a.cue is None or (a.speaker is None and a.speaker_id is None):
        return
    if a.source is not None and a.speaker_id is not None:
        # "The poll by the Public Policy Institute of California showed ...": a later "the poll" is theirs too
        head = ctx.doc[a.source[0] : a.source[1]].root
        if head.lemma_.lower() in DOCUMENT_NOUNS and head.pos_ == "NOUN":  # never "The Washington Post"
            ctx.writings.append((head.i, head.lemma_.lower(), a.speaker_id, a.speaker))
    for t in ctx.doc[a.cue[0] : a.cue[1]]:
        for prep in t.children:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                noun = next((c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in DOCUMENT_NOUNS), None)
                if noun is not None:
                    ctx.writings.append((noun.i, noun.lemma_.lower(), a.speaker_id, a.speaker))


def _the_writing(ctx: _Speakers, a: Attribution, head: Token, where: int) -> bool:
    """"“Justice has not been done,” the statement said": the statement named before is its
    author's, who speaks through it. True when it gave the attribution its speaker."""
    if head.lemma_.lower() not in DOCUMENT_NOUNS or head.pos_ != "NOUN" or not any(c.lower_ == "the" for c in head.children):
        return False
    lemma = head.lemma_.lower()
    earlier = [w for w in ctx.writings if w[0] < where and w[1] == lemma]  # a handful per document
    if not earlier:
        return False
    _, _, a.speaker_id, a.speaker = earlier[-1]
    a.channel = a.channel or _in_writing(head)
    return True


def _age_epithet(span: Span) -> str | None:
    """The noun of an age epithet ("the 45-year-old farmer" -> "farmer", "the 62-year-old" ->
    "old"), or None: an "old" whose own words hold "year(s)" and a number."""
    for t in span:
        if t.lower_ == "old" and any(c.lower_ in ("year", "years") and any(n.like_num for n in c.subtree) for c in t.children):
            nxt = t.nbor(1) if t.i + 1 < span.end else None
            return nxt.lower_ if nxt is not None and nxt.pos_ == "NOUN" else "old"
    return None


def _qualifier(ctx: _Speakers, head: Token) -> list[str]:
    """What a description says its holder heads: "the president of Cyprus", "Cyprus's president",
    "the Florida senator" -> the names, as written, of the place or body (with the entity's own name and aliases)."""
    out: list[str] = []
    for c in head.children:
        if c.dep_ == "poss" or c.dep_ in ("compound", "amod", "nmod") and c.i < head.i and c.ent_type_ in ("GPE", "ORG"):
            objs = [c]  # (and "the Florida senator", "the Ohio governor": a place named before the noun)
        elif c.dep_ == "prep" and c.lower_ in ("of", "for"):
            objs = [p for p in c.children if p.dep_ == "pobj"]
        else:
            continue
        for o in objs:
            m = ctx.by_token.get(o.i)
            if m is not None and m["label"] != "PERSON":
                ent = ctx.entities.get(m["entity_id"], {})
                out += [m["text"], ent.get("name") or "", *ent.get("aliases", ())]
    return [q.lower() for q in out if q]


# Parties a description or a role can name ("the Republican governor", "Democratic Gov.")
PARTY_WORDS = re.compile(r"\b(republican|democratic|democrat|gop|labour|conservative|tory|liberal|libertarian|"
                         r"green|socialist|(?:r|d)-[a-z]+\.?|\((?:r|d)\b)")


def _party(head: Token) -> str | None:
    """The party a description names before its noun ("The Republican governor"), in lower case."""
    for c in head.lefts:
        m = PARTY_WORDS.fullmatch(c.lower_) if c.dep_ in ("amod", "compound", "nmod") else None
        if m:
            return _party_key(m.group(0))
    return None


def _party_key(word: str) -> str:
    """"Democrat", "D-Mass.", "(D" -> "d"; "Republican", "GOP", "R-Texas" -> "r"; other parties as written."""
    word = word.lstrip("(")
    if word in ("republican", "gop") or word.startswith("r-") or word == "r":
        return "r"
    if word in ("democratic", "democrat") or word.startswith("d-") or word == "d":
        return "d"
    return word


def _described(ctx: _Speakers, noun: str, where: int, qualifier: list[str] | None = None,
               party: str | None = None, bare: bool = False, named_at: int | None = None) -> str | None:
    """"the minister": the latest person whose role holds the noun, else the next one named.
    A qualified description ("the president of Cyprus") is only a person whose role names the same
    place or body: never the president of the Eurogroup named before. A description with a party
    ("the Republican governor") is never a person whose role names another ("Democratic Gov.")."""
    # "the duchess" is never a man, "the duke" never a woman
    clash = {"female": "male", "male": "female"}.get(_noun_gender(noun) or "")

    held = _office_pattern(noun)
    # a lesser office of it, its word before the noun or before the noun's modifiers ("Vice President",
    # "vice presidential nominee", "Deputy Foreign Minister"), is not "the president", "the
    # presidential nominee", "the foreign minister"
    lesser = None if noun.split()[0] in LESSER_OFFICES else _office_pattern(noun, LESSER_OFFICES)

    held_by: dict[str, bool] = {}  # an entity is named many times: its roles are read once

    def has_role(eid: str) -> bool:
        if eid not in held_by:
            held_by[eid] = _holds(eid)
        return held_by[eid]

    def _holds(eid: str) -> bool:
        ent = ctx.entities.get(eid, {})
        words = ent.get("name", "").split()
        # a title written before a name in full ("President Bola Tinubu"; "Governor Bush" stays unsure)
        titled = len(words) >= 2 and any(r[:1].isupper() for r in ent.get("roles", []))
        if ent.get("gender") is None and not titled and english_word(next(iter(words), "").lower()):
            # no gender and a name opening with a word ("Trump National Doral"): too unsure a person
            # (but "President Bola Tinubu" is a person: a title stands before the name)
            return False
        roles = [role_spelled_out(r) for r in ent.get("roles", [])]  # "Sen." is "the senator"
        if party and any(_party_key(m.group(0)) != party for r in roles for m in PARTY_WORDS.finditer(r)):
            return False
        # the office in one role, the place in it or in another ("Sen." and "R-Fla.": the Florida senator)
        return ((clash is None or ent.get("gender") != clash)
                and any(held.search(r) and not (lesser and lesser.search(r)) for r in roles)
                and (not qualifier or any(q in r for q in qualifier for r in roles)))

    before = [(i, eid) for i, eid, _ in ctx.persons if i < where and has_role(eid)]
    if before:
        i, eid = before[-1]
        # A bare description ("the senator") whose holder was named in an earlier paragraph, and
        # someone else named in its own: far back (more than two paragraphs), anyone ("Sen. John
        # McCain" three paragraphs up, then "Cruz defends ...: the senator says"); nearer, the
        # subject of a clause there ("Rubio sought to ... the senator said" after Sen. Sanders'
        # paragraph), before the description itself (``named_at``). The roles this document gives
        # do not tell which of them it means, so it stays a description.
        here = _paragraph(ctx.doc, where)
        back = here - _paragraph(ctx.doc, i)
        if bare and back > 0 and any(
                other != eid and not other.startswith("desc:") and _paragraph(ctx.doc, k) == here
                and (back > 2 or (salient and ctx.doc[k].dep_ in ("nsubj", "nsubjpass")))
                for k, other, salient in ctx.persons[bisect.bisect_right(ctx.persons, (i, "\uffff")):
                                                     bisect.bisect_left(ctx.persons, (min(where, named_at or where), ""))]):
            return None
        return eid
    # named after it ("NATO's secretary general called ... said Jens Stoltenberg, NATO's secretary general")
    return next((eid for i, eid, _ in ctx.persons if i > where and has_role(eid)), None)


def _paragraph(doc: Doc, i: int) -> int:
    """The paragraph of token ``i``: how many paragraph breaks come before it."""
    return bisect.bisect_left(paragraph_breaks(doc), i)


# Words that make an office a lesser one ("vice president", "deputy minister")
LESSER_OFFICES = ("vice", "deputy", "assistant", "lieutenant")


def _office_pattern(noun: str, lesser: tuple[str, ...] = ()) -> re.Pattern[str]:
    """The office ``noun`` as words of a role; a lesser office ("vice nominee") also with up to two
    modifiers between ("vice presidential nominee"); with ``lesser``, only where one of those words
    comes before the noun so ("deputy foreign minister" for "minister", "foreign minister")."""
    words = noun.split()
    if not lesser and (len(words) < 2 or words[0] not in LESSER_OFFICES):
        return re.compile(r"(?<!\w)" + re.escape(noun) + r"(?!\w)")
    lead = rf"(?:{'|'.join(lesser)})" if lesser else re.escape(words[0])
    rest = words if lesser else words[1:]
    return re.compile(r"(?<!\w)" + lead + r"[ -](?:[\w.]+[ -]){0,2}?" + r"[ -]".join(re.escape(w) for w in rest) + r"(?!\w)")


def _speaks(doc: Doc, m: dict[str, Any]) -> bool:
    """A building that speaks for those in it ("The Vatican said", "the Pentagon said"): the
    subject of a verb of speech, which an "it" after may stand for."""
    root = doc[m["token_start"] : m["token_end"]].root
    return root.dep_ == "nsubj" and root.head.lemma_ in SPEECH_LEMMAS


def _titled(ctx: _Speakers, word: str, where: int) -> str | None:
    """The latest person named before ``where`` with the capitalised ``word`` right before the name."""
    named = ctx.titled.get(word, ())
    at = bisect.bisect_left(named, (where,))  # in text order: the latest before, in log time
    return named[at - 1][1] if at else None


def _entity_named(ctx: _Speakers, name: str) -> str | None:
    """The one entity of the document (not a person: _by_surname looks for those) whose name or an alias is ``name`` as written."""
    found = {eid for eid, ent in ctx.entities.items()
             if ent["type"] != "PERSON" and (ent["name"] == name or name in ent.get("aliases", ()))}
    return found.pop() if len(found) == 1 else None


def _by_surname(ctx: _Speakers, a: Attribution, name: str, always: bool = False) -> bool:
    """A name the NER missed ("Trump on Wednesday", "PENCE:"): the one person of that surname."""
    key = surname_key(name)
    same = {eid for eid, ent in ctx.entities.items() if ent["type"] == "PERSON" and key and surname_key(ent["name"]) == key}
    if len(same) == 1:
        a.speaker_id = same.pop()
        a.speaker = ctx.name(a.speaker_id)
        return True
    if always:
        a.speaker_id, a.speaker = f"person:{slug(name)}", name
        return True
    return False


def _noun_chunks(doc: Doc) -> list[Span]:
    chunks = doc.user_data.get("cg_chunks")
    if chunks is None:
        chunks = doc.user_data["cg_chunks"] = list(doc.noun_chunks)
    return chunks


def _in_writing(head: Token) -> str:
    """The channel a writing makes: "in a statement", "in projections" (no article before a plural)."""
    return f"in {head.lower_}" if head.tag_ in ("NNS", "NNPS") else f"in a {head.lemma_.lower()}"


def _channel_and_media(ctx: _Speakers, a: Attribution) -> None:
    """How the words reached the reporter ("told reporters during a weekly briefing") and the
    media they came through, read from the cue's sentence outside the content."""
    doc = ctx.doc
    text = _text(doc)
    cue = a.cue or a.content
    sent = sent_of(doc[cue[0]])
    lo, hi = sent.start_char, sent.end_char
    outside = text[lo:hi]

    def blank(span: tuple[int, int]) -> None:
        nonlocal outside
        bs, be = doc[span[0]].idx, doc[span[1] - 1].idx + len(doc[span[1] - 1])
        if lo <= bs < hi:
            outside = outside[: bs - lo] + " " * (min(be, hi) - bs) + outside[min(be, hi) - lo :]

    blank(a.content)  # the channel is never read out of the quotation
    if (a.source is not None and a.speaker_id and not a.speaker_id.startswith("media:")
            and ctx.media.canonical(doc[a.source[0] : a.source[1]].text.strip()) is not None):
        # nor out of a source that is a person's name and a medium's: "Bloomberg said", Michael
        # Bloomberg's, names no news service
        blank(a.source)
    cue_char = doc[cue[0]].idx - lo
    best = None
    for m in _CHANNEL.finditer(outside):
        if m.group(0).strip() and (best is None or abs(m.start() - cue_char) < abs(best.start() - cue_char)):
            best = m
    if best is not None:
        a.channel = " ".join(best.group(0).split()).rstrip(" ,")
    for name in ctx.media.find(outside):
        if name != a.speaker and name not in a.via:
            a.via.append(name)


# --- the component --------------------------------------------------------------------

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)
    Doc.set_extension("attributions", default=None)


def kind_of(doc: Doc, a: Attribution) -> str:
    def whole_quote(text: str) -> bool:
        opens = text[:1] in "“\"‘'«„" or text[:1] == "”" and text[1:2].isalnum()  # a typo'd opener, as quote_spans
        inner = re.sub(r"‘[^‘’\n]*’", "", text[1:-1])  # a nested ‘...’ closes nothing of this one
        return opens and text[-1:] in "”\"’'»“" and not re.search(r"[”\"’»]\s+\S", inner)

    frags = a.fragments or [a.content]
    texts = [doc[fs:fe].text.strip().rstrip("―—–") for fs, fe in frags]
    # A quotation running over paragraphs leaves each paragraph but the last unclosed.
    if all(whole_quote(t) or i < len(texts) - 1 and t[:1] in "“\"‘«„" and not re.search(r"[”\"’»]\s+\S", t[1:])
           for i, t in enumerate(texts)):
        return "direct"
    text = doc[a.content[0] : a.content[1]].text.strip()
    if any(c in text for c in "“”\"«»") or re.search(r"(?:^|\s)‘[^’']+['’]", text):
        return "partial"
    return "indirect"


def envelopes(doc: Doc, found: list[Attribution]) -> list[dict[str, Any]]:
    """Attributions as PolNeAR annotates them: a quotation that goes on after its cue
    ("“A,” Clark said. “B.”") is one content, the envelope of its parts."""
    out: list[dict[str, Any]] = []
    text = _text(doc)
    # PolNeAR is univocal (a token belongs to one attribution): an attribution whose cue sits
    # inside another's content ("Smith said [he thinks X]") is part of that content there.
    # But when the inner cue opens the outer content ("[Claiming the criticism is designed ...]"),
    # the outer span is a parse slip and the inner attribution stands.
    opened = {id(b) for b in found for a in found
              if a is not b and a.cue is not None and a.cue[0] == b.content[0] and b.content[0] <= a.content[0] < b.content[1]}
    found = [a for a in found if id(a) not in opened]
    found = [a for a in found if a.cue is None or not any(
        b is not a and b.content[0] <= a.cue[0] < b.content[1] and b.how != "parenthetical" for b in found)]
    for a in sorted(found, key=lambda a: a.content):
        if a.how == "continuation" and a.source is not None:
            src = _chars(doc, a.source)
            same = [o for o in out if o["source"] == src and o["content"][1] <= doc[a.content[0]].idx]
            if same:
                host = same[-1]
                gap = text[host["content"][1] : doc[a.content[0]].idx]
                if "\n" not in gap:
                    host["content"][1] = _chars(doc, a.content)[1]
                    host["fragments"] += [_chars(doc, f) for f in a.fragments]
                    # whatever sat between the parts is inside the envelope now
                    out = [o for o in out if o is host or not (host["content"][0] <= o["content"][0]
                                                                and o["content"][1] <= host["content"][1])]
                    continue
        out.append({"content": _chars(doc, a.content), "source": _chars(doc, a.source), "cue": _chars(doc, a.cue),
                    "rule": a.how, "fragments": [_chars(doc, f) for f in a.fragments or [a.content]]})
    return out


def _speech_idiom(t: Token) -> bool:
    """Words that introduce someone's words without a speech verb: "as X put it", "a statement
    from X read: ..."."""
    if t.lemma_ == "put":
        return any(c.dep_ == "dobj" and c.lower_ == "it" for c in t.children)
    if t.lemma_ == "read":
        return any(c.dep_.startswith("nsubj") and c.lemma_.lower() in DOCUMENT_NOUNS for c in t.children)
    return False


def _is_speech(doc: Doc, a: Attribution) -> bool:
    """Words someone said or wrote, rather than a belief, plan or finding the text ascribes."""
    if a.cue is None:
        return a.how != "tagger"
    cue = doc[a.cue[0] : a.cue[1]]
    verbs = [t for t in cue if t.pos_ in ("VERB", "AUX") and t.lemma_ in SPEECH_LEMMAS] or list(cue)
    lemma = verbs[-1].lemma_ if verbs else ""
    if lemma in NOT_SPEECH:
        return False
    if (lemma in ACT_VERBS or a.how == "call-it") and a.how not in ("ccomp", "that-clause", "quote-before", "quote-after", "call-on", "call-for"):
        text = doc[a.content[0] : a.content[1]].text
        if not any(c in text for c in "“”\"«»"):
            return False
    if a.how == "tagger":
        # The tagger learned PolNeAR's wide notion of attribution (beliefs, references,
        # reactions). As a quotation it must pass what the rules demand: a speech verb that
        # is not a reporter's "when asked", and a clause or a quotation for content.
        content = doc[a.content[0] : a.content[1]]
        v = verbs[-1] if verbs else None
        idiom = any(_speech_idiom(t) for t in cue)
        if not idiom and (v is None or v.lemma_ not in SPEECH_LEMMAS or v.dep_ in ("advcl", "acl") and _participle(v)):
            return False
        if not any(t.pos_ in ("VERB", "AUX") or t.text in QUOTE_CHARS for t in content) or len(content) < 3:
            return False
        if a.source is not None and doc[a.source[0]].lower_ in RELATIVE:
            return False
        first = content[0]
        if (first.dep_ == "mark" or first.lower_ in ("when", "where", "while")) and first.head.dep_ == "advcl" and first.head.head.i in range(*a.cue):
            return False  # "He wrote The Persians when he was 53": when, not what
    if lemma == "suggest" and a.source is not None:
        # "comments suggest", "data suggest": a finding; "the lawmaker suggested": speech
        return doc[a.source[0] : a.source[1]].root.pos_ in ("PROPN", "PRON") or doc[a.source[0] : a.source[1]].root.lower_ in ROLE_NOUNS
    return True


def _chars(doc: Doc, span: tuple[int, int] | None) -> list[int] | None:
    if span is None:
        return None
    s, e = span
    return [doc[s].idx, doc[e - 1].idx + len(doc[e - 1])]


@Language.component("claimgraph_quotes", requires=["token.dep", "doc._.cg_mentions"], assigns=["doc._.quotes", "doc._.attributions"])
def quotes_component(doc: Doc) -> Doc:
    found = find_attributions(doc)
    resolve_speakers(doc, found)
    doc._.attributions = envelopes(doc, found)
    doc._.quotes = [{
        "kind": kind_of(doc, a),
        "content": _chars(doc, a.content),
        "cue": _chars(doc, a.cue),
        "source": _chars(doc, a.source),
        "speaker_id": a.speaker_id,
        "speaker": a.speaker,
        "channel": a.channel,
        "via": a.via,
        "rule": a.how,
        "speech": _is_speech(doc, a),
        "fragments": [_chars(doc, f) for f in a.fragments],
        "resolved": a.resolved,
    } for a in found]
    doc.user_data.pop("cg_sent_index", None)  # Span objects must not travel with the Doc
    doc.user_data.pop("cg_text", None)
    doc.user_data.pop("cg_qtok", None)
    doc.user_data.pop("cg_captions", None)
    doc.user_data.pop("cg_chunks", None)
    return doc

