/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lab-chart-private.h"

/*
 * The segments of one panel, in one pass over the trace and with no copy:
 * a segment at least a pixel wide in a one-task lane is kept as a
 * rectangle (a lane holds at most a few per pixel, as a task does one thing
 * at a time); everything narrower, and everything in a lane that
 * summarizes a group, is added into per-pixel-column sums. Each column then
 * shows its dominant state (or task, in core lanes) and neighbouring
 * columns of the same colour are filled as one rectangle. The cost is one
 * visit per segment plus one per pixel, whatever the number of segments.
 */

/* States in task lanes; task colours (which cycle through seven hues) in
 * core lanes. */
#define N_KEYS 7
G_STATIC_ASSERT (LAB_N_STATES == N_KEYS);

typedef struct
{
  guint  n_rows;
  guint  n_cols;
  float *direct;   /* partial columns, by (row, key, col) */
  float *diff;     /* whole columns, as differences: +1 where a run starts, −1 after it */
} Accum;

typedef struct
{
  float   x0, x1;   /* in columns */
  guint32 task;
  gint16  core;
  guint8  state;
} Wide;

typedef struct
{
  const LabChartLayout *layout;
  const LabChartPanel  *panel;
  guint                 n_cols;
  double                cols_per_ns;
  gint64                t0_ns;       /* absolute time of column 0 */
  gint64                edge_ns;     /* nothing drawn past the live edge */
  guint                 wide_limit;
  Accum                 tasks;
  Accum                 cores;
  GArray              **task_wide;   /* per row; only for one-task lanes */
  GArray              **core_wide;
  float                *task_end;    /* per row: right end of the last segment, in columns */
  guint                 states_seen;
} Lanes;

static void
accum_init (Accum *a,
            guint  n_rows,
            guint  n_cols)
{
  gsize n = (gsize) n_rows * N_KEYS * (n_cols + 1);

  a->n_rows = n_rows;
  a->n_cols = n_cols;
  a->direct = g_new0 (float, n);
  a->diff = g_new0 (float, n);
}

static void
accum_clear (Accum *a)
{
  g_clear_pointer (&a->direct, g_free);
  g_clear_pointer (&a->diff, g_free);
}

static inline void
accum_add (Accum  *a,
           guint   row,
           guint   key,
           double  x0,
           double  x1)
{
  gsize base = ((gsize) row * N_KEYS + key) * (a->n_cols + 1);
  guint c0 = (guint) x0;
  guint c1 = (guint) x1;

  if (c0 >= a->n_cols)
    c0 = a->n_cols - 1;
  if (c1 >= a->n_cols)
    {
      /* ends at the right edge: the last column is whole */
      a->direct[base + c0] += (float) (MIN ((double) c0 + 1, x1) - x0);
      if (c0 + 1 < a->n_cols)
        {
          a->diff[base + c0 + 1] += 1;
          a->diff[base + a->n_cols] -= 1;
        }
      return;
    }
  if (c0 == c1)
    {
      /* the sliver still counts a little, so it shows where nothing else is */
      a->direct[base + c0] += (float) MAX (x1 - x0, 1e-3);
      return;
    }
  a->direct[base + c0] += (float) (c0 + 1 - x0);
  a->direct[base + c1] += (float) (x1 - c1);
  if (c0 + 1 < c1)
    {
      a->diff[base + c0 + 1] += 1;
      a->diff[base + c1] -= 1;
    }
}

/* Turns the sums of @row into the dominant key per column (−1: nothing).
 * @background (≥ 0) shows only where no other key does: in a lane of many
 * tasks, most are queued at any moment, and what the others do matters. */
static void
accum_dominant (Accum  *a,
                guint   row,
                int     background,
                gint8  *dominant,
                float  *best)
{
  for (guint c = 0; c < a->n_cols; c++)
    dominant[c] = -1, best[c] = 0;
  for (guint k = 0; k < N_KEYS; k++)
    {
      gsize base = ((gsize) row * N_KEYS + k) * (a->n_cols + 1);
      float run = 0;

      for (guint c = 0; c < a->n_cols; c++)
        {
          float v;

          run += a->diff[base + c];
          v = run + a->direct[base + c];
          if ((int) k == background)
            continue;
          if (v > best[c] + 1e-6f)
            best[c] = v, dominant[c] = (gint8) k;
        }
    }
  if (background < 0)
    return;
  {
    gsize base = ((gsize) row * N_KEYS + background) * (a->n_cols + 1);
    float run = 0;

    for (guint c = 0; c < a->n_cols; c++)
      {
        run += a->diff[base + c];
        if (dominant[c] < 0 && run + a->direct[base + c] > 1e-6f)
          dominant[c] = (gint8) background;
      }
  }
}

static void
add_wide (Lanes   *l,
          GArray **rows,
          guint    row,
          double   x0,
          double   x1,
          const LabSegment *s)
{
  Wide w = { (float) x0, (float) x1, s->task, s->core, s->state };

  if (rows[row] == NULL)
    rows[row] = g_array_new (FALSE, FALSE, sizeof (Wide));
  else
    {
      /* Models hand long work over in slices; a slice that continues the
       * previous one on the same core is drawn as one bar. */
      Wide *last = &g_array_index (rows[row], Wide, rows[row]->len - 1);

      if (last->task == w.task && last->state == w.state && last->core == w.core
          && fabsf (w.x0 - last->x1) < 0.25f)
        {
          last->x1 = MAX (last->x1, w.x1);
          return;
        }
    }
  g_array_append_val (rows[row], w);
}

static gboolean
on_segment_cb (const LabSegment *s,
               gpointer          user_data)
{
  Lanes *l = user_data;
  const LabChartPanel *p = l->panel;
  gint64 end = MIN (s->end_ns, l->edge_ns);
  double x0, x1;
  guint row;

  if (s->state >= LAB_N_STATES || s->task >= p->n_tasks)
    return TRUE;
  l->states_seen |= 1u << s->state;
  x0 = (double) (s->begin_ns - l->t0_ns) * l->cols_per_ns;
  x1 = (double) (end - l->t0_ns) * l->cols_per_ns;
  if (x1 < x0 || x1 <= 0 || x0 >= l->n_cols)
    return TRUE;
  x0 = MAX (x0, 0);
  x1 = MIN (x1, (double) l->n_cols);

  row = s->task / p->tasks_per_row;
  if (p->tasks_per_row == 1 && x1 - x0 >= 1
      && (l->task_wide[row] == NULL || l->task_wide[row]->len < l->wide_limit))
    add_wide (l, l->task_wide, row, x0, x1, s);
  else
    accum_add (&l->tasks, row, s->state, x0, x1);
  if (p->tasks_per_row == 1)
    l->task_end[row] = MAX (l->task_end[row], (float) x1);

  if (s->state == LAB_STATE_RUNNING && s->core >= 0 && (guint) s->core < p->n_cores)
    {
      guint crow = (guint) s->core / p->cores_per_row;

      if (p->cores_per_row == 1 && x1 - x0 >= 1
          && (l->core_wide[crow] == NULL || l->core_wide[crow]->len < l->wide_limit))
        add_wide (l, l->core_wide, crow, x0, x1, s);
      else
        accum_add (&l->cores, crow, s->task % N_KEYS, x0, x1);
    }
  return TRUE;
}

static LabColor
key_color (const LabChartLayout *layout,
           gboolean              cores,
           guint                 key)
{
  return cores ? lab_palette_series_color (layout->options.theme, key)
               : layout->palette->states[key];
}

/* Fills the merged columns of every row of @a, one path per colour. */
static void
fill_columns (cairo_t              *cr,
              const LabChartLayout *layout,
              Accum                *a,
              gboolean              cores,
              double                x,
              double                col_w,
              double                y,
              double                pitch,
              double                h)
{
  g_autofree gint8 *dominant = g_new (gint8, a->n_cols + 1);
  g_autofree float *best = g_new (float, a->n_cols + 1);
  GArray *runs[N_KEYS];

  for (guint k = 0; k < N_KEYS; k++)
    runs[k] = g_array_new (FALSE, FALSE, sizeof (guint) * 3);
  for (guint r = 0; r < a->n_rows; r++)
    {
      guint start = 0;

      accum_dominant (a, r, cores ? -1 : LAB_STATE_QUEUED, dominant, best);
      dominant[a->n_cols] = -2;
      for (guint c = 1; c <= a->n_cols; c++)
        if (dominant[c] != dominant[start])
          {
            if (dominant[start] >= 0)
              {
                guint run[3] = { r, start, c };
                g_array_append_vals (runs[dominant[start]], run, 1);
              }
            start = c;
          }
    }
  for (guint k = 0; k < N_KEYS; k++)
    {
      const guint *run = (const guint *) (gpointer) runs[k]->data;

      if (runs[k]->len == 0)
        continue;
      for (guint i = 0; i < runs[k]->len; i++, run += 3)
        cairo_rectangle (cr, x + run[1] * col_w, y + run[0] * pitch,
                         (run[2] - run[1]) * col_w, h);
      _lab_chart_set_color (cr, key_color (layout, cores, k));
      cairo_fill (cr);
    }
  for (guint k = 0; k < N_KEYS; k++)
    g_array_unref (runs[k]);
}

static gboolean
is_light (LabColor c)
{
  return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b > 0.55;
}

/* "core 1" inside a running segment, or "1" where that is too long. */
static void
draw_inner_label (cairo_t              *cr,
                  const LabChartLayout *layout,
                  LabColor              fill,
                  double                x,
                  double                y,
                  double                w,
                  double                h,
                  const char           *long_text,
                  const char           *short_text)
{
  double px = MIN (layout->small_px, h * 0.8);
  const char *texts[] = { long_text, short_text };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(PangoLayout) pl = _lab_chart_text_layout (layout, cr, texts[i], px, FALSE);
      PangoRectangle ink;

      pango_layout_get_pixel_extents (pl, NULL, &ink);
      if (ink.width + px > w)
        continue;
      if (is_light (fill))
        cairo_set_source_rgba (cr, 0, 0, 0, 0.85);
      else
        cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
      cairo_move_to (cr, x + (w - ink.width) / 2 - ink.x, y + (h - ink.height) / 2 - ink.y);
      _lab_chart_show_layout (cr, layout, pl);
      return;
    }
}

static void
fill_wide (cairo_t              *cr,
           const Lanes          *l,
           GArray              **rows,
           guint                 n_rows,
           gboolean              cores,
           double                y,
           double                pitch,
           double                h)
{
  const LabChartLayout *layout = l->layout;
  double col_w = l->panel->axis.plot_width / l->n_cols;
  double x = l->panel->axis.plot_x;

  for (guint k = 0; k < N_KEYS; k++)
    {
      gboolean any = FALSE;

      for (guint r = 0; r < n_rows; r++)
        for (guint i = 0; rows[r] != NULL && i < rows[r]->len; i++)
          {
            const Wide *w = &g_array_index (rows[r], Wide, i);

            if ((cores ? w->task % N_KEYS : w->state) != k)
              continue;
            cairo_rectangle (cr, x + w->x0 * col_w, y + r * pitch, (w->x1 - w->x0) * col_w, h);
            any = TRUE;
          }
      if (any)
        {
          _lab_chart_set_color (cr, key_color (layout, cores, k));
          cairo_fill (cr);
        }
    }

  /* what ran where, written inside where there is room */
  for (guint r = 0; r < n_rows; r++)
    for (guint i = 0; rows[r] != NULL && i < rows[r]->len; i++)
      {
        const Wide *w = &g_array_index (rows[r], Wide, i);
        double ww = (w->x1 - w->x0) * col_w;
        g_autofree char *long_text = NULL;
        g_autofree char *short_text = NULL;

        if (ww < layout->small_px * 1.2 || (!cores && (w->state != LAB_STATE_RUNNING || w->core < 0)))
          continue;
        if (cores)
          {
            long_text = g_strdup_printf (_("Task %u"), w->task + 1);
            short_text = g_strdup_printf ("%u", w->task + 1);
          }
        else
          {
            /* Translators: written inside a running segment: the CPU core it ran on */
            long_text = g_strdup_printf (_("core %d"), w->core);
            short_text = g_strdup_printf ("%d", w->core);
          }
        draw_inner_label (cr, layout, key_color (layout, cores, cores ? w->task % N_KEYS : w->state),
                          x + w->x0 * col_w, y + r * pitch, ww, h, long_text, short_text);
      }
}

/* A cross where each failed task stopped. */
static void
draw_failures (cairo_t     *cr,
               const Lanes *l)
{
  const LabChartPanel *p = l->panel;
  double col_w = p->axis.plot_width / l->n_cols;

  /* a replay shows where a task failed once the run got there */
  if (p->tasks_per_row != 1 || l->edge_ns < p->live_end_ns)
    return;
  for (guint r = 0; r < p->n_task_rows; r++)
    if (lab_trace_task_get_status (p->trace, r) == LAB_TASK_STATUS_FAILED && l->task_end[r] > 0)
      _lab_chart_draw_cross (cr, p->axis.plot_x + l->task_end[r] * col_w,
                  p->task_y + (r + 0.5) * p->task_h, p->task_h * 0.28,
                  l->layout->palette->failed);
}

static void
draw_utilization (cairo_t             *cr,
                  const Lanes         *l)
{
  const LabChartPanel *p = l->panel;
  const LabPalette *palette = l->layout->palette;
  guint n_util = lab_trace_get_n_utilization_cores (p->trace);
  double bottom_x = p->axis.plot_x;

  if (p->util_h <= 0)
    return;
  for (guint r = 0; r < p->n_core_rows; r++)
    {
      double base = p->core_y + r * (p->core_h + p->util_h) + p->core_h + p->util_h - 1;
      double h = p->util_h - 2;
      guint first = r * p->cores_per_row;
      guint last = MIN (p->n_cores, first + p->cores_per_row);

      for (guint core = first; core < last && core < n_util; core++)
        {
          g_autoptr(GArray) samples = lab_trace_copy_utilization (p->trace, core);
          double prev_x = bottom_x;

          if (samples == NULL || samples->len == 0)
            continue;
          cairo_move_to (cr, prev_x, base);
          for (guint i = 0; i < samples->len; i++)
            {
              const LabUtilSample *s = &g_array_index (samples, LabUtilSample, i);
              double x = _lab_chart_time_to_x (p, s->t_ns - p->zero_ns);
              double y = base - CLAMP (s->busy, 0.f, 1.f) * h;

              if (s->t_ns > l->edge_ns)
                x = _lab_chart_time_to_x (p, l->edge_ns - p->zero_ns);
              cairo_line_to (cr, prev_x, y);
              cairo_line_to (cr, x, y);
              prev_x = x;
            }
          cairo_line_to (cr, prev_x, base);
          cairo_close_path (cr);
          /* translucent, so the cores of a grouped lane add up visibly */
          _lab_chart_set_color (cr, palette->util);
          cairo_fill (cr);
        }
    }
}

static void
lanes_init (Lanes                *l,
            const LabChartLayout *layout,
            const LabChartPanel  *p)
{
  double scale = MAX (1.0, layout->options.scale);

  memset (l, 0, sizeof *l);
  l->layout = layout;
  l->panel = p;
  l->n_cols = (guint) MAX (1.0, ceil (p->axis.plot_width * scale));
  l->cols_per_ns = l->n_cols / (double) (p->axis.end_ns - p->axis.begin_ns);
  l->t0_ns = p->zero_ns + p->axis.begin_ns;
  l->edge_ns = p->live_end_ns;
  if (layout->options.replaying)
    l->edge_ns = CLAMP (p->zero_ns + layout->options.replay_ns, p->zero_ns, l->edge_ns);
  l->wide_limit = 4 * l->n_cols;
  accum_init (&l->tasks, p->n_task_rows, l->n_cols);
  accum_init (&l->cores, p->n_core_rows, l->n_cols);
  l->task_wide = g_new0 (GArray *, p->n_task_rows + 1);
  l->core_wide = g_new0 (GArray *, p->n_core_rows + 1);
  l->task_end = g_new0 (float, p->n_task_rows + 1);
}

static void
lanes_clear (Lanes *l)
{
  for (guint r = 0; r < l->panel->n_task_rows; r++)
    g_clear_pointer (&l->task_wide[r], g_array_unref);
  for (guint r = 0; r < l->panel->n_core_rows; r++)
    g_clear_pointer (&l->core_wide[r], g_array_unref);
  g_free (l->task_wide);
  g_free (l->core_wide);
  g_free (l->task_end);
  accum_clear (&l->tasks);
  accum_clear (&l->cores);
}

/**
 * _lab_chart_draw_lanes:
 * @states_seen: (inout): a bit per state that occurs in the trace
 *
 * Draws the segments of @panel's task and core lanes and its utilization
 * strips, clipped to its time area.
 */
void
_lab_chart_draw_lanes (cairo_t              *cr,
                       const LabChartLayout *layout,
                       const LabChartPanel  *p,
                       guint                *states_seen)
{
  Lanes l;
  double col_w, inset;

  if (!p->drawn || p->error != NULL || p->axis.end_ns <= p->axis.begin_ns)
    return;
  lanes_init (&l, layout, p);
  lab_trace_foreach_segment (p->trace, on_segment_cb, &l);
  *states_seen |= l.states_seen;

  cairo_save (cr);
  cairo_rectangle (cr, p->axis.plot_x, p->y, p->axis.plot_width, p->height);
  cairo_clip (cr);
  col_w = p->axis.plot_width / l.n_cols;
  inset = _lab_chart_lane_inset (p->task_h);
  fill_wide (cr, &l, l.task_wide, p->n_task_rows, FALSE,
             p->task_y + inset, p->task_h, p->task_h - 2 * inset);
  fill_columns (cr, layout, &l.tasks, FALSE, p->axis.plot_x, col_w,
                p->task_y + inset, p->task_h, p->task_h - 2 * inset);
  inset = _lab_chart_lane_inset (p->core_h);
  fill_wide (cr, &l, l.core_wide, p->n_core_rows, TRUE,
             p->core_y + inset, p->core_h + p->util_h, p->core_h - 2 * inset);
  fill_columns (cr, layout, &l.cores, TRUE, p->axis.plot_x, col_w,
                p->core_y + inset, p->core_h + p->util_h, p->core_h - 2 * inset);
  draw_utilization (cr, &l);
  draw_failures (cr, &l);
  cairo_restore (cr);
  lanes_clear (&l);
}
