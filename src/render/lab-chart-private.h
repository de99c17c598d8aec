/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <math.h>
#include <pango/pangocairo.h>

#include "lab-chart.h"
#include "lab-palette.h"

G_BEGIN_DECLS

/* The chart's typeface, for pango; and the same for CSS (SVG text). */
#define LAB_CHART_FONT_FAMILY "Cantarell, DejaVu Sans, Sans"
#define LAB_CHART_CSS_FONT_FAMILY "Cantarell, DejaVu Sans, sans-serif"

/*
 * The one layout of a chart: computed by _lab_chart_layout_new() from the
 * comparison and the options, used by drawing and by every geometry query,
 * so the two can never disagree. A panel is a stack of bands, one per
 * layer it shows (lab-chart-layer-private.h): the task lanes, then the rows of the
 * core lanes (each core's lane and its utilization band interleaved), then
 * the strips.
 */

typedef struct _LabChartLayerClass LabChartLayerClass;
typedef struct _LabChartLegendEntry LabChartLegendEntry;

/* Where a layer's rows or strip lie in a panel. */
typedef struct
{
  const LabChartLayerClass *klass;
  double                    y;       /* strip: its top; rows: its part's top in the first row */
  double                    height;  /* strip: its height; rows: its part of every row */
} LabChartBand;

/* Bands of one panel: task rows, two core-row layers and the strips. */
#define LAB_CHART_MAX_BANDS 16

typedef struct
{
  LabTrace    *trace;           /* owned */
  gboolean     drawn;           /* FALSE: no room for this panel */
  const char  *error;           /* the model could not run: shown instead of lanes */
  double       y, height;       /* the panel's rectangle (x and width are the layout's) */
  double       title_y;
  LabChartAxis axis;            /* visible window */
  LabChartAxis fit_axis;        /* everything visible */
  gint64       zero_ns;         /* absolute time of the panel's zero: the trace's begin */
  gint64       live_end_ns;     /* absolute: the trace's end, or the live edge */
  gboolean     live;            /* still recording */

  /* Task rows: a lane per task, or per group where they cannot fit. */
  guint        n_tasks;
  guint        n_failed;        /* tasks that failed */
  guint        recorded_states; /* a bit per LabState a finished run recorded; all while running */
  guint        tasks_per_row;   /* > 1: lanes summarize groups of tasks */
  guint        n_task_rows;
  double       task_y;          /* top of the first task lane */
  double       task_h;          /* height of one task lane */

  /* Core rows: every layer with a row per core (lane, utilization) in turn. */
  guint        n_cores;
  guint        cores_per_row;
  guint        n_core_rows;     /* 0: no layer with core rows is shown */
  double       core_y;          /* top of the first core row */
  double       core_h;          /* the height of the row's first layer: the lane */
  double       core_pitch;      /* one core row, all its layers */

  double       lanes_bottom;    /* under the last row or strip */
  double       axis_y;          /* own_scale: this panel's axis labels; else < 0 */

  gint64       predicted_ns;    /* the learner's prediction of this model; 0: none */
  gboolean     has_verdict;     /* a verdict's line under the bar (written when drawn) */

  /* The layers this panel shows (chosen and with data), top to bottom. */
  guint        n_bands;
  LabChartBand bands[LAB_CHART_MAX_BANDS];
} LabChartPanel;

/* Legend entries the chart may need, in order, each once. */
#define LAB_CHART_MAX_LEGEND 32

typedef struct
{
  LabChartOptions  options;
  LabComparison   *comparison;  /* owned */
  const LabPalette *palette;
  PangoContext    *pango;       /* measures text the same way for any target */

  double           small_px;    /* labels, ticks, legend */
  double           title_px;    /* panel titles */
  double           pad;
  double           lane_min;    /* the smallest lane drawn for many tasks */
  double           lane_floor;  /* the smallest lane of a handful of tasks, before they group */
  double           line_ratio;  /* a line of text's height over its font size */

  double           x, width;    /* the panels' horizontal extent */
  double           label_w;     /* lane labels at the left */
  double           plot_x, plot_w;

  double           stamp_y;     /* < 0: no stamp */
  double           legend_y;    /* first legend row */
  double           legend_x;    /* legend's left edge in its first row */
  double           legend_row_h;
  guint            legend_rows;
  guint            n_legend;
  const LabChartLegendEntry *legend[LAB_CHART_MAX_LEGEND];

  double           axis_y;      /* shared axis labels; < 0 with own_scale */
  double           axis_h;
  double           bars_y;      /* comparison bars; < 0: not shown */
  double           bars_row_h;
  guint            bars_rows;   /* the heading, a bar per panel and a line per verdict */

  guint            n_panels;
  LabChartPanel   *panels;

  double           replay_y;    /* the replay's caption band; < 0: not replaying */
  double           replay_h;

  /* Kept free at the right end of every panel's title line (a what-if
   * writes each model's change there); 0: none. */
  double           title_reserve;
} LabChartLayout;

LabChartLayout *_lab_chart_layout_new       (LabComparison         *comparison,
                                             const LabChartOptions *options);
void            _lab_chart_layout_free      (LabChartLayout        *layout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabChartLayout, _lab_chart_layout_free)

/* Panel time (ns since the panel's zero) to x, and back. */
double          _lab_chart_time_to_x        (const LabChartPanel   *panel,
                                             gint64                 t_ns);
gint64          _lab_chart_x_to_time        (const LabChartPanel   *panel,
                                             double                 x);
/* Absolute time (as recorded) to x. */
static inline double
_lab_chart_abs_to_x (const LabChartPanel *panel,
                     gint64               t_ns)
{
  return _lab_chart_time_to_x (panel, t_ns - panel->zero_ns);
}

/* How far @t_ns lies from @begin_ns to @end_ns: 0 inside. */
static inline gint64
_lab_chart_distance_ns (gint64 t_ns,
                        gint64 begin_ns,
                        gint64 end_ns)
{
  return t_ns < begin_ns ? begin_ns - t_ns : t_ns > end_ns ? t_ns - end_ns : 0;
}

/* The time one unit of @panel's plot spans (at least 1 ns): a sliver is
 * drawn that wide, and found within it. */
static inline gint64
_lab_chart_ns_per_unit (const LabChartPanel *panel)
{
  return MAX ((gint64) ((panel->axis.end_ns - panel->axis.begin_ns)
                        / MAX (panel->axis.plot_width, 1.0)), 1);
}

/* Nothing is drawn past the live edge, nor in a replay past its playhead:
 * the absolute time drawing stops at. */
gint64          _lab_chart_draw_edge        (const LabChartLayout  *layout,
                                             const LabChartPanel   *panel);
/* One column per device pixel of @panel's plot. */
guint           _lab_chart_n_columns        (const LabChartLayout  *layout,
                                             const LabChartPanel   *panel);

/* A 1-2-5 step (1, 2 or 5 × 10^k ns) so that ticks over @span_ns drawn on
 * @width_px are at least @min_spacing_px apart. */
gint64          _lab_chart_choose_tick      (gint64                 span_ns,
                                             double                 width_px,
                                             double                 min_spacing_px);
/* "1.5 s" for @t_ns on an axis of @step_ns spanning up to @max_ns. */
char           *_lab_chart_format_tick      (gint64                 t_ns,
                                             gint64                 step_ns,
                                             gint64                 max_ns);

/* Text */
PangoLayout    *_lab_chart_text_layout      (const LabChartLayout  *layout,
                                             cairo_t               *cr,
                                             const char            *text,
                                             double                 px,
                                             gboolean               bold);
double          _lab_chart_text_width       (const LabChartLayout  *layout,
                                             const char            *text,
                                             double                 px,
                                             gboolean               bold);
/* The smallest text's size for an image of @width × @height: sized for a
 * slide, scaled with the square root of the area ratio (lab-chart-layout.c). */
double          _lab_chart_small_px_for_size (double                width,
                                              double                height,
                                              double                font_scale);
/* The largest size, up to @px, whose line fits in @h. */
double          _lab_chart_text_px_for      (const LabChartLayout  *layout,
                                             double                 px,
                                             double                 h);
char           *_lab_chart_task_row_label   (const LabChartPanel   *panel,
                                             guint                  row);
char           *_lab_chart_core_row_label   (const LabChartPanel   *panel,
                                             guint                  row);
char           *_lab_chart_dup_model_name   (const LabChartLayout  *layout,
                                             guint                  index);
/* A task's name (its thread's, where observed). */
char           *_lab_chart_dup_task_name    (const LabChartPanel   *panel,
                                             guint                  task,
                                             gboolean               short_form);
gboolean        _lab_chart_panel_measured_cores (const LabChartPanel *panel);

/* lab_chart_draw() of a layout made by the caller (options->baseline unset). */
void            _lab_chart_draw_layout      (cairo_t               *cr,
                                             const LabChartLayout  *layout);

/* lab-chart-decor.c: the panel's frame (background, title, row labels,
 * grid, markers, live edge) and everything around the panels. */
void            _lab_chart_draw_decorations (cairo_t               *cr,
                                             const LabChartLayout  *layout);
void            _lab_chart_draw_panel_frame (cairo_t               *cr,
                                             const LabChartLayout  *layout,
                                             const LabChartPanel   *panel,
                                             guint                  index);
/* The row labels, drawn after the layers: @chips, a task's identity shade
 * before its label, where a layer drew tasks in those shades. */
void            _lab_chart_draw_row_labels  (cairo_t               *cr,
                                             const LabChartLayout  *layout,
                                             const LabChartPanel   *panel,
                                             gboolean               chips);
/* replay_ns for the still under an animated replay: everything drawn, the
 * caption band empty and no playhead (lab-export-replay-svg.c animates them). */
#define LAB_CHART_REPLAY_STILL (G_MAXINT64 / 4)
/* lab-chart-replay.c: the height of the caption band, and the playheads
 * and captions drawn over a replayed chart. */
double          _lab_chart_replay_band_height (const LabChartLayout *layout);
void            _lab_chart_draw_replay      (cairo_t               *cr,
                                             const LabChartLayout  *layout);
/* Where the band's text goes: the time at the left, a caption per panel
 * beside it, wrapped on up to @lines lines; panel i's caption starts at
 * @text_y + i × @lines × @line_h. */
typedef struct
{
  double time_x, time_w;
  double text_x, text_w;
  double text_y, line_h;
  guint  lines;
} LabChartReplayBand;
void            _lab_chart_replay_band      (const LabChartLayout  *layout,
                                             LabChartReplayBand    *band);
PangoLayout    *_lab_chart_replay_caption_layout (const LabChartLayout     *layout,
                                                  cairo_t                  *cr,
                                                  const char               *text,
                                                  const LabChartReplayBand *band);
/* What a replay's curtain hides to the right of the playhead: every lane
 * and strip of @panel below its title, up to the panel's right edge; the
 * last @corner of its height stops @corner short of it, clear of the
 * panel's rounded corner. */
typedef struct
{
  double top, bottom, right, corner;
} LabChartCurtain;
void            _lab_chart_replay_curtain   (const LabChartLayout  *layout,
                                             const LabChartPanel   *panel,
                                             LabChartCurtain       *curtain);

/* The gap above and below the bars of a lane of height @h. */
static inline double
_lab_chart_lane_inset (double h)
{
  return MAX (1.0, floor (h * 0.12));
}

/* How a piece of chart text is set: its size in pixels, its weight and
 * colour, and how it stands at its x: @align 0 from there to the right,
 * 0.5 centred on it, 1 ending there. */
typedef struct
{
  double   px;
  gboolean bold;
  LabColor color;
  double   align;
} LabChartTextStyle;

/* lab-chart-decor.c: @text in @style at (@x, @y), its line box's top,
 * ellipsized to @max_w when > 0; returns the width drawn. */
double          _lab_chart_draw_text        (cairo_t                 *cr,
                                             const LabChartLayout    *layout,
                                             const char              *text,
                                             double                   x,
                                             double                   y,
                                             const LabChartTextStyle *style,
                                             double                   max_w);
void            _lab_chart_set_color        (cairo_t               *cr,
                                             LabColor               color);
/* Shows @pl at the current point in the current source colour, and
 * reports each of its lines to the options' text_func; every piece of
 * chart text is drawn through it. */
void            _lab_chart_show_layout      (cairo_t               *cr,
                                             const LabChartLayout  *layout,
                                             PangoLayout           *pl);
/* A cross of radius @r: a failed task; the caller saves the line settings. */
void            _lab_chart_draw_cross       (cairo_t               *cr,
                                             double                 cx,
                                             double                 cy,
                                             double                 r,
                                             LabColor               color);
void            _lab_chart_rounded_rectangle (cairo_t              *cr,
                                              double                x,
                                              double                y,
                                              double                w,
                                              double                h,
                                              double                r);
/* A swatch: the square of a legend key or of a lane label's chip, its
 * corners rounded alike. _lab_chart_swatch() adds it to the path (to clip
 * to); _lab_chart_fill_swatch() fills it in @color. */
void            _lab_chart_swatch           (cairo_t               *cr,
                                             double                 x,
                                             double                 y,
                                             double                 size);
void            _lab_chart_fill_swatch      (cairo_t               *cr,
                                             double                 x,
                                             double                 y,
                                             double                 size,
                                             LabColor               color);
/* The top of a line of text of size @px centred in a box. */
double          _lab_chart_line_top         (const LabChartLayout  *layout,
                                             double                 box_y,
                                             double                 box_h,
                                             double                 px);

/* lab-chart-what-if.c: lab_chart_draw() with options->baseline. */
void            _lab_chart_draw_what_if     (cairo_t               *cr,
                                             LabComparison         *comparison,
                                             const LabChartOptions *options);

/* Predict-then-run: the centre of the prediction's marker on the bar of
 * panel @index; FALSE without bars or prediction. */
gboolean        _lab_chart_prediction_marker (const LabChartLayout *layout,
                                              guint                 index,
                                              double               *out_x,
                                              double               *out_y);

G_END_DECLS
