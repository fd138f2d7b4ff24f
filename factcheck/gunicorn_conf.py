"""gunicorn settings for the tracker: ``gunicorn -c python:factcheck.gunicorn_conf
factcheck.wsgi`` (command-line options win over these).

gunicorn answers a request over its own limits itself, with its own
HTML page, before Django runs. Its limits are raised here to twice the site's
documented ones (:mod:`articles.request_limits`), so a request a little
over the site's limits reaches Django and gets the site's answer: a JSON
414 or 431 under ``/api/``, a page elsewhere. ``limit_request_line`` is at
gunicorn's ceiling short of 0 ("unlimited", which would let one request
line fill a worker's memory).
"""

#: Bytes of the request line; gunicorn's default is 4,094, its ceiling 8,190.
limit_request_line = 8190
#: Header fields; gunicorn's default is 100.
limit_request_fields = 200
#: Bytes of one header field; gunicorn's default is 8,190.
limit_request_field_size = 16380
