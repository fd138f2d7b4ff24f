"""Ingestion as tasks (Django's Tasks framework, DESIGN.md "Background
work"): one story per task, so several workers share a corpus, each story
in its own transaction (:func:`articles.ingest.services.story_import`)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.tasks import task

from .reading import StoryError, read_story


def import_one(
    *, text: str, title: str = "", published_on: str | None = None, label: str = "", user_id=None
) -> dict:
    """Import one story; what the task returns.

    Args:
        text: the story (plain text or HTML).
        title: its headline ("" → its first sentence).
        published_on: ISO date (``2017-08-03``) or None.
        label: how messages name the story (``row 7402``).
        user_id: the acting user's pk, None for the system.

    Returns:
        ``{"label", "created", "source", "counts"}``, or ``{"label",
        "error"}`` when the story is refused (empty, too long, binary, a
        rule of the services); nothing of a refused story is stored.
    """
    from .services import story_import  # noqa: PLC0415 (models load first)

    user = get_user_model()._default_manager.get(pk=user_id) if user_id is not None else None
    try:
        read = read_story(text)
        result = story_import(
            text=read.text,
            title=title or read.title,
            published_on=datetime.date.fromisoformat(published_on) if published_on else None,
            acting_user=user,
        )
    except StoryError as exc:
        return {"label": label, "error": str(exc)}
    except ValidationError as exc:
        return {"label": label, "error": "; ".join(exc.messages)}
    except PermissionDenied as exc:
        return {"label": label, "error": str(exc)}
    return {
        "label": label,
        "created": result.created,
        "source": result.source.pk,
        "counts": result.counts,
    }


@task()
def import_story(
    *, text: str, title: str = "", published_on: str | None = None, label: str = "", user_id=None
) -> dict:
    """The task: :func:`import_one` (JSON arguments and result)."""
    return import_one(
        text=text, title=title, published_on=published_on, label=label, user_id=user_id
    )
