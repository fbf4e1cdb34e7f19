"""Stemme's production stack: nginx, gunicorn and systemd configuration (README, "Running in
production"); ``deploy.localstack`` runs it on loopback for the tests and the HTTP bench."""
