// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>
#include <vector>

extern "C" {
#include "lab-comparison.h"
#include "lab-trace.h"
#include "lab-workload.h"
}

namespace {

struct TracePtr
{
  LabTrace *t;
  explicit TracePtr (LabTrace *p) : t (p) {}
  ~TracePtr () { lab_trace_unref (t); }
  TracePtr (const TracePtr &) = delete;
  TracePtr &operator= (const TracePtr &) = delete;
  LabTrace *get () const { return t; }
};

LabTrace *
new_trace (guint n_tasks)
{
  LabWorkload *w = lab_workload_new_uniform (LAB_TASK_KIND_CPU, n_tasks, 1000000);
  LabTrace *t = lab_trace_new ("threads", w, 2);
  lab_workload_unref (w);
  return t;
}

TEST (Trace, SegmentIs32Bytes)
{
  EXPECT_EQ (sizeof (LabSegment), 32u);
}

TEST (Trace, WriterIsPerWorker)
{
  TracePtr t (new_trace (4));
  LabTraceWriter *a = lab_trace_get_writer (t.get (), 0);
  LabTraceWriter *b = lab_trace_get_writer (t.get (), 1);
  LabTraceWriter *far = lab_trace_get_writer (t.get (), 65535);

  EXPECT_NE (a, nullptr);
  EXPECT_NE (a, b);
  EXPECT_NE (far, nullptr);
  EXPECT_EQ (lab_trace_get_writer (t.get (), 0), a);
  EXPECT_EQ (lab_trace_get_writer (t.get (), 65535), far);
}

TEST (Trace, AddAndCopySorted)
{
  TracePtr t (new_trace (3));
  LabTraceWriter *w0 = lab_trace_get_writer (t.get (), 0);
  LabTraceWriter *w1 = lab_trace_get_writer (t.get (), 1);

  lab_trace_begin (t.get (), 100);
  lab_trace_writer_add (w0, 2, LAB_STATE_RUNNING, 1, 300, 400);
  lab_trace_writer_add (w1, 0, LAB_STATE_WAITING_IO, -1, 150, 500);
  lab_trace_writer_add (w0, 2, LAB_STATE_READY, 0, 200, 300);
  lab_trace_writer_add (w1, 1, LAB_STATE_RUNNING, 5000, 100, 120);

  EXPECT_EQ (lab_trace_get_n_segments (t.get ()), 4u);
  EXPECT_EQ (lab_trace_get_last_ns (t.get ()), 500);
  EXPECT_FALSE (lab_trace_is_finished (t.get ()));

  GArray *segs = lab_trace_copy_segments (t.get ());
  ASSERT_EQ (segs->len, 4u);
  const LabSegment *s = (const LabSegment *) segs->data;
  EXPECT_EQ (s[0].task, 0u);
  EXPECT_EQ (s[0].state, LAB_STATE_WAITING_IO);
  EXPECT_EQ (s[0].core, -1);
  EXPECT_EQ (s[0].worker, 1);
  EXPECT_EQ (s[1].task, 1u);
  EXPECT_EQ (s[1].core, -1) << "an impossible core is recorded as unknown";
  EXPECT_EQ (s[2].task, 2u);
  EXPECT_EQ (s[2].begin_ns, 200);
  EXPECT_EQ (s[3].begin_ns, 300);
  EXPECT_EQ (s[3].end_ns, 400);
  EXPECT_EQ (s[3].core, 1);
  g_array_unref (segs);

  lab_trace_end (t.get (), 600);
  EXPECT_TRUE (lab_trace_is_finished (t.get ()));
  EXPECT_EQ (lab_trace_get_begin_ns (t.get ()), 100);
  EXPECT_EQ (lab_trace_get_end_ns (t.get ()), 600);
  EXPECT_EQ (lab_trace_get_last_ns (t.get ()), 600);
}

TEST (Trace, ManyChunks)
{
  TracePtr t (new_trace (1));
  LabTraceWriter *w = lab_trace_get_writer (t.get (), 3);
  const int n = 100000;

  for (int i = 0; i < n; i++)
    lab_trace_writer_add (w, 0, LAB_STATE_RUNNING, i % 2, i * 10, i * 10 + 5);
  EXPECT_EQ (lab_trace_get_n_segments (t.get ()), (guint64) n);

  struct Check { int next; bool ok; } check = { 0, true };
  lab_trace_foreach_segment (t.get (), [] (const LabSegment *s, gpointer data) -> gboolean {
    Check *c = (Check *) data;
    if (s->begin_ns != c->next * 10 || s->worker != 3)
      c->ok = false;
    c->next++;
    return TRUE;
  }, &check);
  EXPECT_TRUE (check.ok);
  EXPECT_EQ (check.next, n);

  int visited = 0;
  lab_trace_foreach_segment (t.get (), [] (const LabSegment *, gpointer data) -> gboolean {
    return ++*(int *) data < 10;
  }, &visited);
  EXPECT_EQ (visited, 10) << "returning FALSE stops the walk";
}

TEST (Trace, TaskStatusSetOnce)
{
  TracePtr t (new_trace (4));

  EXPECT_EQ (lab_trace_task_get_status (t.get (), 0), LAB_TASK_STATUS_PENDING);
  lab_trace_task_done (t.get (), 0);
  lab_trace_task_failed (t.get (), 1, "worker 1 died");
  lab_trace_task_cancelled (t.get (), 2);
  lab_trace_task_failed (t.get (), 0, "too late");   /* ignored: already done */

  EXPECT_EQ (lab_trace_task_get_status (t.get (), 0), LAB_TASK_STATUS_DONE);
  EXPECT_EQ (lab_trace_task_get_status (t.get (), 1), LAB_TASK_STATUS_FAILED);
  EXPECT_EQ (lab_trace_task_get_status (t.get (), 2), LAB_TASK_STATUS_CANCELLED);
  EXPECT_STREQ (lab_trace_task_get_reason (t.get (), 1), "worker 1 died");
  EXPECT_EQ (lab_trace_task_get_reason (t.get (), 0), nullptr);
  EXPECT_EQ (lab_trace_get_n_finished (t.get ()), 3u);

  lab_trace_set_error (t.get (), "the worker program is missing");
  lab_trace_set_error (t.get (), "second message is ignored");
  EXPECT_STREQ (lab_trace_get_error (t.get ()), "the worker program is missing");
  EXPECT_EQ (lab_trace_task_get_status (t.get (), 3), LAB_TASK_STATUS_FAILED);
  EXPECT_STREQ (lab_trace_task_get_reason (t.get (), 3), "the worker program is missing");
  EXPECT_STREQ (lab_trace_task_get_reason (t.get (), 1), "worker 1 died");
  EXPECT_EQ (lab_trace_get_n_finished (t.get ()), 4u);
}

TEST (Trace, SettingsCpuUtilizationMarkers)
{
  TracePtr t (new_trace (1));

  lab_trace_set_n_workers (t.get (), 8);
  lab_trace_set_iterations_per_ms (t.get (), 12345.5);
  lab_trace_set_switch_interval_ns (t.get (), 5000000);
  EXPECT_EQ (lab_trace_get_n_workers (t.get ()), 8u);
  EXPECT_DOUBLE_EQ (lab_trace_get_iterations_per_ms (t.get ()), 12345.5);
  EXPECT_EQ (lab_trace_get_switch_interval_ns (t.get ()), 5000000);
  EXPECT_STREQ (lab_trace_get_model_id (t.get ()), "threads");
  EXPECT_EQ (lab_trace_get_n_cores (t.get ()), 2u);

  lab_trace_add_cpu_time (t.get (), 100);
  lab_trace_add_cpu_time (t.get (), 250);
  EXPECT_EQ (lab_trace_get_cpu_ns (t.get ()), 350);

  EXPECT_FALSE (lab_trace_has_utilization (t.get ()));
  const float busy1[2] = { 0.25f, 1.5f };
  const float busy2[2] = { 0.5f, -1.0f };
  lab_trace_add_utilization (t.get (), 1000, 2, busy1);
  lab_trace_add_utilization (t.get (), 2000, 2, busy2);
  EXPECT_TRUE (lab_trace_has_utilization (t.get ()));
  EXPECT_EQ (lab_trace_get_n_utilization_cores (t.get ()), 2u);
  GArray *u1 = lab_trace_copy_utilization (t.get (), 1);
  ASSERT_EQ (u1->len, 2u);
  EXPECT_EQ (g_array_index (u1, LabUtilSample, 0).t_ns, 1000);
  EXPECT_FLOAT_EQ (g_array_index (u1, LabUtilSample, 0).busy, 1.0f) << "clamped";
  EXPECT_FLOAT_EQ (g_array_index (u1, LabUtilSample, 1).busy, 0.0f) << "clamped";
  g_array_unref (u1);
  GArray *none = lab_trace_copy_utilization (t.get (), 7);
  EXPECT_EQ (none->len, 0u);
  g_array_unref (none);

  lab_trace_add_marker (t.get (), 3000, "worker 2 died");
  GPtrArray *markers = lab_trace_copy_markers (t.get ());
  ASSERT_EQ (markers->len, 1u);
  EXPECT_STREQ (((LabMarker *) markers->pdata[0])->text, "worker 2 died");
  EXPECT_EQ (((LabMarker *) markers->pdata[0])->t_ns, 3000);
  g_ptr_array_unref (markers);
  EXPECT_EQ (lab_trace_get_last_ns (t.get ()), 3000);
}

/* Four writers add while a reader snapshots: every snapshot must hold, for
 * each writer, exactly the segments 0..k-1 it wrote, in order. */
TEST (Trace, ConcurrentWritersConsistentPrefix)
{
  const int n_writers = 4;
  const int per_writer = 200000;
  TracePtr t (new_trace (n_writers));
  std::atomic<int> running { n_writers };
  std::vector<std::thread> threads;

  for (int w = 0; w < n_writers; w++)
    threads.emplace_back ([&, w] {
      LabTraceWriter *writer = lab_trace_get_writer (t.get (), (guint) w);
      for (int i = 0; i < per_writer; i++)
        lab_trace_writer_add (writer, (guint32) w, LAB_STATE_RUNNING, w % 2,
                              (gint64) i * 2, (gint64) i * 2 + 1);
      running--;
    });

  struct Snap
  {
    std::map<int, gint64> next;
    bool ok = true;
  };
  int snapshots = 0;
  bool all_ok = true;
  guint64 previous_total = 0;

  while (running.load () > 0 || snapshots < 3)
    {
      Snap snap;
      lab_trace_foreach_segment (t.get (), [] (const LabSegment *s, gpointer data) -> gboolean {
        Snap *sn = (Snap *) data;
        gint64 &next = sn->next[s->worker];
        if (s->task != s->worker || s->begin_ns != next * 2 || s->end_ns != next * 2 + 1 ||
            s->state != LAB_STATE_RUNNING || s->core != s->worker % 2)
          sn->ok = false;
        next++;
        return TRUE;
      }, &snap);
      guint64 total = 0;
      for (auto &kv : snap.next)
        total += (guint64) kv.second;
      all_ok = all_ok && snap.ok && total >= previous_total;
      previous_total = total;
      snapshots++;
    }

  for (auto &th : threads)
    th.join ();

  EXPECT_TRUE (all_ok);
  EXPECT_GE (snapshots, 3);
  EXPECT_EQ (lab_trace_get_n_segments (t.get ()), (guint64) n_writers * per_writer);
  GArray *all = lab_trace_copy_segments (t.get ());
  EXPECT_EQ (all->len, (guint) (n_writers * per_writer));
  g_array_unref (all);
  EXPECT_EQ (lab_trace_get_last_ns (t.get ()), (gint64) (per_writer - 1) * 2 + 1);
}

TEST (Trace, ConcurrentWriterCreationAndStatus)
{
  const int n_threads = 8;
  TracePtr t (new_trace (1000));
  std::vector<std::thread> threads;
  std::vector<LabTraceWriter *> seen (n_threads * 64);

  for (int th = 0; th < n_threads; th++)
    threads.emplace_back ([&, th] {
      for (int k = 0; k < 64; k++)
        seen[th * 64 + k] = lab_trace_get_writer (t.get (), (guint) k * 300);
      for (guint32 task = 0; task < 1000; task++)
        lab_trace_task_done (t.get (), task);
      lab_trace_add_cpu_time (t.get (), 1000);
    });
  for (auto &th : threads)
    th.join ();

  for (int th = 1; th < n_threads; th++)
    for (int k = 0; k < 64; k++)
      EXPECT_EQ (seen[th * 64 + k], seen[k]);
  EXPECT_EQ (lab_trace_get_n_finished (t.get ()), 1000u) << "each task counted once";
  EXPECT_EQ (lab_trace_get_cpu_ns (t.get ()), 8000);
}

} // namespace

namespace {

TEST (Comparison, TracesAndSettings)
{
  LabWorkload *w = lab_workload_new_uniform (LAB_TASK_KIND_IO, 2, 1000);
  LabComparison *c = lab_comparison_new (w, 4);

  EXPECT_TRUE (G_TYPE_IS_BOXED (lab_comparison_get_type ()));
  EXPECT_TRUE (G_TYPE_IS_BOXED (lab_trace_get_type ()));
  EXPECT_EQ (lab_comparison_get_workload (c), w);
  EXPECT_EQ (lab_comparison_get_n_cores (c), 4u);
  EXPECT_EQ (lab_comparison_get_n_workers (c), 4u) << "one worker per core by default";
  EXPECT_EQ (lab_comparison_get_switch_interval_ns (c), 5000000);
  EXPECT_GT (lab_comparison_get_created (c), 1600000000);
  EXPECT_STRNE (lab_comparison_get_version (c), "");
  EXPECT_FALSE (lab_comparison_is_finished (c)) << "no trace yet";
  EXPECT_EQ (lab_comparison_get_begin_ns (c), 0);

  lab_comparison_set_iterations_per_ms (c, 42.5);
  lab_comparison_set_created (c, 1700000000);
  lab_comparison_set_version (c, "9.9");
  lab_comparison_set_n_expected (c, 2);
  EXPECT_DOUBLE_EQ (lab_comparison_get_iterations_per_ms (c), 42.5);
  EXPECT_EQ (lab_comparison_get_created (c), 1700000000);
  EXPECT_STREQ (lab_comparison_get_version (c), "9.9");

  /* A run's settings are its plan's, kept as given. */
  LabRunPlanBuilder *builder = lab_run_plan_builder_new (w, 3);
  lab_run_plan_builder_set_all_at_once (builder, TRUE);
  LabRunPlan *plan = lab_run_plan_builder_end (builder);
  LabComparison *run = lab_comparison_new_for_plan (plan, 4);
  EXPECT_EQ (lab_comparison_get_plan (run), plan);
  EXPECT_EQ (lab_comparison_get_n_workers (run), 3u);
  EXPECT_TRUE (lab_comparison_get_all_at_once (run));
  lab_comparison_unref (run);
  lab_run_plan_unref (plan);
  lab_run_plan_builder_free (builder);

  LabTrace *a = lab_trace_new ("sequential", w, 4);
  LabTrace *b = lab_trace_new ("event-loop", w, 4);
  lab_trace_begin (a, 500);
  lab_trace_end (a, 900);
  lab_comparison_add_trace (c, a);
  EXPECT_FALSE (lab_comparison_is_finished (c)) << "one of two expected traces";
  lab_comparison_add_trace (c, b);
  lab_trace_begin (b, 300);
  EXPECT_FALSE (lab_comparison_is_finished (c));
  lab_trace_end (b, 1000);
  EXPECT_TRUE (lab_comparison_is_finished (c));
  EXPECT_EQ (lab_comparison_get_begin_ns (c), 300);
  EXPECT_EQ (lab_comparison_get_n_traces (c), 2u);

  LabTrace *got = lab_comparison_dup_trace (c, 1);
  EXPECT_EQ (got, b);
  lab_trace_unref (got);
  EXPECT_EQ (lab_comparison_dup_trace (c, 2), nullptr);
  LabTrace *found = lab_comparison_dup_trace_of_model (c, "sequential");
  EXPECT_EQ (found, a);
  lab_trace_unref (found);
  EXPECT_EQ (lab_comparison_dup_trace_of_model (c, "processes"), nullptr);

  lab_trace_unref (a);
  lab_trace_unref (b);
  lab_comparison_unref (c);
  lab_workload_unref (w);
}

TEST (Comparison, ConcurrentAddAndRead)
{
  LabWorkload *w = lab_workload_new_uniform (LAB_TASK_KIND_IO, 1, 1000);
  LabComparison *c = lab_comparison_new (w, 2);
  std::vector<std::thread> adders;

  for (int k = 0; k < 4; k++)
    adders.emplace_back ([&] {
      for (int i = 0; i < 50; i++)
        {
          LabTrace *t = lab_trace_new ("threads", w, 2);
          lab_comparison_add_trace (c, t);
          lab_trace_unref (t);
        }
    });
  guint seen = 0;
  while (seen < 200)
    {
      guint n = lab_comparison_get_n_traces (c);
      ASSERT_GE (n, seen);
      seen = n;
      if (n > 0)
        {
          LabTrace *t = lab_comparison_dup_trace (c, n - 1);
          ASSERT_NE (t, nullptr);
          lab_trace_unref (t);
        }
    }
  for (auto &th : adders)
    th.join ();
  EXPECT_EQ (lab_comparison_get_n_traces (c), 200u);
  lab_comparison_unref (c);
  lab_workload_unref (w);
}

} // namespace
