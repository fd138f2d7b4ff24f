"""URL converters."""


class UnicodeSlugConverter:
    """Matches slugs that may hold non-ASCII letters (``City.slug`` keeps
    them when a name has no ASCII folding, e.g. ``東京-ca``)."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
