"""The top layer: what reads across every app (emulation ← clusters ← scoring ← reports).

The start page (dashboard), the demo seeding (`seed_demo`), the benchmark command (`bench`)
and, beside this package, the URL root (emulation/urls.py). Nothing below imports from here;
import-linter holds the line (pyproject.toml, `make lint`).
"""
