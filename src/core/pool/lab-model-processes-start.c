/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-model-processes"

#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>

#include "lab-error.h"
#include "lab-model-processes-private.h"

/*
 * Starting the process pool's workers (lab-model-processes.c runs them).
 * The first worker of each group of LAB_POOL_WORKERS_PER_START is started
 * as a program; it starts the others of its group as copies of itself
 * (lab-child-private.h, docs/WORKER-PROTOCOL.md), which is much faster
 * than starting the program again.
 */

guint
_lab_processes_count (const LabModelContext *ctx,
                      guint                  n_tasks,
                      GError               **error)
{
  if (ctx->n_workers == 0 && n_tasks > LAB_MAX_PROCESSES)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_RANGE,
                   _("One process per task would start %u processes, more than the limit of %d; "
                     "choose a number of workers"),
                   n_tasks, LAB_MAX_PROCESSES);
      return 0;
    }
  if (ctx->n_workers > LAB_MAX_PROCESSES)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_RANGE,
                   _("%u processes is more than the limit of %d"),
                   ctx->n_workers, LAB_MAX_PROCESSES);
      return 0;
    }
  /* More processes than tasks would only sit idle. */
  return MAX (ctx->n_workers == 0 ? n_tasks : MIN (ctx->n_workers, n_tasks), 1);
}

gboolean
_lab_processes_check_program (const char  *path,
                              GError     **error)
{
  if (path != NULL && g_path_is_absolute (path) && g_file_test (path, G_FILE_TEST_IS_REGULAR)
      && g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    return TRUE;
  /* A relative path would start whatever the current folder holds. */
  if (path != NULL && *path != '\0' && !g_path_is_absolute (path))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_WORKER,
                   _("The worker program “%s” is not an absolute path; "
                     "set LAB_WORKER_PATH to the worker's full path"),
                   path);
      return FALSE;
    }
  g_set_error (error, LAB_ERROR, LAB_ERROR_WORKER,
               _("The worker program “%s” is missing or cannot be run; "
                 "reinstall Concurrency Lab, or set LAB_WORKER_PATH in a build tree"),
               path != NULL ? path : "");
  return FALSE;
}

guint
_lab_processes_group_leader (guint index)
{
  return index - index % LAB_POOL_WORKERS_PER_START;
}

gboolean
_lab_processes_is_leader (Slot *slot)
{
  return slot->pool->per_task || slot->index == _lab_processes_group_leader (slot->index);
}

gboolean
_lab_processes_start_group (Slot    *slot,
                            GError **error)
{
  Pool *pool = slot->pool;
  LabChild child = { .in_fd = -1, .out_fd = -1 };
  LabChild copies[LAB_POOL_WORKERS_PER_START - 1];
  char rate[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *calibration = NULL;
  g_autofree char *protocol = g_strdup_printf ("--protocol=%d", LAB_WORKER_PROTOCOL_VERSION);
  g_autofree char *n_copies_arg = NULL;
  const char *argv[5];
  guint n_copies;
  gint64 spawn_ns;
  gboolean started = FALSE;

  g_mutex_lock (&pool->mutex);
  /* Only slots with a thread to serve them get a worker; a worker started
   * for one task is started alone, as multiprocessing.Process does. */
  n_copies = pool->per_task ? 0 : MIN (LAB_POOL_WORKERS_PER_START - 1,
                                       pool->n_threads - slot->index - 1);
  if (!pool->stopping)
    {
      calibration = g_strconcat ("--calibration=",
                                 g_ascii_dtostr (rate, sizeof rate, pool->rate), NULL);
      n_copies_arg = g_strdup_printf ("--copies=%u", n_copies);
      argv[0] = pool->ctx->worker_path;
      argv[1] = protocol;
      argv[2] = calibration;
      argv[3] = n_copies_arg;
      argv[4] = NULL;
      g_mutex_unlock (&pool->mutex);

      spawn_ns = lab_clock_now_ns ();
      for (guint j = 0; j <= n_copies; j++)
        {
          pool->slots[slot->index + j].spawn_ns = spawn_ns;
          slot_heard (&pool->slots[slot->index + j]);
        }
      started = lab_child_spawn (&child, argv, copies, n_copies, error);
      g_debug ("worker %u and %u copies spawned in %.2f ms", slot->index, n_copies,
               (double) (lab_clock_now_ns () - spawn_ns) / 1e6);

      g_mutex_lock (&pool->mutex);
    }

  slot->child = child;
  /* Started while the run was being cancelled: the kill went past it. */
  if (started && pool->stopping)
    lab_child_signal (&slot->child, SIGKILL);
  for (guint j = 1; j <= n_copies; j++)
    {
      Slot *copy = &pool->slots[slot->index + j];

      if (started)
        copy->child = copies[j - 1];
      else if (error != NULL && *error != NULL)
        copy->start_error = g_strdup ((*error)->message);
      copy->group_started = TRUE;
    }
  slot->group_started = TRUE;
  g_cond_broadcast (&pool->cond);
  g_mutex_unlock (&pool->mutex);
  return started;
}

gboolean
_lab_processes_wait_group (Slot *slot)
{
  Pool *pool = slot->pool;
  gboolean has_pipes;

  g_mutex_lock (&pool->mutex);
  while (!slot->group_started)
    g_cond_wait (&pool->cond, &pool->mutex);
  has_pipes = slot->child.out_fd >= 0;
  g_mutex_unlock (&pool->mutex);
  return has_pipes;
}

gboolean
_lab_processes_take_pid (Slot  *slot,
                         gint32 pid)
{
  Pool *pool = slot->pool;
  gboolean taken;

  if (slot->child.pid > 0)
    return pid == slot->child.pid;

  /* A copy that names no child of this process is refused (and, its pid
   * unknown, can only be left to exit when its input closes): only a
   * worker program that lies about getpid() would do that. */
  g_mutex_lock (&pool->mutex);
  taken = lab_child_adopt (&slot->child, pid);
  /* Ready while the run was being cancelled: the kill went past it. */
  if (taken && pool->stopping)
    lab_child_signal (&slot->child, SIGKILL);
  g_mutex_unlock (&pool->mutex);
  return taken;
}

