"""Citizens' e-mail alerts, the notifications side (docs/workflows/feeds-and-alerts.md): double
opt-in with a signed link that expires after 7 days (a Danish refusal), one row per address and
council (a second sign-up sends a new link, at most one every few minutes), unsubscribing deletes
the row, unconfirmed sign-ups expire, and an alert carries List-Unsubscribe and
List-Unsubscribe-Post headers that arrive at a real SMTP server."""

import datetime as dt
import re

import pytest
from django.http import Http404
from django.utils import timezone

from core.errors import ApplicationError
from notifications import services
from notifications.models import CitizenSubscription, OutboxMessage

pytestmark = pytest.mark.django_db


def confirm_token_from(message: OutboxMessage) -> str:
    return re.search(r"/abonner/bekraeft/([^/\s]+)/", message.body).group(1)


def sign_up(council, email="Borger@Example.org ", topics=("minutes", "responses"), now=None):
    return services.subscription_request(council=council, email=email, topics=list(topics),
                                         base_url="https://stemme.example", now=now)


def moment(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def test_sign_up_stores_an_unconfirmed_subscription_and_queues_a_confirmation(council):
    subscription = sign_up(council)

    assert subscription.email == "borger@example.org"
    assert subscription.confirmed_at is None and subscription.topics == ["minutes", "responses"]
    message = OutboxMessage.objects.get(kind=services.CONFIRM_KIND)
    assert message.to_address == "borger@example.org" and message.council == council
    assert "https://stemme.example/nordby/abonner/bekraeft/" in message.body
    assert "referater, høringssvar" in message.body and "7 dage" in message.body


def test_confirming_sets_the_marker_and_the_topics_of_the_link(council):
    sign_up(council, topics=["minutes"])
    token = confirm_token_from(OutboxMessage.objects.get())
    now = timezone.now()

    subscription = services.subscription_confirm(council=council, token=token, now=now)
    again = services.subscription_confirm(council=council, token=token, now=now + dt.timedelta(hours=1))

    assert subscription.confirmed_at == now and subscription.alerted_through == now  # no back catalogue
    assert again.confirmed_at == now  # a second click changes nothing
    assert again.topics == ["minutes"]


def test_an_expired_link_is_refused_in_danish(council):
    sign_up(council, now=moment("2026-03-01 10:00"))
    token = confirm_token_from(OutboxMessage.objects.get())
    services.subscription_confirm(council=council, token=token, now=moment("2026-03-08 09:59"))  # in time: fine
    CitizenSubscription.objects.update(confirmed_at=None)

    with pytest.raises(ApplicationError) as refused:
        services.subscription_confirm(council=council, token=token, now=moment("2026-03-08 10:01"))

    assert refused.value.code == "expired"
    assert "Linket er for gammelt. Det virker kun i 7 dage" in str(refused.value.message)
    assert CitizenSubscription.objects.get().confirmed_at is None


def test_a_damaged_link_or_another_councils_link_is_refused(council, other_council):
    sign_up(council)
    token = confirm_token_from(OutboxMessage.objects.get())

    with pytest.raises(ApplicationError) as damaged:
        services.subscription_confirm(council=council, token=token[:-2] + "xx")
    with pytest.raises(Http404):
        services.subscription_confirm(council=other_council, token=token)
    CitizenSubscription.objects.all().delete()
    with pytest.raises(ApplicationError) as gone:
        services.subscription_confirm(council=council, token=token)

    assert damaged.value.code == "invalid" and gone.value.code == "gone"


def test_a_second_sign_up_makes_no_second_row_and_sends_a_new_link_kindly(council):
    first = sign_up(council, topics=["minutes"], now=moment("2026-03-01 10:00"))
    sign_up(council, email="borger@example.org", topics=["responses"], now=moment("2026-03-01 10:01"))  # no 2nd mail
    services.subscription_confirm(council=council, token=confirm_token_from(OutboxMessage.objects.get()),
                                  now=moment("2026-03-01 10:05"))
    sign_up(council, email="BORGER@example.org", topics=["minutes", "reports"],  # later: change the topics
            now=moment("2026-03-01 10:10"))

    assert CitizenSubscription.objects.count() == 1
    confirmations = list(OutboxMessage.objects.filter(kind=services.CONFIRM_KIND))
    assert len(confirmations) == 2
    assert "Du får allerede nyheder fra Udsatterådet Nordby" in confirmations[1].body
    assert CitizenSubscription.objects.get().topics == ["minutes"]  # unchanged until the new link is used
    changed = services.subscription_confirm(council=council, token=confirm_token_from(confirmations[1]),
                                            now=moment("2026-03-01 10:11"))
    assert changed.pk == first.pk and changed.topics == ["minutes", "reports"]


def test_a_sign_up_needs_a_topic_and_a_valid_address(council):
    with pytest.raises(ApplicationError) as no_topic:
        sign_up(council, topics=[])
    with pytest.raises(ApplicationError) as bad_address:
        sign_up(council, email="ikke en adresse")
    assert no_topic.value.field == "topics" and bad_address.value.field == "email"
    assert not CitizenSubscription.objects.exists() and not OutboxMessage.objects.exists()


def test_the_same_address_may_follow_two_councils(council, other_council):
    sign_up(council)
    sign_up(other_council)
    assert CitizenSubscription.objects.count() == 2


def test_cancel_deletes_the_row_and_a_second_cancel_is_no_error(council, other_council):
    subscription = sign_up(council)

    with pytest.raises(Http404):
        services.subscription_cancel(council=other_council, token=subscription.unsubscribe_token)
    assert services.subscription_cancel(council=council, token=subscription.unsubscribe_token) is True
    assert services.subscription_cancel(council=council, token=subscription.unsubscribe_token) is False
    assert not CitizenSubscription.objects.exists()


def test_unconfirmed_subscriptions_expire_after_a_week(council):
    sign_up(council, email="gammel@example.org", now=moment("2026-03-01 10:00"))
    confirmed = sign_up(council, email="bekraeftet@example.org", now=moment("2026-03-01 10:00"))
    services.subscription_confirm(council=council, token=confirm_token_from(OutboxMessage.objects.last()),
                                  now=moment("2026-03-01 10:30"))
    sign_up(council, email="ny@example.org", now=moment("2026-03-06 10:00"))

    assert services.subscriptions_expire(now=moment("2026-03-08 10:01")) == 1

    assert sorted(CitizenSubscription.objects.values_list("email", flat=True)) == [
        "bekraeftet@example.org", "ny@example.org"]
    assert confirmed.pk in CitizenSubscription.objects.values_list("pk", flat=True)


def test_an_alert_needs_a_confirmed_subscription(council):
    with pytest.raises(ApplicationError):
        services.subscription_alert_enqueue(council=council, subscription=sign_up(council), subject="Nyt", body="x")


def test_alert_headers_arrive_at_the_smtp_server(council, smtp_server, settings):
    settings.STEMME_BASE_URL = "https://stemme.example"
    subscription = sign_up(council)
    services.subscription_confirm(council=council, token=confirm_token_from(OutboxMessage.objects.get()))
    subscription.refresh_from_db()
    services.subscription_alert_enqueue(council=council, subscription=subscription, subject="Nyt fra rådet",
                                        body="Et nyt referat.")

    assert services.outbox_send_pending()["sent"] == 2
    mail = smtp_server.wait_for(2)[-1]

    url = f"https://stemme.example/nordby/abonner/afmeld/{subscription.unsubscribe_token}/"
    assert mail["List-Unsubscribe"].strip() == f"<{url}>"  # a long value is folded onto its own line (RFC 5322)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["Auto-Submitted"] == "auto-generated"
    body = mail.get_content()
    assert "Et nyt referat." in body and url in body
