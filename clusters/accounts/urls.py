from django.urls import path

from emulation import ids  # noqa: F401 (registers the <id:…> converter)

from . import views

app_name = "accounts"

urlpatterns = [
    path("accounts/me/", views.profile, name="profile"),
    path("accounts/two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/off/", views.two_factor_disable, name="two_factor_disable"),
    path("accounts/invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("agencies/<id:pk>/staff/", views.staff_list, name="staff_list"),
    path("agencies/<id:pk>/staff/invite/", views.invitation_create, name="invitation_create"),
    path(
        "agencies/<id:pk>/staff/invitations/<id:invitation_pk>/cancel/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path(
        "agencies/<id:pk>/staff/<id:user_pk>/deactivate/",
        views.staff_deactivate,
        name="staff_deactivate",
    ),
    path(
        "agencies/<id:pk>/staff/<id:user_pk>/reactivate/",
        views.staff_reactivate,
        name="staff_reactivate",
    ),
    path("agencies/<id:pk>/staff/<id:user_pk>/admin/", views.staff_admin, name="staff_admin"),
]
