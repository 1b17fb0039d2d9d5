"""Member invitations: an owner invites a user, who accepts (or declines) before joining."""
