"""The engine against queueing theory on long runs.

Each check runs a long line (thousands of units, always working, every unit
released at the start) and compares an estimate with its analytic value. The
tolerance is four standard errors of the estimate: where the variance is known
in closed form it is used (said in each test), otherwise the spread over
independent replications (each a long run, so about normal). The engine's
streams are seeded, so each test is deterministic; four standard errors make a
failure of a correct engine a 1-in-15,000 event per check.
"""

from __future__ import annotations

import math

import numpy as np

from rampline.factoryfile import parse_factory
from rampline.simulation.montecarlo import run_records
from rampline.simulation.results import RunRecords

HEAD = """factory: t
start: 2026-01-05T00:00
calendars:
  rtc:
    shifts: [{start: "00:00", hours: 24}]
"""


def run(stations: str, routing: str, units: int, runs: int) -> RunRecords:
    text = (
        HEAD
        + "stations:\n"
        + stations
        + f"products:\n  p:\n    routing:\n{routing}"
        + f"demand:\n  - {{product: p, quantity: {units}, due: 2027-12-31}}\n"
    )
    return run_records(parse_factory(text).base, runs, seed=7, keep_shares=True)


def within(estimates: np.ndarray, expected: float, se: float | None = None) -> None:
    """Mean of ``estimates`` within 4 standard errors of ``expected``; ``se``
    defaults to the spread over the replications / sqrt(n)."""
    if se is None:
        se = float(np.std(estimates, ddof=1) / math.sqrt(estimates.size))
    assert abs(float(np.mean(estimates)) - expected) <= 4 * se, (np.mean(estimates), expected, se)


def test_failures_throughput() -> None:
    """Fixed t = 60 min, mtbf 10 h, mttr 2 h (exponential): throughput
    1 / (t (1 + mttr/mtbf)) = 1/72 per minute. For N units the completion is
    N t plus the repairs in N t busy minutes: a compound Poisson sum with
    N t / mtbf repairs, so E = N t (1 + mttr/mtbf) and Var = (N t / mtbf) 2 mttr^2."""
    n, t, mtbf, mttr, runs = 2000, 60.0, 600.0, 120.0, 40
    rec = run(
        "  s: {calendar: rtc, failures: {mtbf: 10h, mttr: 2h}}\n",
        "      - {station: s, time: 60min}\n",
        n,
        runs,
    )
    expected = n * t * (1 + mttr / mtbf)  # 144,000 min: 1/72 per minute
    sd = math.sqrt(n * t / mtbf * 2 * mttr**2)  # 2,400 min
    within(rec.end, expected, sd / math.sqrt(runs))
    share_down = mttr / (mtbf + mttr)  # 1/6 of the time under repair
    within(rec.shares[:, 0, 3], share_down)


def test_scrap_starts() -> None:
    """Scrap p = 10 %: the starts needed for N good units are negative binomial,
    E = N / (1 - p), Var = N p / (1 - p)^2."""
    n, p, runs = 2000, 0.1, 20
    rec = run(
        "  s: {calendar: rtc}\n",
        "      - {station: s, time: 10min, scrap: 10%}\n",
        n,
        runs,
    )
    sd = math.sqrt(n * p) / (1 - p)  # 15.7
    within(rec.started.astype(float), n / (1 - p), sd / math.sqrt(runs))  # 2,222.2
    assert np.all(rec.started - rec.scrapped == n)


def test_rework_mean_time() -> None:
    """Rework rate r = 25 %, rework time tr = 40 min, t = 60 min: mean time per unit
    t + r tr = 70 min; completion of N units is N t + tr Binomial(N, r)."""
    n, t, r, tr, runs = 2000, 60.0, 0.25, 40.0, 20
    rec = run(
        "  s: {calendar: rtc}\n",
        "      - {station: s, time: 60min, rework: {rate: 25%, time: 40min}}\n",
        n,
        runs,
    )
    sd = tr * math.sqrt(n * r * (1 - r))  # 774.6 min
    within(rec.end, n * (t + r * tr), sd / math.sqrt(runs))  # 140,000 min


def two_station_throughput(mu1: float, mu2: float, b: int) -> float:
    """Two exponential stations, a buffer of ``b`` between, blocking after service,
    the first never starved. States: k = 0..b+1 units at the second station (in its
    buffer or cell) with the first working, and B: k = b+1 and the first blocked
    holding a finished unit. Throughput = mu2 P(k >= 1)."""
    n = b + 3  # k = 0..b+1, then B
    q = np.zeros((n, n))
    for k in range(b + 2):
        q[k, k + 1] += mu1  # the first finishes: into the buffer, or blocked (B)
        if k >= 1:
            q[k, k - 1] += mu2
    q[b + 2, b + 1] += mu2  # the second takes a unit; the held one enters the buffer
    np.fill_diagonal(q, -q.sum(axis=1))
    a = np.vstack([q.T, np.ones(n)])  # pi Q = 0, sum pi = 1
    rhs = np.zeros(n + 1)
    rhs[-1] = 1.0
    pi = np.linalg.lstsq(a, rhs, rcond=None)[0]
    return mu2 * (1.0 - pi[0])


def test_markov_chain_helper() -> None:
    # b = 0, equal rates: states 0, 1, B with pi = (1/3, 1/3, 1/3): throughput 2/3 mu.
    assert abs(two_station_throughput(1.0, 1.0, 0) - 2.0 / 3.0) < 1e-12
    # a long buffer tends to min(mu1, mu2).
    assert abs(two_station_throughput(0.5, 1.0, 60) - 0.5) < 1e-9


def test_two_exponential_stations_with_a_finite_buffer() -> None:
    """Throughput N / completion over 20 long replications against the Markov chain;
    tolerance from the spread over the replications, plus the start-up (the line
    starts empty: at most one unit's time in each station, 2 x 60 / (N x 60))."""
    n, runs = 6000, 20
    for b, mean2 in ((0, "60min"), (2, "50min")):
        rec = run(
            f"  a: {{calendar: rtc}}\n  b: {{calendar: rtc, buffer: {b}}}\n",
            "      - {station: a, time: {mean: 60min, dist: exponential}}\n"
            f"      - {{station: b, time: {{mean: {mean2}, dist: exponential}}}}\n",
            n,
            runs,
        )
        mu2 = 1.0 / float(mean2.removesuffix("min"))
        exact = two_station_throughput(1.0 / 60.0, mu2, b)
        rate = n / rec.end
        se = float(np.std(rate, ddof=1) / math.sqrt(runs))
        assert abs(rate.mean() - exact) <= 4 * se + exact * 2 / n, (b, rate.mean(), exact, se)
        # and a buffer of 0 really costs throughput: 2/3 of 1/60 for equal rates
        if b == 0:
            assert abs(exact - 2.0 / 3.0 / 60.0) < 1e-12


def test_tandem_line_runs_at_its_slowest_station() -> None:
    """Three stations, lognormal times (cv 0.3), means 40, 60 and 30 min, unlimited
    buffers: the long-run throughput is that of the slowest, 1/60 per minute."""
    n, runs = 3000, 10
    rec = run(
        "  a: {calendar: rtc}\n  b: {calendar: rtc}\n  c: {calendar: rtc}\n",
        "      - {station: a, time: {mean: 40min, cv: 0.3}}\n"
        "      - {station: b, time: {mean: 60min, cv: 0.3}}\n"
        "      - {station: c, time: {mean: 30min, cv: 0.3}}\n",
        n,
        runs,
    )
    # The completion is b's N operations (sd 60 x 0.3 x sqrt(N) = 986 min) plus the
    # first unit's time in a and the last one's in c (about 70 min, the start-up).
    minutes_per_unit = (rec.end - 70.0) / n
    within(minutes_per_unit, 60.0)
    assert np.all(rec.shares[:, 1, 2] > 0.99)  # b is busy all the time
