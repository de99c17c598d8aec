/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-trace"

#include "config.h"

#include <string.h>

#include "lab-trace.h"
#include "lab-trace-private.h"

/*
 * What a model held in memory over its run: samples taken by the memory
 * sampler's thread (lab-memory-sampler.c, the only writer) or read back
 * from a file, kept in a LabTraceLog so that the chart reads them live.
 * A sample that could not be read is kept too, as a gap: the strip shows
 * that nothing was measured there rather than drawing a line across.
 */

G_STATIC_ASSERT (sizeof (LabMemorySample) == 56);

static const char *const source_names[LAB_N_MEMORY_SOURCES] = {
  "none", "smaps_rollup", "smaps", "statm",
};

/**
 * lab_memory_source_to_string:
 * @source: a #LabMemorySource
 *
 * Returns: the name of the file the figures came from ("smaps_rollup"),
 *   or "none"; the same in every language, as the files in /proc are
 */
const char *
lab_memory_source_to_string (LabMemorySource source)
{
  g_return_val_if_fail (source < LAB_N_MEMORY_SOURCES, "none");

  return source_names[source];
}

gboolean
lab_memory_source_from_string (const char      *text,
                               LabMemorySource *out_source)
{
  g_return_val_if_fail (out_source != NULL, FALSE);

  for (guint i = 0; i < LAB_N_MEMORY_SOURCES; i++)
    if (g_strcmp0 (text, source_names[i]) == 0)
      {
        *out_source = (LabMemorySource) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * lab_trace_add_memory:
 * @trace: a trace
 * @sample: what was measured at @sample->t_ns
 *
 * Appends a sample. One thread at a time records, in time order.
 */
void
lab_trace_add_memory (LabTrace              *trace,
                      const LabMemorySample *sample)
{
  LabMemorySample copy;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (sample != NULL);
  g_return_if_fail (sample->source < LAB_N_MEMORY_SOURCES);

  copy = *sample;
  memset (copy._pad, 0, sizeof copy._pad);
  _lab_trace_log_append (&trace->memory, &copy, sizeof copy);
}

/**
 * lab_trace_copy_memory:
 * @trace: a trace
 *
 * Returns: (transfer full): a #GArray of #LabMemorySample in time order,
 *   gaps included
 */
GArray *
lab_trace_copy_memory (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, g_array_new (FALSE, FALSE, sizeof (LabMemorySample)));

  return _lab_trace_log_copy (&trace->memory, sizeof (LabMemorySample));
}

/* The time of the last sample, for the live edge; 0 before any. */
gint64
_lab_trace_get_memory_last_ns (LabTrace *trace)
{
  guint n = _lab_trace_log_length (&trace->memory);

  if (n == 0)
    return 0;
  return ((const LabMemorySample *) _lab_trace_log_at (&trace->memory, n - 1,
                                                       sizeof (LabMemorySample)))->t_ns;
}

/**
 * lab_trace_has_memory:
 * @trace: a trace
 *
 * Returns: whether memory was sampled (even if every sample is a gap)
 */
gboolean
lab_trace_has_memory (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, FALSE);

  return _lab_trace_log_length (&trace->memory) > 0;
}

/**
 * lab_trace_get_allocated_bytes:
 * @trace: a trace
 *
 * What the trace has allocated for its records: segment writers and their
 * chunks, the strips' logs and the memory samples, counted when allocated
 * (a chunk is filled soon after, so this is close to what is resident).
 * The memory figures take it out of a model's growth: it is what the
 * measurement holds, not the model.
 *
 * Returns: bytes, from any thread, while recording goes on
 */
gint64
lab_trace_get_allocated_bytes (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, 0);

  return __atomic_load_n (&trace->allocated, __ATOMIC_RELAXED)
         + _lab_trace_log_get_allocated (&trace->lock_holds)
         + _lab_trace_log_get_allocated (&trace->lock_requests)
         + _lab_trace_log_get_allocated (&trace->loop_samples)
         + _lab_trace_log_get_allocated (&trace->loop_blocks)
         + _lab_trace_log_get_allocated (&trace->memory);
}
