"""`{{ officer|role_in:cluster }}`: an officer's role in the words of its cluster or block."""

from django import template

register = template.Library()


@register.filter
def role_in(officer, cluster) -> str:
    return officer.role_label(cluster.kind)
