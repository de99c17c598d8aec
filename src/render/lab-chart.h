/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "lab-comparison.h"

G_BEGIN_DECLS

/*
 * The one renderer: draws a comparison into any cairo_t (the window's
 * snapshot, PNG, SVG, PDF), so an exported image is what was on screen.
 */

typedef enum
{
  LAB_THEME_LIGHT,
  LAB_THEME_DARK,
} LabTheme;

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
} LabChartOptions;

void      lab_chart_options_init (LabChartOptions       *options,
                                  double                 width,
                                  double                 height);
void      lab_chart_draw         (cairo_t               *cr,
                                  LabComparison         *comparison,
                                  const LabChartOptions *options);

G_END_DECLS
