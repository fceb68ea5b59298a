"""Build the browser tests' site in an empty database: `python -m tests.browser.prepare_site`.

Run in a subprocess with DJANGO_SETTINGS_MODULE, DATABASE_URL and MEDIA_ROOT pointing at
throwaway places: the demo content as `make run` loads it, the development administrator
(a superuser, as `prepare_dev_site` creates it), one member of each editorial group, a
register manager, a cooperative's representative, and two alert subscriptions whose links
the tests can make (their keys are below): one confirmed, following two demo cooperatives and
a listing, one waiting for its confirmation.
"""

import django

# Keys of the alert subscriptions (alerts.tokens signs them with the test settings' secret).
ALERT_KEY = "a1" * 16
WAITING_KEY = "b2" * 16
WAITING_REQUEST = "c3" * 8
# Keys of the requests for quotes (quotes.tokens signs them): one approved and sent to a demo
# cooperative, which answered; one waiting for its confirmation.
QUOTE_KEY = "d4" * 16
QUOTE_RECIPIENT_KEY = "e5" * 16
QUOTE_WAITING_KEY = "f6" * 16


def main() -> None:
    django.setup()

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from demo.management.commands.prepare_dev_site import DEV_PASSWORD, DEV_USERNAME
    from tests.browser.people import EDITOR, MANAGER, MODERATOR, PASSWORD

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo_content", verbosity=0)
    User = get_user_model()
    User.objects.create_superuser(DEV_USERNAME, "admin@example.org", DEV_PASSWORD)
    for username, group in [
        (EDITOR, "Editors"),
        (MODERATOR, "Moderators"),
        (MANAGER, "Register managers"),
    ]:
        user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
        user.groups.add(Group.objects.get(name=group))
    alert_subscriptions()
    quote_requests()
    representative()


def representative() -> None:
    """The representative of a cooperative whose mark ends in about a month (the demo's
    dates follow today), for the renewal's journey."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from register.models import Cooperative
    from representatives.models import GROUP_NAME, Representative
    from tests.browser.people import PASSWORD, RENEWING, REPRESENTATIVE

    cooperative = Cooperative.objects.get(name=RENEWING, locale__language_code="it")
    user = get_user_model().objects.create_user(
        REPRESENTATIVE, f"{REPRESENTATIVE}@example.org", PASSWORD
    )
    user.groups.add(Group.objects.get(name=GROUP_NAME))
    Representative.objects.create(user=user, cooperative=cooperative)


def quote_requests() -> None:
    import datetime

    from django.utils import timezone

    from quotes.models import QuoteRequest, Recipient, RequestFigures, State
    from register.models import Cooperative

    today = timezone.localdate()
    fields = {
        "title": "Pulizia degli uffici",
        "description": "Pulizia serale di 400 m² di uffici.",
        "sectors": ["pulizie"],
        "area": "bg-valle-seriana",
        "expected_start": today + datetime.timedelta(days=40),
        "answer_by": today + datetime.timedelta(days=20),
        "company": "Officine Esempio S.p.A.",
        "contact_name": "Paola Esempio",
        "email": "paola@example.org",
        "language": "it",
    }
    approved = QuoteRequest.objects.create(
        key=QUOTE_KEY, state=State.APPROVED, confirmed_at=timezone.now(), **fields
    )
    RequestFigures.objects.create(request=approved, year=today.year, sectors=["pulizie"])
    cooperative = Cooperative.objects.public().filter(email__gt="").order_by("name").first()
    Recipient.objects.create(
        request=approved,
        cooperative=cooperative,
        name=cooperative.name,
        email=cooperative.email,
        language="it",
        key=QUOTE_RECIPIENT_KEY,
        answer="interested",
        message="Possiamo fare un sopralluogo la settimana prossima.",
        contact_name="Referente Esempio",
        contact_email="referente@example.org",
    )
    QuoteRequest.objects.create(key=QUOTE_WAITING_KEY, **fields)


def alert_subscriptions() -> None:
    from django.utils import timezone

    from alerts.models import FollowedListing, FollowedNumber, Subscription

    now = timezone.now()
    buyer = Subscription.objects.create(
        email="acquisti@example.org", language="it", key=ALERT_KEY, confirmed_at=now
    )
    for vat in ("39043130168", "39042220168"):  # Carico Giusto (active), Spazi Lindi (suspended)
        FollowedNumber.objects.create(subscription=buyer, kind="vat", number=vat, confirmed_at=now)
    FollowedListing.objects.create(subscription=buyer, sector="pulizie", confirmed_at=now)
    waiting = Subscription.objects.create(
        email="attesa@example.org", language="it", key=WAITING_KEY
    )
    FollowedNumber.objects.create(
        subscription=waiting, kind="vat", number="39043130168", request_key=WAITING_REQUEST
    )


if __name__ == "__main__":
    main()
