from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from councils import selectors


@login_required
def home(request):
    """The logged-in start page: the councils this user has a role in."""
    councils = selectors.councils_for_user(user=request.user)
    return render(request, "accounts/home.html", {"councils": councils})
