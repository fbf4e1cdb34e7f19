"""Demo data for "Skriv til rådet" (``manage.py seed_demo``, after the council's year): three
messages from citizens of Albertslund, through the real services. A concern about cold evenings
at the drop-in centre, with an e-mail address, that the secretariat put in the 2026 idea
catalogue and the council chose as a theme – the citizen was told by the feedback loop; a
question about the council's meetings, with a mobile number, answered by SMS; and a new,
anonymous suggestion that waits for the secretariat. The messages the demo queues are marked
as sent when they were queued (``hearings.demo._settle_outbox``), so the worker never mails
the past. Skipped when the council has messages already, so seeding again changes nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from activities.services import themes as theme_services
from activities.services.themes import ThemePick
from core.demo import DemoRun
from councils.demo import seed_each_council
from councils.models import Council
from hearings.demo import _historic, _last_message_id, _settle_outbox
from public.models import CitizenMessage, MessageKind
from public.services import messages as services

ADDED = "henvendelser fra borgere i {slug}"


def seed_council_messages(council: Council, users) -> bool:
    if council.slug != "albertslund" or CitizenMessage.objects.filter(council=council).exists():
        return False
    sek = users.get("sek_albertslund")
    today = timezone.localdate()
    first_outbox = _last_message_id()
    with _historic() as clock:
        clock.at(today - dt.timedelta(days=20), 22)
        cold = services.message_submit(
            council=council, kind=MessageKind.CONCERN, contact="kirsten.demo@example.org",
            text=("Om aftenen er der koldt i værestedet, fordi varmen bliver skruet ned kl. 17. Mange af os "
                  "har ingen andre steder at være. Kan rådet tale med kommunen om varme om aftenen?"))
        clock.at(today - dt.timedelta(days=18), 10)
        cold = services.message_to_idea(council=council, message=cold, actor=sek,
                                        title="Varme i værestedet om aftenen", description=cold.text)
        clock.at(today - dt.timedelta(days=12), 18)
        assert cold.idea is not None  # nosec B101  # message_to_idea sets it
        theme_services.themes_choose(council=council, year=cold.idea.year, actor=sek,
                                     picks=[ThemePick(idea=cold.idea, owner=None, priority=6)])
        clock.at(today - dt.timedelta(days=12), 18, 5)
        services.citizens_tell()
        clock.at(today - dt.timedelta(days=9), 14)
        question = services.message_submit(
            council=council, kind=MessageKind.SUGGESTION, name="Mads", contact="20 30 40 50",
            text="Må man komme og høre på rådets møder? Jeg vil gerne vide, hvornår de er.")
        clock.at(today - dt.timedelta(days=8), 9, 30)
        services.message_reply(council=council, message=question, actor=sek, text=(
            "Tak for dit spørgsmål. Rådets møder er lukkede, men du kan læse dagsorden og referat på rådets side. "
            "Rådet holder også borgermøder. Dem kan alle komme til."))
        clock.at(today - dt.timedelta(days=2), 20)
        services.message_submit(
            council=council, kind=MessageKind.SUGGESTION,
            text="Der mangler bænke ved stationen. Mange af os kan ikke stå op længe.")
    _settle_outbox(first_outbox)
    return True


def seed_demo(run: DemoRun) -> None:
    seed_each_council(run, seed_council_messages, added=ADDED)
