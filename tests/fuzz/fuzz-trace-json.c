/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-fuzz-trace-json"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "fuzz-common.h"
#include "lab-stats.h"
#include "lab-trace-json.h"

/*
 * The saved-trace loader, fed arbitrary bytes. A comparison it accepts is
 * one the app will chart: its statistics must compute, and it must save and
 * load again to the same text (what a user saves from a loaded trace is what
 * they loaded).
 */

static void
check_traces (LabComparison *comparison)
{
  for (guint i = 0; i < lab_comparison_get_n_traces (comparison); i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (comparison, i);
      g_autoptr(GArray) tasks = NULL;
      LabTraceStats stats;

      lab_trace_compute_stats (trace, &stats);
      tasks = lab_trace_compute_task_stats (trace);
    }
  (void) lab_comparison_get_begin_ns (comparison);
}

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabComparison) comparison = NULL;

  /* Without the NUL-terminated form the loader must never read past @size:
   * a copy of exactly @size bytes lets AddressSanitizer see it if it does. */
  g_autofree char *copy = g_memdup2 (data, size == 0 ? 1 : size);

  comparison = lab_trace_json_from_string (copy, (gssize) size, &error);
  if (comparison == NULL)
    {
      if (error == NULL || *error->message == '\0')
        fuzz_fail ("a trace refused without a message", "(binary)");
      return 0;
    }
  check_traces (comparison);
  fuzz_check_round_trip (comparison);
  return 0;
}
