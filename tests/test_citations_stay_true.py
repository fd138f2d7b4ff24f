"""Citations stay true (issue item 4): the footer promises "Every status
and quote is traced to a source", so

- an edit of a source's text that drops a quoted passage is refused, naming
  each citation affected (model ``Source.clean``, so the services and the
  admin form both refuse it);
- a claim is published only with at least one citation
  (``workflow.publish``; the admin's Publish button says why it is absent),
  and keeps its citations: nothing readers see is deleted
  (``services.object_delete``: "Retract it instead"; no delete box in the
  admin), and the only citation cannot move to another claim
  (``Citation.clean``);
- every published claim of the seed is cited, and each quote is a
  substring of its source's text.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from articles import services, workflow
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


def test_the_seed_publishes_each_claim_through_the_workflow(seeded):
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
    claim = factories.ClaimFactory(publication=Publication.DRAFT, not_rated=True)
    with pytest.raises(ValidationError) as excinfo:
        workflow.publish(record=claim, acting_user=editor)
    assert list(excinfo.value.message_dict) == ["publication"]
    [message] = excinfo.value.message_dict["publication"]
    assert "cannot be published: it has no citation" in message
    assert "no rating" not in message  # "publish without a rating" is ticked
    claim.refresh_from_db()
    assert claim.publication == Publication.DRAFT


def test_publishing_a_cited_claim_records_who_and_why(editor):
    claim = factories.ClaimFactory(publication=Publication.DRAFT, not_rated=True)
    factories.CitationFactory(claim=claim)
    workflow.publish(record=claim, acting_user=editor, reason="Checked against the wire")
    claim.refresh_from_db()
    assert claim.publication == Publication.PUBLISHED
    latest = claim.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        editor,
        "Checked against the wire",
    )


def test_a_user_without_the_publish_claim_permission_cannot_publish(db):
    viewer = get_user_model().objects.create_user(username="viewer", password="x", is_staff=True)
    claim = factories.ClaimFactory(publication=Publication.DRAFT, not_rated=True)
    factories.CitationFactory(claim=claim)
    with pytest.raises(PermissionDenied, match="articles.publish_claim"):
        workflow.publish(record=claim, acting_user=viewer)
    claim.refresh_from_db()
    assert claim.publication == Publication.DRAFT


def test_no_citation_of_a_published_claim_is_deleted(seeded, editor, article):
    """Readers see every citation of a published claim, the only one or a
    second: correct the quote with a note, or retract the claim."""
    claim = Claim.objects.get(slug=DAVIS_SLUG)
    only = claim.citations.get()
    extra = factories.CitationFactory(
        claim=claim, source=article, quote="Baltimore does not control the local jail"
    )
    for citation in (only, extra):
        with pytest.raises(ValidationError, match="Retract it instead"):
            services.citation_delete(citation=citation, acting_user=editor)
    assert claim.citations.count() == 2


def test_a_citation_of_a_draft_claim_can_be_deleted(editor):
    claim = factories.ClaimFactory(publication=Publication.DRAFT)
    first, second = factories.CitationFactory.create_batch(2, claim=claim)
    second_pk = second.pk
    services.citation_delete(citation=second, acting_user=editor, reason="Duplicate")
    assert list(claim.citations.all()) == [first]
    deletion = Citation.history.get(id=second_pk, history_type="-")
    assert (deletion.history_user, deletion.history_change_reason) == (editor, "Duplicate")


def test_the_only_citation_cannot_be_moved_off_a_published_claim(seeded, editor):
    citation = Citation.objects.get(claim__slug=DAVIS_SLUG)
    citation.claim = factories.ClaimFactory(publication=Publication.DRAFT)
    with pytest.raises(ValidationError) as excinfo:
        services.object_save(instance=citation, acting_user=editor)
    assert list(excinfo.value.message_dict) == ["claim"]


# --- the admin: the claim form, its citations inline, the Publish button ----------------


def _claim_post(claim, *, citations: list[dict]) -> dict[str, str]:
    data = {
        "text": claim.text,
        "slug": claim.slug,
        "wording": claim.wording,
        "claimant": str(claim.claimant_id),
        "claimant_organization": "",
        "city": str(claim.city_id or ""),
        "stated_on": claim.stated_on.isoformat() if claim.stated_on else "",
        "rating": str(claim.rating_id or ""),
        "rating_explanation": claim.rating_explanation,
        "based_on_version": str(claim.version),
        "citations-TOTAL_FORMS": str(len(citations)),
        "citations-INITIAL_FORMS": str(sum(1 for c in citations if c.get("id"))),
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
    }
    if claim.not_rated:
        data["not_rated"] = "on"
    for i, row in enumerate(citations):
        for key in ("id", "source", "quote", "public_note", "internal_note", "DELETE"):
            if key in row:
                data[f"citations-{i}-{key}"] = row[key]
        data[f"citations-{i}-claim"] = str(claim.pk)
        if row.get("id"):
            data[f"citations-{i}-based_on_version"] = row["version"]
    return data


def _workflow_url(claim) -> str:
    return reverse("admin:articles_claim_workflow", args=[claim.pk])


def test_admin_shows_why_an_uncited_claim_cannot_be_published(admin_client):
    """No Publish button: the reasons instead. A publish posted anyway is
    refused with the same reason, and the claim stays a draft."""
    claim = factories.ClaimFactory(publication=Publication.DRAFT, not_rated=True)
    page = admin_client.get(_admin_url(Claim, "change", claim.pk))
    soup = BeautifulSoup(page.content, "html.parser")
    publish = soup.select_one("form.workflow-move--publish")
    assert publish.select("button") == []
    assert " ".join(publish.select_one(".workflow-blockers").get_text(" ", strip=True).split()) == (
        "Not ready to publish: It has no citation: a claim is published only with at least "
        "one citation of its source."
    )
    response = admin_client.post(
        _workflow_url(claim), {"move": "publish", "version": str(claim.version)}
    )
    assert response.status_code == 200
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Nothing was changed: “")
    assert "cannot be published: it has no citation" in message
    claim.refresh_from_db()
    assert (claim.publication, claim.version) == (Publication.DRAFT, 1)


def test_admin_publishes_a_claim_once_a_citation_is_saved(admin_client, editor):
    """The editor adds the citation in the claim's form (the claim stays a
    draft), then presses Publish."""
    claim = factories.ClaimFactory(publication=Publication.DRAFT, text="I jump.", not_rated=True)
    source = factories.SourceFactory()
    data = _claim_post(
        claim,
        citations=[{"source": str(source.pk), "quote": "I jump.", "public_note": "As printed."}],
    )
    url = _admin_url(Claim, "change", claim.pk)
    assert admin_client.post(url, data).status_code == 302
    claim.refresh_from_db()
    assert claim.publication == Publication.DRAFT
    assert list(claim.citations.values_list("quote", "public_note")) == [("I jump.", "As printed.")]

    page = admin_client.get(url)
    button = BeautifulSoup(page.content, "html.parser").select_one(
        "form.workflow-move--publish button"
    )
    assert button.get_text(strip=True) == "Publish"
    response = admin_client.post(
        _workflow_url(claim), {"move": "publish", "version": str(claim.version)}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.publication == Publication.PUBLISHED
    assert (claim.history.first().history_user, claim.history.first().history_change_reason) == (
        editor,
        "Published",
    )


def test_admin_offers_no_delete_box_for_a_published_claims_citations(admin_client, seeded):
    claim = Claim.objects.get(slug=DAVIS_SLUG)
    citation = claim.citations.get()
    url = _admin_url(Claim, "change", claim.pk)
    soup = BeautifulSoup(admin_client.get(url).content, "html.parser")
    assert not soup.find("input", attrs={"name": "citations-0-DELETE"})
    data = _claim_post(
        claim,
        citations=[
            {
                "id": str(citation.pk),
                "version": str(citation.version),
                "source": str(citation.source_id),
                "quote": citation.quote,
                "public_note": citation.public_note,
                "DELETE": "on",  # forged: the formset has no such field
            }
        ],
    )
    data["change_reason"] = "Forged delete"
    admin_client.post(url, data)
    assert Citation.objects.filter(pk=citation.pk).exists()


def test_admin_can_save_an_uncited_claim_as_a_draft(admin_client):
    claim = factories.ClaimFactory(publication=Publication.DRAFT)
    data = _claim_post(claim, citations=[])
    assert admin_client.post(_admin_url(Claim, "change", claim.pk), data).status_code == 302


def test_admin_deleting_a_published_claims_citation_on_its_own_page_is_an_error_message(
    admin_client, seeded
):
    citation = Citation.objects.get(claim__slug=DAVIS_SLUG)
    response = admin_client.post(
        _admin_url(Citation, "delete", citation.pk), {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert Citation.objects.filter(pk=citation.pk).exists()
    messages = [str(m) for m in response.context["messages"]]
    assert any("Retract it instead" in m for m in messages)


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
        "based_on_version": str(source.version),
    }
    response = client.post(_admin_url(Source, "change", source.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    source.refresh_from_db()
    assert source.url == "https://www.reuters.com/article/us-usa-immigration-sanctuary"
    assert source.text == article_text()  # stored with \n, as the article
    davis = Citation.objects.get(claim__slug="davis-baltimore-is-a-welcoming-city")
    assert davis.quote in source.text
