"""`napishy.cli.main.COMMANDS` says which module registers each command, so that a command imports
only its own module; this keeps that map equal to what the modules really register."""

from __future__ import annotations

import argparse
import importlib

import pytest

from napishy.cli.main import COMMAND_MODULES, COMMANDS, build_parser, command_word


def registered_by(module_name: str) -> set[str]:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers()
    importlib.import_module(module_name).register(subparsers)
    return set(subparsers.choices)


@pytest.mark.parametrize("module_name", COMMAND_MODULES)
def test_each_command_of_the_map_is_registered_by_the_module_it_names(module_name: str) -> None:
    assert {name for name, module in COMMANDS.items() if module == module_name} <= registered_by(module_name)


def test_the_read_only_commands_are_in_the_map() -> None:
    assert {"queue", "show", "status", "audit"} <= set(COMMANDS)


@pytest.mark.parametrize(("argv", "word"), [
    (["queue", "--json"], "queue"),
    (["--env-file", "settings.env", "show", "abc"], "show"),
    (["--env-file=settings.env", "status"], "status"),
    (["--version"], None),
    ([], None),
])
def test_the_command_word_skips_options_and_the_env_file(argv: list[str], word: str | None) -> None:
    assert command_word(argv) == word


def test_a_known_command_parses_as_with_every_module_and_an_unknown_one_still_lists_them_all(
        capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--env-file", "x.env", "reject", "abc", "--reason", "spam"]
    narrow, full = build_parser(argv).parse_args(argv), build_parser().parse_args(argv)
    assert vars(narrow) == vars(full)
    with pytest.raises(SystemExit):
        build_parser(["nosuch"]).parse_args(["nosuch"])
    choices = capsys.readouterr().err
    assert "'queue'" in choices and "'export'" in choices and "'web'" in choices
