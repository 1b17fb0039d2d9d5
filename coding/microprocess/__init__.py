"""Moment-to-moment (micro-process) ratings: sessions, dial-rating series of client, therapist
and observer, their analysis (pure, in `analysis`), the session timeline linked to the
transcript's timed turns, and the session measures WAI-SR and SRS (DOMAIN.md section 4)."""
