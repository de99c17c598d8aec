/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-analysis"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-analysis.h"
#include "lab-stats.h"

/*
 * Both the curves and the figures come from one sweep: every segment
 * becomes two events (its begin, +1, and its end, −1), every task that
 * began two more (in flight from its first non-queued segment to its last
 * end); the events are sorted by time and walked once, keeping counters of
 * what is active. That is O(n log n) in the segments, and reads only what
 * is published, so it works on a trace that is still recording.
 */

/* An event's state when it is a task's flight, not a segment. */
#define FLIGHT_EVENT LAB_N_STATES

typedef struct
{
  gint64  t_ns;
  guint32 task;
  gint16  core;
  guint8  state;
  gint8   delta;
} Event;

typedef struct
{
  gint64 first_begin;   /* of a non-queued segment; G_MAXINT64 until one is seen */
  gint64 last_end;
} TaskSpan;

typedef struct
{
  GArray   *events;
  TaskSpan *tasks;
  guint     n_tasks;
  gint      max_core;
  gint64    first_ns;   /* earliest segment begin; G_MAXINT64 without segments */
  gint64    last_ns;    /* latest segment end */
  gint64    state_ns[LAB_N_STATES];
  guint8    worker_seen[(G_MAXUINT16 + 1) / 8];
  guint     n_workers_seen;
} Gather;

static gboolean
gather_segment_cb (const LabSegment *segment,
                   gpointer          user_data)
{
  Gather *g = user_data;
  Event e;

  if (segment->task >= g->n_tasks || segment->state >= LAB_N_STATES
      || segment->end_ns < segment->begin_ns)
    return TRUE;

  g->first_ns = MIN (g->first_ns, segment->begin_ns);
  g->last_ns = MAX (g->last_ns, segment->end_ns);
  g->state_ns[segment->state] += segment->end_ns - segment->begin_ns;
  g->max_core = MAX (g->max_core, segment->core);
  if (!(g->worker_seen[segment->worker / 8] & (1u << (segment->worker % 8))))
    {
      g->worker_seen[segment->worker / 8] |= (guint8) (1u << (segment->worker % 8));
      g->n_workers_seen++;
    }
  if (segment->state != LAB_STATE_QUEUED)
    g->tasks[segment->task].first_begin = MIN (g->tasks[segment->task].first_begin,
                                               segment->begin_ns);
  g->tasks[segment->task].last_end = MAX (g->tasks[segment->task].last_end, segment->end_ns);

  if (segment->end_ns == segment->begin_ns)
    return TRUE;
  e.task = segment->task;
  e.core = segment->core;
  e.state = segment->state;
  e.t_ns = segment->begin_ns;
  e.delta = 1;
  g_array_append_val (g->events, e);
  e.t_ns = segment->end_ns;
  e.delta = -1;
  g_array_append_val (g->events, e);
  return TRUE;
}

/* Sorting the events by time, in place. g_array_sort() is a merge sort
 * that takes a second buffer as large as the array: for a million tasks,
 * 115 MB more at the peak of every analysis. The order of events at one
 * instant does not matter (the sweep applies them all before it reads the
 * counters), so an unstable quicksort does: median of three, the smaller
 * side first, insertion sort for short runs, and a heap sort where the
 * depth says the pivots keep going wrong. */
#define INSERTION_MAX 16

static inline void
swap_events (Event *a,
             Event *b)
{
  Event t = *a;

  *a = *b;
  *b = t;
}

static void
insertion_sort (Event *e,
                gsize  n)
{
  for (gsize i = 1; i < n; i++)
    {
      Event v = e[i];
      gsize j = i;

      for (; j > 0 && e[j - 1].t_ns > v.t_ns; j--)
        e[j] = e[j - 1];
      e[j] = v;
    }
}

static void
sift_down (Event *e,
           gsize  root,
           gsize  n)
{
  for (;;)
    {
      gsize child = 2 * root + 1;

      if (child >= n)
        return;
      if (child + 1 < n && e[child + 1].t_ns > e[child].t_ns)
        child++;
      if (e[root].t_ns >= e[child].t_ns)
        return;
      swap_events (&e[root], &e[child]);
      root = child;
    }
}

static void
heap_sort (Event *e,
           gsize  n)
{
  for (gsize i = n / 2; i > 0; i--)
    sift_down (e, i - 1, n);
  for (gsize end = n; end > 1; end--)
    {
      swap_events (&e[0], &e[end - 1]);
      sift_down (e, 0, end - 1);
    }
}

static void
sort_events (Event *e,
             gsize  n,
             guint  depth)
{
  while (n > INSERTION_MAX)
    {
      gsize mid = n / 2, i = 0, j = n - 1;
      gint64 pivot;

      if (depth-- == 0)
        {
          heap_sort (e, n);
          return;
        }
      if (e[mid].t_ns < e[0].t_ns)
        swap_events (&e[mid], &e[0]);
      if (e[n - 1].t_ns < e[0].t_ns)
        swap_events (&e[n - 1], &e[0]);
      if (e[n - 1].t_ns < e[mid].t_ns)
        swap_events (&e[n - 1], &e[mid]);
      pivot = e[mid].t_ns;
      /* Hoare's partition: [0, j] ≤ pivot ≤ [j + 1, n). */
      for (;;)
        {
          while (e[i].t_ns < pivot)
            i++;
          while (e[j].t_ns > pivot)
            j--;
          if (i >= j)
            break;
          swap_events (&e[i++], &e[j--]);
        }
      if (j + 1 < n - j - 1)
        {
          sort_events (e, j + 1, depth);
          e += j + 1;
          n -= j + 1;
        }
      else
        {
          sort_events (e + j + 1, n - j - 1, depth);
          n = j + 1;
        }
    }
  insertion_sort (e, n);
}

/* Counters of what is active at the current time of the sweep. Counts
 * are signed: at one instant an end may be seen before the begin it
 * follows, and only a crossing of 0 ↔ 1 changes what is active. */
typedef struct
{
  gint *per_core;       /* running segments per core */
  gint *per_task;       /* progress segments per task */
  gint *per_task_run;   /* running segments per task */
  gint *per_task_wait;  /* waiting-io segments per task */
  gint  unknown_core;   /* running segments with no core */
  gint  state[LAB_N_STATES];
  guint busy_cores;
  guint in_flight;
  guint progressing;
  guint computing;      /* tasks running */
  guint waiting;        /* tasks waiting for I/O */
} Counters;

/* Moves *counter by delta; returns +1, −1 or 0 as it becomes active, stops
 * being active, or neither. */
static gint
bump (gint *counter,
      gint  delta)
{
  gboolean before = *counter > 0;

  *counter += delta;
  return (gint) (*counter > 0) - (gint) before;
}

static void
apply_event (Counters    *c,
             const Event *e)
{
  if (e->state == FLIGHT_EVENT)
    {
      c->in_flight += e->delta;
      return;
    }
  c->state[e->state] += e->delta;
  if (e->state == LAB_STATE_RUNNING)
    {
      if (e->core >= 0)
        c->busy_cores += bump (&c->per_core[e->core], e->delta);
      else
        c->unknown_core += e->delta;
    }
  if (e->state == LAB_STATE_RUNNING || e->state == LAB_STATE_WAITING_IO)
    c->progressing += bump (&c->per_task[e->task], e->delta);
  if (e->state == LAB_STATE_RUNNING)
    c->computing += bump (&c->per_task_run[e->task], e->delta);
  if (e->state == LAB_STATE_WAITING_IO)
    c->waiting += bump (&c->per_task_wait[e->task], e->delta);
}

static guint
busy_of (const Counters *c)
{
  return c->busy_cores + (guint) MAX (c->unknown_core, 0);
}

typedef struct
{
  gint64 span_ns;
  double busy_ns;         /* ∫ busy dt */
  double in_flight_ns;    /* ∫ in_flight dt */
  guint  max_busy;
  guint  max_in_flight;
  gint64 progress_ns;
  gint64 serial_ns;
  gint64 state_wall_ns[LAB_N_STATES];
  gint64 overhead_wall_ns;
  guint  n_cap;           /* the cores computing work is counted on */
  gint64 work_cpu_ns;     /* ∫ min (computing, n_cap) dt */
  gint64 work_wait_ns;    /* ∫ waiting dt */
  gint64 cpu_wall_ns;     /* time with a task computing */
  gint64 cpu_serial_ns;   /* time with exactly one task computing */
} Integrals;

/* Adds what was active over [from, to) (relative times), clipped to the
 * analysed span. */
static void
integrate (Integrals      *in,
           const Counters *c,
           gint64          from,
           gint64          to)
{
  gint64 dt;

  from = CLAMP (from, 0, in->span_ns);
  to = CLAMP (to, 0, in->span_ns);
  dt = to - from;
  if (dt <= 0)
    return;
  in->busy_ns += (double) busy_of (c) * (double) dt;
  in->in_flight_ns += (double) c->in_flight * (double) dt;
  if (c->progressing >= 1)
    in->progress_ns += dt;
  if (c->progressing == 1)
    in->serial_ns += dt;
  for (guint s = 0; s < LAB_N_STATES; s++)
    if (c->state[s] > 0)
      in->state_wall_ns[s] += dt;
  if (c->state[LAB_STATE_SPAWNING] > 0 || c->state[LAB_STATE_IPC] > 0)
    in->overhead_wall_ns += dt;
  in->work_cpu_ns += (gint64) MIN (c->computing, in->n_cap) * dt;
  in->work_wait_ns += (gint64) c->waiting * dt;
  if (c->computing >= 1)
    in->cpu_wall_ns += dt;
  if (c->computing == 1)
    in->cpu_serial_ns += dt;
}

static gint64
origin_of (LabTrace     *trace,
           const Gather *g)
{
  gint64 begin = lab_trace_get_begin_ns (trace);

  if (begin != 0)
    return begin;
  return g->first_ns == G_MAXINT64 ? 0 : g->first_ns;
}

static gint64
span_of (LabTrace     *trace,
         const Gather *g,
         gint64        origin)
{
  gint64 end = lab_trace_get_end_ns (trace);

  if (end != 0 && lab_trace_get_begin_ns (trace) != 0)
    return MAX (end - origin, 0);
  end = MAX (lab_trace_get_last_ns (trace), g->first_ns == G_MAXINT64 ? 0 : g->last_ns);
  return MAX (end - origin, 0);
}

/* Gathers the events, sorts them and sweeps once: appends the steps to
 * @steps (nullable) and fills @in (nullable) and @state_ns (nullable). */
static void
sweep (LabTrace  *trace,
       GArray    *steps,
       Integrals *in,
       gint64    *state_ns,
       guint     *n_workers_seen)
{
  Gather g = { 0 };
  Counters c = { 0 };
  Integrals scratch = { 0 };
  LabFlightStep last = { 0, 0, 0 };
  gint64 origin;
  gint64 prev;
  guint i;

  if (in == NULL)
    in = &scratch;
  g.n_tasks = lab_trace_get_n_tasks (trace);
  g.tasks = g_new (TaskSpan, MAX (g.n_tasks, 1));
  for (i = 0; i < g.n_tasks; i++)
    {
      g.tasks[i].first_begin = G_MAXINT64;
      g.tasks[i].last_end = G_MININT64;
    }
  g.max_core = -1;
  g.first_ns = G_MAXINT64;
  g.last_ns = G_MININT64;
  g.events = g_array_sized_new (FALSE, FALSE, sizeof (Event),
                                (guint) MIN (2 * lab_trace_get_n_segments (trace)
                                             + 2 * (guint64) g.n_tasks, G_MAXUINT / 4));
  lab_trace_foreach_segment (trace, gather_segment_cb, &g);

  for (i = 0; i < g.n_tasks; i++)
    {
      Event e = { 0, i, -1, FLIGHT_EVENT, 1 };

      if (g.tasks[i].first_begin == G_MAXINT64 || g.tasks[i].last_end <= g.tasks[i].first_begin)
        continue;
      e.t_ns = g.tasks[i].first_begin;
      g_array_append_val (g.events, e);
      e.t_ns = g.tasks[i].last_end;
      e.delta = -1;
      g_array_append_val (g.events, e);
    }
  sort_events ((Event *) (gpointer) g.events->data, g.events->len,
               2 * g_bit_storage (g.events->len));

  origin = origin_of (trace, &g);
  in->span_ns = span_of (trace, &g, origin);
  c.per_core = g_new0 (gint, g.max_core + 1 > 0 ? g.max_core + 1 : 1);
  c.per_task = g_new0 (gint, MAX (g.n_tasks, 1));
  c.per_task_run = g_new0 (gint, MAX (g.n_tasks, 1));
  c.per_task_wait = g_new0 (gint, MAX (g.n_tasks, 1));

  if (steps != NULL && (g.events->len == 0
                        || g_array_index (g.events, Event, 0).t_ns > origin))
    g_array_append_val (steps, last);

  prev = 0;
  i = 0;
  while (i < g.events->len)
    {
      gint64 t = g_array_index (g.events, Event, i).t_ns;
      LabFlightStep step;

      integrate (in, &c, prev, t - origin);
      for (; i < g.events->len && g_array_index (g.events, Event, i).t_ns == t; i++)
        apply_event (&c, &g_array_index (g.events, Event, i));

      step.t_ns = t - origin;
      step.in_flight = c.in_flight;
      step.busy = busy_of (&c);
      in->max_busy = MAX (in->max_busy, step.busy);
      in->max_in_flight = MAX (in->max_in_flight, step.in_flight);
      if (steps != NULL && (steps->len == 0 || step.in_flight != last.in_flight
                            || step.busy != last.busy))
        {
          g_array_append_val (steps, step);
          last = step;
        }
      prev = t - origin;
    }
  integrate (in, &c, prev, in->span_ns);

  if (state_ns != NULL)
    memcpy (state_ns, g.state_ns, sizeof g.state_ns);
  if (n_workers_seen != NULL)
    *n_workers_seen = g.n_workers_seen;
  g_free (c.per_core);
  g_free (c.per_task);
  g_free (c.per_task_run);
  g_free (c.per_task_wait);
  g_free (g.tasks);
  g_array_unref (g.events);
}

/**
 * lab_analysis_flight_steps:
 * @trace: a trace, finished or still recording
 *
 * The tasks in flight and the cores busy over time, as a step function
 * (see #LabFlightStep): sorted by time, each step holding until the next,
 * a new step only where a value changes. It starts with a step at 0 (or
 * earlier, where a segment began before the trace did) and, once every
 * recorded segment has ended, ends with a step of 0 and 0.
 *
 * Returns: (transfer full): a #GArray of #LabFlightStep
 */
GArray *
lab_analysis_flight_steps (LabTrace *trace)
{
  GArray *steps;

  g_return_val_if_fail (trace != NULL, NULL);

  steps = g_array_new (FALSE, FALSE, sizeof (LabFlightStep));
  sweep (trace, steps, NULL, NULL, NULL);
  return steps;
}

/**
 * lab_analysis_amdahl:
 * @serial_fraction: s, between 0 and 1
 * @n: the number of workers the parallel part is shared by
 *
 * Amdahl's law: the speedup a run with serial fraction s can reach on n
 * workers.
 *
 * Returns: 1 ÷ (s + (1 − s) ÷ n); NAN when s is NAN
 */
double
lab_analysis_amdahl (double serial_fraction,
                     guint  n)
{
  double s;

  if (isnan (serial_fraction))
    return NAN;
  s = CLAMP (serial_fraction, 0.0, 1.0);
  return 1.0 / (s + (1.0 - s) / (double) MAX (n, 1));
}

/* The cores a run could compute on: a what-if run confined to fewer counts
 * only those. */
static guint
usable_core_count (LabTrace *trace)
{
  guint cores = lab_trace_get_n_cores (trace);
  guint limit = lab_trace_get_core_limit (trace);

  return limit > 0 ? MIN (limit, cores) : cores;
}

/* Amdahl's law applied to the measured work: with p(t) tasks computing
 * (counted up to N, the usable cores), the work is W = ∫ p dt and its
 * serial part Ws the time with p = 1. Spread perfectly, the parallel part
 * takes (W − Ws) ÷ N, which is at most the time with p ≥ 2; so the limit
 * W ÷ (Ws + (W − Ws) ÷ N) is at least W ÷ elapsed, the speedup measured
 * with the same W. Only for pure computation, shared by more than one
 * core and more than one worker: a single thread's run says nothing of
 * how the work would split. */
static void
amdahl (LabTrace         *trace,
        LabTraceAnalysis *out)
{
  double w = (double) out->work_cpu_ns;
  double ws = (double) MIN (out->cpu_serial_ns, out->work_cpu_ns);

  out->serial_fraction = NAN;
  out->amdahl_limit = NAN;
  /* A part of the work (a run still going, stopped or failed) says
   * nothing of the whole work's serial share; an observed program's
   * threads are not tasks of a work that could be split. */
  if (lab_trace_get_workload (trace) == NULL || !out->has_cpu_work || out->has_waits || out->work_cpu_ns <= 0
      || out->usable_cores < 2 || out->n_workers_seen < 2 || !lab_trace_is_complete (trace))
    return;
  out->serial_fraction = ws / w;
  out->amdahl_limit = w / (ws + (w - ws) / (double) out->usable_cores);
}

/**
 * lab_analysis_compute:
 * @trace: a trace, finished or still recording
 * @out: (out caller-allocates): the analysis
 *
 * Measures the figures of #LabTraceAnalysis from the trace's segments in
 * one sorted sweep (O(n log n) in the segments).
 */
void
lab_analysis_compute (LabTrace         *trace,
                      LabTraceAnalysis *out)
{
  Integrals in = { 0 };
  LabWorkload *workload;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  workload = lab_trace_get_workload (trace);
  /* The cores the run could use, whatever the model made of them: the
   * event loop's one thread uses one of two, and its efficiency says so. */
  out->usable_cores = workload != NULL
                        ? lab_workload_usable_cores (workload, usable_core_count (trace), 0)
                        : usable_core_count (trace);
  in.n_cap = out->usable_cores;
  sweep (trace, NULL, &in, out->state_ns, &out->n_workers_seen);

  out->span_ns = in.span_ns;
  out->mean_busy = in.span_ns > 0 ? in.busy_ns / (double) in.span_ns : 0.0;
  out->mean_in_flight = in.span_ns > 0 ? in.in_flight_ns / (double) in.span_ns : 0.0;
  out->max_busy = in.max_busy;
  out->max_in_flight = in.max_in_flight;
  /* An observed program: its work is what it did, with no plan to read;
   * its threads' waits are whatever they waited for. */
  if (workload != NULL)
    {
      out->has_cpu_work = lab_workload_get_total_cpu_ns (workload) > 0;
      out->has_waits = lab_workload_has_kind (workload, LAB_TASK_KIND_IO)
                       || lab_workload_has_kind (workload, LAB_TASK_KIND_MIXED);
    }
  else
    {
      out->has_cpu_work = out->state_ns[LAB_STATE_RUNNING] > 0;
      out->has_waits = out->state_ns[LAB_STATE_WAITING_IO] > 0
                       || out->state_ns[LAB_STATE_WAITING_LOCK] > 0;
    }
  out->progress_ns = in.progress_ns;
  out->serial_ns = in.serial_ns;
  out->progress_serial_share = in.progress_ns > 0
                                 ? (double) in.serial_ns / (double) in.progress_ns : NAN;
  out->work_cpu_ns = in.work_cpu_ns;
  out->work_wait_ns = in.work_wait_ns;
  out->cpu_wall_ns = in.cpu_wall_ns;
  out->cpu_serial_ns = in.cpu_serial_ns;
  amdahl (trace, out);

  for (guint s = 0; s < LAB_N_STATES; s++)
    out->task_ns += out->state_ns[s];
  for (guint s = 0; s < LAB_N_STATES; s++)
    {
      out->state_share[s] = out->task_ns > 0
                              ? (double) out->state_ns[s] / (double) out->task_ns : 0.0;
      out->state_wall_ns[s] = in.state_wall_ns[s];
    }
  out->overhead_share = out->state_share[LAB_STATE_SPAWNING] + out->state_share[LAB_STATE_IPC];
  out->overhead_wall_ns = in.overhead_wall_ns;
}
