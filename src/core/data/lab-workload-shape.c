/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-workload"

#include "config.h"

#include <math.h>

#include "lab-duration.h"
#include "lab-workload.h"
#include "lab-workload-private.h"

/*
 * Changing a workload while keeping its shape: every duration times one
 * factor, more or fewer tasks with the same pattern, another kind for
 * every task. This is what the window's sliders do to a lesson, so that
 * "100 × cpu 2 ms" dragged to 30 tasks is "30 × cpu 2 ms", not a workload
 * of the slider's own making. Each change edits the groups of a copy and
 * goes through the text form, so that the result is exactly what its text
 * says (a random spread draws its tasks again from the same seed).
 */

/* A copy whose groups may be edited; its tasks stay those of @workload
 * until the copy is written out and read back by finish(). */
static LabWorkload *
editable_copy (const LabWorkload *workload)
{
  g_autofree char *text = lab_workload_to_string (workload);

  return lab_workload_parse (text, NULL);
}

static LabWorkload *
finish (LabWorkload *edited)
{
  g_autoptr(LabWorkload) owned = edited;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = lab_workload_to_string (owned);
  LabWorkload *result = lab_workload_parse (text, &error);

  /* Every edit keeps counts and durations within what the parser accepts. */
  if (result == NULL)
    g_critical ("A reshaped workload “%s” does not parse: %s", text, error->message);
  return result;
}

/**
 * lab_workload_get_range:
 * @workload: a workload
 * @out_lo_ns: (out) (optional): the shortest task's duration
 * @out_hi_ns: (out) (optional): the longest's
 *
 * The range of the durations as written: a random spread counts with its
 * bounds ("random:100ms..1.5s" is 100 ms to 1.5 s whatever was drawn).
 */
void
lab_workload_get_range (const LabWorkload *workload,
                        gint64            *out_lo_ns,
                        gint64            *out_hi_ns)
{
  gint64 lo = G_MAXINT64, hi = 0;

  g_return_if_fail (workload != NULL);

  for (guint i = 0; i < workload->groups->len; i++)
    {
      const Group *g = &g_array_index (workload->groups, Group, i);

      if (g->shape == GROUP_RANDOM)
        {
          lo = MIN (lo, g->lo_ns);
          hi = MAX (hi, g->hi_ns);
          continue;
        }
      for (guint k = 0; k < (g->shape == GROUP_LIST ? g->period : 1); k++)
        {
          gint64 ns = g_array_index (workload->tasks, LabTaskSpec, g->first + k).duration_ns;

          lo = MIN (lo, ns);
          hi = MAX (hi, ns);
        }
    }
  if (out_lo_ns != NULL)
    *out_lo_ns = lo;
  if (out_hi_ns != NULL)
    *out_hi_ns = hi;
}

/**
 * lab_workload_get_kind:
 * @workload: a workload
 * @out_kind: (out) (optional): the kind of every task
 *
 * Returns: whether every task has the same kind
 */
gboolean
lab_workload_get_kind (const LabWorkload *workload,
                       LabTaskKind       *out_kind)
{
  LabTaskKind kind;

  g_return_val_if_fail (workload != NULL, FALSE);

  kind = g_array_index (workload->groups, Group, 0).kind;
  for (guint i = 1; i < workload->groups->len; i++)
    if (g_array_index (workload->groups, Group, i).kind != kind)
      return FALSE;
  if (out_kind != NULL)
    *out_kind = kind;
  return TRUE;
}

/* @ns times @factor, to three significant digits, so that the text stays
 * readable ("1.11s", not "1112345678ns"), within what a task may last. */
static gint64
scale_ns (gint64 ns,
          double factor)
{
  double v = (double) ns * factor;
  double magnitude;

  if (v < 1)
    return 1;
  magnitude = pow (10, floor (log10 (v)) - 2);
  if (magnitude >= 1)
    v = round (v / magnitude) * magnitude;
  return CLAMP ((gint64) llround (v), 1, LAB_DURATION_MAX_NS);
}

/**
 * lab_workload_scale:
 * @workload: a workload
 * @factor: more than zero
 *
 * Every duration times @factor, to three significant digits and within
 * 1 ns to %LAB_DURATION_MAX_NS; counts, kinds, the order, the seeds of
 * random spreads and the mix stay.
 *
 * Returns: (transfer full): the scaled workload
 */
LabWorkload *
lab_workload_scale (const LabWorkload *workload,
                    double             factor)
{
  LabWorkload *copy;

  g_return_val_if_fail (workload != NULL, NULL);
  g_return_val_if_fail (factor > 0 && isfinite (factor), NULL);

  copy = editable_copy (workload);
  for (guint i = 0; i < copy->groups->len; i++)
    {
      Group *g = &g_array_index (copy->groups, Group, i);

      g->lo_ns = scale_ns (g->lo_ns, factor);
      g->hi_ns = g->shape == GROUP_RANDOM ? MAX (g->lo_ns, scale_ns (g->hi_ns, factor)) : 0;
      if (g->shape == GROUP_LIST)
        for (guint k = 0; k < g->period; k++)
          {
            LabTaskSpec *spec = &g_array_index (copy->tasks, LabTaskSpec, g->first + k);

            spec->duration_ns = scale_ns (spec->duration_ns, factor);
          }
    }
  return finish (copy);
}

/* Splits @n_tasks over the groups in proportion to their counts (largest
 * remainders). A group whose share rounds down to nothing gets a task
 * first, in order, so every kind of the pattern stays while the tasks
 * allow; groups past the last task are dropped (count 0). */
static void
apportion (const LabWorkload *workload,
           guint              n_tasks,
           guint             *counts)
{
  guint n_groups = workload->groups->len;
  guint total = workload->tasks->len;
  g_autofree gboolean *topped = g_new0 (gboolean, n_groups);
  guint given = 0;

  for (guint i = 0; i < n_groups; i++)
    {
      counts[i] = (guint) ((guint64) g_array_index (workload->groups, Group, i).count * n_tasks
                           / total);
      given += counts[i];
    }
  for (guint i = 0; i < n_groups && given < n_tasks; i++)
    if (counts[i] == 0)
      {
        counts[i] = 1;
        topped[i] = TRUE;
        given++;
      }
  while (given < n_tasks)
    {
      guint best = G_MAXUINT;
      guint64 best_rest = 0;

      for (guint i = 0; i < n_groups; i++)
        {
          guint64 rest = (guint64) g_array_index (workload->groups, Group, i).count * n_tasks
                         % total;

          if (!topped[i] && (best == G_MAXUINT || rest > best_rest))
            best = i, best_rest = rest;
        }
      /* the remainders add up to fewer tasks than there are groups */
      g_assert (best != G_MAXUINT);
      counts[best]++;
      topped[best] = TRUE;
      given++;
    }
}

/**
 * lab_workload_resize:
 * @workload: a workload
 * @n_tasks: 1 to %LAB_MAX_TASKS
 *
 * The same pattern with @n_tasks tasks: each group grows or shrinks in
 * proportion (a list of durations cycles, a random spread draws more from
 * the same seed, so its first tasks stay), every group keeping at least
 * one task while there are tasks for all of them.
 *
 * Returns: (transfer full): the resized workload
 */
LabWorkload *
lab_workload_resize (const LabWorkload *workload,
                     guint              n_tasks)
{
  g_autofree guint *counts = NULL;
  LabWorkload *copy;

  g_return_val_if_fail (workload != NULL, NULL);
  g_return_val_if_fail (n_tasks >= 1 && n_tasks <= LAB_MAX_TASKS, NULL);

  copy = editable_copy (workload);
  counts = g_new0 (guint, copy->groups->len);
  apportion (copy, n_tasks, counts);
  for (guint i = copy->groups->len; i > 0; i--)
    {
      Group *g = &g_array_index (copy->groups, Group, i - 1);

      if (counts[i - 1] == 0)
        {
          g_array_remove_index (copy->groups, i - 1);
          continue;
        }
      g->count = counts[i - 1];
      if (g->shape == GROUP_LIST && g->period > g->count)
        g->period = g->count;
      if (g->shape == GROUP_LIST && g->period == 1)
        g->shape = GROUP_UNIFORM;
    }
  return finish (copy);
}

/**
 * lab_workload_with_kind:
 * @workload: a workload
 * @kind: the kind every task gets
 *
 * Waits may number up to %LAB_MAX_TASKS, computations only up to
 * %LAB_MAX_COMPUTING_TASKS: a workload of more tasks that becomes one of
 * computations is first cut to that many, keeping its shape.
 *
 * Returns: (transfer full): @workload with every task of @kind, durations
 *   and order unchanged
 */
LabWorkload *
lab_workload_with_kind (const LabWorkload *workload,
                        LabTaskKind        kind)
{
  g_autoptr(LabWorkload) fitting = NULL;
  LabWorkload *copy;

  g_return_val_if_fail (workload != NULL, NULL);
  g_return_val_if_fail ((guint) kind < LAB_N_TASK_KINDS, NULL);

  if (kind != LAB_TASK_KIND_IO && lab_workload_get_n_tasks (workload) > LAB_MAX_COMPUTING_TASKS)
    workload = fitting = lab_workload_resize (workload, LAB_MAX_COMPUTING_TASKS);
  copy = editable_copy (workload);
  for (guint i = 0; i < copy->groups->len; i++)
    g_array_index (copy->groups, Group, i).kind = kind;
  return finish (copy);
}

/**
 * lab_workload_with_mix:
 * @workload: a workload
 * @cpu_before_pct: the share of a mixed task computed before its wait
 * @wait_pct: the share it waits
 * @cpu_after_pct: the share computed after; the three add up to 100
 *
 * Returns: (transfer full): @workload with that mix for its mixed tasks
 */
LabWorkload *
lab_workload_with_mix (const LabWorkload *workload,
                       guint              cpu_before_pct,
                       guint              wait_pct,
                       guint              cpu_after_pct)
{
  LabWorkload *copy;

  g_return_val_if_fail (workload != NULL, NULL);
  g_return_val_if_fail (cpu_before_pct + wait_pct + cpu_after_pct == 100, NULL);

  copy = editable_copy (workload);
  copy->mix[0] = cpu_before_pct;
  copy->mix[1] = wait_pct;
  copy->mix[2] = cpu_after_pct;
  return finish (copy);
}
