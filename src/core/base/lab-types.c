/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-types"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lab-types.h"

/* The machine names are part of the file format and of the command line:
 * they never change and are never translated. */
static const char * const state_names[LAB_N_STATES] = {
  [LAB_STATE_QUEUED]       = "queued",
  [LAB_STATE_RUNNING]      = "running",
  [LAB_STATE_WAITING_IO]   = "waiting-io",
  [LAB_STATE_WAITING_LOCK] = "waiting-lock",
  [LAB_STATE_READY]        = "ready",
  [LAB_STATE_SPAWNING]     = "spawning",
  [LAB_STATE_IPC]          = "ipc",
};

static const char * const state_labels[LAB_N_STATES] = {
  [LAB_STATE_QUEUED]       = N_("Queued"),
  [LAB_STATE_RUNNING]      = N_("Running"),
  [LAB_STATE_WAITING_IO]   = N_("Waiting for I/O"),
  [LAB_STATE_WAITING_LOCK] = N_("Waiting for the GIL"),
  [LAB_STATE_READY]        = N_("Ready, not running"),
  [LAB_STATE_SPAWNING]     = N_("Starting a process"),
  [LAB_STATE_IPC]          = N_("Handing over"),
};

static const char * const kind_names[LAB_N_TASK_KINDS] = {
  [LAB_TASK_KIND_IO]    = "io",
  [LAB_TASK_KIND_CPU]   = "cpu",
  [LAB_TASK_KIND_MIXED] = "mixed",
};

static const char * const status_names[] = {
  [LAB_TASK_STATUS_PENDING]   = "pending",
  [LAB_TASK_STATUS_DONE]      = "done",
  [LAB_TASK_STATUS_FAILED]    = "failed",
  [LAB_TASK_STATUS_CANCELLED] = "cancelled",
};

static gboolean
find_name (const char * const *names,
           guint               n_names,
           const char         *text,
           guint              *out_index)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    if (strcmp (names[i], text) == 0)
      {
        if (out_index != NULL)
          *out_index = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * lab_state_to_string:
 * @state: a state
 *
 * Returns: the machine name of @state ("waiting-io"), or "unknown"
 */
const char *
lab_state_to_string (LabState state)
{
  if ((guint) state >= LAB_N_STATES)
    return "unknown";
  return state_names[state];
}

/**
 * lab_state_from_string:
 * @text: a machine name such as "waiting-io"
 * @out_state: (out) (optional): the state
 *
 * Returns: %TRUE if @text names a state
 */
gboolean
lab_state_from_string (const char *text,
                       LabState   *out_state)
{
  guint index;

  if (!find_name (state_names, LAB_N_STATES, text, &index))
    return FALSE;
  if (out_state != NULL)
    *out_state = (LabState) index;
  return TRUE;
}

/**
 * lab_state_get_label:
 * @state: a state
 *
 * Returns: the translated label of @state for the legend ("Waiting for I/O")
 */
const char *
lab_state_get_label (LabState state)
{
  if ((guint) state >= LAB_N_STATES)
    return _("Unknown");
  return _(state_labels[state]);
}

/**
 * lab_state_get_observed_label:
 * @state: a state
 *
 * In a trace of another program, a thread blocked in a futex waits for a
 * lock of that program's (a mutex, a condition, a join — or, in CPython,
 * the GIL), not for the lessons' simulated GIL; the other states read the
 * same.
 *
 * Returns: the translated label of @state in a trace of another program
 */
const char *
lab_state_get_observed_label (LabState state)
{
  if (state == LAB_STATE_WAITING_LOCK)
    return _("Waiting for a lock");
  return lab_state_get_label (state);
}

/**
 * lab_task_kind_to_string:
 * @kind: a task kind
 *
 * Returns: "io", "cpu" or "mixed" ("unknown" for an invalid value)
 */
const char *
lab_task_kind_to_string (LabTaskKind kind)
{
  if ((guint) kind >= LAB_N_TASK_KINDS)
    return "unknown";
  return kind_names[kind];
}

/**
 * lab_task_kind_from_string:
 * @text: "io", "cpu" or "mixed"
 * @out_kind: (out) (optional): the kind
 *
 * Returns: %TRUE if @text names a kind
 */
gboolean
lab_task_kind_from_string (const char  *text,
                           LabTaskKind *out_kind)
{
  guint index;

  if (!find_name (kind_names, LAB_N_TASK_KINDS, text, &index))
    return FALSE;
  if (out_kind != NULL)
    *out_kind = (LabTaskKind) index;
  return TRUE;
}

/**
 * lab_task_status_to_string:
 * @status: a task status
 *
 * Returns: "pending", "done", "failed" or "cancelled" ("unknown" for an invalid value)
 */
const char *
lab_task_status_to_string (LabTaskStatus status)
{
  if ((guint) status >= G_N_ELEMENTS (status_names))
    return "unknown";
  return status_names[status];
}

/**
 * lab_task_status_from_string:
 * @text: "pending", "done", "failed" or "cancelled"
 * @out_status: (out) (optional): the status
 *
 * Returns: %TRUE if @text names a status
 */
gboolean
lab_task_status_from_string (const char    *text,
                             LabTaskStatus *out_status)
{
  guint index;

  if (!find_name (status_names, G_N_ELEMENTS (status_names), text, &index))
    return FALSE;
  if (out_status != NULL)
    *out_status = (LabTaskStatus) index;
  return TRUE;
}
