"""The URL root, part of the top layer (emulation.site): it includes every app's pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clusters.accounts.forms import LoginForm
from emulation.health import healthz
from emulation.site.views import dashboard

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("", include("clusters.urls")),
    path("", include("scoring.urls")),
    path("", include("reports.urls")),
    path("", include("clusters.accounts.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Password reset by e-mail: Django's own views, with the application's templates.
    path("accounts/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
