"""Benchmark: time per MB of the whole ``vnextract.extract`` on adversarial strings and on
normal text (the dev texts), and peak memory of a 10 MB document.

A script, not a test. From the project root::

    PYTHONPATH=src python benchmarks/bench_adversarial.py [SIZE_MB] [--big MB]
    PYTHONPATH=src python benchmarks/bench_adversarial.py --only-big --big 10 [--without money]

Each adversarial string (``vnextract.normalize.adversarial``) is timed at SIZE/4 and
SIZE (default 1 MB); a ratio near 4 means linear time, near 16 quadratic.  Then the
dev texts are joined into one document of 10 MB (``--big``) and extracted in a child
process whose peak RSS is reported next to the input size.  Per-extractor times of
the slow strings help find the pattern at fault.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from vnextract import Pipeline
from vnextract.normalize.adversarial import ADVERSARIAL

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "dev.jsonl"


def _time(nlp: Pipeline, text: str) -> float:
    t = time.perf_counter()
    nlp.extract(text)
    return time.perf_counter() - t


def _per_extractor(text: str) -> dict[str, float]:
    out = {}
    for name in Pipeline().extractors:
        out[name] = _time(Pipeline(extractors=[name]), text)
    out["(normalise only)"] = _time(Pipeline(extractors=[]), text)
    return out


def _dev_text() -> str:
    return "\n\n".join(json.loads(line)["text"] for line in DEV.open(encoding="utf-8"))


def _peak_rss(mb: float, extractors: list[str] | None = None) -> None:
    code = (
        "import json,resource,sys,time\n"
        "from vnextract import Pipeline\n"
        f"dev='\\n\\n'.join(json.loads(l)['text'] for l in open({str(DEV)!r},encoding='utf-8'))\n"
        f"text=(dev*(int({mb}*2**20/len(dev.encode()))+1))\n"
        f"text=text[:int(len(text)*{mb}*2**20/len(text.encode()))]\n"
        "base=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        f"t=time.perf_counter(); d=Pipeline(extractors={extractors!r}).extract(text); t=time.perf_counter()-t\n"
        "peak=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "n=sum(len(getattr(d,f)) for f in ('officials','organisations','dates','directives','money','locations'))\n"
        f"print({'extractors ' + str(extractors or 'all') + ':'!r}, end=' ')\n"
        "print(f'{len(text.encode())/2**20:.1f} MB, {len(text)} chars: {t:.1f} s, {n} records, '\n"
        "      f'peak RSS {peak/1024:.0f} MB (before extraction {base/1024:.0f} MB)')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def main(argv: list[str]) -> None:
    size_mb = float(argv[0]) if argv and not argv[0].startswith("--") else 1.0
    big = float(argv[argv.index("--big") + 1]) if "--big" in argv else 10.0
    only_big = "--only-big" in argv
    without = argv[argv.index("--without") + 1].split(",") if "--without" in argv else []
    if only_big:
        names = [n for n in Pipeline().extractors if n not in without] if without else None
        _peak_rss(big, names)
        return
    nlp = Pipeline()
    nlp.extract("warm up: Chỉ thị số 40-CT/TW ngày 14/6/2024, 4.321 tỷ đồng")
    n = int(size_mb * 2**20)
    print(f"{'input':<22}{'s/MB (1/4)':>12}{'s/MB (full)':>12}{'ratio':>8}")
    slow = []
    for name, build in ADVERSARIAL.items():
        small, full = build(n // 4), build(n)
        ts, tf = _time(nlp, small), _time(nlp, full)
        mb_s, mb_f = len(small.encode()) / 2**20, len(full.encode()) / 2**20
        print(f"{name:<22}{ts / mb_s:>12.2f}{tf / mb_f:>12.2f}{tf / max(ts, 1e-6):>8.1f}", flush=True)
        if tf / mb_f > 5:
            slow.append((name, build(n // 4)))
    dev = _dev_text()
    td = _time(nlp, dev)
    mb = len(dev.encode()) / 2**20
    print(f"{'dev texts (normal)':<22}{'':>12}{td / mb:>12.2f}{'':>8}   ({mb:.2f} MB)")
    for name, text in slow:
        times = _per_extractor(text)
        print(f"  {name} (1/4 size) per extractor: " + ", ".join(f"{k} {v:.2f}s" for k, v in times.items()))
    _peak_rss(big)


if __name__ == "__main__":
    main(sys.argv[1:])
