"""Forms and formsets for the editors' admin (articles/admin.py).

They only shape input: every rule is still the model's (field validation,
``Meta.constraints`` and ``clean()``), run by the form's ``full_clean`` and
again by the service that saves (articles/services.py).
"""

from django import forms
from django.core.exceptions import ValidationError

SLUG_OPTIONAL_HELP = "Leave blank to fill it in from the name or title."


class OptionalSlugForm(forms.ModelForm):
    """A ModelForm whose ``slug`` may be left blank.

    For models whose ``clean()`` fills a blank slug (City, Organization,
    Person, Claim, Inquiry). A blank optional form field is excluded from the
    model's field validation, so ``clean()`` gets to fill it in; the filled
    slug is then checked for uniqueness here, so a clash is reported on the
    slug field instead of surfacing when the service saves.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("slug")
        if field is not None:
            field.required = False
            field.help_text = " ".join(
                filter(None, [str(field.help_text or ""), SLUG_OPTIONAL_HELP])
            )

    def _post_clean(self) -> None:
        super()._post_clean()
        if "slug" not in self.fields or "slug" in self.errors:
            return
        if self.cleaned_data.get("slug") or not self.instance.slug:
            return  # typed in (already validated) or still blank (clean() reported why)
        others = {f.name for f in self.instance._meta.fields} - {"slug"}
        try:
            self.instance.validate_unique(exclude=others)
        except ValidationError as exc:
            self.add_error(
                "slug",
                f"The slug made from it, “{self.instance.slug}”, is taken: "
                + "; ".join(exc.messages),
            )
