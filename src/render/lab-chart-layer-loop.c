/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-chart-layer-private.h"
#include "lab-clock.h"
#include "lab-duration.h"

/*
 * The event loop's health (event-loop, loop-offload): the loop lag as a
 * sawtooth (a callback that ran L late had been due since L before: the
 * lag grew from 0 to L meanwhile), the ready queue as a step line, and a
 * band naming the task on every callback that blocked the loop over 10 ms.
 * The labels say the peaks measured, not a rounded scale.
 */

static const LabChartLegendEntry *const legend[] = { NULL };

static const char *
lag_caption (void)
{
  /* Translators: how late the event loop ran callbacks that were due */
  return _("Loop lag");
}

static const char *
queue_caption (void)
{
  /* Translators: callbacks due and waiting for the event loop */
  return _("Ready queue");
}

static LabColor
lag_color (const LabChartLayout *layout)
{
  /* a due callback not run yet is a task `ready`: the lag is that state's time */
  return layout->palette->states[LAB_STATE_READY];
}

static LabColor
queue_color (const LabChartLayout *layout)
{
  return layout->palette->text;
}

/* Per column: the lag's sawtooth and the longest queue. */
static void
loop_columns (const LabChartPanel *p,
              gint64               edge,
              GArray              *samples,
              guint                n_cols,
              double              *lag,
              double              *queue)
{
  double col_w = p->axis.plot_width / n_cols;
  double ns_per_col = (double) (p->axis.end_ns - p->axis.begin_ns) / n_cols;

  for (guint i = 0; i < samples->len; i++)
    {
      const LabLoopSample *s = &g_array_index (samples, LabLoopSample, i);
      gint64 bucket = s->t_ns - s->t_ns % LAB_LOOP_BUCKET_NS;
      double c_end = (_lab_chart_abs_to_x (p, s->t_ns) - p->axis.plot_x) / col_w;
      double c_begin = (_lab_chart_abs_to_x (p, s->t_ns - s->lag_ns) - p->axis.plot_x) / col_w;
      double q0 = (_lab_chart_abs_to_x (p, bucket) - p->axis.plot_x) / col_w;
      double q1 = (_lab_chart_abs_to_x (p, bucket + LAB_LOOP_BUCKET_NS) - p->axis.plot_x) / col_w;

      if (s->t_ns > edge)
        continue;
      for (gint64 c = MAX ((gint64) floor (c_begin), 0); c <= (gint64) c_end && c < n_cols; c++)
        {
          /* the lag at the column's right edge, or at the sample */
          double t = MIN ((double) c + 1, c_end);
          double v = (double) s->lag_ns - (c_end - t) * ns_per_col;

          lag[c] = MAX (lag[c], v);
        }
      for (gint64 c = MAX ((gint64) floor (q0), 0); c < (gint64) ceil (q1) && c < n_cols; c++)
        queue[c] = MAX (queue[c], s->ready);
    }
}

/* The peaks of the run up to @edge: what the labels say. */
static void
peaks (GArray *samples,
       gint64  edge,
       gint64 *max_lag,
       guint  *max_ready)
{
  *max_lag = 0;
  *max_ready = 0;
  for (guint i = 0; i < samples->len; i++)
    {
      const LabLoopSample *s = &g_array_index (samples, LabLoopSample, i);

      if (s->t_ns > edge)
        break;
      *max_lag = MAX (*max_lag, s->lag_ns);
      *max_ready = MAX (*max_ready, s->ready);
    }
}

static void
draw_blocks (cairo_t              *cr,
             const LabChartLayout *layout,
             const LabChartPanel  *p,
             const LabChartBand   *band,
             GArray               *blocks,
             gint64                edge)
{
  for (guint i = 0; i < blocks->len; i++)
    {
      const LabLoopBlock *b = &g_array_index (blocks, LabLoopBlock, i);
      double x0 = _lab_chart_abs_to_x (p, b->begin_ns);
      double x1 = _lab_chart_abs_to_x (p, MIN (b->end_ns, edge));
      LabColor tint = layout->palette->failed;

      if (b->begin_ns >= edge)
        continue;
      tint.a = 0.16;
      _lab_chart_set_color (cr, tint);
      cairo_rectangle (cr, x0, band->y, MAX (x1 - x0, 1), band->height);
      cairo_fill (cr);
      _lab_chart_set_color (cr, layout->palette->failed);
      cairo_rectangle (cr, round (x0), band->y, 1.5, band->height);
      cairo_fill (cr);
    }
}

static void
draw_curves (cairo_t              *cr,
             const LabChartLayout *layout,
             const LabChartPanel  *p,
             const LabChartBand   *band,
             const double         *lag,
             const double         *queue,
             guint                 n_cols,
             double                lag_scale,
             double                queue_scale)
{
  double col_w = p->axis.plot_width / n_cols;
  double top = band->y + 2, base = band->y + band->height - 1, h = base - top;
  LabColor area = lag_color (layout);

  /* lag: a filled sawtooth */
  cairo_move_to (cr, p->axis.plot_x, base);
  for (guint c = 0; c < n_cols; c++)
    cairo_line_to (cr, p->axis.plot_x + (c + 1) * col_w, base - MIN (lag[c] / lag_scale, 1) * h);
  cairo_line_to (cr, p->axis.plot_x + n_cols * col_w, base);
  cairo_close_path (cr);
  area.a = 0.45;
  _lab_chart_set_color (cr, area);
  cairo_fill_preserve (cr);
  _lab_chart_set_color (cr, lag_color (layout));
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  /* the ready queue: a step line on its own scale */
  cairo_move_to (cr, p->axis.plot_x, base - queue[0] / queue_scale * h);
  for (guint c = 0; c < n_cols; c++)
    {
      double y = base - queue[c] / queue_scale * h;

      cairo_line_to (cr, p->axis.plot_x + c * col_w, y);
      cairo_line_to (cr, p->axis.plot_x + (c + 1) * col_w, y);
    }
  _lab_chart_set_color (cr, queue_color (layout));
  cairo_set_line_width (cr, 1.2);
  cairo_stroke (cr);
}

static void
loop_draw (cairo_t              *cr,
           const LabChartLayout *layout,
           const LabChartPanel  *p,
           const LabChartBand   *band,
           LabChartLegend       *seen)
{
  g_autoptr(GArray) samples = lab_trace_copy_loop_samples (p->trace);
  g_autoptr(GArray) blocks = lab_trace_copy_loop_blocks (p->trace);
  guint n_cols = _lab_chart_n_columns (layout, p);
  g_autofree double *lag = g_new0 (double, n_cols);
  g_autofree double *queue = g_new0 (double, n_cols);
  gint64 edge = _lab_chart_draw_edge (layout, p);
  g_autofree char *lag_text = NULL;
  g_autofree char *lag_value = NULL;
  g_autofree char *queue_text = NULL;
  LabChartPlacer placer;
  gint64 max_lag;
  guint max_ready;

  loop_columns (p, edge, samples, n_cols, lag, queue);
  peaks (samples, edge, &max_lag, &max_ready);

  cairo_save (cr);
  cairo_rectangle (cr, p->axis.plot_x, p->y, p->axis.plot_width, p->height);
  cairo_clip (cr);
  _lab_chart_draw_track (cr, layout, p, band);
  draw_blocks (cr, layout, p, band, blocks, edge);
  /* Headroom over the peaks keeps the curves clear of their labels; a
   * wake-up's 0.1 ms stays flat on at least a 10 ms scale. */
  draw_curves (cr, layout, p, band, lag, queue, n_cols,
               MAX ((double) max_lag, 10.0 * LAB_NS_PER_MS) * 1.3, MAX (max_ready, 1) * 1.3);

  _lab_chart_placer_init (&placer, layout, p, band);
  lag_value = lab_duration_format (max_lag);
  /* Translators: the loop lag's label: the largest lag measured */
  lag_text = g_strdup_printf (_("lag up to %s"), lag_value);
  _lab_chart_placer_add (&placer, cr, lag_text, p->axis.plot_x, band->y, 0, lag_color (layout));
  /* Translators: the ready queue's label: the longest queue measured */
  queue_text = g_strdup_printf (ngettext ("up to %u task ready", "up to %u tasks ready", max_ready),
                                max_ready);
  _lab_chart_placer_add (&placer, cr, queue_text, p->axis.plot_x + p->axis.plot_width, band->y, 1,
                         queue_color (layout));

  /* what blocked, where there is room */
  for (guint i = 0; i < blocks->len; i++)
    {
      const LabLoopBlock *b = &g_array_index (blocks, LabLoopBlock, i);
      g_autofree char *dur = lab_duration_format (b->end_ns - b->begin_ns);
      g_autofree char *text = NULL;

      if (b->end_ns > edge)
        continue;
      /* Translators: a marker on a callback that kept the event loop busy:
       * task number (from 1) and for how long */
      text = g_strdup_printf (_("task %u blocked %s"), b->task + 1, dur);
      _lab_chart_placer_add (&placer, cr, text, _lab_chart_abs_to_x (p, b->begin_ns) + 4,
                             band->y + band->height, 0, layout->palette->failed);
    }
  cairo_restore (cr);
}

static void
loop_hit (const LabChartLayout *layout,
          const LabChartPanel  *p,
          const LabChartBand   *band,
          double                x,
          double                y,
          LabChartHit          *hit)
{
  hit->y = band->y;
  hit->height = band->height;
  if (!hit->in_plot || p->zero_ns + hit->time_ns > _lab_chart_draw_edge (layout, p))
    return;
  hit->has_item = TRUE;
  hit->x = floor (x);
  hit->width = 1;
}

static char *
loop_describe_hit (const LabChartLayout *layout,
                   const LabChartPanel  *p,
                   const LabChartHit    *hit)
{
  g_autoptr(GArray) samples = lab_trace_copy_loop_samples (p->trace);
  g_autoptr(GArray) blocks = lab_trace_copy_loop_blocks (p->trace);
  guint n_cols = _lab_chart_n_columns (layout, p);
  g_autofree double *lag = g_new0 (double, n_cols);
  g_autofree double *queue = g_new0 (double, n_cols);
  gint64 t = p->zero_ns + hit->time_ns;
  gint64 c = (gint64) floor ((_lab_chart_time_to_x (p, hit->time_ns) - p->axis.plot_x)
                             / (p->axis.plot_width / n_cols));
  g_autofree char *at = lab_duration_format (hit->time_ns);
  g_autofree char *lag_text = NULL;
  GString *text = g_string_new (NULL);

  if (!hit->has_item)
    return g_string_free (text, TRUE);
  loop_columns (p, _lab_chart_draw_edge (layout, p), samples, n_cols, lag, queue);
  c = CLAMP (c, 0, (gint64) n_cols - 1);
  lag_text = lab_duration_format ((gint64) lag[c]);
  /* Translators: tooltip of the loop strip: time, loop lag, number of callbacks due */
  g_string_printf (text, ngettext ("At %s: loop lag %s, %u task ready",
                                   "At %s: loop lag %s, %u tasks ready", (gulong) queue[c]),
                   at, lag_text, (guint) queue[c]);
  for (guint i = 0; i < blocks->len; i++)
    {
      const LabLoopBlock *b = &g_array_index (blocks, LabLoopBlock, i);

      if (t >= b->begin_ns && t <= b->end_ns)
        {
          g_autofree char *dur = lab_duration_format (b->end_ns - b->begin_ns);

          /* Translators: second line of the loop strip's tooltip */
          g_string_append_printf (text, _("\nTask %u blocked the loop for %s"), b->task + 1, dur);
        }
    }
  return g_string_free (text, FALSE);
}

static void
loop_describe (const LabChartLayout *layout,
               const LabChartPanel  *p,
               guint                 max_tasks,
               GString              *out)
{
  g_autoptr(GArray) samples = lab_trace_copy_loop_samples (p->trace);
  g_autoptr(GArray) blocks = lab_trace_copy_loop_blocks (p->trace);
  g_autofree char *lag = NULL;
  gint64 max_lag;
  guint max_ready;

  peaks (samples, _lab_chart_draw_edge (layout, p), &max_lag, &max_ready);
  lag = lab_duration_format (max_lag);
  /* Translators: in the chart's description: the event loop's largest lag and longest queue */
  g_string_append_printf (out, ngettext (" The loop ran callbacks up to %s late, with up to %u task ready.",
                                         " The loop ran callbacks up to %s late, with up to %u tasks ready.",
                                         max_ready), lag, max_ready);
  for (guint i = 0; i < blocks->len && i < MAX (max_tasks, 1); i++)
    {
      const LabLoopBlock *b = &g_array_index (blocks, LabLoopBlock, i);
      g_autofree char *dur = lab_duration_format (b->end_ns - b->begin_ns);

      /* Translators: in the chart's description: a callback that blocked the event loop */
      g_string_append_printf (out, _(" Task %u blocked the loop for %s."), b->task + 1, dur);
    }
}

static double
loop_measure (const LabChartLayout *layout,
              const LabChartPanel  *p,
              LabChartDetail        detail)
{
  double line = ceil (layout->small_px * 1.25);

  return detail == LAB_CHART_DETAIL_FULL ? 4 * line : 2 * line + 4;
}

static double
loop_caption_width (const LabChartLayout *layout,
                    const LabChartPanel  *p,
                    const LabChartBand   *band)
{
  return _lab_chart_caption_width (layout, lag_caption (), queue_caption ());
}

static void
loop_draw_caption (cairo_t              *cr,
                   const LabChartLayout *layout,
                   const LabChartPanel  *p,
                   const LabChartBand   *band)
{
  _lab_chart_draw_caption_lines (cr, layout, band, lag_caption (), lag_color (layout),
                                 queue_caption (), queue_color (layout));
}

static const char *
loop_get_title (void)
{
  /* Translators: View menu: the event loop's lag, ready queue and blocking callbacks */
  return _("Loop Health");
}

static gboolean
loop_applies (const LabChartPanel *p)
{
  return lab_trace_has_loop_health (p->trace);
}

const LabChartLayerClass _lab_chart_layer_loop = {
  .id = "loop",
  .get_title = loop_get_title,
  .rows = LAB_CHART_ROWS_NONE,
  .priority = 2,
  .legend = legend,
  .applies = loop_applies,
  .measure = loop_measure,
  .caption_width = loop_caption_width,
  .draw_caption = loop_draw_caption,
  .draw = loop_draw,
  .hit = loop_hit,
  .describe_hit = loop_describe_hit,
  .describe = loop_describe,
};
