"""Channels: SMS gateway, SMTP email, in-app inbox, print queue (see base)."""
