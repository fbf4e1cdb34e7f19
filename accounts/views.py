from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.forms import EmailAuthenticationForm, StemmePasswordResetForm
from core import roster
from core.views import FormStatusMixin


@login_required
def home(request):
    """The logged-in start page: the councils this user has a role in (read from the roster that
    ``councils`` provides, ``core.roster``)."""
    councils = roster.source().councils_for_user(user=request.user)
    return render(request, "accounts/home.html", {"councils": councils})


class LoginView(FormStatusMixin, auth_views.LoginView):
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class PasswordResetView(FormStatusMixin, auth_views.PasswordResetView):
    form_class = StemmePasswordResetForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"request": self.request}


class PasswordResetConfirmView(FormStatusMixin, auth_views.PasswordResetConfirmView):
    pass
