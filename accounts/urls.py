from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("log-ind/", views.LoginView.as_view(
        extra_context={"site_name": settings.STEMME_SITE_NAME}), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("glemt-adgangskode/", views.PasswordResetView.as_view(
        success_url=reverse_lazy("accounts:password_reset_done"),
        email_template_name="registration/password_reset_email.txt"), name="password_reset"),
    path("glemt-adgangskode/sendt/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("nulstil/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(
        success_url=reverse_lazy("accounts:password_reset_complete")), name="password_reset_confirm"),
    path("nulstil/faerdig/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
