"""Robustness: at least 10,000 hostile inputs through the real ingest (the CLI, as a user runs
it), then a kill -9 mid-ingest and a resume. Counts crashes, hangs, losses and duplicates.

    .venv/bin/python bench/robustness.py [--inputs 10000] [--nlp-inputs 300] [--write]

1. Bulk (NLP stage off, ``--no-nlp``): ``--inputs`` generated inputs (files, and lines of
   JSONL files) of these kinds: text built to hang a step (runs of quote marks, spaces,
   capitalised words, time expressions, markdown image openers, 100 KB base64 tokens, one-line
   megabytes), encodings (Latin-1, cp1252, cp1250, UTF-16 with and without BOM, mojibake),
   NUL bytes, bidi controls and zero-width characters (and files of nothing else), binary
   data, empty files, HTML (deep nesting, 10,000 links, tables as the article, no main text,
   scripts only, entity floods, broken markup, wrong charsets), PDFs (the example PDF cut,
   with bytes flipped, random bytes behind a PDF header), JSONL (invalid, nested 100,000 deep,
   not objects, no text field, hostile text and HTML fields), files over the size limit, a
   FIFO, a dangling symlink, odd file names, and exact copies of other inputs (duplicates).
   Run A ingests them into a fresh store.
2. The same inputs again into another fresh store, killed with SIGKILL twice part-way
   (workers included) and resumed until it completes (run B); B must equal A.
3. NLP on: a smaller set (``--nlp-inputs``) of the same kinds at smaller sizes plus one
   report of 1,200,000 characters, through the full pipeline.

Measured per run: crashes (an exit code other than 0/1, a traceback, or an output line that
is not one coded error line), hangs (a run over its time bound: ``--bound`` seconds), losses
(an input neither stored, nor refused with a code, nor a copy of a stored one), duplicates (a
document stored twice, a copy stored as new), and the refusals by code. Writes the section
"## Robustness" of bench/RESULTS.md with ``--write``.
"""

from __future__ import annotations

import argparse
import base64
import collections
import datetime as dt
import hashlib
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

from quotes import RESULTS_PATH, replace_section  # noqa: E402

sys.path.insert(0, str(ROOT / "src"))
from claimgraph.ingest.readers import read_file, source_name  # noqa: E402

EXE = str(Path(sys.executable).with_name("claimgraph"))
HEADING = "## Robustness"
EXAMPLES = ROOT / "examples"
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
MAX_BYTES = 3_000_000  # the bench's ingest.max_bytes: a few inputs are built to exceed it

LEAD = ("Foreign Minister Sergei Lavrov said on Tuesday that Russia would not send troops to Venezuela, "
        "TASS reported. “We have no such plans,” he told reporters in Moscow.\n\n")
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff\u00ad"


@dataclass
class Case:
    """One input: where it is, what kind, and how it is expected to end."""

    source: str  # as the ingest names it (path, or path:line)
    kind: str
    copy_of: str | None = None  # an exact copy of another input: expected "already stored"


@dataclass
class Corpus:
    root: Path
    cases: list[Case] = field(default_factory=list)

    def add(self, kind: str, name: str, data: bytes | str, copy_of: str | None = None) -> Path:
        path = self.root / kind.split(":")[0] / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if not name.endswith(".jsonl"):
            self.cases.append(Case(source_name(path), kind, copy_of))
        return path


# --- hostile text ------------------------------------------------------------------------------

def _b64(rnd: random.Random, n: int) -> str:
    return base64.b64encode(rnd.randbytes(n * 3 // 4)).decode()


TEXT_KINDS = {
    "quote-marks": lambda r, n: '"' * n,
    "curly-quotes": lambda r, n: "“" * (n // 2) + "”" * (n // 3),
    "apostrophes": lambda r, n: "a" + "'" * n,
    "base64-token": lambda r, n: LEAD + _b64(r, n) + " é\n\n" + LEAD,
    "space-run": lambda r, n: "a" + " " * n + "b",
    "nbsp-tab-run": lambda r, n: "a" + "\u00a0\t" * (n // 2) + "b",
    "md-image-openers": lambda r, n: "![" * (n // 2),
    "md-images-one-line": lambda r, n: "x " + "![](a.png) " * (n // 11),
    "image-name-pieces": lambda r, n: "a.png?" * (n // 6) + " b",
    "caps-words": lambda r, n: "Alpha Beta " * (n // 11),
    "caps-run": lambda r, n: "LISBON " * (n // 7),
    "all-caps-token": lambda r, n: "A" * n,
    "timexes-no-stop": lambda r, n: "On Monday May 5 he said in May 2019 that by 2020 " * (n // 50),
    "titles-no-stop": lambda r, n: "President Donald Trump " * (n // 23),
    "one-line": lambda r, n: "word " * (n // 5),
    "long-url": lambda r, n: "http://x.com/" + "a" * n,
    "double-spaces": lambda r, n: "a  b\n" * (n // 5),
    "hyphen-ends": lambda r, n: "a-\n" * (n // 3),
    "quotes-mixed": lambda r, n: "“a ' " * (n // 5),
    "blank-lines": lambda r, n: "\n \n\t\n" * (n // 5),
    "said-chains": lambda r, n: ("“Yes,” he said. " * (n // 16)),
    "dateline-soup": lambda r, n: "WASHINGTON (Reuters) - " * (n // 23),
    "boilerplate-lines": lambda r, n: "Read more: x\nAdvertisement\n" * (n // 28),
    "random-unicode": lambda r, n: "".join(chr(r.choice([r.randint(32, 0x2FF), r.randint(0x370, 0x52F), r.randint(0x4E00, 0x9FFF),
                                                          r.randint(0x1F300, 0x1F6FF), 0x200B, 0x202E, 10, 32])) for _ in range(n)),
    "control-chars": lambda r, n: "".join(r.choice(["a", "b", " ", "\x01", "\x07", "\x1b[31m", "\x0b", "\x7f"]) for _ in range(n)),
    "invisible-names": lambda r, n: ("Vladi\u200bmir Pu\u200dtin\u202e said on Tues\u2066day that Rus\u00adsia would help. " * (n // 70)),
    "mojibake": lambda r, n: ("The minister’s “statement” was naïve — Ã© â€™ â€œ " * (n // 50)),
    "markup-in-text": lambda r, n: ("<script>alert(1)</script><b>bold</b> &amp; &#x202e; {{x}} ${y} " * (n // 60)),
    "news": lambda r, n: (LEAD * (n // len(LEAD) + 1))[:n],
}


def hostile_text(rnd: random.Random, kind: str, n: int, tag: str) -> str:
    # A unique tag first: every input is a distinct document unless it is meant as a copy.
    return f"Case {tag}.\n\n" + TEXT_KINDS[kind](rnd, n)


def _size(rnd: random.Random, big: float = 0.04, huge: float = 0.004) -> int:
    x = rnd.random()
    if x < huge:
        return rnd.randint(1_000_000, 1_200_000)
    if x < big:
        return rnd.randint(100_000, 300_000)
    return int(10 ** rnd.uniform(2, 4.5))


# --- the corpus ----------------------------------------------------------------------------------

def generate(root: Path, n_inputs: int, seed: int, nlp_sizes: bool = False) -> Corpus:
    """``n_inputs`` inputs in proportions: 45% text files, 8% HTML, 5% PDF, 40% JSONL lines, 2% copies."""
    rnd = random.Random(seed)
    c = Corpus(root)
    size = (lambda: int(10 ** rnd.uniform(2, 4.2))) if nlp_sizes else (lambda: _size(rnd))
    n_txt, n_html, n_pdf = int(0.45 * n_inputs), int(0.08 * n_inputs), int(0.05 * n_inputs)
    n_copies = max(10, int(0.02 * n_inputs))
    n_special = _specials(c, rnd, nlp_sizes)
    n_jsonl = n_inputs - n_txt - n_html - n_pdf - n_copies - n_special
    kinds = list(TEXT_KINDS)
    for i in range(n_txt):
        kind = kinds[i % len(kinds)]
        text = hostile_text(rnd, kind, size(), f"t{i}")
        enc = rnd.random()
        if enc < 0.06:
            data = _encode(text, rnd)
            c.add("txt:encoding", f"t{i:05d}-{kind}.txt", data)
        elif enc < 0.10:
            data = _sprinkle(text.encode("utf-8"), rnd)
            c.add("txt:nul-bytes", f"t{i:05d}-{kind}.txt", data)
        elif enc < 0.12:
            c.add("txt:invisible-only", f"t{i:05d}.txt", "".join(rnd.choice(INVISIBLE) for _ in range(rnd.randint(1, 5000))))
        elif enc < 0.14:
            c.add("txt:binary", f"t{i:05d}.txt", rnd.randbytes(rnd.randint(1, 20_000)))
        elif enc < 0.15:
            c.add("txt:empty", f"t{i:05d}.txt", rnd.choice([b"", b"   \n\t ", b"\xef\xbb\xbf", b"\r\n\r\n"]))
        else:
            c.add(f"txt:{kind}", f"t{i:05d}-{kind}.txt", text.replace("\n", "\r\n") if rnd.random() < 0.05 else text)
    for i in range(n_html):
        c.add("html", f"h{i:05d}.html", _html(rnd, i, nlp_sizes))
    pdf = (EXAMPLES / "flood-report.pdf").read_bytes()
    for i in range(n_pdf):
        c.add("pdf", f"p{i:05d}.pdf", _pdf(rnd, pdf, i))
    # JSONL files of up to 400 lines; each line is an input
    line_no = 0
    while line_no < n_jsonl:
        k = min(n_jsonl - line_no, rnd.randint(50, 400))
        lines: list[str] = []
        while len(lines) < k and sum(map(len, lines)) < MAX_BYTES // 2:  # a file over the limit is one refusal
            lines.append(_jsonl_line(rnd, f"j{line_no + len(lines)}", nlp_sizes))
        k = len(lines)
        path = c.add("jsonl", f"j{line_no:05d}.jsonl", "\n".join(lines) + "\n")
        c.cases += [Case(f"{source_name(path)}:{j + 1}", "jsonl") for j in range(k)]
        line_no += k
    # exact copies of stored-looking text files, under other names
    originals = [x for x in c.cases if x.kind in ("txt:news", "txt:said-chains", "txt:mojibake", "txt:one-line")]
    for i in range(n_copies):
        orig = rnd.choice(originals)
        c.add("copies", f"copy{i:05d}.txt", (c.root / "txt" / Path(orig.source).name).read_bytes(), copy_of=orig.source)
    return c


def _specials(c: Corpus, rnd: random.Random, small: bool) -> int:
    """Inputs that are not ordinary files; returns how many cases they add."""
    before = len(c.cases)
    d = c.root / "special"
    d.mkdir(parents=True, exist_ok=True)
    os.mkfifo(d / "fifo.txt")
    c.cases.append(Case(str(d / "fifo.txt"), "special:fifo"))
    os.symlink(d / "missing-target.txt", d / "dangling.txt")
    c.cases.append(Case(str(d / "dangling.txt"), "special:dangling-symlink"))
    c.add("special:over-limit", "over-limit.txt", "The minister said. " * (MAX_BYTES // 19 + 100))
    c.add("special:pdf-as-txt", "report.txt", (EXAMPLES / "flood-report.pdf").read_bytes())
    for name in ("name with spaces.txt", "naïve-ñame.txt", "x" * 200 + ".txt", "-starts-with-dash.txt",
                 "semi;colon'quote\".txt", "tab\tname.txt"):
        c.add("special:odd-name", name, f"Case {name}: the minister said on Tuesday that talks would go on.")
    for name in ("new\nline.txt", "escape\x1b[31mred.txt", "bidi\u202eeman.txt"):  # empty: their error line is printed
        c.add("special:odd-name-refused", name, "")
    if not small:
        # one long report over spaCy's 1,000,000-character limit, and the two hang cases
        c.add("special:over-spacy-limit", "long-report.txt", _long_report(1_200_000))
        c.add("special:issue-quote-marks", "quote-marks-200k.txt", "Case q200k.\n\n" + '"' * 200_000)
        c.add("special:issue-base64", "base64-100k.txt", LEAD + base64.b64encode(rnd.randbytes(75_000)).decode() + "\n\n" + LEAD)
    return len(c.cases) - before


def _long_report(n: int) -> str:
    texts = [p.read_text("utf-8") for p in sorted((POLNEAR / "train" / "text").glob("*.txt"))] if POLNEAR.exists() else []
    body = "\n\n".join(texts) if texts else LEAD * (n // len(LEAD) + 1)
    while len(body) < n:
        body += "\n\n" + body
    return "Case long.\n\n" + body[:n]


def _encode(text: str, rnd: random.Random) -> bytes:
    enc = rnd.choice(["latin-1", "cp1252", "cp1250", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
    if enc in ("latin-1", "cp1252", "cp1250"):
        text = "Le président a déclaré que la coopération était naïve. " + text
    return text.encode(enc, errors="replace")


def _sprinkle(data: bytes, rnd: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rnd.randint(1, 5)):
        out.insert(rnd.randint(0, len(out)), 0)
    return bytes(out)


def _html(rnd: random.Random, i: int, small: bool) -> str:
    tag = f"<p>Case h{i}: the minister said on Tuesday that the talks would go on.</p>"
    article = "<article><h1>Talks go on</h1>" + tag + "".join(
        f"<p>{LEAD.strip()} Paragraph {k}.</p>" for k in range(rnd.randint(1, 12))) + "</article>"
    scale = 1 if small else rnd.choice([1, 1, 1, 5, 20])
    kind = i % 12
    if kind == 0:
        return "<html><body>" + "<div>" * (1000 * scale) + tag + "</div>" * (1000 * scale) + "</body></html>"
    if kind == 1:
        return ("<html><body>" + article + "".join(f'<a href="https://example.com/{k}">link {k}</a> '
                                                   for k in range(500 * scale)) + "</body></html>")
    if kind == 2:
        rows = "".join(f"<tr><td>District {k}</td><td>{rnd.randint(1, 10**6)}</td></tr>" for k in range(40 * scale))
        return f"<html><head><title>Results h{i}</title></head><body><table>{rows}</table></body></html>"
    if kind == 3:
        return f"<html><head><title>h{i}</title><script>var x = 1;</script></head><body><script>{'x++;' * 1000}</script></body></html>"
    if kind == 4:
        return "<html><body>" + "&amp;&lt;&#x202e;&#0;&nbsp;" * (2000 * scale) + tag + "</body></html>"
    if kind == 5:
        return "<html><body><p>" + "<b><i><u>" * 500 + tag + "<div><p><span>" * 300 + "</html>"
    if kind == 6:
        return ('<html><head><meta charset="utf-16"></head><body>' + article + "</body></html>")
    if kind == 7:
        return ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
                f"<html><body><p>&lol2;&lol2;</p>{article}</body></html>")
        # (an entity-expansion attempt: the HTML parser must not expand it)
    if kind == 8:
        return "<html><body><nav>" + " ".join(f"<a href='/{k}'>Menu {k} h{i}</a>" for k in range(50)) + "</nav></body></html>"
    if kind == 9:
        return "<html><body>" + article.replace("the talks", "the\u200b ta\u202elks") + "</body></html>"
    if kind == 10:
        return "<html><body><pre>" + TEXT_KINDS[rnd.choice(list(TEXT_KINDS))](rnd, 2000 * scale) + "</pre>" + article + "</body></html>"
    return "<html><head><title>Talks</title></head><body>" + article + "</body></html>"


def _pdf(rnd: random.Random, pdf: bytes, i: int) -> bytes:
    kind = i % 5
    if kind == 0:
        return pdf[: rnd.randint(10, len(pdf) - 1)]
    if kind == 1:
        out = bytearray(pdf)
        for _ in range(rnd.randint(1, 40)):
            out[rnd.randrange(len(out))] = rnd.randrange(256)
        return bytes(out)
    if kind == 2:
        return b"%PDF-1.7\n" + rnd.randbytes(rnd.randint(10, 50_000)) + b"\n%%EOF\n"
    if kind == 3:
        return b"%PDF-1.4\n" + b"1 0 obj << /Kids [1 0 R] /Type /Pages >> endobj\n" * 200 + b"trailer << /Root 1 0 R >>\n%%EOF\n"
    # a valid PDF with a unique comment appended before EOF (a distinct document each time)
    return pdf.replace(b"%%EOF", f"%case p{i}\n%%EOF".encode(), 1) if rnd.random() < 0.5 else pdf + f"\n%case p{i}\n".encode()


def _jsonl_line(rnd: random.Random, tag: str, small: bool) -> str:
    kind = rnd.randrange(12)
    n = int(10 ** rnd.uniform(2, 4.2)) if small else _size(rnd, big=0.01, huge=0.0)
    text = hostile_text(rnd, rnd.choice(list(TEXT_KINDS)), n, tag)
    if kind == 0:
        return "{not json " + tag
    if kind == 1:
        return "[" * 100_000 + "]" * 100_000
    if kind == 2:
        return json.dumps([text])
    if kind == 3:
        return json.dumps({"title": tag, "body": text})
    if kind == 4:
        return json.dumps({"html": f"<html><body><article><p>{text}</p></article></body></html>", "url": f"https://example.com/{tag}"})
    if kind == 5:
        return json.dumps({"text": text, "date": rnd.choice(["2019-02-30", "yesterday", "9999-99-99", "", "2019-03-28"]),
                           "title": INVISIBLE + tag, "outlet": "\u202eTASS"})
    if kind == 6:
        return json.dumps({"text": INVISIBLE * 3})
    if kind == 7:
        return json.dumps({"text": {"nested": text}})
    return json.dumps({"text": text, "url": f"https://example.com/2019/03/{tag}", "title": f"Report {tag}"})


# --- runs and the audit ---------------------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    returncodes: list[int]
    crash_lines: list[str]
    hung: bool
    kills: int = 0


CODED = re.compile(r"^error: .* \[E\d{3}\]$")
SUMMARY = re.compile(r"^\d+ new, \d+ already stored, \d+ failed -> ")


def run_ingest(src: Path, db: Path, cfg: Path, nlp: bool, bound: float, kill_at: list[float] | None = None) -> Run:
    """The CLI on ``src``; with ``kill_at``, SIGKILL it (and its workers) at those seconds into
    an attempt, then rerun until one attempt completes."""
    args = [EXE, "ingest", str(src), "--db", str(db), "--quiet", "--config", str(cfg)] + ([] if nlp else ["--no-nlp"])
    t0 = time.monotonic()
    codes: list[int] = []
    crash: list[str] = []
    kills = 0
    plan = list(kill_at or [])
    while True:
        remaining = bound - (time.monotonic() - t0)
        if remaining <= 0:
            return Run(time.monotonic() - t0, codes, crash, True, kills)
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            proc = subprocess.Popen(args, stdout=out, stderr=err, start_new_session=True)
            limit = plan.pop(0) if plan else remaining
            try:
                proc.wait(timeout=min(limit, remaining))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                if limit < remaining:
                    kills += 1
                    continue
                return Run(time.monotonic() - t0, codes, crash, True, kills)
            out.seek(0)
            err.seek(0)
            codes.append(proc.returncode)
            lines = out.read().splitlines() + err.read().splitlines()
            crash += [ln for ln in lines if ln.strip() and not CODED.match(ln) and not SUMMARY.match(ln)]
            if proc.returncode not in (0, 1):
                crash.append(f"exit code {proc.returncode}")
            return Run(time.monotonic() - t0, codes, crash, False, kills)


def audit(db: Path, corpus: Corpus) -> dict[str, object]:
    """Each input's outcome: stored, refused (its code), or already stored (read again here with
    the same reader, its document id is in the store); anything else is lost."""
    c = sqlite3.connect(db)
    docs = {r[0]: r[1] for r in c.execute("SELECT source, id FROM documents")}
    failures = {r[0]: r[1] for r in c.execute("SELECT source, code FROM failures")}
    ids = [r[0] for r in c.execute("SELECT id FROM documents")]
    stored_ids = set(ids)
    stored_by_source = collections.Counter(r[0] for r in c.execute("SELECT source FROM documents"))
    codes: collections.Counter[str] = collections.Counter()
    lost: list[str] = []
    duplicates = copies_recognised = 0
    by_kind: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    reread: dict[str, dict[str, str | None]] = {}
    for case in corpus.cases:
        if case.source in docs:
            outcome = "stored"
        elif case.source in failures:
            outcome = failures[case.source]
            codes[outcome] += 1
        elif case.kind == "jsonl" and case.source.rsplit(":", 1)[0] in failures:  # the whole file refused
            outcome = failures[case.source.rsplit(":", 1)[0]]
            codes[outcome] += 1
        else:
            path = case.source.rsplit(":", 1)[0] if case.kind == "jsonl" else case.source
            if path not in reread:
                reread[path] = {x.source: getattr(x, "id", None) for x in read_file(Path(path), MAX_BYTES)}
            if reread[path].get(case.source) in stored_ids:
                outcome = "already stored"
                duplicates += 1
                copies_recognised += int(case.copy_of is not None)
            else:
                outcome = "LOST"
                lost.append(case.source)
        kind = case.kind if not case.kind.startswith(("jsonl", "html", "pdf")) else case.kind.split(":")[0]
        by_kind[kind][outcome] += 1
    return {
        "inputs": len(corpus.cases), "stored": sum(1 for x in corpus.cases if x.source in docs), "refused": sum(codes.values()),
        "duplicates_recognised": duplicates, "copies_recognised": copies_recognised, "copies": sum(1 for x in corpus.cases if x.copy_of),
        "lost": lost, "codes": dict(sorted(codes.items())),
        "documents_stored_twice": len(ids) - len(set(ids)) + sum(v - 1 for v in stored_by_source.values() if v > 1),
        "by_kind": {k: dict(v) for k, v in sorted(by_kind.items())},
    }


def store_signature(db: Path) -> tuple[object, ...]:
    c = sqlite3.connect(db)
    q = lambda sql: sorted(c.execute(sql).fetchall())  # noqa: E731
    docs = q("SELECT id, source, date, date_status, outlet, language, title FROM documents")
    text = hashlib.sha256("".join(r[0] for r in c.execute("SELECT clean_text FROM documents ORDER BY id")).encode(
        "utf-8", "surrogatepass")).hexdigest()
    rows = {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("timexes", "links", "agencies", "date_evidence", "quotes", "events", "mentions", "entities")}
    return docs, text, rows, q("SELECT source, code FROM failures")


# --- main -------------------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--inputs", type=int, default=10_000)
    ap.add_argument("--nlp-inputs", type=int, default=300)
    ap.add_argument("--bound", type=float, default=3600.0, help="seconds a run may take before it counts as a hang")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--skip-kill", action="store_true")
    ap.add_argument("--skip-nlp", action="store_true")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cg-robust-"))
    report: dict[str, object] = {}
    try:
        cfg = work / "cfg.toml"
        cfg.write_text(f"[ingest]\nmax_bytes = {MAX_BYTES}\nbatch_size = 16\n[nlp]\nn_process = 2\nbatch_size = 8\n")
        t = time.monotonic()
        bulk = generate(work / "bulk", args.inputs, args.seed)
        print(f"generated {len(bulk.cases)} inputs in {time.monotonic() - t:.0f} s", flush=True)
        run_a = run_ingest(work / "bulk", work / "a.db", cfg, nlp=False, bound=args.bound)
        report["bulk"] = {"run": run_a.__dict__, "audit": audit(work / "a.db", bulk)}
        print("bulk:", _line(run_a, report["bulk"]["audit"]), flush=True)  # type: ignore[index]
        if not args.skip_kill:
            # two kills, at 35% and 30% of a full run's time, then resumes until one completes
            kills = [0.35 * run_a.seconds, 0.30 * run_a.seconds]
            run_b = run_ingest(work / "bulk", work / "b.db", cfg, nlp=False, bound=args.bound, kill_at=kills)
            same = store_signature(work / "a.db") == store_signature(work / "b.db")
            report["kill"] = {"run": run_b.__dict__, "audit": audit(work / "b.db", bulk), "identical_to_uninterrupted": same}
            print("kill -9 x2 + resume:", _line(run_b, report["kill"]["audit"]), "identical:", same, flush=True)  # type: ignore[index]
        if not args.skip_nlp:
            nlp_corpus = generate(work / "nlp", args.nlp_inputs, args.seed + 1, nlp_sizes=True)
            nlp_corpus.add("special:over-spacy-limit", "long-report.txt", _long_report(1_200_000))
            run_n = run_ingest(work / "nlp", work / "n.db", cfg, nlp=True, bound=args.bound)
            n_audit = audit(work / "n.db", nlp_corpus)
            c = sqlite3.connect(work / "n.db")
            long_row = c.execute("SELECT id, length(clean_text) FROM documents WHERE source LIKE '%long-report.txt'").fetchone()
            long_quotes = c.execute("SELECT count(*) FROM quotes WHERE doc_id = ?", (long_row[0],)).fetchone()[0] if long_row else 0
            report["nlp"] = {"run": run_n.__dict__, "audit": n_audit, "long_report": {
                "chars": long_row[1] if long_row else None, "quotes": long_quotes}}
            print("nlp:", _line(run_n, n_audit), "long report:", report["nlp"]["long_report"], flush=True)  # type: ignore[index]
        print(json.dumps(report, indent=1, default=str)[:6000])
        if args.write:
            replace_section(RESULTS_PATH, HEADING, _section(report, args))
            print(f"wrote {HEADING} to {RESULTS_PATH}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _line(run: Run, a: dict[str, object]) -> str:
    return (f"{a['inputs']} inputs, {run.seconds:.0f} s, exit codes {run.returncodes}, crashes {len(run.crash_lines)}, "
            f"hung {run.hung}, lost {len(a['lost'])}, stored twice {a['documents_stored_twice']}, "  # type: ignore[arg-type]
            f"stored {a['stored']}, refused {a['refused']}, copies recognised {a['duplicates_recognised']}")


def _section(report: dict[str, object], args: argparse.Namespace) -> str:
    cmd = "`.venv/bin/python bench/robustness.py --write`"
    if args.inputs != 10_000 or args.nlp_inputs != 300:
        cmd = f"`.venv/bin/python bench/robustness.py --inputs {args.inputs} --nlp-inputs {args.nlp_inputs} --write`"
    out = [f"{dt.date.today().isoformat()}, command: {cmd} (2 CPUs shared with other jobs; the ingest runs as the CLI "
           "with `nlp.n_process = 2`, `ingest.max_bytes = 3000000`; inputs generated with a fixed seed).", ""]
    out.append("| run | inputs | wall time | crashes | hangs | losses | stored twice | stored | refused (coded line) | copies recognised |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    names = {"bulk": "A: bulk, NLP off", "kill": "B: same inputs, kill -9 twice + resume", "nlp": "C: NLP on"}
    for key, label in names.items():
        if key not in report:
            continue
        r = report[key]
        run, a = r["run"], r["audit"]  # type: ignore[index]
        crashes = len(run["crash_lines"]) + sum(1 for x in run["returncodes"] if x not in (0, 1))
        out.append(f"| {label} | {a['inputs']} | {run['seconds']:.0f} s | {crashes} | {int(run['hung'])} | {len(a['lost'])} | "
                   f"{a['documents_stored_twice']} | {a['stored']} | {a['refused']} | {a['duplicates_recognised']} |")
    out.append("")
    if "kill" in report:
        k = report["kill"]
        out.append(f"Run B was killed with SIGKILL (the CLI and its worker processes) {k['run']['kills']} times part-way and "  # type: ignore[index]
                   f"rerun until it completed; its store equals run A's (documents, clean texts, failures and row counts "
                   f"of every table): **{k['identical_to_uninterrupted']}**.")  # type: ignore[index]
        out.append("")
    a = report["bulk"]["audit"]  # type: ignore[index]
    out.append("Refusals in run A by code: " + ", ".join(f"{k} {v}" for k, v in a["codes"].items()) + ".")  # type: ignore[index]
    out.append("")
    out.append("Outcome by kind of input (run A):")
    out.append("")
    out.append("| kind | outcomes |")
    out.append("|---|---|")
    for kind, outcomes in a["by_kind"].items():  # type: ignore[index]
        out.append(f"| {kind} | " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())) + " |")
    if "nlp" in report:
        n = report["nlp"]
        out.append("")
        out.append(f"Run C includes one report of 1,200,000 characters (over spaCy's 1,000,000 limit): stored with "
                   f"{n['long_report']['chars']} clean characters and {n['long_report']['quotes']} quotations, "  # type: ignore[index]
                   "annotated in pieces of at most 40,000 characters.")
    out.append("")
    out.append("Crashes: an exit code other than 0 or 1, or any output line other than a coded `error: SOURCE: ... [Ennn]` "
               "line or the summary line. Hangs: a run over its bound (1 hour). Losses: an input neither stored, nor "
               "refused with a code, nor an exact copy of a stored input. Stored twice: the same document (or source) "
               "stored twice, or a copy stored as new. Per-document time budgets (E015) are part of the refusals.")
    return "\n".join(out)


if __name__ == "__main__":
    main()
