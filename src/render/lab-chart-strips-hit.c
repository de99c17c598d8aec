/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-analysis.h"
#include "lab-chart-private.h"
#include "lab-chart-strips-private.h"
#include "lab-duration.h"

/* The shared helpers (lab-chart-strips-private.h), by their short names. */
#define x_of _lab_chart_strips_x_of
#define n_columns _lab_chart_strips_n_columns
#define flight_of _lab_chart_strips_flight_of
#define loop_columns _lab_chart_strips_loop_columns

/*
 * What lies under the pointer on the strips (lab-chart-strips.c draws
 * them), and the tooltip that says it.
 */

/* Hit test */

static gboolean
hit_gil (const LabChartPanel *p,
         gint64               t,
         LabChartHit         *hit)
{
  g_autoptr(GArray) holds = lab_trace_copy_lock_holds (p->trace);
  guint lo = 0, hi = holds->len;

  /* the last hold that began at or before t */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (holds, LabLockHold, mid).begin_ns <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return FALSE;
  hit->hold = g_array_index (holds, LabLockHold, lo - 1);
  if (hit->hold.end_ns == 0)
    hit->hold.end_ns = p->live_end_ns;
  if (t > hit->hold.end_ns)
    return FALSE;
  hit->x = MAX (x_of (p, hit->hold.begin_ns), p->axis.plot_x);
  hit->width = MAX (MIN (x_of (p, hit->hold.end_ns), p->axis.plot_x + p->axis.plot_width)
                    - hit->x, 1.0);
  return TRUE;
}

static gboolean
hit_loop (const LabChartPanel *p,
          gint64               t,
          double               x,
          LabChartHit         *hit)
{
  g_autoptr(GArray) samples = lab_trace_copy_loop_samples (p->trace);
  g_autoptr(GArray) blocks = lab_trace_copy_loop_blocks (p->trace);
  guint n_cols = n_columns (p);
  g_autofree double *lag = g_new0 (double, n_cols);
  g_autofree double *queue = g_new0 (double, n_cols);
  gint64 c = (gint64) floor ((x - p->axis.plot_x) / (p->axis.plot_width / n_cols));

  if (c < 0 || c >= n_cols)
    return FALSE;
  loop_columns (p, p->live_end_ns, samples, n_cols, lag, queue);
  hit->lag_ns = (gint64) lag[c];
  hit->ready = (guint) queue[c];
  for (guint i = 0; i < blocks->len; i++)
    {
      const LabLoopBlock *b = &g_array_index (blocks, LabLoopBlock, i);

      if (t >= b->begin_ns && t <= b->end_ns)
        {
          hit->block = *b;
          hit->has_block = TRUE;
        }
    }
  hit->x = floor (x);
  hit->width = 1;
  return TRUE;
}

static gboolean
hit_flight (const LabChartPanel *p,
            gint64               t,
            double               x,
            LabChartHit         *hit)
{
  LabTraceAnalysis a;
  g_autoptr(GArray) steps = flight_of (p->trace, &a);
  gint64 rel = t - p->zero_ns;
  guint found = G_MAXUINT;

  for (guint i = 0; i < steps->len && g_array_index (steps, LabFlightStep, i).t_ns <= rel; i++)
    found = i;
  if (found == G_MAXUINT)
    return FALSE;
  hit->in_flight = g_array_index (steps, LabFlightStep, found).in_flight;
  hit->busy = g_array_index (steps, LabFlightStep, found).busy;
  hit->amdahl_limit = a.amdahl_limit;
  hit->x = floor (x);
  hit->width = 1;
  return TRUE;
}

/**
 * _lab_chart_strips_hit:
 *
 * Fills @hit where (@x, @y) lies on one of @p's strips.
 *
 * Returns: whether it does
 */
gboolean
_lab_chart_strips_hit (const LabChartPanel *p,
                       double               x,
                       double               y,
                       LabChartHit         *hit)
{
  gint64 t = p->zero_ns + _lab_chart_x_to_time (p, x);
  double top, h;

  if (p->error != NULL)
    return FALSE;
  if (p->gil_h > 0 && y >= p->gil_y && y < p->gil_y + p->gil_h)
    hit->lane = LAB_CHART_LANE_GIL, top = p->gil_y, h = p->gil_h;
  else if (p->loop_h > 0 && y >= p->loop_y && y < p->loop_y + p->loop_h)
    hit->lane = LAB_CHART_LANE_LOOP, top = p->loop_y, h = p->loop_h;
  else if (p->flight_h > 0 && y >= p->flight_y && y < p->flight_y + p->flight_h)
    hit->lane = LAB_CHART_LANE_FLIGHT, top = p->flight_y, h = p->flight_h;
  else
    return FALSE;
  hit->y = top;
  hit->height = h;
  if (!hit->in_plot || t > p->live_end_ns)
    return TRUE;
  if (hit->lane == LAB_CHART_LANE_GIL)
    hit->has_strip = hit_gil (p, t, hit);
  else if (hit->lane == LAB_CHART_LANE_LOOP)
    hit->has_strip = hit_loop (p, t, x, hit);
  else
    hit->has_strip = hit_flight (p, t, x, hit);
  return TRUE;
}

/**
 * lab_chart_describe_strip:
 * @hit: a hit on a strip, from lab_chart_hit_test(), with has_strip set
 * @zero_ns: the panel's zero (its trace's begin), for times
 *
 * Returns: (transfer full) (nullable): what the strip shows there, for a
 *   tooltip; %NULL where @hit is on no strip
 */
char *
lab_chart_describe_strip (const LabChartHit *hit,
                          gint64             zero_ns)
{
  g_autofree char *at = NULL;

  g_return_val_if_fail (hit != NULL, NULL);

  if (!hit->has_strip)
    return NULL;
  at = lab_duration_format (hit->time_ns);
  switch (hit->lane)
    {
    case LAB_CHART_LANE_GIL:
      {
        g_autofree char *begin = lab_duration_format (hit->hold.begin_ns - zero_ns);
        g_autofree char *length = lab_duration_format (hit->hold.end_ns - hit->hold.begin_ns);

        /* Translators: tooltip of the GIL lane: thread (from 1), task (from 1), since when, how long */
        return g_strdup_printf (_("Thread %u holds the GIL for task %u\nFrom %s (%s)"),
                                hit->hold.worker + 1, hit->hold.task + 1, begin, length);
      }
    case LAB_CHART_LANE_LOOP:
      {
        g_autofree char *lag = lab_duration_format (hit->lag_ns);
        g_autofree char *text = NULL;

        /* Translators: tooltip of the loop strip: time, loop lag, number of callbacks due */
        text = g_strdup_printf (ngettext ("At %s: loop lag %s, %u task ready",
                                          "At %s: loop lag %s, %u tasks ready", hit->ready),
                                at, lag, hit->ready);
        if (hit->has_block)
          {
            g_autofree char *dur = lab_duration_format (hit->block.end_ns - hit->block.begin_ns);

            /* Translators: second line of the loop strip's tooltip */
            return g_strdup_printf (_("%s\nTask %u blocked the loop for %s"), text,
                                    hit->block.task + 1, dur);
          }
        return g_steal_pointer (&text);
      }
    case LAB_CHART_LANE_FLIGHT:
      if (isfinite (hit->amdahl_limit))
        /* Translators: tooltip of the in-flight strip: time, tasks in flight, cores busy, Amdahl's limit */
        return g_strdup_printf (_("At %s: %u in flight, %u cores busy\nAmdahl limit %.2f×"),
                                at, hit->in_flight, hit->busy, hit->amdahl_limit);
      /* Translators: tooltip of the in-flight strip: time, tasks in flight, cores busy */
      return g_strdup_printf (_("At %s: %u in flight, %u cores busy"), at, hit->in_flight,
                              hit->busy);
    case LAB_CHART_LANE_NONE:
    case LAB_CHART_LANE_TASK:
    case LAB_CHART_LANE_CORE:
    case LAB_CHART_LANE_UTIL:
    default:
      return NULL;
    }
}
