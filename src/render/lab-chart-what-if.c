/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "lab-chart-private.h"
#include "lab-duration.h"
#include "lab-model.h"
#include "lab-stats.h"

/*
 * A what-if comparison beside the run before: two columns, each drawn by
 * lab_chart_draw() (so the prediction marks, strips and whatever else a
 * chart shows appear in both), forced onto one time span so that equal
 * lengths mean equal times. Each column's options name the other run, and
 * its panel titles carry the change of each model's elapsed time (or that
 * the other run has no such model) as a badge after the panel's time.
 */

/* Within this share of the time before, a change is noise, not a result. */
#define SAME_RATIO 0.03

typedef struct
{
  double gap;        /* between the columns */
  double header_h;   /* the heading line above each column */
  double header_px;
  double column_w;
  double font_scale; /* keeps the text as large as one full-width chart's */
} Geometry;

static void
measure (const LabChartOptions *options,
         Geometry              *g)
{
  double full = MIN (options->width / LAB_CHART_SLIDE_WIDTH,
                     options->height / LAB_CHART_SLIDE_HEIGHT);
  double half;
  double base = options->font_scale > 0 ? options->font_scale : 1.0;

  g->gap = MAX (12.0, floor (options->width * 0.012));
  /* whole units: the columns' plots stay on whole pixels */
  g->column_w = MAX (floor ((options->width - g->gap) / 2), 1.0);
  /* a title's size, as a full-width chart's */
  g->header_px = _lab_chart_small_px_for_size (options->width, options->height, base) * 1.2;
  g->header_h = ceil (g->header_px * 2.0);
  half = MIN (g->column_w / LAB_CHART_SLIDE_WIDTH,
              MAX (options->height - g->header_h, 1.0) / LAB_CHART_SLIDE_HEIGHT);
  g->font_scale = base;
  if (half > 0 && full > half)
    g->font_scale = base * MIN (sqrt (full / half), 1.4);
}

/* The longest run of either column: the span both axes must show. */
static gint64
longest_span (LabComparison         *comparison,
              const LabChartOptions *column_options)
{
  g_autoptr(LabChartLayout) layout = _lab_chart_layout_new (comparison, column_options);
  gint64 span = 0;

  for (guint i = 0; i < layout->n_panels; i++)
    span = MAX (span, layout->panels[i].fit_axis.end_ns);
  return span;
}

static void
fill_column (LabComparison         *comparison,
             const LabChartOptions *options,
             const Geometry        *g,
             guint                  index,
             LabChartColumn        *column)
{
  column->is_baseline = index == 0;
  column->comparison = column->is_baseline ? options->baseline : comparison;
  column->x = index == 0 ? 0 : g->column_w + g->gap;
  column->y = g->header_h;
  column->options = *options;
  column->options.baseline = NULL;
  column->options.width = g->column_w;
  column->options.height = MAX (options->height - g->header_h, 1.0);
  column->options.font_scale = g->font_scale;
  column->options.transparent = TRUE;
  /* Both columns replay to the same moment; the index given belongs to
   * the what-if run, so the baseline's is made for each drawing. */
  if (column->is_baseline)
    column->options.replay = NULL;
}

/**
 * lab_chart_what_if_get_column:
 * @comparison: the what-if run
 * @options: as drawn, with a baseline
 * @index: 0, the baseline; 1, the what-if run
 * @column: (out): its comparison, options and place
 *
 * Returns: %FALSE without options->baseline or for another @index
 */
gboolean
lab_chart_what_if_get_column (LabComparison         *comparison,
                              const LabChartOptions *options,
                              guint                  index,
                              LabChartColumn        *column)
{
  Geometry g;
  LabChartColumn other;
  gint64 span;

  g_return_val_if_fail (comparison != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (column != NULL, FALSE);

  if (options->baseline == NULL || index > 1)
    return FALSE;
  measure (options, &g);
  fill_column (comparison, options, &g, index, column);
  fill_column (comparison, options, &g, 1 - index, &other);
  span = MAX (longest_span (column->comparison, &column->options),
              longest_span (other.comparison, &other.options));
  column->options.axis_span_ns = MAX (options->axis_span_ns, span);
  return TRUE;
}

/**
 * lab_chart_what_if_column_at:
 * @comparison: the what-if run
 * @options: as drawn, with a baseline
 * @x: a point of the whole chart
 * @y: a point of the whole chart
 * @column: (out): the column there; subtract its x and y from the point
 *   before asking lab_chart_hit_test() and the others with its options
 *
 * Returns: %FALSE where no column is (the gap, the headings), or without
 *   a baseline
 */
gboolean
lab_chart_what_if_column_at (LabComparison         *comparison,
                             const LabChartOptions *options,
                             double                 x,
                             double                 y,
                             LabChartColumn        *column)
{
  Geometry g;
  guint index;

  g_return_val_if_fail (comparison != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (column != NULL, FALSE);

  if (options->baseline == NULL)
    return FALSE;
  measure (options, &g);
  if (y < g.header_h || x < 0 || x >= options->width)
    return FALSE;
  if (x < g.column_w)
    index = 0;
  else if (x >= g.column_w + g.gap)
    index = 1;
  else
    return FALSE;
  return lab_chart_what_if_get_column (comparison, options, index, column);
}

/* Headings */

/* The same model with the same workers (else the same model) ran there. */
static gboolean
has_model_like (LabComparison *comparison,
                LabTrace      *trace)
{
  g_autoptr(LabTrace) there = lab_comparison_dup_trace_like (comparison, trace);

  return there != NULL;
}

static gboolean
has_model (LabComparison *comparison,
           const char    *model_id)
{
  g_autoptr(LabTrace) trace = lab_comparison_dup_trace_of_model (comparison, model_id);

  return trace != NULL;
}

static guint
cores_of (LabComparison *comparison)
{
  guint limit = lab_comparison_get_core_limit (comparison);
  guint cores = lab_comparison_get_n_cores (comparison);

  return limit > 0 ? MIN (limit, cores) : cores;
}

static char *
describe_cores (guint n)
{
  return g_strdup_printf (ngettext ("%u core", "%u cores", n), n);
}

static char *
describe_switch (LabComparison *comparison)
{
  g_autofree char *interval = lab_duration_format (lab_comparison_get_switch_interval_ns (comparison));

  /* Translators: threads-gil's switch interval, e.g. "switch 5 ms" */
  return g_strdup_printf (_("switch %s"), interval);
}

static char *
heading_text (LabComparison *before,
              LabComparison *after,
              gboolean       is_baseline)
{
  gboolean gil = has_model (before, "threads-gil") || has_model (after, "threads-gil");
  gboolean cores_differ = cores_of (before) != cores_of (after);
  gboolean switch_differs = lab_comparison_get_switch_interval_ns (before)
                            != lab_comparison_get_switch_interval_ns (after);
  LabComparison *own = is_baseline ? before : after;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *settings = NULL;

  if (is_baseline || cores_differ)
    g_ptr_array_add (parts, describe_cores (cores_of (own)));
  if ((is_baseline && (gil || switch_differs)) || (!is_baseline && switch_differs))
    g_ptr_array_add (parts, describe_switch (own));
  if (parts->len == 0)
    /* Translators: a what-if run made with the settings of the run before */
    g_ptr_array_add (parts, g_strdup (_("the same settings again")));
  g_ptr_array_add (parts, NULL);
  settings = g_strjoinv (", ", (char **) parts->pdata);
  /* Translators: the column headings of a what-if comparison:
   * "Before: 2 cores, switch 5 ms" and "What if: 1 core" */
  return is_baseline ? g_strdup_printf (_("Before: %s"), settings)
                     : g_strdup_printf (_("What if: %s"), settings);
}

static void
draw_heading (cairo_t              *cr,
              const LabChartLayout *layout,
              const Geometry       *g,
              const LabChartColumn *column,
              const char           *text)
{
  g_autoptr(PangoLayout) pl = _lab_chart_text_layout (layout, cr, text, g->header_px, TRUE);
  PangoRectangle logical;

  pango_layout_set_width (pl, (int) (MAX (g->column_w - 2 * layout->pad, 1) * PANGO_SCALE));
  pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_END);
  pango_layout_get_extents (pl, NULL, &logical);
  _lab_chart_set_color (cr, layout->palette->text);
  cairo_move_to (cr, column->x + layout->pad,
                 (g->header_h - logical.height / (double) PANGO_SCALE) / 2);
  _lab_chart_show_layout (cr, layout, pl);
}

/* The change of one model's elapsed time */

typedef enum
{
  CHANGE_NONE,      /* still running, stopped or failed: nothing to say */
  CHANGE_SAME,
  CHANGE_SLOWER,
  CHANGE_FASTER,
  CHANGE_NEW,       /* not in the run before */
} Change;

/* Only whole runs compare: a part of the work says nothing of a change. */
static gint64
complete_elapsed (LabTrace *trace)
{
  if (!lab_trace_is_complete (trace))
    return -1;
  return lab_trace_get_end_ns (trace) - lab_trace_get_begin_ns (trace);
}

static Change
describe_change (LabComparison  *before,
                 LabTrace       *trace,
                 char          **out_text)
{
  g_autoptr(LabTrace) old = lab_comparison_dup_trace_like (before, trace);
  g_autofree char *delta = NULL;
  gint64 was, now;
  double ratio;

  *out_text = NULL;
  if (old == NULL)
    {
      /* Translators: a model of the what-if run that the run before did not have */
      *out_text = g_strdup (_("not in the run before"));
      return CHANGE_NEW;
    }
  was = complete_elapsed (old);
  now = complete_elapsed (trace);
  if (was <= 0 || now <= 0)
    return CHANGE_NONE;

  delta = lab_duration_format (llabs (now - was));
  ratio = (double) now / (double) was;
  if (fabs (ratio - 1.0) < SAME_RATIO)
    {
      /* Translators: a what-if run's time against the run before: "±0.01 s, about the same" */
      *out_text = g_strdup_printf (_("±%s, about the same"), delta);
      return CHANGE_SAME;
    }
  if (now > was)
    {
      /* Translators: "+1.90 s, 1.95× slower" than the run before */
      *out_text = g_strdup_printf (_("+%s, %.2f× slower"), delta, ratio);
      return CHANGE_SLOWER;
    }
  /* Translators: "−0.40 s, 1.30× faster" than the run before */
  *out_text = g_strdup_printf (_("−%s, %.2f× faster"), delta, 1.0 / ratio);
  return CHANGE_FASTER;
}

static LabColor
change_color (const LabChartLayout *layout,
              Change                change)
{
  gboolean dark = layout->options.theme == LAB_THEME_DARK;

  switch (change)
    {
    case CHANGE_SLOWER:
      /* Okabe–Ito vermillion; lighter on a dark background */
      return dark ? (LabColor) { 1.0, 0.55, 0.35, 1 } : (LabColor) { 0.76, 0.28, 0.0, 1 };
    case CHANGE_FASTER:
      /* Okabe–Ito bluish green */
      return dark ? (LabColor) { 0.35, 0.85, 0.65, 1 } : (LabColor) { 0.0, 0.50, 0.36, 1 };
    case CHANGE_NONE:
    case CHANGE_SAME:
    case CHANGE_NEW:
    default:
      return layout->palette->dim_text;
    }
}

/* The pill's size around @text: the text's box and the round ends. */
static double
change_width (const LabChartLayout *layout,
              const char           *text)
{
  double w = _lab_chart_text_width (layout, text, layout->title_px, TRUE);

  return w + layout->title_px * layout->line_ratio * 0.7;
}

/* Right-aligned on the panel's title line, over a tinted pill so that it
 * reads as a result, not as part of the title; the title keeps that end
 * of its line free (title_reserve). */
static void
draw_change (cairo_t              *cr,
             const LabChartLayout *layout,
             const LabChartPanel  *p,
             const char           *text,
             Change                change)
{
  g_autoptr(PangoLayout) pl = _lab_chart_text_layout (layout, cr, text, layout->title_px, TRUE);
  LabColor color = change_color (layout, change);
  PangoRectangle logical;
  double w, h, x, y, r;

  pango_layout_get_extents (pl, NULL, &logical);
  w = logical.width / (double) PANGO_SCALE;
  h = logical.height / (double) PANGO_SCALE;
  r = h * 0.35;
  x = layout->x + layout->width - layout->pad - r - w;
  y = p->y + (p->task_y - p->y - h) / 2;

  cairo_save (cr);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x - r, y + r, r, G_PI, 1.5 * G_PI);
  cairo_arc (cr, x + w + r, y + r, r, 1.5 * G_PI, 2 * G_PI);
  cairo_arc (cr, x + w + r, y + h - r, r, 0, 0.5 * G_PI);
  cairo_arc (cr, x - r, y + h - r, r, 0.5 * G_PI, G_PI);
  cairo_close_path (cr);
  _lab_chart_set_color (cr, layout->palette->panel);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, color.r, color.g, color.b, change == CHANGE_SLOWER
                                                        || change == CHANGE_FASTER ? 0.16 : 0.08);
  cairo_fill (cr);
  _lab_chart_set_color (cr, color);
  cairo_move_to (cr, x, y);
  _lab_chart_show_layout (cr, layout, pl);
  cairo_restore (cr);
}

/* The words beside each panel's title in a column: the change of time in
 * the what-if column, "not run again" in the baseline's. */
static GPtrArray *
column_notes (const LabChartLayout *layout,
              LabComparison        *before,
              LabComparison        *after,
              gboolean              is_baseline,
              Change               *changes)
{
  GPtrArray *notes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < layout->n_panels; i++)
    {
      const LabChartPanel *p = &layout->panels[i];
      char *text = NULL;

      changes[i] = CHANGE_NONE;
      if (p->drawn && !is_baseline)
        changes[i] = describe_change (before, p->trace, &text);
      else if (p->drawn && !has_model_like (after, p->trace))
        /* Translators: a model of the run before that the what-if run did not run */
        text = g_strdup (_("not run again"));
      g_ptr_array_add (notes, text);
    }
  return notes;
}

/* A column's chart, with room kept at the end of every title for its notes. */
static void
draw_column (cairo_t              *cr,
             const LabChartColumn *column,
             LabComparison        *before,
             LabComparison        *after)
{
  g_autoptr(LabChartLayout) layout = _lab_chart_layout_new (column->comparison, &column->options);
  g_autofree Change *changes = g_new0 (Change, layout->n_panels + 1);
  g_autoptr(GPtrArray) notes = column_notes (layout, before, after, column->is_baseline, changes);

  for (guint i = 0; i < notes->len; i++)
    if (g_ptr_array_index (notes, i) != NULL)
      layout->title_reserve = MAX (layout->title_reserve,
                                   change_width (layout, g_ptr_array_index (notes, i)));
  _lab_chart_draw_layout (cr, layout);
  for (guint i = 0; i < notes->len; i++)
    if (g_ptr_array_index (notes, i) != NULL)
      draw_change (cr, layout, &layout->panels[i], g_ptr_array_index (notes, i), changes[i]);
}

void
_lab_chart_draw_what_if (cairo_t               *cr,
                         LabComparison         *comparison,
                         const LabChartOptions *options)
{
  g_autoptr(LabChartLayout) whole = NULL;
  LabChartColumn columns[2];
  LabChartOptions plain;
  Geometry g;

  g_assert (options->baseline != NULL);

  measure (options, &g);
  for (guint i = 0; i < 2; i++)
    lab_chart_what_if_get_column (comparison, options, i, &columns[i]);
  /* For the palette and text measurement of the headings. */
  plain = *options;
  plain.baseline = NULL;
  whole = _lab_chart_layout_new (comparison, &plain);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, options->width, options->height);
  cairo_clip (cr);
  if (!options->transparent)
    {
      _lab_chart_set_color (cr, whole->palette->background);
      cairo_paint (cr);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *heading = heading_text (options->baseline, comparison, i == 0);

      draw_heading (cr, whole, &g, &columns[i], heading);
      cairo_save (cr);
      cairo_translate (cr, columns[i].x, columns[i].y);
      cairo_rectangle (cr, 0, 0, columns[i].options.width, columns[i].options.height);
      cairo_clip (cr);
      draw_column (cr, &columns[i], options->baseline, comparison);
      cairo_restore (cr);
    }
  /* A rule between the columns, so that the two charts read as two. */
  _lab_chart_set_color (cr, whole->palette->grid);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, g.column_w + floor (g.gap / 2) + 0.5, g.header_h * 0.3);
  cairo_line_to (cr, g.column_w + floor (g.gap / 2) + 0.5, options->height - g.header_h * 0.3);
  cairo_stroke (cr);
  cairo_restore (cr);
}
