"""A build whose inputs are all what made the published site does nothing (uptodate.py), and
any change to any input makes it build again."""

from __future__ import annotations

import datetime as real_datetime
import hashlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import cache
from generator.cli import cli
from generator.errors import ContentError
from generator.pipeline import BuildOptions, BuildResult, build_site
from generator.site import uptodate
from publisher_fixtures import AS_AT, cache_env, write_content


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> BuildOptions:
    for name, value in cache_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    options = BuildOptions(write_content(tmp_path / "content"), tmp_path / "site",
                           tmp_path / "reports", AS_AT)
    first = build_site(options)
    assert not first.up_to_date
    return options


def _page(options: BuildOptions) -> Path:
    return options.site / "plans" / "test-plan" / "index.html"


def test_a_second_build_with_nothing_changed_does_nothing_and_says_what_it_published(
        built: BuildOptions) -> None:
    before = built.site.stat().st_ino, _page(built).stat().st_ino, _page(built).read_bytes()
    again = build_site(built)
    assert again.up_to_date
    assert (again.plans, again.withheld) == (1, 0)
    # The very same folder and files: nothing was staged or swapped in.
    assert (built.site.stat().st_ino, _page(built).stat().st_ino,
            _page(built).read_bytes()) == before


def test_the_command_line_says_up_to_date(built: BuildOptions) -> None:
    args = ["build", "--content", str(built.content), "--site", str(built.site),
            "--reports", str(built.reports), "--as-at", AS_AT.isoformat()]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Up to date: nothing changed" in result.output
    assert "1 plan(s)" in result.output


def _edit_plan(options: BuildOptions) -> None:
    plan = options.content / "plans" / "test-plan.yaml"
    plan.write_text(plan.read_text().replace("Test plan", "Test plan, revised"))


def _add_file(options: BuildOptions) -> None:
    (options.content / "notes.txt").write_text("an author's note beside the content")


def _add_folder(options: BuildOptions) -> None:
    (options.content / "attachments").mkdir()


def _delete_report(options: BuildOptions) -> None:
    (options.reports / "redaction-report.html").unlink()


def _change_report(options: BuildOptions) -> None:
    with (options.reports / "redaction-report.html").open("a") as report:
        report.write("<!-- edited -->")


def _replace_site(options: BuildOptions) -> None:
    copy = options.site.with_name("copy")
    shutil.copytree(options.site, copy)
    shutil.rmtree(options.site)
    copy.rename(options.site)


def _delete_site(options: BuildOptions) -> None:
    shutil.rmtree(options.site)


@pytest.mark.parametrize("change", [_edit_plan, _add_file, _add_folder, _delete_report,
                                    _change_report, _replace_site, _delete_site],
                         ids=lambda f: f.__name__.strip("_"))
def test_any_change_to_content_site_or_reports_builds_again(
        built: BuildOptions, change: Callable[[BuildOptions], None]) -> None:
    change(built)
    result = build_site(built)
    assert not result.up_to_date
    assert _page(built).is_file()
    assert (built.reports / "redaction-report.html").is_file()
    if change is _edit_plan:
        assert build_site(built).up_to_date  # and the build after that is up to date again


def test_a_removed_plan_builds_again(built: BuildOptions, tmp_path: Path) -> None:
    extra = built.content / "plans" / "second-plan.yaml"
    shutil.copy(built.content / "plans" / "test-plan.yaml", extra)
    assert build_site(built).plans == 2
    extra.unlink()
    result = build_site(built)
    assert not result.up_to_date and result.plans == 1
    assert not (built.site / "plans" / "second-plan").exists()


def test_another_date_reports_folder_or_the_no_cache_option_builds_again(
        built: BuildOptions, tmp_path: Path) -> None:
    later = BuildOptions(built.content, built.site, built.reports, AS_AT.replace(day=1))
    assert not build_site(later).up_to_date
    elsewhere = BuildOptions(built.content, built.site, tmp_path / "other-reports", AS_AT)
    assert not build_site(elsewhere).up_to_date
    assert build_site(elsewhere).up_to_date
    uncached = BuildOptions(built.content, built.site, tmp_path / "other-reports", AS_AT,
                            use_cache=False)
    assert not build_site(uncached).up_to_date


def test_new_code_a_new_day_or_another_epoch_builds_again(
        built: BuildOptions, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uptodate, "code_key", lambda: "an upgraded publisher")
    assert not build_site(built).up_to_date
    assert build_site(built).up_to_date

    class Tomorrow(real_datetime.date):
        @classmethod
        def today(cls) -> real_datetime.date:
            return real_datetime.date.today() + real_datetime.timedelta(days=1)

    monkeypatch.setattr(uptodate, "date", Tomorrow)  # a decision dated "today" is now valid
    assert not build_site(built).up_to_date
    monkeypatch.setenv("PUBLISHER_SOURCE_DATE_EPOCH", "1700000000")
    assert not build_site(built).up_to_date


def test_changed_mkdocs_configuration_builds_again(
        built: BuildOptions, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_bytes(uptodate.BASE_CONFIG.read_bytes() + b"\n# edited\n")
    monkeypatch.setattr(uptodate, "BASE_CONFIG", config)
    assert not build_site(built).up_to_date


def test_a_failed_build_leaves_no_stamp_behind(built: BuildOptions) -> None:
    plan = built.content / "plans" / "test-plan.yaml"
    good = plan.read_bytes()
    plan.write_text("title: [unclosed\n")
    with pytest.raises(ContentError):
        build_site(built)
    plan.write_bytes(good)
    # Back to the bytes of the published site: built again all the same (the stamp went with
    # the failed build), then up to date.
    assert not build_site(built).up_to_date
    assert build_site(built).up_to_date


def test_an_unreadable_stamp_is_no_stamp(built: BuildOptions) -> None:
    stamp = cache.site_cache_dir(built.content, built.site) / "uptodate.pickle"
    assert stamp.is_file()
    stamp.write_bytes(b"not a pickle")
    assert not build_site(built).up_to_date


def test_a_content_file_that_cannot_be_read_is_never_up_to_date(built: BuildOptions) -> None:
    (built.content / "broken-link.txt").symlink_to(built.content / "nowhere.txt")
    assert uptodate.read_inputs(built.content, built.site, built.reports, AS_AT) is None
    assert uptodate.up_to_date(uptodate.read_stamp(
        cache.site_cache_dir(built.content, built.site) / "uptodate.pickle"), None,
        built.site) is None


def _known(path: Path, name: str, taken_ns: int) -> uptodate.Inputs:
    stat = path.stat()
    signature = (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)
    return uptodate.Inputs("key", {name: (signature, b"recorded")}, taken_ns)


def test_a_file_unchanged_since_long_before_it_was_hashed_is_not_read_again(
        tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("title: A plan\n")
    later = time.time_ns() + 10 * cache.RACY_NS  # hashed long after its last change
    assert uptodate._file_digest("plan.yaml", path, _known(path, "plan.yaml", later))[1] \
        == b"recorded"
    # Hashed in the same moment as its last change: a change in that clock tick would leave the
    # same signature, so it is read again.
    now = time.time_ns()
    fresh = uptodate._file_digest("plan.yaml", path, _known(path, "plan.yaml", now))[1]
    assert fresh == hashlib.sha256(path.read_bytes()).digest()


def test_an_edit_that_keeps_the_size_and_the_time_is_still_seen(
        built: BuildOptions, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)  # every recorded digest is trusted if it may be
    plan = built.content / "plans" / "test-plan.yaml"
    assert build_site(built).up_to_date
    stat = plan.stat()
    text = plan.read_text()
    assert "Test plan" in text
    plan.write_text(text.replace("Test plan", "Best plan"))  # same size
    os.utime(plan, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same modification time
    result = build_site(built)  # the inode's change time moved: read again, and seen
    assert not result.up_to_date
    assert "Best plan" in _page(built).read_text()


def test_the_result_is_a_build_result(built: BuildOptions) -> None:
    again = build_site(built)
    assert isinstance(again, BuildResult) and again.site == built.site
