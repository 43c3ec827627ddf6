"""``Store.iter_docs`` reads in batches of 500: order and start positions across batch edges."""

from __future__ import annotations

from agenthub_server.store import Store


def test_iter_docs_crosses_batches_in_both_orders_and_from_a_position() -> None:
    store = Store(":memory:")
    for i in range(1203):
        store.put("x", "t", f"id{i}", {"i": i})
    store.put("x", "other", "id", {"i": -1})  # another tenant's row never shows

    def read(**kw: object) -> list[int]:
        return [d["i"] for _, d in store.iter_docs("x", "t", **kw)]  # type: ignore[arg-type]

    assert read() == list(range(1203))
    assert read(descending=True) == list(range(1202, -1, -1))
    # positions start at 1, so position 600 holds i == 599
    assert read(after_pos=600) == list(range(600, 1203))
    assert read(descending=True, after_pos=600) == list(range(598, -1, -1))
