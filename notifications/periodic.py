"""Jobs the outbox worker runs between its rounds, at most once per ``--reminders-interval``.

The apps that have them register them in their ``AppConfig.ready``, so the worker imports no
app above notifications: hearings queues its deadline reminders, activities puts postponed
themes back on the agenda backlog. A job is named by its dotted path and imported when it
runs; it takes no arguments and returns how many things it did. A job that fails is logged
with its ``failure`` text and never stops the sending."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class PeriodicJob:
    #: Dotted path of the function, e.g. "hearings.services.reminders.deadline_reminders_queue".
    path: str
    #: The word before the count in the worker's output ("reminders=3").
    report: str
    #: What the log says when the job fails ("Deadline reminders failed; sending goes on").
    failure: str

    def run(self) -> int:
        return import_string(self.path)()


#: Jobs by path, in the order they were registered (INSTALLED_APPS order).
JOBS: dict[str, PeriodicJob] = {}


def register(path: str, *, report: str, failure: str) -> None:
    """Register (or replace) a periodic job."""
    JOBS[path] = PeriodicJob(path, report, failure)


def jobs() -> list[PeriodicJob]:
    return list(JOBS.values())
