"""Matrix products through NumPy's BLAS (OpenBLAS) instead of thinc's bundled BLIS.

thinc's ``NumpyOps.gemm`` calls the ``blis`` package. On the CPUs we measured (AMD EPYC,
AVX2) BLIS runs the float32 products of the tok2vec and tagger layers at about a third of
the speed of the OpenBLAS that NumPy ships with: 102 against 37 ms for a 30000x288 by 288x192
product on one thread (``bench/throughput.py`` records the effect on the whole pipeline).
Every other operation stays thinc's own, and the annotations do not change: tags, arcs,
entities and sentences were identical on all 81,742 tokens of PolNeAR dev.

No library offers this (thinc ships ops for Apple, CuPy and big-endian machines only), so it is
one overridden method. The parser's per-state steps call BLIS from Cython and are untouched.
"""

from __future__ import annotations

from typing import Any

import numpy
from thinc.api import NumpyOps

from ..config import one_blas_thread


class BlasOps(NumpyOps):
    """thinc's NumpyOps with ``gemm`` routed to ``numpy.matmul`` (OpenBLAS)."""

    name = "numpy"  # serialised configs and checks that test the name see plain numpy ops

    def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
        one_blas_thread()
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out


_OPS = BlasOps()


def use_blas(nlp: Any) -> Any:
    """Give every thinc model of ``nlp``'s pipes the BLAS-backed ops; returns ``nlp``."""
    for _name, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps:  # leave GPU or other ops a user chose alone
                node.ops = _OPS
    return nlp
