"""Account pages: log out, change the password, reset a forgotten one by email; each revokes
the user's API token."""

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


class PasswordResetView(auth_views.PasswordResetView):
    """Django's: an email with a one-time link, if the address belongs to an active user (the
    answer is the same either way, so it tells nobody which addresses have accounts)."""

    success_url = reverse_lazy("password-reset-done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's page behind the emailed link; the new password revokes any API token."""

    success_url = reverse_lazy("password-reset-complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        tokens.revoke_tokens(user=form.user)
        return response
