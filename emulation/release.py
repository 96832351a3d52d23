"""Which release of the application is running, as a digest of its code and templates.

A shared cache (Redis, or the database's table) outlives a release: what the old code
computed or rendered (a ranking, the content of the ranking's page) would be served by the
new one until its year's revision moved. Its keys start with this digest (settings, CACHES),
so a release with any file changed starts from an empty key space, and servers running the
same release share their entries. No Django here: the settings import it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# What shapes what is kept in the cache: the application's code and its templates.
FOLDERS = ("emulation", "clusters", "scoring", "reports", "templates")
SUFFIXES = frozenset({".py", ".html", ".svg", ".txt"})


def code_digest(root: Path) -> str:
    """A digest of every code and template file under the application's folders in `root`
    (their paths and contents), the same on every server that runs the same files."""
    digest = hashlib.blake2b(digest_size=8)
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()
