#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install the build into a temporary DESTDIR and check that every file a
# desktop needs is in place.
#
# usage: check-install.sh MESON BUILD_DIR ABSOLUTE_PATH...
set -eu

meson=$1
build_dir=$2
shift 2

work=$(mktemp -d "${TMPDIR:-/tmp}/concurrency-lab-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM
destdir=$work/root
log=$work/install.log

# --no-rebuild: meson test has built everything already, and a nested ninja
# would wait on the build directory's lock.
if ! "$meson" install -C "$build_dir" --destdir "$destdir" --no-rebuild --quiet >"$log" 2>&1; then
  cat "$log" >&2
  echo "check-install: meson install failed" >&2
  exit 1
fi

missing=0
for path in "$@"; do
  if [ -s "$destdir$path" ]; then
    echo "ok      $path"
  else
    echo "MISSING $path" >&2
    missing=$((missing + 1))
  fi
done

for program in "$1" "$2"; do
  if [ ! -x "$destdir$program" ]; then
    echo "NOT EXECUTABLE $program" >&2
    missing=$((missing + 1))
  fi
done

# The installed worker must run from where it was put, not only exist.
if [ -x "$destdir$2" ] && ! version=$("$destdir$2" --version 2>&1); then
  echo "the installed worker fails on --version: $version" >&2
  missing=$((missing + 1))
fi

if [ "$missing" -gt 0 ]; then
  echo "check-install: $missing problem(s)" >&2
  exit 1
fi
