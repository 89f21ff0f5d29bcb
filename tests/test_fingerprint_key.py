"""Services on one database must share one fingerprint key, or a letter would be stored twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from foundation.fingerprint import KeyMismatch
from napishy.app import App


def test_a_second_service_with_another_key_refuses_to_start(make_settings, tmp_path: Path) -> None:
    first = App(make_settings(fingerprint_key_file=str(tmp_path / "shared.key")))
    assert first.pipeline  # records the key's check value
    same = App(make_settings(fingerprint_key_file=str(tmp_path / "shared.key")))
    assert same.pipeline
    other = App(make_settings(fingerprint_key_file=str(tmp_path / "other.key")))
    with pytest.raises(KeyMismatch, match="is not the one the other services on this database use"):
        other.pipeline  # noqa: B018 - the property is what refuses
    for app in (first, same, other):
        app.database.dispose()
