"""Repository models take what the driver gives: strings for timestamps from reads, and
neo4j.time values from writes that return nodes."""

from __future__ import annotations

from datetime import UTC, datetime

from neo4j.time import DateTime

from graph.models import StakeholderModel

RECORD = {"id": "s1", "name": "A", "slug": "a", "createdAt": "2026-01-02T03:04:05Z",
          "updatedAt": "2026-01-02T03:04:05Z"}


def test_driver_times_and_strings_give_the_same_datetime() -> None:
    from_string = StakeholderModel.model_validate(RECORD)
    from_driver = StakeholderModel.model_validate(
        {**RECORD, "createdAt": DateTime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
         "updatedAt": DateTime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)})
    expected = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert from_string.createdAt == from_driver.createdAt == expected
    assert type(from_driver.updatedAt) is datetime
    assert from_driver == from_string
