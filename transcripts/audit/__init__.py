"""The audit trail: every change to a study's data, who made it, when, and before/after."""
