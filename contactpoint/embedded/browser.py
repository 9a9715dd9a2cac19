"""Debian's Chromium for the browser tests, installed by the test command when it is missing.

Playwright drives this browser rather than one of its own, which it would have to download.
"""

import os
import shutil
import subprocess

from contactpoint.embedded.stack import say

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser")


def chromium_path() -> str | None:
    for name in CHROMIUM_CANDIDATES:
        if path := shutil.which(name):
            return path
    return None


def chromium_ensure() -> str:
    """The path of a Chromium binary, installing Debian's package (as root or with sudo) if needed."""
    if path := chromium_path():
        return path
    prefix = [] if os.geteuid() == 0 else _sudo()
    say("Installing Debian's chromium for the browser tests")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run([*prefix, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        [*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"],
        check=True,
        env=env,
    )
    if path := chromium_path():
        return path
    raise SystemExit("chromium was installed but is not on PATH")


def _sudo() -> list[str]:
    if (
        shutil.which("sudo")
        and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0
    ):
        return ["sudo", "-n"]
    raise SystemExit(
        "The browser tests need Debian's chromium. Install it once with `sudo apt-get install "
        "chromium`, or run the tests as a user who may."
    )
