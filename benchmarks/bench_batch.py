"""Throughput and memory of vnextract at archive scale (a script, not a test).

Prints:

1. single-process characters/s of ``Pipeline.extract`` on the dev texts
   (``../shared/corpora/dev.jsonl``, read at run time) and on a synthetic archive
   generated here from our own templates;
2. ``vnextract extract`` over the synthetic archive with 1 and 2 workers: wall
   time, characters/s and the speed-up;
3. peak RSS of the main process and of each worker, at 1x and at 10x the input
   (it must stay flat: memory is bounded by the in-flight window, not the archive).

Run from the project root::

    PYTHONPATH=src python benchmarks/bench_batch.py            # ~1-3 minutes
    PYTHONPATH=src python benchmarks/bench_batch.py --docs 500  # quicker

The machine should be otherwise idle for the scaling figures to mean anything.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpora" / "dev.jsonl"

# --- a synthetic archive from our own templates ------------------------------------

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Ngọc", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Long", "Mai", "Nam", "Sơn"]
PROVINCES = ["Hưng Yên", "Nam Định", "Thanh Hóa", "Nghệ An", "Quảng Ninh", "Lâm Đồng", "Cà Mau"]
TITLES = [
    "Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh", "Bí thư Tỉnh ủy", "Phó Bí thư Thường trực Tỉnh ủy",
    "Giám đốc Sở Tài chính", "Chủ tịch HĐND tỉnh", "Trưởng Ban Tuyên giáo Tỉnh ủy",
    "Giám đốc Chi nhánh NHCSXH tỉnh",
]  # fmt: skip
BODIES = [
    "Bộ Tài chính", "Bộ Kế hoạch và Đầu tư", "Ngân hàng Nhà nước Việt Nam", "Ban Bí thư Trung ương Đảng",
    "Ủy ban MTTQ Việt Nam tỉnh", "Hội Nông dân tỉnh", "Sở Giáo dục và Đào tạo", "Kho bạc Nhà nước",
]  # fmt: skip
TEMPLATES = [
    "Ngày {d}/{m}/{y}, {body} tổ chức hội nghị sơ kết {n} tháng thực hiện {doc}.",
    "Dự hội nghị có đồng chí {name}, {title} {prov}.",
    "Phát biểu tại hội nghị, ông {name}, {title}, đề nghị các sở, ngành tập trung triển khai {doc}.",
    "Tổng nguồn vốn đến ngày {d}/{m}/{y} đạt {n}.{k} tỷ đồng, tăng {p},{q}% so với đầu năm.",
    "Trong quý {quarter}/{y}, toàn tỉnh {prov} đã giải ngân {n} tỷ đồng cho {k} hộ nghèo.",
    "Theo báo cáo của {body}, dư nợ quá hạn chiếm {p},{q}% tổng dư nợ.",
    "Giai đoạn {y0}-{y}, {body} đã hỗ trợ khoảng {n} triệu USD cho các dự án ở {prov}.",
    "Bà {name}, {title}, cho biết trong tháng {m}/{y} sẽ hoàn thành {n} công trình.",
    "Căn cứ {doc}, UBND tỉnh {prov} ban hành kế hoạch số {k}/KH-UBND ngày {d}/{m}/{y}.",
    "Hội nghị đã khen thưởng {n} tập thể và {k} cá nhân có thành tích xuất sắc.",
]  # fmt: skip
DOCS = [
    "Chỉ thị số {n}-CT/TW của Ban Bí thư", "Nghị quyết số {n}-NQ/TW", "Nghị định số {n}/{y}/NĐ-CP",
    "Quyết định số {k}/QĐ-TTg của Thủ tướng Chính phủ", "Luật số {n}/{y}/QH15",
    "Thông tư số {n}/{y}/TT-BTC",
]  # fmt: skip


def synthetic_document(rng: random.Random) -> str:
    """A news-like document of 8-30 sentences from the templates."""
    sentences = []
    for _ in range(rng.randint(8, 30)):
        y = rng.randint(2014, 2025)
        values = {
            "d": rng.randint(1, 28), "m": rng.randint(1, 12), "y": y, "y0": y - rng.randint(1, 10),
            "n": rng.randint(2, 999), "k": rng.randint(1, 999), "p": rng.randint(1, 99),
            "q": rng.randint(0, 9), "quarter": rng.choice(["I", "II", "III", "IV"]),
            "body": rng.choice(BODIES), "title": rng.choice(TITLES), "prov": rng.choice(PROVINCES),
            "name": f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
        }  # fmt: skip
        values["doc"] = rng.choice(DOCS).format(**values)
        sentences.append(rng.choice(TEMPLATES).format(**values))
    return " ".join(sentences)


def write_archive(path: Path, docs: int, seed: int = 7) -> int:
    """A gzip JSONL archive of ``docs`` synthetic documents; returns its characters."""
    rng = random.Random(seed)
    chars = 0
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as f:
        for i in range(docs):
            text = synthetic_document(rng)
            chars += len(text)
            published = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-15"
            f.write(json.dumps({"id": f"s{i}", "text": text, "published": published},
                               ensure_ascii=False) + "\n")  # fmt: skip
    return chars


# --- measurements --------------------------------------------------------------------


def chars_per_second(fn: object, texts: list[str], min_seconds: float = 3.0) -> float:
    """Characters per CPU second of ``fn(text)`` over ``texts`` (repeated for at least
    ``min_seconds`` of CPU).  CPU time, not wall time: the figure then does not
    depend on what else the machine is running."""
    total = sum(map(len, texts))
    done, start = 0, time.process_time()
    while True:
        for text in texts:
            fn(text)  # type: ignore[operator]
        done += total
        elapsed = time.process_time() - start
        if elapsed >= min_seconds:
            return done / elapsed


def run_cli(archive: Path, workers: int, out: Path) -> dict[str, float]:
    """Run ``vnextract extract`` and watch the RSS of its processes."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    args = [sys.executable, "-m", "vnextract", "extract", str(archive), "--workers", str(workers),
            "-o", str(out), "--errors", str(out) + ".errors"]  # fmt: skip
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stderr=subprocess.PIPE, text=True)
    main = psutil.Process(proc.pid)
    peak: dict[int, int] = {}
    cpu: dict[int, float] = {}  # last CPU seconds seen per process
    first: tuple[float, int] | None = None  # when output first appeared, and its size
    while proc.poll() is None:
        size = out.stat().st_size if out.exists() else 0
        if first is None and size > 0:
            first = (time.perf_counter(), size)
        try:
            for p in [main, *main.children(recursive=True)]:
                try:
                    rss = p.memory_info().rss
                    times = p.cpu_times()
                except psutil.Error:
                    continue
                peak[p.pid] = max(peak.get(p.pid, 0), rss)
                cpu[p.pid] = times.user + times.system
        except psutil.Error:
            pass
        time.sleep(0.05)
    end = time.perf_counter()
    wall = end - start
    # steady state: output bytes/s after the first output (start-up of workers excluded)
    steady = 0.0
    if first is not None and end > first[0]:
        steady = (out.stat().st_size - first[1]) / (end - first[0])
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"extract failed ({proc.returncode}): {stderr}")
    workers_rss = [rss for pid, rss in peak.items() if pid != proc.pid]
    # resource trackers and the like are small; the workers are the big children
    workers_rss = sorted(workers_rss, reverse=True)[: max(workers, 0)] if workers > 1 else []
    busiest = max(cpu.values(), default=0.0)
    return {
        "wall": wall,
        "steady": steady,
        "cpu_total": sum(cpu.values()),
        "cpu_busiest": busiest,
        "cpu_main": cpu.get(proc.pid, 0.0),
        "main_rss": peak.get(proc.pid, 0) / 2**20,
        "worker_rss": max(workers_rss, default=0) / 2**20,
        "summary": stderr.strip().splitlines()[-1] if stderr.strip() else "",  # type: ignore[dict-item]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--docs", type=int, default=1000, help="documents in the 1x archive")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    import vnextract
    from vnextract import Pipeline

    nlp = Pipeline()
    print(f"vnextract {vnextract.__version__}, extractors: {', '.join(nlp.extractors) or '(none)'}")
    print(f"cores: {psutil.cpu_count()}, load average: {os.getloadavg()[0]:.2f} "
          "(single-process figures are per CPU second; wall-clock ones depend on the load)")

    dev = [json.loads(line)["text"] for line in DEV.open(encoding="utf-8")] if DEV.exists() else []
    nlp.extract(dev[0] if dev else "khởi động")  # load the extractors before timing
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        one, ten = folder / "archive-1x.jsonl.gz", folder / "archive-10x.jsonl.gz"
        chars_1x = write_archive(one, args.docs)
        chars_10x = write_archive(ten, 10 * args.docs, seed=11)
        rng = random.Random(3)
        sample = [synthetic_document(rng) for _ in range(200)]

        print("\n1. single-process Pipeline.extract")
        if dev:
            print(f"   dev texts ({len(dev)} docs, {sum(map(len, dev)):,} chars): "
                  f"{chars_per_second(nlp.extract, dev):,.0f} chars/s")  # fmt: skip
        ours_syn = chars_per_second(nlp.extract, sample)
        print(f"   synthetic ({len(sample)} docs, {sum(map(len, sample)):,} chars): "
              f"{ours_syn:,.0f} chars/s")  # fmt: skip

        # (the comparison with underthesea's ner() is benchmarks/bench_ner.py's job)

        print(f"\n2. vnextract extract over the synthetic archive, 10x ({10 * args.docs:,} docs, "
              f"{chars_10x:,} chars)")  # fmt: skip
        runs = {}
        for workers in (1, 2):
            r = run_cli(ten, workers, folder / f"out-{workers}.jsonl")
            runs[workers] = r
            print(f"   {workers} worker(s): {r['wall']:.1f} s wall, "
                  f"{chars_10x / r['wall']:,.0f} chars/s end to end; {r['summary']}")  # fmt: skip
        for workers, r in runs.items():
            print(f"   {workers} worker(s): CPU {r['cpu_total']:.1f} s in all, "
                  f"{r['cpu_busiest']:.1f} s in the busiest process, "
                  f"{r['cpu_main']:.1f} s in the main one")  # fmt: skip
        print(f"   speed-up 1 -> 2 workers: {runs[1]['wall'] / runs[2]['wall']:.2f}x end to end, "
              f"{runs[2]['steady'] / max(runs[1]['steady'], 1e-9):.2f}x after start-up (wall clock)")
        # on a busy machine the wall clock measures the neighbours; the CPU time of the
        # busiest process is the critical path the run would take on idle cores
        print(f"   speed-up from CPU time (idle cores): "
              f"{runs[1]['cpu_busiest'] / max(runs[2]['cpu_busiest'], 1e-9):.2f}x; "
              f"parallel overhead {runs[2]['cpu_total'] / max(runs[1]['cpu_total'], 1e-9) - 1:+.0%} CPU")
        same = (folder / "out-1.jsonl").read_bytes() == (folder / "out-2.jsonl").read_bytes()
        print(f"   outputs identical: {same}")

        print(f"\n3. memory with 2 workers, 1x ({chars_1x:,} chars) and 10x input")
        small = run_cli(one, 2, folder / "out-1x.jsonl")
        for label, r in (("1x", small), ("10x", runs[2])):
            print(f"   {label:>3}: peak RSS main {r['main_rss']:.0f} MB, "
                  f"per worker {r['worker_rss']:.0f} MB; {r['wall']:.1f} s")  # fmt: skip
        growth = runs[2]["worker_rss"] / max(small["worker_rss"], 1e-9)
        print(f"   worker RSS 10x / 1x: {growth:.2f}; main RSS 10x / 1x: "
              f"{runs[2]['main_rss'] / max(small['main_rss'], 1e-9):.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
