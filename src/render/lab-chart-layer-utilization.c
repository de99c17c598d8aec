/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-chart-layer-private.h"
#include "lab-duration.h"

/*
 * Each core's utilization as /proc/stat counted it, every program on the
 * machine included: a band under the core's lane, filled from its bottom
 * as far as the core was busy, over a faint track that marks 100 %.
 */

static void
draw_util_key (cairo_t                   *cr,
               const LabChartLayout      *layout,
               const LabChartLegendEntry *entry,
               double                     x,
               double                     y,
               double                     size)
{
  LabColor track = layout->palette->util;

  track.a *= 0.25;
  _lab_chart_set_color (cr, track);
  cairo_rectangle (cr, x, y + size * 0.2, size, size * 0.6);
  cairo_fill (cr);
  _lab_chart_set_color (cr, layout->palette->util);
  cairo_move_to (cr, x, y + size * 0.8);
  cairo_line_to (cr, x, y + size * 0.5);
  cairo_line_to (cr, x + size * 0.5, y + size * 0.5);
  cairo_line_to (cr, x + size * 0.5, y + size * 0.3);
  cairo_line_to (cr, x + size, y + size * 0.3);
  cairo_line_to (cr, x + size, y + size * 0.8);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static const LabChartLegendEntry util_entry = {
  /* Translators: legend entry: the band under each core lane, from /proc/stat */
  N_("Core busy, all programs"), _lab_chart_legend_label, draw_util_key, 0
};
static const LabChartLegendEntry *const legend[] = { &util_entry, NULL };

/* The band of core row @row: its top and height, within the track. */
static void
row_box (const LabChartPanel *p,
         const LabChartBand  *band,
         guint                row,
         double              *top,
         double              *h)
{
  *top = _lab_chart_band_row_y (p, band, row) + 1;
  *h = MAX (band->height - 2, 1);
}

/* One core's samples as steps; returns whether any was drawn. */
static gboolean
draw_core (cairo_t             *cr,
           const LabChartPanel *p,
           guint                core,
           gint64               edge,
           double               top,
           double               h)
{
  g_autoptr(GArray) samples = lab_trace_copy_utilization (p->trace, core);
  double base = top + h, prev_x = p->axis.plot_x;

  if (samples == NULL || samples->len == 0)
    return FALSE;
  cairo_move_to (cr, prev_x, base);
  for (guint i = 0; i < samples->len; i++)
    {
      const LabUtilSample *s = &g_array_index (samples, LabUtilSample, i);
      double x = _lab_chart_abs_to_x (p, MIN (s->t_ns, edge));
      double y = base - CLAMP (s->busy, 0.f, 1.f) * h;

      cairo_line_to (cr, prev_x, y);
      cairo_line_to (cr, x, y);
      prev_x = x;
      if (s->t_ns > edge)
        break;
    }
  cairo_line_to (cr, prev_x, base);
  cairo_close_path (cr);
  return TRUE;
}

static void
utilization_draw (cairo_t              *cr,
                  const LabChartLayout *layout,
                  const LabChartPanel  *p,
                  const LabChartBand   *band,
                  LabChartLegend       *seen)
{
  guint n_util = lab_trace_get_n_utilization_cores (p->trace);
  gint64 edge = _lab_chart_draw_edge (layout, p);
  LabColor track = layout->palette->util;
  gboolean any = FALSE;

  cairo_save (cr);
  cairo_rectangle (cr, p->axis.plot_x, p->y, p->axis.plot_width, p->height);
  cairo_clip (cr);
  track.a *= 0.25;
  _lab_chart_set_color (cr, track);
  for (guint r = 0; r < p->n_core_rows; r++)
    {
      double top, h;

      row_box (p, band, r, &top, &h);
      cairo_rectangle (cr, p->axis.plot_x, top, p->axis.plot_width, h);
    }
  cairo_fill (cr);

  for (guint r = 0; r < p->n_core_rows; r++)
    {
      guint first = r * p->cores_per_row;
      guint last = MIN (p->n_cores, first + p->cores_per_row);
      double top, h;

      row_box (p, band, r, &top, &h);
      for (guint core = first; core < last && core < n_util; core++)
        if (draw_core (cr, p, core, edge, top, h))
          {
            /* translucent, so the cores of a grouped row add up visibly */
            _lab_chart_set_color (cr, layout->palette->util);
            cairo_fill (cr);
            any = TRUE;
          }
    }
  cairo_restore (cr);
  if (any)
    _lab_chart_legend_mark (seen, &util_entry);
}

/* The sample of @core whose interval holds @t_ns. */
static gboolean
sample_at (LabTrace      *trace,
           guint          core,
           gint64         t_ns,
           LabUtilSample *out,
           gint64        *out_begin_ns)
{
  g_autoptr(GArray) samples = lab_trace_copy_utilization (trace, core);

  for (guint i = 0; samples != NULL && i < samples->len; i++)
    {
      const LabUtilSample *s = &g_array_index (samples, LabUtilSample, i);

      if (s->t_ns >= t_ns)
        {
          *out = *s;
          *out_begin_ns = i > 0 ? g_array_index (samples, LabUtilSample, i - 1).t_ns : 0;
          return i > 0;
        }
    }
  return FALSE;
}

static void
utilization_hit (const LabChartLayout *layout,
                 const LabChartPanel  *p,
                 const LabChartBand   *band,
                 double                x,
                 double                y,
                 LabChartHit          *hit)
{
  LabUtilSample sample;
  gint64 begin;

  /* the box row_box() draws: a pixel inside the band, a pixel high at least */
  _lab_chart_hit_core_row (p, band, y, 1, hit);
  hit->height = MAX (hit->height, 1);
  if (!hit->in_plot || hit->first >= lab_trace_get_n_utilization_cores (p->trace)
      || !sample_at (p->trace, hit->first, p->zero_ns + hit->time_ns, &sample, &begin)
      || sample.t_ns > _lab_chart_draw_edge (layout, p))
    return;
  hit->has_item = TRUE;
  hit->x = MAX (_lab_chart_abs_to_x (p, begin), p->axis.plot_x);
  hit->width = MAX (MIN (_lab_chart_abs_to_x (p, sample.t_ns), p->axis.plot_x + p->axis.plot_width)
                    - hit->x, 1.0);
}

static char *
utilization_describe_hit (const LabChartLayout *layout,
                          const LabChartPanel  *p,
                          const LabChartHit    *hit)
{
  GString *text = g_string_new (NULL);

  for (guint core = hit->first; core <= hit->last; core++)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      LabUtilSample sample;
      gint64 begin;

      if (!sample_at (p->trace, core, p->zero_ns + hit->time_ns, &sample, &begin))
        continue;
      from = lab_duration_format (begin - p->zero_ns);
      to = lab_duration_format (sample.t_ns - p->zero_ns);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: tooltip of a core's utilization band: core, percent busy
       * (every program on the machine counted), from when to when */
      g_string_append_printf (text, _("Core %u busy %.0f %% from %s to %s (all programs)"),
                              core, CLAMP (sample.busy, 0.f, 1.f) * 100.0, from, to);
    }
  if (text->len == 0)
    return g_string_free (text, TRUE);
  return g_string_free (text, FALSE);
}

static const char *
utilization_get_title (void)
{
  /* Translators: View menu: how busy each CPU core was, from /proc/stat */
  return _("Core Utilization");
}

static gboolean
utilization_applies (const LabChartPanel *p)
{
  return lab_trace_has_utilization (p->trace);
}

const LabChartLayerClass _lab_chart_layer_utilization = {
  .id = "utilization",
  .get_title = utilization_get_title,
  .rows = LAB_CHART_ROWS_CORES,
  .row_share = 0.3,
  .legend = legend,
  .applies = utilization_applies,
  .draw = utilization_draw,
  .hit = utilization_hit,
  .describe_hit = utilization_describe_hit,
};
