"""Packaged default config; a user file overrides keys; validated before the first document."""

from __future__ import annotations

import copy
import os
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ClaimgraphError, E

ENV_VAR = "CLAIMGRAPH_CONFIG"


def _defaults() -> dict[str, Any]:
    text = resources.files("claimgraph").joinpath("default_config.toml").read_text("utf-8")
    return tomllib.loads(text)


def _merge(base: dict[str, Any], over: dict[str, Any], path: str = "") -> None:
    for key, value in over.items():
        where = f"{path}{key}"
        if key not in base:
            raise ClaimgraphError(E.E020, detail=f"unknown key '{where}'")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ClaimgraphError(E.E020, detail=f"'{where}' must be a table")
            _merge(base[key], value, where + ".")
        else:
            expected = type(base[key])
            if expected is int and isinstance(value, bool) or not isinstance(value, expected):
                raise ClaimgraphError(
                    E.E020, detail=f"'{where}' must be {expected.__name__}, got {type(value).__name__}"
                )
            base[key] = value


def _validate(cfg: dict[str, Any]) -> None:
    from .ingest.clean import STEPS  # late import: clean imports nothing from here

    unknown = [s for s in cfg["clean"]["steps"] if s not in STEPS]
    if unknown:
        raise ClaimgraphError(E.E020, detail=f"unknown clean step(s) {unknown}; known: {sorted(STEPS)}")
    if cfg["ingest"]["max_bytes"] <= 0:
        raise ClaimgraphError(E.E020, detail="ingest.max_bytes must be positive")
    if cfg["ingest"]["batch_size"] <= 0 or cfg["nlp"]["batch_size"] <= 0:
        raise ClaimgraphError(E.E020, detail="batch sizes must be positive")
    if cfg["nlp"]["n_process"] < 0:
        raise ClaimgraphError(E.E020, detail="nlp.n_process must be >= 0 (0: every CPU this process may use)")
    if cfg["engine"]["ray_window"] < 1 or cfg["engine"]["ray_window_chars"] < 1:
        raise ClaimgraphError(E.E020, detail="engine.ray_window and engine.ray_window_chars must be positive")


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, as containers and `taskset` set it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


_one_thread_in = [0]  # the process whose BLAS has been limited to one thread


def one_blas_thread() -> None:
    """One BLAS thread in this process (once per process: a forked or spawned worker sets its
    own). The engines run one worker per core (the pool, spaCy's ``n_process``, Ray); OpenBLAS's
    own threads in each worker fight over the same cores, and spin while they wait. With them,
    spaCy ran PolNeAR at 0.58x of spaCy alone instead of 0.96x, and two workers reading HTML
    pages (py3langid's products) each spent twice the CPU time per page of one."""
    if _one_thread_in[0] == os.getpid():
        return
    import numpy  # noqa: F401 - loads its OpenBLAS: threadpoolctl limits only the libraries loaded
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    _one_thread_in[0] = os.getpid()


def worker_count(cfg: dict[str, Any] | None) -> int:
    """``nlp.n_process``, with 0 read as every usable CPU."""
    n = cfg["nlp"]["n_process"] if cfg else 1
    return n if n > 0 else usable_cpus()


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then the user's file (explicit path, else $CLAIMGRAPH_CONFIG), then overrides."""
    cfg = copy.deepcopy(_defaults())
    path = path or os.environ.get(ENV_VAR)
    if path:
        try:
            user = tomllib.loads(Path(path).read_text("utf-8"))
        except FileNotFoundError:
            raise ClaimgraphError(E.E020, detail=f"config file {path} not found") from None
        except tomllib.TOMLDecodeError as exc:
            raise ClaimgraphError(E.E020, detail=f"{path}: {exc}") from None
        _merge(cfg, user)
    if overrides:
        _merge(cfg, overrides)
    _validate(cfg)
    return cfg
