/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "lab-chart-cache.h"
#include "lab-chart-layers.h"
#include "lab-comparison.h"
#include "lab-replay.h"

G_BEGIN_DECLS

/*
 * The one renderer: draws a comparison into any cairo_t (the window's
 * snapshot, PNG, SVG, PDF), so an exported image is what was on screen.
 */

/* A slide's size in pixels: the chart's text is sized for it, and it is
 * the size of an image or a replay when none is asked for. */
#define LAB_CHART_SLIDE_WIDTH  1920
#define LAB_CHART_SLIDE_HEIGHT 1080

typedef enum
{
  LAB_THEME_LIGHT,
  LAB_THEME_DARK,
} LabTheme;

/*
 * A line of text as the chart draws it, reported to options->text_func:
 * exports that keep text as text (SVG, slides) and tests that check text
 * never overlaps or leaves the image read it. The box is the line's logical
 * extents in device units of the target surface (the cairo_t's device
 * space), @baseline_y its baseline there, @size_px the font size in device
 * units. @ellipsized: pango cut the line to fit and drew "…" in place of
 * the end of @text.
 */
typedef struct
{
  const char *text;          /* the line's text, UTF-8; not NUL-terminated past @length */
  gsize       length;        /* bytes of @text in the line */
  double      x, y, width, height;
  double      baseline_y;
  double      size_px;
  gboolean    bold;
  gboolean    ellipsized;
  double      r, g, b, a;    /* the colour it is drawn in */
} LabChartTextLine;

typedef void (*LabChartTextFunc) (const LabChartTextLine *line,
                                  gpointer                user_data);

typedef struct
{
  double   width;            /* in cairo user units (px at scale 1) */
  double   height;
  LabTheme theme;
  gboolean transparent;      /* no background fill */
  gboolean own_scale;        /* each panel on its own time scale instead of one shared axis */
  gint64   view_begin_ns;    /* visible time window relative to the comparison's start; */
  gint64   view_end_ns;      /* both 0: fit everything */
  gboolean show_stamp;       /* workload and date line */
  gboolean show_comparison;  /* the bar chart of elapsed per model */
  double   fade;             /* 0: normal; 0..1: previous result shown faded */
  gint64   now_ns;           /* live edge for running traces (0: last recorded) */
  double   font_scale;       /* 1.0 default */
  double   scale;            /* device pixels per unit for PNG export (1 or 2); 1.0 default */
  /* Replay: segments drawn up to replay_ns (panel time, as on the axis), a
   * playhead on every panel and the captions of that moment in a band at
   * the bottom. @replay is the comparison's index, borrowed; NULL makes one
   * for each drawing (fine for one image, slow for a stream of frames). */
  gboolean   replaying;
  gint64     replay_ns;
  LabReplay *replay;
  gint64   axis_span_ns;     /* > 0: the shared axis spans at least this (what-if columns) */
  LabComparison *baseline;   /* what-if: the run before, drawn in a column beside; NULL: none */
  /* Every line of text drawn is reported to text_func (NULL: none); with
   * text_hidden its glyphs are not painted (the caller writes the text
   * itself, as text). */
  LabChartTextFunc text_func;
  gpointer         text_data;
  gboolean         text_hidden;
  /* The layers drawn beside the task lanes (lab-chart-layers.h). */
  LabChartLayers   layers;
  /* Derived figures kept between drawings of the same traces, borrowed;
   * NULL: computed for each drawing (fine for one image). */
  LabChartCache   *cache;
} LabChartOptions;

/* Defaults: light theme, shared axis, fit, stamp and comparison bar shown,
 * no fade, font scale 1, scale 1, every layer, no cache. */
void      lab_chart_options_init (LabChartOptions       *options,
                                  double                 width,
                                  double                 height);
void      lab_chart_draw         (cairo_t               *cr,
                                  LabComparison         *comparison,
                                  const LabChartOptions *options);

/*
 * What-if: with options->baseline, lab_chart_draw() draws two columns, the
 * run before (the baseline) and the comparison given (the what-if run),
 * each by lab_chart_draw() itself, on one time axis, with the change of
 * every model's elapsed time beside its title in the what-if column. The
 * geometry queries below know nothing of columns: find the column first
 * and ask with its comparison, options and coordinates.
 */
typedef struct
{
  LabComparison  *comparison;  /* (transfer none): the column's own */
  LabChartOptions options;     /* to draw or query it with, in the column's coordinates */
  double          x, y;        /* the column's top left in the whole chart */
  gboolean        is_baseline;
} LabChartColumn;

/* Column 0 is the baseline, 1 the what-if run. FALSE without a baseline. */
gboolean  lab_chart_what_if_get_column (LabComparison         *comparison,
                                        const LabChartOptions *options,
                                        guint                  index,
                                        LabChartColumn        *column);
/* The column under @x, @y; FALSE outside both (the gap, the headings). */
gboolean  lab_chart_what_if_column_at  (LabComparison         *comparison,
                                        const LabChartOptions *options,
                                        double                 x,
                                        double                 y,
                                        LabChartColumn        *column);

/*
 * Geometry, so that a widget can map pointer positions to time and to what
 * was drawn there. Computed by the same code that draws, from the same
 * inputs, so it always matches the picture.
 */

/* The time axis of one panel. Its zero is the start of the panel's own
 * run (the trace's begin): models run one after another all start at 0,
 * so their lengths compare; with all models run at once that is the
 * comparison's start. The same holds for view_*_ns and hit->time_ns. */
typedef struct
{
  double plot_x;        /* left edge of the time area */
  double plot_width;
  gint64 begin_ns;      /* visible window, relative to the comparison's start */
  gint64 end_ns;
} LabChartAxis;

/* Returns FALSE when @panel is not drawn (no such trace, or no room). With
 * @fit, the axis as if view_begin_ns = view_end_ns = 0 (everything visible),
 * whatever @options says. */
gboolean  lab_chart_get_axis     (LabComparison         *comparison,
                                  const LabChartOptions *options,
                                  guint                  panel,
                                  gboolean               fit,
                                  LabChartAxis          *axis);
/* The panel whose rectangle contains y; FALSE where no panel is. */
gboolean  lab_chart_panel_at     (LabComparison         *comparison,
                                  const LabChartOptions *options,
                                  double                 y,
                                  guint                 *panel);

/*
 * What lies under a point of the chart. Each layer answers for its own
 * lanes or strip (lab_chart_describe_hit() puts it in words); the fields
 * below are those every layer shares.
 */
typedef struct
{
  gboolean     in_plot;      /* x lies within a panel's time area */
  guint        panel;        /* the trace's index */
  const char  *layer;        /* the layer's id: "tasks", "cores", "utilization", "flight",
                              * "loop", "gil"; NULL over no layer (title, gaps) */
  guint        first;        /* a lane of tasks or cores: the tasks (from 0) or cores it */
  guint        last;         /*   shows, one or a group */
  gint64       time_ns;      /* the time under x, relative to the panel's zero */
  gboolean     has_item;     /* something is drawn under the point; its rectangle: */
  double       x, y, width, height;
  /* A task lane, a core lane or the GIL holder's: the span of one task in
   * one state under the point, its adjacent segments merged (absolute
   * times; core -1 where it changed within the span). */
  gboolean     has_segment;
  LabSegment   segment;
} LabChartHit;

/* Returns FALSE when the point is over no panel. */
gboolean  lab_chart_hit_test     (LabComparison         *comparison,
                                  const LabChartOptions *options,
                                  double                 x,
                                  double                 y,
                                  LabChartHit           *hit);

/* What the layer under @hit shows there, for a tooltip, led by the model's
 * name; NULL where nothing is drawn. */
char     *lab_chart_describe_hit (LabComparison         *comparison,
                                  const LabChartOptions *options,
                                  const LabChartHit     *hit);

/* The chart in words, for screen readers: every panel, and in it what
 * each of its layers shows (the tasks' state spans, the cores, the
 * strips' peaks), at most @max_tasks tasks each in detail. */
char     *lab_chart_describe     (LabComparison         *comparison,
                                  const LabChartOptions *options,
                                  guint                  max_tasks);

G_END_DECLS
