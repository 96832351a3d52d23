"""The Celery application: background jobs (e-mail outbox, reminders, batch documents).

Its settings are Django's `CELERY_*` settings (emulation/settings.py, from the environment).
Without `CELERY_BROKER_URL` every task runs in the process that queues it, so `make run` and
the tests need no broker; with it (`redis://127.0.0.1:6379/1`) tasks go to the workers:

    celery -A emulation worker --concurrency 2
    celery -A emulation beat            # one, whatever the number of servers

The schedule of beat is emulation/schedule.py.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation.settings")

app = Celery("emulation")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
