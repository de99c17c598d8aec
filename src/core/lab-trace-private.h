/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-trace.h"

G_BEGIN_DECLS

/* Writers are found by worker index without a lock through a two-level
 * table of 256 × 256 atomic pointers, enough for every guint16 worker. */
#define PAGE_BITS 8
#define PAGE_SIZE (1u << PAGE_BITS)

/* Shared by lab-trace.c (the low-rate parts) and lab-trace-writer.c (the
 * lock-free recording). */
struct _LabTrace
{
  gatomicrefcount  ref_count;
  char            *model_id;
  LabWorkload     *workload;
  guint            n_tasks;
  guint            n_cores;

  /* Set by the runner before the run; read by anyone. */
  GMutex           mutex;
  guint            n_workers;
  double           iterations_per_ms;
  gint64           switch_interval_ns;

  gint64           begin_ns;    /* atomic */
  gint64           end_ns;      /* atomic */
  gint64           cpu_ns;      /* atomic */

  LabTraceWriter **pages[PAGE_SIZE];  /* atomic pointers; created under the mutex */
  LabTraceWriter  *writers;           /* atomic head of the list */

  gint            *status;      /* n_tasks atomics: LabTaskStatus */
  guint            n_finished;  /* atomic */

  /* Low-rate things, under the mutex. */
  GHashTable      *reasons;     /* task → reason */
  GArray         **util;        /* per core, of LabUtilSample */
  guint            n_util_cores;
  gint64           util_last_ns;
  GPtrArray       *markers;     /* of LabMarker* */
  gint64           marker_last_ns;
  char            *error;
};

void        _lab_trace_free_writers        (LabTrace *trace);
gint64      _lab_trace_get_writers_last_ns (LabTrace *trace);

/* A failed task's own reason, without falling back to the trace's error:
 * what a saved file must hold so that loading gives the same trace. */
const char *_lab_trace_task_get_own_reason (LabTrace *trace,
                                            guint32   task);

/* One core's sample, for loading a file whose cores have samples of their
 * own; lab_trace_add_utilization() takes all cores at one time. */
void        _lab_trace_add_utilization_sample (LabTrace *trace,
                                               guint     core,
                                               gint64    t_ns,
                                               float     busy);

G_END_DECLS
