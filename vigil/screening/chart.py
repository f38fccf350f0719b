"""The small chart of a child's screening levels over time, as SVG geometry. Pure: no Django.

Levels are the final screenings' judged levels, oldest first, evenly spaced, each with its score
where the instrument scores; the page draws the line and the points, and a table beside it says
the same in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

LEVELS = ("none", "low", "medium", "high")
WIDTH, HEIGHT, LEFT, TOP, BOTTOM = 560, 150, 70, 12, 30


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    day: date
    level: str
    score: int | None = None


@dataclass(frozen=True)
class Chart:
    points: tuple[Point, ...]
    gridlines: tuple[tuple[int, str], ...]  # (y, level) for each level
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


def level_y(level: str) -> int:
    step = (HEIGHT - TOP - BOTTOM) / (len(LEVELS) - 1)
    return round(HEIGHT - BOTTOM - LEVELS.index(level) * step)


def chart(history: list[tuple[date, str, int | None]]) -> Chart:
    """Each (date, level, score or None), oldest first, placed across the chart."""
    span = WIDTH - LEFT - 20
    count = len(history)
    points = tuple(
        Point(
            LEFT + (round(span * i / (count - 1)) if count > 1 else span // 2),
            level_y(level),
            day,
            level,
            score,
        )
        for i, (day, level, score) in enumerate(history)
    )
    return Chart(points, tuple((level_y(level), level) for level in LEVELS))
