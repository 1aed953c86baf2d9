"""spaCy's attribute ruler and rule lemmatizer, applied to arrays of token attributes.

Both are the stock components' own rules, with the same results, run without a Python step
per token:

- ``TableAttributeRuler``: en_core_web_sm's ``attribute_ruler`` maps each fine tag to its POS
  and morphology and fixes a few words ("'s" after a noun, "i" as an object): 179 rules, which
  spaCy runs through its ``Matcher``, one Python step per token, rule state and predicate,
  then sets each match's attributes one token at a time: about a tenth of the sm pipeline's
  time on news text, as much as its parser. Here each rule is tested on the columns of
  ``Doc.to_array`` (equality, ``IN``, ``NOT_IN``, ``REGEX``; a rule of several tokens by
  shifting the columns), and the winning values go back with one ``Doc.from_array``. A rule
  using anything else (operators, other predicates, extension attributes) still runs through
  a ``Matcher`` of just those rules. Precedence is spaCy's: the rule added later wins,
  attribute by attribute.
- ``ArrayLemmatizer``: the rule lemmatizer's answer is a function of a token's text, POS and
  morphology; it is asked once per distinct (text, POS, morphology) and remembered, and the
  lemmas go back with one ``Doc.from_array``.

Checked equal to the stock components on every token of PolNeAR dev and test
(tests/unit/test_array_rules.py). No library offers this: spaCy's ``Matcher`` is the general
tool and neither component has a faster path for the common case.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# Token attributes a rule may test (what Doc.to_array reads) ...
_TESTABLE = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE, "ORTH": ORTH, "NORM": NORM}
# ... and the ones it may set through Doc.from_array (token attributes only, none lexical)
_SETTABLE = (POS, TAG, MORPH, LEMMA, DEP)


def _value_id(key: str, value: Any) -> int | None:
    """The integer Doc.to_array gives a token whose attribute equals ``value`` (None: not a
    plain value)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and key != "IS_SPACE":
        return get_string_id(value)
    return None


def _token_test(spec: dict) -> list[tuple[str, str, Any]] | None:
    """One token's conditions as (attribute, "eq" | "in" | "not_in" | "regex", value), or None
    when the Matcher must run it (operators, other predicates, extension attributes)."""
    out: list[tuple[str, str, Any]] = []
    for key, value in spec.items():
        if key not in _TESTABLE:
            return None
        if not isinstance(value, dict):
            vid = _value_id(key, value)
            if vid is None:
                return None
            out.append((key, "eq", vid))
            continue
        for op, arg in value.items():
            if op in ("IN", "NOT_IN") and isinstance(arg, list) and key != "IS_SPACE":
                ids = [_value_id(key, a) for a in arg]
                if None in ids:
                    return None
                out.append((key, op.lower(), np.array(ids, dtype=np.uint64)))
            elif op == "REGEX" and isinstance(arg, str) and key != "IS_SPACE":
                out.append((key, "regex", re.compile(arg)))
            else:
                return None
    return out if out else None


class TableAttributeRuler(AttributeRuler):
    """``AttributeRuler`` whose rules are tested on arrays of token attributes."""

    def __init__(self, vocab: Any, name: str = "attribute_ruler", *, validate: bool = False) -> None:
        super().__init__(vocab, name, validate=validate)
        self._compiled: tuple[Any, ...] | None = None

    def add(self, patterns: Any, attrs: dict, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._compiled = None

    def clear(self) -> None:
        super().clear()
        self._compiled = None

    def _compile(self) -> tuple[Any, ...]:
        """Split the rules into: one-token tests of one attribute's value, grouped by
        attribute ({attribute: {value: [rule, ...]}}); other fixed-length patterns as lists of
        token tests ([(rule, [tests of token 0, tests of token 1, ...])]); a Matcher of the
        rest. Every part keeps each rule's number, its precedence."""
        by_value: dict[str, dict[int, list[int]]] = {}
        sequences: list[tuple[int, list[list[tuple[str, str, Any]]]]] = []
        rest = Matcher(self.vocab, validate=False)
        for rule, attrs in enumerate(self.attrs):
            alternatives = self.matcher.get(str(rule))[1]
            settable_only = set(attrs) <= set(_SETTABLE)
            left = []
            for alt in alternatives:
                tests = [_token_test(spec) for spec in alt] if settable_only else [None]
                if None in tests:
                    left.append(alt)
                elif len(tests) == 1 and len(tests[0]) == 1 and tests[0][0][1] == "eq":
                    key, _op, vid = tests[0][0]
                    by_value.setdefault(key, {}).setdefault(vid, []).append(rule)
                else:
                    sequences.append((rule, tests))  # type: ignore[arg-type]
            if left:
                rest.add(str(rule), left)
        values = [{a: attrs[a] for a in _SETTABLE if a in attrs} for attrs in self.attrs]
        keys = sorted(set(by_value) | {t[0] for _r, seq in sequences for tok in seq for t in tok})
        return keys, by_value, sequences, rest, values

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            self._apply(doc)
            return doc
        except Exception as e:  # spaCy's own handling, as AttributeRuler.__call__ does
            return error_handler(self.name, self, [doc], e)

    def _apply(self, doc: Doc) -> None:
        if self._compiled is None:
            self._compiled = self._compile()
        keys, by_value, sequences, rest, values = self._compiled
        n = len(doc)
        if not n:
            return
        cols = doc.to_array([_TESTABLE[k] for k in keys]).reshape(n, len(keys))
        col = {k: cols[:, i] for i, k in enumerate(keys)}
        hits: list[tuple[int, np.ndarray]] = []  # (rule, tokens it sets)
        for key, table in by_value.items():
            uniq, inverse = np.unique(col[key], return_inverse=True)
            for u, vid in enumerate(uniq.tolist()):
                for rule in table.get(vid, ()):
                    hits.append((rule, np.flatnonzero(inverse == u)))
        seen: dict[tuple[str, str, int], np.ndarray] = {}  # a test's answer, once per document
        for rule, seq in sequences:
            span = len(seq)
            if span > n:
                continue
            ok = np.ones(n - span + 1, dtype=bool)
            for j, tests in enumerate(seq):
                for key, op, arg in tests:
                    memo = (key, op, arg if op == "eq" else id(arg))
                    if memo not in seen:
                        seen[memo] = self._test(doc, col[key], op, arg)
                    ok &= seen[memo][j:n - span + 1 + j]
            index = self.indices[rule]
            hits.append((rule, np.flatnonzero(ok) + (index if index >= 0 else span + index)))
        later: list[tuple[int, int]] = []  # (rule, token) found by the Matcher
        if len(rest):
            for match_id, start, end in rest(doc, allow_missing=True):
                rule = int(self.vocab.strings[match_id])
                i = doc[start:end][self.indices[rule]].i
                hits.append((rule, np.array([i])))
                later.append((rule, i))
        hits.sort(key=lambda h: h[0])  # the rule added later wins
        used = [a for a in _SETTABLE if any(a in values[r] for r, _t in hits)]
        if used:
            arr = doc.to_array(used).reshape(n, len(used)).copy()
            for rule, tokens in hits:
                for c, a in enumerate(used):
                    if a in values[rule]:
                        arr[tokens, c] = values[rule][a]
            doc.from_array(used, arr)
        for rule, i in sorted(later):  # what a Matcher rule sets beyond those attributes
            other = {a: v for a, v in self.attrs[rule].items() if a not in _SETTABLE}
            if other:
                set_token_attrs(doc[i], other)

    def _test(self, doc: Doc, values: np.ndarray, op: str, arg: Any) -> np.ndarray:
        if op == "eq":
            return values == arg
        if op == "in":
            return np.isin(values, arg)
        if op == "not_in":
            return ~np.isin(values, arg)
        uniq, inverse = np.unique(values, return_inverse=True)  # regex: once per distinct string
        strings = doc.vocab.strings
        return np.array([bool(arg.search(strings[int(v)])) for v in uniq.tolist()], dtype=bool)[inverse]


class ArrayLemmatizer:
    """spaCy's rule lemmatizer (the ``stock`` component, its tables and settings), asked once
    per distinct (text, POS, morphology) of the documents it sees."""

    def __init__(self, stock: Any = None) -> None:
        self.stock = stock
        self._lemma_of: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        strings, overwrite, memo = doc.vocab.strings, self.stock.overwrite, self._lemma_of
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if lemma and not overwrite:
                lemmas.append(lemma)
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                found = memo[key] = strings.add(self.stock.lemmatize(doc[i])[0])
            lemmas.append(found)
        doc.from_array([LEMMA], np.array(lemmas, dtype=np.uint64).reshape(n, 1))
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


@Language.factory("claimgraph_attribute_ruler", default_config={"validate": False})
def make_table_attribute_ruler(nlp, name, validate):  # type: ignore[no-untyped-def]
    # No annotations: spaCy validates factory arguments with pydantic, which cannot resolve
    # the string annotations that `from __future__ import annotations` makes.
    return TableAttributeRuler(nlp.vocab, name, validate=validate)


@Language.factory("claimgraph_lemmatizer")
def make_array_lemmatizer(nlp, name):  # type: ignore[no-untyped-def]
    return ArrayLemmatizer()


def use_array_rules(nlp: Language) -> Language:
    """Swap the pipeline's ``attribute_ruler`` for a ``TableAttributeRuler`` with its rules, and
    its rule lemmatizer for an ``ArrayLemmatizer`` around it; same names, same results."""
    names = nlp.pipe_names
    if "attribute_ruler" in names and not isinstance(nlp.get_pipe("attribute_ruler"), TableAttributeRuler):
        stock = nlp.get_pipe("attribute_ruler")
        table = nlp.replace_pipe("attribute_ruler", "claimgraph_attribute_ruler")
        table.add_patterns(stock.patterns)
    if "lemmatizer" in names and getattr(nlp.get_pipe("lemmatizer"), "mode", None) == "rule":
        stock = nlp.get_pipe("lemmatizer")
        nlp.replace_pipe("lemmatizer", "claimgraph_lemmatizer").stock = stock
    return nlp

