"""The benchmark's own parts: deterministic data, and queries valid against our schema."""

from __future__ import annotations

import os
import time

from graphql import parse, validate

from api.schema import build_schema
from bench import generate, queries
from bench.cpu import CpuMeter
from graph.settings import Settings


def test_synthetic_data_is_deterministic() -> None:
    first, second = generate.generate("small"), generate.generate("small")
    assert first == second
    nodes, rels = first.counts()
    assert first.nodes["stakeholders"][0]["id"] == second.nodes["stakeholders"][0]["id"]
    assert len(first.nodes["stakeholders"]) == generate.SCALES["small"]["stakeholders"]
    assert rels > nodes  # a graph, not a list
    ids = {s["id"] for s in first.nodes["stakeholders"]}
    assert all(r["a"] in ids for r in first.rels["issues"])


def test_our_benchmark_queries_are_valid() -> None:
    schema = build_schema(Settings())._schema
    params = {"slug": "x", "keyset_cursor": queries.keyset_cursor("a", "b"),
              "keyset_after": {"name": "a", "id": "b"}, "offset_cursor": queries.offset_cursor(5),
              "entity_ids": ["x"], "suggest_id": "x", "search": "harbor health"}
    for q in queries.build(params):
        assert validate(schema, parse(q.ours.text)) == [], q.name


def test_cpu_meter_counts_this_process_and_not_a_missing_one() -> None:
    meter = CpuMeter({"me": os.getpid(), "gone": 2**22 + 12345})
    meter.start()
    deadline = time.process_time() + 0.2
    while time.process_time() < deadline:  # 200 ms of CPU
        pass
    per = meter.per_request(2)
    assert per["gone"] is None
    assert per["me"] is not None and 60 <= per["me"] <= 400  # ~100 ms per "request"


def test_bulk_csv_rows_fit_their_headers() -> None:
    """Every CSV row bench/bulk.py writes has its header's columns (the importer would
    otherwise refuse or shift them)."""
    from bench import bulk

    data = generate.generate("small")
    for kind, rows in [*data.nodes.items(), *data.rels.items()]:
        width = (len(bulk.NODES[kind][1]) if kind in bulk.NODES
                 else 2 + len(bulk.RELS[kind][3]))
        assert {len(bulk._row(kind, r, "2026-01-01T00:00:00Z")) for r in rows[:500]} == {width}


def test_bulk_csv_mints_a_ctid_per_stakeholder_and_credential() -> None:
    """The CTIDs migration V0010 would mint are in the CSV rows, one per record, each of
    the shape graph/validation.py checks, none shared."""
    from bench import bulk
    from graph.validation import CTID

    data = generate.generate("small")
    ctids = []
    for kind in ("stakeholders", "credentials"):
        column = bulk.NODES[kind][1].index("ctid")
        ctids += [bulk._row(kind, r, "2026-01-01T00:00:00Z")[column] for r in data.nodes[kind]]
    assert all(CTID.match(c) for c in ctids)
    assert len(set(ctids)) == len(ctids)

