"""vnextract.dask on a local ``distributed`` cluster of 2 worker processes: the same
Documents and tables as ``Pipeline.pipe``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pandas as pd  # noqa: E402

from vnextract import Document, ErrorRecord, Pipeline  # noqa: E402
from vnextract.dask import to_frame, to_frames, to_records  # noqa: E402
from vnextract.tables import to_rows  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

TEXTS = [
    f"Ngày {d}/6/2024, Phó Chủ tịch UBND tỉnh Lê Văn {name} chủ trì hội nghị triển khai "
    f"Chỉ thị số {d}-CT/TW; tổng vốn {d},5 tỷ đồng, tăng {d}% so với năm 2023."
    for d, name in zip(range(1, 25), ["An", "Bình", "Cường", "Dũng"] * 6)
]
ITEMS = [(text, {"id": f"d{i}", "published": "2024-06-15"}) for i, text in enumerate(TEXTS)]


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    # workers are separate processes: they must import this checkout's vnextract
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p
    )
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as c:
        yield c


def expected() -> list[Document]:
    docs = list(Pipeline().pipe(ITEMS))
    assert all(isinstance(d, Document) for d in docs)
    return docs  # type: ignore[return-value]


def test_bag_of_items_gives_the_documents_of_pipe(client: distributed.Client) -> None:
    bag = db.from_sequence(ITEMS, npartitions=4)
    got = to_records(bag).compute()
    assert got == expected()
    assert len(client.scheduler_info()["workers"]) == 2


def test_dataframe_of_texts_gives_the_tables_of_pipe(client: distributed.Client) -> None:
    frame = pd.DataFrame(
        {"id": [m["id"] for _, m in ITEMS], "text": TEXTS, "published": "2024-06-15"}
    )
    frames = to_frames(dd.from_pandas(frame, npartitions=3))
    computed = dask.compute(*frames.values())
    rows = to_rows(expected())
    for (table, got) in zip(frames, computed):
        want = to_frame(table, rows[table])
        pd.testing.assert_frame_equal(got.reset_index(drop=True), want, check_dtype=True)


def test_bad_elements_become_error_records(client: distributed.Client) -> None:
    bag = db.from_sequence([{"text": "Hà Nội", "id": "ok"}, {"id": "no-text"}], npartitions=2)
    got = to_records(bag, errors="yield", as_dict=False).compute()
    assert isinstance(got[0], Document) and isinstance(got[1], ErrorRecord)
    assert got[1].id == "no-text" and got[1].error.startswith("E001")
