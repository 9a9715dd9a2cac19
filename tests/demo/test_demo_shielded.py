"""The demo's shielded children: a few in each authority, each shielded by that authority's own
team, and made only once."""

import datetime

import pytest

from accounts.roles import Role
from demo.population import population_seed
from demo.shielded import demo_children_shield
from demo.users import demo_users_create, localities_create
from shielding.clearance import may_manage_shielding
from shielding.models import ShieldingOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_population():
    localities_create()
    demo_users_create(password="demo password for tests")
    population_seed(children=1000, seed=2009, reference_date=datetime.date(2025, 6, 1))


def test_each_order_is_made_by_the_childs_own_team(demo_population):
    shielded = demo_children_shield(share=0.02)
    orders = list(ShieldingOrder.objects.select_related("child", "made_by", "local_authority"))
    assert shielded == len(orders) > 0
    for order in orders:
        assert order.active and order.justification
        assert order.local_authority_id == order.child.responsible_local_authority_id
        assert order.made_by.role == Role.LA_MANAGEMENT
        assert may_manage_shielding(user=order.made_by, local_authority=order.local_authority)
    makers = {order.local_authority.name: order.made_by.username for order in orders}
    assert makers["Leeds"] == "la.manager"
    assert makers["Birmingham"] == "la.manager.birmingham"


def test_team_accounts_cannot_sign_in_and_get_no_mail(demo_population):
    demo_children_shield(share=0.02)
    team_accounts = {
        order.made_by
        for order in ShieldingOrder.objects.select_related("made_by")
        if order.made_by.username.startswith("la-team-")
    }
    assert team_accounts
    for account in team_accounts:
        assert not account.has_usable_password() and account.email == ""


def test_the_demo_shields_once(demo_population):
    first = demo_children_shield(share=0.02)
    assert demo_children_shield(share=0.02) == 0
    assert ShieldingOrder.objects.count() == first
