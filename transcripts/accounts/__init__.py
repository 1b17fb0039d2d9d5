"""Accounts: how people and scripts prove who they are, and for how long.

Sessions end after a spell without requests (sessions.py); API tokens expire and are revoked
on logout and on a password change (tokens.py); repeated wrong passwords lock a username out
of the login page and the token endpoint alike (django-axes, configured in settings; its answer
is built in views.py)."""
