"""What a movement's content points to: the criteria that measure it, the commitments it
serves (the movement's planners choose them)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import Commitment, MovementContent
from clusters.movements.access import get_content_for_user
from emulation.service_forms import form_page

from ..models import Criterion
from ..movement_links import content_links_set, linkable_commitments, linkable_criteria


class CriterionChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Criterion) -> str:
        return _("%(criterion)s (criteria version %(version)s)") % {
            "criterion": obj,
            "version": obj.criteria_set.version,
        }


class CommitmentChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Commitment) -> str:
        return f"{obj.position}. {obj.text}"


class ContentLinksForm(forms.Form):
    criteria = CriterionChoices(
        label=gettext_lazy("Criteria that measure it"),
        queryset=Criterion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    commitments = CommitmentChoices(
        label=gettext_lazy("Covenant commitments it serves"),
        queryset=Commitment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, content: MovementContent, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].queryset = linkable_criteria(content)
        self.fields["criteria"].initial = list(
            content.criterion_links.values_list("criterion_id", flat=True)
        )
        self.fields["commitments"].queryset = linkable_commitments(content).select_related(
            "covenant"
        )
        self.fields["commitments"].initial = list(content.commitments.values_list("pk", flat=True))


@login_required
def content_links(request: HttpRequest, pk: int) -> HttpResponse:
    content = get_content_for_user(request.user, pk, write=True)
    movement = content.movement
    if movement.cluster_year_id is None:
        raise Http404  # an agency's movement has no covenant or criteria of a cluster
    form = ContentLinksForm(request.POST or None, content=content)
    return form_page(
        request,
        form,
        lambda: content_links_set(
            content=content,
            criteria=list(form.cleaned_data["criteria"]),
            commitments=list(form.cleaned_data["commitments"]),
            by=request.user,
        ),
        done=_("The links have been saved."),
        then=movement,
        title=_("Content %(number)s: criteria and commitments") % {"number": content.position},
        back=movement,
        intro=content.text,
    )
