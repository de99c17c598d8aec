/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-memory-figures"

#include "config.h"

#include "lab-memory-figures.h"

/* Each task's span in flight, as the analysis counts it: from the begin
 * of its first segment that is not `queued` to the end of its last. */
typedef struct
{
  gint64 begin_ns;
  gint64 end_ns;
} Span;

static gboolean
span_segment_cb (const LabSegment *segment,
                 gpointer          user_data)
{
  Span *span = &((Span *) user_data)[segment->task];

  if (segment->state != LAB_STATE_QUEUED)
    span->begin_ns = MIN (span->begin_ns, segment->begin_ns);
  span->end_ns = MAX (span->end_ns, segment->end_ns);
  return TRUE;
}

/* The first sample at or after @t_ns. */
static guint
first_sample_from (GArray *samples,
                   gint64  t_ns)
{
  guint lo = 0, hi = samples->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (samples, LabMemorySample, mid).t_ns < t_ns)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The tasks in flight at each sample: a task counts at the samples within
 * its span, added up by differences, one pass over the segments and a
 * binary search per task (a million tasks need no sort of their events). */
static guint *
in_flight_at_samples (LabTrace *trace,
                      GArray   *samples)
{
  /* the trace's own count: an observed trace has no workload */
  guint n_tasks = lab_trace_get_n_tasks (trace);
  g_autofree Span *spans = g_new (Span, MAX (n_tasks, 1));
  g_autofree gint *diff = g_new0 (gint, samples->len + 1);
  guint *flight = g_new0 (guint, MAX (samples->len, 1));
  gint running = 0;

  for (guint t = 0; t < n_tasks; t++)
    spans[t] = (Span) { G_MAXINT64, G_MININT64 };
  lab_trace_foreach_segment (trace, span_segment_cb, spans);
  for (guint t = 0; t < n_tasks; t++)
    {
      if (spans[t].end_ns <= spans[t].begin_ns)
        continue;
      diff[first_sample_from (samples, spans[t].begin_ns)]++;
      diff[first_sample_from (samples, spans[t].end_ns)]--;
    }
  for (guint i = 0; i < samples->len; i++)
    {
      running += diff[i];
      flight[i] = (guint) MAX (running, 0);
    }
  return flight;
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
  g_autofree guint *flight = in_flight_at_samples (trace, samples);
  gint64 best_growth = 0;
  guint best_flight = 0;

  for (guint i = 0; i < samples->len; i++)
    {
      const LabMemorySample *m = &g_array_index (samples, LabMemorySample, i);
      gint64 growth;

      if (!is_whole (m))
        continue;
      growth = (m->rss_bytes - baseline->rss_bytes) - (m->trace_bytes - baseline->trace_bytes);
      if (flight[i] > best_flight || (flight[i] == best_flight && growth > best_growth))
        {
          best_flight = flight[i];
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
 * lab_memory_figures_init:
 * @out: (out caller-allocates): the figures
 *
 * Sets @out to nothing measured: no samples, every figure
 * %LAB_MEMORY_NOT_MEASURED.
 */
void
lab_memory_figures_init (LabMemoryFigures *out)
{
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
}

/**
 * lab_memory_figures_compute:
 * @trace: a trace, finished or still recording
 * @out: (out caller-allocates): the figures
 *
 * Computes #LabMemoryFigures from @trace's memory samples and the tasks in
 * flight its segments show (as lab_analysis_flight_steps() counts them),
 * in one pass over the segments.
 */
void
lab_memory_figures_compute (LabTrace         *trace,
                            LabMemoryFigures *out)
{
  g_autoptr(GArray) samples = NULL;
  const LabMemorySample *baseline;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (out != NULL);

  lab_memory_figures_init (out);
  samples = lab_trace_copy_memory (trace);
  out->n_samples = samples->len;
  baseline = scan_samples (samples, out);
  if (baseline == NULL)
    return;
  out->measured = TRUE;
  out->baseline_rss_bytes = baseline->rss_bytes;
  /* A traced program's lanes are its threads, and what it grows by is
   * whatever it does (new processes, its own data), nothing a lane holds. */
  if (lab_trace_get_observed (trace) == NULL)
    per_task (trace, samples, baseline, out);
}
