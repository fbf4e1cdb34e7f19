"""Made-up SBSYS manifests for tests and the benchmark (``make bench``: import time for a
manifest of 500 items). The text is invented; it only has to look like a Danish committee
agenda."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape, quoteattr  # nosec B406  # escaping for XML we write; nothing is parsed

TOPICS = [
    ("SUS/ØU/KB", "Udarbejdelse af ny sundhedspolitik"),
    ("SUS", "Status på hjemmeplejens kvalitetsstandarder"),
    ("SUS/ØU", "Budgetopfølgning for socialområdet"),
    ("SUS", "Orientering om væresteder for hjemløse"),
    ("SUS/BSU", "Samarbejde om unge med misbrug"),
    ("SUS/ØU/KB", "Takster for botilbud"),
    ("SUS", "Evaluering af gadeplansindsatsen"),
    ("SUS", "Meddelelser fra formanden"),
]

CASE_TEXT = (
    "Forvaltningen har udarbejdet et oplæg om {topic}. Oplægget bygger på dialogmøder med borgere, "
    "brugerorganisationer og medarbejdere.\n\n"
    "Udvalget bedes tage stilling til, om oplægget kan sendes i høring hos blandt andet Udsatterådet "
    "og Handicaprådet med frist fire uger efter udsendelsen."
)


def _item(number: int, *, meeting_key: str) -> str:
    code, topic = TOPICS[(number - 1) % len(TOPICS)]
    title = f"{topic} ({number})" if number > len(TOPICS) else topic
    return (
        f'    <Dagsordenpunkt Id={quoteattr(f"{meeting_key}-P{number:04d}")}>\n'
        f"      <Nummer>{number}</Nummer>\n"
        f"      <Sagsgang>{escape(code)}</Sagsgang>\n"
        f"      <Overskrift>{escape(title)}</Overskrift>\n"
        f"      <Link>https://dagsordener.example.dk/sus/{meeting_key}/punkt-{number}</Link>\n"
        f"      <Sagsfremstilling>{escape(CASE_TEXT.format(topic=topic.lower()))}</Sagsfremstilling>\n"
        f"      <Lukket>{'true' if number % 17 == 0 else 'false'}</Lukket>\n"
        f"    </Dagsordenpunkt>\n"
    )


def make_manifest(n_items: int, *, meeting_id: str = "SBSYS-M-BENCH", starts_at: dt.datetime | None = None,
                  committee: str = "Social- og Sundhedsudvalget", abbreviation: str = "SUS") -> bytes:
    """An SBSYS-style manifest (root ``<Dagsorden>``) for one meeting with ``n_items`` items,
    numbered 1…n, every one with an id, case code, link and case text; UTF-8 bytes."""
    starts_at = starts_at or dt.datetime(2018, 3, 14, 16, 0)
    items = "".join(_item(n, meeting_key=meeting_id) for n in range(1, n_items + 1))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Dagsorden Id={quoteattr(meeting_id)}>\n"
        f"  <Udvalg>\n    <Navn>{escape(committee)}</Navn>\n    <Forkortelse>{escape(abbreviation)}</Forkortelse>\n"
        "  </Udvalg>\n"
        f"  <Moededato>{starts_at:%Y-%m-%dT%H:%M:%S}</Moededato>\n"
        "  <Sted>Rådhuset, mødelokale 2</Sted>\n"
        f"  <Link>https://dagsordener.example.dk/sus/{escape(meeting_id)}</Link>\n"
        f"  <Dagsordenpunkter>\n{items}  </Dagsordenpunkter>\n"
        "</Dagsorden>\n"
    ).encode()
