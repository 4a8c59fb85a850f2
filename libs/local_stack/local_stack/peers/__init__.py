"""Real protocol peers notify talks to, run on this machine: an SMS gateway (HTTP JSON) and
an SMTP server. The tests start them in-process (they are cheap); ``make up`` starts them on
8025 (gateway) and 8026 (SMTP, its control API on 8027). Both record what they received and
can be scripted to fail, through Python or through their HTTP control endpoints."""

from local_stack.peers.sms_gateway import DEFAULT_API_KEY, LocalSmsGateway
from local_stack.peers.smtp_server import LocalSmtpServer

__all__ = ["DEFAULT_API_KEY", "LocalSmsGateway", "LocalSmtpServer"]
