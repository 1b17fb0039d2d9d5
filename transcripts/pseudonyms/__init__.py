"""Pseudonymisation on import: the study's known names, the reviews of flagged names that wait
for the owner, and the map of what was replaced (owners only; the transcripts never hold it)."""
