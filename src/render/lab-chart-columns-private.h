/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-chart-private.h"

G_BEGIN_DECLS

/*
 * Segments on rows of pixel columns, in one pass over a trace and with no
 * copy, for the lane layers: a segment at least a column wide in a row of
 * one task (or core) is kept as a bar (a row holds at most a few per
 * column, as a task does one thing at a time); everything narrower, and
 * everything in a row that summarizes a group, is added into per-column
 * sums. Each column then shows its dominant key (a state, a task's shade)
 * and neighbouring columns of the same key are filled as one rectangle.
 * The cost is one visit per segment plus one per column, whatever the
 * number of segments.
 */

#define LAB_CHART_COLUMNS_MAX_KEYS 8

/* A bar: a segment (or slices of one merged) at least a column wide. */
typedef struct
{
  float   x0, x1;   /* in columns */
  guint32 task;
  gint16  core;
  guint8  state;
  guint8  key;
} LabChartBar;

typedef struct
{
  guint   n_rows;
  guint   n_cols;
  guint   n_keys;
  float  *direct;      /* partial columns, by (row, key, col) */
  float  *diff;        /* whole columns, as differences: +1 where a run starts, −1 after it */
  GArray **bars;       /* per row, of LabChartBar; NULL without bars */
  guint   bar_limit;   /* past this many bars a row, segments go to the sums */
} LabChartColumns;

/* Where columns are drawn: column c of row r spans @x + c × @col_w, a
 * column wide, and @y + r × @pitch to that + @h. */
typedef struct
{
  double x;
  double col_w;
  double y;
  double pitch;
  double h;
} LabChartColumnGrid;

void     _lab_chart_columns_init  (LabChartColumns      *columns,
                                   guint                 n_rows,
                                   guint                 n_cols,
                                   guint                 n_keys,
                                   gboolean              bars);
void     _lab_chart_columns_clear (LabChartColumns      *columns);
/* Adds @s, from column @x0 to @x1 of @row, as @key. */
void     _lab_chart_columns_add   (LabChartColumns      *columns,
                                   guint                 row,
                                   guint                 key,
                                   double                x0,
                                   double                x1,
                                   const LabSegment     *s);
/* Fills the columns of every row on @grid, one path per key, in
 * @colors[key]; @background (≥ 0) shows only where no other key does.
 * Returns a bit per key painted. */
guint    _lab_chart_columns_fill  (cairo_t                  *cr,
                                   LabChartColumns          *columns,
                                   const LabColor           *colors,
                                   int                       background,
                                   const LabChartColumnGrid *grid);
/* Fills the bars of every row on @grid, one path per key; returns a bit
 * per key painted. */
guint    _lab_chart_columns_fill_bars (cairo_t                  *cr,
                                       LabChartColumns          *columns,
                                       const LabColor           *colors,
                                       const LabChartColumnGrid *grid);
/* @long_text, or @short_text (if not %NULL) where that does not fit, centred in @bar of
 * @fill, in black or white, whichever reads on it; nothing where neither
 * fits. */
void     _lab_chart_draw_inner_label (cairo_t                 *cr,
                                      const LabChartLayout    *layout,
                                      LabColor                 fill,
                                      const cairo_rectangle_t *bar,
                                      const char              *long_text,
                                      const char              *short_text);

/* The columns of @panel between its view and the drawing edge, for a
 * segment @s: FALSE where none of it shows. */
typedef struct
{
  guint  n_cols;
  double cols_per_ns;
  gint64 t0_ns;     /* absolute time of column 0 */
  gint64 edge_ns;   /* nothing past the live edge or the playhead */
} LabChartColumnMap;

void     _lab_chart_column_map_init (LabChartColumnMap    *map,
                                     const LabChartLayout *layout,
                                     const LabChartPanel  *panel);
gboolean _lab_chart_column_map_span (const LabChartColumnMap *map,
                                     gint64                  begin_ns,
                                     gint64                  end_ns,
                                     double                 *x0,
                                     double                 *x1);

G_END_DECLS
