# The Celery application is loaded with Django, so that tasks find it (emulation/celery.py).
from .celery import app as celery_app

__all__ = ["celery_app"]
