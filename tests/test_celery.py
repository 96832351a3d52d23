"""The Celery application (emulation/celery.py) and beat's one schedule (emulation/schedule.py)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from clusters.models import Notification
from emulation.celery import app
from emulation.schedule import BEAT_SCHEDULE
from scoring.tasks import reminders_send


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    assert {entry["task"] for entry in BEAT_SCHEDULE.values()} <= set(app.tasks)


def test_the_settings_give_beat_the_schedule_and_tasks_are_acknowledged_late(settings):
    assert app.conf.beat_schedule == BEAT_SCHEDULE
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1


def test_the_daily_reminders_run_twice_remind_once(world):
    world.year.review_deadline = timezone.localdate() + datetime.timedelta(days=1)
    world.year.save()
    assert reminders_send.delay().get() == 1  # no broker configured: run in this process
    assert reminders_send.delay().get() == 0  # a second beat, or the task delivered again
    assert Notification.objects.filter(user=world.secretariat_user).count() == 1
