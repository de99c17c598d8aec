/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-analysis.h"
#include "lab-chart-cache-private.h"
#include "lab-chart-layer-private.h"
#include "lab-duration.h"

/*
 * Tasks in flight against cores busy (every panel, from lab-analysis.c):
 * cores busy as an area, tasks in flight as a line, and Amdahl's limit
 * from the measured serial fraction as a dashed line. The scale is a
 * count; a line marks this machine's cores, and the labels say the peaks
 * measured.
 */

static const LabChartLegendEntry *const legend[] = { NULL };

/* The curves and figures of a trace: computing them sorts every segment,
 * too slow to repeat for each frame and each hover, so a chart drawn many
 * times keeps them in its cache. */
/* What a trace's lanes are, to name what is in flight. */
typedef enum
{
  LANES_TASKS,              /* a run of our workload */
  LANES_THREADS,            /* a traced program or another tool's file */
  LANES_THREADS_AND_TASKS,  /* a traced program with its asyncio tasks */
} Lanes;

typedef struct
{
  GArray          *steps;     /* of LabFlightStep */
  LabTraceAnalysis analysis;
  Lanes            lanes;
} Flight;

static void
flight_free (Flight *f)
{
  g_array_unref (f->steps);
}

static Lanes
lanes_of (LabTrace *trace)
{
  LabObserved *roster = lab_trace_get_observed (trace);

  if (roster == NULL)
    return LANES_TASKS;
  for (guint32 t = 0; t < lab_trace_get_n_tasks (trace); t++)
    {
      LabObservedTask task;
      gboolean async = FALSE;

      if (lab_observed_copy_task (roster, t, &task))
        {
          async = task.kind == LAB_OBSERVED_ASYNC_TASK;
          lab_observed_task_clear (&task);
        }
      if (async)
        return LANES_THREADS_AND_TASKS;
    }
  return LANES_THREADS;
}

static gpointer
flight_compute (LabTrace *trace)
{
  Flight *f = g_atomic_rc_box_new0 (Flight);

  f->steps = lab_analysis_flight_steps (trace);
  lab_analysis_compute (trace, &f->analysis);
  f->lanes = lanes_of (trace);
  return f;
}

static void
flight_unref (gpointer f)
{
  g_atomic_rc_box_release_full (f, (GDestroyNotify) flight_free);
}

static Flight *
flight_get (const LabChartLayout *layout,
            const LabChartPanel  *p)
{
  return _lab_chart_cache_get (layout->options.cache, p->trace, "flight", flight_compute,
                               g_atomic_rc_box_acquire, flight_unref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Flight, flight_unref)

static const char *
flight_caption (void)
{
  /* Translators: tasks begun and not yet finished */
  return _("In flight");
}

static const char *
busy_caption (void)
{
  /* Translators: CPU cores running a task */
  return _("Cores busy");
}

static LabColor
busy_color (const LabChartLayout *layout)
{
  /* cores busy are the `running` state counted over the cores */
  return layout->palette->states[LAB_STATE_RUNNING];
}

static LabColor
flight_color (const LabChartLayout *layout)
{
  return layout->palette->text;
}

/* Per pixel column, the time-weighted mean of busy and of in flight: the
 * OS slices a loaded core many times a pixel, and the mean is what the
 * column showed over its time. */
static void
flight_columns (const LabChartPanel *p,
                gint64               edge,
                GArray              *steps,
                guint                n_cols,
                double              *busy,
                double              *flight)
{
  double ns_per_col = (double) (p->axis.end_ns - p->axis.begin_ns) / n_cols;
  gint64 end_rel = edge - p->zero_ns;

  for (guint i = 0; i < steps->len; i++)
    {
      const LabFlightStep *s = &g_array_index (steps, LabFlightStep, i);
      gint64 next = i + 1 < steps->len ? g_array_index (steps, LabFlightStep, i + 1).t_ns : end_rel;
      double c0 = (double) (s->t_ns - p->axis.begin_ns) / ns_per_col;
      double c1 = (double) (MIN (next, end_rel) - p->axis.begin_ns) / ns_per_col;

      c0 = MAX (c0, 0);
      c1 = MIN (c1, (double) n_cols);
      for (double c = floor (c0); c < c1; c++)
        {
          double part = MIN (c + 1, c1) - MAX (c, c0);

          busy[(guint) c] += s->busy * part;
          flight[(guint) c] += s->in_flight * part;
        }
    }
}

typedef struct
{
  double scale;         /* the count at the top of the strip */
  double flight_scale;  /* in flight's own, where tasks outnumber cores by far */
  guint  max_busy;
  guint  max_flight;
} Scales;

static void
choose_scales (const LabChartPanel *p,
               const Flight        *f,
               gint64               edge,
               Scales              *s)
{
  gint64 end_rel = edge - p->zero_ns;

  s->max_busy = s->max_flight = 0;
  for (guint i = 0; i < f->steps->len; i++)
    {
      const LabFlightStep *step = &g_array_index (f->steps, LabFlightStep, i);

      if (step->t_ns > end_rel)
        break;
      s->max_busy = MAX (s->max_busy, step->busy);
      s->max_flight = MAX (s->max_flight, step->in_flight);
    }
  s->scale = MAX (MAX (p->n_cores, s->max_busy), 1);
  if (isfinite (f->analysis.amdahl_limit) && f->analysis.amdahl_limit <= 4 * s->scale)
    s->scale = MAX (s->scale, f->analysis.amdahl_limit);
  /* 100,000 tasks in flight would flatten two busy cores: a scale of their own */
  if (s->max_flight > 4 * s->scale)
    s->flight_scale = s->max_flight;
  else
    s->flight_scale = s->scale = MAX (s->scale, s->max_flight);
  /* headroom, so the peaks stay clear of the labels at the top */
  s->scale *= 1.15;
  s->flight_scale *= 1.15;
}

static void
draw_curves (cairo_t              *cr,
             const LabChartLayout *layout,
             const LabChartPanel  *p,
             const LabChartBand   *band,
             const Flight         *f,
             const Scales         *s,
             gint64                edge)
{
  guint n_cols = _lab_chart_n_columns (layout, p);
  g_autofree double *busy = g_new0 (double, n_cols);
  g_autofree double *flight = g_new0 (double, n_cols);
  double col_w = p->axis.plot_width / n_cols;
  double base = band->y + band->height - 1, h = base - band->y - 2;
  double last_x = _lab_chart_abs_to_x (p, edge) - p->axis.plot_x;
  guint n_drawn = (guint) CLAMP (ceil (last_x / col_w), 0, n_cols);
  LabColor area = busy_color (layout);

  flight_columns (p, edge, f->steps, n_cols, busy, flight);

  /* busy cores, an area */
  cairo_move_to (cr, p->axis.plot_x, base);
  for (guint c = 0; c < n_drawn; c++)
    {
      double y = base - MIN (busy[c] / s->scale, 1) * h;

      cairo_line_to (cr, p->axis.plot_x + c * col_w, y);
      cairo_line_to (cr, p->axis.plot_x + (c + 1) * col_w, y);
    }
  cairo_line_to (cr, p->axis.plot_x + n_drawn * col_w, base);
  cairo_close_path (cr);
  /* opaque: a paler blue would read as waiting for I/O */
  _lab_chart_set_color (cr, area);
  cairo_fill (cr);

  /* tasks in flight, a line */
  for (guint c = 0; c < n_drawn; c++)
    {
      double y = base - MIN (flight[c] / s->flight_scale, 1) * h;

      if (c == 0)
        cairo_move_to (cr, p->axis.plot_x, y);
      cairo_line_to (cr, p->axis.plot_x + (c + 1) * col_w, y);
    }
  /* a halo of the panel's colour keeps the line readable over the area */
  _lab_chart_set_color (cr, layout->palette->panel);
  cairo_set_line_width (cr, 3.5);
  cairo_stroke_preserve (cr);
  _lab_chart_set_color (cr, flight_color (layout));
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
}

/* A horizontal line at count @v: dashed for Amdahl, dotted for the cores. */
static double
draw_level (cairo_t              *cr,
            const LabChartPanel  *p,
            const LabChartBand   *band,
            double                v,
            double                scale,
            LabColor              color,
            double                dash)
{
  double base = band->y + band->height - 1, h = base - band->y - 2;
  double y = round (base - v / scale * h) + 0.5;

  cairo_save (cr);
  _lab_chart_set_color (cr, color);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, &dash, 1, 0);
  cairo_move_to (cr, p->axis.plot_x, y);
  cairo_line_to (cr, p->axis.plot_x + p->axis.plot_width, y);
  cairo_stroke (cr);
  cairo_restore (cr);
  return y;
}

static void
draw_labels (cairo_t              *cr,
             const LabChartLayout *layout,
             const LabChartPanel  *p,
             const LabChartBand   *band,
             const Flight         *f,
             const Scales         *s,
             double                cores_y,
             double                amdahl_y)
{
  double line = layout->small_px * layout->line_ratio;
  double right = p->axis.plot_x + p->axis.plot_width;
  g_autofree char *peak = NULL;
  g_autofree char *cores = NULL;
  LabChartPlacer placer;

  _lab_chart_placer_init (&placer, layout, p, band);
  if (f->lanes == LANES_THREADS)
    /* Translators: the in-flight curve's label for a traced program: the most of its threads
     * begun and not yet ended at once */
    peak = g_strdup_printf (ngettext ("up to %u thread at once", "up to %u threads at once",
                                      s->max_flight), s->max_flight);
  else if (f->lanes == LANES_THREADS_AND_TASKS)
    /* Translators: the same, for a traced program's threads and asyncio tasks together */
    peak = g_strdup_printf (ngettext ("up to %u thread or task at once",
                                      "up to %u threads and tasks at once", s->max_flight),
                            s->max_flight);
  else
    /* Translators: the in-flight curve's label: the most tasks in flight at once */
    peak = g_strdup_printf (ngettext ("up to %u task in flight", "up to %u tasks in flight",
                                      s->max_flight), s->max_flight);
  _lab_chart_placer_add (&placer, cr, peak, p->axis.plot_x, band->y, 0, flight_color (layout));
  if (amdahl_y >= 0)
    {
      /* Translators: the dashed line of the speedup Amdahl's law allows,
       * then the measured serial fraction in percent */
      g_autofree char *text = g_strdup_printf (_("Amdahl limit %.2f× (serial %.0f %%)"),
                                               f->analysis.amdahl_limit,
                                               f->analysis.serial_fraction * 100);

      if (!_lab_chart_placer_add (&placer, cr, text, right, amdahl_y - line, 1,
                                  layout->palette->ideal))
        _lab_chart_placer_add (&placer, cr, text, right, amdahl_y + 2, 1, layout->palette->ideal);
    }
  /* Translators: the dotted line at this machine's number of cores */
  cores = g_strdup_printf (ngettext ("%u core", "%u cores", p->n_cores), p->n_cores);
  if (!_lab_chart_placer_add (&placer, cr, cores, p->axis.plot_x + p->axis.plot_width * 0.5,
                              cores_y - line, 0.5, layout->palette->dim_text))
    _lab_chart_placer_add (&placer, cr, cores, p->axis.plot_x + p->axis.plot_width * 0.5,
                           cores_y + 2, 0.5, layout->palette->dim_text);
}

static void
flight_draw (cairo_t              *cr,
             const LabChartLayout *layout,
             const LabChartPanel  *p,
             const LabChartBand   *band,
             LabChartLegend       *seen)
{
  g_autoptr(Flight) f = flight_get (layout, p);
  gint64 edge = _lab_chart_draw_edge (layout, p);
  double cores_y, amdahl_y = -1;
  Scales s;

  choose_scales (p, f, edge, &s);
  cairo_save (cr);
  cairo_rectangle (cr, p->axis.plot_x, p->y, p->axis.plot_width, p->height);
  cairo_clip (cr);
  _lab_chart_draw_track (cr, layout, p, band);
  draw_curves (cr, layout, p, band, f, &s, edge);
  cores_y = draw_level (cr, p, band, p->n_cores, s.scale, layout->palette->dim_text, 1.5);
  if (isfinite (f->analysis.amdahl_limit) && f->analysis.amdahl_limit * 1.15 <= s.scale)
    amdahl_y = draw_level (cr, p, band, f->analysis.amdahl_limit, s.scale,
                           layout->palette->ideal, MAX (3.0, layout->small_px * 0.35));
  draw_labels (cr, layout, p, band, f, &s, cores_y, amdahl_y);
  cairo_restore (cr);
}

/* The step in force at @t_ns (relative to the panel's zero); NULL before
 * the first. */
static const LabFlightStep *
step_at (const Flight *f,
         gint64        t_ns)
{
  const LabFlightStep *found = NULL;

  for (guint i = 0; i < f->steps->len && g_array_index (f->steps, LabFlightStep, i).t_ns <= t_ns; i++)
    found = &g_array_index (f->steps, LabFlightStep, i);
  return found;
}

static void
flight_hit (const LabChartLayout *layout,
            const LabChartPanel  *p,
            const LabChartBand   *band,
            double                x,
            double                y,
            LabChartHit          *hit)
{
  g_autoptr(Flight) f = NULL;

  hit->y = band->y;
  hit->height = band->height;
  if (!hit->in_plot || p->zero_ns + hit->time_ns > _lab_chart_draw_edge (layout, p))
    return;
  f = flight_get (layout, p);
  if (step_at (f, hit->time_ns) == NULL)
    return;
  hit->has_item = TRUE;
  hit->x = floor (x);
  hit->width = 1;
}

static char *
flight_describe_hit (const LabChartLayout *layout,
                     const LabChartPanel  *p,
                     const LabChartHit    *hit)
{
  g_autoptr(Flight) f = flight_get (layout, p);
  const LabFlightStep *step = step_at (f, hit->time_ns);
  g_autofree char *at = lab_duration_format (hit->time_ns);

  if (!hit->has_item || step == NULL)
    return NULL;
  if (isfinite (f->analysis.amdahl_limit))
    /* Translators: tooltip of the in-flight strip: time, tasks in flight, cores busy, Amdahl's limit */
    return g_strdup_printf (_("At %s: %u in flight, %u cores busy\nAmdahl limit %.2f×"),
                            at, step->in_flight, step->busy, f->analysis.amdahl_limit);
  /* Translators: tooltip of the in-flight strip: time, tasks in flight, cores busy */
  return g_strdup_printf (_("At %s: %u in flight, %u cores busy"), at, step->in_flight, step->busy);
}

static void
flight_describe (const LabChartLayout *layout,
                 const LabChartPanel  *p,
                 guint                 max_tasks,
                 GString              *out)
{
  g_autoptr(Flight) f = flight_get (layout, p);

  if (f->lanes == LANES_TASKS)
    /* Translators: in the chart's description: the most tasks in flight and cores busy at
     * once, and the average of each */
    g_string_append_printf (out, _(" Up to %u tasks were in flight (%.1f on average) and up to "
                                   "%u cores busy (%.1f on average)."),
                            f->analysis.max_in_flight, f->analysis.mean_in_flight,
                            f->analysis.max_busy, f->analysis.mean_busy);
  else
    /* Translators: the same for a traced program: its lanes (threads, and asyncio tasks
     * where they were recorded) begun and not yet ended */
    g_string_append_printf (out, _(" Up to %u of its lanes were under way at once (%.1f on "
                                   "average) and up to %u cores busy (%.1f on average)."),
                            f->analysis.max_in_flight, f->analysis.mean_in_flight,
                            f->analysis.max_busy, f->analysis.mean_busy);
  if (isfinite (f->analysis.amdahl_limit))
    /* Translators: in the chart's description: Amdahl's limit and the measured serial fraction */
    g_string_append_printf (out, _(" Amdahl limit %.2f× (serial %.0f %%)."),
                            f->analysis.amdahl_limit, f->analysis.serial_fraction * 100);
}

static double
flight_measure (const LabChartLayout *layout,
                const LabChartPanel  *p,
                LabChartDetail        detail)
{
  double line = ceil (layout->small_px * 1.25);

  return detail == LAB_CHART_DETAIL_FULL ? ceil (3.5 * line) : 2 * line + 4;
}

static double
flight_caption_width (const LabChartLayout *layout,
                      const LabChartPanel  *p,
                      const LabChartBand   *band)
{
  return _lab_chart_caption_width (layout, flight_caption (), busy_caption ());
}

static void
flight_draw_caption (cairo_t              *cr,
                     const LabChartLayout *layout,
                     const LabChartPanel  *p,
                     const LabChartBand   *band)
{
  _lab_chart_draw_caption_lines (cr, layout, band, flight_caption (), flight_color (layout),
                                 busy_caption (), busy_color (layout));
}

static const char *
flight_get_title (void)
{
  /* Translators: View menu: tasks in flight against cores busy, and Amdahl's limit */
  return _("In Flight and Amdahl");
}

/* Another tool's trace says nothing of cores. */
static gboolean
flight_applies (const LabChartPanel *p)
{
  return _lab_chart_panel_measured_cores (p);
}

const LabChartLayerClass _lab_chart_layer_flight = {
  .id = "flight",
  .applies = flight_applies,
  .get_title = flight_get_title,
  .rows = LAB_CHART_ROWS_NONE,
  .priority = 1,
  .legend = legend,
  .measure = flight_measure,
  .caption_width = flight_caption_width,
  .draw_caption = flight_draw_caption,
  .draw = flight_draw,
  .hit = flight_hit,
  .describe_hit = flight_describe_hit,
  .describe = flight_describe,
};
