"""Email through an SMTP relay (``smtplib``): one connection per notice.

One connection per send keeps the channel stateless and safe to call from several green
threads at once; a notice is long-lived correspondence, not a bulk mailing, so the extra
handshake (a few milliseconds to the hall's own relay) is not worth a pool.

What the outcomes mean:

- ``250`` after DATA -> DELIVERED: the message was handed to the mail system. SMTP has no
  delivery receipt; a later bounce would arrive as mail to the sender, which notify does not
  read (documented limit).
- what the server says about this recipient or this message (RCPT, DATA): ``4xx`` ->
  TEMPORARY (greylisting, mailbox busy), ``5xx`` -> PERMANENT (550 no such user, 554
  rejected): the delivery loop falls back to another channel.
- everything about the hall's own connection (connect, EHLO, STARTTLS, AUTH, MAIL FROM),
  no connection, a timeout -> TEMPORARY; a refusal of the hall's sender or credentials is also
  logged as an error for the operator, since no recipient is at fault.
- an address that is not an address -> PERMANENT without connecting.

The detail always holds the SMTP code and text (``550 5.1.1 No such user``).

Exactly once: the ``Message-ID`` is derived from the delivery's idempotency key, so a resend
after a crash between ``250`` and the delivery record carries the same id (receivers and mail
clients drop duplicates by Message-ID; the local test server counts by it). Log lines name the
notice number and the SMTP code, never the address or the server's text (which may repeat it);
the detail with the full reply goes to the delivery record only.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

from notify.delivery.rules import DELIVERED, PERMANENT, TEMPORARY, Outcome, Outgoing

log = logging.getLogger(__name__)

MESSAGE_ID_DOMAIN = "hall.local"


def message_id(idempotency_key: str, domain: str = MESSAGE_ID_DOMAIN) -> str:
    """``<first 32 hex digits of the key's sha256@hall.local>``: valid whatever characters
    the key holds, the same for every attempt of one delivery, short enough (128 bits) that
    the header is never folded."""
    digest = hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}@{domain}>"


def address_problem(address: str) -> str | None:
    """Why ``address`` cannot be an email recipient, or None."""
    _, parsed = parseaddr(address)
    if not parsed or parsed != address.strip() or any(ch.isspace() for ch in parsed):
        return "not an email address"
    local, _, domain = parsed.rpartition("@")
    if not local or "." not in domain:
        return "not an email address"
    return None


SECURITY_MODES = ("none", "starttls", "ssl")


class SmtpEmail:
    """The ``email`` channel: ``SmtpEmail("127.0.0.1", 8026, "notice@hall.local").send(msg)``.

    ``sender`` may carry a display name (``"政务服务中心 <notice@hall.local>"``); the envelope
    uses its address. ``timeout`` (seconds) bounds connecting and every reply. ``security``:
    ``"none"``, ``"starttls"`` (upgrade after EHLO; a relay without STARTTLS is a temporary
    failure, never a plain send) or ``"ssl"`` (TLS from the first byte, SMTPS); the relay's
    certificate is checked against ``tls_context`` (default: the system's CAs, host name
    included). With a ``username`` the channel logs in (AUTH) before MAIL FROM.
    """

    name = "email"

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        timeout: float = 10.0,
        security: str = "none",
        username: str | None = None,
        password: str | None = None,
        tls_context: ssl.SSLContext | None = None,
    ):
        if security not in SECURITY_MODES:
            raise ValueError(f"security is one of {SECURITY_MODES}, not {security!r}")
        self.host = host
        self.port = int(port)
        self.sender = sender
        self.envelope_sender = parseaddr(sender)[1] or sender
        self.timeout = timeout
        self.security = security
        self.tls_context = tls_context
        self.username = username
        self.password = password

    def build(self, message: Outgoing) -> EmailMessage:
        """The MIME message: UTF-8 text (base64), RFC 2047 subject, Message-ID from the key."""
        mime = EmailMessage()
        mime["From"] = self.sender
        mime["To"] = message.address
        mime["Subject"] = " ".join(message.subject.split())  # no line breaks in a header
        mime["Date"] = formatdate(localtime=True)
        mime["Message-ID"] = message_id(message.idempotency_key)
        mime["X-Hall-Notice"] = message.notice_no
        mime["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to notify
        # base64: any relay carries it, 8BITMIME or not
        mime.set_content(message.text, charset="utf-8", cte="base64")
        return mime

    def send(self, message: Outgoing) -> Outcome:
        problem = address_problem(message.address)
        if problem:
            return Outcome(PERMANENT, problem)
        mime = self.build(message)
        try:
            smtp = self._connect()
        except smtplib.SMTPResponseException as error:  # e.g. 554 greeting: we are refused
            return self._hall_refused("connect", message.notice_no, error)
        except (OSError, smtplib.SMTPException) as error:
            return self._unreachable(message.notice_no, error)
        try:
            self._open_session(smtp)
            smtp.send_message(mime, from_addr=self.envelope_sender, to_addrs=[message.address])
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            return self._answered(message.notice_no, "RCPT", code, text)
        except smtplib.SMTPDataError as error:
            return self._answered(message.notice_no, "DATA", error.smtp_code, error.smtp_error)
        except smtplib.SMTPNotSupportedError as error:
            return self._not_supported(message.notice_no, error)
        except smtplib.SMTPResponseException as error:  # EHLO, STARTTLS, AUTH, MAIL FROM
            return self._hall_refused("session", message.notice_no, error)
        except (OSError, smtplib.SMTPException) as error:
            return self._unreachable(message.notice_no, error)
        finally:
            _quit(smtp)
        return Outcome(DELIVERED, "250 accepted for delivery (handed to the mail system)")

    def _context(self) -> ssl.SSLContext:
        return self.tls_context or ssl.create_default_context()

    def _connect(self) -> smtplib.SMTP:
        if self.security == "ssl":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self._context())
        return smtplib.SMTP(self.host, self.port, timeout=self.timeout)

    def _open_session(self, smtp: smtplib.SMTP) -> None:
        smtp.ehlo()
        if self.security == "starttls":
            smtp.starttls(context=self._context())
            smtp.ehlo()
        if self.username:
            smtp.login(self.username, self.password or "")

    @staticmethod
    def _answered(notice_no: str, stage: str, code: int, text: bytes | str) -> Outcome:
        detail = _reply(code, text)
        status = TEMPORARY if 400 <= code < 500 else PERMANENT
        # the code only: servers repeat the address in their text ("550 <a@b.cn>: unknown")
        log.info("smtp %s answer %s for notice %s (%s)", stage, code, notice_no, status)
        return Outcome(status, f"{stage}: {detail}")

    @staticmethod
    def _hall_refused(stage: str, notice_no: str, error: smtplib.SMTPResponseException) -> Outcome:
        detail = _reply(error.smtp_code, error.smtp_error)
        log.error(
            "smtp server refused the hall's %s for notice %s with %s; check SMTP_HOST, "
            "SMTP_SENDER and the credentials; the notice waits for a retry",
            stage,
            notice_no,
            error.smtp_code,
        )
        return Outcome(TEMPORARY, f"{stage}: {detail}")

    @staticmethod
    def _not_supported(notice_no: str, error: smtplib.SMTPNotSupportedError) -> Outcome:
        log.error("smtp server lacks an extension for notice %s: %s", notice_no, error)
        if "SMTPUTF8" in str(error):  # a non-ASCII address this relay cannot carry
            return Outcome(PERMANENT, f"not supported: {error}")
        return Outcome(TEMPORARY, f"not supported: {error}")

    @staticmethod
    def _unreachable(notice_no: str, error: Exception) -> Outcome:
        # smtplib turns a timed-out read into SMTPServerDisconnected; the cause stays attached
        timed_out = isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError)
        kind = "timeout" if timed_out else "no connection"
        log.warning("smtp server for notice %s: %s (%s)", notice_no, kind, type(error).__name__)
        return Outcome(TEMPORARY, f"{kind}: {type(error).__name__}: {error}"[:300])


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return f"{code} {' '.join(text.split())}"[:300]


def _quit(smtp: smtplib.SMTP) -> None:
    """QUIT politely; whatever happens now, the outcome is already decided."""
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()
