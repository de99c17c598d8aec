/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lab-analysis.h"
#include "lab-chart-private.h"
#include "lab-chart-strips-private.h"
#include "lab-clock.h"
#include "lab-duration.h"

/* The shared helpers (lab-chart-strips-private.h), by their short names. */
#define x_of _lab_chart_strips_x_of
#define n_columns _lab_chart_strips_n_columns
#define flight_of _lab_chart_strips_flight_of
#define loop_columns _lab_chart_strips_loop_columns

/*
 * The strips under a panel's core lanes, each drawn from what the trace
 * measured:
 *
 * - "GIL holder" (threads-gil): who held the simulated lock, coloured by
 *   the holding task as the core lanes colour tasks, with a tick at every
 *   drop request;
 * - loop health (event-loop, loop-offload): the loop lag as a sawtooth
 *   (a callback that ran L late had been due since L before: the lag grew
 *   from 0 to L meanwhile), the ready queue as a step line, and a band
 *   naming the task on every callback that blocked the loop over 10 ms;
 * - in flight against busy (every panel): cores busy as an area, tasks in
 *   flight as a line, and Amdahl's limit from the measured serial fraction
 *   as a dashed line.
 *
 * The layout asks for their heights at several levels of detail and keeps
 * the richest that does not cost the task lanes; the same geometry serves
 * the hit test.
 */

#define N_TASK_KEYS 7

/* The flight curves and figures of a trace, cached: computing them sorts
 * every segment, too slow to repeat for each frame and each hover. */
typedef struct
{
  LabTrace        *trace;     /* owned */
  guint64          n_segments;
  gint64           last_ns;
  GArray          *steps;     /* of LabFlightStep */
  LabTraceAnalysis analysis;
  gint64           computed_us;  /* monotonic, when computed */
  gint64           cost_us;      /* how long it took */
  gint64           used_us;      /* monotonic, last asked for */
} FlightEntry;

/* An entry not asked for this long lets its trace go: a closed run's
 * segments are not kept alive by the cache. */
#define FLIGHT_UNUSED_US (10 * G_USEC_PER_SEC)

#define FLIGHT_CACHE 8
static FlightEntry flight_cache[FLIGHT_CACHE];
static guint flight_next;
G_LOCK_DEFINE_STATIC (flight_cache);

/* Returns a copy of the steps and the analysis of @trace. */
GArray *
_lab_chart_strips_flight_of (LabTrace         *trace,
                             LabTraceAnalysis *analysis)
{
  guint64 n = lab_trace_get_n_segments (trace);
  gint64 last = lab_trace_get_last_ns (trace);
  FlightEntry *e = NULL;
  GArray *copy;

  gint64 now = g_get_monotonic_time ();
  gboolean fresh;

  G_LOCK (flight_cache);
  for (guint i = 0; i < FLIGHT_CACHE; i++)
    {
      FlightEntry *old = &flight_cache[i];

      if (old->trace != NULL && old->trace != trace && now - old->used_us > FLIGHT_UNUSED_US)
        {
          g_clear_pointer (&old->trace, lab_trace_unref);
          g_clear_pointer (&old->steps, g_array_unref);
        }
      if (old->trace == trace)
        e = old;
    }
  /* Up to date; or, while a large run records, computed recently: a frame
   * spends at most a tenth of its time on this, so the curves of a run
   * with a million segments follow it a few seconds behind. */
  fresh = e != NULL && ((e->n_segments == n && e->last_ns == last)
                        || (!lab_trace_is_finished (trace)
                            && now - e->computed_us < 10 * e->cost_us));
  if (!fresh)
    {
      if (e == NULL)
        e = &flight_cache[flight_next++ % FLIGHT_CACHE];
      g_clear_pointer (&e->trace, lab_trace_unref);
      g_clear_pointer (&e->steps, g_array_unref);
      e->trace = lab_trace_ref (trace);
      e->n_segments = n;
      e->last_ns = last;
      e->steps = lab_analysis_flight_steps (trace);
      lab_analysis_compute (trace, &e->analysis);
      e->computed_us = now;
      e->cost_us = g_get_monotonic_time () - now;
    }
  e->used_us = now;
  copy = g_array_copy (e->steps);
  *analysis = e->analysis;
  G_UNLOCK (flight_cache);
  return copy;
}

/* Layout */

/**
 * _lab_chart_strips_init:
 *
 * Which strips @p's trace can show: set before the layout places lanes.
 */
void
_lab_chart_strips_init (LabChartPanel *p)
{
  p->has_gil = lab_trace_has_lock (p->trace);
  p->has_loop = lab_trace_has_loop_health (p->trace);
}

/**
 * _lab_chart_strips_size:
 * @level: 0 the richest, up to %LAB_CHART_STRIPS_LEVELS - 1: none
 *
 * Sets the heights of @p's strips for @level of detail.
 *
 * Returns: the height they take together, gaps included
 */
double
_lab_chart_strips_size (const LabChartLayout *layout,
                        LabChartPanel        *p,
                        guint                 level)
{
  double line = ceil (layout->small_px * 1.25);
  double gap = floor (layout->pad * 0.4);
  double total = 0;

  p->gil_h = p->loop_h = p->flight_h = 0;
  if (p->error != NULL)
    return 0;
  if (p->has_gil && level < 4)
    p->gil_h = level == 0 ? ceil (MAX (layout->lane_min, layout->small_px * 1.8))
                          : layout->lane_min;
  if (p->has_loop && level < 3)
    p->loop_h = level == 0 ? 4 * line : 2 * line + 4;
  if (level < 2)
    p->flight_h = level == 0 ? 3.5 * line : 2 * line + 4;
  if (p->gil_h > 0)
    total += p->gil_h + gap;
  if (p->loop_h > 0)
    total += p->loop_h + gap;
  if (p->flight_h > 0)
    total += p->flight_h + gap;
  return total;
}

/**
 * _lab_chart_strips_place:
 * @y: the top of the first strip, under the core lanes
 *
 * Returns: the bottom of the last strip (@y without strips)
 */
double
_lab_chart_strips_place (const LabChartLayout *layout,
                         LabChartPanel        *p,
                         double                y)
{
  double gap = floor (layout->pad * 0.4);

  if (p->gil_h > 0)
    y += gap, p->gil_y = y, y += p->gil_h;
  if (p->loop_h > 0)
    y += gap, p->loop_y = y, y += p->loop_h;
  if (p->flight_h > 0)
    y += gap, p->flight_y = y, y += p->flight_h;
  p->strips_bottom = y;
  return y;
}

static const char *
gil_label (void)
{
  /* Translators: the lane of who holds the global interpreter lock */
  return _("GIL holder");
}

static const char *
lag_label (void)
{
  /* Translators: how late the event loop ran callbacks that were due */
  return _("Loop lag");
}

static const char *
queue_label (void)
{
  /* Translators: callbacks due and waiting for the event loop */
  return _("Ready queue");
}

static const char *
flight_label (void)
{
  /* Translators: tasks begun and not yet finished */
  return _("In flight");
}

static const char *
busy_label (void)
{
  /* Translators: CPU cores running a task */
  return _("Cores busy");
}

/**
 * _lab_chart_strips_label_width:
 *
 * Returns: the widest label of @p's strips, for the label column
 */
double
_lab_chart_strips_label_width (const LabChartLayout *layout,
                               const LabChartPanel  *p)
{
  const char *labels[] = { p->gil_h > 0 ? gil_label () : NULL,
                           p->loop_h > 0 ? lag_label () : NULL,
                           p->loop_h > 0 ? queue_label () : NULL,
                           p->flight_h > 0 ? flight_label () : NULL,
                           p->flight_h > 0 ? busy_label () : NULL };
  double w = 0;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (labels[i] != NULL)
      w = MAX (w, _lab_chart_text_width (layout, labels[i], layout->small_px, FALSE));
  return w;
}

const char *
_lab_chart_strips_legend_label (void)
{
  /* Translators: legend entry: a tick where a waiting thread asked the GIL's holder to let go */
  return _("GIL drop request");
}

/* Drawing */

/* Text of the strips: small, regular weight. */
static void
draw_text (cairo_t              *cr,
           const LabChartLayout *layout,
           const char           *text,
           double                x,
           double                y,
           LabColor              color,
           double                align,
           double                max_w)
{
  _lab_chart_draw_text (cr, layout, text, x, y, layout->small_px, FALSE, color, align, max_w);
}

/* Text on a box of the panel's colour, readable over the curves. */
static void
boxed_text (cairo_t              *cr,
            const LabChartLayout *layout,
            const char           *text,
            double                x,
            double                y,
            LabColor              color,
            double                align)
{
  double w = _lab_chart_text_width (layout, text, layout->small_px, FALSE);
  LabColor box = layout->palette->panel;

  box.a = 0.85;
  _lab_chart_set_color (cr, box);
  cairo_rectangle (cr, x - align * w - 2, y, w + 4, layout->small_px * 1.22);
  cairo_fill (cr);
  draw_text (cr, layout, text, x, y, color, align, 0);
}

/* The strip's labels in the label column, one or two lines, each in the
 * colour of what it names. */
static void
draw_labels (cairo_t              *cr,
             const LabChartLayout *layout,
             double                y,
             double                h,
             const char           *first,
             LabColor              first_color,
             const char           *second,
             LabColor              second_color)
{
  double line = layout->small_px * 1.22;
  double x = layout->x + layout->small_px * 1.4;
  double max_w = layout->plot_x - x - 4;
  double top = second != NULL && h >= 2 * line ? y + (h - 2 * line) / 2 : y + (h - line) / 2;

  draw_text (cr, layout, first, x, top, first_color, 0, max_w);
  if (second != NULL && h >= 2 * line)
    draw_text (cr, layout, second, x, top + line, second_color, 0, max_w);
}

static void
draw_track (cairo_t              *cr,
            const LabChartLayout *layout,
            const LabChartPanel  *p,
            double                y,
            double                h)
{
  LabColor track = layout->palette->util;

  track.a *= 0.18;
  _lab_chart_set_color (cr, track);
  cairo_rectangle (cr, p->axis.plot_x, y, p->axis.plot_width, h);
  cairo_fill (cr);
}

/* Nothing is drawn past the live edge, nor in a replay past its playhead,
 * as the lanes do. */
static gint64
edge_of (const LabChartLayout *layout,
         const LabChartPanel  *p)
{
  if (layout->options.replaying)
    return CLAMP (p->zero_ns + layout->options.replay_ns, p->zero_ns, p->live_end_ns);
  return p->live_end_ns;
}

/* The holder of each pixel column is the task that held the lock longest
 * there, so a lock that changes hands many times a pixel shows both. */
static void
draw_gil (cairo_t              *cr,
          const LabChartLayout *layout,
          const LabChartPanel  *p)
{
  g_autoptr(GArray) holds = lab_trace_copy_lock_holds (p->trace);
  g_autoptr(GArray) requests = lab_trace_copy_lock_requests (p->trace);
  guint n_cols = n_columns (p);
  g_autofree float *cover = g_new0 (float, (gsize) n_cols * N_TASK_KEYS);
  double inset = _lab_chart_lane_inset (p->gil_h);
  double y = p->gil_y + inset, h = p->gil_h - 2 * inset;
  double col_w = p->axis.plot_width / n_cols;
  double last_x = -1;
  gint64 edge = edge_of (layout, p);

  for (guint i = 0; i < holds->len; i++)
    {
      const LabLockHold *hold = &g_array_index (holds, LabLockHold, i);
      gint64 end = hold->end_ns != 0 ? MIN (hold->end_ns, edge) : edge;

      if (hold->begin_ns >= edge)
        break;
      double x0 = (x_of (p, hold->begin_ns) - p->axis.plot_x) / col_w;
      double x1 = (x_of (p, end) - p->axis.plot_x) / col_w;
      guint key = hold->task % N_TASK_KEYS;

      x0 = MAX (x0, 0);
      x1 = MIN (x1, (double) n_cols);
      for (double c = floor (x0); c < x1; c++)
        cover[(gsize) c * N_TASK_KEYS + key] += (float) (MIN (c + 1, x1) - MAX (c, x0)) + 1e-4f;
    }
  for (guint k = 0; k < N_TASK_KEYS; k++)
    {
      gboolean any = FALSE;

      for (guint c = 0; c < n_cols; c++)
        {
          guint best = 0;

          for (guint j = 1; j < N_TASK_KEYS; j++)
            if (cover[(gsize) c * N_TASK_KEYS + j] > cover[(gsize) c * N_TASK_KEYS + best])
              best = j;
          if (best != k || cover[(gsize) c * N_TASK_KEYS + best] <= 0)
            continue;
          cairo_rectangle (cr, p->axis.plot_x + c * col_w, y, col_w, h);
          any = TRUE;
        }
      if (any)
        {
          _lab_chart_set_color (cr, lab_palette_series_color (layout->options.theme, k));
          cairo_fill (cr);
        }
    }

  /* the drop requests: a tick from the top, at most one per column */
  cairo_save (cr);
  _lab_chart_set_color (cr, layout->palette->text);
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; i < requests->len; i++)
    {
      const LabLockRequest *r = &g_array_index (requests, LabLockRequest, i);
      double x = round (x_of (p, r->t_ns)) + 0.5;

      /* at most one every 3 px: denser ticks would be a black band */
      if (r->t_ns > edge || x - last_x < 3)
        continue;
      cairo_move_to (cr, x, p->gil_y);
      cairo_line_to (cr, x, p->gil_y + MAX (3.0, p->gil_h * 0.35));
      last_x = x;
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* 1, 2 or 5 × 10^k at or above @v. */
static double
nice_ceil (double v)
{
  double decade, m;

  if (v <= 0)
    return 1;
  decade = pow (10, floor (log10 (v)));
  m = v / decade;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * decade;
}

static LabColor
lag_color (const LabChartLayout *layout)
{
  return layout->palette->states[LAB_STATE_READY];
}

static LabColor
queue_color (const LabChartLayout *layout)
{
  return layout->palette->text;
}

/* Per column: the lag's sawtooth and the longest queue. */
void
_lab_chart_strips_loop_columns (const LabChartPanel *p,
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
      double c_end = (x_of (p, s->t_ns) - p->axis.plot_x) / col_w;
      double c_begin = (x_of (p, s->t_ns - s->lag_ns) - p->axis.plot_x) / col_w;
      double q0 = (x_of (p, bucket) - p->axis.plot_x) / col_w;
      double q1 = (x_of (p, bucket + LAB_LOOP_BUCKET_NS) - p->axis.plot_x) / col_w;

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

static void
draw_loop (cairo_t              *cr,
           const LabChartLayout *layout,
           const LabChartPanel  *p)
{
  g_autoptr(GArray) samples = lab_trace_copy_loop_samples (p->trace);
  g_autoptr(GArray) blocks = lab_trace_copy_loop_blocks (p->trace);
  guint n_cols = n_columns (p);
  g_autofree double *lag = g_new0 (double, n_cols);
  g_autofree double *queue = g_new0 (double, n_cols);
  double col_w = p->axis.plot_width / n_cols;
  double top = p->loop_y + 2, base = p->loop_y + p->loop_h - 1;
  double h = base - top;
  double max_lag = 0, max_queue = 0, lag_scale, queue_scale;
  g_autofree char *lag_text = NULL;
  g_autofree char *queue_text = NULL;
  LabColor area = lag_color (layout);
  gint64 edge = edge_of (layout, p);

  loop_columns (p, edge, samples, n_cols, lag, queue);
  for (guint c = 0; c < n_cols; c++)
    max_lag = MAX (max_lag, lag[c]), max_queue = MAX (max_queue, queue[c]);
  /* never less than 10 ms full scale: a wake-up's 0.1 ms stays flat */
  lag_scale = nice_ceil (MAX (max_lag, 10.0 * LAB_NS_PER_MS) / 1e6) * 1e6;
  queue_scale = nice_ceil (MAX (max_queue, 1));

  /* the blocking callbacks, under the curves */
  for (guint i = 0; i < blocks->len; i++)
    {
      const LabLoopBlock *b = &g_array_index (blocks, LabLoopBlock, i);
      double x0 = x_of (p, b->begin_ns), x1 = x_of (p, MIN (b->end_ns, edge));
      LabColor band = layout->palette->failed;

      if (b->begin_ns >= edge)
        continue;
      band.a = 0.16;
      _lab_chart_set_color (cr, band);
      cairo_rectangle (cr, x0, p->loop_y, MAX (x1 - x0, 1), p->loop_h);
      cairo_fill (cr);
      _lab_chart_set_color (cr, layout->palette->failed);
      cairo_rectangle (cr, round (x0), p->loop_y, 1.5, p->loop_h);
      cairo_fill (cr);
    }

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

  /* scales: the lag's at the left, the queue's at the right, at the top */
  lag_text = lab_duration_format ((gint64) lag_scale);
  /* Translators: the full scale of the ready-queue curve: %u tasks */
  queue_text = g_strdup_printf (ngettext ("%u task", "%u tasks", (gulong) queue_scale),
                                (guint) queue_scale);
  boxed_text (cr, layout, lag_text, p->axis.plot_x + 3, p->loop_y, lag_color (layout), 0);
  if (p->loop_h >= layout->small_px * 2.5)
    boxed_text (cr, layout, queue_text, p->axis.plot_x + p->axis.plot_width - 3, p->loop_y,
                queue_color (layout), 1);

  /* what blocked, where there is room */
  for (guint i = 0; i < blocks->len; i++)
    {
      const LabLoopBlock *b = &g_array_index (blocks, LabLoopBlock, i);
      g_autofree char *dur = lab_duration_format (b->end_ns - b->begin_ns);
      g_autofree char *text = NULL;
      double x0 = x_of (p, b->begin_ns);
      double room = p->axis.plot_x + p->axis.plot_width - x0 - 6;

      /* Translators: a marker on a callback that kept the event loop busy:
       * task number (from 1) and for how long */
      text = g_strdup_printf (_("task %u blocked %s"), b->task + 1, dur);
      if (b->end_ns > edge || room < layout->small_px * 4
          || (i + 1 < blocks->len
              && x_of (p, g_array_index (blocks, LabLoopBlock, i + 1).begin_ns) - x0
                 < _lab_chart_text_width (layout, text, layout->small_px, FALSE) + 8))
        continue;
      draw_text (cr, layout, text, x0 + 4, base - layout->small_px * 1.25,
                 layout->palette->failed, 0, room);
    }
}

static LabColor
busy_color (const LabChartLayout *layout)
{
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

static void
draw_flight (cairo_t              *cr,
             const LabChartLayout *layout,
             const LabChartPanel  *p)
{
  LabTraceAnalysis a;
  g_autoptr(GArray) steps = flight_of (p->trace, &a);
  guint n_cols = n_columns (p);
  g_autofree double *busy = g_new0 (double, n_cols);
  g_autofree double *flight = g_new0 (double, n_cols);
  double col_w = p->axis.plot_width / n_cols;
  double top = p->flight_y + 2, base = p->flight_y + p->flight_h - 1;
  double h = base - top, scale, flight_scale;
  gint64 edge = edge_of (layout, p);
  double last_x = x_of (p, edge) - p->axis.plot_x;
  guint max_busy = 0, max_flight = 0, n_drawn;
  g_autofree char *scale_text = NULL;
  LabColor area = busy_color (layout);
  gboolean own_flight_scale;

  for (guint i = 0; i < steps->len; i++)
    {
      const LabFlightStep *s = &g_array_index (steps, LabFlightStep, i);

      max_busy = MAX (max_busy, s->busy);
      max_flight = MAX (max_flight, s->in_flight);
    }
  scale = MAX (MAX (p->n_cores, max_busy), 1);
  if (isfinite (a.amdahl_limit) && a.amdahl_limit <= 4 * scale)
    scale = MAX (scale, ceil (a.amdahl_limit));
  /* 100,000 tasks in flight would flatten two busy cores: a scale of its own */
  own_flight_scale = max_flight > 4 * scale;
  if (!own_flight_scale)
    scale = MAX (scale, max_flight);
  flight_scale = own_flight_scale ? nice_ceil (max_flight) : scale;

  flight_columns (p, edge, steps, n_cols, busy, flight);
  n_drawn = (guint) CLAMP (ceil (last_x / col_w), 0, n_cols);

  /* busy cores, an area */
  cairo_move_to (cr, p->axis.plot_x, base);
  for (guint c = 0; c < n_drawn; c++)
    {
      double y = base - MIN (busy[c] / scale, 1) * h;

      cairo_line_to (cr, p->axis.plot_x + c * col_w, y);
      cairo_line_to (cr, p->axis.plot_x + (c + 1) * col_w, y);
    }
  cairo_line_to (cr, p->axis.plot_x + n_drawn * col_w, base);
  cairo_close_path (cr);
  area.a = 0.6;
  _lab_chart_set_color (cr, area);
  cairo_fill (cr);

  /* tasks in flight, a line */
  for (guint c = 0; c < n_drawn; c++)
    {
      double y = base - MIN (flight[c] / flight_scale, 1) * h;

      if (c == 0)
        cairo_move_to (cr, p->axis.plot_x, y);
      cairo_line_to (cr, p->axis.plot_x + (c + 1) * col_w, y);
    }
  _lab_chart_set_color (cr, flight_color (layout));
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  /* Amdahl's limit, dashed, with its value */
  if (isfinite (a.amdahl_limit) && a.amdahl_limit <= scale)
    {
      double y = round (base - a.amdahl_limit / scale * h) + 0.5;
      double dash = MAX (3.0, layout->small_px * 0.35);
      g_autofree char *text = NULL;

      cairo_save (cr);
      _lab_chart_set_color (cr, layout->palette->ideal);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, &dash, 1, 0);
      cairo_move_to (cr, p->axis.plot_x, y);
      cairo_line_to (cr, p->axis.plot_x + p->axis.plot_width, y);
      cairo_stroke (cr);
      cairo_restore (cr);
      /* Translators: the dashed line of the speedup Amdahl's law allows,
       * then the measured serial fraction in percent */
      text = g_strdup_printf (_("Amdahl limit %.2f× (serial %.0f %%)"), a.amdahl_limit,
                              a.serial_fraction * 100);
      boxed_text (cr, layout, text, p->axis.plot_x + p->axis.plot_width - 3,
                  MAX (p->flight_y, y - layout->small_px * 1.25), layout->palette->ideal, 1);
    }

  /* the y scale: full scale at the top left */
  /* Translators: the full scales of the strip: %u cores busy, %u tasks in flight */
  scale_text = g_strdup_printf (_("%u cores · %u tasks"), (guint) scale, (guint) flight_scale);
  boxed_text (cr, layout, scale_text, p->axis.plot_x + 3, p->flight_y, layout->palette->dim_text, 0);
}

/**
 * _lab_chart_draw_strips:
 *
 * Draws @p's strips and their labels; nothing for a strip of height 0.
 */
void
_lab_chart_draw_strips (cairo_t              *cr,
                        const LabChartLayout *layout,
                        const LabChartPanel  *p)
{
  const LabPalette *palette = layout->palette;

  if (!p->drawn || p->error != NULL || p->axis.end_ns <= p->axis.begin_ns)
    return;
  cairo_save (cr);
  if (p->gil_h > 0)
    draw_labels (cr, layout, p->gil_y, p->gil_h, gil_label (), palette->text, NULL, palette->text);
  if (p->loop_h > 0)
    draw_labels (cr, layout, p->loop_y, p->loop_h, lag_label (), lag_color (layout),
                 queue_label (), queue_color (layout));
  if (p->flight_h > 0)
    draw_labels (cr, layout, p->flight_y, p->flight_h, flight_label (), flight_color (layout),
                 busy_label (), busy_color (layout));

  cairo_rectangle (cr, p->axis.plot_x, p->y, p->axis.plot_width, p->height);
  cairo_clip (cr);
  if (p->gil_h > 0)
    {
      draw_track (cr, layout, p, p->gil_y, p->gil_h);
      draw_gil (cr, layout, p);
    }
  if (p->loop_h > 0)
    {
      draw_track (cr, layout, p, p->loop_y, p->loop_h);
      draw_loop (cr, layout, p);
    }
  if (p->flight_h > 0)
    {
      draw_track (cr, layout, p, p->flight_y, p->flight_h);
      draw_flight (cr, layout, p);
    }
  cairo_restore (cr);
}

/* The legend's key for a drop request: a tick. */
void
_lab_chart_strips_draw_legend_key (cairo_t              *cr,
                                   const LabChartLayout *layout,
                                   double                x,
                                   double                y,
                                   double                size)
{
  cairo_save (cr);
  _lab_chart_set_color (cr, lab_palette_series_color (layout->options.theme, 0));
  cairo_rectangle (cr, x, y + size * 0.25, size, size * 0.75);
  cairo_fill (cr);
  _lab_chart_set_color (cr, layout->palette->text);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, x + size / 2, y);
  cairo_line_to (cr, x + size / 2, y + size * 0.6);
  cairo_stroke (cr);
  cairo_restore (cr);
}
