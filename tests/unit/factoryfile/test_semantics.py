"""Whole-model checks: crews, going live, materials, unused stations."""

from __future__ import annotations

import datetime as dt

import pytest
from factory_texts import EXAMPLE, edit

from rampline.domain.people import Hire, Skill
from rampline.errors import FactoryFileError
from rampline.factoryfile import parse_factory
from rampline.factoryfile.staffing import crewing, qualifications


def test_unused_station_is_a_warning() -> None:
    text = edit({16: "    calendar: day\n  spare:\n    calendar: day"})
    loaded = parse_factory(text, "line.yaml")
    (w,) = loaded.warnings
    assert (w.severity, w.path, w.line) == ("warning", "stations.spare", 17)
    assert "on no product's routing" in w.message


def test_material_that_can_never_cover_the_demand_is_a_warning() -> None:
    # 100 on hand and 50 once: 150 < 2 × 100 needed.
    text = edit(
        {
            27: "      - {first: 2026-01-12, quantity: 50}",
            33: "        uses: {board: 2}",
        }
    )
    (w,) = parse_factory(text).warnings
    assert w.path == "materials.board"
    assert (
        "needs 200, but the stock and every delivery up to the five-year horizon give 150"
        in w.message
    )


def test_scrap_of_every_unit_is_a_warning_not_an_error() -> None:
    # "a share over 100 %" is the error: 100 % is a share, but no unit gets through.
    text = edit({34: "        scrap: 100%"})
    loaded = parse_factory(text, "line.yaml")
    (w,) = loaded.warnings
    assert (w.severity, w.path, w.line) == ("warning", "products.p.routing.0.scrap", 34)
    assert "the demand can never be met: every unit of product 'p' is scrapped" in w.message
    assert loaded.base.products["p"].routing[0].scrap == 1.0
    with pytest.raises(FactoryFileError, match="over 100%"):
        parse_factory(edit({34: "        scrap: 100.5%"}))


def test_deliveries_until_are_inclusive() -> None:
    # 100 + 50 on 12, 19 and 26 January = 250 ≥ 2 × 100: no warning.
    text = edit(
        {
            27: "      - {first: 2026-01-12, every: 1w, quantity: 50, until: 2026-01-26}",
            33: "        uses: {board: 2.5}",
        }
    )
    assert parse_factory(text).warnings == ()
    text = text.replace("until: 2026-01-26", "until: 2026-01-25")
    assert len(parse_factory(text).warnings) == 1


def test_crew_taken_by_earlier_stations_names_them() -> None:
    # Both stations need soldering; a cell of 'test' needs 4 operators (crew 4),
    # 'avionics' takes one each time someone qualifies: 2 at start, the
    # trainees after a week; 'test' never finds 4 left.
    text = edit({16: "    calendar: day\n    skill: soldering\n    crew: 4"})
    with pytest.raises(FactoryFileError) as info:
        parse_factory(text)
    (p,) = info.value.problems
    assert p.path == "stations.test.skill"
    assert "the 4 ever qualified are all given to the cells of 'avionics' first" in p.message


def test_training_places_queue() -> None:
    skill = Skill(
        "s",
        (Hire(dt.date(2026, 1, 5), 1, trained=True), Hire(dt.date(2026, 1, 5), 2)),
        training=1440.0,
        training_places=1,
    )
    t0 = dt.datetime(2026, 1, 5)
    assert qualifications(skill) == [
        (t0, 1),
        (t0 + dt.timedelta(days=1), 1),
        (t0 + dt.timedelta(days=2), 1),
    ]


def test_fractional_rota_needs_enough_whole_operators() -> None:
    text = edit(
        {
            8: "    holidays: [2026-05-01]\n    rota: 1.5",
            21: "      - {on: 2026-01-05, count: 1, trained: true}",
            22: "",
        }
    )
    text = text.replace("    training: 1w\n", "")
    with pytest.raises(FactoryFileError) as info:
        parse_factory(text)
    assert "needs 1.5 qualified 'soldering' operators (crew 1 × rota 1.5), but only 1" in str(
        info.value
    )


def test_crewing_of_the_example_staffs_everything_at_start() -> None:
    from rampline.factoryfile import load_factory_file

    base = load_factory_file(EXAMPLE).base
    c = crewing(base, "flight-test")
    assert c.first_staffed == {"flight-test": dt.datetime(2026, 2, 2)}
    assert c.qualified == 4
