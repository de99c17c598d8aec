/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-chart-columns-private.h"
#include "lab-chart-layer-private.h"
#include "lab-duration.h"

/*
 * threads-gil: who held the simulated lock, each hold in the identity
 * shade of the task it ran (lab-chart-identity.c), with a tick at every
 * drop request a waiting thread made.
 */

static void
draw_drop_key (cairo_t                   *cr,
               const LabChartLayout      *layout,
               const LabChartLegendEntry *entry,
               double                     x,
               double                     y,
               double                     size)
{
  _lab_chart_set_color (cr, lab_palette_get_identity (layout->palette, 2));
  cairo_rectangle (cr, x, y + size * 0.25, size, size * 0.75);
  cairo_fill (cr);
  _lab_chart_set_color (cr, layout->palette->text);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, x + size / 2, y);
  cairo_line_to (cr, x + size / 2, y + size * 0.6);
  cairo_stroke (cr);
}

static const LabChartLegendEntry drop_entry = {
  /* Translators: legend entry: a tick where a waiting thread asked the GIL's holder to let go */
  N_("GIL drop request"), _lab_chart_legend_label, draw_drop_key, 0
};
static const LabChartLegendEntry *const legend[] = { &_lab_chart_identity_legend, &drop_entry,
                                                     NULL };

static const char *
caption (void)
{
  /* Translators: the lane of who holds the global interpreter lock */
  return _("GIL holder");
}

/* Holds, adjacent ones of one task merged: a thread that takes the lock
 * straight back (nobody waited) held it all along. */
static GArray *
copy_holds (const LabChartPanel *p,
            gint64               edge)
{
  g_autoptr(GArray) holds = lab_trace_copy_lock_holds (p->trace);
  GArray *merged = g_array_new (FALSE, FALSE, sizeof (LabLockHold));

  for (guint i = 0; i < holds->len; i++)
    {
      LabLockHold h = g_array_index (holds, LabLockHold, i);
      LabLockHold *last = merged->len > 0 ? &g_array_index (merged, LabLockHold,
                                                            merged->len - 1) : NULL;

      if (h.begin_ns >= edge)
        break;
      h.end_ns = h.end_ns != 0 ? MIN (h.end_ns, edge) : edge;
      if (last != NULL && last->task == h.task && last->worker == h.worker
          && h.begin_ns - last->end_ns <= 0)
        last->end_ns = MAX (last->end_ns, h.end_ns);
      else
        g_array_append_val (merged, h);
    }
  return merged;
}

/* The top of the lane is the drop requests', the rest the holds'. */
static double
ticks_height (const LabChartBand *band)
{
  return MAX (3.0, round (band->height * 0.3));
}

/* Per pixel column, the task that held the lock longest there, so a lock
 * that changes hands many times a column shows both; wide holds carry
 * their task's number, and a seam where two meet. */
static gboolean
draw_holds (cairo_t              *cr,
            const LabChartLayout *layout,
            const LabChartPanel  *p,
            const LabChartBand   *band,
            GArray               *holds)
{
  LabChartColumnMap map;
  LabChartColumns columns;
  double inset = _lab_chart_lane_inset (band->height);
  double y = band->y + ticks_height (band) + 1;
  double h = band->height - ticks_height (band) - 1 - inset, col_w;
  LabChartColumnGrid grid;
  guint painted = 0;

  _lab_chart_column_map_init (&map, layout, p);
  _lab_chart_columns_init (&columns, 1, map.n_cols, LAB_PALETTE_N_IDENTITY, TRUE);
  for (guint i = 0; i < holds->len; i++)
    {
      const LabLockHold *hold = &g_array_index (holds, LabLockHold, i);
      LabSegment s = { hold->begin_ns, hold->end_ns, hold->task, hold->worker, -1,
                       LAB_STATE_RUNNING };
      double x0, x1;

      if (_lab_chart_column_map_span (&map, hold->begin_ns, hold->end_ns, &x0, &x1))
        _lab_chart_columns_add (&columns, 0, hold->task % LAB_PALETTE_N_IDENTITY, x0, x1, &s);
    }
  col_w = p->axis.plot_width / map.n_cols;
  /* one row */
  grid = (LabChartColumnGrid) { p->axis.plot_x, col_w, y, 0, h };
  painted |= _lab_chart_columns_fill_bars (cr, &columns, _lab_chart_identity_colors (layout),
                                           &grid);
  painted |= _lab_chart_columns_fill (cr, &columns, _lab_chart_identity_colors (layout), -1,
                                      &grid);
  for (guint i = 0; columns.bars[0] != NULL && i < columns.bars[0]->len; i++)
    {
      const LabChartBar *b = &g_array_index (columns.bars[0], LabChartBar, i);
      double x = p->axis.plot_x + b->x0 * col_w;

      const LabChartBar *before = i > 0 ? &g_array_index (columns.bars[0], LabChartBar, i - 1)
                                        : NULL;

      if (before != NULL && before->task != b->task && b->x0 - before->x1 < 0.5f
          && b->x1 - b->x0 >= LAB_CHART_SEAM_MIN_COLUMNS
          && before->x1 - before->x0 >= LAB_CHART_SEAM_MIN_COLUMNS)
        _lab_chart_identity_seam (cr, layout, b->task,
                                  &(cairo_rectangle_t) { p->axis.plot_x + round (b->x0) * col_w,
                                                         y, col_w, h });
      _lab_chart_identity_label (cr, layout, p, b->task,
                                 &(cairo_rectangle_t) { x, y, (b->x1 - b->x0) * col_w, h });
    }
  _lab_chart_columns_clear (&columns);
  return painted != 0;
}

/* The drop requests: a tick above the holds, at most one every 3 px
 * (denser ticks would be a black band). */
static gboolean
draw_requests (cairo_t              *cr,
               const LabChartLayout *layout,
               const LabChartPanel  *p,
               const LabChartBand   *band,
               gint64                edge)
{
  g_autoptr(GArray) requests = lab_trace_copy_lock_requests (p->trace);
  double last_x = -1;
  gboolean any = FALSE;

  cairo_save (cr);
  _lab_chart_set_color (cr, layout->palette->text);
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; i < requests->len; i++)
    {
      const LabLockRequest *r = &g_array_index (requests, LabLockRequest, i);
      double x = round (_lab_chart_abs_to_x (p, r->t_ns)) + 0.5;

      if (r->t_ns > edge || x - last_x < 3 || x < p->axis.plot_x
          || x > p->axis.plot_x + p->axis.plot_width)
        continue;
      cairo_move_to (cr, x, band->y);
      cairo_line_to (cr, x, band->y + ticks_height (band));
      last_x = x;
      any = TRUE;
    }
  cairo_stroke (cr);
  cairo_restore (cr);
  return any;
}

static void
gil_draw (cairo_t              *cr,
          const LabChartLayout *layout,
          const LabChartPanel  *p,
          const LabChartBand   *band,
          LabChartLegend       *seen)
{
  gint64 edge = _lab_chart_draw_edge (layout, p);
  g_autoptr(GArray) holds = copy_holds (p, edge);

  cairo_save (cr);
  cairo_rectangle (cr, p->axis.plot_x, p->y, p->axis.plot_width, p->height);
  cairo_clip (cr);
  /* no track: where nobody holds the lock the lane is empty, as a core
   * lane is where nothing runs (a grey would read as queued) */
  if (draw_holds (cr, layout, p, band, holds))
    _lab_chart_legend_mark (seen, &_lab_chart_identity_legend);
  if (draw_requests (cr, layout, p, band, edge))
    _lab_chart_legend_mark (seen, &drop_entry);
  cairo_restore (cr);
}

static void
gil_hit (const LabChartLayout *layout,
         const LabChartPanel  *p,
         const LabChartBand   *band,
         double                x,
         double                y,
         LabChartHit          *hit)
{
  gint64 edge = _lab_chart_draw_edge (layout, p);
  gint64 t = p->zero_ns + hit->time_ns;
  g_autoptr(GArray) holds = NULL;

  hit->y = band->y;
  hit->height = band->height;
  if (!hit->in_plot || t > edge)
    return;
  holds = copy_holds (p, edge);
  for (guint i = 0; i < holds->len; i++)
    {
      const LabLockHold *h = &g_array_index (holds, LabLockHold, i);

      if (t < h->begin_ns || t > h->end_ns)
        continue;
      hit->has_segment = TRUE;
      hit->segment = (LabSegment) { h->begin_ns, h->end_ns, h->task, h->worker, -1,
                                    LAB_STATE_RUNNING };
      hit->has_item = TRUE;
      hit->x = MAX (_lab_chart_abs_to_x (p, h->begin_ns), p->axis.plot_x);
      hit->width = MAX (MIN (_lab_chart_abs_to_x (p, h->end_ns), p->axis.plot_x + p->axis.plot_width)
                        - hit->x, 1.0);
      return;
    }
}

static char *
gil_describe_hit (const LabChartLayout *layout,
                  const LabChartPanel  *p,
                  const LabChartHit    *hit)
{
  g_autofree char *begin = NULL;
  g_autofree char *end = NULL;
  g_autofree char *length = NULL;

  if (!hit->has_segment)
    return NULL;
  begin = lab_duration_format (hit->segment.begin_ns - p->zero_ns);
  end = lab_duration_format (hit->segment.end_ns - p->zero_ns);
  length = lab_duration_format (hit->segment.end_ns - hit->segment.begin_ns);
  /* Translators: tooltip of the GIL lane: thread (from 1), task (from 1),
   * from when to when and how long */
  return g_strdup_printf (_("Thread %u holds the GIL for task %u\nfrom %s to %s (%s)"),
                          hit->segment.worker + 1, hit->segment.task + 1, begin, end, length);
}

static void
gil_describe (const LabChartLayout *layout,
              const LabChartPanel  *p,
              guint                 max_tasks,
              GString              *out)
{
  gint64 edge = _lab_chart_draw_edge (layout, p);
  g_autoptr(GArray) holds = copy_holds (p, edge);
  g_autoptr(GArray) requests = lab_trace_copy_lock_requests (p->trace);
  guint n_changes = holds->len > 0 ? holds->len - 1 : 0;

  /* Translators: in the chart's description: how often the GIL passed from
   * one thread to another, and how many drop requests the waiting threads made */
  g_string_append_printf (out, ngettext (" The GIL changed hands %u time;",
                                         " The GIL changed hands %u times;", n_changes),
                          n_changes);
  g_string_append_printf (out, ngettext (" waiting threads asked its holder to let go %u time.",
                                         " waiting threads asked its holder to let go %u times.",
                                         requests->len), requests->len);
}

static double
gil_measure (const LabChartLayout *layout,
             const LabChartPanel  *p,
             LabChartDetail        detail)
{
  if (detail == LAB_CHART_DETAIL_FULL)
    return ceil (MAX (layout->lane_min, layout->small_px * 1.8));
  return layout->lane_min;
}

static double
gil_caption_width (const LabChartLayout *layout,
                   const LabChartPanel  *p,
                   const LabChartBand   *band)
{
  return _lab_chart_caption_width (layout, caption (), NULL);
}

static void
gil_draw_caption (cairo_t              *cr,
                  const LabChartLayout *layout,
                  const LabChartPanel  *p,
                  const LabChartBand   *band)
{
  _lab_chart_draw_caption_lines (cr, layout, band, caption (), layout->palette->text,
                                 NULL, layout->palette->text);
}

static const char *
gil_get_title (void)
{
  /* Translators: View menu: the lane of who holds the global interpreter lock */
  return _("GIL Holder");
}

static gboolean
gil_applies (const LabChartPanel *p)
{
  return lab_trace_has_lock (p->trace);
}

const LabChartLayerClass _lab_chart_layer_gil = {
  .id = "gil",
  .get_title = gil_get_title,
  .rows = LAB_CHART_ROWS_NONE,
  .priority = 3,
  .legend = legend,
  .applies = gil_applies,
  .measure = gil_measure,
  .caption_width = gil_caption_width,
  .draw_caption = gil_draw_caption,
  .draw = gil_draw,
  .hit = gil_hit,
  .describe_hit = gil_describe_hit,
  .describe = gil_describe,
};
