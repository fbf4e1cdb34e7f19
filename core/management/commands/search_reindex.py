"""Rebuild the search index (core.search): every active council, or the ones named, every kind
or the ones named. Safe to run at any time; each council and kind is replaced in one transaction."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.search import reindex
from core.search.models import SearchDocument
from core.search.registry import sources


class Command(BaseCommand):
    help = "Rebuild the search index for every council (or --council SLUG) and kind (or --kind KIND)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--council", action="append", default=[], help="A council's slug (repeatable).")
        parser.add_argument("--kind", action="append", default=[], choices=sorted(sources()),
                            help="A kind of document (repeatable).")

    def handle(self, *args: Any, **options: Any) -> None:
        # The council model through the index's foreign key: core imports no app above it.
        council_model: Any = SearchDocument._meta.get_field("council").related_model
        councils = council_model.objects.filter(is_active=True).order_by("slug")
        if options["council"]:
            councils = councils.filter(slug__in=options["council"])
        kinds = options["kind"] or None
        for council in councils:
            started = time.perf_counter()
            written = reindex(council=council, kinds=kinds)
            self.stdout.write(f"{council.slug}: {written} documents in {time.perf_counter() - started:.2f} s")
