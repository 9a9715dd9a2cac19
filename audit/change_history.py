"""Change history (django-auditlog) of every model of the registry, shielding and ingest apps.

Each model has a policy in POLICIES saying which fields keep their values in the history, which
are masked and which are left out, and why. The rule behind the table: the history is read by
auditors, who may not see a shielded child's hidden data, so it never holds a hidden value.

- A field that holds a hidden value is masked fully: the entry says that the field changed and
  never what it held (auditlog's own mask keeps half of the value; HIDDEN_VALUE keeps none).
- A row of a hidden table (under row-level security) is hidden data as a whole: every field but
  the row's key and the child it belongs to is masked, and the entry's object_repr is the model's
  name and the row's key, because str() of such a row names a hidden value (an address's status,
  a service's kind).
- Derived columns that repeat another field are left out.

A model of those apps with no policy is still recorded, every field masked (POLICY_UNLISTED), and
the system check below fails until it is given one: a new model is never recorded unmasked by
default.

auditlog records what goes through a model's save() and delete(). The feeds' bulk paths (COPY in
staging and ingest.bulk_load, bulk_create and queryset update() in the matcher's chunk writes)
bypass them and write no entry: a batch of a million records would otherwise write millions. What
those paths did is kept by the batch's own ledger and its access events (batch received, feed
paused and resumed); a single-row save there (a matched child's new name) is recorded.
"""

from dataclasses import dataclass

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.core import checks

from registry.matching_keys import MATCHING_KEY_FIELDS

HISTORY_APPS = ("registry", "shielding", "ingest")
HIDDEN_VALUE = "[hidden]"
MASK_CALLABLE = "audit.change_history.change_value_mask"


@dataclass(frozen=True)
class HistoryPolicy:
    """How one model's changes are kept. `shown_only`, when set, names the fields that keep their
    values; every other field is masked. `neutral_repr` replaces str(row) in the entry."""

    why: str
    masked: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    shown_only: tuple[str, ...] | None = None
    neutral_repr: bool = False


_HIDDEN_TABLE = HistoryPolicy(
    why="A hidden table under row-level security: whether a shielded child has the row, and what "
    "it holds, is hidden. Only which child's row changed, and which fields, is kept.",
    shown_only=("id", "child"),
    neutral_repr=True,
)
_CHILD_REFERENCE = HistoryPolicy(
    why="A public register, but a child's hidden rows point at it: an entry naming a school or "
    "practice, read next to a child's enrolment made in the same request, would tie the two. "
    "The register's own admin pages show its values.",
    shown_only=("id",),
    neutral_repr=True,
)
_PUBLIC = "A public register or an operational record; it holds no child's hidden value."

POLICIES: dict[str, HistoryPolicy] = {
    # registry
    "registry.child": HistoryPolicy(
        why="Identity: what every signed-in user may see of an open record, shielded or not. But "
        "the history is append-only and outlives the record's purge (registry.retention), so the "
        "personal fields are masked: an entry keeps which of them changed, the record their "
        "values, for as long as it exists. The matching keys repeat the names and birth date; "
        "updated_at changes on every save.",
        masked=("given_names", "family_name", "gender", "date_of_birth", "died_on"),
        excluded=(*MATCHING_KEY_FIELDS, "updated_at"),
        neutral_repr=True,
    ),
    "registry.childmerge": HistoryPolicy(
        why="Which records were merged, by whom and when; the reasons a team typed may describe "
        "where a child lives.",
        masked=("reason", "undo_reason"),
    ),
    "registry.retentionextension": HistoryPolicy(
        why="Consent to keep a record to 25; why (a care leaver, a learning difficulty) is a young "
        "person's sensitive data.",
        masked=("reason",),
    ),
    "registry.address": _HIDDEN_TABLE,
    "registry.carer": _HIDDEN_TABLE,
    "registry.settingenrolment": _HIDDEN_TABLE,
    "registry.gpregistration": _HIDDEN_TABLE,
    "registry.serviceinvolvement": _HIDDEN_TABLE,
    "registry.externalidentifier": _HIDDEN_TABLE,
    "registry.localauthority": HistoryPolicy(why=_PUBLIC),
    "registry.postcodedistrict": HistoryPolicy(why=_PUBLIC),
    "registry.educationalsetting": _CHILD_REFERENCE,
    "registry.gppractice": _CHILD_REFERENCE,
    # shielding
    "shielding.shieldingorder": HistoryPolicy(
        why="The reason, justification and review and end notes say why a child is at risk.",
        masked=("reason", "justification", "last_review_notes", "end_reason"),
    ),
    "shielding.emergencyoverride": HistoryPolicy(
        why="The practitioner's reason for breaking glass can describe the child's situation.",
        masked=("reason",),
    ),
    "shielding.overridereview": HistoryPolicy(
        why="The team's notes can repeat what the override revealed.", masked=("notes",)
    ),
    "shielding.contactrequest": HistoryPolicy(
        why="The message and the team's notes can hold what shielding hides; the phone number "
        "is the requester's own and shown only to the team.",
        masked=("message", "action_notes", "requester_phone"),
    ),
    "shielding.identitylink": HistoryPolicy(
        why="The one record that a sealed child and its new identity are one child: an entry "
        "would show the link to auditors. Every field is excluded: the model is not recorded.",
        excluded=("id", "sealed_child", "new_child", "reason", "made_by", "made_at"),
    ),
    # ingest
    "ingest.feed": HistoryPolicy(why=_PUBLIC),
    "ingest.feedstatechange": HistoryPolicy(why=_PUBLIC),
    "ingest.batch": HistoryPolicy(
        why="Counts, states and a rejection message that names columns and lines, never values."
    ),
    "ingest.stagedrecord": HistoryPolicy(
        why="The ledger operations staff read: its reason names a column and a rule, never a "
        "value. Staging writes it with COPY, which records nothing: only later single-row "
        "writes appear."
    ),
    "ingest.stagedrecordcontent": HistoryPolicy(
        why="A hidden table: the record as received and the child it was matched or held for. "
        "Staging writes it with COPY, which records nothing.",
        shown_only=("staged_record",),
        neutral_repr=True,
    ),
    "ingest.namefrequency": HistoryPolicy(
        why="Counts of names across the index, refreshed in one statement (no entries then)."
    ),
    "ingest.pairjudgement": HistoryPolicy(
        why="A judgement about a held record ties a feed's record to a shielded or sealed child, "
        "which only that child's management team may know.",
        masked=("child",),
    ),
    "ingest.recordresolution": HistoryPolicy(
        why="The resolution of a held record names the shielded or sealed child it was about.",
        masked=("child",),
    ),
}

POLICY_UNLISTED = HistoryPolicy(
    why="No policy yet: every field masked until one is written.", shown_only=("id",)
)


def change_value_mask(value: str) -> str:
    """The mask of a hidden field's value: nothing of the value is kept, not even its length."""
    return HIDDEN_VALUE


def history_models() -> list:
    """Every concrete model of the apps whose changes are recorded."""
    return [
        model
        for app_label in HISTORY_APPS
        for model in apps.get_app_config(app_label).get_models()
        if not model._meta.abstract and not model._meta.proxy
    ]


def history_policy(model) -> HistoryPolicy:
    return POLICIES.get(model._meta.label_lower, POLICY_UNLISTED)


def history_recorded(model) -> bool:
    """False for a model whose policy excludes every field: it is never registered, so no change
    of it is ever written (shielding.identitylink)."""
    excluded = set(history_policy(model).excluded)
    return any(field.name not in excluded for field in model._meta.concrete_fields)


def masked_fields(model, policy: HistoryPolicy) -> list[str]:
    if policy.shown_only is None:
        return list(policy.masked)
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.name not in policy.shown_only and field.name not in policy.excluded
    ]


def change_history_register() -> None:
    """Register every model of HISTORY_APPS with auditlog under its policy (from AuditConfig.ready)."""
    for model in history_models():
        policy = history_policy(model)
        auditlog.unregister(model)
        if not history_recorded(model):
            continue
        auditlog.register(
            model,
            exclude_fields=list(policy.excluded),
            mask_fields=masked_fields(model, policy),
            mask_callable=MASK_CALLABLE,
        )


def log_entry_repr_neutralise(sender, instance: LogEntry, **_kwargs) -> None:
    """pre_save of auditlog's LogEntry: a row whose str() may name a hidden value is shown as its
    model's name and key instead."""
    if not instance._state.adding:
        return
    model = instance.content_type.model_class()
    in_history = model is not None and model._meta.app_label in HISTORY_APPS
    if in_history and history_policy(model).neutral_repr:
        instance.object_repr = f"{model._meta.verbose_name} {instance.object_pk}"


@checks.register(checks.Tags.models)
def change_history_policies_check(app_configs=None, **_kwargs) -> list[checks.CheckMessage]:
    """Every model of HISTORY_APPS has a change-history policy, and each policy's fields exist."""
    errors = []
    for model in history_models():
        label = model._meta.label_lower
        policy = POLICIES.get(label)
        if policy is None:
            errors.append(
                checks.Error(
                    f"{label} has no change-history policy.",
                    hint="Add it to audit.change_history.POLICIES, saying which fields are "
                    "hidden values.",
                    id="audit.E001",
                )
            )
            continue
        names = {field.name for field in model._meta.concrete_fields}
        named = {*policy.masked, *policy.excluded, *(policy.shown_only or ())}
        for unknown in sorted(named - names):
            errors.append(
                checks.Error(
                    f"The change-history policy of {label} names {unknown}, which it lacks.",
                    id="audit.E002",
                )
            )
    return errors
