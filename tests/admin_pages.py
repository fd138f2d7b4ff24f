"""Helpers for admin tests that act as a browser would: sign in as a
newsroom role, read a change page's form from its HTML and post it back."""

from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.test import Client

from articles import roles

PASSWORD = "correct-horse-battery"


def staff_user(django_user_model, username: str, group: str | None, display_name: str = ""):
    """A staff user in ``group`` ("Reporters", "Editors", or None for a
    superuser), as the newsroom sets one up."""
    if group is None:
        return django_user_model.objects.create_superuser(
            username=username, password=PASSWORD, display_name=display_name
        )
    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, is_staff=True, display_name=display_name
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def role_group(name: str) -> Group:
    """The role's group ("Reporters" or "Editors") with the permissions
    ``articles.roles`` gives it, made again if missing: a transactional
    test's database is flushed after each test, the data of migration
    ``articles/0010_roles`` included, so a later transactional test cannot
    count on finding it."""
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="articles", codename__in=roles.role_permissions()[name]
        )
    )
    return group


def signed_in(user) -> Client:
    """A browser of its own, signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def form_data(response, form_id: str | None = None) -> dict[str, list[str]]:
    """What a browser would post for the change form on ``response``'s
    page (``<form id="<model>_form">``, or ``form_id``): every named input,
    textarea and select with its value as drawn, checked boxes only, a
    select without a selected option sending its first (as browsers do),
    a textarea without the line break that follows its opening tag."""
    page = soup(response)
    form = (
        page.find("form", id=form_id)
        if form_id
        else page.find("form", id=lambda v: v and v.endswith("_form"))
    )
    data: dict[str, list[str]] = {}
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name or element.has_attr("disabled"):
            continue
        if element.name == "input":
            kind = element.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                continue
            if kind in ("checkbox", "radio") and not element.has_attr("checked"):
                continue
            default = "on" if kind in ("checkbox", "radio") else ""
            data.setdefault(name, []).append(element.get("value", default))
        elif element.name == "textarea":
            text = element.get_text()
            data.setdefault(name, []).append(text[1:] if text.startswith("\n") else text)
        else:
            options = element.find_all("option")
            chosen = [o.get("value", o.get_text()) for o in options if o.has_attr("selected")]
            if element.has_attr("multiple"):
                data.setdefault(name, []).extend(chosen)
            elif chosen or options:
                data.setdefault(name, []).append(
                    chosen[0] if chosen else options[0].get("value", options[0].get_text())
                )
    return data


def field_value(response, name: str) -> str:
    """The value the page's change form holds for ``name`` (one value)."""
    return form_data(response)[name][0]
