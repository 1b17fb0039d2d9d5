"""The trash: deleted studies and transcripts, restorable by owners for TRASH_DAYS days."""
