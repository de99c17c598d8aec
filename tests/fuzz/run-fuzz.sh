#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs one libFuzzer target for the `fuzz` test suite.
#
#   run-fuzz.sh regress TARGET WORKDIR SEEDS CRASHES   every seed and crash file once
#   run-fuzz.sh explore TARGET WORKDIR SEEDS CRASHES   30 s of new inputs
#
# New inputs and crash files go to WORKDIR (in the build tree): libFuzzer
# writes into the first corpus folder it is given, and the seeds in the
# source tree must stay as committed. FUZZ_SECONDS overrides the 30 s.
# libFuzzer's own exit code for a finding is 77, which meson reads as
# "skipped": a finding must fail the test instead.
set -eu

mode=$1 target=$2 work=$3 seeds=$4 crashes=$5
mkdir -p "$work/corpus" "$work/artifacts"

inputs="$seeds"
[ -d "$crashes" ] && inputs="$inputs $crashes"
# A dictionary of the format's words, next to the seeds, when there is one.
dict=$(dirname "$seeds")/../$(basename "$seeds").dict
dict_arg=""
[ -f "$dict" ] && dict_arg="-dict=$dict"

case $mode in
  regress)
    # shellcheck disable=SC2086 # two folders at most, no spaces in them
    exec "$target" -runs=0 -rss_limit_mb=2048 -error_exitcode=1 \
      -artifact_prefix="$work/artifacts/" $inputs
    ;;
  explore)
    # shellcheck disable=SC2086 # and an empty dict_arg vanishes
    exec "$target" -max_total_time="${FUZZ_SECONDS:-30}" -rss_limit_mb=2048 \
      -timeout=10 -error_exitcode=1 -timeout_exitcode=1 -print_final_stats=1 $dict_arg \
      -artifact_prefix="$work/artifacts/" "$work/corpus" $inputs
    ;;
  *)
    echo "usage: $0 regress|explore TARGET WORKDIR SEEDS CRASHES" >&2
    exit 2
    ;;
esac
