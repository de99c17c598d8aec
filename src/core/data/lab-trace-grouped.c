/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-trace"

#include "config.h"

#include <string.h>

#include "lab-trace.h"
#include "lab-trace-private.h"

/*
 * An observed trace's tasks come in the order they were found: a thread
 * a process starts late comes after the processes started before it. Once
 * the trace is over, lab_trace_dup_by_process() gives it with its lanes in
 * the order a reader expects: process by process, in the order they were
 * found (a parent before its children), each process's main thread first,
 * then its other threads by thread id, then its event loop's tasks.
 */

typedef struct
{
  guint32         task;
  gboolean        main;   /* the process's main thread: its id is the pid */
  LabObservedTask info;
} Entry;

static void
entry_clear (gpointer data)
{
  lab_observed_task_clear (&((Entry *) data)->info);
}

static gint
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = a;
  const Entry *y = b;

  if (x->info.process != y->info.process)
    return x->info.process < y->info.process ? -1 : 1;
  if (x->info.kind != y->info.kind)
    return x->info.kind == LAB_OBSERVED_ASYNC_TASK ? 1 : -1;
  if (x->info.kind == LAB_OBSERVED_ASYNC_TASK)
    return (x->task > y->task) - (x->task < y->task);
  if (x->main != y->main)
    return x->main ? -1 : 1;
  return (x->info.tid > y->info.tid) - (x->info.tid < y->info.tid);
}

static void
copy_roster (LabObserved *from,
             LabObserved *to)
{
  g_autofree char *title = lab_observed_dup_title (from);
  g_autofree char *left_out = lab_observed_dup_note (from);
  LabSamplingNote note;

  lab_observed_set_title (to, title);
  lab_observed_set_note (to, left_out);
  for (guint i = 0; i < lab_observed_get_n_processes (from); i++)
    {
      LabObservedProcess p;
      guint index;

      lab_observed_copy_process (from, i, &p);
      index = lab_observed_add_process (to, p.pid, p.parent, p.name, p.command, p.begin_ns);
      if (p.end_ns > 0 || p.exit_status != -1)
        lab_observed_process_exited (to, index, p.end_ns, p.exit_status);
      lab_observed_process_clear (&p);
    }
  for (guint c = 0; c < lab_observed_get_n_counters (from); c++)
    {
      guint process = 0;
      g_autofree char *name = lab_observed_dup_counter_name (from, c, &process);
      g_autoptr(GArray) samples = lab_observed_copy_counter (from, c);
      guint index = lab_observed_add_counter (to, process, name);

      for (guint i = 0; i < samples->len; i++)
        lab_observed_counter_add (to, index, g_array_index (samples, LabCounterSample, i).t_ns,
                                  g_array_index (samples, LabCounterSample, i).value);
    }
  lab_observed_get_sampling (from, &note);
  lab_observed_set_sampling (to, &note);
}

static void
copy_times (LabTrace *from,
            LabTrace *to)
{
  g_autoptr(GPtrArray) markers = lab_trace_copy_markers (from);

  lab_trace_begin (to, lab_trace_get_begin_ns (from));
  lab_trace_end (to, lab_trace_get_end_ns (from));
  lab_trace_add_cpu_time (to, lab_trace_get_cpu_ns (from));
  lab_trace_set_n_workers (to, lab_trace_get_n_workers (from));
  for (guint i = 0; i < markers->len; i++)
    {
      const LabMarker *m = g_ptr_array_index (markers, i);

      lab_trace_add_marker (to, m->t_ns, m->text);
    }
  for (guint c = 0; c < lab_trace_get_n_utilization_cores (from); c++)
    {
      g_autoptr(GArray) util = lab_trace_copy_utilization (from, c);

      for (guint i = 0; i < util->len; i++)
        _lab_trace_add_utilization_sample (to, c, g_array_index (util, LabUtilSample, i).t_ns,
                                           g_array_index (util, LabUtilSample, i).busy);
    }
  {
    g_autoptr(GArray) memory = lab_trace_copy_memory (from);

    for (guint i = 0; i < memory->len; i++)
      lab_trace_add_memory (to, &g_array_index (memory, LabMemorySample, i));
  }
  if (lab_trace_get_error (from) != NULL)
    lab_trace_set_error (to, lab_trace_get_error (from));
  if (lab_trace_was_stopped (from))
    lab_trace_mark_stopped (to);
}

/* The tasks in their new order (@entries); @place[old] = new. */
static void
copy_tasks (LabTrace *from,
            LabTrace *to,
            GArray   *entries,
            guint32  *place)
{
  LabObserved *roster = lab_trace_get_observed (to);

  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *e = &g_array_index (entries, Entry, i);
      guint32 task = lab_trace_add_observed_task (to, e->info.kind, e->info.process, e->info.tid,
                                                  e->info.name, e->info.begin_ns);
      LabTaskStatus status = lab_trace_task_get_status (from, e->task);

      place[e->task] = task;
      if (e->info.end_ns > 0)
        lab_observed_task_ended (roster, task, e->info.end_ns);
      if (status == LAB_TASK_STATUS_DONE)
        lab_trace_task_done (to, task);
      else if (status == LAB_TASK_STATUS_CANCELLED)
        lab_trace_task_cancelled (to, task);
      else if (status == LAB_TASK_STATUS_FAILED)
        lab_trace_task_failed (to, task, _lab_trace_task_get_own_reason (from, e->task));
    }
}

static void
copy_segments_and_spans (LabTrace      *from,
                         LabTrace      *to,
                         const guint32 *place)
{
  g_autoptr(GArray) segments = lab_trace_copy_segments (from);
  g_autoptr(GArray) spans = lab_observed_copy_spans (lab_trace_get_observed (from));
  LabObserved *roster = lab_trace_get_observed (to);
  LabObserved *old_roster = lab_trace_get_observed (from);

  for (guint i = 0; i < segments->len; i++)
    {
      const LabSegment *s = &g_array_index (segments, LabSegment, i);

      lab_trace_writer_add (lab_trace_get_writer (to, s->worker), place[s->task], s->state,
                            s->core, s->begin_ns, s->end_ns);
    }
  for (guint i = 0; i < spans->len; i++)
    {
      LabNamedSpan span = g_array_index (spans, LabNamedSpan, i);
      g_autofree char *name = lab_observed_dup_name (old_roster, span.name);

      span.task = place[span.task];
      span.name = lab_observed_intern_name (roster, name != NULL ? name : "");
      lab_observed_add_span (roster, &span);
    }
}

/**
 * lab_trace_dup_by_process:
 * @trace: a finished observed trace
 *
 * Returns: (transfer full): a copy of @trace with its tasks grouped by
 *   process (see above), every segment, span and status following its
 *   task; @trace itself (a new reference) when it is not observed
 */
LabTrace *
lab_trace_dup_by_process (LabTrace *trace)
{
  g_autoptr(GArray) entries = NULL;
  g_autofree guint32 *place = NULL;
  LabObserved *roster;
  LabTrace *copy;
  guint n;

  g_return_val_if_fail (trace != NULL, NULL);

  roster = lab_trace_get_observed (trace);
  if (roster == NULL)
    return lab_trace_ref (trace);
  n = lab_trace_get_n_tasks (trace);
  entries = g_array_sized_new (FALSE, FALSE, sizeof (Entry), n);
  g_array_set_clear_func (entries, entry_clear);
  for (guint32 t = 0; t < n; t++)
    {
      Entry e = { t, FALSE, { 0 } };
      LabObservedProcess p;

      lab_observed_copy_task (roster, t, &e.info);
      if (lab_observed_copy_process (roster, e.info.process, &p))
        {
          e.main = e.info.kind != LAB_OBSERVED_ASYNC_TASK && e.info.tid == p.pid;
          lab_observed_process_clear (&p);
        }
      g_array_append_val (entries, e);
    }
  g_array_sort (entries, compare_entries);

  copy = lab_trace_new_observed (lab_trace_get_model_id (trace), lab_trace_get_n_cores (trace));
  copy_roster (roster, lab_trace_get_observed (copy));
  place = g_new (guint32, MAX (n, 1));
  copy_tasks (trace, copy, entries, place);
  copy_segments_and_spans (trace, copy, place);
  copy_times (trace, copy);
  return copy;
}
