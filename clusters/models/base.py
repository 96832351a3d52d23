"""What records of every kind share: the cluster year of their history, who acted on them,
an uploaded file."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditedInYear:
    """Audit log entries of a record that belongs to a cluster year carry that year's id, so
    the audit view can show each secretariat its own cluster's changes."""

    cluster_year_path = "cluster_year_id"  # attributes from the record to the year's id

    def get_additional_data(self) -> dict:
        value = self
        try:
            for name in self.cluster_year_path.split("."):
                value = getattr(value, name)
        except ObjectDoesNotExist:  # a cascade already removed the record's parents
            return {}
        return {"cluster_year": value}


def acting_user(verbose_name: str) -> models.ForeignKey:
    """Who did something to a record (created, recorded, signed it…): kept empty when the
    account is deleted, with no way back from the user to the records."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class Recorded(models.Model):
    """A record someone entered by hand: who recorded it, and when."""

    recorded_by = acting_user(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        abstract = True


class StoredFile(models.Model):
    """An uploaded file, kept under a safe name with the type read from its content
    (uploads.checked_upload) and served only through a view that checks access."""

    file = models.FileField(_("file"), max_length=255)  # upload_to: set by each kind
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = acting_user(_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name
