/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-chart-layer-private.h"
#include "lab-chart-spans-private.h"
#include "lab-comparison.h"
#include "lab-duration.h"
#include "lab-figures.h"
#include "lab-run-entry.h"
#include "lab-verdict.h"

/*
 * Where everything goes. One function decides the whole geometry, so the
 * drawing and the queries of a widget (axis, hit test) always agree.
 */

/* Text is sized for a slide (14 px at the smallest) and scales with the
 * square root of the area ratio: a small window keeps readable text rather
 * than shrinking it in proportion. Shared with the what-if columns
 * (lab-chart-private.h), whose titles match a full-width chart's. */
double
_lab_chart_small_px_for_size (double width,
                              double height,
                              double font_scale)
{
  double s = MIN (width / LAB_CHART_SLIDE_WIDTH, height / LAB_CHART_SLIDE_HEIGHT);
  double px = MAX (9.0, 14.0 * sqrt (MAX (s, 0.0))) * (font_scale > 0 ? font_scale : 1.0);

  /* never below a slide's size on an image larger than one */
  if (s >= 1.0)
    px = MAX (px, 14.0);
  return px;
}

static void
choose_sizes (LabChartLayout *layout)
{
  const LabChartOptions *o = &layout->options;

  layout->small_px = _lab_chart_small_px_for_size (o->width, o->height, o->font_scale);
  layout->title_px = layout->small_px * 1.2;
  layout->pad = layout->small_px * 0.6;
  layout->lane_min = ceil (MAX (10.0, layout->small_px * 1.15));
  /* a handful of tasks shrink to this before any two share a lane: their
   * labels then shrink too, to 80 % of the others */
  layout->lane_floor = ceil (MAX (10.0, layout->small_px * 0.8 * layout->line_ratio));
}

/* How tall a line of text is for its size, in the chart's font. */
static double
measure_line_ratio (LabChartLayout *layout)
{
  g_autoptr(PangoLayout) pl = _lab_chart_text_layout (layout, NULL, "Ág", 100, FALSE);
  PangoRectangle logical;

  pango_layout_get_extents (pl, NULL, &logical);
  return MAX (logical.height / (double) PANGO_SCALE / 100.0, 1.0);
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

/**
 * _lab_chart_text_px_for:
 * @px: the size wanted
 * @h: the height there is
 *
 * Returns: @px, or the largest size whose line fits in @h
 */
double
_lab_chart_text_px_for (const LabChartLayout *layout,
                        double                px,
                        double                h)
{
  return MIN (px, floor (h / layout->line_ratio * 4) / 4);
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
    return _lab_chart_dup_task_name (panel, first, FALSE);
  if (lab_trace_get_observed (panel->trace) != NULL)
    /* Translators: a lane summarizing a group of a traced program's threads, numbered from 1 */
    return g_strdup_printf (_("Lanes %u–%u"), first + 1, last + 1);
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

/* Bands */

/* The strips @p may show, by priority, lowest first: the order in which
 * they go where space is short. */
static guint
collect_strips (const LabChartLayout     *layout,
                const LabChartPanel      *p,
                const LabChartLayerClass *strips[LAB_CHART_MAX_BANDS])
{
  guint n = 0;

  for (guint l = 0; l < _lab_chart_layer_get_n (); l++)
    {
      const LabChartLayerClass *klass = _lab_chart_layer_get (l);
      guint at;

      if (klass->rows != LAB_CHART_ROWS_NONE || !_lab_chart_layer_shown (klass, layout, p)
          || n == LAB_CHART_MAX_BANDS)
        continue;
      for (at = n; at > 0 && strips[at - 1]->priority > klass->priority; at--)
        strips[at] = strips[at - 1];
      strips[at] = klass;
      n++;
    }
  return n;
}

/* Levels of detail: 0 every strip in full, 1 every strip compact, then
 * one strip fewer each level, the last with none. */
static guint
n_levels (const LabChartLayout *layout,
          const LabChartPanel  *p)
{
  const LabChartLayerClass *strips[LAB_CHART_MAX_BANDS];
  guint n = collect_strips (layout, p, strips);

  return n == 0 ? 1 : n + 2;
}

/* Sets @p's bands for @level, in the layers' order, the rows' heights
 * still unknown; returns the height the strips take, gaps included. */
static double
set_bands (const LabChartLayout *layout,
           LabChartPanel        *p,
           guint                 level)
{
  const LabChartLayerClass *strips[LAB_CHART_MAX_BANDS];
  guint n_strips = collect_strips (layout, p, strips);
  guint dropped = level >= 2 ? MIN (level - 1, n_strips) : 0;
  LabChartDetail detail = level == 0 ? LAB_CHART_DETAIL_FULL : LAB_CHART_DETAIL_COMPACT;
  double gap = floor (layout->pad * 0.4), total = 0;

  p->n_bands = 0;
  if (p->error != NULL)
    return 0;
  for (guint l = 0; l < _lab_chart_layer_get_n (); l++)
    {
      const LabChartLayerClass *klass = _lab_chart_layer_get (l);
      LabChartBand *band = &p->bands[p->n_bands];
      gboolean kept = klass->rows != LAB_CHART_ROWS_NONE;

      if (!_lab_chart_layer_shown (klass, layout, p) || p->n_bands == LAB_CHART_MAX_BANDS)
        continue;
      for (guint k = dropped; !kept && k < n_strips; k++)
        kept = strips[k] == klass;
      if (!kept)
        continue;
      *band = (LabChartBand) { klass, 0, 0 };
      if (klass->rows == LAB_CHART_ROWS_NONE)
        {
          band->height = klass->measure (layout, p, detail);
          total += band->height + gap;
        }
      p->n_bands++;
    }
  return total;
}

/* A core row's height for lanes of @lane: its first layer a lane, the
 * others their share of one. */
static double
core_pitch_for (const LabChartPanel *p,
                double               lane)
{
  double pitch = 0;

  for (guint i = 0; i < p->n_bands; i++)
    if (p->bands[i].klass->rows == LAB_CHART_ROWS_CORES)
      pitch += pitch == 0 ? lane : floor (lane * p->bands[i].klass->row_share);
  return pitch;
}

/* At most this many tasks always get a lane each, shrinking first. */
#define FEW_TASKS 16

/* Leaves out the layers with core rows: a handful of tasks need the room. */
static void
drop_core_rows (LabChartPanel *p)
{
  guint kept = 0;

  for (guint i = 0; i < p->n_bands; i++)
    if (p->bands[i].klass->rows != LAB_CHART_ROWS_CORES)
      p->bands[kept++] = p->bands[i];
  p->n_bands = kept;
}

/* Groups the core rows into at most @share of @inner at lanes of @lane;
 * returns the height they take. */
static double
group_cores (LabChartPanel *p,
             guint          n_cores,
             double         inner,
             double         share,
             double         lane)
{
  guint rows = (guint) floor (inner * share / core_pitch_for (p, lane));

  rows = CLAMP (rows, 1, n_cores);
  p->cores_per_row = (n_cores + rows - 1) / rows;
  return ((n_cores + p->cores_per_row - 1) / p->cores_per_row) * core_pitch_for (p, lane);
}

/* Whether a layer of @p draws a strip of its own below the lanes. */
static gboolean
has_strips (const LabChartPanel *p)
{
  for (guint i = 0; i < p->n_bands; i++)
    if (p->bands[i].klass->rows == LAB_CHART_ROWS_NONE)
      return TRUE;
  return FALSE;
}

/* Fits the rows of @p into @avail; returns the height it needs, or a
 * negative value where not even one lane fits. Where space is short, core
 * lanes group first (into at most half of it); for a handful of tasks, the
 * task lanes shrink to lane_floor, the core lanes into one row and then
 * out of the panel; only then do tasks share lanes. */
static double
fit_rows (LabChartLayout *layout,
          LabChartPanel  *p,
          double          avail,
          double          fixed)
{
  /* A few tasks get tall lanes rather than empty space; strips keep the
   * room their level was chosen for, so lanes beside them stay shorter. */
  double lane_pref = layout->small_px * (has_strips (p) ? 5.0 : 8.0);
  double lane_min = layout->lane_min;
  double floor_h = layout->lane_floor;
  double weight = core_pitch_for (p, 1000.0) / 1000.0;
  guint n_cores = weight > 0 ? p->n_cores : 0;
  double gap = n_cores > 0 ? round (layout->pad * 0.4) : 0;
  double inner = avail - fixed - gap;
  double lane = MIN (inner / (p->n_tasks + n_cores * weight), lane_pref);
  gboolean few = p->n_tasks <= FEW_TASKS;
  double core_lane, remaining;

  p->tasks_per_row = p->cores_per_row = 1;
  if (lane >= lane_min)
    p->task_h = core_lane = floor (lane);
  else
    {
      core_lane = ceil (lane_min);
      remaining = inner - (n_cores > 0 ? group_cores (p, n_cores, inner, 0.5, core_lane) : 0);
      if (few && n_cores > 0 && remaining < p->n_tasks * floor_h)
        {
          core_lane = floor_h;
          p->cores_per_row = n_cores;
          remaining = inner - core_pitch_for (p, core_lane);
          if (remaining < p->n_tasks * floor_h)
            {
              drop_core_rows (p);
              n_cores = 0;
              remaining = inner + gap;
              gap = 0;
            }
        }
      if (few && remaining >= p->n_tasks * floor_h)
        p->task_h = floor (MIN (lane_pref, remaining / p->n_tasks));
      else
        {
          guint fit = remaining > 0 ? (guint) floor (remaining / lane_min) : 0;

          if (fit == 0)
            return -1;
          p->tasks_per_row = (p->n_tasks + fit - 1) / fit;
          p->task_h = floor (MIN (lane_pref, remaining / ((p->n_tasks + p->tasks_per_row - 1)
                                                          / p->tasks_per_row)));
        }
    }
  p->n_task_rows = (p->n_tasks + p->tasks_per_row - 1) / p->tasks_per_row;
  p->n_core_rows = n_cores > 0 ? (n_cores + p->cores_per_row - 1) / p->cores_per_row : 0;
  p->core_h = n_cores > 0 ? core_lane : 0;
  p->core_pitch = core_pitch_for (p, core_lane);
  return fixed + p->n_task_rows * p->task_h
         + (p->n_core_rows > 0 ? gap + p->n_core_rows * p->core_pitch : 0);
}

/* The bands' places, top to bottom, from the first task lane. */
static void
place_bands (LabChartLayout *layout,
             LabChartPanel  *p)
{
  double gap = floor (layout->pad * 0.4);
  double y = p->task_y + p->n_task_rows * p->task_h;
  double core_offset = 0;

  p->core_y = y + (p->n_core_rows > 0 ? round (layout->pad * 0.4) : 0);
  y = p->core_y + p->n_core_rows * p->core_pitch;
  for (guint i = 0; i < p->n_bands; i++)
    {
      LabChartBand *band = &p->bands[i];

      switch (band->klass->rows)
        {
        case LAB_CHART_ROWS_TASKS:
          band->y = p->task_y;
          band->height = p->task_h;
          break;
        case LAB_CHART_ROWS_CORES:
          band->y = p->core_y + core_offset;
          band->height = core_offset == 0 ? p->core_h : floor (p->core_h * band->klass->row_share);
          core_offset += band->height;
          break;
        case LAB_CHART_ROWS_NONE:
        default:
          band->y = y + gap;
          y = band->y + band->height;
          break;
        }
    }
  p->lanes_bottom = y;
}

/* The richest strips that cost the task lanes nothing they would have
 * without strips: no grouping where none was needed, and at most half
 * the rows where tasks are grouped anyway (a group's lane summarizes its
 * tasks either way, and a strip may be the point of the lesson: the
 * memory of ten thousand connections). */
static guint
choose_level (LabChartLayout *layout,
              LabChartPanel  *p,
              double          avail,
              double          fixed)
{
  guint none = n_levels (layout, p) - 1;
  guint base_per_row, base_rows;

  if (fit_rows (layout, p, avail, fixed + set_bands (layout, p, none)) < 0)
    return none;
  base_per_row = p->tasks_per_row;
  base_rows = p->n_task_rows;
  for (guint level = 0; level < none; level++)
    {
      if (fit_rows (layout, p, avail, fixed + set_bands (layout, p, level)) < 0)
        continue;
      if (p->tasks_per_row == base_per_row
          || (base_per_row > 1 && p->n_task_rows * 2 >= base_rows))
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
      p->n_task_rows = p->n_core_rows = p->n_bands = 0;
      p->lanes_bottom = p->task_y;
      used = MIN (avail, title_h + layout->small_px * 3 + bottom);
    }
  else
    {
      double fixed = title_h + own_axis + bottom;
      guint level = choose_level (layout, p, avail, fixed);

      used = fit_rows (layout, p, avail, fixed + set_bands (layout, p, level));
      if (used < 0)
        return -1;
      place_bands (layout, p);
      if (own_axis > 0)
        p->axis_y = p->lanes_bottom;
    }
  p->height = used;
  p->drawn = TRUE;
  return used;
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
      for (guint b = 0; b < p->n_bands; b++)
        if (p->bands[b].klass->caption_width != NULL)
          w = MAX (w, p->bands[b].klass->caption_width (layout, p, &p->bands[b]));
    }
  /* room for the failed-task cross before the label, and a gap after it */
  return MIN (w + layout->small_px * 1.4 + layout->pad + 4, layout->width * 0.3);
}

/* The states a finished run recorded, a bit each; a running one may still
 * record any. Once per panel: the legend asks it of every state entry
 * whenever a layout is made, as on every pointer move over the chart. */
static guint
recorded_states (LabComparison *comparison,
                 LabTrace      *trace)
{
  g_autoptr(LabFigures) figures = NULL;
  guint states = 0;

  if (!lab_trace_is_finished (trace))
    return (1u << LAB_N_STATES) - 1;
  figures = lab_figures_new (comparison, trace);
  for (guint s = 0; s < LAB_N_STATES; s++)
    if (figures->analysis.state_ns[s] > 0)
      states |= 1u << s;
  return states;
}

static void
init_panels (LabChartLayout *layout)
{
  layout->n_panels = lab_comparison_get_n_traces (layout->comparison);
  layout->panels = g_new0 (LabChartPanel, MAX (layout->n_panels, 1));
  for (guint i = 0; i < layout->n_panels; i++)
    {
      LabChartPanel *p = &layout->panels[i];

      p->trace = lab_comparison_dup_trace (layout->comparison, i);
      p->error = lab_trace_get_error (p->trace);
      p->n_tasks = MAX (1, lab_trace_get_n_tasks (p->trace));
      p->n_cores = MAX (1, lab_trace_get_n_cores (p->trace));
      /* the tasks there are: a traced program's trace starts with none */
      for (guint t = 0; t < lab_trace_get_n_tasks (p->trace); t++)
        if (lab_trace_task_get_status (p->trace, t) == LAB_TASK_STATUS_FAILED)
          p->n_failed++;
      p->recorded_states = recorded_states (layout->comparison, p->trace);
      measure_panel_time (layout, p);
      p->predicted_ns = lab_comparison_get_prediction (layout->comparison,
                                                       lab_trace_get_model_id (p->trace));
      /* the line itself costs a sweep of the trace: only when drawn */
      p->has_verdict = lab_verdict_available (p->trace, p->predicted_ns);
    }
  /* the heading, a bar per panel, a line per verdict and a row per
   * model a stopped run never started */
  layout->bars_rows = layout->n_panels + 1
                      + lab_comparison_get_n_not_run (layout->comparison);
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
      /* whole units, as every row below: fills meet without blended edges */
      double used = place_panel (layout, &layout->panels[i], round (y), share);

      if (used < 0)
        {
          layout->panels[i].drawn = FALSE;
          continue;
        }
      y = round (y) + used;
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
  layout->line_ratio = measure_line_ratio (layout);
  choose_sizes (layout);
  layout->x = layout->pad;
  layout->width = MAX (1.0, options->width - 2 * layout->pad);
  layout->axis_h = layout->small_px * 1.7;
  layout->bars_row_h = floor (layout->small_px * 1.6);
  init_panels (layout);
  layout->replay_h = _lab_chart_replay_band_height (layout);
  layout->replay_y = options->replaying ? options->height - layout->pad - layout->replay_h : -1;

  _lab_chart_legend_collect (layout);
  top = _lab_chart_legend_place (layout, layout->pad);
  /* Lanes of single tasks matter more than the bars, which repeat the
   * titles' times: drop the bars where they would force grouping. Not
   * where they carry a learner's guesses and their verdicts: those are
   * nowhere else on the chart. */
  if (!place_vertical (layout, top, TRUE) && !has_predictions (layout))
    place_vertical (layout, top, FALSE);

  layout->label_w = measure_label_column (layout);
  /* On whole units, so that a column of the plot is a whole pixel: fills
   * meet without blended edges. */
  layout->plot_x = ceil (layout->x + layout->label_w);
  /* half a tick label of room at the right end */
  layout->plot_w = MAX (1.0, floor (layout->x + layout->width - layout->plot_x
                                    - layout->small_px * 1.5));
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

gint64
_lab_chart_draw_edge (const LabChartLayout *layout,
                      const LabChartPanel  *p)
{
  if (layout->options.replaying)
    return CLAMP (p->zero_ns + layout->options.replay_ns, p->zero_ns, p->live_end_ns);
  return p->live_end_ns;
}

guint
_lab_chart_n_columns (const LabChartLayout *layout,
                      const LabChartPanel  *p)
{
  return (guint) MAX (1.0, ceil (p->axis.plot_width * MAX (1.0, layout->options.scale)));
}

double
_lab_chart_band_row_y (const LabChartPanel *p,
                       const LabChartBand  *band,
                       guint                row)
{
  switch (band->klass->rows)
    {
    case LAB_CHART_ROWS_TASKS:
      return band->y + row * p->task_h;
    case LAB_CHART_ROWS_CORES:
      return band->y + row * p->core_pitch;
    case LAB_CHART_ROWS_NONE:
    default:
      return band->y;
    }
}

void
_lab_chart_hit_core_row (const LabChartPanel *p,
                         const LabChartBand  *band,
                         double               y,
                         double               inset,
                         LabChartHit         *hit)
{
  guint row = (guint) ((y - p->core_y) / p->core_pitch);

  hit->first = row * p->cores_per_row;
  hit->last = MIN (p->n_cores, hit->first + p->cores_per_row) - 1;
  hit->y = _lab_chart_band_row_y (p, band, row) + inset;
  hit->height = band->height - 2 * inset;
}

void
_lab_chart_nearest_init (LabChartNearest      *nearest,
                         const LabChartLayout *layout,
                         const LabChartPanel  *p,
                         const LabChartHit    *hit)
{
  nearest->t_ns = p->zero_ns + hit->time_ns;
  nearest->tolerance_ns = _lab_chart_ns_per_unit (p);
  nearest->edge_ns = _lab_chart_draw_edge (layout, p);
  nearest->best = G_MAXINT64;
}

gboolean
_lab_chart_nearest_offer (LabChartNearest  *nearest,
                          const LabSegment *s)
{
  gint64 distance;

  if (s->begin_ns >= nearest->edge_ns)
    return TRUE;
  distance = _lab_chart_distance_ns (nearest->t_ns, s->begin_ns, MIN (s->end_ns, nearest->edge_ns));
  if (distance <= nearest->tolerance_ns && distance < nearest->best)
    {
      nearest->best = distance;
      nearest->segment = *s;
    }
  return nearest->best > 0;
}

gboolean
_lab_chart_nearest_found (const LabChartNearest *nearest)
{
  return nearest->best != G_MAXINT64;
}

void
_lab_chart_nearest_to_hit (const LabChartNearest *nearest,
                           const LabChartPanel   *p,
                           GArray                *spans,
                           LabChartHit           *hit)
{
  gint i = spans != NULL ? _lab_chart_span_at (spans, nearest->segment.begin_ns, 0) : -1;
  double x0, x1;

  hit->has_segment = TRUE;
  hit->segment = nearest->segment;
  if (i >= 0)
    {
      const LabChartSpan *span = &g_array_index (spans, LabChartSpan, i);

      hit->segment.begin_ns = span->begin_ns;
      hit->segment.end_ns = span->end_ns;
      hit->segment.core = span->n_moves == 0 ? span->first_core : -1;
    }
  x0 = MAX (_lab_chart_abs_to_x (p, hit->segment.begin_ns), p->axis.plot_x);
  x1 = MIN (_lab_chart_abs_to_x (p, MIN (hit->segment.end_ns, nearest->edge_ns)),
            p->axis.plot_x + p->axis.plot_width);
  hit->has_item = TRUE;
  hit->x = x0;
  hit->width = MAX (x1 - x0, 1.0);
}

/* Panel @index's name (or, past the panels, a model a stopped run never
 * started): the model's, with its workers where the run has the same
 * model twice ("Threads, 2 workers"); what a traced program's panel
 * traced. */
char *
_lab_chart_dup_model_name (const LabChartLayout *layout,
                           guint                 index)
{
  return lab_run_entry_dup_name (layout->comparison, index);
}

/**
 * _lab_chart_panel_measured_cores:
 * @panel: a panel
 *
 * Returns: whether the panel's run says which core its tasks ran on: every
 * run of this program and every traced program does; another tool's trace
 * (spans of named work, no cores) does not, and gets no core lanes nor
 * cores busy
 */
gboolean
_lab_chart_panel_measured_cores (const LabChartPanel *panel)
{
  LabObserved *roster = lab_trace_get_observed (panel->trace);

  return roster == NULL || lab_observed_is_measured (roster);
}

/**
 * _lab_chart_dup_task_name:
 * @panel: a panel
 * @task: one of its tasks
 * @short_form: a few characters, for inside a bar
 *
 * A task's name: "Task 3" ("3") of a workload; of a traced program, its
 * thread's name and id ("python3 4711", short "4711"), or its asyncio task's
 * name.
 *
 * Returns: (transfer full): the name
 */
char *
_lab_chart_dup_task_name (const LabChartPanel *panel,
                          guint                task,
                          gboolean             short_form)
{
  LabObserved *roster = lab_trace_get_observed (panel->trace);
  LabObservedTask info;
  char *name;

  if (roster == NULL || !lab_observed_copy_task (roster, task, &info))
    /* Translators: a task's name; tasks are numbered from 1 */
    return short_form ? g_strdup_printf ("%u", task + 1) : g_strdup_printf (_("Task %u"), task + 1);
  if (!short_form)
    name = lab_observed_dup_task_label (roster, task);
  else if (info.kind == LAB_OBSERVED_THREAD && info.tid > 0)
    name = g_strdup_printf ("%d", info.tid);
  else
    name = g_strdup (info.name);
  lab_observed_task_clear (&info);
  return name;
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
