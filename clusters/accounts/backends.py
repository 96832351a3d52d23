"""How the signed-in user of each request is read."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from clusters.access import with_roles
from clusters.models import User


class UserBackend(ModelBackend):
    """Django's username and password sign-in, whose user of each request comes with their
    agency and roles in one query (clusters.access.with_roles) instead of a query for each."""

    def get_user(self, user_id):
        user = with_roles(User.objects.filter(pk=user_id)).first()
        return user if user is not None and self.user_can_authenticate(user) else None
