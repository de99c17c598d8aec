#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The worker program links GLib only (the design's rule, and why a worker
# process starts in a few milliseconds): its ELF NEEDED entries may name
# GLib and the C library's own parts, nothing else.
#
# usage: check-worker-links.sh WORKER
set -eu
worker=${1:?usage: check-worker-links.sh WORKER}
needed=$(readelf -d "$worker" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[ -n "$needed" ] || { echo "no NEEDED entries read from $worker" >&2; exit 1; }
status=0
for lib in $needed; do
  case $lib in
    libglib-2.0.so.*|libc.so.*|libm.so.*|libpthread.so.*|ld-linux*.so.*) ;;
    *) echo "the worker links $lib, but may link GLib only" >&2; status=1 ;;
  esac
done
[ "$status" -ne 0 ] || echo "worker links: $(echo $needed)"
exit "$status"
