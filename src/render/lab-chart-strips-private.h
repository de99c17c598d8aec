/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-analysis.h"
#include "lab-chart-private.h"

G_BEGIN_DECLS

/* Shared by the strips' drawing (lab-chart-strips.c) and their hit test
 * (lab-chart-strips-hit.c), so both read the same figures. */

/* Absolute time to x on @p's axis. */
static inline double
_lab_chart_strips_x_of (const LabChartPanel *p,
                        gint64               t_ns)
{
  return _lab_chart_time_to_x (p, t_ns - p->zero_ns);
}

/* One column per device pixel of the plot. */
static inline guint
_lab_chart_strips_n_columns (const LabChartPanel *p)
{
  return (guint) MAX (1.0, ceil (p->axis.plot_width));
}

/* A copy of the flight steps of @trace, and its analysis, from a cache. */
GArray *_lab_chart_strips_flight_of    (LabTrace            *trace,
                                        LabTraceAnalysis    *analysis);

/* Per column: the loop lag's sawtooth and the longest ready queue. */
void    _lab_chart_strips_loop_columns (const LabChartPanel *p,
                                        gint64               edge,
                                        GArray              *samples,
                                        guint                n_cols,
                                        double              *lag,
                                        double              *queue);

G_END_DECLS
