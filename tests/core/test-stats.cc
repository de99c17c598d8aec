// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <cmath>

extern "C" {
#include "lab-stats.h"
#include "lab-trace.h"
#include "lab-workload.h"
}

namespace {

constexpr gint64 MS = 1000000;
constexpr gint64 S = 1000000000;

LabWorkload *
parse (const char *text)
{
  GError *error = nullptr;
  LabWorkload *w = lab_workload_parse (text, &error);
  EXPECT_NE (w, nullptr) << (error != nullptr ? error->message : "");
  g_clear_error (&error);
  return w;
}

/* The plan's ideal: a hint before a run; the chart's comes from the
 * measured work (test-figures.cc). */
TEST (Ideal, IoIsLongestTask)
{
  LabWorkload *w = parse ("io 3,1,2s");
  EXPECT_EQ (lab_workload_ideal_ns (w, 2, 2), 3 * S);
  EXPECT_EQ (lab_workload_ideal_ns (w, 1, 1), 3 * S) << "waits overlap even on one worker";
  lab_workload_unref (w);
}

TEST (Ideal, CpuIsWorkOverUsableCores)
{
  LabWorkload *w = parse ("cpu 4x1s");
  EXPECT_EQ (lab_workload_ideal_ns (w, 4, 4), 1 * S);
  EXPECT_EQ (lab_workload_ideal_ns (w, 2, 4), 2 * S) << "limited by cores";
  EXPECT_EQ (lab_workload_ideal_ns (w, 8, 1), 4 * S) << "limited by workers";
  EXPECT_EQ (lab_workload_ideal_ns (w, 8, 0), 1 * S) << "workers 0: one per task, limited by tasks";
  EXPECT_EQ (lab_workload_usable_cores (w, 8, 0), 4u);
  EXPECT_EQ (lab_workload_usable_cores (w, 0, 0), 1u);
  lab_workload_unref (w);

  LabWorkload *uneven = parse ("cpu 3s,500ms,500ms");
  EXPECT_EQ (lab_workload_ideal_ns (uneven, 4, 4), 3 * S) << "never less than the longest task";
  lab_workload_unref (uneven);
}

TEST (Ideal, MixedTakesTheLargerBound)
{
  /* 4 tasks of 1 s, 40 % compute each: 1.6 s CPU over 2 cores = 0.8 s < 1 s. */
  LabWorkload *w = parse ("mixed 4x1s mix=20/60/20");
  EXPECT_EQ (lab_workload_ideal_ns (w, 2, 2), 1 * S);
  EXPECT_EQ (lab_workload_ideal_ns (w, 1, 1), 1600 * MS);
  lab_workload_unref (w);

  LabWorkload *g = parse ("io 20x100ms + cpu 1x1s");
  EXPECT_EQ (lab_workload_ideal_ns (g, 2, 2), 1 * S);
  lab_workload_unref (g);
}

/* A hand-made trace: two CPU tasks, one after another, then both at once. */
struct Fixture
{
  LabWorkload *w = nullptr;
  LabTrace *seq = nullptr;
  LabTrace *par = nullptr;

  Fixture ()
  {
    w = parse ("cpu 2x100ms");
    seq = lab_trace_new ("sequential", w, 2);
    par = lab_trace_new ("threads", w, 2);
    lab_trace_set_n_workers (seq, 1);
    lab_trace_set_n_workers (par, 2);

    gint64 t0 = 10 * S;
    LabTraceWriter *ws = lab_trace_get_writer (seq, 0);
    lab_trace_begin (seq, t0);
    lab_trace_writer_add (ws, 0, LAB_STATE_RUNNING, 0, t0, t0 + 100 * MS);
    lab_trace_writer_add (ws, 1, LAB_STATE_QUEUED, -1, t0, t0 + 100 * MS);
    lab_trace_writer_add (ws, 1, LAB_STATE_RUNNING, 1, t0 + 100 * MS, t0 + 200 * MS);
    lab_trace_task_done (seq, 0);
    lab_trace_task_done (seq, 1);
    lab_trace_end (seq, t0 + 200 * MS);

    gint64 t1 = 20 * S;
    lab_trace_begin (par, t1);
    lab_trace_writer_add (lab_trace_get_writer (par, 0), 0, LAB_STATE_RUNNING, 0,
                          t1 + 2 * MS, t1 + 102 * MS);
    lab_trace_writer_add (lab_trace_get_writer (par, 1), 1, LAB_STATE_RUNNING, 1,
                          t1 + 1 * MS, t1 + 81 * MS);
    lab_trace_writer_add (lab_trace_get_writer (par, 1), 1, LAB_STATE_READY, 1,
                          t1 + 81 * MS, t1 + 101 * MS);
    lab_trace_writer_add (lab_trace_get_writer (par, 1), 1, LAB_STATE_RUNNING, 0,
                          t1 + 101 * MS, t1 + 121 * MS);
    lab_trace_add_cpu_time (par, 199 * MS);
    lab_trace_task_done (par, 0);
    lab_trace_task_failed (par, 1, "test");
    lab_trace_end (par, t1 + 125 * MS);
  }
  ~Fixture ()
  {
    lab_trace_unref (seq);
    lab_trace_unref (par);
    lab_workload_unref (w);
  }
};

TEST (Stats, Sequential)
{
  Fixture f;
  LabTraceStats s;

  lab_trace_compute_stats (f.seq, &s);
  EXPECT_EQ (s.elapsed_ns, 200 * MS);
  EXPECT_EQ (s.cpu_ns, 200 * MS) << "running time when no CPU time was reported";
  EXPECT_EQ (s.state_ns[LAB_STATE_RUNNING], 200 * MS);
  EXPECT_EQ (s.state_ns[LAB_STATE_QUEUED], 100 * MS);
  EXPECT_EQ (s.n_done, 2u);
  EXPECT_EQ (s.usable_cores, 1u);
  EXPECT_EQ (s.mean_response_ns, 150 * MS);
  EXPECT_EQ (s.max_response_ns, 200 * MS);
}

TEST (Stats, ParallelSpeedupAndTasks)
{
  Fixture f;
  LabTraceStats s;

  lab_trace_compute_stats (f.par, &s);
  EXPECT_EQ (s.elapsed_ns, 125 * MS);
  EXPECT_EQ (s.cpu_ns, 199 * MS) << "reported CPU time wins";
  EXPECT_EQ (s.usable_cores, 2u);
  EXPECT_EQ (s.n_done, 1u);
  EXPECT_EQ (s.n_failed, 1u);
  EXPECT_EQ (s.n_cancelled, 0u);
  EXPECT_EQ (s.state_ns[LAB_STATE_READY], 20 * MS);
  EXPECT_EQ (s.mean_response_ns, 102 * MS) << "only done tasks";

  GArray *tasks = lab_trace_compute_task_stats (f.par);
  ASSERT_EQ (tasks->len, 2u);
  const LabTaskStats *t1 = &g_array_index (tasks, LabTaskStats, 1);
  EXPECT_EQ (t1->task, 1u);
  EXPECT_EQ (t1->status, LAB_TASK_STATUS_FAILED);
  EXPECT_EQ (t1->begin_ns, 1 * MS);
  EXPECT_EQ (t1->end_ns, 121 * MS);
  EXPECT_EQ (t1->response_ns, 121 * MS);
  EXPECT_EQ (t1->state_ns[LAB_STATE_RUNNING], 100 * MS);
  EXPECT_EQ (t1->state_ns[LAB_STATE_READY], 20 * MS);
  g_array_unref (tasks);
}

TEST (Stats, RunningTraceAndEmptyTasks)
{
  LabWorkload *w = parse ("io 3x1s");
  LabTrace *t = lab_trace_new ("event-loop", w, 2);
  LabTraceStats s;

  lab_trace_compute_stats (t, &s);
  EXPECT_EQ (s.elapsed_ns, 0) << "not begun";

  lab_trace_begin (t, 5 * S);
  lab_trace_writer_add (lab_trace_get_writer (t, 0), 2, LAB_STATE_WAITING_IO, -1,
                        5 * S, 5 * S + 300 * MS);
  lab_trace_compute_stats (t, &s);
  EXPECT_EQ (s.elapsed_ns, 300 * MS) << "up to the live edge";
  EXPECT_EQ (s.cpu_ns, 0);

  GArray *tasks = lab_trace_compute_task_stats (t);
  EXPECT_EQ (g_array_index (tasks, LabTaskStats, 0).begin_ns, -1);
  EXPECT_EQ (g_array_index (tasks, LabTaskStats, 0).response_ns, -1);
  EXPECT_EQ (g_array_index (tasks, LabTaskStats, 2).end_ns, 300 * MS);
  EXPECT_EQ (g_array_index (tasks, LabTaskStats, 2).status, LAB_TASK_STATUS_PENDING);
  g_array_unref (tasks);

  lab_trace_unref (t);
  lab_workload_unref (w);
}

} // namespace
