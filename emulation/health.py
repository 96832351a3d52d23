"""`/healthz`: the process is up and serving. For load balancers, and as the benchmarks'
ceiling (a request that does nothing but go through the middleware)."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
