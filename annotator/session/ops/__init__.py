"""Every edit a person makes, as an operation with ``apply()`` and ``revert()`` (``base``), with
the rules that decide what an edit is beside it: spans, documents, links (entities, quotes,
claims), the scheme, review decisions, proposals."""
