"""The whole model of one line: what a factory file (or one of its scenarios) means."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from rampline.domain.calendar import Calendar
from rampline.domain.demand import DemandLine
from rampline.domain.line import Outage, Station
from rampline.domain.people import Skill
from rampline.domain.product import Material, Product


def years_later(moment: datetime, years: int) -> datetime:
    """Same date and time ``years`` later, 29 February becoming 28."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


@dataclass(frozen=True)
class Factory:
    name: str
    start: datetime
    calendars: Mapping[str, Calendar]
    stations: tuple[Station, ...]  # line order
    products: Mapping[str, Product]
    demand: tuple[DemandLine, ...]
    people: Mapping[str, Skill] = field(default_factory=dict)
    materials: Mapping[str, Material] = field(default_factory=dict)
    wip_limit: int | None = None
    outages: tuple[Outage, ...] = ()
    scenario: str | None = None
    description: str = ""

    def station(self, station_id: str) -> Station:
        for s in self.stations:
            if s.id == station_id:
                return s
        raise KeyError(station_id)

    def station_index(self, station_id: str) -> int:
        for i, s in enumerate(self.stations):
            if s.id == station_id:
                return i
        raise KeyError(station_id)

    @property
    def horizon(self) -> datetime:
        """Five calendar years after start: where a run that has not met demand stops."""
        return years_later(self.start, 5)

    @property
    def last_due(self) -> datetime:
        """The end (24:00) of the latest due day."""
        return max(d.due_end for d in self.demand)

    def rota(self, station: Station) -> float:
        return self.calendars[station.calendar].rota
