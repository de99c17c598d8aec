/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-observed.h"
#include "lab-trace.h"

G_BEGIN_DECLS

/* Writers are found by worker index without a lock through a two-level
 * table of 256 × 256 atomic pointers, enough for every guint16 worker. */
#define LAB_TRACE_WRITER_PAGE_BITS 8
#define LAB_TRACE_WRITER_PAGE_SIZE (1u << LAB_TRACE_WRITER_PAGE_BITS)

/* An append-only log of fixed-size records with one writer at a time
 * (lab-trace-log.c): chunk k holds 64 << k records and never moves, the
 * count is published with a release store, so readers need no lock. */
#define LAB_TRACE_LOG_CHUNKS 24

/* Task statuses live in pages that never move, so that an observed trace
 * can add tasks while other threads read and set the statuses of the
 * tasks it has. */
#define LAB_TRACE_STATUS_PAGE_BITS 10
#define LAB_TRACE_STATUS_PAGE      (1u << LAB_TRACE_STATUS_PAGE_BITS)
#define LAB_TRACE_STATUS_PAGES     ((LAB_MAX_TASKS + LAB_TRACE_STATUS_PAGE - 1) / LAB_TRACE_STATUS_PAGE)

typedef struct
{
  guint   n;                              /* atomic */
  guint8 *chunks[LAB_TRACE_LOG_CHUNKS];   /* atomic pointers */
  gint64  allocated;                      /* atomic: bytes of the chunks */
} LabTraceLog;

/* Shared by lab-trace.c (the low-rate parts), lab-trace-writer.c (the
 * lock-free recording) and lab-trace-strips.c (the strips' records); the
 * trace files (src/core/files/lab-trace-json*.c) read and restore it. */
struct _LabTrace
{
  gatomicrefcount  ref_count;
  char            *model_id;
  LabWorkload     *workload;    /* NULL for an observed trace */
  LabObserved     *observed;    /* who the tasks are; NULL for a planned trace */
  guint            n_tasks;     /* atomic: an observed trace grows */
  guint            n_cores;

  /* Set by the runner before the run; read by anyone. */
  GMutex           mutex;
  guint            n_workers;
  double           iterations_per_ms;
  gint64           switch_interval_ns;
  guint            core_limit;

  gint64           begin_ns;    /* atomic */
  gint64           end_ns;      /* atomic */
  gint64           cpu_ns;      /* atomic */
  gint64           allocated;   /* atomic: bytes of the writers and their chunks */

  /* atomic pointers; created under the mutex */
  LabTraceWriter **pages[LAB_TRACE_WRITER_PAGE_SIZE];
  LabTraceWriter  *writers;           /* atomic head of the list */

  gint            *status[LAB_TRACE_STATUS_PAGES];  /* atomic page pointers of atomic LabTaskStatus */
  guint            n_finished;  /* atomic */
  guint            n_done;      /* atomic */
  gint             stopped;     /* atomic: the run was stopped while this model ran */

  /* Low-rate things, under the mutex. */
  GHashTable      *reasons;     /* task → reason */
  GArray         **util;        /* per core, of LabUtilSample */
  guint            n_util_cores;
  gint64           util_last_ns;
  GPtrArray       *markers;     /* of LabMarker* */
  gint64           marker_last_ns;
  char            *error;
  GData           *cached;      /* derived figures: reference-counted boxes */

  /* The strips (lab-trace-strips.c): the GIL's records are serialized by
   * the GIL, the loop's are written by the loop thread alone. */
  LabTraceLog      lock_holds;
  LabTraceLog      lock_requests;
  LabTraceLog      loop_samples;
  LabTraceLog      loop_blocks;
  gint64           loop_bucket;   /* the writer's: bucket of the last sample, if any */

  /* Memory samples (lab-trace-memory.c), written by the memory sampler's
   * thread alone. */
  LabTraceLog      memory;
};

/* lab-trace-log.c */
gpointer    _lab_trace_log_slot            (LabTraceLog   *log,
                                            gsize          size);
void        _lab_trace_log_publish         (LabTraceLog   *log);
gpointer    _lab_trace_log_at              (LabTraceLog   *log,
                                            guint          index,
                                            gsize          size);
void        _lab_trace_log_append          (LabTraceLog   *log,
                                            gconstpointer  record,
                                            gsize          size);
guint       _lab_trace_log_length          (LabTraceLog   *log);
GArray     *_lab_trace_log_copy            (LabTraceLog   *log,
                                            gsize          size);
gint64      _lab_trace_log_get_allocated   (LabTraceLog   *log);
void        _lab_trace_log_free            (LabTraceLog   *log);

void        _lab_trace_free_writers        (LabTrace *trace);
void        _lab_trace_free_strips         (LabTrace *trace);
gint64      _lab_trace_get_writers_last_ns (LabTrace *trace);
gint64      _lab_trace_get_memory_last_ns  (LabTrace *trace);

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

/* Loading a saved file: records as they were, without the bucketing. */
void        _lab_trace_add_loop_sample     (LabTrace            *trace,
                                            const LabLoopSample *sample);
void        _lab_trace_add_lock_hold       (LabTrace            *trace,
                                            const LabLockHold   *hold);
void        _lab_trace_add_lock_request    (LabTrace            *trace,
                                            const LabLockRequest *request);

G_END_DECLS
