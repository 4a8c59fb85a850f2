"""The public pages, as one class for the service to compose."""

from __future__ import annotations

from console.public.complaint import ComplaintPages
from console.public.notice_board import NoticeBoardPages
from console.public.tracking import TrackingPages


class PublicPages(NoticeBoardPages, TrackingPages, ComplaintPages):
    """Applicants' pages, no sign-in (``roles=None``): usable on a phone."""
