/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-trace"

#include "config.h"

#include <string.h>

#include "lab-observed-private.h"
#include "lab-trace.h"
#include "lab-trace-private.h"

#define MAX_UTIL_CORES 1024

G_DEFINE_BOXED_TYPE (LabTrace, lab_trace, lab_trace_ref, lab_trace_unref)

static void
marker_free (gpointer data)
{
  LabMarker *marker = data;

  g_free (marker->text);
  g_free (marker);
}

static gint *
status_slot (LabTrace *trace,
             guint32   task)
{
  gint *page = __atomic_load_n (&trace->status[task >> LAB_TRACE_STATUS_PAGE_BITS], __ATOMIC_ACQUIRE);

  return &page[task & (LAB_TRACE_STATUS_PAGE - 1)];
}

/* Makes room for tasks below @n_tasks; called before they are published. */
static void
ensure_status_pages (LabTrace *trace,
                     guint     n_tasks)
{
  for (guint p = 0; p * LAB_TRACE_STATUS_PAGE < n_tasks; p++)
    if (trace->status[p] == NULL)
      __atomic_store_n (&trace->status[p], g_new0 (gint, LAB_TRACE_STATUS_PAGE), __ATOMIC_RELEASE);
}

static LabTrace *
trace_new (const char *model_id,
           guint       n_cores)
{
  LabTrace *self = g_new0 (LabTrace, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  self->model_id = g_strdup (model_id);
  self->n_cores = MAX (n_cores, 1);
  self->reasons = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->markers = g_ptr_array_new_with_free_func (marker_free);
  return self;
}

/**
 * lab_trace_new:
 * @model_id: the model that records ("threads")
 * @workload: the workload it runs
 * @n_cores: the CPUs of the machine
 *
 * Returns: (transfer full): an empty trace
 */
LabTrace *
lab_trace_new (const char  *model_id,
               LabWorkload *workload,
               guint        n_cores)
{
  LabTrace *self;

  g_return_val_if_fail (model_id != NULL, NULL);
  g_return_val_if_fail (workload != NULL, NULL);

  self = trace_new (model_id, n_cores);
  self->workload = lab_workload_ref (workload);
  self->n_tasks = lab_workload_get_n_tasks (workload);
  ensure_status_pages (self, self->n_tasks);
  return self;
}

/**
 * lab_trace_new_observed:
 * @model_id: what recorded it: "trace" for a program traced from `/proc`,
 *   "imported" for another tool's file
 * @n_cores: the CPUs of the machine it ran on
 *
 * A trace of a program this one did not plan: it has no workload, and its
 * tasks (threads, grouped by process) are added as they are found, with
 * lab_trace_add_observed_task().
 *
 * Returns: (transfer full): an empty trace with no tasks
 */
LabTrace *
lab_trace_new_observed (const char *model_id,
                        guint       n_cores)
{
  LabTrace *self;

  g_return_val_if_fail (model_id != NULL, NULL);

  self = trace_new (model_id, n_cores);
  self->observed = lab_observed_new ();
  return self;
}

LabTrace *
lab_trace_ref (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, NULL);

  g_atomic_ref_count_inc (&trace->ref_count);
  return trace;
}

void
lab_trace_unref (LabTrace *trace)
{
  g_return_if_fail (trace != NULL);

  if (!g_atomic_ref_count_dec (&trace->ref_count))
    return;

  _lab_trace_free_writers (trace);
  _lab_trace_free_strips (trace);
  _lab_trace_log_free (&trace->memory);
  for (guint i = 0; i < trace->n_util_cores; i++)
    g_array_unref (trace->util[i]);
  g_free (trace->util);
  g_ptr_array_unref (trace->markers);
  g_hash_table_unref (trace->reasons);
  for (guint p = 0; p < LAB_TRACE_STATUS_PAGES; p++)
    g_free (trace->status[p]);
  g_datalist_clear (&trace->cached);
  g_free (trace->error);
  g_free (trace->model_id);
  g_clear_pointer (&trace->workload, lab_workload_unref);
  g_clear_pointer (&trace->observed, lab_observed_unref);
  g_mutex_clear (&trace->mutex);
  g_free (trace);
}

const char *
lab_trace_get_model_id (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, NULL);

  return trace->model_id;
}

/**
 * lab_trace_get_workload:
 * @trace: a trace
 *
 * Returns: (transfer none) (nullable): the workload the model ran; %NULL
 *   for an observed trace, which had no plan
 */
LabWorkload *
lab_trace_get_workload (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, NULL);

  return trace->workload;
}

/**
 * lab_trace_get_observed:
 * @trace: a trace
 *
 * Returns: (transfer none) (nullable): who the tasks of an observed trace
 *   are; %NULL for a trace of a workload
 */
LabObserved *
lab_trace_get_observed (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, NULL);

  return trace->observed;
}

/**
 * lab_trace_get_n_tasks:
 * @trace: a trace
 *
 * Returns: the workload's tasks; for an observed trace, the tasks found so
 *   far
 */
guint
lab_trace_get_n_tasks (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, 0);

  return __atomic_load_n (&trace->n_tasks, __ATOMIC_ACQUIRE);
}

/**
 * lab_trace_add_observed_task:
 * @trace: an observed trace
 * @kind: a thread, an async task or a thread of another tool's file
 * @process: the index of its process in the roster
 * @tid: its thread id (an async task: its loop's thread)
 * @name: its name
 * @begin_ns: when it was first seen
 *
 * Adds a task (a lane) to the trace and its roster; its status is
 * pending until lab_trace_task_done() or the like. Only one thread adds
 * tasks; any may read.
 *
 * Returns: the task's index, or %G_MAXUINT32 when the trace holds
 *   %LAB_MAX_TASKS already
 */
guint32
lab_trace_add_observed_task (LabTrace        *trace,
                             LabObservedKind  kind,
                             guint            process,
                             gint32           tid,
                             const char      *name,
                             gint64           begin_ns)
{
  guint32 task;

  g_return_val_if_fail (trace != NULL, G_MAXUINT32);
  g_return_val_if_fail (trace->observed != NULL, G_MAXUINT32);

  if (trace->n_tasks >= LAB_MAX_TASKS)
    return G_MAXUINT32;
  g_mutex_lock (&trace->mutex);
  ensure_status_pages (trace, trace->n_tasks + 1);
  task = _lab_observed_add_task (trace->observed, kind, process, tid, name, begin_ns);
  g_assert (task == trace->n_tasks);
  __atomic_store_n (&trace->n_tasks, task + 1, __ATOMIC_RELEASE);
  g_mutex_unlock (&trace->mutex);
  return task;
}

guint
lab_trace_get_n_cores (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, 0);

  return trace->n_cores;
}

guint
lab_trace_get_n_workers (LabTrace *trace)
{
  guint n;

  g_return_val_if_fail (trace != NULL, 0);

  g_mutex_lock (&trace->mutex);
  n = trace->n_workers;
  g_mutex_unlock (&trace->mutex);
  return n;
}

void
lab_trace_set_n_workers (LabTrace *trace,
                         guint     n_workers)
{
  g_return_if_fail (trace != NULL);

  g_mutex_lock (&trace->mutex);
  trace->n_workers = n_workers;
  g_mutex_unlock (&trace->mutex);
}

double
lab_trace_get_iterations_per_ms (LabTrace *trace)
{
  double v;

  g_return_val_if_fail (trace != NULL, 0);

  g_mutex_lock (&trace->mutex);
  v = trace->iterations_per_ms;
  g_mutex_unlock (&trace->mutex);
  return v;
}

void
lab_trace_set_iterations_per_ms (LabTrace *trace,
                                 double    iterations_per_ms)
{
  g_return_if_fail (trace != NULL);

  g_mutex_lock (&trace->mutex);
  trace->iterations_per_ms = iterations_per_ms;
  g_mutex_unlock (&trace->mutex);
}

gint64
lab_trace_get_switch_interval_ns (LabTrace *trace)
{
  gint64 v;

  g_return_val_if_fail (trace != NULL, 0);

  g_mutex_lock (&trace->mutex);
  v = trace->switch_interval_ns;
  g_mutex_unlock (&trace->mutex);
  return v;
}

void
lab_trace_set_switch_interval_ns (LabTrace *trace,
                                  gint64    ns)
{
  g_return_if_fail (trace != NULL);

  g_mutex_lock (&trace->mutex);
  trace->switch_interval_ns = ns;
  g_mutex_unlock (&trace->mutex);
}

guint
lab_trace_get_core_limit (LabTrace *trace)
{
  guint v;

  g_return_val_if_fail (trace != NULL, 0);

  g_mutex_lock (&trace->mutex);
  v = trace->core_limit;
  g_mutex_unlock (&trace->mutex);
  return v;
}

/**
 * lab_trace_set_core_limit:
 * @trace: a trace
 * @core_limit: the cores the run was confined to; 0: all of them
 *
 * The core lanes still show every core of the machine: the ones the run
 * could not use stay visibly idle.
 */
void
lab_trace_set_core_limit (LabTrace *trace,
                          guint     core_limit)
{
  g_return_if_fail (trace != NULL);

  g_mutex_lock (&trace->mutex);
  trace->core_limit = core_limit;
  g_mutex_unlock (&trace->mutex);
}

void
lab_trace_begin (LabTrace *trace,
                 gint64    begin_ns)
{
  g_return_if_fail (trace != NULL);

  __atomic_store_n (&trace->begin_ns, begin_ns, __ATOMIC_RELEASE);
}

void
lab_trace_end (LabTrace *trace,
               gint64    end_ns)
{
  g_return_if_fail (trace != NULL);

  __atomic_store_n (&trace->end_ns, end_ns, __ATOMIC_RELEASE);
}

gint64
lab_trace_get_begin_ns (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, 0);

  return __atomic_load_n (&trace->begin_ns, __ATOMIC_ACQUIRE);
}

gint64
lab_trace_get_end_ns (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, 0);

  return __atomic_load_n (&trace->end_ns, __ATOMIC_ACQUIRE);
}

gboolean
lab_trace_is_finished (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, FALSE);

  return lab_trace_get_end_ns (trace) != 0;
}

/**
 * lab_trace_mark_stopped:
 * @trace: a trace
 *
 * Records that the run was stopped (Stop, a signal, a time limit) while
 * this model ran: what the trace holds is part of the work, and nothing
 * may be judged from it. Thread-safe.
 */
void
lab_trace_mark_stopped (LabTrace *trace)
{
  g_return_if_fail (trace != NULL);

  g_atomic_int_set (&trace->stopped, TRUE);
}

gboolean
lab_trace_was_stopped (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, FALSE);

  return g_atomic_int_get (&trace->stopped);
}

/**
 * lab_trace_is_complete:
 * @trace: a trace
 *
 * A complete trace measured the whole workload: the model finished, was
 * not stopped, could run, and every task is done. Only a complete trace
 * has figures that compare it with anything (speedup, efficiency, ideal,
 * a verdict); a partial one is marked as such.
 *
 * Returns: %TRUE for a complete measurement
 */
gboolean
lab_trace_is_complete (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, FALSE);

  return lab_trace_is_finished (trace) && !lab_trace_was_stopped (trace)
         && lab_trace_get_error (trace) == NULL
         && (guint) g_atomic_int_get ((gint *) &trace->n_done) == trace->n_tasks;
}

/**
 * lab_trace_get_last_ns:
 * @trace: a trace
 *
 * The live edge: the latest end of a segment, marker, utilization or
 * memory sample, begin or end recorded so far. Computed on read, so that writers do not
 * contend on one shared maximum.
 *
 * Returns: a CLOCK_MONOTONIC time, 0 before anything was recorded
 */
gint64
lab_trace_get_last_ns (LabTrace *trace)
{
  gint64 last;

  g_return_val_if_fail (trace != NULL, 0);

  last = MAX (lab_trace_get_begin_ns (trace), lab_trace_get_end_ns (trace));
  last = MAX (last, _lab_trace_get_writers_last_ns (trace));
  last = MAX (last, _lab_trace_get_memory_last_ns (trace));

  g_mutex_lock (&trace->mutex);
  last = MAX (last, MAX (trace->util_last_ns, trace->marker_last_ns));
  g_mutex_unlock (&trace->mutex);
  return last;
}

/**
 * lab_trace_add_cpu_time:
 * @trace: a trace
 * @ns: thread CPU time a task used
 *
 * Adds to the trace's total CPU time (thread-safe).
 */
void
lab_trace_add_cpu_time (LabTrace *trace,
                        gint64    ns)
{
  g_return_if_fail (trace != NULL);

  __atomic_add_fetch (&trace->cpu_ns, ns, __ATOMIC_RELAXED);
}

/**
 * lab_trace_get_cpu_ns:
 * @trace: a trace
 *
 * Returns: the CPU time added with lab_trace_add_cpu_time()
 */
gint64
lab_trace_get_cpu_ns (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, 0);

  return __atomic_load_n (&trace->cpu_ns, __ATOMIC_RELAXED);
}

/* A status is set once: the first finisher wins, later calls are ignored. */
static gboolean
set_status (LabTrace      *trace,
            guint32        task,
            LabTaskStatus  status)
{
  if (!g_atomic_int_compare_and_exchange (status_slot (trace, task), LAB_TASK_STATUS_PENDING,
                                          (gint) status))
    return FALSE;
  g_atomic_int_inc ((gint *) &trace->n_finished);
  if (status == LAB_TASK_STATUS_DONE)
    g_atomic_int_inc ((gint *) &trace->n_done);
  return TRUE;
}

void
lab_trace_task_done (LabTrace *trace,
                     guint32   task)
{
  g_return_if_fail (trace != NULL);
  g_return_if_fail (task < lab_trace_get_n_tasks (trace));

  set_status (trace, task, LAB_TASK_STATUS_DONE);
}

void
lab_trace_task_failed (LabTrace   *trace,
                       guint32     task,
                       const char *reason)
{
  g_return_if_fail (trace != NULL);
  g_return_if_fail (task < lab_trace_get_n_tasks (trace));

  /* Under the mutex, so that a reader who sees "failed" finds the reason. */
  g_mutex_lock (&trace->mutex);
  if (set_status (trace, task, LAB_TASK_STATUS_FAILED) && reason != NULL)
    g_hash_table_insert (trace->reasons, GUINT_TO_POINTER (task), g_strdup (reason));
  g_mutex_unlock (&trace->mutex);
}

void
lab_trace_task_cancelled (LabTrace *trace,
                          guint32   task)
{
  g_return_if_fail (trace != NULL);
  g_return_if_fail (task < lab_trace_get_n_tasks (trace));

  set_status (trace, task, LAB_TASK_STATUS_CANCELLED);
}

LabTaskStatus
lab_trace_task_get_status (LabTrace *trace,
                           guint32   task)
{
  g_return_val_if_fail (trace != NULL, LAB_TASK_STATUS_PENDING);
  g_return_val_if_fail (task < lab_trace_get_n_tasks (trace), LAB_TASK_STATUS_PENDING);

  return (LabTaskStatus) g_atomic_int_get (status_slot (trace, task));
}

/**
 * lab_trace_task_get_reason:
 * @trace: a trace
 * @task: a task
 *
 * Returns: (nullable): why @task failed: its own reason, else the trace's
 *   error, else %NULL
 */
const char *
lab_trace_task_get_reason (LabTrace *trace,
                           guint32   task)
{
  const char *reason;

  g_return_val_if_fail (trace != NULL, NULL);
  g_return_val_if_fail (task < lab_trace_get_n_tasks (trace), NULL);

  /* Reasons and the error are set once and never freed before the
   * trace, so the pointer stays valid after the unlock. */
  g_mutex_lock (&trace->mutex);
  reason = g_hash_table_lookup (trace->reasons, GUINT_TO_POINTER (task));
  if (reason == NULL && g_atomic_int_get (status_slot (trace, task)) == LAB_TASK_STATUS_FAILED)
    reason = trace->error;
  g_mutex_unlock (&trace->mutex);
  return reason;
}

/* Only the task's own reason, for saving: the trace error is saved apart. */
const char *
_lab_trace_task_get_own_reason (LabTrace *trace,
                                guint32   task)
{
  const char *reason;

  g_mutex_lock (&trace->mutex);
  reason = g_hash_table_lookup (trace->reasons, GUINT_TO_POINTER (task));
  g_mutex_unlock (&trace->mutex);
  return reason;
}

guint
lab_trace_get_n_finished (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, 0);

  return (guint) g_atomic_int_get ((gint *) &trace->n_finished);
}

static void
ensure_util_cores (LabTrace *trace,
                   guint     n_cores)
{
  if (n_cores <= trace->n_util_cores)
    return;
  trace->util = g_renew (GArray *, trace->util, n_cores);
  for (guint i = trace->n_util_cores; i < n_cores; i++)
    trace->util[i] = g_array_new (FALSE, FALSE, sizeof (LabUtilSample));
  trace->n_util_cores = n_cores;
}

void
_lab_trace_add_utilization_sample (LabTrace *trace,
                                   guint     core,
                                   gint64    t_ns,
                                   float     busy)
{
  LabUtilSample sample = { t_ns, CLAMP (busy, 0.0f, 1.0f) };

  g_return_if_fail (core < MAX_UTIL_CORES);

  g_mutex_lock (&trace->mutex);
  ensure_util_cores (trace, core + 1);
  g_array_append_val (trace->util[core], sample);
  trace->util_last_ns = MAX (trace->util_last_ns, t_ns);
  g_mutex_unlock (&trace->mutex);
}

/**
 * lab_trace_add_utilization:
 * @trace: a trace
 * @t_ns: the end of the sample interval
 * @n_cores: the number of values in @busy
 * @busy: (array length=n_cores): each core's busy fraction, 0 to 1
 */
void
lab_trace_add_utilization (LabTrace    *trace,
                           gint64       t_ns,
                           guint        n_cores,
                           const float *busy)
{
  g_return_if_fail (trace != NULL);
  g_return_if_fail (n_cores == 0 || busy != NULL);

  n_cores = MIN (n_cores, MAX_UTIL_CORES);
  g_mutex_lock (&trace->mutex);
  ensure_util_cores (trace, n_cores);
  for (guint i = 0; i < n_cores; i++)
    {
      LabUtilSample sample = { t_ns, CLAMP (busy[i], 0.0f, 1.0f) };

      g_array_append_val (trace->util[i], sample);
    }
  trace->util_last_ns = MAX (trace->util_last_ns, t_ns);
  g_mutex_unlock (&trace->mutex);
}

gboolean
lab_trace_has_utilization (LabTrace *trace)
{
  gboolean has;

  g_return_val_if_fail (trace != NULL, FALSE);

  g_mutex_lock (&trace->mutex);
  has = FALSE;
  for (guint i = 0; i < trace->n_util_cores && !has; i++)
    has = trace->util[i]->len > 0;
  g_mutex_unlock (&trace->mutex);
  return has;
}

/**
 * lab_trace_get_n_utilization_cores:
 * @trace: a trace
 *
 * Returns: the number of cores that have utilization samples
 */
guint
lab_trace_get_n_utilization_cores (LabTrace *trace)
{
  guint n;

  g_return_val_if_fail (trace != NULL, 0);

  g_mutex_lock (&trace->mutex);
  n = trace->n_util_cores;
  g_mutex_unlock (&trace->mutex);
  return n;
}

/**
 * lab_trace_copy_utilization:
 * @trace: a trace
 * @core: a core
 *
 * Returns: (transfer full): a #GArray of #LabUtilSample for @core, in
 *   time order; empty where there are none
 */
GArray *
lab_trace_copy_utilization (LabTrace *trace,
                            guint     core)
{
  GArray *copy = g_array_new (FALSE, FALSE, sizeof (LabUtilSample));

  g_return_val_if_fail (trace != NULL, copy);

  g_mutex_lock (&trace->mutex);
  if (core < trace->n_util_cores)
    g_array_append_vals (copy, trace->util[core]->data, trace->util[core]->len);
  g_mutex_unlock (&trace->mutex);
  return copy;
}

void
lab_trace_add_marker (LabTrace   *trace,
                      gint64      t_ns,
                      const char *text)
{
  LabMarker *marker;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (text != NULL);

  marker = g_new (LabMarker, 1);
  marker->t_ns = t_ns;
  marker->text = g_strdup (text);
  g_mutex_lock (&trace->mutex);
  g_ptr_array_add (trace->markers, marker);
  trace->marker_last_ns = MAX (trace->marker_last_ns, t_ns);
  g_mutex_unlock (&trace->mutex);
}

/**
 * lab_trace_copy_markers:
 * @trace: a trace
 *
 * Returns: (transfer full): a #GPtrArray of #LabMarker, in the order added;
 *   freeing the array frees them
 */
GPtrArray *
lab_trace_copy_markers (LabTrace *trace)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (marker_free);

  g_return_val_if_fail (trace != NULL, copy);

  g_mutex_lock (&trace->mutex);
  for (guint i = 0; i < trace->markers->len; i++)
    {
      const LabMarker *m = g_ptr_array_index (trace->markers, i);
      LabMarker *c = g_new (LabMarker, 1);

      c->t_ns = m->t_ns;
      c->text = g_strdup (m->text);
      g_ptr_array_add (copy, c);
    }
  g_mutex_unlock (&trace->mutex);
  return copy;
}

/**
 * lab_trace_set_error:
 * @trace: a trace
 * @message: why the model could not run
 *
 * Records why the model could not run and marks every task still pending
 * as failed (lab_trace_task_get_reason() then returns @message for them).
 * The first message is kept; later ones are ignored, so that the pointer
 * lab_trace_get_error() returned stays valid.
 */
void
lab_trace_set_error (LabTrace   *trace,
                     const char *message)
{
  g_return_if_fail (trace != NULL);
  g_return_if_fail (message != NULL);

  g_mutex_lock (&trace->mutex);
  if (trace->error == NULL)
    trace->error = g_strdup (message);
  else
    g_debug ("%s: error already set, ignoring “%s”", trace->model_id, message);
  for (guint32 task = 0; task < lab_trace_get_n_tasks (trace); task++)
    set_status (trace, task, LAB_TASK_STATUS_FAILED);
  g_mutex_unlock (&trace->mutex);
}

const char *
lab_trace_get_error (LabTrace *trace)
{
  const char *error;

  g_return_val_if_fail (trace != NULL, NULL);

  g_mutex_lock (&trace->mutex);
  error = trace->error;
  g_mutex_unlock (&trace->mutex);
  return error;
}

/**
 * lab_trace_set_cached:
 * @trace: a trace
 * @key: what is cached ("lab-figures")
 * @box: (transfer full): reference-counted figures derived from the trace
 * @release: drops a reference to @box (the cache's, when replaced or
 *   when the trace goes)
 *
 * Keeps figures derived from the trace with it, so that they are computed
 * once per trace rather than once per reader; replaces what @key held
 * (readers holding a reference keep theirs). Thread-safe. The caller says
 * when a cached box is still valid (a finished trace's figures are).
 */
void
lab_trace_set_cached (LabTrace       *trace,
                      const char     *key,
                      gpointer        box,
                      GDestroyNotify  release)
{
  g_return_if_fail (trace != NULL);
  g_return_if_fail (key != NULL);
  g_return_if_fail (box != NULL && release != NULL);

  g_mutex_lock (&trace->mutex);
  g_datalist_id_set_data_full (&trace->cached, g_quark_from_string (key), box, release);
  g_mutex_unlock (&trace->mutex);
}

/**
 * lab_trace_dup_cached:
 * @trace: a trace
 * @key: what was cached
 *
 * Returns: (transfer full) (nullable): a reference to the box
 *   lab_trace_set_cached() kept, or %NULL
 */
gpointer
lab_trace_dup_cached (LabTrace   *trace,
                      const char *key)
{
  gpointer box;

  g_return_val_if_fail (trace != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  g_mutex_lock (&trace->mutex);
  box = g_datalist_id_get_data (&trace->cached, g_quark_try_string (key));
  if (box != NULL)
    g_atomic_rc_box_acquire (box);
  g_mutex_unlock (&trace->mutex);
  return box;
}
