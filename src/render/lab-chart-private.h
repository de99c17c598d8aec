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
 * so the two can never disagree.
 */

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

  guint        n_tasks;
  guint        n_failed;        /* tasks that failed */
  guint        tasks_per_row;   /* > 1: lanes summarize groups of tasks */
  guint        n_task_rows;
  double       task_y;          /* top of the first task lane */
  double       task_h;          /* height of one task lane */

  guint        n_cores;
  guint        cores_per_row;
  guint        n_core_rows;
  double       core_y;          /* top of the first core lane */
  double       core_h;          /* height of one core lane */
  double       util_h;          /* the utilization strip under each core lane; 0: none */

  double       axis_y;          /* own_scale: this panel's axis labels; else < 0 */

  gint64       predicted_ns;    /* the learner's prediction of this model; 0: none */
  gboolean     has_verdict;     /* a verdict's line under the bar (written when drawn) */

  /* The strips under the core lanes (lab-chart-strips.c); height 0: not shown. */
  gboolean     has_gil;         /* the trace recorded a lock's holders */
  gboolean     has_loop;        /* the trace recorded an event loop's health */
  double       gil_y, gil_h;
  double       loop_y, loop_h;
  double       flight_y, flight_h;
  double       strips_bottom;   /* under the last strip (the core lanes' bottom without) */
} LabChartPanel;

typedef struct
{
  LabChartOptions  options;
  LabComparison   *comparison;  /* owned */
  const LabPalette *palette;
  PangoContext    *pango;       /* measures text the same way for any target */

  double           small_px;    /* labels, ticks, legend */
  double           title_px;    /* panel titles */
  double           pad;
  double           lane_min;    /* the smallest lane drawn */

  double           x, width;    /* the panels' horizontal extent */
  double           label_w;     /* lane labels at the left */
  double           plot_x, plot_w;

  double           stamp_y;     /* < 0: no stamp */
  double           legend_y;    /* first legend row */
  double           legend_x;    /* legend's left edge in its first row */
  double           legend_row_h;
  guint            legend_rows;

  double           axis_y;      /* shared axis labels; < 0 with own_scale */
  double           axis_h;
  double           bars_y;      /* comparison bars; < 0: not shown */
  double           bars_row_h;
  guint            bars_rows;   /* the heading, a bar per panel and a line per verdict */

  guint            n_panels;
  LabChartPanel   *panels;

  double           replay_y;    /* the replay's caption band; < 0: not replaying */
  double           replay_h;
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
char           *_lab_chart_task_row_label   (const LabChartPanel   *panel,
                                             guint                  row);
char           *_lab_chart_core_row_label   (const LabChartPanel   *panel,
                                             guint                  row);

/* Drawing, by part */
void            _lab_chart_draw_lanes       (cairo_t               *cr,
                                             const LabChartLayout  *layout,
                                             const LabChartPanel   *panel,
                                             guint                 *states_seen);
void            _lab_chart_draw_decorations (cairo_t               *cr,
                                             const LabChartLayout  *layout,
                                             guint                  states_seen);
void            _lab_chart_draw_panel_frame (cairo_t               *cr,
                                             const LabChartLayout  *layout,
                                             const LabChartPanel   *panel,
                                             guint                  index);
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

/* lab-chart-strips.c: the GIL holder, loop health and in-flight strips.
 * The layout tries levels of detail from 0 (richest) to
 * LAB_CHART_STRIPS_LEVELS - 1 (none). */
#define LAB_CHART_STRIPS_LEVELS 5
void            _lab_chart_strips_init      (LabChartPanel         *panel);
double          _lab_chart_strips_size      (const LabChartLayout  *layout,
                                             LabChartPanel         *panel,
                                             guint                  level);
double          _lab_chart_strips_place     (const LabChartLayout  *layout,
                                             LabChartPanel         *panel,
                                             double                 y);
double          _lab_chart_strips_label_width (const LabChartLayout *layout,
                                               const LabChartPanel  *panel);
void            _lab_chart_draw_strips      (cairo_t               *cr,
                                             const LabChartLayout  *layout,
                                             const LabChartPanel   *panel);
gboolean        _lab_chart_strips_hit       (const LabChartPanel   *panel,
                                             double                 x,
                                             double                 y,
                                             LabChartHit           *hit);
const char     *_lab_chart_strips_legend_label (void);
void            _lab_chart_strips_draw_legend_key (cairo_t              *cr,
                                                   const LabChartLayout *layout,
                                                   double                x,
                                                   double                y,
                                                   double                size);

/* The gap above and below the bars of a lane of height @h. */
static inline double
_lab_chart_lane_inset (double h)
{
  return MAX (1.0, floor (h * 0.12));
}

/* lab-chart-decor.c: @text at (@x, @y), its line box's top, aligned by
 * @align (0 left, 0.5 centre, 1 right), ellipsized to @max_w when > 0;
 * returns the width drawn. */
double          _lab_chart_draw_text        (cairo_t               *cr,
                                             const LabChartLayout  *layout,
                                             const char            *text,
                                             double                 x,
                                             double                 y,
                                             double                 px,
                                             gboolean               bold,
                                             LabColor               color,
                                             double                 align,
                                             double                 max_w);
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

/* lab-chart-whatif.c: lab_chart_draw() with options->baseline. */
void            _lab_chart_draw_what_if     (cairo_t               *cr,
                                             LabComparison         *comparison,
                                             const LabChartOptions *options);

/* Predict-then-run: the centre of the prediction's marker on the bar of
 * panel @index; FALSE without bars or prediction. */
gboolean        _lab_chart_prediction_marker (const LabChartLayout *layout,
                                              guint                 index,
                                              double               *out_x,
                                              double               *out_y);

/* lab-chart-whatif.c: lab_chart_draw() with options->baseline. */
void            _lab_chart_draw_what_if     (cairo_t               *cr,
                                             LabComparison         *comparison,
                                             const LabChartOptions *options);

/* The legend's extra entry for failed tasks, after the states. */
#define LAB_CHART_LEGEND_FAILED LAB_N_STATES
/* And for the GIL's drop requests, where a panel shows the GIL lane. */
#define LAB_CHART_LEGEND_DROP (LAB_CHART_LEGEND_FAILED + 1)
guint           _lab_chart_legend_last      (const LabChartLayout  *layout);

G_END_DECLS
