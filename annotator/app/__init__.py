"""The use cases, the same for the window and the command line: open or build a project
(``projects``), add articles (``articles``), import and export in every format (``transfer``),
bring a colleague's work in and share a copy (``work``), suggest (``suggest``), measure
agreement (``agreement``). No Qt here, and no SQL: the session does the reading and writing."""
