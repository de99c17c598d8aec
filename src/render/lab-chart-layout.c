/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-chart-private.h"
#include "lab-comparison.h"
#include "lab-duration.h"
#include "lab-model.h"
#include "lab-verdict.h"

/*
 * Where everything goes. One function decides the whole geometry, so the
 * drawing and the queries of a widget (axis, hit test) always agree.
 */


/* Text is sized for a 1920×1080 slide (14 px at the smallest) and scales
 * with the square root of the area ratio: a small window keeps readable
 * text rather than shrinking it in proportion. */
static void
choose_sizes (LabChartLayout *layout)
{
  const LabChartOptions *o = &layout->options;
  double s = MIN (o->width / 1920.0, o->height / 1080.0);
  double font_scale = o->font_scale > 0 ? o->font_scale : 1.0;

  layout->small_px = MAX (9.0, 14.0 * sqrt (MAX (s, 0.0))) * font_scale;
  if (s >= 1.0)
    layout->small_px = MAX (layout->small_px, 14.0);
  layout->title_px = layout->small_px * 1.2;
  layout->pad = layout->small_px * 0.6;
  layout->lane_min = ceil (MAX (10.0, layout->small_px * 1.15));
}

static PangoContext *
create_pango_context (void)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (map);
  cairo_font_options_t *fo = cairo_font_options_create ();

  /* Unhinted metrics make text measure the same on an image, SVG or PDF
   * surface and at any scale. */
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, fo);
  cairo_font_options_destroy (fo);
  return context;
}

static void
set_font (PangoLayout *pl,
          double       px,
          gboolean     bold)
{
  PangoFontDescription *desc = pango_font_description_from_string (LAB_CHART_FONT_FAMILY);

  pango_font_description_set_absolute_size (desc, px * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (pl, desc);
  pango_font_description_free (desc);
}

/**
 * _lab_chart_text_layout:
 *
 * A layout for @text drawn on @cr, or only measured when @cr is %NULL.
 */
PangoLayout *
_lab_chart_text_layout (const LabChartLayout *layout,
                        cairo_t              *cr,
                        const char           *text,
                        double                px,
                        gboolean              bold)
{
  PangoLayout *pl;

  if (cr != NULL)
    {
      cairo_font_options_t *fo = cairo_font_options_create ();

      pl = pango_cairo_create_layout (cr);
      cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
      cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
      pango_cairo_context_set_font_options (pango_layout_get_context (pl), fo);
      pango_layout_context_changed (pl);
      cairo_font_options_destroy (fo);
    }
  else
    pl = pango_layout_new (layout->pango);
  set_font (pl, px, bold);
  pango_layout_set_text (pl, text, -1);
  return pl;
}

double
_lab_chart_text_width (const LabChartLayout *layout,
                       const char           *text,
                       double                px,
                       gboolean              bold)
{
  g_autoptr(PangoLayout) pl = _lab_chart_text_layout (layout, NULL, text, px, bold);
  PangoRectangle logical;

  pango_layout_get_extents (pl, NULL, &logical);
  return logical.width / (double) PANGO_SCALE;
}

char *
_lab_chart_task_row_label (const LabChartPanel *panel,
                           guint                row)
{
  guint first = row * panel->tasks_per_row;
  guint last = MIN (panel->n_tasks, first + panel->tasks_per_row) - 1;

  if (first == last)
    /* Translators: a task lane's label; tasks are numbered from 1 */
    return g_strdup_printf (_("Task %u"), first + 1);
  /* Translators: a lane summarizing a group of tasks, numbered from 1 */
  return g_strdup_printf (_("Tasks %u–%u"), first + 1, last + 1);
}

char *
_lab_chart_core_row_label (const LabChartPanel *panel,
                           guint                row)
{
  guint first = row * panel->cores_per_row;
  guint last = MIN (panel->n_cores, first + panel->cores_per_row) - 1;

  if (first == last)
    /* Translators: a CPU core's lane, numbered from 0 as the kernel does */
    return g_strdup_printf (_("Core %u"), first);
  /* Translators: a lane summarizing a group of CPU cores */
  return g_strdup_printf (_("Cores %u–%u"), first, last);
}

/* Time span of a panel: its run's length, or up to the live edge. */
static void
measure_panel_time (LabChartLayout *layout,
                    LabChartPanel  *panel)
{
  LabTrace *trace = panel->trace;
  gint64 begin = lab_trace_get_begin_ns (trace);
  gint64 edge;

  panel->live = !lab_trace_is_finished (trace) && lab_trace_get_error (trace) == NULL;
  if (begin == 0)
    begin = lab_comparison_get_begin_ns (layout->comparison);
  panel->zero_ns = begin;
  if (!panel->live)
    edge = lab_trace_get_end_ns (trace) > 0 ? lab_trace_get_end_ns (trace)
                                            : lab_trace_get_last_ns (trace);
  else if (layout->options.now_ns > 0)
    edge = layout->options.now_ns;
  else
    edge = lab_trace_get_last_ns (trace);
  panel->live_end_ns = MAX (edge, begin);
}

static void
set_axes (LabChartLayout *layout)
{
  const LabChartOptions *o = &layout->options;
  gint64 shared_end = 0;

  for (guint i = 0; i < layout->n_panels; i++)
    shared_end = MAX (shared_end, layout->panels[i].live_end_ns - layout->panels[i].zero_ns);
  /* What-if columns share one axis across two comparisons. */
  shared_end = MAX (shared_end, o->axis_span_ns);

  for (guint i = 0; i < layout->n_panels; i++)
    {
      LabChartPanel *p = &layout->panels[i];
      gint64 end = o->own_scale ? p->live_end_ns - p->zero_ns : shared_end;

      if (end <= 0)
        end = G_GINT64_CONSTANT (1000000000);
      p->fit_axis = (LabChartAxis) { layout->plot_x, layout->plot_w, 0, end };
      p->axis = p->fit_axis;
      if (o->view_end_ns > o->view_begin_ns)
        {
          p->axis.begin_ns = o->view_begin_ns;
          p->axis.end_ns = o->view_end_ns;
        }
    }
}

/* Fits the lanes of @p into @avail; returns the height it needs, or a
 * negative value where not even one lane fits. */
static double
fit_lanes (LabChartLayout *layout,
           LabChartPanel  *p,
           double          avail,
           double          fixed)
{
  /* a few tasks get tall lanes, not a page of empty space */
  double lane_pref = layout->small_px * 5.0;
  double lane_min = layout->lane_min;
  double u = p->util_h > 0 ? 0.3 : 0.0;
  double gap = layout->pad * 0.4;
  double inner = avail - fixed - gap;
  double lane, remaining;
  guint fit_rows;

  lane = inner / (p->n_tasks + p->n_cores * (1 + u));
  lane = MIN (lane, lane_pref);
  if (lane >= lane_min)
    {
      p->tasks_per_row = p->cores_per_row = 1;
      p->task_h = p->core_h = floor (lane);
    }
  else
    {
      /* Cores get at most half; tasks are grouped into what is left. */
      guint core_rows = (guint) floor (inner / 2 / (lane_min * (1 + u)));

      core_rows = CLAMP (core_rows, 1, p->n_cores);
      p->cores_per_row = (p->n_cores + core_rows - 1) / core_rows;
      p->core_h = ceil (lane_min);
      remaining = inner - ((p->n_cores + p->cores_per_row - 1) / p->cores_per_row)
                          * p->core_h * (1 + u);
      fit_rows = remaining > 0 ? (guint) floor (remaining / lane_min) : 0;
      if (fit_rows == 0)
        return -1;
      p->tasks_per_row = (p->n_tasks + fit_rows - 1) / fit_rows;
      p->task_h = floor (MIN (lane_pref, remaining / ((p->n_tasks + p->tasks_per_row - 1)
                                                       / p->tasks_per_row)));
    }
  p->n_task_rows = (p->n_tasks + p->tasks_per_row - 1) / p->tasks_per_row;
  p->n_core_rows = (p->n_cores + p->cores_per_row - 1) / p->cores_per_row;
  p->util_h = u > 0 ? floor (p->core_h * u) : 0;
  return fixed + p->n_task_rows * p->task_h + gap
         + p->n_core_rows * (p->core_h + p->util_h);
}

/* The richest strips (lab-chart-strips.c) that cost the task lanes
 * nothing they would have without strips: no grouping where none was
 * needed, and at most a quarter fewer rows where tasks are grouped anyway. */
static guint
choose_strips (LabChartLayout *layout,
               LabChartPanel  *p,
               double          avail,
               double          fixed)
{
  guint none = LAB_CHART_STRIPS_LEVELS - 1;
  guint base_per_row, base_rows;

  if (fit_lanes (layout, p, avail, fixed + _lab_chart_strips_size (layout, p, none)) < 0)
    return none;
  base_per_row = p->tasks_per_row;
  base_rows = p->n_task_rows;
  for (guint level = 0; level < none; level++)
    {
      if (fit_lanes (layout, p, avail, fixed + _lab_chart_strips_size (layout, p, level)) < 0)
        continue;
      if (p->tasks_per_row == base_per_row
          || (base_per_row > 1 && p->n_task_rows * 4 >= base_rows * 3))
        return level;
    }
  return none;
}

/* The panel's own rows from its top @y within @avail; returns the height used. */
static double
place_panel (LabChartLayout *layout,
             LabChartPanel  *p,
             double          y,
             double          avail)
{
  double title_h = floor (layout->title_px * 1.5);
  double own_axis = layout->options.own_scale ? layout->axis_h : 0;
  double bottom = layout->pad * 0.6;
  double used;

  p->y = y;
  p->title_y = y + layout->pad * 0.3;
  p->task_y = y + title_h;
  p->axis_y = -1;
  if (p->error != NULL)
    {
      p->n_task_rows = p->n_core_rows = 0;
      used = MIN (avail, title_h + layout->small_px * 3 + bottom);
    }
  else
    {
      double fixed = title_h + own_axis + bottom;
      guint level = choose_strips (layout, p, avail, fixed);

      used = fit_lanes (layout, p, avail, fixed + _lab_chart_strips_size (layout, p, level));
      if (used < 0)
        return -1;
      p->core_y = p->task_y + p->n_task_rows * p->task_h + layout->pad * 0.4;
      _lab_chart_strips_place (layout, p, p->core_y + p->n_core_rows * (p->core_h + p->util_h));
      if (own_axis > 0)
        p->axis_y = p->strips_bottom;
    }
  p->height = used;
  p->drawn = TRUE;
  return used;
}

/**
 * _lab_chart_legend_last:
 *
 * Returns: the legend's last entry: the drop request where a panel has a
 *   GIL lane, else the failed tasks
 */
guint
_lab_chart_legend_last (const LabChartLayout *layout)
{
  for (guint i = 0; i < layout->n_panels; i++)
    if (layout->panels[i].has_gil)
      return LAB_CHART_LEGEND_DROP;
  return LAB_CHART_LEGEND_FAILED;
}

static double
legend_item_width (LabChartLayout *layout,
                   guint           item)
{
  const char *label = item == LAB_CHART_LEGEND_DROP ? _lab_chart_strips_legend_label ()
                      : item == LAB_CHART_LEGEND_FAILED ? _("Failed") : lab_state_get_label (item);

  return layout->small_px * 1.9 + _lab_chart_text_width (layout, label, layout->small_px, FALSE);
}

/* The stamp on the first line; the legend beside it when it fits, else in
 * rows of its own. Space is kept for every entry, so the geometry does not
 * depend on which states happen to occur. */
static double
place_header (LabChartLayout *layout,
              double          y)
{
  double line = layout->small_px * 1.6;
  double avail = layout->width;
  double total = 0, row_w = 0;
  guint rows = 1;

  for (guint i = 0; i <= _lab_chart_legend_last (layout); i++)
    {
      double w = legend_item_width (layout, i);

      total += w;
      if (row_w > 0 && row_w + w > avail)
        rows++, row_w = 0;
      row_w += w;
    }
  layout->legend_row_h = line;
  layout->stamp_y = layout->options.show_stamp ? y : -1;
  if (layout->options.show_stamp && total <= avail * 0.55)
    {
      layout->legend_y = y;
      layout->legend_rows = 1;
      layout->legend_x = layout->x + layout->width - total;
      return y + line;
    }
  if (layout->options.show_stamp)
    y += line;
  layout->legend_y = y;
  layout->legend_x = layout->x;
  layout->legend_rows = rows;
  return y + rows * line;
}

static double
measure_label_column (LabChartLayout *layout)
{
  double w = 0;

  for (guint i = 0; i < layout->n_panels; i++)
    {
      LabChartPanel *p = &layout->panels[i];

      if (!p->drawn || p->error != NULL)
        continue;
      for (guint r = 0; r < p->n_task_rows; r += MAX (1, p->n_task_rows - 1))
        {
          g_autofree char *text = _lab_chart_task_row_label (p, r);
          w = MAX (w, _lab_chart_text_width (layout, text, layout->small_px, FALSE));
        }
      for (guint r = 0; r < p->n_core_rows; r += MAX (1, p->n_core_rows - 1))
        {
          g_autofree char *text = _lab_chart_core_row_label (p, r);
          w = MAX (w, _lab_chart_text_width (layout, text, layout->small_px, FALSE));
        }
      w = MAX (w, _lab_chart_strips_label_width (layout, p));
    }
  /* room for the failed-task cross before the label, and a gap after it */
  return MIN (w + layout->small_px * 1.4 + layout->pad + 4, layout->width * 0.3);
}

static void
init_panels (LabChartLayout *layout)
{
  layout->n_panels = lab_comparison_get_n_traces (layout->comparison);
  layout->panels = g_new0 (LabChartPanel, MAX (layout->n_panels, 1));
  for (guint i = 0; i < layout->n_panels; i++)
    {
      LabChartPanel *p = &layout->panels[i];

      p->trace = lab_comparison_get_trace (layout->comparison, i);
      p->error = lab_trace_get_error (p->trace);
      p->n_tasks = MAX (1, lab_trace_get_n_tasks (p->trace));
      p->n_cores = MAX (1, lab_trace_get_n_cores (p->trace));
      p->util_h = lab_trace_has_utilization (p->trace) ? 1 : 0;
      for (guint t = 0; t < p->n_tasks; t++)
        if (lab_trace_task_get_status (p->trace, t) == LAB_TASK_STATUS_FAILED)
          p->n_failed++;
      measure_panel_time (layout, p);
      _lab_chart_strips_init (p);
      p->predicted_ns = lab_comparison_get_prediction (layout->comparison,
                                                       lab_trace_get_model_id (p->trace));
      /* the line itself costs a sweep of the trace: only when drawn */
      p->has_verdict = lab_verdict_available (p->trace, p->predicted_ns);
    }
  layout->bars_rows = layout->n_panels + 1;
  for (guint i = 0; i < layout->n_panels; i++)
    layout->bars_rows += layout->panels[i].has_verdict;
}

/* Gives every panel an equal share of @avail (less where it needs less). */
static double
place_panels (LabChartLayout *layout,
              double          y,
              double          avail)
{
  double share = layout->n_panels > 0 ? floor (avail / layout->n_panels) : 0;

  for (guint i = 0; i < layout->n_panels; i++)
    {
      double used = place_panel (layout, &layout->panels[i], y, share);

      if (used < 0)
        {
          layout->panels[i].drawn = FALSE;
          continue;
        }
      y += used;
    }
  return y;
}

/* The panels, the axis and (with @bars) the comparison bars below @top;
 * returns FALSE where a panel had to group its tasks or was left out. */
static gboolean
place_vertical (LabChartLayout *layout,
                double          top,
                gboolean        bars)
{
  const LabChartOptions *options = &layout->options;
  double bottom = options->height - layout->pad - layout->replay_h;
  double avail;

  layout->bars_y = -1;
  if (bars && options->show_comparison && layout->n_panels > 0)
    {
      /* a heading row, then a bar per model and a line per verdict */
      double bars_h = layout->bars_rows * layout->bars_row_h + layout->pad;

      /* The bars only when the panels keep room for a lane or two each. */
      if (bottom - bars_h - top - layout->axis_h
          >= layout->n_panels * (layout->title_px * 1.5 + 3 * layout->lane_min))
        {
          layout->bars_y = bars_h;
          bottom -= bars_h;
        }
    }
  avail = bottom - top - (options->own_scale ? 0 : layout->axis_h);
  layout->axis_y = place_panels (layout, top + layout->pad * 0.5, MAX (avail, 0));
  /* the bars follow the panels, so a short chart keeps them together */
  if (layout->bars_y >= 0)
    layout->bars_y = layout->axis_y + (options->own_scale ? 0 : layout->axis_h) + layout->pad;
  if (options->own_scale)
    layout->axis_y = -1;

  if (layout->bars_y < 0)
    return TRUE;
  for (guint i = 0; i < layout->n_panels; i++)
    if (!layout->panels[i].drawn || layout->panels[i].tasks_per_row > 1)
      return FALSE;
  return TRUE;
}

static gboolean
has_predictions (const LabChartLayout *layout)
{
  for (guint i = 0; i < layout->n_panels; i++)
    if (layout->panels[i].predicted_ns > 0)
      return TRUE;
  return FALSE;
}

/**
 * _lab_chart_layout_new:
 * @comparison: what to draw
 * @options: how
 *
 * Returns: (transfer full): the geometry of the whole chart
 */
LabChartLayout *
_lab_chart_layout_new (LabComparison         *comparison,
                       const LabChartOptions *options)
{
  LabChartLayout *layout = g_new0 (LabChartLayout, 1);
  double top;

  layout->options = *options;
  layout->comparison = lab_comparison_ref (comparison);
  layout->palette = lab_palette_get (options->theme);
  layout->pango = create_pango_context ();
  choose_sizes (layout);
  layout->x = layout->pad;
  layout->width = MAX (1.0, options->width - 2 * layout->pad);
  layout->axis_h = layout->small_px * 1.7;
  layout->bars_row_h = floor (layout->small_px * 1.6);
  init_panels (layout);
  layout->replay_h = _lab_chart_replay_band_height (layout);
  layout->replay_y = options->replaying ? options->height - layout->pad - layout->replay_h : -1;

  top = place_header (layout, layout->pad);
  /* Lanes of single tasks matter more than the bars, which repeat the
   * titles' times: drop the bars where they would force grouping. Not
   * where they carry a learner's guesses and their verdicts: those are
   * nowhere else on the chart. */
  if (!place_vertical (layout, top, TRUE) && !has_predictions (layout))
    place_vertical (layout, top, FALSE);

  layout->label_w = measure_label_column (layout);
  layout->plot_x = layout->x + layout->label_w;
  /* half a tick label of room at the right end */
  layout->plot_w = MAX (1.0, layout->x + layout->width - layout->plot_x - layout->small_px * 1.5);
  set_axes (layout);
  return layout;
}

void
_lab_chart_layout_free (LabChartLayout *layout)
{
  if (layout == NULL)
    return;
  for (guint i = 0; i < layout->n_panels; i++)
    lab_trace_unref (layout->panels[i].trace);
  g_free (layout->panels);
  g_clear_object (&layout->pango);
  lab_comparison_unref (layout->comparison);
  g_free (layout);
}

double
_lab_chart_time_to_x (const LabChartPanel *panel,
                      gint64               t_ns)
{
  const LabChartAxis *a = &panel->axis;

  return a->plot_x + (double) (t_ns - a->begin_ns) * a->plot_width
                     / (double) (a->end_ns - a->begin_ns);
}

gint64
_lab_chart_x_to_time (const LabChartPanel *panel,
                      double               x)
{
  const LabChartAxis *a = &panel->axis;

  return a->begin_ns + (gint64) llround ((x - a->plot_x) / a->plot_width
                                         * (double) (a->end_ns - a->begin_ns));
}

gint64
_lab_chart_choose_tick (gint64 span_ns,
                        double width_px,
                        double min_spacing_px)
{
  if (span_ns <= 0 || width_px <= 0)
    return 1;
  return lab_duration_choose_step (span_ns,
                                   (gint64) ceil (min_spacing_px / width_px * (double) span_ns));
}

char *
_lab_chart_format_tick (gint64 t_ns,
                        gint64 step_ns,
                        gint64 max_ns)
{
  return lab_duration_format_tick (t_ns, step_ns, max_ns);
}
