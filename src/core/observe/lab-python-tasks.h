/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-proc-sampler.h"

G_BEGIN_DECLS

/*
 * LabPythonTasks: the asyncio tasks of a traced Python program, as lanes.
 *
 * With `--python-tasks` the program loads concurrency_lab_tasks.py (found
 * by lab_python_tasks_find_dir()), which writes a line per step of each
 * task into a file per process, in a folder made for this trace. This
 * reads those files as they grow, and records each task as an async task
 * of the process that ran it: `running` during a step, `ready` from when
 * its step was scheduled until it ran, `waiting-io` while it awaits I/O
 * or a timer, `waiting-lock` while it awaits one of asyncio's locks,
 * events, conditions, semaphores or queues, and nothing while it awaits
 * other tasks (that is their time, not its own).
 */

typedef struct _LabPythonTasks LabPythonTasks;

/* The environment variable that tells the module where to write. */
#define LAB_PYTHON_TASKS_ENV "LAB_PYTHON_TASKS_DIR"

/* Makes a private folder for the records; NULL with @error. */
LabPythonTasks *lab_python_tasks_new      (LabTrace        *trace,
                                           GError         **error);
const char     *lab_python_tasks_get_folder (LabPythonTasks *self);
/* Reads what was written since the last call; the thread that ticks
 * @sampler calls it (it records with the same writer). */
void            lab_python_tasks_poll     (LabPythonTasks  *self,
                                           LabProcSampler  *sampler,
                                           gint64           now_ns);
/* Reads the rest, ends every lane at its last record, removes the folder. */
void            lab_python_tasks_finish   (LabPythonTasks  *self,
                                           LabProcSampler  *sampler);
void            lab_python_tasks_free     (LabPythonTasks  *self);

G_END_DECLS
