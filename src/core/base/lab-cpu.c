/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-cpu"

#include "config.h"

#include "lab-cpu.h"

/**
 * lab_cpu_count:
 *
 * The cores a run is sized for: the default number of workers, a lesson's
 * tasks per core, the cores a trace records.
 *
 * Returns: the number of CPUs this process may run on, at least 1
 */
guint
lab_cpu_count (void)
{
  return MAX (g_get_num_processors (), 1);
}
