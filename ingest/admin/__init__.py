"""The ingest admin, for operations staff: feeds, batches and the ledger of their records.

Staged records' content (StagedRecordContent), people's review decisions and name frequencies are
deliberately not registered: they can name a child, and operations staff never see who a record is
about. Each admin's rules are in its own module.
"""

from django.contrib import admin

from ingest.admin.batches import BatchAdmin
from ingest.admin.feeds import FeedAdmin
from ingest.admin.ledger import StagedRecordAdmin
from ingest.models import Batch, Feed, StagedRecord

admin.site.register(Feed, FeedAdmin)
admin.site.register(Batch, BatchAdmin)
admin.site.register(StagedRecord, StagedRecordAdmin)
