"""The engine against the SimPy reference model.

1. Deterministic models (fixed times, no failures, rework or scrap): engine and
   reference must agree exactly, completion, every demand line, units by due
   and every time share, on small random lines (hypothesis).
2. The example, in distribution: the reference's per-run outcomes over 200 runs
   are stored in ``data/reference_example_<scenario>.json`` (made by
   ``make_reference_data.py``; a few of its seeds are re-run live here, so the
   file cannot drift from the reference code unnoticed); the engine runs 200
   replications live. Two-sample Kolmogorov-Smirnov on completion, Anderson-
   Darling k-sample on units by the due date, and means within four standard
   errors of their difference.
3. The example makes sense: the base plan misses December by months, flight-test
   is its bottleneck; round the clock meets it with weeks to spare; weekend
   shifts make it a close call though the capacity check calls it feasible.
"""

from __future__ import annotations

import json
import math
import random
from datetime import date, datetime
from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy import stats

from rampline.domain.calendar import Calendar, Shift
from rampline.domain.demand import DemandLine
from rampline.domain.distributions import Fixed
from rampline.domain.factory import Factory
from rampline.domain.line import Outage, Station
from rampline.domain.product import Product, Step
from rampline.errors import FactoryFileError
from rampline.factoryfile import load_factory_file, parse_factory
from rampline.planning import capacity
from rampline.simulation import simulate
from rampline.simulation.montecarlo import run_records
from rampline.simulation.trace import FINISHED, RELEASE, trace

from .make_reference_data import EXAMPLE, SHARE_STATES, data_path, outcome
from .simpy_reference import run_reference

RUNS = 200
DAY = 1440.0


def small_line(rng: random.Random, larger: bool = False) -> str:
    """A small deterministic factory text: random calendars (night shifts, shifts
    longer than a day, holidays), cells, crews, skills with training, buffers,
    live_from, one material, learning, WIP limit, demand, maybe an outage.
    ``larger``: two to five stations, two or three products, the material and
    the WIP limit more often, and rework at a rate of 100 % (still no chance)."""
    L: list[str] = []
    hh = rng.choice(["00:00", "06:00", "08:00", "13:30", "23:00"])
    L.append("factory: t")
    L.append(f"start: 2026-01-{rng.choice([5, 6, 10]):02d}T{hh}")
    L.append("calendars:")
    ncal = rng.randint(1, 2)
    for c in range(ncal):
        days = sorted(
            rng.sample(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], rng.randint(1, 7))
        )
        L.append(f"  c{c}:")
        if rng.random() < 0.7:
            L.append(f"    days: [{', '.join(days)}]")
        sh = rng.choice(
            [
                [("06:00", 8)],
                [("22:00", 8)],
                [("06:00", 8), ("14:00", 8)],
                [("00:00", 24)],
                [("20:00", 10)],
                [("08:00", 4), ("13:00", 4)],
                [("09:30", 30)],
            ]
        )
        L.append("    shifts:")
        for s, h in sh:
            L.append(f'      - {{start: "{s}", hours: {h}}}')
        if rng.random() < 0.4:
            L.append(f"    holidays: [2026-01-{rng.randint(5, 20):02d}]")
        L.append(f"    rota: {rng.choice([1, 1, 2, 1.5])}")
    nst = rng.randint(2, 5) if larger else rng.randint(1, 3)
    skills = ["a", "b"]
    used_sk = set()
    L.append("stations:")
    for s in range(nst):
        L.append(f"  s{s}:")
        L.append(f"    calendar: c{rng.randrange(ncal)}")
        L.append(f"    cells: {rng.randint(1, 3)}")
        if rng.random() < 0.6:
            sk = rng.choice(skills)
            used_sk.add(sk)
            L.append(f"    skill: {sk}")
            L.append(f"    crew: {rng.randint(1, 2)}")
        if rng.random() < 0.6:
            L.append(f"    buffer: {rng.choice([0, 0, 1, 2, 5])}")
        if rng.random() < 0.3:
            L.append(f"    live_from: 2026-01-{rng.randint(6, 15):02d}")
    if used_sk:
        L.append("people:")
        for sk in sorted(used_sk):
            L.append(f"  {sk}:")
            L.append(f"    training: {rng.choice(['1d', '2d', '36h'])}")
            if rng.random() < 0.5:
                L.append(f"    training_places: {rng.randint(1, 2)}")
            L.append("    hires:")
            L.append(
                f"      - {{on: 2026-01-0{rng.randint(1, 9)}, count: {rng.randint(2, 6)}, trained: true}}"
            )
            if rng.random() < 0.7:
                L.append(
                    f"      - {{on: 2026-01-{rng.randint(1, 12):02d}, count: {rng.randint(1, 5)}}}"
                )
    mat = rng.random() < (0.8 if larger else 0.5)
    if mat:
        L.append("materials:")
        L.append("  m:")
        L.append(f"    on_hand: {rng.randint(0, 10)}")
        L.append("    deliveries:")
        L.append(
            f"      - {{first: 2026-01-{rng.randint(5, 12):02d}, every: {rng.choice(['1d', '2d', '1w'])}, quantity: {rng.randint(1, 8)}}}"
        )
    L.append("products:")
    npr = rng.randint(2, 3) if larger else rng.randint(1, 2)
    for p in range(npr):
        L.append(f"  p{p}:")
        L.append("    routing:")
        k = rng.randint(1, nst)
        sts = sorted(rng.sample(range(nst), k))
        for s in sts:
            L.append(f"      - station: s{s}")
            L.append(
                f"        time: {rng.choice(['15min', '30min', '45min', '1h', '2.5h', '7min'])}"
            )
            if rng.random() < 0.3:
                L.append("        learning: {rate: 80%, first: 2h}")
            if larger and rng.random() < 0.3:
                time = rng.choice(["10min", "20min", "1h"])
                L.append(f"        rework: {{rate: 100%, time: {time}}}")
            if mat and rng.random() < (0.6 if larger else 0.4):
                L.append("        uses: {m: 1}")
    L.append("demand:")
    for p in range(npr):
        for _ in range(rng.randint(1, 2)):
            L.append(
                f"  - {{product: p{p}, quantity: {rng.randint(1, 25)}, due: 2026-0{rng.randint(1, 3)}-{rng.randint(10, 28)}}}"
            )
    if rng.random() < (0.8 if larger else 0.5):
        L.append("line:")
        L.append(f"  wip_limit: {rng.randint(1, 12 if larger else 8)}")
    if rng.random() < 0.3:
        L.append("scenarios:")
        L.append("  o:")
        L.append("    description: outage")
        L.append("    outages:")
        L.append(
            f"      - {{stations: all, from: 2026-01-{rng.randint(5, 9):02d}T{rng.randint(0, 23):02d}:00, to: 2026-01-{rng.randint(10, 14):02d}T00:00}}"
        )
    return "\n".join(L) + "\n"


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(st.randoms(use_true_random=False), st.booleans())
def test_deterministic_lines_agree_exactly(rng: random.Random, larger: bool) -> None:
    """Engine and reference on random lines, to the second (session 10 ran
    thousands of them once; one in 1,500 showed the follow-on release
    difference worked by hand below)."""
    text = small_line(rng, larger)
    try:
        plans = parse_factory(text)
    except FactoryFileError:  # e.g. a station that never gets a crew
        assume(False)
        return
    for plan in (plans.base, *plans.scenarios.values()):
        rec = run_records(plan, 1, 1, keep_shares=True)
        ref = run_reference(plan, 1)
        where = f"{plan.scenario or 'base'}\n{text}"
        assert rec.end[0] == pytest.approx(ref.completion, abs=1e-6), where
        assert bool(rec.complete[0]) is not ref.incomplete, where
        assert rec.line_done[0] == pytest.approx(ref.line_completion, abs=1e-6), where
        assert list(rec.by_due[0]) == ref.units_by_due, where
        assert rec.started[0] == ref.units_started, where
        for i, station in enumerate(plan.stations):
            times = ref.stations[station.id]
            expected = [times.share(k) for k in SHARE_STATES]
            assert rec.shares[0, i] == pytest.approx(expected, abs=1e-9), (station.id, where)
            assert rec.shares[0, i].sum() == pytest.approx(1.0, abs=1e-9)


def _replacement_at_another_first_station() -> Factory:
    """a (buffer 0) feeds b (buffer 0); p runs a 10 min then b 25 min, r runs b
    only and is always scrapped there (a rate of 1 the file format refuses, set
    here on the domain object so the case needs no random draw); b has no
    working time from 03:00 on, which ends the run."""
    rtc = Calendar("rtc", (Shift(0, 24.0),))
    start = datetime(2026, 1, 5)  # a Monday
    return Factory(
        name="replacement at another first station",
        start=start,
        calendars={"rtc": rtc},
        stations=(Station("a", "rtc", buffer=0), Station("b", "rtc", buffer=0)),
        products={
            "p": Product("p", (Step("a", Fixed(10)), Step("b", Fixed(25)))),
            "r": Product("r", (Step("b", Fixed(25), scrap=1.0),)),
        },
        demand=(DemandLine("p", 2, date(2026, 2, 1)), DemandLine("r", 1, date(2026, 2, 1))),
        people={},
        materials={},
        wip_limit=None,
        outages=(Outage(("b",), datetime(2026, 1, 5, 3), datetime(2032, 1, 1)),),
    )


def test_replacement_starting_elsewhere_waits_there_from_the_scrap() -> None:
    """Worked by hand (ADR 0004; the plan releases p r p):
    0: p1 into a (0-10), r1 into b (0-25); p2 held back at a.
    10: p1 done at a, held there for b.
    25: r1 scrapped. Its replacement r2 takes p2's place, at b, from now: behind
        p1, which enters b (25-50). a is free, but p2 waits behind r2.
    50: p1 finished. r2 into b (50-75), then p2 into a (50-60); p2 held from 60.
    75: r2 scrapped; r3 is owed and waits at b behind p2, which enters (75-100).
    100: p2 finished; r3 into b. 125, 150, 175: r3, r4, r5 scrapped, r4, r5, r6
        released; r6's work stops at 03:00 for good, so the run ends incomplete.
    Keeping the release's old waiting-since time (since 0) instead would let r2
    into b at 25 and finish p1 at 75."""
    plan = _replacement_at_another_first_station()
    releases = [(0, "p"), (0, "r"), (50, "r"), (50, "p"), (100, "r"), (125, "r"), (150, "r")]
    releases.append((175, "r"))
    ref = run_reference(plan, 1)
    assert ref.releases == releases
    assert ref.finished == {"p": [50, 100], "r": []}
    assert (ref.units_started, ref.units_scrapped, ref.incomplete) == (8, 5, True)
    tr = trace(plan, 1, math.inf)
    rows = tr.records
    released = rows[rows[:, 1] == RELEASE]
    assert [(t, tr.products[int(p)]) for t, p in released[:, [0, 5]]] == releases
    assert list(rows[rows[:, 1] == FINISHED][:, 0]) == [50, 100]
    rec = run_records(plan, 1, 1)
    assert (rec.started[0], rec.scrapped[0], bool(rec.complete[0])) == (8, 5, False)


def _follow_on_release() -> Factory:
    """a and b (2 cells each, no buffer limit, every minute working); p runs a
    then b, 30 min each; r runs b only, 30 min; 5 p due before 1 r, so the
    plan releases p p p p p r; WIP limit 4."""
    rtc = Calendar("rtc", (Shift(0, 24.0),))
    return Factory(
        name="follow-on release",
        start=datetime(2026, 1, 5),
        calendars={"rtc": rtc},
        stations=(Station("a", "rtc", cells=2), Station("b", "rtc", cells=2)),
        products={
            "p": Product("p", (Step("a", Fixed(30)), Step("b", Fixed(30)))),
            "r": Product("r", (Step("b", Fixed(30)),)),
        },
        demand=(DemandLine("p", 5, date(2026, 1, 10)), DemandLine("r", 1, date(2026, 1, 20))),
        people={},
        materials={},
        wip_limit=4,
        outages=(),
    )


def test_release_after_a_release_waits_behind_units_finished_at_that_instant() -> None:
    """Worked by hand (ADR 0004, 1):
    0: p1 p2 p3 p4 released; p1, p2 into a (0-30).
    30: p1, p2 into b (30-60); p3, p4 into a (30-60).
    60: p1, p2 finished: WIP 2. The decision offers p5 first, ahead of p3 and p4
        (finished at a at 60), and waits to be let in at a's visit. p3 and p4
        pass straight into b's buffer, their cells at a free. At a's visit p5
        goes in and starts (60-90); r1 is offered only now, so it queues at b
        behind p3 and p4, which take b's two cells (60-90).
    90: p3, p4 finished; r1 into b (90-120); p5 into b (90-120).
    Offering r1 together with p5 at the start of the decision (the engine
    until session 10) let r1 into b ahead of p3: r1 done at 90, p4 at 120.
    A random line found the difference (engine against reference)."""
    plan = _follow_on_release()
    ref = run_reference(plan, 1)
    assert ref.releases == [(0, "p")] * 4 + [(60, "p"), (60, "r")]
    assert ref.finished == {"p": [60, 60, 90, 90, 120], "r": [120]}
    rec = run_records(plan, 1, 1)
    assert list(rec.line_done[0]) == [120, 120]
    tr = trace(plan, 1, math.inf)
    rows = tr.records
    finished = rows[rows[:, 1] == FINISHED]
    done = sorted((t, tr.products[int(tr.unit_product[int(u)])]) for t, u in finished[:, [0, 4]])
    assert done == [(60, "p"), (60, "p"), (90, "p"), (90, "p"), (120, "p"), (120, "r")]


# -- the example, in distribution -----------------------------------------------------


@cache
def _plans():  # type: ignore[no-untyped-def]
    return load_factory_file(EXAMPLE)


@cache
def _engine(scenario: str | None, runs: int = RUNS):  # type: ignore[no-untyped-def]
    return simulate(_plans().plan(scenario), runs, seed=1, keep_shares=True)


@cache
def _fixture(scenario: str | None) -> dict:  # type: ignore[type-arg]
    return json.loads(data_path(scenario).read_text(encoding="utf-8"))


def _ref(scenario: str | None, key: str) -> np.ndarray:
    return np.array([o[key] for o in _fixture(scenario)["outcomes"]], dtype=float)


def _close_means(a: np.ndarray, b: np.ndarray, what: str) -> None:
    """Means within four standard errors of their difference (Welch): the engine
    and the reference draw from independent streams."""
    se = math.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
    assert abs(a.mean() - b.mean()) <= 4 * se + 1e-9, (what, a.mean(), b.mean(), se)


def _close_quantiles(a: np.ndarray, b: np.ndarray, q: float) -> None:
    """Percentile ``q`` within four standard errors of the difference, the
    standard error from 400 bootstrap resamples of both samples."""
    rng = np.random.default_rng(0)
    boot = [
        np.percentile(rng.choice(a, a.size), q) - np.percentile(rng.choice(b, b.size), q)
        for _ in range(400)
    ]
    diff = np.percentile(a, q) - np.percentile(b, q)
    assert abs(diff) <= 4 * np.std(boot) + 1e-9, (q, diff, np.std(boot))


@pytest.mark.parametrize("scenario", [None, "weekend-shifts"])
def test_reference_fixture_is_what_the_reference_gives(scenario: str | None) -> None:
    """Re-run the first stored seed live: the stored outcomes must be reproduced
    exactly, or the fixture is stale (re-run make_reference_data.py)."""
    stored = _fixture(scenario)
    assert stored["runs"] >= RUNS
    for o in stored["outcomes"][:1]:
        live = outcome(scenario, o["seed"])
        assert _leaves(live) == pytest.approx(_leaves(o), abs=1e-6), (
            "stale: re-run tests/validation/make_reference_data.py"
        )


def _leaves(value: object) -> list[float]:
    """The numbers of a nested outcome, in a fixed order."""
    if isinstance(value, dict):
        return [x for k in sorted(value) for x in _leaves(value[k])]
    if isinstance(value, list):
        return [x for v in value for x in _leaves(v)]
    return [float(value)]  # type: ignore[arg-type]


@pytest.mark.parametrize("scenario", [None, "weekend-shifts"])
def test_example_agrees_with_reference_in_distribution(scenario: str | None) -> None:
    rec = _engine(scenario).records
    completion_e, completion_r = rec.end, _ref(scenario, "completion")
    assert stats.ks_2samp(completion_e, completion_r).pvalue > 0.001
    _close_means(completion_e, completion_r, "completion")
    for q in (10, 50, 90):
        _close_quantiles(completion_e, completion_r, q)
    by_due_r = np.array([o["units_by_due"] for o in _fixture(scenario)["outcomes"]], dtype=float)
    for i in range(by_due_r.shape[1]):
        e, r = rec.by_due[:, i].astype(float), by_due_r[:, i]
        if np.ptp(np.concatenate([e, r])) > 0:
            ad = stats.anderson_ksamp(
                [e, r],
                variant="midrank",
                method=stats.PermutationMethod(
                    n_resamples=499, random_state=np.random.default_rng(0)
                ),
            )
            assert ad.pvalue > 0.001, (i, ad)
        _close_means(e, r, f"units_by_due[{i}]")
    _close_means(rec.started.astype(float), _ref(scenario, "units_started"), "started")
    for j, station in enumerate(_plans().plan(scenario).stations):
        shares_r = np.array([o["shares"][station.id] for o in _fixture(scenario)["outcomes"]])
        for k, state in enumerate(SHARE_STATES):
            e, r = rec.shares[:, j, k], shares_r[:, k]
            if max(e.std(), r.std()) > 1e-12:
                _close_means(e, r, f"{station.id}.{state}")
            else:
                assert e.mean() == pytest.approx(r.mean(), abs=1e-9)


@pytest.mark.slow
def test_fresh_reference_sample_agrees_with_fixture() -> None:
    """Twenty new seeds of the reference (weekend shifts) against the stored 200."""
    fresh = np.array([outcome("weekend-shifts", 10_000 + r)["completion"] for r in range(20)])
    assert stats.ks_2samp(fresh, _ref("weekend-shifts", "completion")).pvalue > 0.001


# -- the example makes sense ------------------------------------------------------------


def _days_late(scenario: str | None, runs: int) -> np.ndarray:
    plan = _plans().plan(scenario)
    res = _engine(scenario, runs)
    due_end = (
        (np.datetime64(plan.demand[0].due) + np.timedelta64(1, "D"))
        - np.datetime64(plan.start.replace(microsecond=0))
    ) / np.timedelta64(1, "m")
    return (res.records.end - float(due_end)) / DAY


def test_example_verdicts_make_sense() -> None:
    base = _engine(None)
    late = _days_late(None, RUNS)
    assert base.on_time_probability == 0.0
    assert late.min() > 60  # misses the 18 December due date by months
    assert base.bottleneck == "flight-test"
    assert base.stations["flight-test"].bottleneck > 0.9
    assert not capacity(_plans().plan(None)).feasible

    rtc = _engine("flight-test-round-the-clock", 100)
    assert rtc.on_time_probability == 1.0
    assert _days_late("flight-test-round-the-clock", 100).max() < -14  # weeks to spare

    weekend = _engine("weekend-shifts")
    assert 0.1 < weekend.on_time_probability < 0.9  # a close call ...
    assert capacity(_plans().plan("weekend-shifts")).feasible  # ... that capacity calls feasible
