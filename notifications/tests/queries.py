"""Query counting for the reminder jobs (meetings, activities and hearings tests import it by
name): a job's own queries must not grow with the number of people; each message it queues
costs what ``notifications.services.outbox_enqueue`` costs (its validation, the row and the
audit event), which ``counting_outbox`` measures separately."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import services


@dataclass
class OutboxCost:
    calls: int = 0
    queries: int = 0
    most: int = 0  # the most queries one call took


@contextmanager
def counting_outbox(monkeypatch, *modules):
    """Within the block, count ``outbox_enqueue``'s calls and the queries they make (also where
    ``modules`` imported it by name)."""
    cost = OutboxCost()
    real = services.outbox_enqueue

    def counted(**kwargs):
        with CaptureQueriesContext(connection) as inner:
            message = real(**kwargs)
        cost.calls += 1
        cost.queries += len(inner)
        cost.most = max(cost.most, len(inner))
        return message

    for module in (services, *modules):
        monkeypatch.setattr(module, "outbox_enqueue", counted)
    try:
        yield cost
    finally:
        for module in (services, *modules):
            monkeypatch.setattr(module, "outbox_enqueue", real)


def own_queries(monkeypatch, job, *modules) -> tuple[int, OutboxCost]:
    """Run ``job()``; return the queries it made itself (outside ``outbox_enqueue``) and the outbox's cost."""
    with counting_outbox(monkeypatch, *modules) as cost, CaptureQueriesContext(connection) as outer:
        job()
    return len(outer) - cost.queries, cost
