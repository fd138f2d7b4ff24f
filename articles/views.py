"""Public pages. STUB: to be written."""

from django.http import HttpResponse


def _stub(request, **kwargs):
    return HttpResponse("stub")


home = inquiry_detail = responses_pending = responses_received = _stub
city_detail = claim_list = claim_detail = source_detail = person_detail = methodology = _stub
