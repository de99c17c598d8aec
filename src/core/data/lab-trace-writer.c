/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-trace"

#include "config.h"

#include <string.h>
#include <sys/mman.h>

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
 *
 * A writer that goes on past that gets chunks of one huge page (2 MiB,
 * aligned, MADV_HUGEPAGE): the first touch of each 4 KiB page is a page
 * fault, which costs more than the recording itself on a virtual machine
 * (docs/PERFORMANCE.md), and one fault per 2 MiB takes that off the
 * recording thread. Where huge pages are off the
 * advice is ignored and the chunk is ordinary memory.
 */
#define CHUNK_MIN 64
#define CHUNK_MAX 4096
#define BIG_CHUNK_BYTES (2u << 20)

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

static void
writer_free (LabTraceWriter *writer)
{
  Chunk *chunk = writer->head;

  while (chunk != NULL)
    {
      Chunk *next = chunk->next;

      if (chunk->capacity > CHUNK_MAX)
        munmap (chunk, BIG_CHUNK_BYTES);
      else
        g_free (chunk);
      chunk = next;
    }
  g_aligned_free (writer);
}

static LabTraceWriter *
first_writer (LabTrace *trace)
{
  return __atomic_load_n (&trace->writers, __ATOMIC_ACQUIRE);
}

/* What the trace holds for its own records is counted as it is
 * allocated, so that the memory a model is measured to hold can be told
 * from the measurement's (lab_trace_get_allocated_bytes()). */
static void
count_allocation (LabTrace *trace,
                  gsize     bytes)
{
  __atomic_add_fetch (&trace->allocated, (gint64) bytes, __ATOMIC_RELAXED);
}

static Chunk *
chunk_new (LabTrace *trace,
           guint     capacity)
{
  gsize bytes = sizeof (Chunk) + (gsize) capacity * sizeof (LabSegment);
  Chunk *chunk = g_malloc (bytes);

  count_allocation (trace, bytes);
  chunk->next = NULL;
  chunk->capacity = capacity;
  return chunk;
}

/* The chunk after @previous: doubling up to CHUNK_MAX, then huge pages. */
static Chunk *
chunk_next (LabTrace    *trace,
            const Chunk *previous)
{
  guint8 *memory, *aligned;
  gsize head;
  Chunk *chunk;

  if (previous->capacity < CHUNK_MAX)
    return chunk_new (trace, previous->capacity * 2);
  /* Twice the size, then the unaligned ends given back, so exactly one
   * aligned huge page stays mapped (posix_memalign keeps the slack). */
  memory = mmap (NULL, 2 * BIG_CHUNK_BYTES, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED)
    return chunk_new (trace, CHUNK_MAX);
  aligned = (guint8 *) (((guintptr) memory + BIG_CHUNK_BYTES - 1) & ~(guintptr) (BIG_CHUNK_BYTES - 1));
  head = aligned - memory;
  if (head > 0)
    munmap (memory, head);
  munmap (aligned + BIG_CHUNK_BYTES, BIG_CHUNK_BYTES - head);
  (void) madvise (aligned, BIG_CHUNK_BYTES, MADV_HUGEPAGE);
  count_allocation (trace, BIG_CHUNK_BYTES);
  chunk = (Chunk *) aligned;
  chunk->next = NULL;
  chunk->capacity = (BIG_CHUNK_BYTES - sizeof (Chunk)) / sizeof (LabSegment);
  return chunk;
}

static LabTraceWriter *
writer_new (LabTrace *trace,
            guint     worker)
{
  LabTraceWriter *writer = g_aligned_alloc0 (1, sizeof (LabTraceWriter), 64);

  count_allocation (trace, sizeof (LabTraceWriter));
  writer->trace = trace;
  writer->worker = worker;
  writer->head = writer->tail = chunk_new (trace, CHUNK_MIN);
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
  guint hi = worker >> LAB_TRACE_WRITER_PAGE_BITS;
  guint lo = worker & (LAB_TRACE_WRITER_PAGE_SIZE - 1);

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
      page = g_new0 (LabTraceWriter *, LAB_TRACE_WRITER_PAGE_SIZE);
      count_allocation (trace, LAB_TRACE_WRITER_PAGE_SIZE * sizeof (LabTraceWriter *));
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
  /* The count read in place, not through lab_trace_get_n_tasks(): this
   * runs once a segment, and that is a call into another file. */
  g_return_if_fail (task < __atomic_load_n (&writer->trace->n_tasks, __ATOMIC_ACQUIRE));
  g_return_if_fail ((guint) state < LAB_N_STATES);
  g_return_if_fail (end_ns >= begin_ns);

  if (G_UNLIKELY (writer->tail_used == writer->tail->capacity))
    {
      Chunk *chunk = chunk_next (writer->trace, writer->tail);

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

guint64
lab_trace_get_n_segments (LabTrace *trace)
{
  guint64 n = 0;

  g_return_val_if_fail (trace != NULL, 0);

  for (LabTraceWriter *w = first_writer (trace); w != NULL; w = w->next)
    n += __atomic_load_n (&w->count, __ATOMIC_ACQUIRE);
  return n;
}

/* Visits the first @n segments of one writer (no more than it published);
 * FALSE when @func stopped. */
static gboolean
writer_foreach (LabTraceWriter *writer,
                guint64         n,
                LabSegmentFunc  func,
                gpointer        user_data)
{
  guint64 left = n;
  Chunk *chunk = writer->head;

  /* The next link is read only when the count says a segment lies beyond
   * this chunk: past the published prefix the writer may be linking one. */
  while (left > 0)
    {
      guint k = (guint) MIN (left, (guint64) chunk->capacity);

      for (guint i = 0; i < k; i++)
        if (!func (&chunk->segments[i], user_data))
          return FALSE;
      left -= k;
      if (left > 0)
        chunk = __atomic_load_n (&chunk->next, __ATOMIC_ACQUIRE);
    }
  return TRUE;
}

static guint64
writer_count (LabTraceWriter *writer)
{
  return __atomic_load_n (&writer->count, __ATOMIC_ACQUIRE);
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
    if (!writer_foreach (w, writer_count (w), func, user_data))
      return;
}

/* The copy sorted by task: every writer's published prefix, taken once,
 * is counted per task, then each segment is put in its task's place, and
 * each task's few segments are sorted by time. O(n) in the segments and
 * no second buffer as large as the copy, where a merge sort of the copy
 * would need one (64 MiB more at a million segments). */
typedef struct
{
  guint            *next;       /* per task: where its next segment goes */
  LabSegment       *out;
} Placing;

typedef struct
{
  LabTraceWriter   *writer;
  guint64           n;
} Prefix;

static gboolean
count_task_cb (const LabSegment *segment,
               gpointer          user_data)
{
  Placing *placing = user_data;

  placing->next[segment->task + 1]++;
  return TRUE;
}

static gboolean
place_cb (const LabSegment *segment,
          gpointer          user_data)
{
  Placing *placing = user_data;

  placing->out[placing->next[segment->task]++] = *segment;
  return TRUE;
}

/* The order of a task's segments: by begin, then end, worker and state. */
static gint
compare_in_task (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const LabSegment *x = a;
  const LabSegment *y = b;

  if (x->begin_ns != y->begin_ns)
    return x->begin_ns < y->begin_ns ? -1 : 1;
  if (x->end_ns != y->end_ns)
    return x->end_ns < y->end_ns ? -1 : 1;
  if (x->worker != y->worker)
    return x->worker < y->worker ? -1 : 1;
  return (gint) x->state - (gint) y->state;
}

static void
sort_task (LabSegment *segments,
           guint       n)
{
  /* Recording order is usually time order already. */
  for (guint i = 1; i < n; i++)
    if (compare_in_task (&segments[i - 1], &segments[i], NULL) > 0)
      {
        g_qsort_with_data (segments, (gint) n, sizeof (LabSegment), compare_in_task, NULL);
        return;
      }
}

/**
 * lab_trace_copy_segments:
 * @trace: a trace
 *
 * Returns: (transfer full): a #GArray of #LabSegment published so far,
 *   sorted by task, then begin (then end, worker and state)
 */
GArray *
lab_trace_copy_segments (LabTrace *trace)
{
  g_autoptr(GArray) prefixes = g_array_new (FALSE, FALSE, sizeof (Prefix));
  g_autofree guint *next = NULL;
  Placing placing;
  GArray *segments;

  g_return_val_if_fail (trace != NULL, NULL);

  /* Writers record on, and new ones join the list: both passes visit the
   * same writers and the same prefix of each. */
  for (LabTraceWriter *writer = first_writer (trace); writer != NULL; writer = writer->next)
    {
      Prefix prefix = { writer, writer_count (writer) };

      g_array_append_val (prefixes, prefix);
    }

  next = g_new0 (guint, (gsize) trace->n_tasks + 1);
  placing.next = next;
  for (guint w = 0; w < prefixes->len; w++)
    {
      const Prefix *p = &g_array_index (prefixes, Prefix, w);

      writer_foreach (p->writer, p->n, count_task_cb, &placing);
    }
  for (guint t = 1; t <= trace->n_tasks; t++)
    next[t] += next[t - 1];

  segments = g_array_sized_new (FALSE, FALSE, sizeof (LabSegment), next[trace->n_tasks]);
  g_array_set_size (segments, next[trace->n_tasks]);
  placing.out = (LabSegment *) (gpointer) segments->data;
  for (guint w = 0; w < prefixes->len; w++)
    {
      const Prefix *p = &g_array_index (prefixes, Prefix, w);

      writer_foreach (p->writer, p->n, place_cb, &placing);
    }

  /* Now next[t] is where task t's segments end. A task with none is
   * left alone: with no segment at all, placing.out is NULL. */
  for (guint t = 0; t < trace->n_tasks; t++)
    {
      guint first = t == 0 ? 0 : next[t - 1];

      if (next[t] > first)
        sort_task (placing.out + first, next[t] - first);
    }
  return segments;
}

void
_lab_trace_free_writers (LabTrace *trace)
{
  LabTraceWriter *writer = trace->writers;

  while (writer != NULL)
    {
      LabTraceWriter *next = writer->next;

      writer_free (writer);
      writer = next;
    }
  for (guint i = 0; i < LAB_TRACE_WRITER_PAGE_SIZE; i++)
    g_free (trace->pages[i]);
}

gint64
_lab_trace_get_writers_last_ns (LabTrace *trace)
{
  gint64 last = 0;

  for (LabTraceWriter *w = first_writer (trace); w != NULL; w = w->next)
    last = MAX (last, __atomic_load_n (&w->max_end_ns, __ATOMIC_RELAXED));
  return last;
}
