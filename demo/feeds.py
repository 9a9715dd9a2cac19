"""The feeds a demo installation receives: the national sources and one local authority's.

Each feed is trusted for what its source knows best (source precedence): the NHS feed for the GP
and NHS number, the school census for the school and UPN, child benefit for the address and the
claimant, births for everything about a new-born.
"""

from typing import NamedTuple

from django.db import transaction

from ingest.models import Feed, TrustedField
from registry.models import LocalAuthority


class DemoFeed(NamedTuple):
    code: str
    name: str
    trusted_fields: tuple[str, ...]
    local_authority_code: str | None = None


DEMO_FEEDS: tuple[DemoFeed, ...] = (
    DemoFeed(
        "child-benefit",
        "Child benefit (HMRC)",
        (TrustedField.ADDRESS, TrustedField.CARERS),
    ),
    DemoFeed(
        "nhs-registrations",
        "NHS registrations",
        (TrustedField.GP, TrustedField.NHS_NUMBER, TrustedField.ADDRESS),
    ),
    DemoFeed("school-census", "School census (DfE)", (TrustedField.SCHOOL, TrustedField.UPN)),
    DemoFeed(
        "births",
        "Birth registrations",
        (TrustedField.IDENTITY, TrustedField.ADDRESS, TrustedField.CARERS, TrustedField.NHS_NUMBER),
    ),
    DemoFeed(
        "leeds-childrens-services",
        "Leeds children's services",
        (TrustedField.ADDRESS, TrustedField.CARERS),
        local_authority_code="383",
    ),
)


@transaction.atomic
def demo_feeds_create() -> int:
    """Create the demo feeds that do not exist yet; return how many were created."""
    created = 0
    for demo_feed in DEMO_FEEDS:
        authority = (
            LocalAuthority.objects.get(code=demo_feed.local_authority_code)
            if demo_feed.local_authority_code
            else None
        )
        _feed, was_created = Feed.objects.get_or_create(
            code=demo_feed.code,
            defaults={
                "name": demo_feed.name,
                "scope": Feed.Scope.LOCAL if authority else Feed.Scope.NATIONAL,
                "local_authority": authority,
                "trusted_fields": list(demo_feed.trusted_fields),
            },
        )
        created += was_created
    return created
