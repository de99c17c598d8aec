/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-workload"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lab-duration.h"
#include "lab-error.h"
#include "lab-workload.h"
#include "lab-workload-private.h"

#define DEFAULT_SEED 1

const guint _lab_workload_default_mix[3] = { 20, 60, 20 };

G_DEFINE_BOXED_TYPE (LabWorkload, lab_workload, lab_workload_ref, lab_workload_unref)

static LabWorkload *
workload_alloc (void)
{
  LabWorkload *self = g_new0 (LabWorkload, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->groups = g_array_new (FALSE, FALSE, sizeof (Group));
  self->tasks = g_array_new (FALSE, FALSE, sizeof (LabTaskSpec));
  memcpy (self->mix, _lab_workload_default_mix, sizeof self->mix);
  return self;
}

static void
add_tasks (LabWorkload *self,
           LabTaskKind  kind,
           gint64       ns,
           guint        count)
{
  LabTaskSpec spec = { kind, ns };

  for (guint i = 0; i < count; i++)
    g_array_append_val (self->tasks, spec);
}

/* Reads a whole decimal number; returns FALSE on anything else. Numbers
 * too large for 64 bits saturate, so that range checks still reject them. */
static gboolean
read_count (const char **p,
            guint64     *out)
{
  const char *s = *p;
  guint64 value = 0;

  if (!g_ascii_isdigit (*s))
    return FALSE;
  while (g_ascii_isdigit (*s))
    {
      if (value <= (G_MAXUINT64 - 9) / 10)
        value = value * 10 + (guint64) (*s - '0');
      else
        value = G_MAXUINT64;
      s++;
    }
  *out = value;
  *p = s;
  return TRUE;
}

static gboolean
parse_random (const char *text,
              Group      *group,
              GError    **error)
{
  g_autofree char *body = g_strstrip (g_strdup (text + strlen ("random:")));
  g_autofree char *lo_text = NULL;
  const char *range_end;
  const char *dots = strstr (body, "..");
  const char *seed = strstr (body, ":seed=");
  guint64 seed_value = DEFAULT_SEED;

  if (dots == NULL)
    return lab_error_fail (error, LAB_ERROR_PARSE,
                           _("“%s”: a random spread is written random:LOW..HIGH, "
                             "e.g. random:0.5s..2s"), text);

  lo_text = g_strndup (body, dots - body);
  range_end = seed != NULL ? seed : body + strlen (body);
  if (range_end < dots + 2)
    return lab_error_fail (error, LAB_ERROR_PARSE, _("“%s”: the seed must come after the range"),
                           text);

  if (seed != NULL)
    {
      const char *s = seed + strlen (":seed=");

      if (!read_count (&s, &seed_value) || *s != '\0' || seed_value > G_MAXUINT32)
        return lab_error_fail (error, LAB_ERROR_PARSE,
                               _("“%s”: the seed must be a whole number from 0 to %u"), text,
                               G_MAXUINT32);
    }

  {
    g_autofree char *hi_text = g_strndup (dots + 2, range_end - (dots + 2));

    if (!lab_duration_parse (lo_text, &group->lo_ns, error) ||
        !lab_duration_parse (hi_text, &group->hi_ns, error))
      return FALSE;
  }
  if (group->lo_ns > group->hi_ns)
    return lab_error_fail (error, LAB_ERROR_RANGE,
                           _("“%s”: the low end of a random spread is above the high end"), text);

  group->shape = GROUP_RANDOM;
  group->seed = (guint32) seed_value;
  return TRUE;
}

/* The same seed gives the same durations on every machine: GRand is a
 * Mersenne Twister whose output GLib keeps stable. */
static void
add_random_tasks (LabWorkload *self,
                  const Group *group)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (group->seed);
  gint64 span = group->hi_ns - group->lo_ns;

  for (guint i = 0; i < group->count; i++)
    {
      double u = g_rand_double (rand);
      gint64 ns = group->lo_ns + (gint64) (u * (double) span + 0.5);

      add_tasks (self, group->kind, CLAMP (ns, group->lo_ns, group->hi_ns), 1);
    }
}

static gboolean
parse_kind (const char  **p,
            const char   *group_text,
            LabTaskKind  *out_kind,
            GError      **error)
{
  const char *s = *p;
  g_autofree char *word = NULL;

  while (g_ascii_isalpha (*s))
    s++;
  if (s == *p)
    return lab_error_fail (error, LAB_ERROR_PARSE,
                           _("“%s”: a group starts with a task kind (io, cpu or mixed)"),
                           group_text);

  word = g_ascii_strdown (*p, s - *p);
  if (!lab_task_kind_from_string (word, out_kind))
    return lab_error_fail (error, LAB_ERROR_PARSE,
                           _("unknown task kind “%s” (use io, cpu or mixed)"), word);
  *p = s;
  return TRUE;
}

/* Skips "x", "X" or "×" between a count and a duration. */
static gboolean
skip_times (const char **p)
{
  const char *s = *p;

  while (g_ascii_isspace (*s))
    s++;
  if (*s == 'x' || *s == 'X')
    s++;
  else if (g_str_has_prefix (s, "×"))
    s += strlen ("×");
  else
    return FALSE;
  while (g_ascii_isspace (*s))
    s++;
  *p = s;
  return TRUE;
}

static gboolean
parse_group (LabWorkload *self,
             const char  *group_text,
             GError     **error)
{
  Group group = { 0 };
  const char *p = group_text;
  const char *after_count;
  guint64 count;

  if (*group_text == '\0')
    return lab_error_fail (error, LAB_ERROR_PARSE, _("A “+” has no group of tasks beside it"));

  if (!parse_kind (&p, group_text, &group.kind, error))
    return FALSE;
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '\0')
    return lab_error_fail (error, LAB_ERROR_PARSE,
                           _("“%s”: a duration must follow the task kind, e.g. %s 500ms"),
                           group_text, lab_task_kind_to_string (group.kind));

  group.first = self->tasks->len;
  after_count = p;
  if (read_count (&after_count, &count) && skip_times (&after_count))
    {
      if (count == 0)
        return lab_error_fail (error, LAB_ERROR_RANGE, _("“%s”: a group needs at least one task"),
                               group_text);
      if (count > LAB_MAX_TASKS || count + self->tasks->len > LAB_MAX_TASKS)
        {
          /* xgettext cannot read G_GUINT64_FORMAT: the number goes in as text.
           * A count too large for any number is quoted as it was written. */
          g_autofree char *total =
            count == G_MAXUINT64 ? g_strndup (p, strspn (p, "0123456789"))
                                 : g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                    MIN (count, G_MAXUINT64 - LAB_MAX_TASKS) +
                                                    self->tasks->len);

          return lab_error_fail (error, LAB_ERROR_RANGE,
                                 _("too many tasks: %s (at most %u: every task is recorded and "
                                   "drawn, and a million already take a few hundred megabytes)"),
                                 total, LAB_MAX_TASKS);
        }
      group.count = (guint) count;

      if (g_str_has_prefix (after_count, "random:"))
        {
          if (!parse_random (after_count, &group, error))
            return FALSE;
          add_random_tasks (self, &group);
        }
      else
        {
          /* "6x3,1,2s": the list, cycled (or cut) to the count */
          g_autoptr(GArray) list = lab_duration_list_parse (after_count, error);

          if (list == NULL)
            return FALSE;
          group.period = MIN (list->len, group.count);
          group.shape = group.period > 1 ? GROUP_LIST : GROUP_UNIFORM;
          group.lo_ns = g_array_index (list, gint64, 0);
          for (guint i = 0; i < group.count; i++)
            add_tasks (self, group.kind, g_array_index (list, gint64, i % group.period), 1);
        }
    }
  else
    {
      g_autoptr(GArray) list = lab_duration_list_parse (p, error);

      if (list == NULL)
        return FALSE;
      if (list->len + self->tasks->len > LAB_MAX_TASKS)
        {
          g_autofree char *total = g_strdup_printf ("%u", list->len + self->tasks->len);

          return lab_error_fail (error, LAB_ERROR_RANGE,
                                 _("too many tasks: %s (at most %u: every task is recorded and "
                                   "drawn, and a million already take a few hundred megabytes)"),
                                 total, LAB_MAX_TASKS);
        }
      group.count = list->len;
      group.period = list->len;
      group.shape = list->len == 1 ? GROUP_UNIFORM : GROUP_LIST;
      group.lo_ns = g_array_index (list, gint64, 0);
      for (guint i = 0; i < list->len; i++)
        add_tasks (self, group.kind, g_array_index (list, gint64, i), 1);
    }

  g_array_append_val (self->groups, group);
  return TRUE;
}

static gboolean
parse_mix (LabWorkload *self,
           const char  *text,
           GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, "/", -1);
  guint sum = 0;

  if (g_strv_length (parts) != 3)
    return lab_error_fail (error, LAB_ERROR_PARSE,
                           _("mix=“%s”: expected three percentages, compute/wait/compute, "
                             "such as 20/60/20"), text);

  for (guint i = 0; i < 3; i++)
    {
      const char *s = g_strstrip (parts[i]);
      guint64 value;

      if (!read_count (&s, &value) || *s != '\0' || value > 100)
        return lab_error_fail (error, LAB_ERROR_PARSE,
                               _("mix=“%s”: each part must be a whole percentage from 0 to 100"),
                               text);
      self->mix[i] = (guint) value;
      sum += (guint) value;
    }
  if (sum != 100)
    return lab_error_fail (error, LAB_ERROR_RANGE,
                           _("mix=“%s”: the percentages must add up to 100, not %u"), text, sum);
  return TRUE;
}

/* Waiting is cheap up to LAB_MAX_TASKS; computing is not. */
static gboolean
check_computing (LabWorkload  *self,
                 GError      **error)
{
  guint n = 0;

  for (guint i = 0; i < self->groups->len; i++)
    {
      const Group *group = &g_array_index (self->groups, Group, i);

      if (group->kind != LAB_TASK_KIND_IO)
        n += group->count;
    }
  if (n <= LAB_MAX_COMPUTING_TASKS)
    return TRUE;
  return lab_error_fail (error, LAB_ERROR_RANGE,
                         _("too many tasks that compute: %u (at most %u, as each one keeps a "
                           "core busy under every model and more would run for hours; tasks "
                           "that only wait may number up to %u)"),
                         n, LAB_MAX_COMPUTING_TASKS, LAB_MAX_TASKS);
}

/**
 * lab_workload_get_max_tasks:
 * @workload: a workload
 *
 * Returns: how many tasks a workload of this kind may hold:
 *   %LAB_MAX_TASKS for one that only waits, %LAB_MAX_COMPUTING_TASKS for
 *   one with any task that computes
 */
guint
lab_workload_get_max_tasks (const LabWorkload *workload)
{
  g_return_val_if_fail (workload != NULL, LAB_MAX_COMPUTING_TASKS);

  return lab_workload_has_kind (workload, LAB_TASK_KIND_CPU)
         || lab_workload_has_kind (workload, LAB_TASK_KIND_MIXED)
           ? LAB_MAX_COMPUTING_TASKS : LAB_MAX_TASKS;
}

/**
 * lab_workload_parse:
 * @text: a workload in the text form described in lab-workload.h
 * @error: a #LabError naming what is wrong
 *
 * Returns: (transfer full) (nullable): the workload, or %NULL with @error set
 */
LabWorkload *
lab_workload_parse (const char  *text,
                    GError     **error)
{
  g_autoptr(LabWorkload) self = NULL;
  g_autofree char *copy = NULL;
  g_auto(GStrv) groups = NULL;
  char *mix;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*copy == '\0')
    {
      lab_error_fail (error, LAB_ERROR_PARSE,
                      _("The workload is empty (expected e.g. io 3,1,2s or cpu 8x500ms)"));
      return NULL;
    }

  self = workload_alloc ();

  mix = strstr (copy, "mix=");
  if (mix != NULL)
    {
      if (strchr (mix, '+') != NULL)
        {
          lab_error_fail (error, LAB_ERROR_PARSE,
                          _("The mix pattern must come after the last group"));
          return NULL;
        }
      if (!parse_mix (self, g_strstrip (mix + strlen ("mix=")), error))
        return NULL;
      *mix = '\0';
    }

  groups = g_strsplit (copy, "+", -1);
  for (guint i = 0; groups[i] != NULL; i++)
    if (!parse_group (self, g_strstrip (groups[i]), error))
      return NULL;

  /* "mix=20/60/20" alone leaves no group at all (found by fuzzing). */
  if (self->tasks->len == 0)
    {
      lab_error_fail (error, LAB_ERROR_PARSE,
                      _("The workload is empty (expected e.g. io 3,1,2s or cpu 8x500ms)"));
      return NULL;
    }
  if (!check_computing (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * lab_workload_new_uniform:
 * @kind: the kind of every task
 * @n_tasks: 1 to %LAB_MAX_TASKS, or to %LAB_MAX_COMPUTING_TASKS for
 *   tasks that compute
 * @duration_ns: each task's work, more than zero
 *
 * Returns: (transfer full): @n_tasks equal tasks
 */
LabWorkload *
lab_workload_new_uniform (LabTaskKind kind,
                          guint       n_tasks,
                          gint64      duration_ns)
{
  LabWorkload *self;
  Group group = { 0 };

  g_return_val_if_fail ((guint) kind < LAB_N_TASK_KINDS, NULL);
  g_return_val_if_fail (n_tasks >= 1 && n_tasks <= LAB_MAX_TASKS, NULL);
  g_return_val_if_fail (kind == LAB_TASK_KIND_IO || n_tasks <= LAB_MAX_COMPUTING_TASKS, NULL);
  g_return_val_if_fail (duration_ns > 0, NULL);

  self = workload_alloc ();
  group.kind = kind;
  group.shape = GROUP_UNIFORM;
  group.count = n_tasks;
  group.lo_ns = duration_ns;
  g_array_append_val (self->groups, group);
  add_tasks (self, kind, duration_ns, n_tasks);
  return self;
}

LabWorkload *
lab_workload_ref (LabWorkload *workload)
{
  g_return_val_if_fail (workload != NULL, NULL);

  g_atomic_ref_count_inc (&workload->ref_count);
  return workload;
}

void
lab_workload_unref (LabWorkload *workload)
{
  g_return_if_fail (workload != NULL);

  if (!g_atomic_ref_count_dec (&workload->ref_count))
    return;
  g_array_unref (workload->groups);
  g_array_unref (workload->tasks);
  g_free (workload);
}

/**
 * lab_workload_equal:
 * @a: a workload
 * @b: another workload
 *
 * Two workloads are equal when they run the same tasks, in the same order,
 * with the same mix, however they were written.
 *
 * Returns: %TRUE if equal
 */
gboolean
lab_workload_equal (const LabWorkload *a,
                    const LabWorkload *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a == b)
    return TRUE;
  if (a->tasks->len != b->tasks->len || memcmp (a->mix, b->mix, sizeof a->mix) != 0)
    return FALSE;
  for (guint i = 0; i < a->tasks->len; i++)
    {
      const LabTaskSpec *x = &g_array_index (a->tasks, LabTaskSpec, i);
      const LabTaskSpec *y = &g_array_index (b->tasks, LabTaskSpec, i);

      if (x->kind != y->kind || x->duration_ns != y->duration_ns)
        return FALSE;
    }
  return TRUE;
}

guint
lab_workload_get_n_tasks (const LabWorkload *workload)
{
  g_return_val_if_fail (workload != NULL, 0);

  return workload->tasks->len;
}

const LabTaskSpec *
lab_workload_get_task (const LabWorkload *workload,
                       guint              index)
{
  g_return_val_if_fail (workload != NULL, NULL);
  g_return_val_if_fail (index < workload->tasks->len, NULL);

  return &g_array_index (workload->tasks, LabTaskSpec, index);
}

/**
 * lab_workload_get_phases:
 * @workload: a workload
 * @index: a task
 * @phases: (out caller-allocates): room for %LAB_MAX_PHASES phases
 *
 * A mixed task of duration d computes d × C1 %, waits d × W %, then
 * computes the rest; phases of zero length are left out.
 *
 * Returns: the number of phases written, 1 to %LAB_MAX_PHASES
 */
guint
lab_workload_get_phases (const LabWorkload *workload,
                         guint              index,
                         LabPhase           phases[LAB_MAX_PHASES])
{
  const LabTaskSpec *spec;
  gint64 parts[3];
  guint n = 0;

  g_return_val_if_fail (workload != NULL, 0);
  g_return_val_if_fail (index < workload->tasks->len, 0);
  g_return_val_if_fail (phases != NULL, 0);

  spec = &g_array_index (workload->tasks, LabTaskSpec, index);
  if (spec->kind != LAB_TASK_KIND_MIXED)
    {
      phases[0].kind = spec->kind == LAB_TASK_KIND_IO ? LAB_PHASE_IO : LAB_PHASE_CPU;
      phases[0].ns = spec->duration_ns;
      return 1;
    }

  parts[0] = spec->duration_ns * workload->mix[0] / 100;
  parts[1] = spec->duration_ns * workload->mix[1] / 100;
  parts[2] = spec->duration_ns - parts[0] - parts[1];
  for (guint i = 0; i < 3; i++)
    if (parts[i] > 0)
      {
        phases[n].kind = i == 1 ? LAB_PHASE_IO : LAB_PHASE_CPU;
        phases[n].ns = parts[i];
        n++;
      }
  return n;
}

void
lab_workload_get_mix (const LabWorkload *workload,
                      guint             *cpu_before_pct,
                      guint             *wait_pct,
                      guint             *cpu_after_pct)
{
  g_return_if_fail (workload != NULL);

  if (cpu_before_pct != NULL)
    *cpu_before_pct = workload->mix[0];
  if (wait_pct != NULL)
    *wait_pct = workload->mix[1];
  if (cpu_after_pct != NULL)
    *cpu_after_pct = workload->mix[2];
}

/**
 * lab_workload_get_total_cpu_ns:
 * @workload: a workload
 *
 * Returns: the CPU work of all tasks, in single-core time
 */
gint64
lab_workload_get_total_cpu_ns (const LabWorkload *workload)
{
  gint64 total = 0;

  g_return_val_if_fail (workload != NULL, 0);

  for (guint i = 0; i < workload->tasks->len; i++)
    {
      LabPhase phases[LAB_MAX_PHASES];
      guint n = lab_workload_get_phases (workload, i, phases);

      for (guint k = 0; k < n; k++)
        if (phases[k].kind == LAB_PHASE_CPU)
          total += phases[k].ns;
    }
  return total;
}

gint64
lab_workload_get_longest_ns (const LabWorkload *workload)
{
  gint64 longest = 0;

  g_return_val_if_fail (workload != NULL, 0);

  for (guint i = 0; i < workload->tasks->len; i++)
    longest = MAX (longest, g_array_index (workload->tasks, LabTaskSpec, i).duration_ns);
  return longest;
}

gboolean
lab_workload_has_kind (const LabWorkload *workload,
                       LabTaskKind        kind)
{
  g_return_val_if_fail (workload != NULL, FALSE);

  for (guint i = 0; i < workload->groups->len; i++)
    if (g_array_index (workload->groups, Group, i).kind == kind)
      return TRUE;
  return FALSE;
}

/**
 * lab_workload_usable_cores:
 * @workload: a workload
 * @n_cores: the CPUs of the machine
 * @n_workers: threads or processes of the model; 0 means one per task
 *
 * The cores a model can keep busy at once: no more than the machine has,
 * than the model has workers, or than there are tasks.
 *
 * Returns: min (cores, workers, tasks), at least 1
 */
guint
lab_workload_usable_cores (const LabWorkload *workload,
                           guint              n_cores,
                           guint              n_workers)
{
  guint n_tasks;
  guint usable;

  g_return_val_if_fail (workload != NULL, 1);

  n_tasks = lab_workload_get_n_tasks (workload);
  usable = MIN (MAX (n_cores, 1), n_tasks);
  if (n_workers > 0)
    usable = MIN (usable, n_workers);
  return MAX (usable, 1);
}

/**
 * lab_workload_ideal_ns:
 * @workload: a workload
 * @n_cores: the CPUs of the machine
 * @n_workers: threads or processes; 0 means one per task
 *
 * The best any model could do by the plan, before anything is measured:
 * max (longest task, total CPU work ÷ usable cores). The ideal a chart
 * shows comes from the measured work instead (lab-figures.h). A task
 * cannot finish before its own work (and waits) are over, and the CPU
 * work cannot be spread over more cores than are usable. For
 * I/O-only workloads this is the longest task (every wait overlapped); for
 * CPU-only workloads the work shared perfectly by the usable cores, never
 * less than the longest task; mixed workloads take whichever bound is
 * larger (a lower bound: a real schedule may also be limited by the order
 * of a task's phases).
 *
 * Returns: the ideal elapsed time in nanoseconds
 */
gint64
lab_workload_ideal_ns (const LabWorkload *workload,
                       guint              n_cores,
                       guint              n_workers)
{
  guint usable;
  gint64 cpu;

  g_return_val_if_fail (workload != NULL, 0);

  usable = lab_workload_usable_cores (workload, n_cores, n_workers);
  cpu = lab_workload_get_total_cpu_ns (workload);
  return MAX (lab_workload_get_longest_ns (workload), (cpu + usable - 1) / usable);
}
