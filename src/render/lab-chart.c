/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <string.h>

#include "lab-chart-private.h"

/**
 * lab_chart_options_init:
 * @options: (out caller-allocates): options to fill
 * @width: the chart's width, in cairo user units
 * @height: its height
 *
 * Light theme, one shared time axis, everything visible, stamp and
 * comparison bars shown, no fade, font scale 1, scale 1.
 */
void
lab_chart_options_init (LabChartOptions *options,
                        double           width,
                        double           height)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->width = width;
  options->height = height;
  options->theme = LAB_THEME_LIGHT;
  options->show_stamp = TRUE;
  options->show_comparison = TRUE;
  options->font_scale = 1.0;
  options->scale = 1.0;
}

void
_lab_chart_set_color (cairo_t  *cr,
                      LabColor  color)
{
  cairo_set_source_rgba (cr, color.r, color.g, color.b, color.a);
}

/**
 * lab_chart_draw:
 * @cr: where to draw, with (0, 0) at the chart's top left
 * @comparison: the traces, one panel each; may still be recording
 * @options: size, theme and view
 *
 * Draws the whole chart within (0, 0)–(width, height) of @cr's user space
 * and nothing outside it.
 */
void
lab_chart_draw (cairo_t               *cr,
                LabComparison         *comparison,
                const LabChartOptions *options)
{
  g_autoptr(LabChartLayout) layout = NULL;
  guint states_seen = 0;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (comparison != NULL);
  g_return_if_fail (options != NULL);

  if (options->width <= 0 || options->height <= 0)
    return;
  if (options->baseline != NULL)
    {
      _lab_chart_draw_what_if (cr, comparison, options);
      return;
    }
  layout = _lab_chart_layout_new (comparison, options);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, options->width, options->height);
  cairo_clip (cr);
  if (!options->transparent)
    {
      _lab_chart_set_color (cr, layout->palette->background);
      cairo_paint (cr);
    }
  if (options->fade > 0)
    cairo_push_group (cr);

  for (guint i = 0; i < layout->n_panels; i++)
    {
      const LabChartPanel *p = &layout->panels[i];

      if (!p->drawn)
        continue;
      _lab_chart_draw_panel_frame (cr, layout, p, i);
      _lab_chart_draw_lanes (cr, layout, p, &states_seen);
      _lab_chart_draw_strips (cr, layout, p);
    }
  _lab_chart_draw_decorations (cr, layout, states_seen);
  if (options->replaying)
    _lab_chart_draw_replay (cr, layout);

  if (options->fade > 0)
    {
      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, 1.0 - 0.65 * CLAMP (options->fade, 0.0, 1.0));
    }
  cairo_restore (cr);
}

/**
 * lab_chart_get_axis:
 * @comparison: a comparison
 * @options: as drawn
 * @panel: a trace's index
 * @fit: the axis with everything visible, whatever @options' view says
 * @axis: (out): the time axis of that panel
 *
 * Times on the axis are relative to the panel's own start (its trace's
 * begin), so models run one after another line up at zero; with all
 * models run at once that is the comparison's start.
 *
 * Returns: %FALSE where @panel is not drawn
 */
gboolean
lab_chart_get_axis (LabComparison         *comparison,
                    const LabChartOptions *options,
                    guint                  panel,
                    gboolean               fit,
                    LabChartAxis          *axis)
{
  g_autoptr(LabChartLayout) layout = NULL;

  g_return_val_if_fail (comparison != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (axis != NULL, FALSE);

  layout = _lab_chart_layout_new (comparison, options);
  if (panel >= layout->n_panels || !layout->panels[panel].drawn)
    return FALSE;
  *axis = fit ? layout->panels[panel].fit_axis : layout->panels[panel].axis;
  return TRUE;
}

static gboolean
find_panel (const LabChartLayout *layout,
            double                y,
            guint                *index)
{
  for (guint i = 0; i < layout->n_panels; i++)
    {
      const LabChartPanel *p = &layout->panels[i];

      if (p->drawn && y >= p->y && y < p->y + p->height)
        {
          *index = i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * lab_chart_panel_at:
 * @comparison: a comparison
 * @options: as drawn
 * @y: a vertical position
 * @panel: (out): the trace's index
 *
 * Returns: %FALSE where no panel is at @y
 */
gboolean
lab_chart_panel_at (LabComparison         *comparison,
                    const LabChartOptions *options,
                    double                 y,
                    guint                 *panel)
{
  g_autoptr(LabChartLayout) layout = NULL;
  guint index;

  g_return_val_if_fail (comparison != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  layout = _lab_chart_layout_new (comparison, options);
  if (!find_panel (layout, y, &index))
    return FALSE;
  if (panel != NULL)
    *panel = index;
  return TRUE;
}

typedef struct
{
  const LabChartPanel *panel;
  LabChartHit         *hit;
  double               x;        /* the point */
  double               tolerance;  /* slivers are drawn a column wide: find them there */
  double               best;     /* distance of the best match so far; 0 is inside */
} HitSearch;

static gboolean
on_hit_segment_cb (const LabSegment *s,
                   gpointer          user_data)
{
  HitSearch *h = user_data;
  const LabChartPanel *p = h->panel;
  gint64 end = MIN (s->end_ns, p->live_end_ns);
  double x0, x1, distance;

  if (h->hit->lane == LAB_CHART_LANE_TASK)
    {
      if (s->task < h->hit->task_first || s->task > h->hit->task_last)
        return TRUE;
    }
  else if (s->state != LAB_STATE_RUNNING || s->core < (gint) h->hit->core
           || s->core >= (gint) (h->hit->core + p->cores_per_row))
    return TRUE;

  x0 = _lab_chart_time_to_x (p, s->begin_ns - p->zero_ns);
  x1 = _lab_chart_time_to_x (p, end - p->zero_ns);
  distance = h->x < x0 ? x0 - h->x : h->x > x1 ? h->x - x1 : 0;
  if (distance <= h->tolerance && distance < h->best)
    {
      h->best = distance;
      h->hit->segment = *s;
      h->hit->has_segment = TRUE;
    }
  return h->best > 0;
}

static void
find_lane (const LabChartPanel *p,
           double               y,
           LabChartHit         *hit)
{
  double pitch = p->core_h + p->util_h;

  if (p->error != NULL)
    return;
  if (y >= p->task_y && y < p->task_y + p->n_task_rows * p->task_h)
    {
      guint row = (guint) ((y - p->task_y) / p->task_h);

      hit->lane = LAB_CHART_LANE_TASK;
      hit->task_first = row * p->tasks_per_row;
      hit->task_last = MIN (p->n_tasks, hit->task_first + p->tasks_per_row) - 1;
      hit->y = p->task_y + row * p->task_h + _lab_chart_lane_inset (p->task_h);
      hit->height = p->task_h - 2 * _lab_chart_lane_inset (p->task_h);
    }
  else if (y >= p->core_y && y < p->core_y + p->n_core_rows * pitch)
    {
      guint row = (guint) ((y - p->core_y) / pitch);

      hit->core = row * p->cores_per_row;
      hit->lane = y - p->core_y - row * pitch < p->core_h ? LAB_CHART_LANE_CORE
                                                          : LAB_CHART_LANE_UTIL;
      hit->y = p->core_y + row * pitch + _lab_chart_lane_inset (p->core_h);
      hit->height = p->core_h - 2 * _lab_chart_lane_inset (p->core_h);
    }
}

/**
 * lab_chart_hit_test:
 * @comparison: a comparison
 * @options: as drawn
 * @x: a point of the chart
 * @y: a point of the chart
 * @hit: (out): what lies there
 *
 * Returns: %FALSE where the point is over no panel
 */
gboolean
lab_chart_hit_test (LabComparison         *comparison,
                    const LabChartOptions *options,
                    double                 x,
                    double                 y,
                    LabChartHit           *hit)
{
  g_autoptr(LabChartLayout) layout = NULL;
  const LabChartPanel *p;
  guint index;

  g_return_val_if_fail (comparison != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  memset (hit, 0, sizeof *hit);
  layout = _lab_chart_layout_new (comparison, options);
  if (!find_panel (layout, y, &index))
    return FALSE;
  p = &layout->panels[index];
  hit->panel = index;
  hit->in_plot = x >= p->axis.plot_x && x <= p->axis.plot_x + p->axis.plot_width;
  hit->time_ns = _lab_chart_x_to_time (p, x);
  find_lane (p, y, hit);
  if (hit->lane == LAB_CHART_LANE_NONE)
    _lab_chart_strips_hit (p, x, y, hit);

  if (hit->in_plot && (hit->lane == LAB_CHART_LANE_TASK || hit->lane == LAB_CHART_LANE_CORE))
    {
      HitSearch search = { p, hit, x, 1.0, G_MAXDOUBLE };
      double x0, x1;

      lab_trace_foreach_segment (p->trace, on_hit_segment_cb, &search);
      if (hit->has_segment)
        {
          x0 = _lab_chart_time_to_x (p, hit->segment.begin_ns - p->zero_ns);
          x1 = _lab_chart_time_to_x (p, MIN (hit->segment.end_ns, p->live_end_ns) - p->zero_ns);
          x0 = MAX (x0, p->axis.plot_x);
          x1 = MIN (x1, p->axis.plot_x + p->axis.plot_width);
          hit->x = x0;
          hit->width = MAX (x1 - x0, 1.0);
        }
    }
  if (!hit->has_segment && !hit->has_strip)
    hit->x = hit->width = 0;
  if (!hit->has_segment && hit->lane == LAB_CHART_LANE_NONE)
    hit->y = hit->height = 0;
  return TRUE;
}
