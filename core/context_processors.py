from django.conf import settings


def stemme(request):
    return {
        "site_name": settings.STEMME_SITE_NAME,
        "council": getattr(request, "council", None),
        "access": getattr(request, "access", None),
    }
