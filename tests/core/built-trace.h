// SPDX-License-Identifier: GPL-3.0-or-later
/* A trace built by hand, segment by segment, for the tests of what is
 * derived from a trace (the analysis, the verdicts): they know what was
 * "measured" because they wrote it. */
#pragma once

#include <gtest/gtest.h>

extern "C" {
#include "lab-trace.h"
#include "lab-workload.h"
}

namespace core_test {

constexpr gint64 MS = 1000000;
constexpr gint64 S = 1000000000;

/* A trace of @workload under @model on @cores cores with @workers workers,
 * begun at @t0 on the monotonic clock; times given to add() and finish()
 * are milliseconds after @t0. */
struct BuiltTrace
{
  LabWorkload *w;
  LabTrace *trace;
  gint64 t0;

  BuiltTrace (const char *workload, guint cores, guint workers, const char *model, gint64 begin)
    : t0 (begin)
  {
    GError *error = nullptr;
    w = lab_workload_parse (workload, &error);
    EXPECT_NE (w, nullptr) << (error != nullptr ? error->message : "");
    g_clear_error (&error);
    trace = lab_trace_new (model, w, cores);
    lab_trace_set_n_workers (trace, workers);
    lab_trace_begin (trace, t0);
  }
  ~BuiltTrace ()
  {
    lab_trace_unref (trace);
    lab_workload_unref (w);
  }
  BuiltTrace (const BuiltTrace &) = delete;
  BuiltTrace &operator= (const BuiltTrace &) = delete;

  void
  add (guint worker, guint32 task, LabState state, gint core, gint64 from_ms, gint64 to_ms)
  {
    lab_trace_writer_add (lab_trace_get_writer (trace, worker), task, state, core,
                          t0 + from_ms * MS, t0 + to_ms * MS);
  }
  /* Every task done, and the trace ended at @end_ms. */
  void
  finish (gint64 end_ms)
  {
    for (guint i = 0; i < lab_workload_get_n_tasks (w); i++)
      lab_trace_task_done (trace, i);
    lab_trace_end (trace, t0 + end_ms * MS);
  }
};

}  // namespace core_test
