"""Marking a person's notifications read."""

from __future__ import annotations

from django.utils import timezone

from ..models import (
    User,
)


def notifications_mark_read(*, user: User) -> int:
    return user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
