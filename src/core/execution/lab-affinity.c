/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-affinity"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <sched.h>
#include <string.h>

#include "lab-affinity.h"
#include "lab-error.h"

struct _LabAffinity
{
  cpu_set_t set;
  guint     limit;
};

struct _LabAffinityScope
{
  cpu_set_t saved;     /* the thread's mask before it entered */
};

/* The CPUs this process may use, as its first look found them. Linux keeps
 * a mask per thread, and the thread asking may be one this file confined
 * (a test's main thread, a model thread asking for the machine's size), so
 * the mask is read once, before anything here changes one. */
static gboolean
get_process_set (cpu_set_t *set)
{
  static cpu_set_t process;
  static gsize read_ok;

  if (g_once_init_enter (&read_ok))
    {
      gsize ok;

      CPU_ZERO (&process);
      ok = sched_getaffinity (0, sizeof process, &process) == 0 ? 1 : 2;
      g_once_init_leave (&read_ok, ok);
    }
  *set = process;
  if (read_ok != 1)
    errno = EINVAL;
  return read_ok == 1;
}

/**
 * lab_affinity_count_available:
 *
 * Returns: how many CPUs this process may run on (its affinity mask), at
 *   least 1
 */
guint
lab_affinity_count_available (void)
{
  cpu_set_t set;

  if (!get_process_set (&set))
    return MAX (g_get_num_processors (), 1);
  return MAX (CPU_COUNT (&set), 1);
}

/**
 * lab_affinity_check_limit:
 * @core_limit: cores a run may use; 0: all of them
 * @error: a message saying how many there are
 *
 * Returns: whether a run can be confined to @core_limit cores here
 */
gboolean
lab_affinity_check_limit (guint    core_limit,
                          GError **error)
{
  guint available = lab_affinity_count_available ();

  if (core_limit > available)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_RANGE,
                   ngettext ("Cannot limit the run to %u cores: this machine lets it use "
                             "only %u core",
                             "Cannot limit the run to %u cores: this machine lets it use "
                             "only %u cores",
                             available),
                   core_limit, available);
      return FALSE;
    }
  return TRUE;
}

/**
 * lab_affinity_new:
 * @core_limit: at least 1
 * @error: see lab_affinity_check_limit()
 *
 * Returns: (transfer full) (nullable): the first @core_limit CPUs of the
 *   process's mask, or %NULL with @error
 */
LabAffinity *
lab_affinity_new (guint    core_limit,
                  GError **error)
{
  g_autoptr(LabAffinity) self = NULL;
  cpu_set_t process;
  guint taken = 0;

  g_return_val_if_fail (core_limit > 0, NULL);

  if (!lab_affinity_check_limit (core_limit, error))
    return NULL;
  if (!get_process_set (&process))
    {
      int saved_errno = errno;

      g_set_error (error, LAB_ERROR, LAB_ERROR_WORKER,
                   _("Could not read which cores the program may use: %s"),
                   g_strerror (saved_errno));
      return NULL;
    }

  self = g_new0 (LabAffinity, 1);
  self->limit = core_limit;
  CPU_ZERO (&self->set);
  for (int cpu = 0; cpu < CPU_SETSIZE && taken < core_limit; cpu++)
    if (CPU_ISSET (cpu, &process))
      {
        CPU_SET (cpu, &self->set);
        taken++;
      }
  return g_steal_pointer (&self);
}

void
lab_affinity_free (LabAffinity *self)
{
  g_free (self);
}

guint
lab_affinity_get_limit (const LabAffinity *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->limit;
}

gboolean
lab_affinity_contains (const LabAffinity *self,
                       int                cpu)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return cpu >= 0 && cpu < CPU_SETSIZE && CPU_ISSET (cpu, &self->set);
}

/**
 * lab_affinity_enter:
 * @self: (nullable): the run's affinity; %NULL: every core, nothing done
 *
 * Confines the calling thread, and whatever it starts from now on, to the
 * affinity's CPUs.
 *
 * Returns: (transfer full) (nullable): what to give to lab_affinity_leave()
 *   to restore the thread's mask; %NULL when nothing was changed
 */
LabAffinityScope *
lab_affinity_enter (const LabAffinity *self)
{
  g_autofree LabAffinityScope *scope = NULL;

  if (self == NULL)
    return NULL;

  scope = g_new0 (LabAffinityScope, 1);
  if (sched_getaffinity (0, sizeof scope->saved, &scope->saved) != 0)
    return NULL;
  if (sched_setaffinity (0, sizeof self->set, &self->set) != 0)
    {
      /* The CPUs were taken away meanwhile (a cpuset changed): the run
       * goes on where it may, and the trace shows where that was. */
      g_debug ("could not confine the thread: %s", g_strerror (errno));
      return NULL;
    }
  return g_steal_pointer (&scope);
}

/**
 * lab_affinity_leave:
 * @scope: (transfer full): from lab_affinity_enter() on this thread
 *
 * Gives the thread back the mask it had before.
 */
void
lab_affinity_leave (LabAffinityScope *scope)
{
  if (scope == NULL)
    return;
  if (sched_setaffinity (0, sizeof scope->saved, &scope->saved) != 0)
    g_debug ("could not restore the thread's cores: %s", g_strerror (errno));
  g_free (scope);
}
