"""Vote counting and ranking: the pure ``tally`` (hypothesis: totals are the sum of the votes,
the ranking is a permutation of the ideas, the same input gives the same order, and ties are
broken as the results page explains) and the Borda points."""

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from activities.selectors.ideas import Ballot, rank_points, tally

pure = settings(database=None, max_examples=300, deadline=None)


@dataclass(frozen=True)
class FakeIdea:
    pk: int


@st.composite
def elections(draw):
    n = draw(st.integers(min_value=0, max_value=9))
    ideas = [FakeIdea(pk=100 + i * 7) for i in range(n)]
    voters = draw(st.integers(min_value=0, max_value=8))
    ballots = []
    for person in range(1, voters + 1):
        if not ideas:
            break
        dots = draw(st.lists(st.integers(min_value=0, max_value=3), min_size=n, max_size=n))
        ranked = draw(st.permutations(ideas))[:draw(st.integers(min_value=0, max_value=n))]
        ranks = {idea.pk: r for r, idea in enumerate(ranked, start=1)}
        for idea, d in zip(ideas, dots, strict=True):
            if d or idea.pk in ranks:
                ballots.append(Ballot(idea.pk, person, d, ranks.get(idea.pk)))
    # a ballot for an idea not in the catalogue (set aside) is ignored
    if draw(st.booleans()):
        ballots.append(Ballot(99999, 1, 3, 1))
    return ideas, ballots


@pure
@given(elections())
def test_totals_equal_the_sum_of_votes_and_ranking_is_a_permutation(election):
    ideas, ballots = election
    rows = tally(ideas, ballots)
    known = {i.pk for i in ideas}
    assert sorted(r.idea.pk for r in rows) == sorted(known)                # a permutation of the ideas
    assert [r.position for r in rows] == list(range(1, len(ideas) + 1))    # numbered 1..N
    for row in rows:
        mine = [b for b in ballots if b.idea_id == row.idea.pk]
        assert row.dots == sum(b.dots for b in mine)
        assert row.points == sum(rank_points(b.rank, len(ideas)) for b in mine)
    assert sum(r.dots for r in rows) == sum(b.dots for b in ballots if b.idea_id in known)


@pure
@given(elections())
def test_ranking_is_deterministic_and_ordered_by_dots_points_then_catalogue_order(election):
    ideas, ballots = election
    first = [r.idea.pk for r in tally(ideas, ballots)]
    assert first == [r.idea.pk for r in tally(ideas, list(reversed(ballots)))]  # ballot order does not matter
    rows = tally(ideas, ballots)
    order = {i.pk: n for n, i in enumerate(ideas)}
    for a, b in zip(rows, rows[1:], strict=False):
        assert (-a.dots, -a.points, order[a.idea.pk]) < (-b.dots, -b.points, order[b.idea.pk])
        if a.dots == b.dots:
            assert b.tie_note  # every tie on dots is explained
            assert ("færre rangpoint" in b.tie_note) == (a.points != b.points)
        else:
            assert b.tie_note == ""


def test_borda_points():
    assert [rank_points(r, 4) for r in (1, 2, 3, 4, 5, None, 0)] == [4, 3, 2, 1, 0, 0, 0]


def test_ties_are_broken_and_explained():
    a, b, c, d = (FakeIdea(i) for i in (1, 2, 3, 4))
    ballots = [Ballot(1, 10, 2, 2), Ballot(2, 10, 2, 1), Ballot(3, 10, 1, None), Ballot(4, 11, 1, None)]
    rows = tally([a, b, c, d], ballots)
    assert [r.idea.pk for r in rows] == [2, 1, 3, 4]
    assert [(r.dots, r.points) for r in rows] == [(2, 4), (2, 3), (1, 0), (1, 0)]
    assert rows[0].tie_note == ""
    assert rows[1].tie_note == "Lige mange prikker som nr. 1 – færre rangpoint."
    assert rows[3].tie_note == "Lige mange prikker og rangpoint som nr. 3 – skrevet ind senere."
    assert rows[0].voter_count == 1 and rows[2].voter_count == 1
