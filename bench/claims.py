"""Claims at scale: pipeline throughput with events, and the cross-document pass at 1x and 4x.

1. Throughput: the full claimgraph pipeline (entities, attribution tagger, quotations, events)
   against spaCy alone with the same model, both through ``nlp.pipe(n_process=2)`` on the
   PolNeAR dev texts (2 CPUs). Goal: >= 0.5x spaCy alone.
2. The linking pass (``link.claims.link_new``) timed on its own: a store is built once from
   the PolNeAR dev and test texts (1x), its claims linked from scratch; then the store's
   documents, events and claims are copied three more times under new ids (4x, each copy a
   distinct document) and linked from scratch again. Linear means about 4x the time, not 16x.

    .venv/bin/python bench/claims.py [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import polnear  # noqa: E402
from quotes import RESULTS_PATH, replace_section  # noqa: E402

COMMAND = ".venv/bin/python bench/claims.py --write"
HEADING = "## Claims: throughput with events, and the cross-document pass"


def texts(splits: tuple[str, ...]) -> list[str]:
    out = []
    for split in splits:
        out += [a.text for a in polnear.load_split(split)]
    return out


def throughput(docs: list[str]) -> dict[str, float]:
    import spacy

    from claimgraph.nlp.pipeline import MODEL, load_pipeline

    nlp = load_pipeline()
    list(nlp.pipe(docs[:4]))  # warm
    t0 = time.perf_counter()
    events = sum(len(d._.cg_events or []) for d in nlp.pipe(docs, n_process=2, batch_size=8))
    full = time.perf_counter() - t0
    bare = spacy.load(MODEL)
    t0 = time.perf_counter()
    sum(1 for _ in bare.pipe(docs, n_process=2, batch_size=8))
    alone = time.perf_counter() - t0
    return {"docs": len(docs), "events": events, "full_s": full, "spacy_s": alone}


def build_store(docs: list[str], path: Path) -> None:
    from claimgraph.config import load_config
    from claimgraph.engine.local import ingest
    from claimgraph.nlp.pipeline import load_pipeline
    from claimgraph.store.db import Store

    folder = path.parent / "texts"
    folder.mkdir(exist_ok=True)
    for i, text in enumerate(docs):
        (folder / f"{i:04d}.txt").write_text(text, "utf-8")
    cfg = load_config(overrides={"link": {"enabled": False}, "ingest": {"batch_size": 64}})
    with Store(path) as store:
        ingest([str(folder)], store, cfg, nlp=load_pipeline())


def replicate(conn: sqlite3.Connection, copies: int) -> None:
    """Copy documents, events and claims ``copies`` times under new ids (distinct documents)."""
    conn.execute("BEGIN")
    for k in range(1, copies + 1):
        conn.execute("INSERT INTO documents (id, source, format, title, language, outlet, url, date, date_status,"
                     " date_window_start, date_window_end, date_note, raw_text, clean_text, offsets, cleaning, meta,"
                     " ingested_at) SELECT id || ?, source || ?, format, title, language, outlet, url, date, date_status,"
                     " date_window_start, date_window_end, date_note, raw_text || ?, clean_text, offsets, cleaning, meta,"
                     " ingested_at FROM documents WHERE id NOT LIKE '%-copy%'", (f"-copy{k}", f"#copy{k}", f"\n[copy {k}]"))
        base = conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]
        conn.execute(f"INSERT INTO events SELECT id + {base}, doc_id || '-copy{k}', type, mode, lemma, trigger, start, \"end\","
                     " sentence_start, sentence_end, raw_start, raw_end, actor_id, actor, target_id, target, object, object_id,"
                     " polarity, modality, time, time_start, time_end, time_source, NULL, asserter_id, asserter, provenance, how"
                     " FROM events WHERE doc_id NOT LIKE '%-copy%'")
        cbase = conn.execute("SELECT coalesce(max(id), 0) FROM claims").fetchone()[0]
        conn.execute(f"INSERT INTO claims SELECT id + {cbase}, event_id + {base},"
                     f" doc_id || '-copy{k}', key, subject_id, predicate, type, mode, object_id, object, target_id, polarity,"
                     " modality, window_start, window_end, asserter_id, asserter, provenance, reported, linked"
                     " FROM claims WHERE doc_id NOT LIKE '%-copy%'")
    conn.execute("COMMIT")


def time_link(conn: sqlite3.Connection) -> dict[str, float]:
    from claimgraph.link.claims import link_new

    conn.execute("DELETE FROM claim_links")
    conn.execute("UPDATE claims SET linked = 0")
    n = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    t0 = time.perf_counter()
    counts = link_new(conn, embeddings=True)
    seconds = time.perf_counter() - t0
    return {"claims": n, "seconds": seconds, **{k: float(v) for k, v in counts.items() if k != "claims"}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help=f"write the section to {RESULTS_PATH.name}")
    args = ap.parse_args(argv)
    tp = throughput(texts(("dev",)))
    ratio = tp["spacy_s"] / tp["full_s"]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "claims.db"
        build_store(texts(("dev", "test")), db)
        from claimgraph.store.db import Store

        with Store(db) as store:
            from claimgraph.link.embed import embed

            embed(["warm the model up"])  # loading the model is not the pass
            one = time_link(store.conn)
            replicate(store.conn, 3)
            four = time_link(store.conn)
    lines = [
        f"{dt.date.today().isoformat()}. Command: `{COMMAND}`",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| full pipeline with events, `nlp.pipe(n_process=2)`, PolNeAR dev ({tp['docs']} texts) | "
        f"{tp['docs'] / tp['full_s']:.2f} docs/s ({tp['events']} events) |",
        f"| spaCy alone, same model, same call | {tp['docs'] / tp['spacy_s']:.2f} docs/s |",
        f"| ratio (goal >= 0.5x) | **{ratio:.2f}x** |",
        f"| linking pass, 1x (PolNeAR dev+test): claims, candidate pairs, seconds | {one['claims']:.0f}, "
        f"{one['pairs']:.0f}, {one['seconds']:.2f} s |",
        f"| linking pass, 4x (the same store copied to 4 distinct documents each): claims, pairs, seconds | "
        f"{four['claims']:.0f}, {four['pairs']:.0f}, {four['seconds']:.2f} s |",
        f"| time 4x / 1x (linear = 4; quadratic = 16) | **{four['seconds'] / max(one['seconds'], 1e-9):.1f}** |",
        f"| labels at 1x: agree / contradict / change | {one['agree']:.0f} / {one['contradict']:.0f} / {one['change']:.0f} |",
        "",
        "The linking pass compares each new claim only with stored claims of the same key (PLOVER type and actor, "
        "indexed), at most `link.max_candidates` (200) of them, and embeds each candidate pair's sentences "
        "(all-MiniLM-L6-v2, loaded before timing). The 4x copies are exact copies under new ids, the worst case for "
        "candidate lists, so pairs grow faster than claims until the candidate cap holds them.",
    ]
    body = "\n".join(lines)
    print(body)
    if args.write:
        replace_section(RESULTS_PATH, HEADING, body)
        print(f"updated section '{HEADING}' in {RESULTS_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
