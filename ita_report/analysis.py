"""Last year's ITA results, scored: each indicator's level, the overall level, the weak points (the
indicators below the pass mark, weakest first) and the measures that address each. Pure functions
of values: no files, no documents, no wording."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Mapping

# The assessment's level bands by their lowest score (AA 95–100, A 85–94.99, B 75–84.99, C 65–74.99,
# D 55–64.99, E 50–54.99, F below 50) and the pass mark; ita-results.yaml's settings may change them.
DEFAULT_LEVELS: dict[str, Decimal] = {
    "AA": Decimal(95), "A": Decimal(85), "B": Decimal(75), "C": Decimal(65), "D": Decimal(55), "E": Decimal(50),
    "F": Decimal(0),
}
DEFAULT_PASS_MARK = Decimal(85)
TOOLS = ("IIT", "EIT", "OIT")  # the assessment's tools, in the order of the result sheet


def level(score: Decimal, levels: Mapping[str, Decimal]) -> str:
    """The band a score falls in: the one with the highest lowest-score not above it. `levels` always
    has a band starting at 0 (the model makes sure), so every score from 0 to 100 has one."""
    fitting = [(lowest, name) for name, lowest in levels.items() if score >= lowest]
    if not fitting:
        raise ValueError(f"no level band holds the score {score}")
    return max(fitting, key=lambda band: band[0])[1]


@dataclass(frozen=True)
class Scored:
    """One indicator of the result sheet, with its level."""

    tool: str  # IIT, EIT or OIT
    number: int
    name: str
    score: Decimal
    level: str
    position: tuple = ()  # where it stands in ita-results.yaml (tool, index), for messages


@dataclass(frozen=True)
class Weakness:
    """An indicator below the pass mark: its rank (1 = the lowest score) and the measures (their
    places in the table, from 1) that name it."""

    rank: int
    indicator: Scored
    measures: tuple[int, ...]


@dataclass(frozen=True)
class Assessment:
    year: int  # the assessed fiscal year (BE)
    overall: Decimal
    overall_level: str
    indicators: tuple[Scored, ...]  # in the result sheet's order: by tool, then as listed
    pass_mark: Decimal
    weak: tuple[Weakness, ...]  # weakest first


def weak_points(indicators: Iterable[Scored], pass_mark: Decimal) -> list[Scored]:
    """The indicators scoring below the pass mark, ranked from the lowest score; equal scores in the
    order of their numbers."""
    return sorted((i for i in indicators if i.score < pass_mark), key=lambda i: (i.score, i.number))


def addressed_by(measures: Iterable[Iterable[int]]) -> dict[int, tuple[int, ...]]:
    """indicator number → the places (from 1, in table order) of the measures naming it."""
    found: dict[int, list[int]] = {}
    for place, numbers in enumerate(measures, 1):
        for number in dict.fromkeys(numbers):
            found.setdefault(number, []).append(place)
    return {number: tuple(places) for number, places in found.items()}


def assess(year: int, overall: Decimal, indicators: Iterable[Scored], pass_mark: Decimal,
           levels: Mapping[str, Decimal], measures: Iterable[Iterable[int]] = ()) -> Assessment:
    """The whole analysis: `measures` are the indicator numbers each measure names, in table order."""
    indicators = tuple(indicators)
    addressed = addressed_by(measures)
    weak = tuple(Weakness(rank, indicator, addressed.get(indicator.number, ()))
                 for rank, indicator in enumerate(weak_points(indicators, pass_mark), 1))
    return Assessment(year, overall, level(overall, levels), indicators, pass_mark, weak)


def score_text(score: Decimal) -> str:
    """A score as the result sheet prints it: two decimals (84.99, 85.00)."""
    return f"{score:.2f}"


def mark_text(mark: Decimal) -> str:
    """A pass mark or band limit: whole numbers without decimals (85), others with two (84.50)."""
    return str(int(mark)) if mark == mark.to_integral_value() else f"{mark:.2f}"


def scored(results) -> list[Scored]:
    """The indicators of an ita-results.yaml model (model.ItaResults) that have a score, with their
    levels, in the sheet's order."""
    levels = results.settings.levels
    return [Scored(tool, ind.number, ind.name, ind.score, level(ind.score, levels), (tool, index))
            for tool, index, ind in results.indicators if ind.score is not None]


def assess_results(results, measures: Iterable[Iterable[int]] = ()) -> Assessment | None:
    """The analysis of an ita-results.yaml model; None while the overall score or an indicator's score
    is still blank."""
    if results.overall is None or any(ind.score is None for _, _, ind in results.indicators):
        return None
    return assess(results.fiscal_year, results.overall, scored(results), results.settings.pass_mark,
                  results.settings.levels, measures)
