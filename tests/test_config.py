"""config: finding the vault, and the settings its files say (checked key by key)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vaultnet.config import find_vault, folder_words, load_settings
from vaultnet.errors import ConfigError, VaultNotFoundError
from vaultnet.model import parse_cadence


def settings_of(vault: Path, toml: str, environ: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    (vault / ".vaultnet").mkdir(exist_ok=True)
    (vault / ".vaultnet" / "config.toml").write_text(toml, encoding="utf-8")
    return load_settings(vault, environ or {})


def test_the_vault_is_the_nearest_folder_above_with_a_marker(tmp_path: Path) -> None:
    (tmp_path / "Notes" / ".obsidian").mkdir(parents=True)
    deep = tmp_path / "Notes" / "People" / "Work"
    deep.mkdir(parents=True)
    assert find_vault(None, {}, deep) == tmp_path / "Notes"


def test_the_vault_given_wins_over_the_environment(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert find_vault(str(tmp_path / "a"), {"VAULTNET_VAULT": str(tmp_path / "b")}, tmp_path) == tmp_path / "a"
    assert find_vault(None, {"VAULTNET_VAULT": str(tmp_path / "b")}, tmp_path) == tmp_path / "b"


def test_no_vault_anywhere_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFoundError) as error:
        find_vault(None, {}, tmp_path)
    assert "vaultnet init" in (error.value.hint or "")


def test_the_vault_file_wins_over_the_users(tmp_path: Path) -> None:
    user = tmp_path / "user.toml"
    user.write_text('contact_folders = ["Contacts"]\n[user]\nname = "Jo"\n', encoding="utf-8")
    vault = tmp_path / "vault"
    vault.mkdir()
    settings = settings_of(vault, 'contact_folders = ["People/Work"]\n', {"VAULTNET_CONFIG": str(user)})
    assert settings.contact_folders == ("People/Work",)
    assert settings.user_name == "Jo"  # what the vault's file does not say, the user's does
    assert settings.sources == (str(user), str(vault / ".vaultnet" / "config.toml"))


def test_a_circles_cadence_and_the_default(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, '[cadence]\ninner = "2w"\ndefault = "yearly"\n')
    assert settings.cadence_for("inner") == parse_cadence("2w")
    assert settings.cadence_for("Inner ") == parse_cadence("2w")
    assert settings.cadence_for("network") == parse_cadence("quarterly")  # not said: the built-in
    assert settings.cadence_for(None) == parse_cadence("yearly")


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ("colour = 1\n", "colour"),
        ("contact_folders = 3\n", "contact_folders"),
        ('contact_folders = ["../Elsewhere"]\n', "contact_folders"),
        ("[due]\nfollowup_days = -1\n", "due.followup_days"),
        ("[due]\nfollowup_days = true\n", "due.followup_days"),
        ('[cadence]\ninner = "sometimes"\n', "cadence.inner"),
        ('[digest]\nname = "weekly"\n', "digest.name"),
        ('[daily]\nfolder = "a:b"\n', "daily.folder"),
        ('date_order = "sideways"\n', "date_order"),
        ('log_headings = [" "]\n', "log_headings"),
        ("[user]\nname = 3\n", "user.name"),
        ("[daily]\ncolour = 1\n", "daily.colour"),
        ('daily = "Daily"\n', "daily"),
    ],
)
def test_a_wrong_option_names_its_key_and_file(tmp_path: Path, toml: str, key: str) -> None:
    with pytest.raises(ConfigError) as error:
        settings_of(tmp_path, toml)
    assert str(error.value).startswith(f"{key}: ") or f" {key}: " in str(error.value)
    assert error.value.path == str(tmp_path / ".vaultnet" / "config.toml")


def test_windows_paths_in_the_config_are_the_vaults_folders(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, 'contact_folders = ["People\\\\Clients"]\nexclude = ["Archive\\\\"]\n')
    assert settings.contact_folders == ("People/Clients",)
    assert settings.is_excluded("Archive/old.md")
    assert not settings.is_excluded("People/Clients/Ann.md")


def test_obsidians_daily_notes_settings_say_where_days_are(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "daily-notes.json").write_text(
        json.dumps({"folder": "Journal/", "format": "DD.MM.YYYY"}), encoding="utf-8"
    )
    settings = load_settings(tmp_path, {})
    assert (settings.daily_folder, settings.daily_format) == ("Journal", "DD.MM.YYYY")
    assert settings.day_order == "dmy"  # 03/11/2026 reads as the daily notes are named


def test_a_setting_that_changes_parsing_changes_the_fingerprint(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    plain = load_settings(tmp_path / "a", {})
    assert plain.fingerprint() == load_settings(tmp_path / "b", {}).fingerprint()  # (not the folder's path)
    assert settings_of(tmp_path / "b", 'log_headings = ["Journal"]\n').fingerprint() != plain.fingerprint()
    assert settings_of(tmp_path / "b", '[user]\nname = "Jo"\n').fingerprint() == plain.fingerprint()


@pytest.mark.parametrize(
    ("name", "words"), [("👥 People", "people"), ("02 - Contacts", "contacts"), ("People (work)", "people work")]
)
def test_a_folders_name_as_words(name: str, words: str) -> None:
    assert folder_words(name) == words


def test_the_config_file_init_writes_shows_the_mention_headings_in_force() -> None:
    import tomllib

    from vaultnet.config import DEFAULT_MENTION_HEADINGS
    from vaultnet.vaultinit import builtin_templates

    text = (builtin_templates() / "config.toml").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if "mention_headings =" in x)
    assert tuple(tomllib.loads(line.removeprefix("# "))["mention_headings"]) == DEFAULT_MENTION_HEADINGS
