"""The data-quality dashboard: how the feeds' records end, how long the review and held queues
wait, why records are rejected, and how many duplicates are found, as charts with their figures.

Aggregates only: no row names a child, a record or a person. Operations and data-quality staff see
the national figures; a local authority's management team sees its own authority's: its local
feeds, the records held for it, the possible matches it may settle, and the duplicates resolved
among its children. Read access (who sees what), then figures (the queries), charts (figures as
Chart.js data and tables), forms and views.
"""
