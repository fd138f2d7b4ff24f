"""Citations stay true (issue item 4): the footer promises "Every status
and quote is traced to a source", so

- an edit of a source's text that drops a quoted passage is refused, naming
  each citation affected (model ``Source.clean``, so the services and the
  admin form both refuse it);
- a claim is published only with at least one citation
  (``services.claim_publish``; the admin's citations inline), and keeps one
  (``services.citation_delete``, ``Citation.clean``);
- every published claim of the seed is cited, and each quote is a
  substring of its source's text.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from articles import services
from articles.models import Citation, Claim, Publication, Source
from articles.seed import article_text
from tests import factories

pytestmark = pytest.mark.django_db

DAVIS_SLUG = "davis-baltimore-is-a-welcoming-city"
SESSIONS_SLUG = "sessions-sanctuary-policies-make-us-less-safe"
DAVIS_LINE = "“Baltimore is a welcoming city.\n"


@pytest.fixture
def article(seeded) -> Source:
    return Source.objects.get(publisher__slug="reuters")


def _admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:articles_{model._meta.model_name}_{view}", args=args)


# --- the seed, walked -------------------------------------------------------------


def test_every_published_claim_of_the_seed_is_cited_and_each_quote_is_in_its_source(seeded):
    published = Claim.objects.filter(publication=Publication.PUBLISHED)
    assert published.count() == 4  # Sessions, Davis, Burguan, Yong Yow
    for claim in published.prefetch_related("citations__source"):
        citations = list(claim.citations.all())
        assert citations, f"{claim.slug} has no citation"
        for citation in citations:
            assert citation.source.text, f"{claim.slug}: the source has no text to check"
            assert citation.quote in citation.source.text, claim.slug
            assert citation.quote in article_text(), claim.slug


def test_the_seed_note_on_davis_quote_is_public_and_nothing_is_internal(seeded):
    citation = Citation.objects.get(claim__slug=DAVIS_SLUG)
    assert citation.public_note == (
        "The article breaks the quotation over two lines; the quote keeps the line break."
    )
    assert not Citation.objects.exclude(internal_note="").exists()


def test_the_seed_article_is_not_publishable(article):
    assert article.publishable is False


def test_the_seed_publishes_each_claim_through_claim_publish(seeded):
    davis = Claim.objects.get(slug=DAVIS_SLUG)
    first, latest = davis.history.earliest(), davis.history.latest()
    assert (first.history_type, first.publication) == ("+", "draft")
    assert (latest.history_type, latest.publication) == ("~", "published")
    assert latest.history_change_reason == "Seed: Reuters, Aug. 3, 2017"


# --- editing a source's text ------------------------------------------------------


def test_a_text_edit_that_drops_a_quote_is_refused_naming_the_citation(article, editor):
    article.text = article.text.replace(DAVIS_LINE, "“")
    with pytest.raises(ValidationError) as excinfo:
        services.object_save(instance=article, acting_user=editor, reason="Tidy line breaks")
    [message] = excinfo.value.message_dict["text"]
    assert "davis-baltimore-is-a-welcoming-city" in message
    assert "Kevin Davis: Baltimore is a welcoming city." in message
    assert "“Baltimore is a welcoming city. We do not enforce federal immigration laws”" in message
    article.refresh_from_db()
    assert article.text == article_text()  # nothing stored is lost


def test_blanking_the_text_names_every_citation(article, editor):
    article.text = ""
    with pytest.raises(ValidationError) as excinfo:
        services.object_save(instance=article, acting_user=editor)
    messages = excinfo.value.message_dict["text"]
    assert len(messages) == 4
    for slug in (
        "burguan-san-bernardino-not-a-sanctuary-city",
        DAVIS_SLUG,
        SESSIONS_SLUG,
        "yong-yow-ice-arrests-case-by-case",
    ):
        assert sum(slug in m for m in messages) == 1, slug


def test_a_text_edit_that_keeps_every_quote_is_saved_with_its_history(article, editor):
    article.text = article.text.replace("Twelve cities were selected", "Twelve cities were chosen")
    services.object_save(instance=article, acting_user=editor, reason="Wire correction")
    article.refresh_from_db()
    assert "Twelve cities were chosen" in article.text
    latest = article.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (editor, "Wire correction")


def test_the_admin_shows_the_refusal_on_the_text_field(client, editor, article):
    client.force_login(editor)
    url = _admin_url(Source, "change", article.pk)
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["publisher"] = str(article.publisher_id)
    data["published_on"] = "2017-08-03"
    data["publishable"] = ""
    data["text"] = article.text.replace("Sessions said.", "the attorney general said.").replace(
        "Cities and states", "Cities and counties"
    )
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["text"]
    assert SESSIONS_SLUG in errors["text"][0]
    article.refresh_from_db()
    assert article.text == article_text()


# --- publishing a claim -------------------------------------------------------------


def test_publishing_a_claim_without_a_citation_is_refused(editor):
    claim = factories.ClaimFactory(publication=Publication.DRAFT)
    with pytest.raises(ValidationError) as excinfo:
        services.claim_publish(claim=claim, acting_user=editor)
    assert list(excinfo.value.message_dict) == ["publication"]
    assert "has no citation" in excinfo.value.message_dict["publication"][0]
    claim.refresh_from_db()
    assert claim.publication == Publication.DRAFT


def test_publishing_a_cited_claim_records_who_and_why(editor):
    claim = factories.ClaimFactory(publication=Publication.DRAFT)
    factories.CitationFactory(claim=claim)
    services.claim_publish(claim=claim, acting_user=editor, reason="Checked against the wire")
    claim.refresh_from_db()
    assert claim.publication == Publication.PUBLISHED
    latest = claim.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        editor,
        "Checked against the wire",
    )


def test_a_user_without_the_change_claim_permission_cannot_publish(db):
    viewer = get_user_model().objects.create_user(username="viewer", password="x", is_staff=True)
    claim = factories.ClaimFactory(publication=Publication.DRAFT)
    factories.CitationFactory(claim=claim)
    with pytest.raises(PermissionDenied, match="articles.change_claim"):
        services.claim_publish(claim=claim, acting_user=viewer)
    claim.refresh_from_db()
    assert claim.publication == Publication.DRAFT


def test_the_last_citation_of_a_published_claim_cannot_be_deleted(seeded, editor):
    citation = Citation.objects.get(claim__slug=DAVIS_SLUG)
    with pytest.raises(ValidationError, match="only citation of a published claim"):
        services.citation_delete(citation=citation, acting_user=editor)
    assert Citation.objects.filter(pk=citation.pk).exists()


def test_a_second_citation_can_be_deleted(seeded, editor, article):
    claim = Claim.objects.get(slug=DAVIS_SLUG)
    extra = factories.CitationFactory(
        claim=claim, source=article, quote="Baltimore does not control the local jail"
    )
    services.citation_delete(citation=extra, acting_user=editor, reason="Duplicate")
    assert claim.citations.count() == 1


def test_the_only_citation_cannot_be_moved_off_a_published_claim(seeded, editor):
    citation = Citation.objects.get(claim__slug=DAVIS_SLUG)
    citation.claim = factories.ClaimFactory(publication=Publication.DRAFT)
    with pytest.raises(ValidationError) as excinfo:
        services.object_save(instance=citation, acting_user=editor)
    assert list(excinfo.value.message_dict) == ["claim"]


# --- the admin: the claim form and its citations inline ------------------------------


def _claim_post(claim, *, publication: str, citations: list[dict]) -> dict[str, str]:
    data = {
        "text": claim.text,
        "slug": claim.slug,
        "wording": claim.wording,
        "claimant": str(claim.claimant_id),
        "claimant_organization": "",
        "city": "",
        "stated_on": "2017-08-03",
        "rating": "",
        "rating_explanation": "",
        "publication": publication,
        "citations-TOTAL_FORMS": str(len(citations)),
        "citations-INITIAL_FORMS": str(sum(1 for c in citations if c.get("id"))),
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(citations):
        for key in ("id", "source", "quote", "public_note", "internal_note", "DELETE"):
            if key in row:
                data[f"citations-{i}-{key}"] = row[key]
        data[f"citations-{i}-claim"] = str(claim.pk)
    return data


def test_admin_saving_a_claim_as_published_without_citation_is_a_form_error(admin_client):
    claim = factories.ClaimFactory(publication=Publication.DRAFT)
    url = _admin_url(Claim, "change", claim.pk)
    response = admin_client.post(url, _claim_post(claim, publication="published", citations=[]))
    assert response.status_code == 200
    [formset] = [f.formset for f in response.context["inline_admin_formsets"]]
    assert formset.non_form_errors() == [
        "A published claim needs at least one citation: add one here, "
        "or set the publication to draft."
    ]
    claim.refresh_from_db()
    assert claim.publication == Publication.DRAFT


def test_admin_publishes_a_claim_with_a_citation_added_in_the_same_form(admin_client):
    claim = factories.ClaimFactory(publication=Publication.DRAFT, text="I jump.")
    source = factories.SourceFactory()
    data = _claim_post(
        claim,
        publication="published",
        citations=[{"source": str(source.pk), "quote": "I jump.", "public_note": "As printed."}],
    )
    response = admin_client.post(_admin_url(Claim, "change", claim.pk), data)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.publication == Publication.PUBLISHED
    assert list(claim.citations.values_list("quote", "public_note")) == [("I jump.", "As printed.")]


def test_admin_deleting_the_only_citation_of_a_published_claim_is_a_form_error(
    admin_client, seeded
):
    claim = Claim.objects.get(slug=DAVIS_SLUG)
    citation = claim.citations.get()
    data = _claim_post(
        claim,
        publication="published",
        citations=[
            {
                "id": str(citation.pk),
                "source": str(citation.source_id),
                "quote": citation.quote,
                "public_note": citation.public_note,
                "DELETE": "on",
            }
        ],
    )
    data["city"] = str(claim.city_id)
    data["stated_on"] = ""
    response = admin_client.post(_admin_url(Claim, "change", claim.pk), data)
    assert response.status_code == 200
    [formset] = [f.formset for f in response.context["inline_admin_formsets"]]
    assert "A published claim needs at least one citation" in formset.non_form_errors()[0]
    assert Citation.objects.filter(pk=citation.pk).exists()


def test_admin_can_save_an_uncited_claim_as_a_draft(admin_client):
    claim = factories.ClaimFactory(publication=Publication.DRAFT)
    data = _claim_post(claim, publication="draft", citations=[])
    assert admin_client.post(_admin_url(Claim, "change", claim.pk), data).status_code == 302


def test_admin_deleting_the_last_citation_on_its_own_page_is_an_error_message(admin_client, seeded):
    citation = Citation.objects.get(claim__slug=DAVIS_SLUG)
    response = admin_client.post(
        _admin_url(Citation, "delete", citation.pk), {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert Citation.objects.filter(pk=citation.pk).exists()
    messages = [str(m) for m in response.context["messages"]]
    assert any("only citation of a published claim" in m for m in messages)


def test_the_view_unpublished_permission_exists_for_roles(db):
    from django.contrib.auth.models import Permission

    permission = Permission.objects.get(
        content_type__app_label="articles", codename="view_unpublished"
    )
    user = get_user_model().objects.create_user(username="reporter")
    assert not user.has_perm("articles.view_unpublished")
    user.user_permissions.add(permission)
    user = get_user_model().objects.get(pk=user.pk)
    assert user.has_perm("articles.view_unpublished")


def test_browser_line_breaks_do_not_break_a_two_line_quote(seeded, client, editor):
    """Browsers post a textarea's line breaks as CRLF; Davis's quote runs
    over two lines of the article ("…welcoming city.\\nWe do not…")."""
    client.force_login(editor)
    source = Source.objects.get()
    text_crlf = source.text.replace("\n", "\r\n")
    data = {
        "kind": source.kind,
        "title": source.title,
        "publisher": str(source.publisher_id),
        "url": "https://www.reuters.com/article/us-usa-immigration-sanctuary",
        "published_on": "2017-08-03",
        "archive_url": "",
        "text": text_crlf,
        "change_reason": "Add the original's address",
    }
    response = client.post(_admin_url(Source, "change", source.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    source.refresh_from_db()
    assert source.url == "https://www.reuters.com/article/us-usa-immigration-sanctuary"
    assert source.text == article_text()  # stored with \n, as the article
    davis = Citation.objects.get(claim__slug="davis-baltimore-is-a-welcoming-city")
    assert davis.quote in source.text
