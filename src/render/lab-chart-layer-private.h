/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-chart-private.h"

G_BEGIN_DECLS

/*
 * A layer: one kind of lane or strip of a panel, in a file of its own
 * (lab-chart-layer-*.c), with its own measure, draw, caption, hit test,
 * words and legend entries. The layout stacks the bands of the layers a
 * panel shows, in the order of the list in lab-chart-layers.c, and knows
 * nothing else of them; a new layer is a new file and a line in that list.
 *
 * A layer has rows or is a strip. Rows follow the panel's tasks or its
 * cores (one per task or per core, grouped alike where they cannot fit),
 * and the layers of one kind of row take turns row by row: a core's lane,
 * then its utilization band. A strip has one band of a height it chooses
 * at two levels of detail, and the strip of lowest priority goes first
 * when space is short.
 */

typedef enum
{
  LAB_CHART_ROWS_NONE,     /* a strip */
  LAB_CHART_ROWS_TASKS,    /* a row per task */
  LAB_CHART_ROWS_CORES,    /* a row per core */
} LabChartRowKind;

typedef enum
{
  LAB_CHART_DETAIL_FULL,
  LAB_CHART_DETAIL_COMPACT,
} LabChartDetail;

/*
 * The marks drawn while drawing a chart, for a legend of exactly those.
 */
typedef struct
{
  const LabChartLayout *layout;
  guint64               seen;        /* a bit per entry of layout->legend */
  guint64               panel_seen;  /* the same, in the panel being drawn */
} LabChartLegend;

/* A legend entry: its key (a swatch, a tick, a cross) and its words.
 * draw_key() is called between cairo_save() and cairo_restore(). */
struct _LabChartLegendEntry
{
  /* Fixed words, marked with N_(), for get_label = _lab_chart_legend_label;
   * NULL where get_label() makes words that depend on the entry. */
  const char  *label;
  const char *(*get_label) (const LabChartLegendEntry *entry);
  void        (*draw_key)  (cairo_t                   *cr,
                            const LabChartLayout      *layout,
                            const LabChartLegendEntry *entry,
                            double                     x,
                            double                     y,
                            double                     size);
  guint        data;      /* the entry's own: a state, say */
  /* Whether a panel's marks may need the entry; NULL: every panel's. */
  gboolean    (*applies)   (const LabChartPanel       *panel);
};

struct _LabChartLayerClass
{
  const char     *id;         /* NULL: always drawn (the task lanes) */
  /* Translated: the View menu's name of it */
  const char   *(*get_title)    (void);
  LabChartRowKind rows;
  double          row_share;  /* rows after the first of their kind: height beside a lane */
  guint           priority;   /* strips: the lowest goes first where space is short */
  /* NULL-terminated: every legend entry its marks may need */
  const LabChartLegendEntry *const *legend;

  /* Whether @entry of the legend may be drawn for @panel, so that the
   * legend keeps no room for marks a finished run cannot have; NULL:
   * every entry may. */
  gboolean      (*may_draw)     (const LabChartLegendEntry *entry,
                                 const LabChartLayout  *layout,
                                 const LabChartPanel   *panel);
  /* Whether @panel's run recorded what the layer shows; NULL: always. */
  gboolean      (*applies)      (const LabChartPanel   *panel);
  /* Strips: the band's height at a level of detail. */
  double        (*measure)      (const LabChartLayout  *layout,
                                 const LabChartPanel   *panel,
                                 LabChartDetail         detail);
  /* Strips: the widest caption in the label column (NULL: none). */
  double        (*caption_width)(const LabChartLayout  *layout,
                                 const LabChartPanel   *panel,
                                 const LabChartBand    *band);
  /* The caption in the label column (rows: the row labels are the
   * layout's); NULL: none. */
  void          (*draw_caption) (cairo_t               *cr,
                                 const LabChartLayout  *layout,
                                 const LabChartPanel   *panel,
                                 const LabChartBand    *band);
  /* Draws the data within the panel's plot (clipped there), and marks in
   * @legend the entries of what it drew. */
  void          (*draw)         (cairo_t               *cr,
                                 const LabChartLayout  *layout,
                                 const LabChartPanel   *panel,
                                 const LabChartBand    *band,
                                 LabChartLegend        *legend);
  /* Or, for a layer that reads every segment: one pass over the trace is
   * shared by all such layers of a panel (a million segments are read from
   * memory once, not once per layer). pass_begin() returns the layer's
   * state, pass_segment() sees each segment, pass_draw() draws as draw()
   * does and frees the state. */
  gpointer      (*pass_begin)   (const LabChartLayout  *layout,
                                 const LabChartPanel   *panel,
                                 const LabChartBand    *band);
  void          (*pass_segment) (gpointer               pass,
                                 const LabSegment      *segment);
  void          (*pass_draw)    (gpointer               pass,
                                 cairo_t               *cr,
                                 LabChartLegend        *legend);
  /* Fills @hit beyond what the caller set (panel, layer, rows, time) with
   * what is drawn at (@x, @y) of @band. */
  void          (*hit)          (const LabChartLayout  *layout,
                                 const LabChartPanel   *panel,
                                 const LabChartBand    *band,
                                 double                 x,
                                 double                 y,
                                 LabChartHit           *hit);
  /* What @hit found, in words (times from the panel's zero); NULL: nothing. */
  char         *(*describe_hit) (const LabChartLayout  *layout,
                                 const LabChartPanel   *panel,
                                 const LabChartHit     *hit);
  /* What the layer shows of the whole panel, in sentences, appended to
   * @out (for screen readers); NULL: nothing beyond the rest. */
  void          (*describe)     (const LabChartLayout  *layout,
                                 const LabChartPanel   *panel,
                                 guint                  max_tasks,
                                 GString               *out);
};

/* lab-chart-layers.c: the layers, in the order they are stacked. */
guint                      _lab_chart_layer_get_n   (void);
const LabChartLayerClass  *_lab_chart_layer_get     (guint                 index);
/* Whether @options choose @klass (the task lanes always). */
gboolean                   _lab_chart_layer_chosen  (const LabChartLayerClass *klass,
                                                     const LabChartOptions    *options);
/* Whether @klass is chosen and @panel has something for it. */
gboolean                   _lab_chart_layer_shown   (const LabChartLayerClass *klass,
                                                     const LabChartLayout     *layout,
                                                     const LabChartPanel      *panel);

/* The row @row of @band's layer: its top. */
double                     _lab_chart_band_row_y    (const LabChartPanel   *panel,
                                                     const LabChartBand    *band,
                                                     guint                  row);
/* A core layer's hit: the cores of the row of @band under @y, and that
 * row's box, @inset inside the band's top and bottom. */
void                       _lab_chart_hit_core_row  (const LabChartPanel   *panel,
                                                     const LabChartBand    *band,
                                                     double                 y,
                                                     double                 inset,
                                                     LabChartHit           *hit);

/* A lane layer's hit test: of the segments offered, the one nearest the
 * time under the pointer, within a unit of the plot (slivers are drawn
 * that wide, and found there), none past the drawing edge. */
typedef struct
{
  gint64     t_ns;
  gint64     tolerance_ns;
  gint64     edge_ns;
  gint64     best;      /* distance of the best match so far; 0 is inside */
  LabSegment segment;
} LabChartNearest;

void                       _lab_chart_nearest_init  (LabChartNearest       *nearest,
                                                     const LabChartLayout  *layout,
                                                     const LabChartPanel   *panel,
                                                     const LabChartHit     *hit);
/* Keeps @s where it is the nearest yet; FALSE once one holds the time,
 * as no other can be nearer. */
gboolean                   _lab_chart_nearest_offer (LabChartNearest       *nearest,
                                                     const LabSegment      *s);
gboolean                   _lab_chart_nearest_found (const LabChartNearest *nearest);
/* Makes the nearest segment @hit's, widened to its span in @spans (the
 * slices it was recorded in, merged; NULL: as found), and gives @hit its
 * extent on the plot, up to the drawing edge. */
void                       _lab_chart_nearest_to_hit (const LabChartNearest *nearest,
                                                      const LabChartPanel   *panel,
                                                      GArray                *spans,
                                                      LabChartHit           *hit);

/* lab-chart-legend.c */
void                       _lab_chart_legend_init   (LabChartLegend        *legend,
                                                     const LabChartLayout  *layout);
void                       _lab_chart_legend_mark   (LabChartLegend        *legend,
                                                     const LabChartLegendEntry *entry);
/* A get_label() for an entry of fixed words: its label, translated. */
const char                *_lab_chart_legend_label  (const LabChartLegendEntry *entry);
/* Whether @entry was marked since panel_seen was last cleared. */
gboolean                   _lab_chart_legend_in_panel (const LabChartLegend *legend,
                                                       const LabChartLegendEntry *entry);
/* Collects the entries of every layer that some panel shows. */
void                       _lab_chart_legend_collect (LabChartLayout       *layout);
/* Places the stamp and the legend from @y; returns the bottom. */
double                     _lab_chart_legend_place  (LabChartLayout        *layout,
                                                     double                 y);
void                       _lab_chart_legend_draw   (cairo_t               *cr,
                                                     const LabChartLegend  *legend);

/* lab-chart-identity.c: which task, told by neutral shades (and numbers,
 * where they fit), never by a state's colour. */
extern const LabChartLegendEntry _lab_chart_identity_legend;
/* The shades by key: task t is key t % LAB_PALETTE_N_IDENTITY. */
const LabColor            *_lab_chart_identity_colors (const LabChartLayout *layout);
/* "Task 3" inside @bar of task @task, or "3" where that is too long (a
 * traced thread: its name and id, or its id). */
void                       _lab_chart_identity_label  (cairo_t                 *cr,
                                                       const LabChartLayout    *layout,
                                                       const LabChartPanel     *panel,
                                                       guint                    task,
                                                       const cairo_rectangle_t *bar);
/* A divider filling @column where a bar of task @task begins right after
 * another task's, so that the two read as two even in one shade; the
 * caller draws it only between bars a few columns wide. */
#define LAB_CHART_SEAM_MIN_COLUMNS 3
void                       _lab_chart_identity_seam   (cairo_t                 *cr,
                                                       const LabChartLayout    *layout,
                                                       guint                    task,
                                                       const cairo_rectangle_t *column);

/* A strip's caption in the label column: one or two lines, each in the
 * colour of what it names. */
void                       _lab_chart_draw_caption_lines (cairo_t              *cr,
                                                          const LabChartLayout *layout,
                                                          const LabChartBand   *band,
                                                          const char           *first,
                                                          LabColor              first_color,
                                                          const char           *second,
                                                          LabColor              second_color);
/* The width of such a caption (@second may be %NULL). */
double                     _lab_chart_caption_width  (const LabChartLayout *layout,
                                                      const char           *first,
                                                      const char           *second);
/* The strip's faint track under its curves. */
void                       _lab_chart_draw_track     (cairo_t              *cr,
                                                      const LabChartLayout *layout,
                                                      const LabChartPanel  *panel,
                                                      const LabChartBand   *band);

/*
 * Labels placed on a strip's curves, each on a box of the panel's colour,
 * never over another: a label that would be is left out.
 */
#define LAB_CHART_MAX_PLACED 8

typedef struct
{
  const LabChartLayout *layout;
  double                left, top, right, bottom;  /* where labels may go */
  guint                 n;
  double                boxes[LAB_CHART_MAX_PLACED][4];
} LabChartPlacer;

void                       _lab_chart_placer_init    (LabChartPlacer       *placer,
                                                      const LabChartLayout *layout,
                                                      const LabChartPanel  *panel,
                                                      const LabChartBand   *band);
/* @text with its box's top at @y, its left (@align 0) or right (@align 1)
 * at @x, moved into the strip; FALSE where it would cover a label placed
 * before or does not fit. */
gboolean                   _lab_chart_placer_add     (LabChartPlacer       *placer,
                                                      cairo_t              *cr,
                                                      const char           *text,
                                                      double                x,
                                                      double                y,
                                                      double                align,
                                                      LabColor              color);

G_END_DECLS
