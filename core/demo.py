"""The demo data (``manage.py seed_demo``): each app seeds its own part, in order.

Every app with demo data registers its seeder in its ``AppConfig.ready``
(``register("<app>.demo.seed_demo", order=…)``), and ``seed_all`` runs them in their order with
one :class:`DemoRun` that carries the demo logins and what was done so far. So no app imports
a demo above it: councils creates the logins and councils (10), meetings their meetings (20),
hearings the committees and consultations (30), activities, finance and library the council's
year (40–42), reports drafts the annual reports and puts the 2018 one on the agenda of 1 April
2019 (45), meetings sends and holds that meeting (50), reports approves, publishes and sends the
report (55), and meetings last computes the agendas' standard items again (90). A seeder is
named by its dotted path and imported only when the demo is seeded.

Seeding is idempotent: each part is skipped where it exists already, so seeding again changes
nothing. Also the small PDF the demo uploads (``pdf_upload``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.module_loading import import_string


@dataclass
class DemoRun:
    #: The demo logins by key ("sek_albertslund", …), filled by the first seeder (councils).
    users: dict = field(default_factory=dict)
    #: Slugs of the councils this run created, in order.
    created: list[str] = field(default_factory=list)
    #: What was added to councils that existed (and their parts that came later), in order.
    added: list[str] = field(default_factory=list)

    def add(self, what: str) -> None:
        """List ``what`` as added (once, however many parts add to it)."""
        if what not in self.added:
            self.added.append(what)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.added)


@dataclass(frozen=True)
class DemoSeeder:
    path: str
    order: int

    @property
    def seed(self) -> Callable[[DemoRun], None]:
        return import_string(self.path)


SEEDERS: dict[str, DemoSeeder] = {}


def register(path: str, *, order: int) -> None:
    """Register (or replace) the seeder at dotted ``path``: ``seed(run: DemoRun) -> None``."""
    SEEDERS[path] = DemoSeeder(path, order)


def seeders() -> list[DemoSeeder]:
    return sorted(SEEDERS.values(), key=lambda seeder: (seeder.order, seeder.path))


def seed_all(*, added: list[str] | None = None) -> list[str]:
    """Seed the demo and return the slugs of the councils created. What is added to councils
    that existed already (the handicapråd, committees and consultations …) is listed in
    ``added`` when a list is given."""
    run = DemoRun(added=[] if added is None else added)
    for seeder in seeders():
        seeder.seed(run)
    return run.created


# --- A file to upload ------------------------------------------------------------------------

def tiny_pdf(*lines: str) -> bytes:
    """A small, valid one-page PDF showing ``lines`` (Windows-1252 text, Helvetica)."""
    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = "BT /F1 12 Tf 50 790 Td 16 TL " + " ".join(f"({escape(line)}) Tj T*" for line in lines) + " ET"
    stream = body.encode("cp1252", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_upload(name: str, *lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf(*lines), content_type="application/pdf")
