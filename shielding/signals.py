"""What shielding tells the apps that build on it (the arrows point this way: shielding knows
nothing of them)."""

from django.dispatch import Signal

# Sent inside the transaction that makes a child's shield active, with `child` and `order`.
# Receivers hide whatever they hold about the child from those who may no longer see it.
child_shielded = Signal()

# Sent inside the transaction that ends a shield, with `child`, `order` and `by`.
shield_ended = Signal()

# Sent inside the transaction that records an emergency override, with `override`.
override_made = Signal()

# Sent inside the transaction that records a management team's review of an override, with
# `review` (its outcome set). Receivers must not repeat the review's notes anywhere.
override_reviewed = Signal()

# Sent inside the transaction that merges two records (shielding.merges), with `merge` (a
# registry ChildMerge, its rows moved and its shield carried) and `by`; and inside the one that
# undoes a merge, with `merge` (undone) and `by`. Receivers must not repeat the reasons.
child_merged = Signal()
child_unmerged = Signal()

# Sent inside the transaction that changes a child's responsible authority (shielding.moves),
# with `child`, `from_local_authority`, `to_local_authority`, `by` (None for a feed) and
# `source` (what recorded the new address). Receivers hand over what the old authority's team
# held about the child to the new one's.
child_moved = Signal()

# Sent inside the transaction that seals a child's record for a new identity, with `child` (the
# sealed record) and `by`. It names the sealed record only: nothing sent or recorded at that moment
# may name the new identity, or the two would be linked.
record_sealed = Signal()

# Retention (shielding.record_retention). Sent inside the transaction that archives a record, with
# `child` and `rule` (a registry.retention.RetentionAction).
record_archived = Signal()

# Sent inside a purge's transaction before the child's rows are deleted, with `child`, in a
# database scope that sees every hidden row: receivers delete what they hold about the child, so
# that nothing personal outlives the record.
record_purging = Signal()

# Sent inside a purge's transaction once the record is gone, with `child_id` and `rule`.
record_purged = Signal()

# Sent inside the transaction that records or withdraws consent to keep a record past 18, with
# `extension`, `by` and `withdrawn`. Receivers must not repeat why (a care leaver, a learning
# difficulty): that is the young person's sensitive data.
retention_consent_changed = Signal()
