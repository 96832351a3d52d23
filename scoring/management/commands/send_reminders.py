"""`manage.py send_reminders`, run daily (cron): reminds members and secretariats of deadlines
that are near, once per deadline."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from scoring import services


class Command(BaseCommand):
    help = "Remind members and secretariats of deadlines within the next days (once each)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=services.REMINDER_DAYS,
            help="remind of deadlines this many days ahead or fewer",
        )

    def handle(self, *args, days: int, **options) -> None:
        sent = services.reminders_send(today=timezone.localdate(), days=days)
        self.stdout.write(f"reminders sent: {sent}")
