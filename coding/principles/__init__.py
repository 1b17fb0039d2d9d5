"""Principles for practice, the study's core category, and the mentors' principle summary."""
