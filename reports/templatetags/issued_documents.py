"""The register's word on one of the application's documents, for the page it is issued from
(a page of the clusters layer, which cannot import the register):
`{% latest_issue "covenant" covenant.pk as issued %}`."""

from __future__ import annotations

from django import template

from reports import register as document_register

register = template.Library()


@register.simple_tag
def latest_issue(source_kind: str, source_id: int, variant: str = ""):
    return document_register.latest_issue(source_kind, source_id, variant)
