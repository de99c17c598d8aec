/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-chart-columns-private.h"
#include "lab-chart-layer-private.h"
#include "lab-chart-spans-private.h"
#include "lab-duration.h"

/*
 * The core lanes: which task computed on which core, measured by
 * sched_getcpu() while it ran, each task in its identity shade with its
 * number written in (lab-chart-identity.c), never in a state's colour.
 * An idle core is an empty lane.
 */

static const LabChartLegendEntry *const legend[] = { &_lab_chart_identity_legend, NULL };

typedef struct
{
  const LabChartLayout *layout;
  const LabChartPanel  *panel;
  const LabChartBand   *band;
  LabChartColumnMap     map;
  LabChartColumns       columns;
} Pass;

static gpointer
cores_pass_begin (const LabChartLayout *layout,
                  const LabChartPanel  *p,
                  const LabChartBand   *band)
{
  Pass *pass = g_new0 (Pass, 1);

  pass->layout = layout;
  pass->panel = p;
  pass->band = band;
  _lab_chart_column_map_init (&pass->map, layout, p);
  _lab_chart_columns_init (&pass->columns, p->n_core_rows, pass->map.n_cols,
                           LAB_PALETTE_N_IDENTITY, p->cores_per_row == 1);
  return pass;
}

static void
cores_pass_segment (gpointer          data,
                    const LabSegment *s)
{
  Pass *pass = data;
  const LabChartPanel *p = pass->panel;
  double x0, x1;

  if (s->state != LAB_STATE_RUNNING || s->core < 0 || (guint) s->core >= p->n_cores
      || s->task >= p->n_tasks
      || !_lab_chart_column_map_span (&pass->map, s->begin_ns, s->end_ns, &x0, &x1))
    return;
  _lab_chart_columns_add (&pass->columns, (guint) s->core / p->cores_per_row,
                          s->task % LAB_PALETTE_N_IDENTITY, x0, x1, s);
}

/* Seams where two tasks' bars meet, and the task's number inside. */
static void
mark_bars (cairo_t              *cr,
           const LabChartLayout *layout,
           const LabChartPanel  *p,
           const LabChartBand   *band,
           LabChartColumns      *c,
           double                col_w,
           double                inset)
{
  for (guint r = 0; c->bars != NULL && r < c->n_rows; r++)
    {
      double y = _lab_chart_band_row_y (p, band, r) + inset, h = band->height - 2 * inset;

      for (guint i = 0; c->bars[r] != NULL && i < c->bars[r]->len; i++)
        {
          const LabChartBar *b = &g_array_index (c->bars[r], LabChartBar, i);
          double x = p->axis.plot_x + b->x0 * col_w;

          if (i > 0)
            {
              const LabChartBar *before = &g_array_index (c->bars[r], LabChartBar, i - 1);

              if (before->task != b->task && b->x0 - before->x1 < 0.5f
                  && b->x1 - b->x0 >= LAB_CHART_SEAM_MIN_COLUMNS
                  && before->x1 - before->x0 >= LAB_CHART_SEAM_MIN_COLUMNS)
                _lab_chart_identity_seam (cr, layout, b->task,
                                          &(cairo_rectangle_t) {
                                            p->axis.plot_x + round (b->x0) * col_w, y, col_w, h });
            }
          _lab_chart_identity_label (cr, layout, p, b->task,
                                     &(cairo_rectangle_t) { x, y, (b->x1 - b->x0) * col_w, h });
        }
    }
}

static void
cores_pass_draw (gpointer        data,
                 cairo_t        *cr,
                 LabChartLegend *seen)
{
  Pass *pass = data;
  const LabChartLayout *layout = pass->layout;
  const LabChartPanel *p = pass->panel;
  const LabChartBand *band = pass->band;
  const LabColor *colors = _lab_chart_identity_colors (layout);
  double inset = _lab_chart_lane_inset (band->height);
  double y = band->y + inset, h = band->height - 2 * inset;
  double col_w = p->axis.plot_width / pass->map.n_cols;
  LabChartColumnGrid grid = { p->axis.plot_x, col_w, y, p->core_pitch, h };
  guint painted = 0;

  cairo_save (cr);
  cairo_rectangle (cr, p->axis.plot_x, p->y, p->axis.plot_width, p->height);
  cairo_clip (cr);
  if (pass->columns.bars != NULL)
    painted |= _lab_chart_columns_fill_bars (cr, &pass->columns, colors, &grid);
  painted |= _lab_chart_columns_fill (cr, &pass->columns, colors, -1, &grid);
  mark_bars (cr, layout, p, band, &pass->columns, col_w, inset);
  cairo_restore (cr);
  if (painted != 0)
    _lab_chart_legend_mark (seen, &_lab_chart_identity_legend);
  _lab_chart_columns_clear (&pass->columns);
  g_free (pass);
}

/* Hit test */

typedef struct
{
  gint            core_min, core_max;
  LabChartNearest nearest;
} Search;

static gboolean
on_search_segment_cb (const LabSegment *s,
                      gpointer          user_data)
{
  Search *search = user_data;

  if (s->state != LAB_STATE_RUNNING || s->core < search->core_min || s->core > search->core_max)
    return TRUE;
  return _lab_chart_nearest_offer (&search->nearest, s);
}

static void
cores_hit (const LabChartLayout *layout,
           const LabChartPanel  *p,
           const LabChartBand   *band,
           double                x,
           double                y,
           LabChartHit          *hit)
{
  Search search = { 0 };
  g_autoptr(GArray) spans = NULL;

  _lab_chart_hit_core_row (p, band, y, _lab_chart_lane_inset (band->height), hit);
  if (!hit->in_plot)
    return;
  search.core_min = (gint) hit->first;
  search.core_max = (gint) hit->last;
  _lab_chart_nearest_init (&search.nearest, layout, p, hit);
  lab_trace_foreach_segment (p->trace, on_search_segment_cb, &search);
  if (!_lab_chart_nearest_found (&search.nearest))
    return;

  /* the task's computation on these cores, its slices merged */
  spans = _lab_chart_core_spans (p->trace, search.nearest.segment.task, search.core_min,
                                 search.core_max, search.nearest.edge_ns);
  _lab_chart_nearest_to_hit (&search.nearest, p, spans, hit);
}

static char *
cores_describe_hit (const LabChartLayout *layout,
                    const LabChartPanel  *p,
                    const LabChartHit    *hit)
{
  g_autofree char *label = _lab_chart_core_row_label (p, hit->first / p->cores_per_row);
  g_autofree char *task = NULL;
  g_autofree char *begin = NULL;
  g_autofree char *end = NULL;
  g_autofree char *length = NULL;

  if (!hit->has_segment)
    return NULL;
  task = _lab_chart_dup_task_name (p, hit->segment.task, FALSE);
  begin = lab_duration_format (hit->segment.begin_ns - p->zero_ns);
  end = lab_duration_format (hit->segment.end_ns - p->zero_ns);
  length = lab_duration_format (hit->segment.end_ns - hit->segment.begin_ns);
  /* Translators: tooltip of a core lane: the core, the task ("Task 2") that
   * computed there, from when to when and how long */
  return g_strdup_printf (_("%s\n%s computed from %s to %s (%s)"), label, task, begin, end,
                          length);
}

/* Per core row: how long something computed there, and which tasks. */
typedef struct
{
  const LabChartPanel *panel;
  gint64               edge_ns;
  gint64              *busy_ns;
  GArray             **tasks;     /* per row: distinct tasks, in order of first appearance */
} Tally;

static gboolean
on_tally_segment_cb (const LabSegment *s,
                     gpointer          user_data)
{
  Tally *tally = user_data;
  const LabChartPanel *p = tally->panel;
  GArray *tasks;
  guint row;

  if (s->state != LAB_STATE_RUNNING || s->core < 0 || (guint) s->core >= p->n_cores
      || s->begin_ns >= tally->edge_ns)
    return TRUE;
  row = (guint) s->core / p->cores_per_row;
  tally->busy_ns[row] += MIN (s->end_ns, tally->edge_ns) - s->begin_ns;
  tasks = tally->tasks[row];
  for (guint i = 0; i < tasks->len; i++)
    if (g_array_index (tasks, guint32, i) == s->task)
      return TRUE;
  /* a few are named; the count is all the description needs beyond */
  if (tasks->len < 64)
    g_array_append_val (tasks, s->task);
  return TRUE;
}

static void
cores_describe (const LabChartLayout *layout,
                const LabChartPanel  *p,
                guint                 max_tasks,
                GString              *out)
{
  Tally tally = { p, _lab_chart_draw_edge (layout, p) };

  tally.busy_ns = g_new0 (gint64, p->n_core_rows);
  tally.tasks = g_new0 (GArray *, p->n_core_rows);
  for (guint r = 0; r < p->n_core_rows; r++)
    tally.tasks[r] = g_array_new (FALSE, FALSE, sizeof (guint32));
  lab_trace_foreach_segment (p->trace, on_tally_segment_cb, &tally);
  for (guint r = 0; r < p->n_core_rows; r++)
    {
      g_autofree char *label = _lab_chart_core_row_label (p, r);
      g_autofree char *busy = lab_duration_format (tally.busy_ns[r]);
      GArray *tasks = tally.tasks[r];

      if (tasks->len == 0)
        /* Translators: in the chart's description: a core that ran none of the tasks */
        g_string_append_printf (out, _(" %s ran no task."), label);
      else
        {
          /* Translators: in the chart's description: "Core 0 computed for 2.00 s: tasks" then numbers */
          g_string_append_printf (out, _(" %s computed for %s: tasks"), label, busy);
          for (guint i = 0; i < tasks->len && i < MAX (max_tasks, 1); i++)
            g_string_append_printf (out, "%s %u", i > 0 ? "," : "",
                                    g_array_index (tasks, guint32, i) + 1);
          if (tasks->len > MAX (max_tasks, 1))
            g_string_append (out, " …");
          g_string_append_c (out, '.');
        }
      g_array_unref (tasks);
    }
  g_free (tally.tasks);
  g_free (tally.busy_ns);
}

static const char *
cores_get_title (void)
{
  /* Translators: View menu: which task ran on which CPU core */
  return _("Core Lanes");
}

/* Another tool's trace says nothing of cores. */
static gboolean
cores_applies (const LabChartPanel *p)
{
  return _lab_chart_panel_measured_cores (p);
}

const LabChartLayerClass _lab_chart_layer_cores = {
  .id = "cores",
  .applies = cores_applies,
  .get_title = cores_get_title,
  .rows = LAB_CHART_ROWS_CORES,
  .row_share = 1.0,
  .legend = legend,
  .pass_begin = cores_pass_begin,
  .pass_segment = cores_pass_segment,
  .pass_draw = cores_pass_draw,
  .hit = cores_hit,
  .describe_hit = cores_describe_hit,
  .describe = cores_describe,
};
