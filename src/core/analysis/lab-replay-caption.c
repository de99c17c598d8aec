/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-replay"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "lab-duration.h"
#include "lab-replay-private.h"

/*
 * Captions narrate a moment in the words of the lessons: what the loop
 * runs, who holds the lock, what waits for I/O. A state held by a few
 * tasks names them ("tasks 2–4"); by many, counts them ("97 tasks"), so a
 * line stays one line at 100,000 tasks. The clauses come in the order a
 * learner reads the picture: what computes first, then what waits.
 */

/* A state with up to this many tasks names them. */
#define MAX_NAMED 3

static const guint8 clause_order[] = {
  LAB_STATE_RUNNING, LAB_REPLAY_KEY_POOL, LAB_STATE_WAITING_LOCK, LAB_STATE_WAITING_IO,
  LAB_STATE_READY, LAB_STATE_SPAWNING, LAB_STATE_IPC, LAB_STATE_QUEUED, LAB_REPLAY_KEY_DONE,
};

static int
compare_tasks (const void *a,
               const void *b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

/* "task 2", "tasks 2 and 5", "tasks 2–4", "tasks 1, 3 and 7", "97 tasks". */
static char *
dup_subject (const LabReplayPanel *p,
             guint8                key)
{
  guint n = p->count[key];
  guint32 tasks[MAX_NAMED];
  guint i = 0;

  if (n > MAX_NAMED)
    {
      if (n == p->n_tasks)
        /* Translators: the subject of a replay caption: every task of the run */
        return g_strdup_printf (ngettext ("all %u task", "all %u tasks", n), n);
      /* Translators: the subject of a replay caption: many tasks, counted */
      return g_strdup_printf (ngettext ("%u task", "%u tasks", n), n);
    }
  for (guint32 t = p->head[key]; t != LAB_REPLAY_NO_TASK && i < n; t = p->next[t])
    tasks[i++] = t + 1;
  qsort (tasks, i, sizeof tasks[0], compare_tasks);
  switch (i)
    {
    case 1:
      /* Translators: the subject of a replay caption; tasks are numbered from 1 */
      return g_strdup_printf (_("task %u"), tasks[0]);
    case 2:
      return g_strdup_printf (_("tasks %u and %u"), tasks[0], tasks[1]);
    default:
      if (tasks[2] == tasks[0] + 2)
        /* Translators: a range of three tasks in a replay caption */
        return g_strdup_printf (_("tasks %u–%u"), tasks[0], tasks[2]);
      return g_strdup_printf (_("tasks %u, %u and %u"), tasks[0], tasks[1], tasks[2]);
    }
}

static gboolean
is_loop (const LabReplayPanel *p)
{
  return p->kind == LAB_REPLAY_MODEL_LOOP || p->kind == LAB_REPLAY_MODEL_OFFLOAD;
}

/* The clause for @key in @p's model, about @subject (@n tasks). */
static char *
dup_clause (const LabReplayPanel *p,
            guint8                key,
            guint                 n,
            const char           *subject)
{
  switch (key)
    {
    case LAB_STATE_RUNNING:
      if (is_loop (p))
        /* Translators: a replay caption: the event loop's one thread runs a task's callback */
        return g_strdup_printf (_("the loop runs %s"), subject);
      if (p->kind == LAB_REPLAY_MODEL_GIL)
        /* Translators: a replay caption: the task's thread holds the simulated GIL */
        return g_strdup_printf (ngettext ("%s holds the lock", "%s hold the lock", n), subject);
      if (p->kind == LAB_REPLAY_MODEL_THREADS)
        return g_strdup_printf (ngettext ("%s computes", "%s compute at the same time", n),
                                subject);
      if (p->kind == LAB_REPLAY_MODEL_PROCESSES)
        return g_strdup_printf (ngettext ("%s computes in a worker process",
                                          "%s compute in worker processes at the same time", n),
                                subject);
      return g_strdup_printf (ngettext ("%s runs", "%s run", n), subject);
    case LAB_REPLAY_KEY_POOL:
      /* Translators: a replay caption: loop-offload hands the computation to a thread pool */
      return g_strdup_printf (ngettext ("a pool thread computes %s", "pool threads compute %s", n),
                              subject);
    case LAB_STATE_WAITING_LOCK:
      if (p->count[LAB_STATE_RUNNING] > 0)
        /* Translators: a replay caption, after "task 1 holds the lock": "it" is the lock */
        return g_strdup_printf (ngettext ("%s waits for it", "%s wait for it", n), subject);
      return g_strdup_printf (ngettext ("%s waits for the lock", "%s wait for the lock", n),
                              subject);
    case LAB_STATE_WAITING_IO:
      return g_strdup_printf (ngettext ("%s waits for I/O", "%s wait for I/O", n), subject);
    case LAB_STATE_READY:
      if (is_loop (p))
        /* Translators: a replay caption: the task could go on, but the loop runs something else */
        return g_strdup_printf (ngettext ("%s is ready but the loop is busy",
                                          "%s are ready but the loop is busy", n),
                                subject);
      /* Translators: a replay caption: the OS preempted the task's thread */
      return g_strdup_printf (ngettext ("%s waits for a core", "%s wait for a core", n), subject);
    case LAB_STATE_SPAWNING:
      return g_strdup_printf (ngettext ("%s waits for its worker process to start",
                                        "%s wait for their worker processes to start", n),
                              subject);
    case LAB_STATE_IPC:
      return g_strdup_printf (ngettext ("%s is passed to or from a worker",
                                        "%s are passed to or from workers", n),
                              subject);
    case LAB_STATE_QUEUED:
      return g_strdup_printf (ngettext ("%s waits its turn", "%s wait their turn", n),
                              subject);
    case LAB_REPLAY_KEY_DONE:
    default:
      return g_strdup_printf (ngettext ("%s is done", "%s are done", n), subject);
    }
}

static void
append_clause (GString    *text,
               const char *clause)
{
  if (text->len > 0)
    /* Translators: between the clauses of a replay caption */
    g_string_append (text, _("; "));
  g_string_append (text, clause);
}

/* The loop's thread doing nothing while tasks wait is the point of lesson 1:
 * said after what is in progress, before what waits its turn or is done. */
static void
append_loop_idle (GString              *text,
                  const LabReplayPanel *p)
{
  if (!is_loop (p) || p->count[LAB_STATE_RUNNING] > 0 || p->count[LAB_STATE_READY] > 0)
    return;
  if (p->count[LAB_REPLAY_KEY_POOL] > 0)
    /* Translators: a replay caption: loop-offload's loop runs nothing while the pool computes */
    append_clause (text, _("the loop is free"));
  else
    /* Translators: a replay caption: the event loop's thread has nothing to run */
    append_clause (text, _("the loop is idle"));
}

/* What happens, or NULL where no task is in any state. */
static char *
dup_clauses (const LabReplayPanel *p)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean busy = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (clause_order); i++)
    {
      guint8 key = clause_order[i];
      g_autofree char *subject = NULL;
      g_autofree char *clause = NULL;

      if (key == LAB_STATE_QUEUED && busy)
        append_loop_idle (text, p), busy = FALSE;
      if (p->count[key] == 0)
        continue;
      subject = dup_subject (p, key);
      clause = dup_clause (p, key, p->count[key], subject);
      append_clause (text, clause);
      if (key != LAB_STATE_QUEUED && key != LAB_REPLAY_KEY_DONE)
        busy = TRUE;
    }
  if (text->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
_lab_replay_panel_caption (const LabReplayPanel *p,
                           gint64                t_ns)
{
  g_autofree char *what = NULL;

  g_assert (p != NULL);

  if (p->failed)
    /* Translators: a replay caption for a model that did not run */
    what = g_strdup (_("could not run"));
  else if (t_ns >= p->duration_ns && p->pos == p->events->len)
    {
      g_autofree char *length = lab_duration_format (p->duration_ns);

      /* Translators: a replay caption once a model's run is over; %s is its length */
      what = g_strdup_printf (_("finished after %s"), length);
    }
  else
    what = dup_clauses (p);
  if (what == NULL)
    what = g_strdup (t_ns <= 0 ? _("starting") : _("nothing happens"));
  /* Translators: a replay caption: the model's id ("event-loop"), then what happens */
  return g_strdup_printf (_("%s: %s"), p->model_id, what);
}
