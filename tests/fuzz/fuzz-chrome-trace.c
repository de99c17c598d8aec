/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-fuzz-chrome-trace"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "fuzz-common.h"
#include "lab-chrome-trace.h"
#include "lab-stats.h"
#include "lab-trace-json.h"

/*
 * Other tools' trace files (Chrome Trace Event Format), fed arbitrary
 * bytes. A file it accepts is drawn: what is drawn is only `running` with
 * no core, each lane's segments in order and apart, every span inside the
 * run, and it saves and loads again in our format to the same text.
 */

static void
check_segments (LabTrace *trace)
{
  g_autoptr(GArray) segments = lab_trace_copy_segments (trace);
  g_autoptr(GArray) tasks = lab_trace_compute_task_stats (trace);
  LabTraceStats stats;

  for (guint i = 0; i < segments->len; i++)
    {
      const LabSegment *s = &g_array_index (segments, LabSegment, i);

      if (s->state != LAB_STATE_RUNNING || s->core != -1 || s->end_ns <= s->begin_ns
          || s->begin_ns < lab_trace_get_begin_ns (trace) || s->end_ns > lab_trace_get_end_ns (trace))
        fuzz_fail ("a segment of another tool's trace", "(segment)");
      if (i > 0 && s[-1].task == s->task && s[-1].end_ns >= s->begin_ns)
        fuzz_fail ("the segments of a lane, in order and apart", "(segment)");
    }
  lab_trace_compute_stats (trace, &stats);
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
  g_autoptr(LabTrace) trace = NULL;
  /* Exactly @size bytes: a read past them is seen by AddressSanitizer. */
  g_autofree char *copy = g_memdup2 (data, size == 0 ? 1 : size);

  comparison = lab_chrome_trace_from_json (copy, (gssize) size, "fuzz.json", &error);
  if (comparison == NULL)
    {
      if (error == NULL || *error->message == '\0')
        fuzz_fail ("a trace refused without a message", "(binary)");
      return 0;
    }
  trace = lab_comparison_dup_trace (comparison, 0);
  check_segments (trace);
  fuzz_check_round_trip (comparison);
  return 0;
}
