"""The record of processing (fortegnelse, GDPR art. 30), declared beside the models it describes.

Two parts:

* ``KINDS``: each kind of personal data Stemme holds, with its purpose, legal basis (art. 6, and
  art. 9 for the special categories), whose data it is, who sees it (permissions of
  ``core.permissions.POLICY``, turned into roles when the record is rendered) and how long it is
  kept (a rule in words, and the per-council settings of ``councils.RulesOfProcedure`` that
  govern it, read from the model so a renamed setting fails the test).
* ``FIELDS``: EVERY concrete field (and many-to-many) of every model of Stemme's own apps, either
  personal (the key of its kind) or not (``None``). ``privacy/tests/test_record.py`` fails when a
  model gains a field this file does not classify, or when it classifies one that is gone.

``manage.py privacy_record`` writes docs/privacy.md from it; the platform admin sees it at
``<slug>/intern/persondata/fortegnelse/``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.db import models

from core.permissions import POLICY, Role


@dataclass(frozen=True)
class Kind:
    key: str
    title: str                     # Danish, as in the published record
    subjects: str                  # whose data it is
    purpose: str
    basis: str                     # art. 6 (and art. 9 for special categories)
    seen_by: tuple[str, ...]       # permissions of core.permissions.POLICY
    retention: str                 # the rule in words
    special: bool = False          # art. 9 (or treated as such)
    settings: tuple[str, ...] = ()  # fields of councils.RulesOfProcedure that set the period per council
    public: str = ""               # what the public may see, if anything


_E = ("Art. 6, stk. 1, litra e (opgave i samfundets interesse / offentlig myndighed: rådets arbejde efter "
      "kommunens beslutning om rådet)")

KINDS: dict[str, Kind] = {k.key: k for k in [
    Kind("identity", "Navn, titel og organisation",
         "Rådets medlemmer, suppleanter, gæster, formandskab",
         "At rådet kan arbejde: indkalde, føre referat, vise hvem der sidder i rådet.",
         _E, ("roster.view", "directory.view"),
         "Så længe personen er med i rådet. Navnet bliver stående i referater og andre dokumenter, der skal "
         "bevares (arkivloven); ved sletning efter art. 17 erstattes det af rollen (\"et medlem\").",
         public="Kun med samtykke (navn må vises offentligt), gennem offentlighedspolitikken (core/disclosure.py); "
                "ellers rollen."),
    Kind("contact", "Kontaktoplysninger",
         "Rådets medlemmer, suppleanter og gæster",
         "At sende indkaldelser, dagsordener, referater og påmindelser ad den kanal, personen foretrækker.",
         _E, ("roster.manage",),
         "Slettes, når personen ikke længere har et medlemskab, det antal måneder efter valgperiodens "
         "slutning, som forretningsordenen angiver.",
         settings=("retention_former_member_months",),
         public="Aldrig. Rådets medlemmer ser dem kun med samtykke (kontaktoplysninger må ses af medlemmer)."),
    Kind("lived_experience", "Erfaring som socialt udsat",
         "Medlemmer og kandidater",
         "At rådet kan leve op til anbefalingen om, at mindst en tredjedel har erfaring som socialt udsat.",
         "Art. 9, stk. 2, litra a (udtrykkeligt samtykke), sammen med art. 6, stk. 1, litra e",
         ("roster.view_sensitive",),
         "Som medlemskabet/kandidaturet; afviste kandidaturer slettes efter forretningsordenen.",
         special=True, settings=("retention_candidacy_months",),
         public="Aldrig, heller ikke som antal på en plads, der kan afsløre den enkelte."),
    Kind("consent", "Samtykker og deres historik",
         "Rådets medlemmer, suppleanter og gæster",
         "At kunne dokumentere, hvad personen har sagt ja og nej til, hvornår og hvordan (art. 7, stk. 1).",
         "Art. 6, stk. 1, litra c (pligt til at kunne påvise samtykke)", ("roster.view",),
         "Så længe personen er registreret i rådet; slettes sammen med personen."),
    Kind("membership", "Medlemskaber, poster, indstilling og udpegning",
         "Rådets medlemmer, suppleanter, gæster",
         "At vide, hvem der sidder i rådet hvornår, med hvilken stemmeret, og hvem der udpegede dem.",
         _E, ("roster.view", "composition.view"),
         "Bevares som rådets historik (arkivloven). Ophørsbemærkninger slettes ved sletning efter art. 17.",
         public="Kun rollen, og navnet med samtykke."),
    Kind("participation", "Mødedeltagelse, afbud, inhabilitet og godkendelse af referat",
         "Rådets medlemmer, suppleanter og gæster",
         "At indkalde, indkalde suppleanter, beregne beslutningsdygtighed og diæter og føre referat.",
         _E, ("meetings.view", "attendance.manage"),
         "Bevares med mødets referat (arkivloven). Afbudsbemærkninger slettes ved sletning efter art. 17.",
         public="Referatet nævner deltagere med navn kun med samtykke."),
    Kind("votes", "Afstemninger ved navn",
         "Rådets stemmeberettigede",
         "At referatet viser, hvem der stemte hvad, når rådet beslutter at stemme ved navn.",
         _E, ("meetings.view",),
         "Bevares med referatet (arkivloven).",
         public="Kun med samtykke, ellers rollen."),
    Kind("work", "Rådets arbejde: opgaver, grupper, idéer, forslag, kommentarer og udkast",
         "Rådets medlemmer og sekretariatet",
         "At fordele og følge opgaver og at vise, hvem der har skrevet hvad.",
         _E, ("council.view_internal",),
         "Så længe sagen eller dokumentet bevares; forfatteren bliver til rollen ved sletning efter art. 17."),
    Kind("per_diem", "Diæter og udlæg",
         "Medlemmer med ret til diæter",
         "At udbetale diæter og refundere udlæg og at bogføre dem.",
         "Art. 6, stk. 1, litra c (bogføringsloven, indberetning af B-indkomst). Behandles som følsom, "
         "fordi udbetalingen kan påvirke modtagerens sociale ydelser (art. 9, stk. 2, litra b)",
         ("perdiem.manage", "budget.manage"),
         "5 år efter regnskabsårets udløb (bogføringsloven § 12).",
         special=True),
    Kind("messages", "Beskeder sendt til personen og SMS-svar fra personen",
         "Rådets medlemmer, suppleanter og gæster",
         "At levere indkaldelser og påmindelser og at kunne se, om de nåede frem.",
         _E, ("outbox.manage",),
         "Teksten slettes det antal dage efter afsendelsen, som forretningsordenen angiver; modtager, emne og "
         "tidspunkt bevares.",
         settings=("retention_outbox_body_days",)),
    Kind("candidacy", "Kandidaturer (ansøgninger om en plads)",
         "Borgere, der søger, og de indstillede",
         "At rådet og kommunalbestyrelsen kan vælge og udpege medlemmer.",
         _E, ("recruitment.manage",),
         "Kandidaturer, der ikke førte til udpegning, slettes det antal måneder efter udpegningen, som "
         "forretningsordenen angiver.",
         settings=("retention_candidacy_months",)),
    Kind("citizen_message", "Henvendelser fra borgere (\"Skriv til rådet\")",
         "Borgere",
         "At rådet kan tage borgernes erfaringer op og svare.",
         "Art. 6, stk. 1, litra e; art. 9, stk. 2, litra a (borgeren skriver selv, og teksten kan røbe "
         "helbred eller sociale forhold)",
         ("messages.view",),
         "Slettes det antal måneder efter modtagelsen, som forretningsordenen angiver.",
         special=True, settings=("retention_citizen_message_months",)),
    Kind("citizen_signup", "Borgeres tilmeldinger til arrangementer",
         "Borgere",
         "At holde styr på pladser og kunne ringe, hvis arrangementet ændres.",
         "Art. 6, stk. 1, litra a og e", ("events.citizens",),
         "Slettes det antal dage efter arrangementet, som forretningsordenen angiver.",
         settings=("retention_citizen_signup_days",)),
    Kind("subscription", "Borgeres abonnementer på nyheder fra rådet",
         "Borgere",
         "At sende referater, høringssvar, beretninger og arrangementer til dem, der har bedt om det.",
         "Art. 6, stk. 1, litra a (samtykke, bekræftet ved e-mail)", ("outbox.manage",),
         "Til borgeren afmelder sig (link i hver e-mail). Vises ikke på nogen side; bruges kun til udsendelsen."),
    Kind("account", "Brugerkonto og log-in",
         "Alle, der logger ind: medlemmer, sekretariat, kommunens medarbejdere",
         "At give adgang til rådets interne sider og beskytte dem.",
         _E, ("roster.manage",),
         "Så længe kontoen bruges; engangskoder udløber efter få minutter."),
    Kind("staff", "Sekretariat, kommunens medarbejdere og modtagere hos kommunen",
         "Kommunens medarbejdere og kontaktpersoner hos organisationer",
         "At vise, hvem der er rådets sekretariat, og hvem breve og høringssvar sendes til.",
         _E, ("council.view_internal",),
         "Så længe personen har rollen."),
    Kind("mentions", "Navne i rådets tekster (referat, beslutninger, dissens, beretning)",
         "Alle, der nævnes",
         "At rådets dokumenter er fuldstændige.",
         _E, ("meetings.view",),
         "Bevares med dokumentet (arkivloven); navne uden samtykke erstattes af rollen på offentlige sider, "
         "og ved sletning efter art. 17 i selve teksten.",
         public="Gennem offentlighedspolitikken: fulde navne uden samtykke erstattes af rollen."),
    Kind("audit", "Log over ændringer, log-ins og udtræk",
         "Alle, der ændrer noget i Stemme, og dem ændringen handler om",
         "Sikkerhed og dokumentation af, hvem der gjorde hvad (art. 5, stk. 2, og art. 32).",
         "Art. 6, stk. 1, litra c og e", ("audit.view",),
         "Bevares; følsomme felter er maskeret, og ved sletning efter art. 17 gemmes at det skete, ikke hvad der "
         "blev fjernet."),
]}


def _fields(spec: dict[str, str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for kind, names in spec.items():
        for name in names.split():
            if name in out:
                raise ValueError(f"{name} is classified twice")
            out[name] = None if kind == "-" else kind
    return out


# Model (app_label.model_name) -> field name -> kind key, or None for a field that is not personal.
# "-" lists the fields that are not personal. First drafted by a script from the models, then read
# and decided field by field.
FIELDS: dict[str, dict[str, str | None]] = {label: _fields(spec) for label, spec in {
    # --- core
    "core.searchdocument": {"-": "id council kind object_id audience permission year date title body url updated_at"},
    "core.generateddocument": {"-": "id council file name content_type size kind key language sha256 created_at"},
    "core.auditevent": {"audit": "actor before after", "-": "id council action object_type object_id created_at"},
    # --- accounts
    "accounts.user": {"account": "password last_login email phone name is_active date_joined",
                      "-": "id is_superuser is_staff groups user_permissions"},
    "accounts.logincode": {"account": "user address token", "-": "id name valid_until throttling_failure_timestamp "
                           "throttling_failure_count confirmed channel created_at"},
    # --- councils
    "councils.municipality": {"staff": "staff", "-": "id name slug code"},
    "councils.council": {"staff": "secretaries", "-": "id municipality kind name slug preset email phone is_active "
                         "created_at public_generation content_generation"},
    "councils.councilsecretary": {"staff": "user since", "-": "id council"},
    "councils.taxonomyterm": {"-": "id council scheme name position"},
    "councils.termsofreference": {"work": "created_by", "-": "id council version valid_from text created_at"},
    "councils.rulesofprocedure": {"work": "created_by", "-": (
        "id council version valid_from meetings_per_year agenda_notice_days proposal_deadline_days quorum_percent "
        "tie_break substitute_mode substitute_attendance per_diem members_min members_max "
        "lived_experience_min_percent lived_experience_min_reason term_years meeting_time_note per_diem_rate "
        "formandskab_approves_responses deadline_reminder_days publish_positions text retention_candidacy_months "
        "retention_former_member_months retention_citizen_signup_days retention_citizen_message_months "
        "retention_outbox_body_days created_at")},
    "councils.term": {"-": "id council name start end"},
    "councils.seatcategory": {"-": "id council term name min_seats max_seats lived_experience municipal_board "
                              "per_diem open_to_applicants position"},
    "councils.organisation": {"staff": "email phone", "-": "id council name nominates"},
    "councils.person": {"identity": "name public_title organisation notes created_at",
                        "contact": "email phone address preferred_channel wants_reminders",
                        "consent": "publish_name share_contact photo_consent",
                        "lived_experience": "lived_experience", "account": "user", "-": "id council"},
    "councils.consent": {"consent": "person kind given method recorded_at recorded_by", "-": "id council"},
    "councils.membership": {"membership": "person role status seat_category substitute_for nominated_by nominated_on "
                            "appointment_date appointment_reference start end end_reason end_note",
                            "-": "id council term"},
    "councils.position": {"membership": "person kind start end", "-": "id council"},
    "councils.recruitmentcall": {"-": "id council term title text deadline selection_criteria published created_at"},
    "councils.candidacy": {"candidacy": "kind name email phone address preferred_channel organisation_name "
                           "nominated_by motivation wish seat_category publish_name submitted_at status decision_role "
                           "decision_seat_category decision_substitute_for review_note person",
                           "lived_experience": "lived_experience", "-": "id council call"},
    "councils.appointment": {"work": "created_by", "-": "id council call decision_date reference created_at"},
    "councils.plainword": {"work": "created_by", "-": "id council word plain created_at"},
    # --- meetings
    "meetings.meeting": {"-": "id council kind title starts_at ends_at location joint_with public status "
                         "agenda_published_at held_at minutes_approved_at minutes_approved_how minutes_published_at "
                         "agenda_late_reason minutes_intro created_at"},
    "meetings.agendaitem": {"work": "responsible proposed_by decline_reason", "mentions": "decision dissent",
                            "-": "id council meeting position kind standard title case_text recommendation closed "
                                 "publish_title publish_decision proposal_status standard_as_of sent_number "
                                 "supplementary supplement_sent_at carried_to_term minutes_version created_at"},
    "meetings.attachment": {"-": "id council file name content_type size item uploaded_at"},
    "meetings.attendance": {"participation": "person membership status stands_in_for is_guest invited_at afbud_at "
                            "afbud_note coming_at answered_via reading_revoked_at reminded_at",
                            "-": "id council meeting short_code"},
    "meetings.conflictofinterest": {"participation": "person note", "-": "id council item"},
    "meetings.vote": {"-": "id council item question yes no abstain carried tie_broken_by_chair created_at"},
    "meetings.ballot": {"votes": "person choice", "-": "id council vote"},
    "meetings.actionitem": {"work": "owners", "-": "id council meeting item title due status status_note closed_on "
                            "carried_to_term reminded_for_due created_at"},
    "meetings.minutesapproval": {"participation": "person approved_at", "-": "id council meeting"},
    "meetings.easyreadminutes": {"work": "published_by updated_by", "-": "id council body status published_at lix "
                                 "version updated_at meeting"},
    "meetings.actionitemowner": {"work": "person", "-": "id council actionitem"},
    # --- hearings
    "hearings.committee": {"-": "id municipality name abbreviation is_active created_at"},
    "hearings.committeemeeting": {"-": "id municipality committee starts_at location url source external_id "
                                  "created_at updated_at"},
    "hearings.committeeagendaitem": {"-": "id municipality meeting number case_code title url case_text closed "
                                     "external_id created_at updated_at"},
    "hearings.committeefollow": {"work": "members", "staff": "recipient_name recipient_email",
                                 "-": "id council committee comment_days_before since"},
    "hearings.itemcomment": {"work": "updated_by", "-": "id council item relevant text version updated_at"},
    "hearings.commentletter": {"work": "approved_by sent_by", "staff": "recipient_name recipient_email",
                               "-": "id council committee_meeting status deadline intro closing sent_sections "
                                    "approved_at sent_at published created_at"},
    "hearings.consultation": {"work": "sent_by owners", "staff": "recipient_name recipient_email",
                              "-": "id council title committee sender summary received_on deadline status draft "
                                   "draft_version approval_route agenda_item approved_at approval_note sent_at "
                                   "sent_text outcome outcome_recorded_at published created_at"},
    "hearings.consultationpartner": {"-": "id council consultation added_at"},
    "hearings.consultationmaterial": {"-": "id council file name content_type size consultation url added_at"},
    "hearings.draftversion": {"work": "author author_name", "-": "id council consultation number text note created_at"},
    "hearings.draftcomment": {"work": "author author_name text", "-": "id council consultation version_number "
                              "created_at"},
    "hearings.formandskabapproval": {"participation": "person user position approved_at",
                                     "-": "id council consultation draft_version"},
    "hearings.deadlinereminder": {"-": "id council kind object_id deadline queued_at recipients"},
    "hearings.committeefollowmember": {"work": "person", "-": "id council committeefollow"},
    "hearings.consultationowner": {"work": "person", "-": "id council consultation"},
    # --- activities
    "activities.idea": {"work": "proposed_by created_by", "citizen_message": "citizen_name",
                        "-": "id council year title description source meeting status created_at"},
    "activities.ideavote": {"votes": "person dots rank", "-": "id council idea updated_at"},
    "activities.theme": {"work": "owner", "-": "id council year priority title description idea status status_note "
                         "postponed_until resurfaced_item created_at agenda_items consultations events"},
    "activities.workinggroup": {"work": "members", "-": "id council name purpose is_active created_at"},
    "activities.groupnote": {"work": "author author_name text", "-": "id council group created_at"},
    "activities.grouptask": {"work": "owners", "-": "id council group title due done_at created_at"},
    "activities.event": {"work": "reported_by", "mentions": "report",
                         "-": "id council kind own title starts_at ends_at place organiser description url capacity "
                              "signup_deadline is_public public_capacity accessibility meal citizens_signed_up "
                              "citizens_attended reported_at report_item created_at"},
    "activities.eventsignup": {"participation": "person status signed_up_at reminded_at", "-": "id council event"},
    "activities.citizensignup": {"citizen_signup": "name phone status created_at promoted_at cancel_token",
                                 "-": "id council event"},
    "activities.themeagendaitem": {"-": "id council theme agendaitem"},
    "activities.themeconsultation": {"-": "id council theme consultation"},
    "activities.themeevent": {"-": "id council theme event"},
    "activities.workinggroupmember": {"work": "person", "-": "id council workinggroup"},
    "activities.grouptaskowner": {"work": "person", "-": "id council grouptask"},
    # --- finance
    "finance.budget": {"-": "id council year amount note updated_at"},
    "finance.expense": {"per_diem": "person date category status amount description", "work": "created_by",
                        "-": "id council meeting event created_at"},
    "finance.receipt": {"per_diem": "file name", "-": "id council content_type size expense uploaded_at"},
    "finance.perdiemoptout": {"per_diem": "person since until note", "-": "id council created_at"},
    # --- library
    "library.tag": {"-": "id council name"},
    "library.document": {"work": "added_by", "-": "id council file content_type size title source year description "
                         "url search added_at tags themes"},
    "library.documenttag": {"-": "id council document tag"},
    "library.documenttheme": {"-": "id council document theme"},
    # --- reports
    "reports.reportboilerplate": {"-": "id council text updated_at"},
    "reports.annualreport": {"work": "approved_by created_by", "staff": "sent_to",
                             "-": "id council year period_start period_end title status members_on working_group "
                                  "agenda_item approved_at published_at sent_at created_at"},
    "reports.reportsection": {"work": "updated_by", "mentions": "body",
                              "-": "id council report kind position included title draft chart figures drafted_at "
                                   "edited version updated_at"},
    "reports.reportversion": {"work": "approved_by", "-": "id council report number sections sha256 meeting "
                              "approved_at"},
    "reports.easyreadreport": {"work": "published_by updated_by", "-": "id council body status published_at lix "
                               "version updated_at report"},
    # --- privacy
    "privacy.erasure": {"audit": "person role_label performed_at performed_by", "-": "id council counts"},
    # --- notifications
    "notifications.outboxmessage": {"messages": "person to_address subject body attachments headers sent_at "
                                    "delivery_status delivered_at",
                                    "-": "id council channel kind meeting status attempts last_error send_after "
                                         "created_at provider_ref"},
    "notifications.inboundsms": {"messages": "person from_number text received_at outcome note handled_at",
                                 "work": "handled_by", "-": "id council to_number provider_ref meeting reply "
                                 "created_at"},
    "notifications.citizensubscription": {"subscription": "email minutes responses reports events confirmed_at "
                                          "confirm_sent_at alerted_through unsubscribe_token",
                                          "-": "id council created_at"},
    # --- public
    "public.citizenmessage": {"citizen_message": "kind text name contact contact_kind reply_text created_at",
                              "work": "replied_by handled_by",
                              "-": "id council status idea agenda_item replied_at told_outcome told_at handled_at"},
}.items()}


# --- Reading the models ----------------------------------------------------------------------------

def own_models() -> list[type[models.Model]]:
    """The concrete models of Stemme's own apps (not Django's nor third parties')."""
    base = str(settings.BASE_DIR)
    found = []
    for config in django_apps.get_app_configs():
        if not config.path.startswith(base) or "/.venv/" in config.path or "site-packages" in config.path:
            continue
        found += [m for m in config.get_models() if not m._meta.proxy and not m._meta.abstract]
    return sorted(found, key=lambda m: m._meta.label_lower)


def model_fields(model: type[models.Model]) -> list[Any]:
    return [*model._meta.concrete_fields, *model._meta.local_many_to_many]


def unclassified() -> list[str]:
    """``app.model.field`` of every field the record does not classify."""
    missing = []
    for model in own_models():
        declared = FIELDS.get(model._meta.label_lower, {})
        missing += [f"{model._meta.label_lower}.{f.name}" for f in model_fields(model) if f.name not in declared]
    return missing


def stale() -> list[str]:
    """Classified fields (or models) that no longer exist, and unknown kinds."""
    present = {m._meta.label_lower: {f.name for f in model_fields(m)} for m in own_models()}
    out = []
    for label, fields in FIELDS.items():
        for name, kind in fields.items():
            if name not in present.get(label, set()):
                out.append(f"{label}.{name}")
            if kind is not None and kind not in KINDS:
                out.append(f"{label}.{name}: unknown kind {kind}")
    return out


def roles_seeing(kind: Kind) -> list[Role]:
    """The roles that hold any of the kind's permissions, in the order of ``Role``."""
    held = set().union(*(POLICY[p] for p in kind.seen_by))
    return [r for r in Role if r in held]


def fields_of(kind_key: str) -> list[tuple[Any, Any]]:
    """(model, field) of every field of a kind, in model order."""
    out = []
    for model in own_models():
        declared = FIELDS.get(model._meta.label_lower, {})
        out += [(model, f) for f in model_fields(model) if declared.get(f.name) == kind_key]
    return out


def setting_fields(kind: Kind) -> list[Any]:
    """The ``RulesOfProcedure`` fields a kind's retention refers to (a missing one raises)."""
    rules = django_apps.get_model("councils", "RulesOfProcedure")
    return [rules._meta.get_field(name) for name in kind.settings]


def figures() -> dict[str, int]:
    counts = Counter(kind is not None for fields in FIELDS.values() for kind in fields.values())
    return {"models": len(own_models()), "fields": counts[True] + counts[False], "personal": counts[True],
            "kinds": len(KINDS), "special": sum(1 for k in KINDS.values() if k.special)}


ROLE_NAMES: dict[Role, str] = {
    Role.PLATFORM_ADMIN: "platformens administrator", Role.SECRETARIAT: "sekretariatet", Role.CHAIR: "formanden",
    Role.VICE_CHAIR: "næstformanden", Role.MEMBER: "medlemmer", Role.SUBSTITUTE: "suppleanter",
    Role.GUEST: "gæster", Role.PUBLIC: "alle",
}


def seen_by_text(kind: Kind) -> str:
    return ", ".join(ROLE_NAMES[r] for r in roles_seeing(kind))


def settings_text(kind: Kind) -> list[str]:
    """"afviste kandidaturer slettes (måneder efter udpegningen)" (`retention_candidacy_months`,
    standard 6) for each setting of a kind."""
    return [f"{field.verbose_name} (`{field.name}`, standard {field.default})" for field in setting_fields(kind)]
