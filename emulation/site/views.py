"""The start page (the dashboard): what each person needs to act on now."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .dashboard import dashboard_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "clusters/dashboard.html", dashboard_for(request.user))
