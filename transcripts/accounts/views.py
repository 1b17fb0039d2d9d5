"""Account pages: log out and change the password; both revoke the user's API token."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from transcripts.accounts import tokens


class LogoutView(auth_views.LogoutView):
    """Logging out in the browser ends the user's API access too."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            tokens.revoke_tokens(user=request.user)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page (this session stays logged in); a token issued before the change is revoked."""

    success_url = reverse_lazy("password-change-done")

    def form_valid(self, form):
        response = super().form_valid(form)
        tokens.revoke_tokens(user=form.user)
        return response
