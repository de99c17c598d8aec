/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "lab-observed.h"
#include "lab-types.h"
#include "lab-workload.h"

G_BEGIN_DECLS

/*
 * LabTrace: what one model measured while running one workload.
 *
 * Recording is by LabTraceWriter, one per recording thread (or per worker
 * process, fed by the thread reading its pipe): appending a segment writes
 * into the writer's own chunk and publishes the new count with a release
 * store; no lock is taken on that path. Readers on any thread (the UI,
 * drawing live) see every segment published so far through
 * lab_trace_foreach_segment() / lab_trace_copy_segments(), with acquire
 * loads, while recording goes on.
 */

#define LAB_TYPE_TRACE (lab_trace_get_type ())

typedef struct _LabTrace       LabTrace;
typedef struct _LabTraceWriter LabTraceWriter;

/* 32 bytes. */
typedef struct
{
  gint64  begin_ns;   /* CLOCK_MONOTONIC */
  gint64  end_ns;
  guint32 task;       /* index into the workload's tasks */
  guint16 worker;     /* thread or process of the model, 0-based */
  gint16  core;       /* CPU the work ran on (sched_getcpu); -1 where none or unknown */
  guint8  state;      /* LabState */
  guint8  _pad[7];
} LabSegment;

typedef struct
{
  gint64 t_ns;        /* end of the sample interval */
  float  busy;        /* 0..1 busy fraction of one core over the interval */
} LabUtilSample;

typedef struct
{
  gint64 t_ns;
  char  *text;
} LabMarker;

typedef gboolean (*LabSegmentFunc) (const LabSegment *segment,
                                    gpointer          user_data);  /* FALSE stops */

GType            lab_trace_get_type            (void) G_GNUC_CONST;
LabTrace        *lab_trace_new                 (const char     *model_id,
                                                LabWorkload    *workload,
                                                guint           n_cores);
/* A trace of a program that was observed, not planned (lab-observed.h). */
LabTrace        *lab_trace_new_observed        (const char     *model_id,
                                                guint           n_cores);
LabTrace        *lab_trace_ref                 (LabTrace       *trace);
void             lab_trace_unref               (LabTrace       *trace);

/* What was run, and how */
const char      *lab_trace_get_model_id        (LabTrace       *trace);
LabWorkload     *lab_trace_get_workload        (LabTrace       *trace);   /* NULL when observed */
LabObserved     *lab_trace_get_observed        (LabTrace       *trace);   /* NULL when planned */
guint            lab_trace_get_n_tasks         (LabTrace       *trace);
/* A finished observed trace with its tasks grouped by process. */
LabTrace        *lab_trace_dup_by_process      (LabTrace       *trace);
guint32          lab_trace_add_observed_task   (LabTrace       *trace,
                                                LabObservedKind kind,
                                                guint           process,
                                                gint32          tid,
                                                const char     *name,
                                                gint64          begin_ns);
guint            lab_trace_get_n_cores         (LabTrace       *trace);
guint            lab_trace_get_n_workers       (LabTrace       *trace);
void             lab_trace_set_n_workers       (LabTrace       *trace,
                                                guint           n_workers);
double           lab_trace_get_iterations_per_ms (LabTrace     *trace);
void             lab_trace_set_iterations_per_ms (LabTrace     *trace,
                                                  double        iterations_per_ms);
gint64           lab_trace_get_switch_interval_ns (LabTrace    *trace);
void             lab_trace_set_switch_interval_ns (LabTrace    *trace,
                                                   gint64       ns);
/* What-if: the run was confined to this many cores (0: all of them). */
guint            lab_trace_get_core_limit      (LabTrace       *trace);
void             lab_trace_set_core_limit      (LabTrace       *trace,
                                                guint           core_limit);

/* The run's span: begin when the model starts, end when its last task is
 * over. get_end_ns() is 0 while the run goes on. */
void             lab_trace_begin               (LabTrace       *trace,
                                                gint64          begin_ns);
void             lab_trace_end                 (LabTrace       *trace,
                                                gint64          end_ns);
gint64           lab_trace_get_begin_ns        (LabTrace       *trace);
gint64           lab_trace_get_end_ns          (LabTrace       *trace);
gboolean         lab_trace_is_finished         (LabTrace       *trace);
/* Stopped before its end (Stop, a signal, --stop-after): a partial run. */
void             lab_trace_mark_stopped        (LabTrace       *trace);
gboolean         lab_trace_was_stopped         (LabTrace       *trace);
/* Finished, not stopped, no error, every task done: the whole work measured. */
gboolean         lab_trace_is_complete         (LabTrace       *trace);
/* Latest time anything was recorded: the live edge while running. */
gint64           lab_trace_get_last_ns         (LabTrace       *trace);

/* Recording. A writer belongs to one thread at a time; the trace owns it. */
LabTraceWriter  *lab_trace_get_writer          (LabTrace       *trace,
                                                guint           worker);
void             lab_trace_writer_add          (LabTraceWriter *writer,
                                                guint32         task,
                                                LabState        state,
                                                gint            core,
                                                gint64          begin_ns,
                                                gint64          end_ns);
void             lab_trace_add_cpu_time        (LabTrace       *trace,
                                                gint64          ns);
gint64           lab_trace_get_cpu_ns          (LabTrace       *trace);

/* Tasks: status set once by whoever finished the task (thread-safe). */
void             lab_trace_task_done           (LabTrace       *trace,
                                                guint32         task);
void             lab_trace_task_failed         (LabTrace       *trace,
                                                guint32         task,
                                                const char     *reason);
void             lab_trace_task_cancelled      (LabTrace       *trace,
                                                guint32         task);
LabTaskStatus    lab_trace_task_get_status     (LabTrace       *trace,
                                                guint32         task);
const char      *lab_trace_task_get_reason     (LabTrace       *trace,
                                                guint32         task);
guint            lab_trace_get_n_finished      (LabTrace       *trace);  /* done + failed + cancelled */

/* Reading, from any thread, while recording goes on */
guint64          lab_trace_get_n_segments      (LabTrace       *trace);
void             lab_trace_foreach_segment     (LabTrace       *trace,
                                                LabSegmentFunc  func,
                                                gpointer        user_data);
GArray          *lab_trace_copy_segments       (LabTrace       *trace);  /* of LabSegment, sorted by (task, begin) */

/* Per-core utilization from /proc/stat (absent where unreadable) */
void             lab_trace_add_utilization     (LabTrace       *trace,
                                                gint64          t_ns,
                                                guint           n_cores,
                                                const float    *busy);
gboolean         lab_trace_has_utilization     (LabTrace       *trace);
guint            lab_trace_get_n_utilization_cores (LabTrace   *trace);
GArray          *lab_trace_copy_utilization    (LabTrace       *trace,
                                                guint           core);   /* of LabUtilSample */

/* Markers: notes at a point in time ("worker 2 died") */
void             lab_trace_add_marker          (LabTrace       *trace,
                                                gint64          t_ns,
                                                const char     *text);
GPtrArray       *lab_trace_copy_markers        (LabTrace       *trace);  /* of LabMarker*, owned */

/* Who held the simulated GIL (threads-gil), recorded by lab-gil.c under its
 * own mutex: the callers of take, drop and request are serialized by the
 * lock they describe, so no other lock is taken. Readable live. */
typedef struct
{
  gint64  begin_ns;
  gint64  end_ns;     /* 0 while still held */
  guint32 task;
  guint16 worker;
  guint16 _pad;
} LabLockHold;

typedef struct
{
  gint64  t_ns;       /* when a waiting thread asked the holder to drop the lock */
  guint32 holder_task;
  guint16 worker;     /* the thread that asked */
  guint16 holder;     /* the thread asked */
} LabLockRequest;

void             lab_trace_lock_take           (LabTrace       *trace,
                                                gint64          t_ns,
                                                guint           worker,
                                                guint32         task);
void             lab_trace_lock_drop           (LabTrace       *trace,
                                                gint64          t_ns);
void             lab_trace_lock_request        (LabTrace       *trace,
                                                gint64          t_ns,
                                                guint           worker);
GArray          *lab_trace_copy_lock_holds     (LabTrace       *trace);  /* of LabLockHold, in time order */
GArray          *lab_trace_copy_lock_requests  (LabTrace       *trace);  /* of LabLockRequest */
gboolean         lab_trace_has_lock            (LabTrace       *trace);

/* Event-loop health (event-loop, loop-offload), recorded by the loop thread
 * alone. One sample per 10 ms in which the loop dispatched anything: the
 * largest lateness of a due callback (dispatch time − when it became due)
 * and the longest ready queue (tasks due, not yet dispatched). */
typedef struct
{
  gint64  t_ns;       /* when the largest lag of the bucket was seen */
  gint64  lag_ns;
  guint32 ready;
  guint32 _pad;
} LabLoopSample;

/* A callback that kept the loop from everything else for over 10 ms. */
typedef struct
{
  gint64  begin_ns;
  gint64  end_ns;
  guint32 task;
  guint32 _pad;
} LabLoopBlock;

#define LAB_LOOP_BUCKET_NS   (10 * G_GINT64_CONSTANT (1000000))
#define LAB_LOOP_BLOCK_MIN_NS (10 * G_GINT64_CONSTANT (1000000))

void             lab_trace_loop_observe        (LabTrace       *trace,
                                                gint64          t_ns,
                                                gint64          lag_ns,
                                                guint           ready);
void             lab_trace_loop_add_block      (LabTrace       *trace,
                                                guint32         task,
                                                gint64          begin_ns,
                                                gint64          end_ns);
GArray          *lab_trace_copy_loop_samples   (LabTrace       *trace);  /* of LabLoopSample, in time order */
GArray          *lab_trace_copy_loop_blocks    (LabTrace       *trace);  /* of LabLoopBlock */
gboolean         lab_trace_has_loop_health     (LabTrace       *trace);

/**
 * LabMemorySource:
 * @LAB_MEMORY_SOURCE_NONE: nothing could be read: the sample is a gap
 * @LAB_MEMORY_SOURCE_SMAPS_ROLLUP: /proc/PID/smaps_rollup, resident and
 *   proportional set size, summed by the kernel
 * @LAB_MEMORY_SOURCE_SMAPS: /proc/PID/smaps, the same figures summed over
 *   every mapping (kernels before 4.14)
 * @LAB_MEMORY_SOURCE_STATM: /proc/PID/statm, resident pages only: no PSS
 *
 * Where a memory sample was read from, best first; a sample of several
 * processes names the least precise file it read.
 */
typedef enum
{
  LAB_MEMORY_SOURCE_NONE,
  LAB_MEMORY_SOURCE_SMAPS_ROLLUP,
  LAB_MEMORY_SOURCE_SMAPS,
  LAB_MEMORY_SOURCE_STATM,
  LAB_N_MEMORY_SOURCES
} LabMemorySource;

/* A figure that could not be read. */
#define LAB_MEMORY_NOT_MEASURED (-1)

/* What a model held at one moment (lab-memory-sampler.c): this program and
 * every worker process it had, resident (RSS) and proportional (PSS: each
 * shared page divided among the processes that map it), and what the trace
 * had allocated for its own records by then, which the program's figures
 * include: the measurement's share, told apart from the model's. 56 bytes. */
typedef struct
{
  gint64  t_ns;
  gint64  rss_bytes;           /* program and workers; LAB_MEMORY_NOT_MEASURED: a gap */
  gint64  pss_bytes;           /* LAB_MEMORY_NOT_MEASURED: a gap, or statm only */
  gint64  workers_rss_bytes;   /* the worker processes' part of rss_bytes */
  gint64  workers_pss_bytes;   /* ... and of pss_bytes */
  gint64  trace_bytes;         /* lab_trace_get_allocated_bytes() at t_ns */
  guint32 n_workers;           /* worker processes measured */
  guint8  source;              /* LabMemorySource */
  guint8  _pad[3];
} LabMemorySample;

const char      *lab_memory_source_to_string   (LabMemorySource source);  /* "smaps_rollup" */
gboolean         lab_memory_source_from_string (const char      *text,
                                                LabMemorySource *out_source);

/* Recorded by one thread at a time (the sampler's), in time order;
 * readable live from any thread. */
void             lab_trace_add_memory          (LabTrace              *trace,
                                                const LabMemorySample *sample);
GArray          *lab_trace_copy_memory         (LabTrace       *trace);  /* of LabMemorySample */
gboolean         lab_trace_has_memory          (LabTrace       *trace);
/* The bytes this trace has allocated for its records so far. */
gint64           lab_trace_get_allocated_bytes (LabTrace       *trace);

/* A model that could not run at all records why; its tasks are failed. */
void             lab_trace_set_error           (LabTrace       *trace,
                                                const char     *message);
const char      *lab_trace_get_error           (LabTrace       *trace);

/* Figures derived from the trace, kept with it: @box is a GAtomicRcBox
 * that @release drops a reference to. */
void             lab_trace_set_cached          (LabTrace       *trace,
                                                const char     *key,
                                                gpointer        box,
                                                GDestroyNotify  release);
gpointer         lab_trace_dup_cached          (LabTrace       *trace,
                                                const char     *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabTrace, lab_trace_unref)

G_END_DECLS
