/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-model-sequential"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-clock.h"
#include "lab-model-private.h"

/*
 * sequential: the baseline. One thread, one task after another, each to the
 * end; its waits block everything. A task is `queued` from the start of the
 * run until its turn comes, which draws the staircase that the other models
 * are measured against.
 */

static gboolean
sequential_run (const LabModelContext *ctx,
                GError               **error)
{
  guint n_tasks = lab_workload_get_n_tasks (ctx->workload);
  LabRecorder recorder;
  gint64 begin;

  begin = _lab_model_begin (ctx, 1);
  _lab_model_recorder_init (&recorder, lab_trace_get_writer (ctx->trace, 0));

  for (guint32 task = 0; task < n_tasks; task++)
    {
      gint64 now;

      if (g_cancellable_is_cancelled (ctx->cancellable))
        break;
      now = lab_clock_now_ns ();
      if (now > begin)
        recorder.record (recorder.data, task, LAB_STATE_QUEUED, -1, begin, now);
      if (!_lab_model_run_task (ctx, &recorder, task, NULL))
        break;
    }

  _lab_model_end (ctx);
  return TRUE;
}

const LabModel lab_model_sequential = {
  .id = "sequential",
  .name = N_("Sequential"),
  .summary = N_("One task after another on one thread: the baseline"),
  .run = sequential_run,
};
