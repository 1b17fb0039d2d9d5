"""The memo page: every memo of the study a member may read, filtered and searched, and the
form that writes one (memo services live beside codings in coding/codings/services.py)."""
