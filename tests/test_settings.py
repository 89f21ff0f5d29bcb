"""Settings: one frozen object; every problem reported at once, one line each."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from foundation.settings import Settings, SettingsError

BASE = {"NAPISHY_DATA_DIR": "/tmp/napishy-settings-test"}


def mailbox_env(**extra: str) -> dict[str, str]:
    env = dict(BASE)
    env.update(
        {
            "NAPISHY_MAILBOXES": "association, defence",
            "NAPISHY_MAILBOX_ASSOCIATION_HOST": "imap.example.org",
            "NAPISHY_MAILBOX_ASSOCIATION_USER": "a",
            "NAPISHY_MAILBOX_ASSOCIATION_PASSWORD": "p",
            "NAPISHY_MAILBOX_DEFENCE_HOST": "127.0.0.1",
            "NAPISHY_MAILBOX_DEFENCE_USER": "d",
            "NAPISHY_MAILBOX_DEFENCE_PASSWORD": "p",
            "NAPISHY_MAILBOX_DEFENCE_SECURITY": "plain",
        }
    )
    env.update(extra)
    return env


def test_defaults_put_sqlite_under_the_data_dir() -> None:
    settings = Settings.from_mapping(BASE)
    assert settings.database_url == "sqlite:////tmp/napishy-settings-test/napishy.sqlite3"
    assert settings.max_letter_bytes == 25 * 1024 * 1024
    assert settings.mailbox_retention_days == 0
    assert settings.publish_dates == "none"


def test_settings_are_frozen() -> None:
    settings = Settings.from_mapping(BASE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.data_dir = Path("/elsewhere")  # type: ignore[misc]


def test_two_mailboxes_with_their_own_security() -> None:
    settings = Settings.from_mapping(mailbox_env())
    association, defence = settings.mailboxes
    assert (association.id, association.security, association.port) == ("association", "tls", 993)
    assert (defence.security, defence.port, defence.folder) == ("plain", 143, "INBOX")
    assert "p" not in repr(association).split("password")[-1][:5]  # the password is kept out of repr


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"NAPISHY_MAX_LETTER_BYTES": "lots"}, "NAPISHY_MAX_LETTER_BYTES: 'lots' is not a whole number"),
        ({"NAPISHY_MAILBOX_ASSOCIATION_PORT": "70000"}, "NAPISHY_MAILBOX_ASSOCIATION_PORT: 70000 must be between"),
        ({"NAPISHY_MAILBOX_ASSOCIATION_SECURITY": "ssl3"}, "NAPISHY_MAILBOX_ASSOCIATION_SECURITY: 'ssl3' is not one"),
        ({"NAPISHY_MAILBOX_DEFENCE_USER": ""}, "NAPISHY_MAILBOX_DEFENCE_USER: missing"),
        ({"NAPISHY_PUBLICATION_DATE": "21 May"}, "NAPISHY_PUBLICATION_DATE: '21 May' is not a date"),
        ({"NAPISHY_MAILBOXES": "association,Bad-Id"}, "NAPISHY_MAILBOXES: 'bad-id' is not a valid id"),
        ({"NAPISHY_IDLE_SECONDS": "3600"}, "NAPISHY_IDLE_SECONDS: 3600 must be between 5 and 600"),
    ],
)
def test_each_problem_names_the_key(overrides: dict[str, str], expected: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_mapping(mailbox_env(**overrides))
    assert any(line.startswith(expected) for line in caught.value.problems), caught.value.problems


def test_all_problems_are_reported_together() -> None:
    env = mailbox_env(NAPISHY_MAX_LETTER_BYTES="x", NAPISHY_MAILBOX_ASSOCIATION_PORT="0")
    with pytest.raises(SettingsError) as caught:
        Settings.from_mapping(env)
    assert len(caught.value.problems) == 2


def test_plain_imap_to_a_remote_host_needs_explicit_consent() -> None:
    env = mailbox_env(NAPISHY_MAILBOX_ASSOCIATION_SECURITY="plain")
    with pytest.raises(SettingsError, match="ALLOW_PLAIN_REMOTE"):
        Settings.from_mapping(env)
    env["NAPISHY_MAILBOX_ASSOCIATION_ALLOW_PLAIN_REMOTE"] = "yes"
    assert Settings.from_mapping(env).mailboxes[0].security == "plain"


def test_env_file_is_read_and_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / "settings.env"
    env_file.write_text("NAPISHY_DATA_DIR=/from/file\nNAPISHY_LOG_LEVEL=DEBUG\n")
    env_file.chmod(0o600)
    settings = Settings.load({"NAPISHY_LOG_LEVEL": "ERROR"}, env_file=env_file)
    assert settings.data_dir == Path("/from/file")
    assert settings.log_level == "ERROR"


def test_env_file_with_a_password_readable_by_others_is_refused(tmp_path: Path) -> None:
    env_file = tmp_path / "settings.env"
    env_file.write_text("NAPISHY_MAILBOX_ASSOCIATION_PASSWORD=secret\n")
    env_file.chmod(0o644)
    with pytest.raises(SettingsError, match="chmod 600"):
        Settings.load({}, env_file=env_file)


def test_example_file_documents_every_key_the_code_reads() -> None:
    source = (Path(__file__).parents[1] / "foundation" / "settings.py").read_text()
    example = (Path(__file__).parents[1] / "settings.env.example").read_text()
    import re

    keys = set(re.findall(r'reader\.\w+\(\s*"([A-Z_]+)"', source))
    per_mailbox = set(re.findall(r'reader\.\w+\(\s*key \+ "([A-Z_]+)"', source))
    assert keys and per_mailbox
    missing = [k for k in keys if f"NAPISHY_{k}=" not in example]
    missing += [k for k in per_mailbox if f"NAPISHY_MAILBOX_ASSOCIATION_{k}=" not in example]
    assert not missing, f"undocumented settings: {missing}"


def test_an_unset_key_takes_the_default_written_on_its_field(tmp_path: Path) -> None:
    """Defaults are written once, on the dataclass fields; reading the environment repeats none."""
    from foundation.settings import MailboxSettings

    settings = Settings.from_mapping({"NAPISHY_DATA_DIR": str(tmp_path), "NAPISHY_MAILBOXES": "association",
                                      "NAPISHY_MAILBOX_ASSOCIATION_HOST": "imap.example.org",
                                      "NAPISHY_MAILBOX_ASSOCIATION_USER": "u",
                                      "NAPISHY_MAILBOX_ASSOCIATION_PASSWORD": "p"})
    computed = {"workers", "mailboxes"}  # workers: one per core when unset; mailboxes: set here
    for owner, value in ((Settings, settings), (MailboxSettings, settings.mailboxes[0])):
        for f in dataclasses.fields(owner):
            if f.default is not dataclasses.MISSING and f.name not in computed:
                assert getattr(value, f.name) == f.default, f.name
