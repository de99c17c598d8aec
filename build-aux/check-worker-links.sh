#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The worker program links GLib only (the design's rule, and why a worker
# process starts in a few milliseconds). Linked dynamically, its ELF NEEDED
# entries may name GLib and the C library's own parts, nothing else.
# Linked statically (-Dstatic_worker), it has no NEEDED entries; then its
# symbol table must hold GLib and no function of GObject, GIO, json-glib,
# cairo or GTK.
#
# usage: check-worker-links.sh WORKER
set -eu
worker=${1:?usage: check-worker-links.sh WORKER}
status=0
if readelf -d "$worker" | grep -q 'There is no dynamic section'; then
  symbols=$(readelf -sW "$worker" | awk '$4 == "FUNC" { print $8 }')
  echo "$symbols" | grep -qx 'g_strdup' || {
    echo "no GLib function found in the static $worker (stripped?)" >&2
    exit 1
  }
  others=$(echo "$symbols" | grep -E '^(g_object_|g_type_|g_signal_|g_param_spec_|g_subprocess_|g_input_stream_|g_output_stream_|g_cancellable_|g_task_|json_|cairo_|gtk_|adw_)' || true)
  if [ -n "$others" ]; then
    echo "the static worker holds more than GLib:" $others >&2
    status=1
  else
    echo "worker links: GLib and the C library, statically"
  fi
  exit "$status"
fi
needed=$(readelf -d "$worker" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[ -n "$needed" ] || { echo "no NEEDED entries read from $worker" >&2; exit 1; }
for lib in $needed; do
  case $lib in
    libglib-2.0.so.*|libc.so.*|libm.so.*|libpthread.so.*|ld-linux*.so.*) ;;
    *) echo "the worker links $lib, but may link GLib only" >&2; status=1 ;;
  esac
done
[ "$status" -ne 0 ] || echo "worker links: $(echo $needed)"
exit "$status"
