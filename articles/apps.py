from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    """The tracker app: cities, claims, sources, inquiries and responses."""

    name = "articles"
    verbose_name = "Tracker"

    def ready(self) -> None:
        """Keep the search index in step with every save and delete
        (:func:`articles.search.connect_signals`), and log every change for
        the changes feed (:func:`articles.changes.connect_signals`)."""
        from . import changes, search

        search.connect_signals()
        changes.connect_signals()
