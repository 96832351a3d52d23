"""The report tests write their files (uploads, cached documents) under a temporary folder."""

import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
