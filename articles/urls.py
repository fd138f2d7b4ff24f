"""Public pages (DESIGN.md, "Public pages")."""

from django.urls import path, register_converter

from . import views
from .converters import UnicodeSlugConverter

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
]

urlpatterns += [
    path("search/", views.search, name="search"),
]
