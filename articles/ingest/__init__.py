"""Wire-story ingestion (issue "Wire-story ingestion").

A story goes in as bytes or text; it comes out as a :class:`Source` and
draft suggestions for editors to review. The parts:

- :mod:`.reading`: bytes or HTML to normalised plain text, refused with a
  named reason when it is not a story (empty, binary, an image, too long,
  an unknown encoding); the text's digest, the key of idempotence;
- :mod:`.dateline`: ``WASHINGTON/NEW YORK (Reuters) -``: places and
  publisher;
- :mod:`.spans`: sentences and the finding types, each with character
  offsets into the text;
- :mod:`.places`, :mod:`.people`, :mod:`.quotes`, :mod:`.signals`: the
  rule-based extractors (no model is downloaded; the gazetteer of
  :mod:`articles.gazetteer` resolves places);
- :mod:`.extract`: runs them all on one text;
- :mod:`.services`: the writes (import, accept, reject), through
  :mod:`articles.services` and :mod:`articles.workflow`.
"""
