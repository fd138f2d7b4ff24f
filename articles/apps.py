from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    """The tracker app: cities, claims, sources, inquiries and responses."""

    name = "articles"
    verbose_name = "Tracker"

    def ready(self) -> None:
        """Keep the search index in step with every save and delete
        (:func:`articles.search.connect_signals`), and log every change for
        the changes feed (:func:`articles.changes.connect_signals`), and
        start a new data generation after every committed write, so cached
        pages and counts are not used again (:mod:`articles.freshness`)."""
        from . import changes, freshness, search

        freshness.connect()

        search.connect_signals()
        changes.connect_signals()

        from . import checks  # noqa: F401 - registers the production system checks
