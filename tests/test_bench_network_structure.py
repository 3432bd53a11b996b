"""The bench generator's network structure is the one the indicators are measured on."""

import collections
import datetime as dt

from bench.generate import MAX_MEMBERS, MIN_MEMBERS, generate


def test_the_generated_networks_look_like_real_ones():
    out = generate(20_000, 3, [(1, "communs")], dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    networks = {row[0] for row in out.initiatives if row[3] == "network"}
    assert 0.015 < len(networks) / 20_000 < 0.025
    pairs = out.memberships
    assert len(set(pairs)) == len(pairs) and all(m != n for m, n in pairs)
    size = collections.Counter(n for _, n in pairs)
    sizes = sorted(size[n] for n in networks)
    assert sizes[0] >= MIN_MEMBERS and sizes[-1] <= MAX_MEMBERS + 2  # + member networks
    assert sizes[-1] > 20 * sizes[len(sizes) // 2]  # a long tail
    per_member = collections.Counter(m for m, _ in pairs if m not in networks)
    assert 0.12 < sum(v >= 2 for v in per_member.values()) / len(per_member) < 0.18
    parents = collections.defaultdict(set)
    for m, n in pairs:
        if m in networks:
            parents[m].add(n)

    def depth(n, seen):
        assert n not in seen, "a membership cycle"
        return max((1 + depth(p, seen | {n}) for p in parents[n]), default=0)

    assert max(depth(n, frozenset()) for n in networks) == 3
