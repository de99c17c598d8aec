#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that the Flatpak manifest parses and builds the right application.

A Flatpak build cannot run here (the GNOME SDK is not reachable), so this is
what can be checked: the JSON, the app id, the command, the runtime and its
SDK, the sandbox permissions, and that the last module builds this directory
with meson.

usage: check-flatpak-manifest.py MANIFEST APP_ID COMMAND
"""

import json
import sys

REQUIRED_FINISH_ARGS = [
    "--socket=wayland",
    "--socket=fallback-x11",
    "--share=ipc",
    "--device=dri",
]


def check(manifest, app_id, command):
    problems = []
    if manifest.get("app-id", manifest.get("id")) != app_id:
        problems.append(f"app-id is {manifest.get('app-id')!r}, expected {app_id!r}")
    if manifest.get("command") != command:
        problems.append(f"command is {manifest.get('command')!r}, expected {command!r}")
    if manifest.get("runtime") != "org.gnome.Platform":
        problems.append(f"runtime is {manifest.get('runtime')!r}, expected 'org.gnome.Platform'")
    if manifest.get("sdk") != "org.gnome.Sdk":
        problems.append(f"sdk is {manifest.get('sdk')!r}, expected 'org.gnome.Sdk'")
    version = str(manifest.get("runtime-version", ""))
    # A runtime is supported for about a year: 48 ended in March 2026, 49 in
    # the autumn, so a build for the current GNOME needs 50 or newer.
    if not version.isdigit() or int(version) < 50:
        problems.append(f"runtime-version {version!r} is not a supported GNOME release (50 or newer)")
    finish_args = manifest.get("finish-args", [])
    for arg in REQUIRED_FINISH_ARGS:
        if arg not in finish_args:
            problems.append(f"finish-args lacks {arg}")
    modules = manifest.get("modules", [])
    if not modules:
        problems.append("there are no modules")
    else:
        app = modules[-1]
        if not isinstance(app, dict) or app.get("buildsystem") != "meson":
            problems.append("the last module is not built with meson")
        else:
            sources = app.get("sources", [])
            if not any(s.get("type") == "dir" and s.get("path") == ".." for s in sources):
                problems.append("the last module does not build this directory ('type': 'dir', 'path': '..')")
    return problems


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    path, app_id, command = argv[1:]
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        print(f"{path}: {e}", file=sys.stderr)
        return 1
    if not isinstance(manifest, dict):
        print(f"{path}: the manifest is not a JSON object", file=sys.stderr)
        return 1
    problems = check(manifest, app_id, command)
    for p in problems:
        print(f"{path}: {p}", file=sys.stderr)
    if not problems:
        print(f"{path}: {app_id} runs {command} on {manifest['runtime']}//{manifest['runtime-version']}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
