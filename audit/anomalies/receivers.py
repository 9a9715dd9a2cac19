"""Every search and record view is judged by the anomaly rules as its event is written, in the
read's own transaction: an alert or a suspension is never left behind by a read that failed.
(Connected to AccessEvent's post_save in audit.apps.)"""

from audit.anomalies.evaluation import read_evaluate
from audit.models import AccessEvent

READ_KINDS = frozenset({AccessEvent.Kind.SEARCH, AccessEvent.Kind.RECORD_VIEW})


def access_event_saved(sender, instance, created: bool, **_kwargs) -> None:
    if created and instance.kind in READ_KINDS and instance.user_id is not None:
        read_evaluate(event=instance)
