"""The register's word on a movement's plan, for the movement's page (a page of the clusters
layer, which cannot import the register): `{% issued_plan movement as plan %}`."""

from __future__ import annotations

from django import template

from reports.movement_issue import issued_plan as latest_issue

register = template.Library()


@register.simple_tag
def issued_plan(movement):
    return latest_issue(movement)
