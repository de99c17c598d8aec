/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-trace.h"

G_BEGIN_DECLS

/*
 * A task's spans: its segments in time order, adjacent ones of the same
 * state merged, so that a 3 s wait recorded live as thirty 100 ms slices
 * reads as one wait, and a computation handed over slice by slice as one
 * computation, which keeps count of the cores it moved between.
 */
typedef struct
{
  gint64   begin_ns;     /* absolute, as recorded */
  gint64   end_ns;
  LabState state;
  gint     first_core;   /* the core of its first and last segment (-1: none) */
  gint     last_core;
  guint    n_moves;      /* changes of core within the span */
  guint    n_segments;
} LabChartSpan;

/* The spans of @task up to @edge_ns (segments are cut there), in time
 * order: a GArray of LabChartSpan. */
GArray  *_lab_chart_task_spans   (LabTrace     *trace,
                                  guint32       task,
                                  gint64        edge_ns);
/* The same for the computation of @task on cores @core_min to @core_max
 * alone: its `running` segments there, adjacent ones merged. */
GArray  *_lab_chart_core_spans   (LabTrace     *trace,
                                  guint32       task,
                                  gint          core_min,
                                  gint          core_max,
                                  gint64        edge_ns);
/* The index of the span at @t_ns, or the nearest one within @tolerance_ns;
 * -1 where none is. */
gint     _lab_chart_span_at      (GArray       *spans,
                                  gint64        t_ns,
                                  gint64        tolerance_ns);
/* "on core 1", "on cores 0 and 1, moved 3 times", or NULL without a core. */
char    *_lab_chart_span_cores   (const LabChartSpan *span);

G_END_DECLS
