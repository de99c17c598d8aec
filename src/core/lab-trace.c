/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-trace"

#include "config.h"

#include <string.h>

#include "lab-trace.h"
#include "lab-trace-private.h"

G_STATIC_ASSERT (sizeof (LabSegment) == 32);

/*
 * Recording without a lock: each writer owns a singly linked list of
 * chunks. Only the owning thread appends; it fills the slot, links a new
 * chunk if needed, and only then publishes the new count with a release
 * store. A reader loads the count with acquire and may read that many
 * segments from the head of the list: every byte it reads was written
 * before the release, and slots past the count are never touched by it.
 *
 * Chunks start small (a worker of the threads model may record a handful
 * of segments) and double up to CHUNK_MAX, so a writer costs little when
 * there are a thousand of them and the header is amortized when a writer
 * records millions.
 */
#define CHUNK_MIN 64
#define CHUNK_MAX 4096

/* Writers are found by worker index without a lock through a two-level
 * table of 256 × 256 atomic pointers, enough for every guint16 worker. */
#define PAGE_BITS 8
#define PAGE_SIZE (1u << PAGE_BITS)

#define MAX_UTIL_CORES 1024

typedef struct _Chunk Chunk;
struct _Chunk
{
  Chunk      *next;       /* set before the count that covers it is published */
  guint       capacity;
  LabSegment  segments[];
};

struct _LabTraceWriter
{
  /* Owner-only state first; the published fields share its cache line,
   * and the struct is cache-line aligned so writers do not false-share. */
  Chunk          *tail;
  guint           tail_used;
  guint64         count;        /* published: release store, acquire load */
  gint64          max_end_ns;   /* published: relaxed, a hint for the live edge */
  Chunk          *head;
  LabTrace       *trace;        /* not a reference: the trace owns its writers */
  LabTraceWriter *next;         /* the list of all writers, newest first */
  guint           worker;
} __attribute__ ((aligned (64)));

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

G_DEFINE_BOXED_TYPE (LabTrace, lab_trace, lab_trace_ref, lab_trace_unref)

static void
marker_free (gpointer data)
{
  LabMarker *marker = data;

  g_free (marker->text);
  g_free (marker);
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

  self = g_new0 (LabTrace, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  self->model_id = g_strdup (model_id);
  self->workload = lab_workload_ref (workload);
  self->n_tasks = lab_workload_get_n_tasks (workload);
  self->n_cores = MAX (n_cores, 1);
  self->status = g_new0 (gint, self->n_tasks);
  self->reasons = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->markers = g_ptr_array_new_with_free_func (marker_free);
  return self;
}

LabTrace *
lab_trace_ref (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, NULL);

  g_atomic_ref_count_inc (&trace->ref_count);
  return trace;
}

static void
writer_free (LabTraceWriter *writer)
{
  Chunk *chunk = writer->head;

  while (chunk != NULL)
    {
      Chunk *next = chunk->next;

      g_free (chunk);
      chunk = next;
    }
  g_aligned_free (writer);
}

void
lab_trace_unref (LabTrace *trace)
{
  LabTraceWriter *writer;

  g_return_if_fail (trace != NULL);

  if (!g_atomic_ref_count_dec (&trace->ref_count))
    return;

  writer = trace->writers;
  while (writer != NULL)
    {
      LabTraceWriter *next = writer->next;

      writer_free (writer);
      writer = next;
    }
  for (guint i = 0; i < PAGE_SIZE; i++)
    g_free (trace->pages[i]);
  for (guint i = 0; i < trace->n_util_cores; i++)
    g_array_unref (trace->util[i]);
  g_free (trace->util);
  g_ptr_array_unref (trace->markers);
  g_hash_table_unref (trace->reasons);
  g_free (trace->status);
  g_free (trace->error);
  g_free (trace->model_id);
  lab_workload_unref (trace->workload);
  g_mutex_clear (&trace->mutex);
  g_free (trace);
}

const char *
lab_trace_get_model_id (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, NULL);

  return trace->model_id;
}

LabWorkload *
lab_trace_get_workload (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, NULL);

  return trace->workload;
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

static LabTraceWriter *
first_writer (LabTrace *trace)
{
  return __atomic_load_n (&trace->writers, __ATOMIC_ACQUIRE);
}

/**
 * lab_trace_get_last_ns:
 * @trace: a trace
 *
 * The live edge: the latest end of a segment, marker, utilization sample,
 * begin or end recorded so far. Computed on read, so that writers do not
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
  for (LabTraceWriter *w = first_writer (trace); w != NULL; w = w->next)
    last = MAX (last, __atomic_load_n (&w->max_end_ns, __ATOMIC_RELAXED));

  g_mutex_lock (&trace->mutex);
  last = MAX (last, MAX (trace->util_last_ns, trace->marker_last_ns));
  g_mutex_unlock (&trace->mutex);
  return last;
}

static Chunk *
chunk_new (guint capacity)
{
  Chunk *chunk = g_malloc (sizeof (Chunk) + (gsize) capacity * sizeof (LabSegment));

  chunk->next = NULL;
  chunk->capacity = capacity;
  return chunk;
}

static LabTraceWriter *
writer_new (LabTrace *trace,
            guint     worker)
{
  LabTraceWriter *writer = g_aligned_alloc0 (1, sizeof (LabTraceWriter), 64);

  writer->trace = trace;
  writer->worker = worker;
  writer->head = writer->tail = chunk_new (CHUNK_MIN);
  return writer;
}

/**
 * lab_trace_get_writer:
 * @trace: a trace
 * @worker: the recording thread or process of the model, 0 to 65535
 *
 * Returns the same writer for the same @worker, creating it on first use.
 * Lookups take no lock; only creation does.
 *
 * Returns: (transfer none): the writer, owned by @trace
 */
LabTraceWriter *
lab_trace_get_writer (LabTrace *trace,
                      guint     worker)
{
  LabTraceWriter **page;
  LabTraceWriter *writer;
  guint hi = worker >> PAGE_BITS;
  guint lo = worker & (PAGE_SIZE - 1);

  g_return_val_if_fail (trace != NULL, NULL);
  g_return_val_if_fail (worker <= G_MAXUINT16, NULL);

  page = __atomic_load_n (&trace->pages[hi], __ATOMIC_ACQUIRE);
  if (page != NULL)
    {
      writer = __atomic_load_n (&page[lo], __ATOMIC_ACQUIRE);
      if (writer != NULL)
        return writer;
    }

  g_mutex_lock (&trace->mutex);
  /* Atomic loads even under the mutex: the lock-free readers above use
   * the same slots, and GMutex is invisible to thread sanitizers. */
  page = __atomic_load_n (&trace->pages[hi], __ATOMIC_ACQUIRE);
  if (page == NULL)
    {
      page = g_new0 (LabTraceWriter *, PAGE_SIZE);
      __atomic_store_n (&trace->pages[hi], page, __ATOMIC_RELEASE);
    }
  writer = __atomic_load_n (&page[lo], __ATOMIC_ACQUIRE);
  if (writer == NULL)
    {
      writer = writer_new (trace, worker);
      writer->next = __atomic_load_n (&trace->writers, __ATOMIC_RELAXED);
      __atomic_store_n (&trace->writers, writer, __ATOMIC_RELEASE);
      __atomic_store_n (&page[lo], writer, __ATOMIC_RELEASE);
    }
  g_mutex_unlock (&trace->mutex);
  return writer;
}

/**
 * lab_trace_writer_add:
 * @writer: the calling thread's writer
 * @task: the task, below the workload's task count
 * @state: what the task did
 * @core: the CPU it ran on, or -1
 * @begin_ns: CLOCK_MONOTONIC start
 * @end_ns: CLOCK_MONOTONIC end, not before @begin_ns
 *
 * Appends one segment. Takes no lock: only the thread that owns @writer
 * may call this.
 */
void
lab_trace_writer_add (LabTraceWriter *writer,
                      guint32         task,
                      LabState        state,
                      gint            core,
                      gint64          begin_ns,
                      gint64          end_ns)
{
  LabSegment *segment;

  g_return_if_fail (writer != NULL);
  g_return_if_fail (task < writer->trace->n_tasks);
  g_return_if_fail ((guint) state < LAB_N_STATES);
  g_return_if_fail (end_ns >= begin_ns);

  if (G_UNLIKELY (writer->tail_used == writer->tail->capacity))
    {
      Chunk *chunk = chunk_new (MIN (writer->tail->capacity * 2, CHUNK_MAX));

      /* Linked before the count that covers its first slot is published. */
      __atomic_store_n (&writer->tail->next, chunk, __ATOMIC_RELEASE);
      writer->tail = chunk;
      writer->tail_used = 0;
    }

  segment = &writer->tail->segments[writer->tail_used++];
  segment->begin_ns = begin_ns;
  segment->end_ns = end_ns;
  segment->task = task;
  segment->worker = (guint16) writer->worker;
  segment->core = core >= -1 && core < 1024 ? (gint16) core : -1;
  segment->state = (guint8) state;
  memset (segment->_pad, 0, sizeof segment->_pad);

  if (end_ns > writer->max_end_ns)
    __atomic_store_n (&writer->max_end_ns, end_ns, __ATOMIC_RELAXED);
  __atomic_store_n (&writer->count, writer->count + 1, __ATOMIC_RELEASE);
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
  if (!g_atomic_int_compare_and_exchange (&trace->status[task], LAB_TASK_STATUS_PENDING,
                                          (gint) status))
    return FALSE;
  g_atomic_int_inc ((gint *) &trace->n_finished);
  return TRUE;
}

void
lab_trace_task_done (LabTrace *trace,
                     guint32   task)
{
  g_return_if_fail (trace != NULL);
  g_return_if_fail (task < trace->n_tasks);

  set_status (trace, task, LAB_TASK_STATUS_DONE);
}

void
lab_trace_task_failed (LabTrace   *trace,
                       guint32     task,
                       const char *reason)
{
  g_return_if_fail (trace != NULL);
  g_return_if_fail (task < trace->n_tasks);

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
  g_return_if_fail (task < trace->n_tasks);

  set_status (trace, task, LAB_TASK_STATUS_CANCELLED);
}

LabTaskStatus
lab_trace_task_get_status (LabTrace *trace,
                           guint32   task)
{
  g_return_val_if_fail (trace != NULL, LAB_TASK_STATUS_PENDING);
  g_return_val_if_fail (task < trace->n_tasks, LAB_TASK_STATUS_PENDING);

  return (LabTaskStatus) g_atomic_int_get (&trace->status[task]);
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
  g_return_val_if_fail (task < trace->n_tasks, NULL);

  /* Reasons and the error are set once and never freed before the
   * trace, so the pointer stays valid after the unlock. */
  g_mutex_lock (&trace->mutex);
  reason = g_hash_table_lookup (trace->reasons, GUINT_TO_POINTER (task));
  if (reason == NULL && g_atomic_int_get (&trace->status[task]) == LAB_TASK_STATUS_FAILED)
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

guint64
lab_trace_get_n_segments (LabTrace *trace)
{
  guint64 n = 0;

  g_return_val_if_fail (trace != NULL, 0);

  for (LabTraceWriter *w = first_writer (trace); w != NULL; w = w->next)
    n += __atomic_load_n (&w->count, __ATOMIC_ACQUIRE);
  return n;
}

/* Visits the published prefix of one writer; FALSE when @func stopped. */
static gboolean
writer_foreach (LabTraceWriter *writer,
                LabSegmentFunc  func,
                gpointer        user_data)
{
  guint64 left = __atomic_load_n (&writer->count, __ATOMIC_ACQUIRE);
  Chunk *chunk = writer->head;

  /* The next link is read only when the count says a segment lies beyond
   * this chunk: past the published prefix the writer may be linking one. */
  while (left > 0)
    {
      guint n = (guint) MIN (left, (guint64) chunk->capacity);

      for (guint i = 0; i < n; i++)
        if (!func (&chunk->segments[i], user_data))
          return FALSE;
      left -= n;
      if (left > 0)
        chunk = __atomic_load_n (&chunk->next, __ATOMIC_ACQUIRE);
    }
  return TRUE;
}

/**
 * lab_trace_foreach_segment:
 * @trace: a trace
 * @func: called for each segment published so far; FALSE stops
 * @user_data: for @func
 *
 * Visits segments writer by writer, each in recording order. Safe on any
 * thread while recording goes on.
 */
void
lab_trace_foreach_segment (LabTrace       *trace,
                           LabSegmentFunc  func,
                           gpointer        user_data)
{
  g_return_if_fail (trace != NULL);
  g_return_if_fail (func != NULL);

  for (LabTraceWriter *w = first_writer (trace); w != NULL; w = w->next)
    if (!writer_foreach (w, func, user_data))
      return;
}

static gboolean
append_segment (const LabSegment *segment,
                gpointer          user_data)
{
  g_array_append_vals (user_data, segment, 1);
  return TRUE;
}

static gint
compare_segments (gconstpointer a,
                  gconstpointer b)
{
  const LabSegment *x = a;
  const LabSegment *y = b;

  if (x->task != y->task)
    return x->task < y->task ? -1 : 1;
  if (x->begin_ns != y->begin_ns)
    return x->begin_ns < y->begin_ns ? -1 : 1;
  if (x->end_ns != y->end_ns)
    return x->end_ns < y->end_ns ? -1 : 1;
  if (x->worker != y->worker)
    return x->worker < y->worker ? -1 : 1;
  return (gint) x->state - (gint) y->state;
}

/**
 * lab_trace_copy_segments:
 * @trace: a trace
 *
 * Returns: (transfer full): a #GArray of #LabSegment published so far,
 *   sorted by task, then begin
 */
GArray *
lab_trace_copy_segments (LabTrace *trace)
{
  GArray *segments;

  g_return_val_if_fail (trace != NULL, NULL);

  segments = g_array_sized_new (FALSE, FALSE, sizeof (LabSegment),
                                (guint) MIN (lab_trace_get_n_segments (trace), G_MAXUINT / 2));
  lab_trace_foreach_segment (trace, append_segment, segments);
  g_array_sort (segments, compare_segments);
  return segments;
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
  if (n_cores > trace->n_util_cores)
    {
      trace->util = g_renew (GArray *, trace->util, n_cores);
      for (guint i = trace->n_util_cores; i < n_cores; i++)
        trace->util[i] = g_array_new (FALSE, FALSE, sizeof (LabUtilSample));
      trace->n_util_cores = n_cores;
    }
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
  has = trace->n_util_cores > 0 && trace->util[0]->len > 0;
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
  for (guint32 task = 0; task < trace->n_tasks; task++)
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
