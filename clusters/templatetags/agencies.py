"""`{{ membership.agency|in_year:cluster_year.year }}`: an agency's name in a year's pages."""

from django import template

register = template.Library()


@register.filter
def in_year(agency, year) -> str:
    return agency.label_in_year(int(year))
