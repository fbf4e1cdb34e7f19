"""Demo documents for ``manage.py seed_demo``, added through ``library.services.document_create``
(which also fills the search field).

Albertslund: the four reports its 2018 annual report lists under "Rapporter til inspiration"
(links to where they were published), added on the days they arrived in 2018, and its own
rules of procedure. Ishøj: the 2015 framework
for its council (kommissorium) as a small PDF. Gentofte: the 2020 budget proposal that led to
its council. Titles, sources and links come from the seed documents; the descriptions are ours.
"""

from __future__ import annotations

import datetime as dt

from activities.demo import YEAR_ADDED
from activities.models import Theme
from core.demo import DemoRun, pdf_upload
from councils.demo import seed_each_council
from hearings.demo import _historic
from library.models import Document
from library.services import document_create


def _themes(council, year: int, *words: str) -> list[Theme]:
    """The council's themes of ``year`` whose title contains one of ``words`` (any case)."""
    themes = Theme.objects.filter(council=council, year=year)
    return [t for t in themes if any(w.casefold() in t.title.casefold() for w in words)]


def _albertslund(council, users) -> None:
    sek = users["sek_albertslund"]
    # The four reports arrived in 2018 (the day each was added, with the clock set back); the rules
    # of procedure were put in the library when it was set up.
    received = [dt.date(2018, 5, 3), dt.date(2018, 11, 22), dt.date(2018, 9, 27), dt.date(2018, 12, 4), None]
    documents = [
        dict(title="Socialt frikort til socialt udsatte", source="Cabi – Bedre arbejde til flere", year=2018,
             url="https://www.cabiweb.dk/",
             description=("Rapport om det sociale frikort: hvordan borgere på kanten af arbejdsmarkedet kan tjene "
                          "lidt ved siden af deres ydelse, og hvad kommunerne skal være opmærksomme på."),
             tags=["Socialt frikort", "Beskæftigelse"], themes=_themes(council, 2019, "frikort")),
        dict(title="Bisidderordninger for socialt udsatte", source="Rådet for Socialt Udsatte", year=2018,
             url="https://www.udsatte.dk/publikationer/100/bisidderordninger-for-socialt-udsatte",
             description=("Om frivillige bisiddere, der går med til samtaler med kommunen. Rådet læste rapporten, "
                          "da det undersøgte en bisidderordning i Albertslund."),
             tags=["Bisidder", "Frivillige"],
             themes=_themes(council, 2018, "bisidder") + _themes(council, 2019, "bisidder")),
        dict(title="Sundhedsprofil for Region Hovedstaden og kommuner 2017 – Sundhedsadfærd og risikofaktorer",
             source="Region Hovedstaden", year=2017,
             url=("https://www.frederiksberghospital.dk/ckff/Forskning/Sektioner/SSF/sundhedsprofiler/"
                  "Sundhedsprofil-2017/Sider/default.aspx"),
             description="Tal for sundhed og trivsel i regionen og i hver kommune – også for Albertslund.",
             tags=["Sundhed", "Statistik"], themes=_themes(council, 2026, "sundhed")),
        dict(title="Årsrapport 2018", source="Rådet for Socialt Udsatte", year=2018,
             url="https://www.udsatte.dk/publikationer/95/arsrapport-2018",
             description="Rådet for Socialt Udsattes årlige rapport om forholdene for socialt udsatte i Danmark.",
             tags=["Rådet for Socialt Udsatte", "Inspiration"], themes=[]),
        dict(title="Forretningsorden for Udsatterådet i Albertslund Kommune", source="Albertslund Kommune",
             year=2017, url="https://albertslund.dk/media/1714346/forretningsorden-for-udsatteraad-1.pdf",
             description="Rådets formål, sammensætning og mødeform, som kommunalbestyrelsen vedtog.",
             tags=["Forretningsorden", "Rådets egne regler"], themes=[]),
    ]
    for day, fields in zip(received, documents, strict=True):
        if day is None:
            document_create(council=council, actor=sek, **fields)
            continue
        with _historic() as clock:
            clock.at(day, 10)
            document_create(council=council, actor=sek, **fields)


def _ishoej(council, users) -> None:
    file = pdf_upload(
        "rammer-for-udsatteraad-ishoej-2015.pdf",
        "Udsatteråd i Ishøj Kommune – rammer (juli 2015)",
        "",
        "Formål: at rådgive byrådet og Social- og Sundhedsudvalget og være",
        "talerør for socialt udsatte borgere i Ishøj.",
        "Diæter til de medlemmer, der ikke sidder i byrådet.",
        "Økonomi: 25.000 kr. om året fra 1. januar 2016 til diæter, forplejning,",
        "transport og temadage.",
        "",
        "(Kort resumé til demoen.)")
    document_create(
        council=council, actor=users["sek_ishoej"], file=file,
        title="Udsatteråd i Ishøj Kommune – rammer og kommissorium", source="Ishøj Kommune", year=2015,
        description=("Arbejdsgruppens forslag til rammer for rådet, som Social- og Sundhedsudvalget besluttede "
                     "at oprette den 8. juni 2015: formål, målgrupper, indsatsområder, sekretariat, diæter og "
                     "økonomi. Kort resumé som PDF."),
        tags=["Kommissorium", "Forretningsorden", "Rådets egne regler"])


def _gentofte(council, users) -> None:
    file = pdf_upload(
        "forslag-velfaerdsraad-gentofte-2020.pdf",
        "Forslag til budgetforhandlingerne 2020/2021 – et velfærdsråd i Gentofte",
        "",
        "Et velfærdsråd som forsøg i fire år.",
        "Budget: 150.000 kr. om året til møder, workshops m.v.",
        "Sekretariat: en kvart stilling i Social og Sundhed.",
        "",
        "(Kort resumé til demoen.)")
    document_create(
        council=council, actor=users["sek_gentofte"], file=file,
        title="Forslag til budgetforhandlingerne 2020/2021: et velfærdsråd i Gentofte",
        source="Socialpolitisk Forum i Gentofte", year=2020,
        description=("Forslaget om at oprette et velfærdsråd som forsøg i fire år, med et årligt budget på "
                     "150.000 kr. til møder og workshops og sekretariatsbistand svarende til en kvart stilling."),
        tags=["Kommissorium", "Budget"])


def seed_library(council, users) -> bool:
    """The council's demo documents; nothing if it has documents already."""
    if Document.objects.filter(council=council).exists():
        return False
    seeder = {"albertslund": _albertslund, "ishoej": _ishoej, "gentofte": _gentofte}.get(council.slug)
    if seeder is None:
        return False
    seeder(council, users)
    return True


def seed_demo(run: DemoRun) -> None:
    """``seed_demo``'s step after finance: each demo council's documents (linked to its themes)."""
    seed_each_council(run, seed_library, added=YEAR_ADDED)
