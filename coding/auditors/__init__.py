"""The CQR auditor: named by an owner, comments on codes, clusters, decisions and principles."""
