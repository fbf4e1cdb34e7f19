#!/usr/bin/env python
"""The test OpenID Connect provider (django-oidc-provider), started by accounts/tests/test_oidc.py."""

import os
import sys

if __name__ == "__main__":
    os.environ["DJANGO_SETTINGS_MODULE"] = "settings"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
