"""The local data-quality tool: a source checks a feed file before it sends it, and nothing is loaded.

The check reads the file with the ingest's own reader and rules (ingest.feed_format), runs the
ingest's own decision (ingest.chunk_decisions, ingest.matching) on its valid records without
writing anything, and compares the file's records with each other, blocked as the matcher blocks,
to find likely duplicates. What it reports names rows, record IDs, columns and rules, and counts:
never a value, never a child of the index, and a record that could be a shielded or sealed child
only as part of the held count.

Read the modules in this order: access (who may check files of which feed), report (what a check
finds), outcomes (the decision without writes), duplicates (the file against itself), selectors
(the check, audited), stored_reports (a finished report kept for its pages), forms and views.
"""
