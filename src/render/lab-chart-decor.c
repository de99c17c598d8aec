/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-chart-layer-private.h"
#include "lab-duration.h"
#include "lab-figures.h"
#include "lab-run-entry.h"
#include "lab-verdict.h"

/*
 * Everything around the segments: panel backgrounds and titles, lane
 * labels, gridlines and the time axis, markers, the live edge, the legend,
 * the stamp and the comparison bars.
 */

/* Draws @text with its line box's top left (or centre, right: the
 * style's align 0.5, 1) at (@x, @y), ellipsized to @max_w when that is
 * positive; returns the width drawn. Shared with the strips
 * (lab-chart-private.h). */
double
_lab_chart_draw_text (cairo_t                 *cr,
                      const LabChartLayout    *layout,
                      const char              *text,
                      double                   x,
                      double                   y,
                      const LabChartTextStyle *style,
                      double                   max_w)
{
  g_autoptr(PangoLayout) pl = _lab_chart_text_layout (layout, cr, text, style->px, style->bold);
  PangoRectangle logical;

  if (max_w > 0)
    {
      pango_layout_set_width (pl, (int) (max_w * PANGO_SCALE));
      pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_extents (pl, NULL, &logical);
  _lab_chart_set_color (cr, style->color);
  cairo_move_to (cr, x - style->align * logical.width / PANGO_SCALE, y);
  _lab_chart_show_layout (cr, layout, pl);
  return logical.width / (double) PANGO_SCALE;
}

/* The device-space box of a rectangle in user space (axis-aligned: the
 * chart never rotates). */
static void
user_box_to_device (cairo_t *cr,
                    double  *x,
                    double  *y,
                    double  *w,
                    double  *h)
{
  double x1 = *x, y1 = *y, x2 = *x + *w, y2 = *y + *h;

  cairo_user_to_device (cr, &x1, &y1);
  cairo_user_to_device (cr, &x2, &y2);
  *x = MIN (x1, x2);
  *y = MIN (y1, y2);
  *w = fabs (x2 - x1);
  *h = fabs (y2 - y1);
}

static void
report_lines (cairo_t              *cr,
              const LabChartLayout *layout,
              PangoLayout          *pl)
{
  const char *text = pango_layout_get_text (pl);
  const PangoFontDescription *font = pango_layout_get_font_description (pl);
  g_autoptr(PangoLayoutIter) iter = pango_layout_get_iter (pl);
  double x0, y0, unused = 0, size_px;
  LabChartTextLine line = { 0 };

  cairo_get_current_point (cr, &x0, &y0);
  size_px = font != NULL ? pango_font_description_get_size (font) / (double) PANGO_SCALE : 0;
  cairo_user_to_device_distance (cr, &unused, &size_px);
  line.size_px = fabs (size_px);
  line.bold = font != NULL && pango_font_description_get_weight (font) >= PANGO_WEIGHT_BOLD;
  line.ellipsized = pango_layout_is_ellipsized (pl);
  cairo_pattern_get_rgba (cairo_get_source (cr), &line.r, &line.g, &line.b, &line.a);

  do
    {
      PangoLayoutLine *pline = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;
      double bx, by;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      line.text = text + pline->start_index;
      line.length = pline->length;
      line.x = x0 + logical.x / (double) PANGO_SCALE;
      line.y = y0 + logical.y / (double) PANGO_SCALE;
      line.width = logical.width / (double) PANGO_SCALE;
      line.height = logical.height / (double) PANGO_SCALE;
      user_box_to_device (cr, &line.x, &line.y, &line.width, &line.height);
      bx = x0;
      by = y0 + pango_layout_iter_get_baseline (iter) / (double) PANGO_SCALE;
      cairo_user_to_device (cr, &bx, &by);
      line.baseline_y = by;
      layout->options.text_func (&line, layout->options.text_data);
    }
  while (pango_layout_iter_next_line (iter));
}

void
_lab_chart_show_layout (cairo_t              *cr,
                        const LabChartLayout *layout,
                        PangoLayout          *pl)
{
  g_assert (cairo_has_current_point (cr));

  if (layout->options.text_func != NULL)
    report_lines (cr, layout, pl);
  if (layout->options.text_hidden)
    cairo_new_path (cr);
  else
    pango_cairo_show_layout (cr, pl);
}

double
_lab_chart_line_top (const LabChartLayout *layout,
                     double                box_y,
                     double                box_h,
                     double                px)
{
  return box_y + (box_h - px * layout->line_ratio) / 2;
}

static gint64
axis_step (const LabChartLayout *layout,
           const LabChartPanel  *p,
           double                min_spacing)
{
  gint64 span = p->axis.end_ns - p->axis.begin_ns;
  gint64 step = _lab_chart_choose_tick (span, p->axis.plot_width, min_spacing);
  g_autofree char *widest = _lab_chart_format_tick (p->axis.end_ns - p->axis.end_ns % step,
                                                    step, p->axis.end_ns);
  double need = _lab_chart_text_width (layout, widest, layout->small_px, FALSE)
                + layout->small_px * 1.5;

  if (need > min_spacing)
    return _lab_chart_choose_tick (span, p->axis.plot_width, need);
  return step;
}

static gint64
panel_step (const LabChartLayout *layout,
            const LabChartPanel  *p)
{
  return axis_step (layout, p, layout->small_px * 5);
}


static void
draw_grid (cairo_t              *cr,
           const LabChartLayout *layout,
           const LabChartPanel  *p)
{
  gint64 step = panel_step (layout, p);
  gint64 first = p->axis.begin_ns <= 0 ? 0 : (p->axis.begin_ns + step - 1) / step * step;

  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  _lab_chart_set_color (cr, layout->palette->grid);
  for (gint64 t = first; t <= p->axis.end_ns; t += step)
    {
      double x = round (_lab_chart_time_to_x (p, t)) + 0.5;

      cairo_move_to (cr, x, p->task_y);
      cairo_line_to (cr, x, p->lanes_bottom);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_axis_labels (cairo_t              *cr,
                  const LabChartLayout *layout,
                  const LabChartPanel  *p,
                  double                y)
{
  gint64 step = panel_step (layout, p);
  gint64 first = p->axis.begin_ns <= 0 ? 0 : (p->axis.begin_ns + step - 1) / step * step;
  double right = layout->options.width - 1;

  for (gint64 t = first; t <= p->axis.end_ns; t += step)
    {
      g_autofree char *text = _lab_chart_format_tick (t, step, p->axis.end_ns);
      double x = _lab_chart_time_to_x (p, t);
      double w = _lab_chart_text_width (layout, text, layout->small_px, FALSE);

      /* kept inside the chart at both ends */
      x = CLAMP (x - w / 2, 0, right - w);
      _lab_chart_draw_text (cr, layout, text, x,
                            _lab_chart_line_top (layout, y, layout->axis_h, layout->small_px),
                            &(LabChartTextStyle) { .px = layout->small_px,
                                                   .color = layout->palette->dim_text }, 0);
    }
}

/* The title line: the model's name, its time (or where it was stopped),
 * then the other figures lab-figures.h decides, cut with "…" where the
 * line ends; a what-if column's change badge sits in the space kept free
 * at the right (title_reserve). A model that could not run says why
 * under it. */
static void
draw_title (cairo_t              *cr,
            const LabChartLayout *layout,
            const LabChartPanel  *p,
            guint                 index)
{
  g_autofree char *name = _lab_chart_dup_model_name (layout, index);
  g_autoptr(LabFigures) figures = lab_figures_new (layout->comparison, p->trace);
  g_autoptr(GString) rest = g_string_new (NULL);
  const char *elapsed = lab_figures_find (figures, LAB_FIGURE_ELAPSED)->text;
  LabChartTextStyle name_style = { .px = layout->title_px, .bold = TRUE,
                                   .color = layout->palette->text };
  LabChartTextStyle figure_style = {
    .px = layout->title_px,
    .color = p->n_failed > 0 ? layout->palette->failed : layout->palette->dim_text,
  };
  double x = layout->x + layout->pad;
  double right = layout->x + layout->width - layout->pad
                 - (layout->title_reserve > 0 ? layout->title_reserve + layout->pad : 0);
  double y = _lab_chart_line_top (layout, p->y, p->task_y - p->y, layout->title_px);

  for (guint i = 0; i < figures->shown->len; i++)
    {
      const LabFigure *figure = g_ptr_array_index (figures->shown, i);

      /* A figure with no title words is for the table (memory: the
       * memory strip labels it). */
      if (figure->id == LAB_FIGURE_ELAPSED || figure->text[0] == '\0')
        continue;
      g_string_append_printf (rest, "%s%s", rest->len > 0 ? "  ·  " : "·  ", figure->text);
    }

  x += _lab_chart_draw_text (cr, layout, name, x, y, &name_style, right - x);
  if (p->error == NULL && *elapsed != '\0' && x + layout->pad < right)
    x += layout->pad + _lab_chart_draw_text (cr, layout, elapsed, x + layout->pad, y,
                                             &figure_style, right - x - layout->pad);
  /* the other figures, ellipsized, where at least a few letters of them fit */
  if (p->error == NULL && rest->len > 0 && x + layout->pad + 3 * layout->title_px < right)
    _lab_chart_draw_text (cr, layout, rest->str, x + layout->pad, y, &figure_style,
                          right - x - layout->pad);
  if (p->error != NULL)
    _lab_chart_draw_text (cr, layout, p->error, layout->x + layout->pad,
                          p->task_y + layout->small_px * 0.5,
                          &(LabChartTextStyle) { .px = layout->small_px * 1.1,
                                                 .color = layout->palette->failed },
                          layout->width - 2 * layout->pad);
}

void
_lab_chart_draw_cross (cairo_t *cr,
                       double   cx,
                       double   cy,
                       double   r,
                       LabColor color)
{
  _lab_chart_set_color (cr, color);
  cairo_set_line_width (cr, MAX (1.5, r * 0.45));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, cx - r, cy - r);
  cairo_line_to (cr, cx + r, cy + r);
  cairo_move_to (cr, cx + r, cy - r);
  cairo_line_to (cr, cx - r, cy + r);
  cairo_stroke (cr);
}

static gboolean
row_has_failure (const LabChartPanel *p,
                 guint                row)
{
  guint first = row * p->tasks_per_row;
  guint last = MIN (p->n_tasks, first + p->tasks_per_row);

  if (p->n_failed == 0)
    return FALSE;
  for (guint t = first; t < last; t++)
    if (lab_trace_task_get_status (p->trace, t) == LAB_TASK_STATUS_FAILED)
      return TRUE;
  return FALSE;
}

/* The lane's label; before it, for a failed task a cross (and the label
 * struck through), else the task's identity shade where a layer of the
 * panel tells tasks apart by it. */
static void
draw_lane_label (cairo_t              *cr,
                 const LabChartLayout *layout,
                 const char           *text,
                 double                y,
                 double                h,
                 gboolean              failed,
                 const LabColor       *chip)
{
  const LabPalette *palette = layout->palette;
  double px = _lab_chart_text_px_for (layout, layout->small_px, h);
  double x = layout->x + layout->small_px * 1.4;
  double top = _lab_chart_line_top (layout, y, h, px);
  double w;

  if (chip != NULL && !failed)
    {
      double size = MIN (px * 0.8, h - 2);

      _lab_chart_fill_swatch (cr, layout->x + layout->small_px * 0.6 - size / 2,
                              y + (h - size) / 2, size, *chip);
    }

  w = _lab_chart_draw_text (cr, layout, text, x, top,
                            &(LabChartTextStyle) { .px = px,
                                                   .color = failed ? palette->failed
                                                                   : palette->text },
                            layout->plot_x - x - 4);
  if (!failed)
    return;
  /* struck through, with a cross before it */
  cairo_save (cr);
  _lab_chart_draw_cross (cr, layout->x + layout->small_px * 0.6, y + h / 2, px * 0.28, palette->failed);
  cairo_set_line_width (cr, MAX (1.0, px * 0.08));
  cairo_move_to (cr, x, y + h / 2);
  cairo_line_to (cr, x + MIN (w, layout->plot_x - x - 4), y + h / 2);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_lane_backgrounds (cairo_t              *cr,
                       const LabChartLayout *layout,
                       const LabChartPanel  *p)
{
  _lab_chart_set_color (cr, layout->palette->stripe);
  for (guint r = 1; r < p->n_task_rows; r += 2)
    cairo_rectangle (cr, layout->x, p->task_y + r * p->task_h, layout->width, p->task_h);
  for (guint r = 1; r < p->n_core_rows; r += 2)
    cairo_rectangle (cr, layout->x, p->core_y + r * p->core_pitch, layout->width, p->core_pitch);
  cairo_fill (cr);
}

void
_lab_chart_draw_row_labels (cairo_t              *cr,
                            const LabChartLayout *layout,
                            const LabChartPanel  *p,
                            gboolean              chips)
{
  if (p->error != NULL)
    return;
  for (guint r = 0; r < p->n_task_rows; r++)
    {
      g_autofree char *text = _lab_chart_task_row_label (p, r);
      LabColor chip = lab_palette_get_identity (layout->palette, r);

      draw_lane_label (cr, layout, text, p->task_y + r * p->task_h, p->task_h,
                       row_has_failure (p, r),
                       p->tasks_per_row == 1 && chips ? &chip : NULL);
    }
  for (guint r = 0; r < p->n_core_rows; r++)
    {
      g_autofree char *text = _lab_chart_core_row_label (p, r);

      draw_lane_label (cr, layout, text, p->core_y + r * p->core_pitch, p->core_h, FALSE, NULL);
    }
}

/* The live edge of a running trace: a line through the lanes. */
static void
draw_live_edge (cairo_t              *cr,
                const LabChartLayout *layout,
                const LabChartPanel  *p)
{
  double x = _lab_chart_time_to_x (p, p->live_end_ns - p->zero_ns);

  if (!p->live || x < p->axis.plot_x || x > p->axis.plot_x + p->axis.plot_width)
    return;
  cairo_save (cr);
  _lab_chart_set_color (cr, layout->palette->now);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, x, p->task_y);
  cairo_line_to (cr, x, p->lanes_bottom);
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
_lab_chart_rounded_rectangle (cairo_t *cr,
                              double   x,
                              double   y,
                              double   w,
                              double   h,
                              double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

void
_lab_chart_swatch (cairo_t *cr,
                   double   x,
                   double   y,
                   double   size)
{
  _lab_chart_rounded_rectangle (cr, x, y, size, size, size * 0.2);
}

void
_lab_chart_fill_swatch (cairo_t  *cr,
                        double    x,
                        double    y,
                        double    size,
                        LabColor  color)
{
  _lab_chart_swatch (cr, x, y, size);
  _lab_chart_set_color (cr, color);
  cairo_fill (cr);
}

/**
 * _lab_chart_draw_panel_frame:
 *
 * The panel's background, title and gridlines, and its live edge; the
 * layers draw the rest, then _lab_chart_draw_row_labels() their labels.
 */
void
_lab_chart_draw_panel_frame (cairo_t              *cr,
                             const LabChartLayout *layout,
                             const LabChartPanel  *p,
                             guint                 index)
{
  cairo_save (cr);
  _lab_chart_rounded_rectangle (cr, layout->x, p->y, layout->width, p->height - layout->pad * 0.4,
                     layout->pad * 0.6);
  _lab_chart_set_color (cr, layout->palette->panel);
  cairo_fill (cr);
  draw_title (cr, layout, p, index);
  if (p->error == NULL)
    {
      draw_lane_backgrounds (cr, layout, p);
      draw_grid (cr, layout, p);
      draw_live_edge (cr, layout, p);
      if (p->axis_y >= 0)
        draw_axis_labels (cr, layout, p, p->axis_y);
    }
  cairo_restore (cr);
}

/* What another tool's trace holds that is not drawn, after the stamp. */
static void
append_observed_note (GString       *text,
                      LabComparison *c)
{
  for (guint i = 0; i < lab_comparison_get_n_traces (c); i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (c, i);
      LabObserved *roster = lab_trace_get_observed (trace);
      g_autofree char *note = roster != NULL ? lab_observed_dup_note (roster) : NULL;

      if (note != NULL)
        g_string_append_printf (text, "  ·  %s", note);
    }
}

/* Whether some model's title names its own workers: the plan runs it
 * twice, or with a count of its own (lab_run_entry_dup_name()). */
static gboolean
plan_has_own_workers (LabComparison *c)
{
  guint n = lab_comparison_get_n_planned (c);

  for (guint i = 0; i < n; i++)
    {
      const LabModel *model = lab_model_find (lab_comparison_get_planned (c, i, NULL));
      g_autofree char *name = lab_run_entry_dup_name (c, i);

      if (model != NULL && !g_str_equal (name, lab_model_get_name (model)))
        return TRUE;
    }
  return FALSE;
}

static void
draw_stamp (cairo_t              *cr,
            const LabChartLayout *layout)
{
  LabComparison *c = layout->comparison;
  LabWorkload *shared = lab_comparison_get_workload (c);
  guint cores = lab_comparison_get_n_cores (c);
  guint workers = lab_comparison_get_n_workers (c);
  g_autoptr(GString) text = g_string_new (NULL);
  double max_w = layout->width;

  if (shared != NULL)
    {
      g_autofree char *workload = lab_workload_describe (shared);

      g_string_append_printf (text, "%s, ", workload);
    }
  else if (!layout->n_panels || _lab_chart_panel_measured_cores (&layout->panels[0]))
    /* Translators: the stamp of a chart of a program traced from /proc */
    g_string_append (text, _("traced from the kernel's counters, "));
  else
    {
      /* Translators: the stamp of a chart of another tool's trace file: its
       * cores are not known */
      g_string_append (text, _("another tool's trace"));
      cores = 0;
    }
  if (cores > 0)
    g_string_append_printf (text, ngettext ("%u core", "%u cores", cores), cores);
  if (lab_comparison_get_core_limit (c) > 0)
    /* Translators: after "2 cores": a what-if run confined to fewer of them */
    g_string_append_printf (text, _(" (run on %u)"), lab_comparison_get_core_limit (c));
  /* A traced program's threads are its own, not workers of ours; a run
   * whose models have workers of their own names them in the panel titles
   * ("Threads, 2 workers"): one count here would contradict them. */
  if (shared == NULL || plan_has_own_workers (c))
    ;
  else if (workers > 0)
    g_string_append_printf (text, ngettext (", %u worker", ", %u workers", workers), workers);
  else
    g_string_append (text, _(", a worker per task"));
  if (lab_comparison_get_created (c) > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (lab_comparison_get_created (c));
      g_autofree char *date = dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : NULL;

      if (date != NULL)
        g_string_append_printf (text, "  ·  %s", date);
    }
  append_observed_note (text, c);
  if (layout->legend_y == layout->stamp_y)
    max_w = layout->legend_x - layout->x - layout->pad;
  _lab_chart_draw_text (cr, layout, text->str, layout->x,
                        _lab_chart_line_top (layout, layout->stamp_y, layout->legend_row_h,
                                             layout->small_px),
                        &(LabChartTextStyle) { .px = layout->small_px,
                                               .color = layout->palette->dim_text }, max_w);
}

/* The bars' horizontal geometry: drawing and the marker query share it. */
typedef struct
{
  gint64 ideal;
  double name_w;
  double value_w;
  double bar_x;
  double bar_w;
  double scale;       /* px per ns */
} Bars;

/* What follows panel @index's bar: its time (or where it was stopped),
 * and how late its waits ran where the lesson is about that. */
static char *
bar_value_text (const LabChartLayout *layout,
                guint                 index)
{
  const LabChartPanel *p = &layout->panels[index];
  g_autoptr(LabFigures) f = NULL;
  const LabFigure *late;

  if (p->error != NULL)
    return g_strdup (_("failed"));
  f = lab_figures_new (layout->comparison, p->trace);
  late = lab_figures_find (f, LAB_FIGURE_LATENESS);
  if (late != NULL)
    return g_strdup_printf ("%s  ·  %s", lab_figures_find (f, LAB_FIGURE_ELAPSED)->text,
                            late->text);
  return g_strdup (lab_figures_find (f, LAB_FIGURE_ELAPSED)->text);
}

static gboolean
measure_bars (const LabChartLayout *layout,
              Bars                 *b)
{
  LabComparison *c = layout->comparison;
  double px = layout->small_px;
  guint n_rows = layout->n_panels + lab_comparison_get_n_not_run (c);
  gint64 longest;

  /* from the measured work of the complete runs, none of which is below
   * it; while models still run, bars grow towards an ideal far to their
   * right, whose few dashes on one row read as "⋮": it is drawn once the
   * run is over */
  b->ideal = lab_comparison_is_finished (c) ? lab_figures_comparison_ideal_ns (c) : -1;
  b->name_w = 0;
  b->value_w = _lab_chart_text_width (layout, "000 ms", px, FALSE);
  /* what-if columns: both sets of bars on one scale, as their axes */
  longest = MAX (b->ideal, layout->options.axis_span_ns);
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *name = _lab_chart_dup_model_name (layout, i);

      b->name_w = MAX (b->name_w, _lab_chart_text_width (layout, name, px, FALSE));
    }
  for (guint i = 0; i < layout->n_panels; i++)
    {
      const LabChartPanel *p = &layout->panels[i];
      g_autofree char *value = bar_value_text (layout, i);

      b->value_w = MAX (b->value_w, _lab_chart_text_width (layout, value, px, FALSE));
      longest = MAX (longest, p->live_end_ns - p->zero_ns);
      /* a prediction beyond every bar stays on the scale */
      longest = MAX (longest, p->predicted_ns);
    }
  b->name_w = MIN (b->name_w + px, layout->width * 0.3);
  b->value_w = MIN (b->value_w + px * 0.4, layout->width * 0.4);
  b->bar_x = layout->x + b->name_w;
  b->bar_w = layout->width - b->name_w - b->value_w - px;
  if (b->bar_w <= px || longest <= 0)
    return FALSE;
  b->scale = b->bar_w / (double) longest;
  return TRUE;
}

/* The top of panel @index's bar: under the heading, each bar followed by
 * its verdict's line. */
static double
bar_row_y (const LabChartLayout *layout,
           guint                 index)
{
  double y = layout->bars_y + layout->bars_row_h;

  for (guint i = 0; i < index; i++)
    y += layout->bars_row_h * (layout->panels[i].has_verdict ? 2 : 1);
  return y;
}

/**
 * _lab_chart_prediction_marker:
 * @layout: a layout
 * @index: a panel
 * @out_x: (out): the marker's centre, at the predicted time on the bars' scale
 * @out_y: (out): the middle of the panel's bar
 *
 * Returns: FALSE when the bars are not shown or the panel has no prediction
 */
gboolean
_lab_chart_prediction_marker (const LabChartLayout *layout,
                              guint                 index,
                              double               *out_x,
                              double               *out_y)
{
  Bars b;

  if (layout->bars_y < 0 || index >= layout->n_panels
      || layout->panels[index].predicted_ns <= 0 || !measure_bars (layout, &b))
    return FALSE;
  *out_x = round (b.bar_x + (double) layout->panels[index].predicted_ns * b.scale);
  *out_y = bar_row_y (layout, index) + layout->bars_row_h / 2;
  return TRUE;
}

/* The prediction's mark: a diamond of half-diagonal @r, ringed in the
 * background colour so that it stands out on a bar of any shade. */
static void
draw_diamond (cairo_t              *cr,
              const LabChartLayout *layout,
              double                cx,
              double                cy,
              double                r)
{
  cairo_save (cr);
  cairo_move_to (cr, cx, cy - r);
  cairo_line_to (cr, cx + r, cy);
  cairo_line_to (cr, cx, cy + r);
  cairo_line_to (cr, cx - r, cy);
  cairo_close_path (cr);
  _lab_chart_set_color (cr, layout->palette->background);
  cairo_set_line_width (cr, MAX (1.5, r * 0.4));
  cairo_stroke_preserve (cr);
  _lab_chart_set_color (cr, layout->palette->prediction);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* A solid line across panel @index's row at the predicted time, and the
 * diamond on it; returns the right edge of the mark (0: none). */
static double
draw_prediction (cairo_t              *cr,
                 const LabChartLayout *layout,
                 guint                 index,
                 double                row_y)
{
  double x, y, r = layout->bars_row_h * 0.4;

  if (!_lab_chart_prediction_marker (layout, index, &x, &y))
    return 0;
  cairo_save (cr);
  _lab_chart_set_color (cr, layout->palette->prediction);
  cairo_set_line_width (cr, MAX (2.0, round (layout->small_px * 0.16)));
  cairo_move_to (cr, x, row_y);
  cairo_line_to (cr, x, row_y + layout->bars_row_h);
  cairo_stroke (cr);
  cairo_restore (cr);
  draw_diamond (cr, layout, x, y, r);
  return x + r;
}

/* The verdict's line under its bar, led by the diamond it explains. */
static void
draw_verdict (cairo_t              *cr,
              const LabChartLayout *layout,
              const Bars           *b,
              const LabChartPanel  *p,
              double                row_y)
{
  double px = layout->small_px, r = px * 0.4;
  double text_x = b->bar_x + 2 * r + px * 0.5;
  g_autofree char *verdict = lab_verdict_describe (p->trace, p->predicted_ns);

  if (verdict == NULL)
    return;
  draw_diamond (cr, layout, b->bar_x + r, row_y + layout->bars_row_h / 2, r);
  _lab_chart_draw_text (cr, layout, verdict, text_x,
                        _lab_chart_line_top (layout, row_y, layout->bars_row_h, px),
                        &(LabChartTextStyle) { .px = px, .color = layout->palette->text },
                        layout->x + layout->width - text_x);
}

/* The heading, and with any prediction a key to its diamond. */
static void
draw_bars_heading (cairo_t              *cr,
                   const LabChartLayout *layout,
                   const Bars           *b)
{
  double px = layout->small_px, row_h = layout->bars_row_h, y = layout->bars_y;
  g_autofree char *ideal_text = b->ideal >= 0 ? lab_duration_format (b->ideal) : NULL;
  g_autofree char *heading = NULL;
  LabChartTextStyle style = { .px = px, .bold = TRUE, .color = layout->palette->text };
  gboolean predicted = FALSE;
  double w, x;

  for (guint i = 0; i < layout->n_panels; i++)
    predicted |= layout->panels[i].predicted_ns > 0;

  if (ideal_text != NULL)
    /* Translators: heading of the bar chart; %s is the best time the
     * measured work allows */
    heading = g_strdup_printf (_("Elapsed time per model (dashed: ideal %s)"), ideal_text);
  else if (lab_comparison_get_workload (layout->comparison) == NULL)
    /* Translators: heading of the bar under a traced program's chart */
    heading = g_strdup (_("Elapsed time"));
  else
    /* Translators: heading of the bar chart while the models still run, or
     * of a run with no whole measurement */
    heading = g_strdup (_("Elapsed time per model"));
  w = _lab_chart_draw_text (cr, layout, heading, layout->x,
                            _lab_chart_line_top (layout, y, row_h, px), &style, layout->width);
  if (!predicted || w + 4 * px >= layout->width)
    return;
  x = layout->x + w + px * 1.2;
  draw_diamond (cr, layout, x + px * 0.4, y + row_h / 2, px * 0.4);
  style.color = layout->palette->prediction;
  /* Translators: the key to the diamond that marks a learner's predicted time */
  _lab_chart_draw_text (cr, layout, _("your prediction"), x + px * 1.3,
                        _lab_chart_line_top (layout, y, row_h, px), &style,
                        layout->x + layout->width - x - px * 1.3);
}

/* The models a stopped run never started, each a row without a bar. */
static void
draw_not_run (cairo_t              *cr,
              const LabChartLayout *layout,
              const Bars           *b)
{
  double row_h = layout->bars_row_h, px = layout->small_px;
  guint n = lab_comparison_get_n_not_run (layout->comparison);
  double y = bar_row_y (layout, layout->n_panels);
  LabChartTextStyle name_style = { .px = px, .color = layout->palette->dim_text, .align = 1 };
  LabChartTextStyle note_style = { .px = px, .color = layout->palette->dim_text };

  for (guint k = 0; k < n; k++, y += row_h)
    {
      g_autofree char *name = _lab_chart_dup_model_name (layout, layout->n_panels + k);

      _lab_chart_draw_text (cr, layout, name, b->bar_x - px * 0.5,
                            _lab_chart_line_top (layout, y, row_h, px), &name_style,
                            b->name_w - px * 0.5);
      /* Translators: in the comparison bars, a model the stopped run never started */
      _lab_chart_draw_text (cr, layout, _("not run"), b->bar_x,
                            _lab_chart_line_top (layout, y, row_h, px), &note_style, 0);
    }
}

static void
draw_bars (cairo_t              *cr,
           const LabChartLayout *layout)
{
  const LabPalette *palette = layout->palette;
  double row_h = layout->bars_row_h, px = layout->small_px;
  double ideal_x;
  Bars b;

  if (!measure_bars (layout, &b))
    return;
  draw_bars_heading (cr, layout, &b);
  ideal_x = round (b.bar_x + b.ideal * b.scale) + 0.5;
  for (guint i = 0; i < layout->n_panels; i++)
    {
      const LabChartPanel *p = &layout->panels[i];
      g_autofree char *name = _lab_chart_dup_model_name (layout, i);
      g_autofree char *value = bar_value_text (layout, i);
      gint64 elapsed = p->live_end_ns - p->zero_ns;
      double by = bar_row_y (layout, i), w = elapsed * b.scale, mark_end;

      _lab_chart_draw_text (cr, layout, name, b.bar_x - px * 0.5,
                            _lab_chart_line_top (layout, by, row_h, px),
                            &(LabChartTextStyle) { .px = px, .color = palette->text, .align = 1 },
                            b.name_w - px * 0.5);
      _lab_chart_rounded_rectangle (cr, b.bar_x, by + row_h * 0.18, MAX (w, 1), row_h * 0.64,
                                    row_h * 0.12);
      /* one neutral colour: the state colours keep their meaning */
      _lab_chart_set_color (cr, palette->bar);
      cairo_fill (cr);

      /* the ideal, dashed, over the bar rows only: the verdicts stay clear */
      if (b.ideal > 0)
        {
          double dash = MAX (2.0, px * 0.3);

          cairo_save (cr);
          _lab_chart_set_color (cr, palette->ideal);
          cairo_set_line_width (cr, MAX (1.5, px * 0.12));
          cairo_set_dash (cr, &dash, 1, 0);
          cairo_move_to (cr, ideal_x, by);
          cairo_line_to (cr, ideal_x, by + row_h);
          cairo_stroke (cr);
          cairo_restore (cr);
        }

      /* the value after the bar, and after the mark where they would meet */
      mark_end = draw_prediction (cr, layout, i, by);
      if (mark_end < b.bar_x + w || mark_end > b.bar_x + w + b.value_w + px)
        mark_end = 0;
      _lab_chart_draw_text (cr, layout, value, MAX (b.bar_x + w, mark_end) + px * 0.4,
                            _lab_chart_line_top (layout, by, row_h, px),
                            &(LabChartTextStyle) { .px = px,
                                                   .color = p->error != NULL ? palette->failed
                                                                             : palette->dim_text },
                            layout->x + layout->width - MAX (b.bar_x + w, mark_end) - px * 0.4);
      if (p->has_verdict)
        draw_verdict (cr, layout, &b, p, by + row_h);
    }
  draw_not_run (cr, layout, &b);
}

/**
 * _lab_chart_draw_decorations:
 *
 * The shared time axis, the stamp and the comparison bars (the legend is
 * drawn after the layers, from the marks they drew).
 */
void
_lab_chart_draw_decorations (cairo_t              *cr,
                             const LabChartLayout *layout)
{
  cairo_save (cr);
  if (layout->n_panels == 0)
    _lab_chart_draw_text (cr, layout, _("No results yet"), layout->options.width / 2,
                          layout->options.height / 2 - layout->title_px,
                          &(LabChartTextStyle) { .px = layout->title_px,
                                                 .color = layout->palette->dim_text,
                                                 .align = 0.5 }, 0);
  if (layout->axis_y >= 0)
    for (guint i = layout->n_panels; i > 0; i--)
      if (layout->panels[i - 1].drawn && layout->panels[i - 1].error == NULL)
        {
          draw_axis_labels (cr, layout, &layout->panels[i - 1], layout->axis_y);
          break;
        }
  if (layout->stamp_y >= 0)
    draw_stamp (cr, layout);
  if (layout->bars_y >= 0)
    draw_bars (cr, layout);
  cairo_restore (cr);
}
