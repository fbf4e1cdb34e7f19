"""Search latency (``core.search``) on a large index: ``python bench/search_bench.py``.

Builds 100,000 agenda-item documents (``DOCS``) straight into the index (bulk inserts of
``SearchDocument`` rows plus, on SQLite, their stems in the FTS5 table; on PostgreSQL the tsvector
column is generated), with Danish text from a seeded generator: titles of 3–8 words and bodies of
40–160 words drawn from a vocabulary of municipal and everyday words in several inflected forms,
with a Zipf-like frequency, so some words occur in a third of the documents and others in a
handful. All documents belong to one council (the strictest case: a council's search filters
nothing away), dated over ten years.

Then ``QUERIES`` (200) searches through ``core.search.search`` exactly as the public page calls
it (first page of 20 hits with highlighted snippets, the total and both facets): a mix of common
words, rare words, two-word queries and inflected forms, after a warm-up. Prints the median and
p95 in ms per query type and overall (goal: p95 < 50 ms) and writes ``bench/search_results.json``.

Database: a throwaway SQLite file by default (``DATABASE_URL`` from the environment is ignored);
with ``BENCH_DATABASE_URL`` set, a database ``stemme_bench_search`` on that PostgreSQL server,
created and dropped by the run (the role needs CREATEDB)."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "search_results.json"
DOCS = int(os.environ.get("SEARCH_BENCH_DOCS", "100000"))
QUERIES = 200
BATCH = 5000
GOAL_P95_MS = 50.0
PG_NAME = "stemme_bench_search"

# Stems with their inflected forms (the generator picks a form, the query may use another).
VOCABULARY = """
møde møder mødet møderne|referat referater referatet|dagsorden dagsordenen dagsordener|beslutning beslutninger
beslutningen|rådet råd rådets|kommune kommunen kommunens|borger borgere borgerne borgernes|forslag forslaget
forslagene|budget budgettet budgetter|høring høringen høringer|høringssvar høringssvaret høringssvarene|udvalg
udvalget udvalgets|bolig boliger boligen|hjemløshed hjemløse|misbrug misbruget|behandling behandlingen|psykiatri
psykiatrien|beskæftigelse beskæftigelsen|uddannelse uddannelsen|sagsbehandling sagsbehandlingen|bostøtte
bostøtten|herberg herberget herbergerne|væresteder værested værestedet|frivillige frivillig|netværk netværket|
økonomi økonomien|strategi strategien strategier|plan planen planer|tilbud tilbuddet tilbuddene|medarbejdere
medarbejder|sekretariat sekretariatet|formand formanden|næstformand|orientering orienteringen|drøftelse
drøftelsen|indstilling indstillingen|godkendelse godkendelsen godkender godkendte|sundhed sundheden|tandpleje
tandplejen|kontanthjælp kontanthjælpen|ungdom unge ungdommen|ældre|familie familier familien|handicap
handicappet|tilgængelighed|transport transporten|bus busser bussen|vaskeri vaskeriet|madordning|nattevagt|
gadeplan|opsøgende|varmestue varmestuen|sommerlejr|temadag temadagen|konference konferencen|årsberetning
årsberetningen|evaluering evalueringen|projekt projektet projekter|pulje puljen puljer|ansøgning ansøgningen|
""".replace("\n", " ").split("|")
FILLER = ("og i på at det som til for med er af en et den de om har kan vil skal fra blev var også efter "
          "ved så men ikke der her nu når hvor meget godt nye flere andre alle").split()
RARE = ["zebrafinke", "kajakklub", "pottemager", "fyrtårn", "solsikke", "klatrevæg", "bogbus", "havkajak",
        "stjernekiggeri", "rundkørsel", "kolonihave", "skøjtebane"]


def configure_database() -> tuple[str, Path]:
    os.environ.pop("DATABASE_URL", None)  # never the database the environment points at
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    tmp = Path(tempfile.mkdtemp(prefix="stemme-search-bench-"))
    bench_url = os.environ.get("BENCH_DATABASE_URL")
    if bench_url:
        os.environ["DATABASE_URL"] = bench_url
        return "postgresql", tmp
    os.environ["SQLITE_PATH"] = str(tmp / "bench.sqlite3")
    return "sqlite", tmp


def zipf_pick(rng: random.Random, items: list, weights: list[float]):
    return rng.choices(items, weights=weights, k=1)[0]


def build(council) -> float:
    from django.db import connection, transaction

    from core.search import backends
    from core.search.models import Audience, SearchDocument

    rng = random.Random(20261206)
    groups = [g.split() for g in VOCABULARY if g.split()]
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(groups))]
    start = dt.date(2016, 1, 1)
    started = time.perf_counter()

    def words(n: int) -> str:
        out = []
        for _ in range(n):
            if rng.random() < 0.45:
                out.append(rng.choice(FILLER))
            else:
                out.append(rng.choice(zipf_pick(rng, groups, weights)))
        if rng.random() < 0.002:  # a rare word in one document in 500
            out.insert(rng.randrange(len(out)), rng.choice(RARE))
        text = " ".join(out)
        return text[:1].upper() + text[1:] + "."

    for first in range(0, DOCS, BATCH):
        docs = []
        for n in range(first, min(DOCS, first + BATCH)):
            day = start + dt.timedelta(days=rng.randrange(3650))
            body = " ".join(words(rng.randint(8, 20)) for _ in range(rng.randint(4, 8)))
            docs.append(SearchDocument(council_id=council.pk, kind="meeting", object_id=n + 1,
                                       audience=Audience.PUBLIC, year=day.year, date=day,
                                       title=f"Punkt {rng.randint(1, 15)}: {words(rng.randint(3, 8))}",
                                       body=body, url=f"/{council.slug}/moeder/{n // 15 + 1}/#punkt-{n % 15 + 1}"))
        with transaction.atomic():
            created = SearchDocument.objects.bulk_create(docs)
            backends.fts_insert((d.pk, d.title, d.body) for d in created)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def queries() -> list[tuple[str, str]]:
    rng = random.Random(7)
    groups = [g.split() for g in VOCABULARY if g.split()]
    common = [g[0] for g in groups[:12]]
    middle = [rng.choice(g) for g in groups[12:]]
    asked = []
    for n in range(QUERIES):
        kind = ("common", "middle", "rare", "two words", "inflected")[n % 5]
        if kind == "common":
            q = rng.choice(common)
        elif kind == "middle":
            q = rng.choice(middle)
        elif kind == "rare":
            q = rng.choice(RARE)
        elif kind == "two words":
            q = f"{rng.choice(common + middle)} {rng.choice(middle)}"
        else:
            q = rng.choice(rng.choice(groups))
        asked.append((kind, q))
    return asked


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    kind, tmp = configure_database()
    import django

    django.setup()
    from django.db import connection

    from core.search import search
    from councils.models import Council, Municipality

    if kind == "postgresql":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = PG_NAME
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
    try:
        municipality = Municipality.objects.create(name="Bænkby Kommune", slug="baenkby")
        council = Council.objects.create(municipality=municipality, name="Udsatterådet Bænkby", slug="baenkby")
        build_s = build(council)
        print(f"{connection.vendor}: {DOCS} documents indexed in {build_s:.1f} s", file=sys.stderr)
        asked = queries()
        for _kind, q in asked[:20]:  # warm-up
            search(q, councils=[council])
        timings: dict[str, list[float]] = {}
        totals: dict[str, list[int]] = {}
        for qkind, q in asked:
            t0 = time.perf_counter()
            results = search(q, councils=[council])
            elapsed = (time.perf_counter() - t0) * 1000
            timings.setdefault(qkind, []).append(elapsed)
            totals.setdefault(qkind, []).append(results.total)
        everything = [t for values in timings.values() for t in values]
        rows = {k: {"queries": len(v), "median_ms": round(statistics.median(v), 1),
                    "p95_ms": round(percentile(v, 0.95), 1),
                    "median_hits": int(statistics.median(totals[k]))} for k, v in timings.items()}
        rows["all"] = {"queries": len(everything), "median_ms": round(statistics.median(everything), 1),
                       "p95_ms": round(percentile(everything, 0.95), 1), "median_hits": None}
        print(f"\nSearch latency, {DOCS} documents in one council ({connection.vendor}), first page of 20 with "
              f"snippets, total and facets")
        print(f"{'queries':<12} {'n':>4} {'median ms':>10} {'p95 ms':>8} {'median hits':>12}")
        for name, row in rows.items():
            hits = "" if row["median_hits"] is None else row["median_hits"]
            print(f"{name:<12} {row['queries']:>4} {row['median_ms']:>10.1f} {row['p95_ms']:>8.1f} {hits:>12}")
        met = rows["all"]["p95_ms"] < GOAL_P95_MS
        print(f"goal p95 < {GOAL_P95_MS:.0f} ms: {'met' if met else 'NOT met'}")
        previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        previous[connection.vendor] = {"documents": DOCS, "build_seconds": round(build_s, 1), "rows": rows,
                                       "goal_p95_ms": GOAL_P95_MS, "goal_met": met,
                                       "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        RESULTS.write_text(json.dumps(previous, indent=2, ensure_ascii=False) + "\n")
        return 0 if met else 1
    finally:
        if kind == "postgresql" and connection.settings_dict["NAME"] == PG_NAME:
            connection.creation.destroy_test_db(verbosity=0)
        else:
            connection.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
