"""An inquiry's timeline, laid out in Python for an inline SVG (issue
"Readers' side": "a timeline drawn as inline SVG (announced or sent, each
acknowledgement and answer, deadline)"). No JavaScript, no query: it reads
the inquiry and the responses its page already loaded, or, for an inquiry
with many places, their counts by day (:func:`inquiry_timeline_by_day`).

The drawing runs down the page, one event under the other, so that its
labels stay horizontal and legible on a 375-pixel phone: a vertical axis on
the left, a mark on it for each event, the date and what happened to its
right. Positions are in SVG user units (the ``viewBox`` is
:data:`WIDTH` wide; the page draws it at that size, 1 unit = 1 CSS pixel).
"""

import dataclasses
import datetime
import textwrap
from dataclasses import dataclass, field

from .choices import ResponseStatus
from .formats import ap_date, zone_words

#: Width of the drawing, in SVG user units (fits a 375 px screen's column).
WIDTH = 340
#: x of the vertical axis, and of every event's mark.
AXIS_X = 14
#: x where the labels start.
LABEL_X = 32
#: Space above the first and below the last event.
MARGIN = 22
#: Least vertical distance between two events: room for the date line and
#: one line of label; each further label line adds :data:`LINE`.
ROW = 44
#: Height of one more line of label.
LINE = 18
#: Longest label line, in characters: 15-unit bold text at about 9 units
#: a character fits the 308 units right of the axis.
LABEL_CHARS = 30
#: Vertical room the time span is spread over, per event: with n events the
#: first and last are at least ``ROW * n`` apart, so gaps are to scale
#: unless two events are closer than a row.
SPAN_PER_EVENT = ROW


@dataclass(frozen=True)
class TimelineEvent:
    """One mark on the timeline.

    Attributes:
        on: the calendar date of the event (a ``datetime.date``; no time
            of day: the sources give none).
        kind: ``"opened"`` (sent, announced, requested or filed),
            ``"acknowledged"``, ``"received"``, ``"declined"`` or
            ``"deadline"``; also the mark's shape (the SVG never tells
            events apart by colour alone: circle, ring, cross, square,
            diamond, and a text label).
        label: what happened, in words ("Baltimore answered").
        date_text: the date as readers read it: "Aug. 3, 2017", or
            "reported Aug. 3, 2017 by Reuters" when the date is only the
            day a source reported the event (``dates_as_reported``), or
            "Aug. 18, 2017, end of day, Eastern time" for a deadline.
        y: vertical position of the mark's centre, in whole SVG user
            units (set by :func:`inquiry_timeline`).
        lines: ``label`` broken into lines of at most :data:`LABEL_CHARS`
            characters (SVG text does not wrap), each with its ``y``
            (baseline, SVG user units): ``((y, text), ...)``.
    """

    on: datetime.date
    kind: str
    label: str
    date_text: str
    y: int = 0
    lines: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Timeline:
    """A laid-out timeline: ``events`` in date order with their ``y``, and
    the drawing's ``width`` and ``height`` (SVG user units)."""

    events: list[TimelineEvent] = field(default_factory=list)
    width: int = WIDTH
    height: int = 0

    @property
    def first(self) -> TimelineEvent | None:
        """The earliest event, or None."""
        return self.events[0] if self.events else None

    @property
    def last(self) -> TimelineEvent | None:
        """The latest event, or None."""
        return self.events[-1] if self.events else None


#: Order of events on the same day: the inquiry opens, answers come, the
#: deadline closes the day.
_SAME_DAY_ORDER = {"opened": 0, "acknowledged": 1, "received": 2, "declined": 2, "deadline": 3}


def _reported(source) -> str:
    """ "reported Aug. 3, 2017 by Reuters": the day ``source`` (dated, with
    its publisher joined) reported an event whose own date it does not give."""
    by = f" by {source.publisher.name}" if source.publisher_id else ""
    return f"reported {ap_date(source.published_on)}{by}"


def _response_date_text(response, value: datetime.date) -> str:
    """A response's date as the page's tables give it: the date, or
    "reported <date> by <publisher>" when it is the report's."""
    if (
        response.dates_as_reported
        and response.status_source_id
        and response.status_source.published_on is not None
    ):
        return _reported(response.status_source)
    return ap_date(value)


def _opened(inquiry) -> list[TimelineEvent]:
    """The opening event: its date, or, when the source does not give it,
    the day the first dated source reported the inquiry; none when neither
    is known."""
    events = []
    opened = f"Questions {inquiry.get_opening_event_display().lower()}"
    if inquiry.sent_on is not None:
        events.append(
            TimelineEvent(
                on=inquiry.sent_on, kind="opened", label=opened, date_text=ap_date(inquiry.sent_on)
            )
        )
    else:
        # The source does not say when: the page's header gives the day the
        # first dated source reported it ("Reported Aug. 3, 2017 by
        # Reuters", the inquiry_date tag), and so does the timeline.
        source = next((s for s in inquiry.sources.all() if s.published_on is not None), None)
        if source is not None:
            events.append(
                TimelineEvent(
                    on=source.published_on, kind="opened", label=opened, date_text=_reported(source)
                )
            )
    return events


def _deadline(inquiry) -> list[TimelineEvent]:
    """The deadline event, none without a deadline."""
    if inquiry.due_on is None:
        return []
    return [
        TimelineEvent(
            on=inquiry.due_on,
            kind="deadline",
            label="Deadline",
            date_text=f"{ap_date(inquiry.due_on)}, end of day, {zone_words(inquiry.due_timezone)}",
        )
    ]


def _events(inquiry, responses) -> list[TimelineEvent]:
    """The unpositioned events: the opening (:func:`_opened`), each
    response's acknowledgement and answer or refusal, the deadline."""
    events = _opened(inquiry)
    for response in responses:
        city = response.city.name
        if response.acknowledged_on is not None:
            events.append(
                TimelineEvent(
                    on=response.acknowledged_on,
                    kind="acknowledged",
                    label=f"{city} said it will answer",
                    date_text=_response_date_text(response, response.acknowledged_on),
                )
            )
        if response.received_on is not None:
            declined = response.status == ResponseStatus.DECLINED
            events.append(
                TimelineEvent(
                    on=response.received_on,
                    kind="declined" if declined else "received",
                    label=f"{city} declined to answer" if declined else f"{city} answered",
                    date_text=_response_date_text(response, response.received_on),
                )
            )
    events += _deadline(inquiry)
    events.sort(key=lambda e: (e.on, _SAME_DAY_ORDER[e.kind], e.label))
    return events


def _places(count: int) -> str:
    """ "1 city", "35 cities"."""
    return f"{count:,} cit{'y' if count == 1 else 'ies'}"


#: What a day's count of places did, by kind: (one place, several places).
_DAY_VERBS = {
    "acknowledged": ("said it will answer", "said they will answer"),
    "received": ("answered", "answered"),
    "declined": ("declined to answer", "declined to answer"),
}


def _day_events(inquiry, days) -> list[TimelineEvent]:
    """The unpositioned events of a large inquiry: the opening, one event
    per day and kind ("35 cities answered"), the deadline."""
    events = _opened(inquiry)
    for day in days:
        one, several = _DAY_VERBS[day.kind]
        events.append(
            TimelineEvent(
                on=day.on,
                kind=day.kind,
                label=f"{_places(day.count)} {one if day.count == 1 else several}",
                date_text=f"reported {ap_date(day.on)}" if day.as_reported else ap_date(day.on),
            )
        )
    events += _deadline(inquiry)
    events.sort(key=lambda e: (e.on, _SAME_DAY_ORDER[e.kind], e.date_text))
    return events


def inquiry_timeline(inquiry, responses) -> Timeline:
    """Lay out an inquiry's events for the SVG.

    Args:
        inquiry: an :class:`~articles.models.Inquiry`, its ``sources``
            prefetched with their publishers (read only when ``sent_on``
            is unknown).
        responses: its responses, each with city and
            ``status_source__publisher`` joined (``Response.objects.with_related()``;
            a small inquiry's page rows, :func:`articles.selectors.inquiry_responses`).
            No query is made.

    Returns:
        A :class:`Timeline` with its events in date order (on one day: the
        opening, then acknowledgements and answers by city, then the
        deadline), empty when no date is known.

    How ``y`` is computed: the span from the first to the last date is
    spread over ``SPAN_PER_EVENT * n`` units (``n`` events), so
    ``ideal = MARGIN + (on - first).days / span_days * SPAN_PER_EVENT * n``;
    each event then sits at ``max(ideal, previous y + ROW)`` (plus
    :data:`LINE` for each extra line of the previous label), so events
    on the same day (or days apart) never overlap and the drawing stays in
    date order. Distances are to scale except where an event had to be
    pushed down; the text gives every date.
    """
    return _laid_out(_events(inquiry, responses))


def inquiry_timeline_by_day(inquiry, days) -> Timeline:
    """Lay out a large inquiry's timeline, summarised by day: the opening,
    then for each day the number of places that acknowledged, answered or
    declined ("Aug. 10, 2017: 35 cities answered"; "reported Aug. 10,
    2017" when those dates are only the day a source reported them), then
    the deadline; laid out as :func:`inquiry_timeline`.

    Args:
        inquiry: as :func:`inquiry_timeline`.
        days: :class:`~articles.selectors.DayCount` rows
            (:func:`articles.selectors.inquiry_timeline_days`: one grouped
            query). No query is made here.

    Returns:
        A :class:`Timeline`, one event per day and kind, whatever the
        number of places.
    """
    return _laid_out(_day_events(inquiry, days))


def _laid_out(events: list[TimelineEvent]) -> Timeline:
    """Give sorted ``events`` their ``y`` and wrapped lines (see
    :func:`inquiry_timeline`)."""
    if not events:
        return Timeline()
    first, last = events[0].on, events[-1].on
    span_days = (last - first).days
    span = SPAN_PER_EVENT * len(events)
    placed: list[TimelineEvent] = []
    next_free = MARGIN
    for event in events:
        ideal = MARGIN + ((event.on - first).days / span_days * span if span_days else 0)
        y = round(max(ideal, next_free))
        wrapped = textwrap.wrap(event.label, LABEL_CHARS) or [""]
        lines = tuple((y + 13 + LINE * i, text) for i, text in enumerate(wrapped))
        placed.append(dataclasses.replace(event, y=y, lines=lines))
        next_free = y + ROW + LINE * (len(wrapped) - 1)
    return Timeline(events=placed, height=next_free - ROW + MARGIN + 8 + LINE)
