"""The one schedule of `celery beat` (settings.CELERY_BEAT_SCHEDULE).

Run one beat for the whole deployment. Each scheduled task is also safe to run twice (the
reminders are recorded once per deadline, the outbox claims each e-mail, a stalled batch is
taken over by one worker only, an import is applied once), so a second beat started by
mistake sends nothing twice.

Tasks are named, not imported, so this module depends on no app. A daily job is one more
entry here.
"""

from __future__ import annotations

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Deadlines near: members that have not submitted, the secretariat of its review.
    "daily-reminders": {
        "task": "scoring.tasks.reminders_send",
        "schedule": crontab(hour=7, minute=30),
    },
    # The daily digest of notifications, for those who chose it (clusters.notifications).
    "daily-digest": {"task": "clusters.tasks.digest_send", "schedule": crontab(hour=7, minute=0)},
    # E-mails whose task could not be queued (broker down) or that wait for a retry.
    "outbox": {"task": "clusters.tasks.outbox_send", "schedule": 60.0},
    # Jobs a worker or the broker lost (a batch whose worker died, an import never applied):
    # queued again, for another worker to take over.
    "stalled-jobs": {"task": "emulation.site.tasks.stalled_jobs_resume", "schedule": 60.0},
}
