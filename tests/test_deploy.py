"""Production settings pass Django's deployment checklist with no warning."""

import os
import subprocess
import sys

from django.conf import settings


def _production_environment() -> dict[str, str]:
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is a test-only switch, never in production.
    return {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY"}
    }


def test_check_deploy_is_clean_with_production_settings():
    environment = _production_environment() | {
        "DEBUG": "0",
        "SECRET_KEY": "k3y-for-the-deploy-check-" + "x7Q9pL2mZ8" * 5,
        "ALLOWED_HOSTS": "thidua.example.vn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    environment = _production_environment() | {"DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
