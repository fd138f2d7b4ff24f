from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    """The tracker app: cities, claims, sources, inquiries and responses."""

    name = "articles"
    verbose_name = "Tracker"
