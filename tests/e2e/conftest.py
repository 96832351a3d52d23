"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

On failure the page's screenshot and HTML are saved under artifacts/e2e/.

`assert_accessible(page)` runs axe-core (vendored in tests/e2e/vendor/, MPL-2.0, test tooling
only: it is never served) on the page as it stands and fails on every serious or critical
violation.
"""

from __future__ import annotations

import datetime
import os
import re
import warnings
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from clusters.services import cluster_year_update
from scoring import services
from scoring.models import Assessment
from scoring.services import Entered
from tests.fixtures.scoring import CRITERIA, by_code

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR, "artifacts", "e2e")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# What makes a page unusable for someone (axe's "critical" and "serious"); "moderate" and
# "minor" findings are left to review.
BLOCKING_IMPACTS = ("critical", "serious")
# Playwright's sync API keeps an event loop in the test's thread; the ORM calls the tests make
# between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.e2e


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(params=["desktop"])
def viewport(request):
    return {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}[
        request.param
    ]


@pytest.fixture
def page(browser, live_server, viewport, request):
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="vi-VN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    # The pages run under their real Content-Security-Policy (no bypass_csp): what it blocks
    # (an inline script or style) is reported here, as the browser reports it.
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    for text in dict.fromkeys(blocked):
        warnings.warn(f"CSP: {text}", stacklevel=1)
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)
        (ARTIFACTS / f"{stem}.html").write_text(page.content(), encoding="utf-8")
    context.close()


@pytest.fixture
def log_in(page):
    def log_in_as(user, password: str):
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(user.username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/")

    return log_in_as


@pytest.fixture
def log_out(page):
    """Log out through the menu, unfolding it first on a phone."""
    from playwright.sync_api import expect

    def log_out_now():
        toggler = page.get_by_role("button", name="Mở trình đơn")
        if toggler.is_visible():
            toggler.click()
            # Bootstrap's collapse animates; a click during the animation can be lost.
            expect(page.locator("#nav-main")).to_have_class(re.compile(r"\bshow\b"))
        page.get_by_role("button", name="Đăng xuất").click()
        page.wait_for_url("**/accounts/login/")

    return log_out_now


@pytest.fixture
def assert_accessible():
    """assert_accessible(page): axe-core on the page as it stands; fails listing every
    critical or serious violation (rule, help and the first elements concerned), and when the
    page is wider than the screen.

    axe is evaluated through the DevTools protocol rather than added as a <script> tag: the
    site's CSP (script-src 'self') refuses inline scripts, and evaluating leaves the CSP on,
    so the journeys still see the pages exactly as users do.
    """
    source = AXE.read_text(encoding="utf-8")

    def check(page) -> None:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(source)
        violations = page.evaluate(
            """async () => {
                const results = await axe.run(document, {resultTypes: ["violations"]});
                return results.violations.map((v) => ({
                    id: v.id,
                    impact: v.impact,
                    help: v.help,
                    count: v.nodes.length,
                    targets: v.nodes.slice(0, 5).map((node) => node.target.join(" ")),
                }));
            }"""
        )
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        lines = []
        for v in blocking:
            lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['count']} element(s))")
            lines.extend(f"    {target}" for target in v["targets"])
        # Reflow (WCAG 1.4.10): the page never scrolls sideways; a wide table scrolls in its box.
        width, screen = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if width > screen:
            lines.append(f"- [reflow] the page is {width} px wide on a {screen} px screen")
        if lines:
            pytest.fail(
                "\n".join([f"accessibility violation(s) on {page.url}:", *lines]), pytrace=False
            )

    return check


# The scoring journeys' year (self-assessment, Excel, review) ---------------------------------

# The smallest file the upload check takes for a PDF (it reads the type from the content).
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# What the members A, B and D scored (value, target), all kept as their final scores.
OTHERS = {
    "A": {"1.1": 9, "1.2": 5, "1.3": 3, "2.1": (80, 100)},
    "B": {"1.1": 8, "1.2": 5, "1.3": 2, "2.1": (100, 100)},
    "D": {"1.1": 6, "1.2": 0, "1.3": 1, "2.1": (50, 100)},
}


def _final_assessment(membership, scores: dict) -> Assessment:
    """An assessment taken through self-assessment, submission and finalisation."""
    assessment = services.assessment_open(membership=membership, by=None)
    ids = by_code(assessment)
    entries = {}
    for code, value in scores.items():
        value, target = value if isinstance(value, tuple) else (value, None)
        entries[ids[code]] = Entered(
            value=Decimal(value), target=None if target is None else Decimal(target)
        )
    services.assessment_save_self(
        assessment=assessment, entries=entries, revision=assessment.revision, by=None
    )
    score = assessment.scores.get(criterion_id=ids["1.1"])
    services.evidence_add(
        score=score,
        upload=SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf"),
        by=None,
    )
    services.assessment_submit(assessment=assessment, by=None)
    # Nobody checks access in the services: the head's own assessment is finalised here as
    # the deputy would finalise it.
    return services.assessment_finalise(assessment=assessment, by=None)


@pytest.fixture
def criteria_year(world, settings, tmp_path):
    """The world's 2025 with CRITERIA and a self-assessment deadline a month ahead; uploads
    go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    services.criteria_replace(cluster_year=world.year, rows=CRITERIA, by=None)
    cluster_year_update(
        cluster_year=world.year,
        self_assessment_deadline=timezone.localdate() + datetime.timedelta(days=30),
        by=None,
    )
    return world.year


@pytest.fixture
def scoring_year(world, criteria_year):
    """criteria_year with the assessments of A, B and D final."""
    for letter, scores in OTHERS.items():
        _final_assessment(world.memberships[letter], scores)
    return world.year


@pytest.fixture
def evidence_pdf(tmp_path):
    """A PDF file on disk, for a page's file input."""
    path = tmp_path / "bao-cao-ket-qua.pdf"
    path.write_bytes(PDF)
    return path


@pytest.fixture
def confirmations(page):
    """Every confirmation the pages ask (data-confirm) is accepted; their texts are kept."""
    asked = []

    def accept(dialog):
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    return asked
