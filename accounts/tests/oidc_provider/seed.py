"""Prepares the test provider from a JSON spec (path in IDP_SEED): its database, an RSA signing key,
the clients (relying parties) and the users who can sign in. Run inside the provider project:
``manage.py shell -c "import seed; seed.run()"``. Running it again updates clients and users."""

import json
import os

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from oidc_provider.models import Client, ResponseType, RSAKey


def run():
    spec = json.loads(open(os.environ["IDP_SEED"], encoding="utf-8").read())
    call_command("migrate", verbosity=0, interactive=False)
    if not RSAKey.objects.exists():
        call_command("creatersakey")
    code = ResponseType.objects.get(value="code")
    for item in spec["clients"]:
        client, _ = Client.objects.update_or_create(
            client_id=item["client_id"],
            defaults={"name": item["client_id"], "client_type": "confidential",
                      "client_secret": item["client_secret"], "jwt_alg": "RS256",
                      "require_consent": False, "reuse_consent": True})
        client.redirect_uris = item["redirect_uris"]
        client.post_logout_redirect_uris = item.get("post_logout_redirect_uris", [])
        client.scope = item.get("scope", [])
        client.save()
        client.response_types.set([code])
    for item in spec["users"]:
        user, _ = User.objects.update_or_create(
            username=item["username"],
            defaults={"email": item["email"], "first_name": item.get("first_name", ""),
                      "last_name": item.get("last_name", "")})
        user.set_password(item["password"])
        user.save()
        user.groups.set([Group.objects.get_or_create(name=name)[0] for name in item.get("groups", [])])
