/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * LabState:
 * @LAB_STATE_QUEUED: the task exists but no worker has taken it yet
 * @LAB_STATE_RUNNING: the task computes on a core
 * @LAB_STATE_WAITING_IO: the task waits for (simulated) I/O: a real timer
 * @LAB_STATE_WAITING_LOCK: the task wants to compute but waits for the GIL
 * @LAB_STATE_READY: the task could run but does not: the event loop is busy
 *   with another callback, or the OS preempted its thread
 * @LAB_STATE_SPAWNING: the task waits for its worker process to start
 * @LAB_STATE_IPC: the task is being handed to or reported by a worker process
 *
 * What a task was doing during a segment. The order is the order of the
 * legend and of the JSON names.
 */
typedef enum
{
  LAB_STATE_QUEUED,
  LAB_STATE_RUNNING,
  LAB_STATE_WAITING_IO,
  LAB_STATE_WAITING_LOCK,
  LAB_STATE_READY,
  LAB_STATE_SPAWNING,
  LAB_STATE_IPC,
  LAB_N_STATES
} LabState;

typedef enum
{
  LAB_TASK_KIND_IO,
  LAB_TASK_KIND_CPU,
  LAB_TASK_KIND_MIXED,
  LAB_N_TASK_KINDS
} LabTaskKind;

typedef enum
{
  LAB_TASK_STATUS_PENDING,
  LAB_TASK_STATUS_DONE,
  LAB_TASK_STATUS_FAILED,
  LAB_TASK_STATUS_CANCELLED,
} LabTaskStatus;

/* A task's work is a sequence of at most three phases (mixed: compute,
 * wait, compute). */
#define LAB_MAX_PHASES 3

typedef enum
{
  LAB_PHASE_CPU,
  LAB_PHASE_IO,
} LabPhaseKind;

typedef struct
{
  LabPhaseKind kind;
  gint64       ns;      /* CPU: work measured in single-core time at calibration; IO: the wait */
} LabPhase;

/* The number of tasks a workload may hold. A task that only waits costs
 * a few bytes and no core, so a million of them run in about the time of
 * one wait; a task that computes keeps a core busy for its whole duration
 * under every model, so their number stays ten times lower. */
#define LAB_MAX_TASKS 1000000
#define LAB_MAX_COMPUTING_TASKS 100000

const char *lab_state_to_string       (LabState      state);   /* "waiting-io" */
gboolean    lab_state_from_string     (const char   *text,
                                       LabState     *out_state);
const char *lab_state_get_label       (LabState      state);   /* translated: "Waiting for I/O" */
/* The same for a program observed from the outside, where a lock wait is
 * any lock's (a futex), not the simulated GIL's: "Waiting for a lock". */
const char *lab_state_get_observed_label (LabState   state);
const char *lab_task_kind_to_string   (LabTaskKind   kind);    /* "io", "cpu", "mixed" */
gboolean    lab_task_kind_from_string (const char   *text,
                                       LabTaskKind  *out_kind);
const char *lab_task_status_to_string (LabTaskStatus status);  /* "pending", "done", "failed", "cancelled" */
gboolean    lab_task_status_from_string (const char    *text,
                                         LabTaskStatus *out_status);

G_END_DECLS
