"""Every database constraint of our models refuses in Vietnamese: a form or a service that
meets one shows its own message, never Django's “Constraint “…” is violated.”."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils import translation


def _our_models():
    root = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if root in path.parents and ".venv" not in path.parts:
            yield from config.get_models()


def _constraints():
    for model in _our_models():
        for constraint in model._meta.constraints:
            yield model, constraint


def test_the_walk_reaches_every_app_of_ours():
    labels = {model._meta.app_label for model in _our_models()}

    assert {"clusters", "scoring", "reports"} <= labels
    assert len(list(_constraints())) >= 40


def test_every_constraint_of_every_model_has_its_own_message():
    missing = [
        f"{model._meta.label}.{constraint.name}"
        for model, constraint in _constraints()
        if constraint.violation_error_message == constraint.default_violation_error_message
    ]

    assert missing == []


def test_every_constraint_message_reads_in_vietnamese():
    untranslated = []
    for model, constraint in _constraints():
        with translation.override("en"):
            english = str(constraint.get_violation_error_message())
        with translation.override("vi"):
            vietnamese = str(constraint.get_violation_error_message())
        if vietnamese == english or "Constraint" in vietnamese:
            untranslated.append(f"{model._meta.label}.{constraint.name}: {english}")

    assert untranslated == []
