/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <string.h>

#include "lab-chart-layer-private.h"

/**
 * lab_chart_options_init:
 * @options: (out caller-allocates): options to fill
 * @width: the chart's width, in cairo user units
 * @height: its height
 *
 * Light theme, one shared time axis, everything visible, stamp and
 * comparison bars shown, no fade, font scale 1, scale 1, every layer, no
 * cache.
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
  options->layers = LAB_CHART_LAYERS_ALL;
}

void
_lab_chart_set_color (cairo_t  *cr,
                      LabColor  color)
{
  cairo_set_source_rgba (cr, color.r, color.g, color.b, color.a);
}

/* The layers of one panel that read every segment, in one pass. */
typedef struct
{
  const LabChartLayerClass *klass[LAB_CHART_MAX_BANDS];
  gpointer                  state[LAB_CHART_MAX_BANDS];
  guint                     n;
} SharedPass;

static gboolean
on_shared_segment_cb (const LabSegment *s,
                      gpointer          user_data)
{
  SharedPass *pass = user_data;

  for (guint i = 0; i < pass->n; i++)
    pass->klass[i]->pass_segment (pass->state[i], s);
  return TRUE;
}

/* The panel's bands: captions in the label column, data in the plot. */
static void
draw_bands (cairo_t              *cr,
            const LabChartLayout *layout,
            const LabChartPanel  *p,
            LabChartLegend       *legend)
{
  SharedPass pass = { { NULL }, { NULL }, 0 };
  gpointer states[LAB_CHART_MAX_BANDS] = { NULL };

  if (p->error != NULL || p->axis.end_ns <= p->axis.begin_ns)
    return;
  for (guint b = 0; b < p->n_bands; b++)
    if (p->bands[b].klass->pass_begin != NULL)
      {
        states[b] = p->bands[b].klass->pass_begin (layout, p, &p->bands[b]);
        pass.klass[pass.n] = p->bands[b].klass;
        pass.state[pass.n++] = states[b];
      }
  if (pass.n > 0)
    lab_trace_foreach_segment (p->trace, on_shared_segment_cb, &pass);
  for (guint b = 0; b < p->n_bands; b++)
    {
      const LabChartBand *band = &p->bands[b];

      if (band->klass->draw_caption != NULL)
        band->klass->draw_caption (cr, layout, p, band);
      if (states[b] != NULL)
        band->klass->pass_draw (states[b], cr, legend);
      else
        band->klass->draw (cr, layout, p, band, legend);
    }
}

/**
 * _lab_chart_draw_layout:
 * @cr: where to draw, with (0, 0) at the chart's top left
 * @layout: the chart's layout, with its options
 *
 * The drawing of lab_chart_draw() (without a baseline), from a layout made
 * by the caller.
 */
void
_lab_chart_draw_layout (cairo_t              *cr,
                        const LabChartLayout *layout)
{
  const LabChartOptions *options = &layout->options;
  LabChartLegend legend;

  _lab_chart_legend_init (&legend, layout);
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
      legend.panel_seen = 0;
      draw_bands (cr, layout, p, &legend);
      _lab_chart_draw_row_labels (cr, layout, p,
                                  _lab_chart_legend_in_panel (&legend, &_lab_chart_identity_legend));
    }
  _lab_chart_draw_decorations (cr, layout);
  _lab_chart_legend_draw (cr, &legend);
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
  _lab_chart_draw_layout (cr, layout);
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

/* The band under @y: a task row, a part of a core row, or a strip. */
static const LabChartBand *
find_band (const LabChartPanel *p,
           double               y)
{
  for (guint b = 0; b < p->n_bands; b++)
    {
      const LabChartBand *band = &p->bands[b];
      double top = band->y, bottom = band->y + band->height;

      switch (band->klass->rows)
        {
        case LAB_CHART_ROWS_TASKS:
          bottom = p->task_y + p->n_task_rows * p->task_h;
          break;
        case LAB_CHART_ROWS_CORES:
          if (y < p->core_y || y >= p->core_y + p->n_core_rows * p->core_pitch)
            continue;
          /* the same part of whichever row y is in */
          top += floor ((y - p->core_y) / p->core_pitch) * p->core_pitch;
          bottom = top + band->height;
          break;
        case LAB_CHART_ROWS_NONE:
        default:
          break;
        }
      if (y >= top && y < bottom)
        return band;
    }
  return NULL;
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
  const LabChartBand *band;
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
  band = p->error == NULL ? find_band (p, y) : NULL;
  if (band != NULL)
    {
      hit->layer = band->klass->id != NULL ? band->klass->id : "tasks";
      band->klass->hit (layout, p, band, x, y, hit);
    }
  if (!hit->has_item)
    hit->x = hit->width = 0;
  if (!hit->has_item && hit->layer == NULL)
    hit->y = hit->height = 0;
  return TRUE;
}

static const LabChartBand *
band_of_hit (const LabChartPanel *p,
             const LabChartHit   *hit)
{
  for (guint b = 0; b < p->n_bands; b++)
    {
      const char *id = p->bands[b].klass->id != NULL ? p->bands[b].klass->id : "tasks";

      if (g_strcmp0 (id, hit->layer) == 0)
        return &p->bands[b];
    }
  return NULL;
}

/**
 * lab_chart_describe_hit:
 * @comparison: the comparison hit
 * @options: as drawn
 * @hit: from lab_chart_hit_test() with the same arguments
 *
 * Returns: (transfer full) (nullable): "Model — what lies there", for a
 *   tooltip; %NULL where nothing is drawn under the point
 */
char *
lab_chart_describe_hit (LabComparison         *comparison,
                        const LabChartOptions *options,
                        const LabChartHit     *hit)
{
  g_autoptr(LabChartLayout) layout = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  const LabChartPanel *p;
  const LabChartBand *band;

  g_return_val_if_fail (comparison != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (hit != NULL, NULL);

  if (!hit->has_item || hit->layer == NULL)
    return NULL;
  layout = _lab_chart_layout_new (comparison, options);
  if (hit->panel >= layout->n_panels)
    return NULL;
  p = &layout->panels[hit->panel];
  band = band_of_hit (p, hit);
  if (band == NULL || band->klass->describe_hit == NULL)
    return NULL;
  text = band->klass->describe_hit (layout, p, hit);
  if (text == NULL)
    return NULL;
  name = _lab_chart_dup_model_name (layout, hit->panel);
  return g_strdup_printf ("%s — %s", name, text);
}

/**
 * lab_chart_describe:
 * @comparison: a comparison, maybe still running
 * @options: as drawn: the layers chosen say what is described
 * @max_tasks: how many tasks of each panel to tell in detail
 *
 * Returns: (transfer full): a sentence per panel and per layer
 */
char *
lab_chart_describe (LabComparison         *comparison,
                    const LabChartOptions *options,
                    guint                  max_tasks)
{
  g_autoptr(LabChartLayout) layout = NULL;
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (comparison != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  layout = _lab_chart_layout_new (comparison, options);
  for (guint i = 0; i < layout->n_panels; i++)
    {
      const LabChartPanel *p = &layout->panels[i];
      g_autofree char *name = _lab_chart_dup_model_name (layout, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s.", name);
      if (p->error != NULL)
        {
          g_string_append_printf (text, " %s", p->error);
          continue;
        }
      for (guint b = 0; b < p->n_bands; b++)
        if (p->bands[b].klass->describe != NULL)
          p->bands[b].klass->describe (layout, p, max_tasks, text);
    }
  return g_string_free (text, FALSE);
}
