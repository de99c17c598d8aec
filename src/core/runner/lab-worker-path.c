/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-worker-path"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lab-runner.h"
#include "lab-runner-private.h"

/*
 * Which helpers the program uses: the worker program the process pool
 * starts (the one installed beside the program; in the build tree, the
 * one built beside it, or the one $LAB_WORKER_PATH names), and the Python
 * module a traced Python program loads.
 */

gboolean
_lab_runner_is_in_build_tree (const char *program)
{
  /* BUILD_WORKER_PATH is <build root>/src/worker/<name>. */
  g_autofree char *worker_dir = g_path_get_dirname (BUILD_WORKER_PATH);
  g_autofree char *src_dir = g_path_get_dirname (worker_dir);
  g_autofree char *build_dir = g_path_get_dirname (src_dir);
  g_autofree char *root = NULL;
  g_autofree char *real = NULL;
  gsize root_len;

  g_return_val_if_fail (program != NULL, FALSE);

  root = realpath (build_dir, NULL);
  real = realpath (program, NULL);
  if (root == NULL || real == NULL)
    return FALSE;
  root_len = strlen (root);
  return strncmp (real, root, root_len) == 0 && real[root_len] == G_DIR_SEPARATOR;
}

const char *
_lab_runner_find_worker_for (const char *program)
{
  const char *path = g_getenv ("LAB_WORKER_PATH");
  gboolean in_build_tree;

  g_return_val_if_fail (program != NULL, NULL);

  in_build_tree = _lab_runner_is_in_build_tree (program);
  if (path != NULL && *path != '\0')
    {
      if (in_build_tree)
        return g_intern_string (path);
      g_debug ("LAB_WORKER_PATH ignored: this program is not in its build tree");
    }
  /* Where a program runs from its build tree, the installed worker may be
   * missing, or older than this program: its own tree's worker is the one
   * that speaks its protocol. */
  if (in_build_tree)
    return BUILD_WORKER_PATH;
  return LIBEXECDIR G_DIR_SEPARATOR_S WORKER_NAME;
}

/**
 * lab_worker_find_path:
 *
 * The environment override exists for the build tree (build-aux/lab run
 * and the tests, which also point it at broken workers); an installed
 * program ignores it and runs only the worker installed beside it, so that
 * what it starts does not depend on its environment.
 *
 * Returns: the absolute path of concurrency-lab-worker: in the build tree,
 *   $LAB_WORKER_PATH when set, else the worker built in that tree; else
 *   the installed one
 */
const char *
lab_worker_find_path (void)
{
  return _lab_runner_find_worker_for ("/proc/self/exe");
}

/**
 * lab_python_tasks_find_dir:
 *
 * As for the worker, a program in its build tree uses its own tree's
 * module, which speaks its record format; an installed one, the module
 * installed with it.
 *
 * Returns: the absolute path of the folder holding concurrency_lab_tasks.py
 */
const char *
lab_python_tasks_find_dir (void)
{
  if (_lab_runner_is_in_build_tree ("/proc/self/exe"))
    return BUILD_PYTHON_TASKS_DIR;
  return PYTHON_TASKS_DIR;
}
