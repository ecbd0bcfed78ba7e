"""Two builds of the same site at once: the second says another build is running (a lock file
beside site/); the site that remains is one whole build, never a mixture."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

from siteaudit import AS_AT, Workspace, cache_env, tree_digest

from generator.errors import BuildError

EXIT_BUILD = BuildError.exit_code

PUBLISHER = Path(sys.executable).with_name("publisher")


def lock_message(site: Path) -> str:
    return (f"build failed: another build of {site} is running; wait for it to finish and "
            "try again.\n")


def test_a_build_while_another_holds_the_lock_stops_with_a_clear_message(
        workspace: Workspace) -> None:
    before = tree_digest(workspace.site)
    with open(workspace.root / ".site.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = workspace.build()
    assert result.exit_code == EXIT_BUILD
    assert result.stderr == lock_message(workspace.site)
    assert tree_digest(workspace.site) == before
    assert workspace.leftovers() == []
    # The lock is the other build's, and it is gone with it: now a build goes through.
    assert workspace.build().exit_code == 0


def test_two_real_builds_at_once_leave_one_whole_site(
        workspace: Workspace, base_build: Workspace) -> None:
    """Both start together: whichever runs second finds the lock, or runs after the first
    finished; either way the site is the same as a single build's, byte for byte."""
    env = {**os.environ, **cache_env(workspace.root)}
    command = [str(PUBLISHER), "build", "--site", "site", "--as-at", AS_AT]
    procs = [subprocess.Popen(command, cwd=workspace.root, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outcomes = []
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        outcomes.append((proc.returncode, err))
    codes = sorted(code for code, _ in outcomes)
    assert codes in ([0, 0], [0, EXIT_BUILD]), outcomes
    for code, err in outcomes:
        assert "Traceback" not in err
        if code == EXIT_BUILD:
            assert err == lock_message(Path("site"))
    assert tree_digest(workspace.site) == tree_digest(base_build.site)
    assert workspace.leftovers() == []
