"""The moves a response's status may make, in one table (DESIGN.md,
"Response status and deadlines": "Moves follow one table of allowed
transitions (reopening needs a stated reason), enforced by the services and
printed on the methodology page").

* pending -> acknowledged -> received or declined; a city may also answer
  or refuse without acknowledging first (pending -> received, declined);
* reopening: a received or declined response moves to any other status
  only with a stated reason (the city withdrew its answer, the answer was
  recorded against the wrong city, a refusal was followed by an answer);
* anything else is refused. In particular an acknowledged response does not
  go back to pending: the city's word that it will answer stays on record.

The services (``articles.services``) check every status change against
:data:`MOVES` with :func:`check_move`; the admin's forms call the same
function so a refused move is an error beside the status field. The core
imports nothing from the rest of the app but :mod:`articles.choices`.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .choices import ResponseStatus

PENDING = ResponseStatus.PENDING
ACKNOWLEDGED = ResponseStatus.ACKNOWLEDGED
RECEIVED = ResponseStatus.RECEIVED
DECLINED = ResponseStatus.DECLINED


@dataclass(frozen=True)
class Move:
    """One allowed change of status.

    Attributes:
        source: the stored status.
        target: the new status.
        needs_reason: True when the move reopens an answered (received or
            declined) response; the service then refuses a blank reason.
    """

    source: ResponseStatus
    target: ResponseStatus
    needs_reason: bool = False


#: Every allowed move. Keeping a status (an edit that leaves it alone) is
#: always allowed and is not listed.
MOVES: tuple[Move, ...] = (
    Move(PENDING, ACKNOWLEDGED),
    Move(PENDING, RECEIVED),
    Move(PENDING, DECLINED),
    Move(ACKNOWLEDGED, RECEIVED),
    Move(ACKNOWLEDGED, DECLINED),
    Move(RECEIVED, PENDING, needs_reason=True),
    Move(RECEIVED, ACKNOWLEDGED, needs_reason=True),
    Move(RECEIVED, DECLINED, needs_reason=True),
    Move(DECLINED, PENDING, needs_reason=True),
    Move(DECLINED, ACKNOWLEDGED, needs_reason=True),
    Move(DECLINED, RECEIVED, needs_reason=True),
)

_BY_PAIR: dict[tuple[str, str], Move] = {(m.source, m.target): m for m in MOVES}


def _word(status: str) -> str:
    """``"received"`` -> ``"received"``; an unknown value is quoted as given."""
    try:
        return ResponseStatus(status).label.lower()
    except ValueError:
        return f"“{status}”"


def find_move(source: str, target: str) -> Move | None:
    """The move from ``source`` to ``target`` (status values such as
    ``"pending"``), or None when it is not allowed. Keeping the same status
    is not a move: it returns None too (see :func:`check_move`)."""
    return _BY_PAIR.get((source, target))


def moves_from(source: str) -> list[Move]:
    """The allowed moves out of ``source``, in the table's order."""
    return [m for m in MOVES if m.source == source]


def check_move(source: str | None, target: str, *, reason: str = "") -> Move | None:
    """Check a change of status against :data:`MOVES`.

    Args:
        source: the stored status, or None for a response not yet saved
            (a new response may start in any status).
        target: the status about to be saved.
        reason: the editor's reason for the change (blank allowed unless
            the move reopens an answered response).

    Returns:
        The move, or None when the status does not change (or the response
        is new).

    Raises:
        ValidationError: ``{"status": ...}`` when the move is not in the
            table, naming the moves that are; ``{"reason": ...}`` when it
            reopens a received or declined response and ``reason`` is blank.
    """
    if source is None or source == target:
        return None
    move = find_move(source, target)
    if move is None:
        allowed = [_word(m.target) for m in moves_from(source)]
        options = (
            f"From {_word(source)} it may move to {_or(allowed)}."
            if allowed
            else f"{_word(source).capitalize()} is not a status a response can have."
        )
        raise ValidationError(
            {
                "status": ValidationError(
                    "A response cannot go from %(source)s to %(target)s. %(options)s",
                    code="move_not_allowed",
                    params={
                        "source": _word(source),
                        "target": _word(target),
                        "options": options,
                    },
                )
            }
        )
    if move.needs_reason and not (reason or "").strip():
        raise ValidationError(
            {
                "reason": ValidationError(
                    "Moving a %(source)s response to %(target)s reopens it: "
                    "give the reason for the change.",
                    code="reason_required",
                    params={"source": _word(source), "target": _word(target)},
                )
            }
        )
    return move


def _or(words: list[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b or c"``."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} or {words[-1]}"


def status_as_of(
    as_of: datetime.date | None,
    *dates: datetime.date | None,
) -> datetime.date | None:
    """ "Status as of" moved forward to at least each of ``dates``.

    A status cannot be confirmed before it happened (the database's
    ``response_as_of_not_before_its_dates`` constraint), so recording an
    acknowledgement or an answer on a later day moves the status-as-of date
    forward to that day; it never moves back.

    Args:
        as_of: the current status-as-of date (None if not set yet).
        dates: the response's acknowledged and received dates (None ignored).

    Returns:
        The latest of them, or None if all are None.
    """
    known = [d for d in (as_of, *dates) if d is not None]
    return max(known) if known else None


def table() -> list[dict]:
    """The table for the methodology page: one row per status, in the
    vocabulary's order.

    Returns:
        ``[{"status": "pending", "label": "Pending", "to": ["Acknowledged",
        ...], "reopen": [...]}, ...]``: ``to`` lists the moves made freely,
        ``reopen`` those that need a stated reason.
    """
    rows = []
    for status in ResponseStatus:
        moves = moves_from(status)
        rows.append(
            {
                "status": status.value,
                "label": status.label,
                "to": [ResponseStatus(m.target).label for m in moves if not m.needs_reason],
                "reopen": [ResponseStatus(m.target).label for m in moves if m.needs_reason],
            }
        )
    return rows
