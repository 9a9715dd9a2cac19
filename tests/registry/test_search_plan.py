"""Search reads through indexes: PostgreSQL's own plan for every query a search runs, on a table of
a few thousand children with fresh statistics, shows no sequential scan of the child table.

The planner is left free to choose (no `enable_seqscan = off`): a plan that needs forcing would be
a plan that scans the table at a million children.
"""

import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.population import population_seed
from registry.models import Address, Child, ExternalIdentifier
from registry.purposes import AccessPurpose
from registry.search import search_criteria_parse
from registry.selectors import child_search
from shielding.clearance import cleared_local_authority_ids
from tests.conftest import database_role
from tests.factories import UserFactory

POPULATION = 5000
SCANNED_TABLES = {"registry_child", "registry_address", "registry_externalidentifier"}
INDEX_NODES = {"Index Scan", "Index Only Scan", "Bitmap Index Scan"}


@pytest.fixture(scope="module")
def population(django_db_setup, django_db_blocker):
    """A committed population with planner statistics, shared by this module and flushed after."""
    with django_db_blocker.unblock():
        population_seed(children=POPULATION, seed=2009, batch_size=POPULATION)
        with database_role(settings.DATABASE_OWNER_URL), connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        yield
        call_command("flush", interactive=False, verbosity=0)


def a_child_with_postcode_and_nhs_number() -> tuple[Child, str, str]:
    address = (
        Address.unscoped_objects.exclude(postcode="").select_related("child").order_by("id").first()
    )
    nhs_number = ExternalIdentifier.unscoped_objects.filter(
        child=address.child, scheme=ExternalIdentifier.Scheme.NHS_NUMBER
    ).values_list("value", flat=True)[0]
    return address.child, address.postcode, nhs_number


def searches(child: Child, postcode: str, nhs_number: str) -> dict[str, dict[str, str]]:
    born = child.date_of_birth
    names = {"given_names": child.given_names, "family_name": child.family_name}
    return {
        "names and date of birth": {**names, "date_of_birth": born.isoformat()},
        "names and year": {**names, "date_of_birth": str(born.year)},
        "names and month": {**names, "date_of_birth": f"{born:%Y-%m}"},
        "given name, date of birth, postcode": {
            "given_names": child.given_names,
            "date_of_birth": born.isoformat(),
            "postcode": postcode,
        },
        "family name, date of birth, postcode": {
            "family_name": child.family_name,
            "date_of_birth": born.isoformat(),
            "postcode": postcode,
        },
        "ContactPoint ID": {"contactpoint_id": child.contactpoint_id},
        "NHS number": {"nhs_number": nhs_number},
    }


def plan_nodes(sql: str) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    nodes, waiting = [], [plan[0]["Plan"]]
    while waiting:
        node = waiting.pop()
        nodes.append(node)
        waiting.extend(node.get("Plans", []))
    return nodes


@pytest.mark.django_db
def test_every_search_query_uses_an_index_and_scans_no_table(population):
    user = UserFactory()
    cleared_local_authority_ids(user)  # looked up once per request, before any search
    child, postcode, nhs_number = a_child_with_postcode_and_nhs_number()
    for name, fields in searches(child, postcode, nhs_number).items():
        with CaptureQueriesContext(connection) as captured:
            outcome = child_search(
                user=user,
                purpose=AccessPurpose.CHILD_PROTECTION,
                criteria=search_criteria_parse(fields),
            )
        assert child in [result.child for result in outcome.results] or outcome.too_many, name
        reads = [
            query["sql"] for query in captured.captured_queries if query["sql"].startswith("SELECT")
        ]
        assert reads, name
        for sql in reads:
            nodes = plan_nodes(sql)
            scanned = {
                node["Relation Name"]
                for node in nodes
                if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in SCANNED_TABLES
            }
            assert not scanned, f"{name}: {sql}"
            assert INDEX_NODES & {node["Node Type"] for node in nodes}, f"{name}: {sql}"
