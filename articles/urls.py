"""Public pages (DESIGN.md, "Public pages")."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from . import feeds, views
from .converters import UnicodeSlugConverter
from .sitemaps import SITEMAPS

register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("inquiries/<uslug:slug>/", views.inquiry_detail, name="inquiry_detail"),
    path("responses/pending/", views.responses_pending, name="responses_pending"),
    path("responses/received/", views.responses_received, name="responses_received"),
    path("cities/<uslug:slug>/", views.city_detail, name="city_detail"),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/<uslug:slug>/", views.claim_detail, name="claim_detail"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
    path("people/<uslug:slug>/", views.person_detail, name="person_detail"),
    path("corrections/", views.correction_list, name="correction_list"),
    path("methodology/", views.methodology, name="methodology"),
    # Readers' side: indexes, sitemap, robots.txt
    path("inquiries/", views.inquiry_list, name="inquiry_list"),
    path("cities/", views.city_list, name="city_list"),
    path("people/", views.person_list, name="person_list"),
    path("sources/", views.source_list, name="source_list"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

# Feeds (articles/feeds.py): /feeds/<kind>/<rss|atom>/, per city and per inquiry.
urlpatterns += feeds.urlpatterns()

# CSV downloads (articles/exports.py): the lists with the pages' filters.
urlpatterns += [
    path("responses/pending.csv", views.responses_pending_csv, name="responses_pending_csv"),
    path("responses/received.csv", views.responses_received_csv, name="responses_received_csv"),
    path("claims.csv", views.claims_csv, name="claims_csv"),
]

# Embeds (articles/embeds.py): a framable status table, and its oEmbed answer.
urlpatterns += [
    path("embed/inquiries/<uslug:slug>/", views.inquiry_embed, name="inquiry_embed"),
    path("oembed/", views.oembed, name="oembed"),
]

urlpatterns += [
    path("search/", views.search, name="search"),
]

# Documents (articles/documents.py): a source's file, through the source's
# visibility rule (never /media/ wholesale).
urlpatterns += [
    path("sources/<int:pk>/file", views.source_file, name="source_file"),
]
