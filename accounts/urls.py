from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import mfa, oidc, views

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
    # Login without a password: a one-time code by e-mail or SMS, the link in the code's e-mail,
    # and passkeys (django-otp-webauthn's endpoints are under /konto/adgangsnoegle/, config/urls.py).
    path("kode/", views.code_request, name="code_request"),
    path("kode/indtast/", views.code_enter, name="code_enter"),
    path("link/<str:token>/", views.code_link, name="code_link"),
    path("sikkerhed/", views.security, name="security"),
    path("sikkerhed/adgangsnoegler/<int:pk>/fjern/", views.passkey_delete, name="passkey_delete"),
    # The municipality's login (accounts/oidc.py) and the staff's second factor (accounts/mfa.py).
    path("oidc/start/", oidc.StartView.as_view(), name="oidc_start"),
    path("oidc/callback/", oidc.CallbackView.as_view(), name="oidc_callback"),
    path("oidc/log-ud/", oidc.LogoutView.as_view(), name="oidc_logout"),
    path("totp/", mfa.totp_verify_view, name="totp_verify"),
    path("totp/opret/", mfa.totp_setup, name="totp_setup"),
]
