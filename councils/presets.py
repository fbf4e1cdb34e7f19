"""Council presets drawn from the source documents (see DESIGN.md, *Presets*).

A preset is data: the seat categories of the first term (which give per diem, which citizens can
apply for), the rules of procedure, a starting kommissorium, the organisations the source names
and the yearly budget. ``services.council_create_from_preset`` applies one; the budget is set by
the finance app through the ``councils.hooks`` registry.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from councils.models import CouncilKind, PerDiemEligibility, SubstituteAttendance, SubstituteMode


@dataclass(frozen=True)
class Seat:
    name: str
    min_seats: int
    max_seats: int
    lived_experience: bool = False
    municipal_board: bool = False
    # The municipality's employees: they attend in their working time (no per diem), and the
    # municipality chooses them (not open to applicants in a public call).
    municipal_staff: bool = False

    @property
    def per_diem(self) -> bool:
        return not (self.municipal_board or self.municipal_staff)

    @property
    def open_to_applicants(self) -> bool:
        return not (self.municipal_board or self.municipal_staff)


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    kind: str
    description: str
    seats: tuple[Seat, ...]
    rules: dict = field(default_factory=dict)
    budget_kr: int | None = None
    taxonomies: tuple[str, ...] = ("rsu_focus",)
    organisations: tuple[str, ...] = ()
    # The annual report's section titles where this kind of council words them differently
    # ({section kind: title}; ``reports.drafting.section_title`` falls back to the default titles).
    report_titles: dict = field(default_factory=dict, compare=False)


RSU_FOCUS_AREAS = (
    "Prostitution", "Fattigdom", "Sundhed", "Beskæftigelse", "Hjemløshed", "Stofmisbrug",
    "Socialt udsatte grønlændere", "Sindslidende", "Udsatte unge",
)
ISHOEJ_TARGET_GROUPS = (
    "Misbrugere", "Hjemløse", "Psykisk sårbare", "Voldsramte", "Fattige og marginaliserede børn og unge",
    "Borgere i prostitution",
)
ISHOEJ_FOCUS_AREAS = (
    "Fattigdom", "Sundhed", "Hjemløshed", "Misbrug", "Vold", "Psykiatri",
    "Integration og inklusion af socialt udsatte grupper",
)
TAXONOMIES = {
    "rsu_focus": RSU_FOCUS_AREAS,
    "target_group": ISHOEJ_TARGET_GROUPS,
    "focus_area": ISHOEJ_FOCUS_AREAS,
}

PRESETS: dict[str, Preset] = {
    p.key: p
    for p in [
        Preset(
            key="albertslund2018",
            label=_("Albertslund 2018"),
            kind=CouncilKind.UDSATTERAAD,
            description=_("10 medlemmer: 5 med erfaring som udsat, 2 fra kommunalbestyrelsen, 2 sagkyndige og "
                          "1 personligt udpeget – hver med en personlig suppleant, der deltager i alle møder "
                          "uden stemmeret. 4 møder om året, senere 6."),
            seats=(
                Seat("Borgere med erfaring som socialt udsat", 5, 5, lived_experience=True),
                Seat("Medlemmer af kommunalbestyrelsen", 2, 2, municipal_board=True),
                Seat("Sagkyndige", 2, 2),
                Seat("Personligt udpeget med særlig indsigt", 1, 1),
            ),
            rules=dict(meetings_per_year=4, substitute_mode=SubstituteMode.PERSONAL,
                       substitute_attendance=SubstituteAttendance.ALWAYS, members_min=10, members_max=10,
                       agenda_notice_days=7, proposal_deadline_days=14,
                       per_diem=PerDiemEligibility.NON_BOARD, meeting_time_note="Kl. 16–18"),
        ),
        Preset(
            key="odense333",
            label=_("Odense 3/3/3"),
            kind=CouncilKind.UDSATTERAAD,
            description=_("Tre lige store grupper: brugere, fagpersoner og personligt udpegede."),
            seats=(
                Seat("Brugere", 3, 5, lived_experience=True),
                Seat("Fagpersoner", 3, 5),
                Seat("Personligt udpegede", 3, 5),
            ),
            rules=dict(meetings_per_year=6, members_min=9, members_max=15),
        ),
        Preset(
            key="randers",
            label=_("Randers"),
            kind=CouncilKind.UDSATTERAAD,
            description=_("Kun brugere, alle med personlig suppleant. Møderne ligger tidligt på dagen."),
            seats=(Seat("Brugere med erfaring som socialt udsat", 10, 15, lived_experience=True),),
            rules=dict(meetings_per_year=6, substitute_mode=SubstituteMode.PERSONAL,
                       substitute_attendance=SubstituteAttendance.WHEN_NEEDED,
                       meeting_time_note="Tidligt på dagen, kl. 10–12", lived_experience_min_percent=100),
        ),
        Preset(
            key="ishoej2015",
            label=_("Ishøj 2015"),
            kind=CouncilKind.UDSATTERAAD,
            description=_("2 politikere, 2 brugere, 2 fra SIND og Lænken, 3 medarbejdere og 1 centerchef. "
                          "4 møder om året efter arbejdstid, 25.000 kr., diæter til medlemmerne – dog ikke politikerne "
                          "og kommunens medarbejdere – og letlæste referater hænges op."),
            seats=(
                Seat("Politisk niveau", 2, 2, municipal_board=True),
                Seat("Brugere", 2, 2, lived_experience=True),
                Seat("Brugerorganisationer (SIND og Lænken)", 2, 2),
                Seat("Medarbejdere", 3, 3, municipal_staff=True),
                Seat("Centerchef", 1, 1, municipal_staff=True),
            ),
            rules=dict(meetings_per_year=4, members_min=10, members_max=10, lived_experience_min_percent=20,
                       lived_experience_min_reason=(
                           "Rammerne fra 2015 giver brugerne 2 af de 10 pladser. SIND og Lænken taler også "
                           "brugernes sag, og medarbejderne kender borgerne fra botilbud og socialpsykiatri."),
                       per_diem=PerDiemEligibility.NON_BOARD, meeting_time_note="Efter arbejdstid"),
            budget_kr=25_000,
            taxonomies=("rsu_focus", "target_group", "focus_area"),
            organisations=("SIND", "Lænken"),
        ),
        Preset(
            key="hoejetaastrup",
            label=_("Høje-Taastrup"),
            kind=CouncilKind.UDSATTERAAD,
            description=_("12–14 medlemmer indstillet af organisationer og 2 fra kommunalbestyrelsen. "
                          "35.000 kr. om året og et årligt fællesmøde med handicaprådet."),
            seats=(
                Seat("Indstillet af organisationer", 12, 14),
                Seat("Medlemmer af kommunalbestyrelsen", 2, 2, municipal_board=True),
            ),
            rules=dict(meetings_per_year=6, members_min=14, members_max=16),
            budget_kr=35_000,
            organisations=("Kontaktgruppen for de frivillige sociale foreninger (§ 18)", "Blå Kors Pensionat",
                           "Café Paraplyen (KFUM's Sociale Arbejde)", "Landsforeningen SIND",
                           "Hjemløses Landsorganisation Hovedstaden", "Foreningen voldsramte kvinder"),
        ),
        Preset(
            key="gentofte2020",
            label=_("Gentofte-forslaget (velfærdsråd)"),
            kind=CouncilKind.VELFAERDSRAAD,
            description=_("Et velfærdsråd med 10–15 medlemmer, 150.000 kr. og en kvart sekretariatsstilling, "
                          "oprettet som forsøg i 4 år."),
            seats=(
                Seat("Borgere med erfaring som socialt udsat", 4, 6, lived_experience=True),
                Seat("Medlemmer af kommunalbestyrelsen", 2, 2, municipal_board=True),
                Seat("Frivillige og brugerorganisationer", 2, 4),
                Seat("Fagpersoner", 2, 3),
            ),
            rules=dict(meetings_per_year=4, members_min=10, members_max=15),
            budget_kr=150_000,
            organisations=("SIND", "SAND – De hjemløses landsorganisation", "Socialpolitisk Forum i Gentofte",
                           "Kvindekrisecenteret Hellerup", "Herberget Overførstergården"),
        ),
        Preset(
            key="handicapraad",
            label=_("Handicapråd"),
            kind=CouncilKind.HANDICAPRAAD,
            description=_("Kommunens handicapråd: lige mange medlemmer indstillet af Danske Handicaporganisationer "
                          "og udpeget af kommunalbestyrelsen. Kan skrive fælles høringssvar med udsatterådet."),
            seats=(
                Seat("Indstillet af Danske Handicaporganisationer", 3, 5),
                Seat("Udpeget af kommunalbestyrelsen", 3, 5, municipal_board=True),
            ),
            rules=dict(meetings_per_year=6, members_min=6, members_max=10, lived_experience_min_percent=0,
                       lived_experience_min_reason=(
                           "Et handicapråd er sammensat af handicaporganisationerne og kommunalbestyrelsen. "
                           "Anbefalingen om erfaring som socialt udsat gælder udsatteråd.")),
            report_titles={
                "introduction": _("Om handicaprådet"),
                "composition": _("Handicaprådets medlemmer"),
                "meetings": _("Rådsmøder og fremmøde"),
                "events": _("Konferencer, temadage og netværk"),
                "themes": _("Sager og emner på handicapområdet"),
                "responses": _("Høringssvar og henvendelser til udvalgene"),
                "economy": _("Handicaprådets økonomi"),
                "library": _("Rapporter og undersøgelser"),
                "outlook": _("Handicaprådets anbefalinger og det kommende år"),
                "annex": _("Bilag: høringssvar og henvendelser"),
            },
        ),
    ]
}

DEFAULT_TERMS_OF_REFERENCE = (
    "Rådet er et rådgivende organ, der giver socialt udsatte borgere i kommunen en stemme. "
    "Rådet rådgiver kommunalbestyrelsen og de politiske udvalg om forhold, der vedrører socialt udsatte, "
    "afgiver høringssvar og kan selv tage emner op.\n\n"
    "Rådet behandler ikke sager om enkeltpersoner.\n\n"
    "Rådet udarbejder hvert år en årsberetning til kommunalbestyrelsen."
)


def preset_choices():
    return [(p.key, p.label) for p in PRESETS.values()]
