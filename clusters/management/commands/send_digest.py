"""The daily digest of notifications, for those who chose it (beat runs it; by hand: this)."""

from django.core.management.base import BaseCommand

from clusters.notifications import digest_send


class Command(BaseCommand):
    help = "E-mail each person who chose the daily digest the notifications since the last one."

    def handle(self, *args, **options):
        sent = digest_send()
        self.stdout.write(f"{sent} digest e-mail(s) queued.")
