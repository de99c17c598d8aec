/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-chart-cache-private.h"
#include "lab-chart-layer-private.h"
#include "lab-duration.h"
#include "lab-memory-figures.h"

/*
 * What each model held in memory over its run (lab-memory-sampler.c):
 * this program and its worker processes, resident (RSS, a filled step
 * line) and proportional (PSS, a dashed line). Every panel of a chart
 * draws on one scale, so that a model that holds fifty times more shows
 * fifty times higher. A sample holds until the next; one that could not
 * be read (a process vanished, a file was unreadable) leaves a hatched
 * gap until the next measured one, never a line across. The labels say
 * the peaks measured.
 */

static void
hatch (cairo_t  *cr,
       LabColor  color,
       double    x,
       double    y,
       double    w,
       double    h)
{
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  color.a *= 0.5;
  _lab_chart_set_color (cr, color);
  cairo_set_line_width (cr, 1);
  for (double d = -h; d < w; d += 5)
    {
      cairo_move_to (cr, x + d, y + h);
      cairo_line_to (cr, x + d + h, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_gap_key (cairo_t                   *cr,
              const LabChartLayout      *layout,
              const LabChartLegendEntry *entry,
              double                     x,
              double                     y,
              double                     size)
{
  hatch (cr, layout->palette->dim_text, x, y + size * 0.2, size, size * 0.6);
}

static const LabChartLegendEntry gap_entry = {
  /* Translators: legend entry: a stretch of the memory strip where a
   * process could not be read */
  N_("Memory not measured"), _lab_chart_legend_label, draw_gap_key, 0
};
static const LabChartLegendEntry *const legend[] = { &gap_entry, NULL };

/* The figures read every segment once: a chart drawn many times (the
 * window) keeps them in its cache. */
static gpointer
figures_compute (LabTrace *trace)
{
  LabMemoryFigures *f = g_atomic_rc_box_new0 (LabMemoryFigures);

  lab_memory_figures_compute (trace, f);
  return f;
}

static void
figures_unref (gpointer f)
{
  g_atomic_rc_box_release (f);
}

static LabMemoryFigures *
figures_get (const LabChartLayout *layout,
             const LabChartPanel  *p)
{
  return _lab_chart_cache_get (layout->options.cache, p->trace, "memory", figures_compute,
                               g_atomic_rc_box_acquire, figures_unref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabMemoryFigures, figures_unref)

static const char *
rss_caption (void)
{
  /* Translators: the memory strip's first line: resident set size */
  return _("Memory (RSS)");
}

static const char *
pss_caption (void)
{
  /* Translators: the memory strip's second line: proportional set size,
   * drawn as a dashed line */
  return _("PSS, dashed");
}

static gboolean
is_gap (const LabMemorySample *m)
{
  return m->rss_bytes == LAB_MEMORY_NOT_MEASURED;
}

/* The largest RSS any panel of the chart measured: the strips' one scale. */
static gint64
chart_peak (const LabChartLayout *layout)
{
  gint64 peak = 0;

  for (guint i = 0; i < layout->n_panels; i++)
    {
      g_autoptr(GArray) samples = lab_trace_copy_memory (layout->panels[i].trace);

      for (guint k = 0; k < samples->len; k++)
        peak = MAX (peak, g_array_index (samples, LabMemorySample, k).rss_bytes);
    }
  return MAX (peak, 1);
}

/* Where sample @i holds: from its time to the next sample's, or to the
 * end of what is drawn. */
static void
sample_span (const LabChartPanel *p,
             GArray              *samples,
             guint                i,
             gint64               edge,
             double              *x0,
             double              *x1)
{
  const LabMemorySample *m = &g_array_index (samples, LabMemorySample, i);
  gint64 next = i + 1 < samples->len ? g_array_index (samples, LabMemorySample, i + 1).t_ns
                                     : MIN (edge, p->live_end_ns);

  *x0 = _lab_chart_abs_to_x (p, m->t_ns);
  *x1 = _lab_chart_abs_to_x (p, MIN (MAX (next, m->t_ns), edge));
}

/* The steps of one figure (RSS or PSS), broken at every gap. */
static void
trace_steps (cairo_t             *cr,
             const LabChartPanel *p,
             GArray              *samples,
             gint64               edge,
             gboolean             pss,
             double               base,
             double               h,
             double               scale,
             gboolean             closed)
{
  gboolean open = FALSE;
  double last_x = 0;

  for (guint i = 0; i < samples->len; i++)
    {
      const LabMemorySample *m = &g_array_index (samples, LabMemorySample, i);
      gint64 value = pss ? m->pss_bytes : m->rss_bytes;
      double x0, x1, y;

      if (m->t_ns > edge)
        break;
      sample_span (p, samples, i, edge, &x0, &x1);
      if (is_gap (m) || value == LAB_MEMORY_NOT_MEASURED)
        {
          if (open && closed)
            {
              cairo_line_to (cr, last_x, base);
              cairo_close_path (cr);
            }
          open = FALSE;
          continue;
        }
      y = base - MIN ((double) value / scale, 1.0) * h;
      if (!open)
        cairo_move_to (cr, x0, closed ? base : y);
      cairo_line_to (cr, x0, y);
      cairo_line_to (cr, x1, y);
      open = TRUE;
      last_x = x1;
    }
  if (open && closed)
    {
      cairo_line_to (cr, last_x, base);
      cairo_close_path (cr);
    }
}

/* Hatches every stretch a gap sample holds; returns whether there was one. */
static gboolean
draw_gaps (cairo_t              *cr,
           const LabChartLayout *layout,
           const LabChartPanel  *p,
           const LabChartBand   *band,
           GArray               *samples,
           gint64                edge)
{
  gboolean any = FALSE;

  for (guint i = 0; i < samples->len; i++)
    {
      const LabMemorySample *m = &g_array_index (samples, LabMemorySample, i);
      double x0, x1;

      if (m->t_ns > edge)
        break;
      if (!is_gap (m))
        continue;
      sample_span (p, samples, i, edge, &x0, &x1);
      hatch (cr, layout->palette->dim_text, x0, band->y + 1, MAX (x1 - x0, 1), band->height - 2);
      any = TRUE;
    }
  return any;
}

static void
draw_labels (cairo_t              *cr,
             const LabChartLayout *layout,
             const LabChartPanel  *p,
             const LabChartBand   *band)
{
  g_autoptr(LabMemoryFigures) f = figures_get (layout, p);
  LabChartPlacer placer;
  g_autofree char *rss = NULL;
  g_autofree char *rss_text = NULL;

  _lab_chart_placer_init (&placer, layout, p, band);
  if (!f->measured)
    {
      /* Translators: on the memory strip where no sample could be read */
      _lab_chart_placer_add (&placer, cr, _("not measured"), p->axis.plot_x, band->y, 0,
                             layout->palette->dim_text);
      return;
    }
  rss = g_format_size (f->peak_rss_bytes);
  /* Translators: the memory strip's label: the most resident memory measured */
  rss_text = g_strdup_printf (_("up to %s RSS"), rss);
  _lab_chart_placer_add (&placer, cr, rss_text, p->axis.plot_x, band->y, 0,
                         layout->palette->text);
  if (f->per_task_bytes != LAB_MEMORY_NOT_MEASURED)
    {
      g_autofree char *per_task = g_format_size (f->per_task_bytes);
      /* Translators: the memory strip's label: growth per task in flight */
      g_autofree char *text = g_strdup_printf (_("%s a task"), per_task);

      _lab_chart_placer_add (&placer, cr, text, p->axis.plot_x + p->axis.plot_width, band->y, 1,
                             layout->palette->text);
    }
}

static void
memory_draw (cairo_t              *cr,
             const LabChartLayout *layout,
             const LabChartPanel  *p,
             const LabChartBand   *band,
             LabChartLegend       *seen)
{
  g_autoptr(GArray) samples = lab_trace_copy_memory (p->trace);
  gint64 edge = _lab_chart_draw_edge (layout, p);
  double top = band->y + 2, base = band->y + band->height - 1, h = base - top;
  /* Headroom over the highest peak keeps the steps clear of the labels. */
  double scale = (double) chart_peak (layout) * 1.3;
  LabColor area = layout->palette->text;
  static const double dash[] = { 4, 3 };

  cairo_save (cr);
  cairo_rectangle (cr, p->axis.plot_x, p->y, p->axis.plot_width, p->height);
  cairo_clip (cr);
  _lab_chart_draw_track (cr, layout, p, band);
  if (draw_gaps (cr, layout, p, band, samples, edge))
    _lab_chart_legend_mark (seen, &gap_entry);

  trace_steps (cr, p, samples, edge, FALSE, base, h, scale, TRUE);
  area.a = 0.18;
  _lab_chart_set_color (cr, area);
  cairo_fill (cr);
  trace_steps (cr, p, samples, edge, FALSE, base, h, scale, FALSE);
  _lab_chart_set_color (cr, layout->palette->text);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  trace_steps (cr, p, samples, edge, TRUE, base, h, scale, FALSE);
  _lab_chart_set_color (cr, layout->palette->dim_text);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_line_width (cr, 1.2);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  draw_labels (cr, layout, p, band);
  cairo_restore (cr);
}

/* The sample that holds at @t_ns (absolute); -1 before the first. */
static gint
sample_at (GArray *samples,
           gint64  t_ns)
{
  gint found = -1;

  for (guint i = 0; i < samples->len; i++)
    {
      if (g_array_index (samples, LabMemorySample, i).t_ns > t_ns)
        break;
      found = (gint) i;
    }
  return found;
}

static void
memory_hit (const LabChartLayout *layout,
            const LabChartPanel  *p,
            const LabChartBand   *band,
            double                x,
            double                y,
            LabChartHit          *hit)
{
  g_autoptr(GArray) samples = lab_trace_copy_memory (p->trace);
  gint64 edge = _lab_chart_draw_edge (layout, p);
  gint i = sample_at (samples, p->zero_ns + hit->time_ns);
  double x0, x1;

  hit->y = band->y;
  hit->height = band->height;
  if (!hit->in_plot || i < 0 || p->zero_ns + hit->time_ns > edge)
    return;
  sample_span (p, samples, (guint) i, edge, &x0, &x1);
  hit->has_item = TRUE;
  hit->x = MAX (x0, p->axis.plot_x);
  hit->width = MAX (MIN (x1, p->axis.plot_x + p->axis.plot_width) - hit->x, 1.0);
}

static char *
memory_describe_hit (const LabChartLayout *layout,
                     const LabChartPanel  *p,
                     const LabChartHit    *hit)
{
  g_autoptr(GArray) samples = lab_trace_copy_memory (p->trace);
  gint i = sample_at (samples, p->zero_ns + hit->time_ns);
  const LabMemorySample *m;
  g_autofree char *at = NULL;
  g_autofree char *rss = NULL;
  GString *text;

  if (!hit->has_item || i < 0)
    return NULL;
  m = &g_array_index (samples, LabMemorySample, i);
  at = lab_duration_format (m->t_ns - p->zero_ns);
  if (is_gap (m))
    /* Translators: tooltip of the memory strip where a sample could not be read */
    return g_strdup_printf (_("At %s: not measured (a process could not be read)"), at);

  rss = g_format_size (m->rss_bytes);
  text = g_string_new (NULL);
  /* Translators: tooltip of the memory strip: time, resident memory */
  g_string_printf (text, _("At %s: %s resident (RSS)"), at, rss);
  if (m->pss_bytes != LAB_MEMORY_NOT_MEASURED)
    {
      g_autofree char *pss = g_format_size (m->pss_bytes);

      /* Translators: continues the memory strip's tooltip */
      g_string_append_printf (text, _(", %s proportional (PSS)"), pss);
    }
  if (m->n_workers > 0)
    {
      g_autofree char *workers = g_format_size (m->workers_rss_bytes);

      /* Translators: second line of the memory strip's tooltip: how many
       * worker processes, and their resident memory together */
      g_string_append_printf (text, ngettext ("\n%u worker process: %s of it",
                                              "\n%u worker processes: %s of it", m->n_workers),
                              m->n_workers, workers);
    }
  return g_string_free (text, FALSE);
}

static void
memory_describe (const LabChartLayout *layout,
                 const LabChartPanel  *p,
                 guint                 max_tasks,
                 GString              *out)
{
  g_autoptr(LabMemoryFigures) f = figures_get (layout, p);
  g_autofree char *rss = NULL;

  if (!f->measured)
    {
      /* Translators: in the chart's description */
      g_string_append (out, _(" Its memory was not measured."));
      return;
    }
  rss = g_format_size (f->peak_rss_bytes);
  /* Translators: in the chart's description: the most resident memory */
  g_string_append_printf (out, _(" It held up to %s of resident memory"), rss);
  if (f->per_task_bytes != LAB_MEMORY_NOT_MEASURED)
    {
      g_autofree char *per_task = g_format_size (f->per_task_bytes);

      /* Translators: continues the sentence above: bytes per task in flight */
      g_string_append_printf (out, _(", %s for each task in flight"), per_task);
    }
  g_string_append_c (out, '.');
}

static double
memory_measure (const LabChartLayout *layout,
                const LabChartPanel  *p,
                LabChartDetail        detail)
{
  double line = ceil (layout->small_px * 1.25);

  return detail == LAB_CHART_DETAIL_FULL ? 4 * line : 2 * line + 4;
}

static double
memory_caption_width (const LabChartLayout *layout,
                      const LabChartPanel  *p,
                      const LabChartBand   *band)
{
  return _lab_chart_caption_width (layout, rss_caption (), pss_caption ());
}

static void
memory_draw_caption (cairo_t              *cr,
                     const LabChartLayout *layout,
                     const LabChartPanel  *p,
                     const LabChartBand   *band)
{
  _lab_chart_draw_caption_lines (cr, layout, band, rss_caption (), layout->palette->text,
                                 pss_caption (), layout->palette->dim_text);
}

static const char *
memory_get_title (void)
{
  /* Translators: View menu: what each model held in memory over its run */
  return _("Memory");
}

static gboolean
memory_applies (const LabChartPanel *p)
{
  return lab_trace_has_memory (p->trace);
}

const LabChartLayerClass _lab_chart_layer_memory = {
  .id = "memory",
  .get_title = memory_get_title,
  .rows = LAB_CHART_ROWS_NONE,
  .priority = 4,
  .legend = legend,
  .applies = memory_applies,
  .measure = memory_measure,
  .caption_width = memory_caption_width,
  .draw_caption = memory_draw_caption,
  .draw = memory_draw,
  .hit = memory_hit,
  .describe_hit = memory_describe_hit,
  .describe = memory_describe,
};
