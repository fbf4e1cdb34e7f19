"""The finance app's fixtures: ``fin``, the seed council with a board member, a per diem
and another council (finance/tests/builders.py)."""

import pytest

from finance.tests.builders import BOARD, RATE, Fin
from meetings.tests.seed import user_for


@pytest.fixture
def fin(seed, make_user, make_council, add_member) -> Fin:
    m = add_member(seed.council, BOARD, seat="Medlemmer af kommunalbestyrelsen", email="birthe@example.org")
    seed.people[BOARD], seed.memberships[BOARD] = m.person, m
    other_secretary = make_user(f"andet.sek.{seed.council.pk}@kommune.dk", name="Olga Anden")
    other = make_council(f"andetraad{seed.council.pk}", secretary=other_secretary, name="Udsatterådet i Andeby")
    f = Fin(seed=seed, other=other, other_secretary=other_secretary)
    f.rules(per_diem="non_board", per_diem_rate=RATE)
    for name in ("Mads Lund", "Jytte Holm"):
        f.users[name] = user_for(seed, name, make_user)
    return f
