"""A table of broken factory files: each names its line, dotted path and what is wrong."""

from __future__ import annotations

import pytest
from factory_texts import BASE, edit

from rampline.errors import FactoryFileError, Problem
from rampline.factoryfile import parse_factory


def problems(text: str) -> list[Problem]:
    with pytest.raises(FactoryFileError) as info:
        parse_factory(text, "line.yaml")
    return info.value.problems


def test_base_is_valid() -> None:
    loaded = parse_factory(BASE, "line.yaml")
    assert list(loaded.scenarios) == ["double"]
    assert loaded.warnings == ()
    assert loaded.plan("double").station("avionics").cells == 3


# (replacements, line, path, message fragment, scenario)
CASES = [
    ({2: "start: 2026-13-05T08:00"}, 2, "start", "expected a date-time", None),
    # Unquoted date-shaped text that is no date: YAML's timestamp, which ruamel
    # could not build; reported like any other bad date.
    ({2: "start: 2026-02-29"}, 2, "start", "got '2026-02-29'", None),
    ({8: "    holidays: [2026-02-29]"}, 8, "calendars.day.holidays.0", "expected a date", None),
    (
        {21: "      - {on: 2026-04-31, count: 2, trained: true}"},
        21,
        "people.soldering.hires.0.on",
        "expected a date such as 2026-05-01, got '2026-04-31'",
        None,
    ),
    (
        {38: "  - {product: p, quantity: 100, due: 2026-02-30}"},
        38,
        "demand.0.due",
        "expected a date such as 2026-05-01, got '2026-02-30'",
        None,
    ),
    (
        {5: "    days: [mon, tue, wed, thu, fry]"},
        5,
        "calendars.day.days.4",
        "unknown day 'fry'; did you mean 'fri'?",
        None,
    ),
    (
        {7: '      - {start: "25:00", hours: 8}'},
        7,
        "calendars.day.shifts.0.start",
        "time of day HH:MM",
        None,
    ),
    (
        {7: '      - {start: "08:00", hours: 0}'},
        7,
        "calendars.day.shifts.0.hours",
        "hours must be greater than 0",
        None,
    ),
    (
        {7: '      - {start: "08:00", hours: 8}\n      - {start: "12:00", hours: 8}'},
        8,
        "calendars.day.shifts.1",
        "shifts of one day overlap",
        None,
    ),
    ({5: "    days: []"}, 4, "calendars.day", "calendar 'day' has no working time", None),
    (
        {11: "    calendar: dya"},
        11,
        "stations.avionics.calendar",
        "unknown calendar 'dya'; did you mean 'day'?",
        None,
    ),
    ({12: "    cells: two"}, 12, "stations.avionics.cells", "cells must be a whole number", None),
    ({12: "    cells: 0"}, 12, "stations.avionics.cells", "cells must be at least 1, got 0", None),
    (
        {12: "    cels: 2"},
        12,
        "stations.avionics.cels",
        "unknown key 'cels'; did you mean 'cells'?",
        None,
    ),
    (
        {13: "    skill: solderin"},
        13,
        "stations.avionics.skill",
        "unknown skill 'solderin'; did you mean 'soldering'?",
        None,
    ),
    (
        {14: "    failures: {mtbf: 100, mttr: 2h}"},
        14,
        "stations.avionics.failures.mtbf",
        "a duration needs a unit",
        None,
    ),
    ({16: "    calender: day"}, 15, "stations.test", "missing required key 'calendar'", None),
    (
        {19: "    training_places: 2"},
        18,
        "people.soldering",
        "missing required key 'training'",
        None,
    ),
    (
        {21: "      - {on: 2026-01-05, count: 2, trained: yes}"},
        21,
        "people.soldering.hires.0.trained",
        "trained must be true or false, got 'yes'",
        None,
    ),
    (
        {27: "      - {first: 2026-01-12, every: 1w, quantity: 50, until: 2026-01-01}"},
        27,
        "materials.board.deliveries.0.until",
        "before first",
        None,
    ),
    (
        {27: "      - {first: 2026-01-12, every: 0d, quantity: 50}"},
        27,
        "materials.board.deliveries.0.every",
        "a time must be positive",
        None,
    ),
    (
        {31: "      - station: avionic"},
        31,
        "products.p.routing.0.station",
        "unknown station 'avionic'; did you mean 'avionics'?",
        None,
    ),
    (
        {31: "      - station: test", 35: "      - station: avionics"},
        35,
        "products.p.routing.1.station",
        "routing out of line order",
        None,
    ),
    (
        {35: "      - station: avionics"},
        35,
        "products.p.routing.1.station",
        "visits 'avionics' twice",
        None,
    ),
    (
        {32: "        time: {mean: 30min, cv: -0.2}"},
        32,
        "products.p.routing.0.time.cv",
        "cannot be negative",
        None,
    ),
    (
        {32: "        time: {min: 30min, mode: 20min, max: 40min}"},
        32,
        "products.p.routing.0.time",
        "min ≤ mode ≤ max",
        None,
    ),
    (  # the form with most of its keys there: a lognormal with a stray 'min'
        {32: "        time: {mean: 30min, cv: 0.2, min: 10min}"},
        32,
        "products.p.routing.0.time.min",
        "unknown key 'min'",
        None,
    ),
    (
        {32: "        time: {mean: 30min, sd: 5min}"},
        32,
        "products.p.routing.0.time",
        "needs dist: normal",
        None,
    ),
    (
        {32: "        time: {mean: 30min, dist: gamma}"},
        32,
        "products.p.routing.0.time",
        "unknown distribution 'gamma'",
        None,
    ),
    (
        {33: "        uses: {bord: 1}"},
        33,
        "products.p.routing.0.uses.bord",
        "unknown material 'bord'; did you mean 'board'?",
        None,
    ),
    (
        {34: "        scrap: 120%"},
        34,
        "products.p.routing.0.scrap",
        "a share cannot be over 100%",
        None,
    ),
    ({34: "        scrap: 5"}, 34, "products.p.routing.0.scrap", "did you mean '5%'?", None),
    ({36: "        time: 10"}, 36, "products.p.routing.1.time", "a duration needs a unit", None),
    (
        {36: "        time: 10 minutes"},
        36,
        "products.p.routing.1.time",
        "unknown time unit 'minutes'",
        None,
    ),
    ({36: "        time: 0min"}, 36, "products.p.routing.1.time", "a time must be positive", None),
    ({36: "        time: -5min"}, 36, "products.p.routing.1.time", "a time must be positive", None),
    (
        {38: "  - {product: q, quantity: 100, due: 2026-03-31}"},
        38,
        "demand.0.product",
        "unknown product 'q'",
        None,
    ),
    (
        {38: "  - {product: p, quantity: 100, due: 31.03.2026}"},
        38,
        "demand.0.due",
        "expected a date",
        None,
    ),
    (
        {12: "    cells: 2\n    crew: 5"},
        14,
        "stations.avionics.skill",
        "never has a qualified crew: one cell needs 5 qualified 'soldering' operators (crew 5 × rota 1), but only 4 are ever qualified",
        None,
    ),
    (
        {12: "    cells: 2\n    live_from: 2032-01-01"},
        13,
        "stations.avionics.live_from",
        "station 'avionics' never goes live",
        None,
    ),
    (
        {42: "      stations.avionic.cells: 3"},
        42,
        "scenarios.double.set.stations.avionic.cells",
        "'avionic' does not exist in 'stations'; did you mean 'avionics'?",
        "double",
    ),
    (
        {42: "      stations.avionics.cells: 0"},
        42,
        "stations.avionics.cells",
        "cells must be at least 1",
        "double",
    ),
    (
        {42: "      stations.avionics.calender: night"},
        42,
        "stations.avionics.calender",
        "unknown key 'calender'; did you mean 'calendar'?",
        "double",
    ),
    (
        {42: "      demand.3.quantity: 5"},
        42,
        "scenarios.double.set.demand.3.quantity",
        "'demand' is a list of 1",
        "double",
    ),
]


@pytest.mark.parametrize(("replacements", "line", "path", "fragment", "scenario"), CASES)
def test_bad_file(
    replacements: dict[int, str], line: int, path: str, fragment: str, scenario: str | None
) -> None:
    found = problems(edit(replacements))
    matching = [p for p in found if fragment in p.message]
    assert matching, [str(p) for p in found]
    p = matching[0]
    assert (p.line, p.path, p.file, p.scenario, p.severity) == (
        line,
        path,
        "line.yaml",
        scenario,
        "error",
    )


def test_every_error_of_a_file_is_reported_together() -> None:
    text = edit(
        {
            11: "    calendar: dya",
            12: "    cells: -1",
            34: "        scrap: 150%",
            36: "        time: 10",
            42: "      stations.avionic.cells: 3",
        }
    )
    found = problems(text)
    assert [(p.line, p.path) for p in found] == [
        (11, "stations.avionics.calendar"),
        (12, "stations.avionics.cells"),
        (34, "products.p.routing.0.scrap"),
        (36, "products.p.routing.1.time"),
        (42, "scenarios.double.set.stations.avionic.cells"),
    ]
    assert "double" in str(found[-1])


def test_scenario_error_names_the_scenario_and_base_problems_are_not_repeated() -> None:
    text = BASE + "  broken:\n    set:\n      stations.test.cells: 1.5\n"
    found = problems(text)
    assert len(found) == 1
    assert str(found[0]) == (
        "line.yaml:45: scenario 'broken': stations.test.cells: error: "
        "cells must be a whole number, got 1.5"
    )


def test_bad_scenario_outage() -> None:
    text = BASE + "    outages:\n      - {stations: [avionic], from: 2026-02-01, to: 2026-01-01}\n"
    found = problems(text)
    assert {(p.path, p.scenario) for p in found} == {
        ("scenarios.double.outages.0.stations.0", "double"),
        ("scenarios.double.outages.0.to", "double"),
    }
    (to,) = [p for p in found if p.path.endswith(".to")]
    assert "to 2026-01-01T00:00 is not after from 2026-02-01T00:00" in to.message


def test_yaml_syntax_error_has_a_line() -> None:
    (p,) = problems("start: 2026-01-05\ncalendars: [a, b\n")
    assert p.message.startswith("not valid YAML")
    assert p.line is not None


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        ("    cells: 2\n", "    cells: !big 2\n", 12, "YAML tags such as '!big'"),
        ("    days: [mon", "    days: !weekdays [mon", 5, "YAML tags such as '!weekdays'"),
        ("    hires:\n", "    hires: !!set {a, b}\n    x:\n", 20, "'!!set'"),
    ],
)
def test_yaml_tags_are_refused_at_their_line(old: str, new: str, line: int, fragment: str) -> None:
    (p,) = problems(BASE.replace(old, new, 1))
    assert fragment in p.message
    assert p.line == line


def test_aliases_that_expand_past_the_bound_are_refused_quickly() -> None:
    # The "billion laughs": nine levels of nine aliases would be 9**9 values.
    levels = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        levels.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    (p,) = problems("\n".join(levels) + "\n")
    assert "more than 200,000 values once its aliases are expanded" in p.message


def test_merge_keys_and_str_tags_read_as_plain_yaml() -> None:
    text = BASE.replace(
        "  test:\n    calendar: day\n", "  test:\n    <<: {calendar: day}\n    name: !!str 42\n"
    )
    loaded = parse_factory(text, "line.yaml")
    assert loaded.base.station("test").calendar == "day"
    assert loaded.base.station("test").name == "42"


def test_duplicate_key_is_an_error() -> None:
    (p,) = problems(BASE.replace("    cells: 2\n", "    cells: 2\n    cells: 3\n"))
    assert "duplicate key" in p.message


def test_missing_top_level_keys() -> None:
    found = problems("factory: nothing\n")
    assert {p.message for p in found} == {
        f"missing required key '{k}' in the file"
        for k in ("start", "calendars", "stations", "products", "demand")
    }
    assert problems("")[0].message.startswith("the factory file must be a mapping")


def test_empty_sections() -> None:
    found = problems(
        BASE.replace("demand:\n  - {product: p, quantity: 100, due: 2026-03-31}\n", "demand:\n")
    )
    assert any(p.path == "demand" and "non-empty list" in p.message for p in found)


def test_yaml_12_keys_and_times() -> None:
    """`on:` is a key and `06:00` unquoted a time of day, not sexagesimal 360."""
    loaded = parse_factory(BASE.replace('{start: "08:00", hours: 8}', "{start: 08:00, hours: 8}"))
    assert loaded.base.calendars["day"].shifts[0].start_minute == 8 * 60
    assert loaded.base.people["soldering"].hires[0].on.isoformat() == "2026-01-05"


def test_unknown_scenario_suggests_the_nearest() -> None:
    from rampline.errors import ScenarioError

    loaded = parse_factory(BASE)
    with pytest.raises(ScenarioError, match="did you mean 'double'"):
        loaded.plan("dobule")


def test_a_bad_calendars_section_is_one_error_not_one_per_station() -> None:
    text = edit({4: "  - day:", 5: "      days: [mon, tue, wed, thu, fri]"})
    found = problems(text)
    assert [(p.line, p.path) for p in found] == [(3, "calendars")], [str(p) for p in found]
    assert "'calendars' must be a mapping" in found[0].message
