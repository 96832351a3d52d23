"""A shared cache's keys start with the digest of the release that wrote them."""

import os
import shutil
import subprocess
import sys

from django.conf import settings

from emulation.release import code_digest


def _release(root, template="<p>{{ total }}</p>"):
    (root / "templates" / "scoring").mkdir(parents=True)
    (root / "templates" / "scoring" / "ranking.html").write_text(template, encoding="utf-8")
    (root / "scoring").mkdir()
    (root / "scoring" / "ranking.py").write_text("TOTAL = 1\n", encoding="utf-8")
    return root


def test_the_same_files_give_the_same_digest_and_any_change_another(tmp_path):
    first = _release(tmp_path / "server-1")
    second = shutil.copytree(first, tmp_path / "server-2")
    assert code_digest(first) == code_digest(second)

    # What does not shape the cache's content changes nothing.
    (second / "README.md").write_text("notes", encoding="utf-8")
    (second / "scoring" / "__pycache__").mkdir()
    (second / "scoring" / "__pycache__" / "ranking.cpython-311.pyc").write_bytes(b"\0")
    assert code_digest(first) == code_digest(second)

    (second / "templates" / "scoring" / "ranking.html").write_text("<b>{{ total }}</b>", "utf-8")
    assert code_digest(first) != code_digest(second)
    moved = _release(tmp_path / "server-3")
    (moved / "scoring" / "ranking.py").rename(moved / "scoring" / "standing.py")
    assert code_digest(first) != code_digest(moved)


def test_a_shared_cache_keys_its_entries_by_the_release():
    environment = os.environ | {"CACHE_URL": "redis://127.0.0.1:6379/0"}
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.CACHES['default']['KEY_PREFIX'])",
        ],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == code_digest(settings.BASE_DIR)
