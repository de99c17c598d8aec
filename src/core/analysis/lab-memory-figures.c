/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-memory-figures"

#include "config.h"

#include "lab-analysis.h"
#include "lab-memory-figures.h"

/* The tasks in flight at @t_ns (relative to the steps' origin): the value
 * of the last step at or before it. */
static guint
in_flight_at (GArray *steps,
              gint64  t_ns)
{
  guint lo = 0, hi = steps->len;

  /* The first step at or after t_ns + 1, by bisection. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (steps, LabFlightStep, mid).t_ns <= t_ns)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 ? g_array_index (steps, LabFlightStep, lo - 1).in_flight : 0;
}

static gboolean
is_whole (const LabMemorySample *m)
{
  return m->rss_bytes != LAB_MEMORY_NOT_MEASURED;
}

/* Peaks, the source, the workers: everything that needs no in-flight
 * count. Returns the first whole sample, the baseline, or NULL. */
static const LabMemorySample *
scan_samples (GArray           *samples,
              LabMemoryFigures *out)
{
  const LabMemorySample *baseline = NULL;
  gboolean pss_everywhere = TRUE;

  for (guint i = 0; i < samples->len; i++)
    {
      const LabMemorySample *m = &g_array_index (samples, LabMemorySample, i);

      if (!is_whole (m))
        {
          out->n_gaps++;
          continue;
        }
      if (baseline == NULL)
        baseline = m;
      out->source = MAX (out->source, (LabMemorySource) m->source);
      out->peak_rss_bytes = MAX (out->peak_rss_bytes, m->rss_bytes);
      if (m->pss_bytes == LAB_MEMORY_NOT_MEASURED)
        pss_everywhere = FALSE;
      else
        out->peak_pss_bytes = MAX (out->peak_pss_bytes, m->pss_bytes);
      if (m->n_workers > 0 && m->n_workers >= out->max_workers)
        {
          out->max_workers = m->n_workers;
          out->per_worker_rss_bytes = m->workers_rss_bytes / m->n_workers;
          out->per_worker_pss_bytes = m->workers_pss_bytes == LAB_MEMORY_NOT_MEASURED
                                        ? LAB_MEMORY_NOT_MEASURED
                                        : m->workers_pss_bytes / m->n_workers;
        }
    }
  if (!pss_everywhere)
    out->peak_pss_bytes = LAB_MEMORY_NOT_MEASURED;
  return baseline;
}

/* The growth over @baseline at the sample with the most tasks in flight,
 * the trace's own growth taken out. */
static void
per_task (LabTrace              *trace,
          GArray                *samples,
          const LabMemorySample *baseline,
          LabMemoryFigures      *out)
{
  g_autoptr(GArray) steps = lab_analysis_flight_steps (trace);
  gint64 origin = lab_trace_get_begin_ns (trace);
  gint64 best_growth = 0;
  guint best_flight = 0;

  for (guint i = 0; i < samples->len; i++)
    {
      const LabMemorySample *m = &g_array_index (samples, LabMemorySample, i);
      guint flight;
      gint64 growth;

      if (!is_whole (m))
        continue;
      flight = in_flight_at (steps, m->t_ns - origin);
      growth = (m->rss_bytes - baseline->rss_bytes) - (m->trace_bytes - baseline->trace_bytes);
      if (flight > best_flight || (flight == best_flight && growth > best_growth))
        {
          best_flight = flight;
          best_growth = growth;
        }
    }
  if (best_flight == 0)
    return;
  out->tasks_in_flight = best_flight;
  /* Memory given back meanwhile can make the growth negative: nothing
   * was held per task then. */
  out->per_task_bytes = MAX (best_growth, 0) / best_flight;
}

/**
 * lab_memory_figures_compute:
 * @trace: a trace, finished or still recording
 * @out: (out caller-allocates): the figures
 *
 * Computes #LabMemoryFigures from @trace's memory samples and the tasks in
 * flight its segments show.
 */
void
lab_memory_figures_compute (LabTrace         *trace,
                            LabMemoryFigures *out)
{
  g_autoptr(GArray) samples = NULL;
  const LabMemorySample *baseline;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (out != NULL);

  *out = (LabMemoryFigures) {
    .source = LAB_MEMORY_SOURCE_NONE,
    .baseline_rss_bytes = LAB_MEMORY_NOT_MEASURED,
    .peak_rss_bytes = LAB_MEMORY_NOT_MEASURED,
    .peak_pss_bytes = LAB_MEMORY_NOT_MEASURED,
    .per_task_bytes = LAB_MEMORY_NOT_MEASURED,
    .per_worker_rss_bytes = LAB_MEMORY_NOT_MEASURED,
    .per_worker_pss_bytes = LAB_MEMORY_NOT_MEASURED,
  };
  samples = lab_trace_copy_memory (trace);
  out->n_samples = samples->len;
  baseline = scan_samples (samples, out);
  if (baseline == NULL)
    return;
  out->measured = TRUE;
  out->baseline_rss_bytes = baseline->rss_bytes;
  per_task (trace, samples, baseline, out);
}
