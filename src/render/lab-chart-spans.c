/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-chart-private.h"
#include "lab-chart-spans-private.h"

/* Segments this close are adjacent: the recorders close one and open the
 * next at the same clock reading, processes' at a reading of their own. */
#define ADJACENT_NS (50 * G_GINT64_CONSTANT (1000))

typedef struct
{
  guint32  task;
  gint64   edge_ns;
  gint     core_min;   /* >= 0: running segments on these cores only */
  gint     core_max;
  GArray  *segments;
} Collect;

static gboolean
on_segment_cb (const LabSegment *s,
               gpointer          user_data)
{
  Collect *c = user_data;

  if (s->task != c->task || s->begin_ns >= c->edge_ns || s->state >= LAB_N_STATES)
    return TRUE;
  if (c->core_min >= 0
      && (s->state != LAB_STATE_RUNNING || s->core < c->core_min || s->core > c->core_max))
    return TRUE;
  g_array_append_vals (c->segments, s, 1);
  return TRUE;
}

static int
compare_begin (gconstpointer a,
               gconstpointer b)
{
  const LabSegment *x = a, *y = b;

  return (x->begin_ns > y->begin_ns) - (x->begin_ns < y->begin_ns);
}

static GArray *
collect_spans (LabTrace *trace,
               Collect  *collect)
{
  g_autoptr(GArray) segments = g_array_new (FALSE, FALSE, sizeof (LabSegment));
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (LabChartSpan));
  gint64 edge_ns = collect->edge_ns;
  LabChartSpan *open = NULL;

  collect->segments = segments;
  lab_trace_foreach_segment (trace, on_segment_cb, collect);
  g_array_sort (segments, compare_begin);
  for (guint i = 0; i < segments->len; i++)
    {
      const LabSegment *s = &g_array_index (segments, LabSegment, i);
      gint64 end = MIN (s->end_ns, edge_ns);

      if (open != NULL && open->state == s->state && s->begin_ns - open->end_ns <= ADJACENT_NS)
        {
          if (s->core != open->last_core)
            open->n_moves++;
          open->last_core = s->core;
          open->end_ns = MAX (open->end_ns, end);
          open->n_segments++;
          continue;
        }
      g_array_append_val (spans, ((LabChartSpan) { s->begin_ns, end, s->state, s->core, s->core,
                                                   0, 1 }));
      open = &g_array_index (spans, LabChartSpan, spans->len - 1);
    }
  return spans;
}

/**
 * _lab_chart_task_spans:
 * @trace: a trace, maybe recording
 * @task: a task's index
 * @edge_ns: the live edge (or a replay's playhead): nothing past it
 *
 * Returns: (transfer full): the task's spans, in time order
 */
GArray *
_lab_chart_task_spans (LabTrace *trace,
                       guint32   task,
                       gint64    edge_ns)
{
  Collect collect = { task, edge_ns, -1, -1, NULL };

  return collect_spans (trace, &collect);
}

GArray *
_lab_chart_core_spans (LabTrace *trace,
                       guint32   task,
                       gint      core_min,
                       gint      core_max,
                       gint64    edge_ns)
{
  Collect collect = { task, edge_ns, MAX (core_min, 0), core_max, NULL };

  return collect_spans (trace, &collect);
}

gint
_lab_chart_span_at (GArray *spans,
                    gint64  t_ns,
                    gint64  tolerance_ns)
{
  gint best = -1;
  gint64 best_distance = G_MAXINT64;

  for (guint i = 0; i < spans->len; i++)
    {
      const LabChartSpan *s = &g_array_index (spans, LabChartSpan, i);
      gint64 distance = _lab_chart_distance_ns (t_ns, s->begin_ns, s->end_ns);

      /* a later span that begins where this ends wins at its begin */
      if (distance <= tolerance_ns && distance <= best_distance)
        best = (gint) i, best_distance = distance;
    }
  return best;
}

char *
_lab_chart_span_cores (const LabChartSpan *span)
{
  if (span->first_core < 0)
    return NULL;
  if (span->n_moves == 0)
    /* Translators: where a task ran: the CPU core, numbered from 0 as the kernel does */
    return g_strdup_printf (_("on core %d"), span->first_core);
  /* Translators: a computation that moved between CPU cores: the first and last
   * core, then how many times it changed core */
  return g_strdup_printf (ngettext ("on core %d, then core %d (moved %u time)",
                                    "on core %d, then core %d (moved %u times)", span->n_moves),
                          span->first_core, span->last_core, span->n_moves);
}
