"""STUB: the places helper fills this in."""

from __future__ import annotations

from .spans import Dateline


def parse_dateline(text: str) -> Dateline | None:
    """The dateline at the start of ``text`` (``WASHINGTON/NEW YORK
    (Reuters) -``), or None when the story has none."""
    return None
