"""Reconciling clusters as a team: codebook proposals, comments and their acceptance."""
