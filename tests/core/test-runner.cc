// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "exec-test-helpers.h"

extern "C" {
#include "config.h"
#include "lab-cpu-monitor.h"
#include "lab-cpu-work.h"
#include "lab-cpu.h"
#include "lab-runner.h"
#include "lab-runner-private.h"
#include "lab-run-entry.h"
#include "lab-trace-json.h"
#include "../plan-test-helpers.h"
}

using namespace exec_test;

namespace {

struct Events
{
  std::vector<std::string> started;
  std::vector<std::string> finished;
  std::vector<guint>       indices;
  guint                    n_progress = 0;
  guint                    last_finished = 0;
  guint                    last_total = 0;
  GThread                 *thread = nullptr;
  bool                     other_thread = false;

  void connect (LabRunner *runner)
  {
    thread = g_thread_self ();
    g_signal_connect (runner, "model-started", G_CALLBACK (on_started), this);
    g_signal_connect (runner, "model-finished", G_CALLBACK (on_finished), this);
    g_signal_connect (runner, "progress", G_CALLBACK (on_progress), this);
  }
  void check_thread () { other_thread |= g_thread_self () != thread; }

  static void on_started (LabRunner *, guint index, const char *id, Events *self)
  {
    self->check_thread ();
    self->indices.push_back (index);
    self->started.push_back (id);
  }
  static void on_finished (LabRunner *, guint, const char *id, Events *self)
  {
    self->check_thread ();
    self->finished.push_back (id);
  }
  static void on_progress (LabRunner *, guint finished, guint total, Events *self)
  {
    self->check_thread ();
    EXPECT_LE (finished, total);
    EXPECT_GE (finished, self->last_finished) << "progress only grows";
    self->n_progress++;
    self->last_finished = finished;
    self->last_total = total;
  }
};

LabRunner *
new_runner (const char *workload_text, const char *models, guint n_workers = lab_cpu_count (),
            gboolean all_at_once = FALSE)
{
  LabRunPlanBuilder *builder = test_plan_builder_new (workload_text, models, n_workers);
  lab_run_plan_builder_set_all_at_once (builder, all_at_once);
  LabRunPlan *plan = lab_run_plan_builder_end (builder);
  LabRunner *runner = lab_runner_new_for_plan (plan);

  lab_run_plan_builder_free (builder);
  lab_run_plan_unref (plan);
  return runner;
}

class Runner : public ::testing::Test
{
protected:
  static void SetUpTestSuite () { lab_cpu_calibrate (); }
};

void
check_comparison (LabComparison *comparison, const std::vector<std::string> &ids)
{
  ASSERT_NE (comparison, nullptr);
  ASSERT_EQ (lab_comparison_get_n_traces (comparison), ids.size ());
  EXPECT_TRUE (lab_comparison_is_finished (comparison));
  EXPECT_GT (lab_comparison_get_iterations_per_ms (comparison), 0.0);
  EXPECT_GT (lab_comparison_get_created (comparison), 0);
  EXPECT_STREQ (lab_comparison_get_version (comparison), PACKAGE_VERSION);
  for (size_t i = 0; i < ids.size (); i++)
    {
      LabTrace *trace = lab_comparison_dup_trace (comparison, i);
      EXPECT_STREQ (lab_trace_get_model_id (trace), ids[i].c_str ());
      lab_trace_unref (trace);
    }
}

TEST_F (Runner, OneAfterAnother)
{
  LabRunner *runner = new_runner ("io 2x60ms + cpu 1x40ms", "sequential,event-loop,threads");
  Events events;
  GError *error = nullptr;

  events.connect (runner);
  LabComparison *comparison = lab_runner_run_sync (runner, nullptr, &error);
  ASSERT_EQ (error, nullptr);
  check_comparison (comparison, { "sequential", "event-loop", "threads" });
  EXPECT_EQ (comparison, lab_runner_get_comparison (runner));
  EXPECT_FALSE (lab_comparison_get_all_at_once (comparison));

  // One after another: each trace begins after the previous one ended.
  for (guint i = 1; i < 3; i++)
    {
      LabTrace *a = lab_comparison_dup_trace (comparison, i - 1);
      LabTrace *b = lab_comparison_dup_trace (comparison, i);
      EXPECT_GE (lab_trace_get_begin_ns (b), lab_trace_get_end_ns (a));
      lab_trace_unref (a);
      lab_trace_unref (b);
    }
  // Each model's memory, from a baseline taken before it began.
  for (guint i = 0; i < 3; i++)
    {
      LabTrace *t = lab_comparison_dup_trace (comparison, i);
      GArray *memory = lab_trace_copy_memory (t);
      ASSERT_GT (memory->len, 0u);
      const LabMemorySample &first = g_array_index (memory, LabMemorySample, 0);
      EXPECT_NE (first.rss_bytes, LAB_MEMORY_NOT_MEASURED);
      EXPECT_LE (first.t_ns, lab_trace_get_begin_ns (t));
      g_array_unref (memory);
      lab_trace_unref (t);
    }
  EXPECT_EQ (events.started, (std::vector<std::string>{ "sequential", "event-loop", "threads" }));
  EXPECT_EQ (events.indices, (std::vector<guint>{ 0, 1, 2 }));
  EXPECT_EQ (events.finished, events.started);
  EXPECT_GE (events.n_progress, 1u);
  EXPECT_EQ (events.last_total, 9u);
  EXPECT_EQ (events.last_finished, 9u);
  EXPECT_FALSE (events.other_thread) << "signals come on the caller's thread";
  lab_comparison_unref (comparison);
  g_object_unref (runner);
}

TEST_F (Runner, AllAtOnce)
{
  LabRunner *runner = new_runner ("io 2x150ms", "sequential,event-loop,threads-gil",
                                  lab_cpu_count (), TRUE);
  Events events;
  GError *error = nullptr;

  events.connect (runner);
  LabComparison *comparison = lab_runner_run_sync (runner, nullptr, &error);
  ASSERT_EQ (error, nullptr);
  check_comparison (comparison, { "sequential", "event-loop", "threads-gil" });
  EXPECT_TRUE (lab_comparison_get_all_at_once (comparison));

  // At once: the traces overlap in time.
  LabTrace *a = lab_comparison_dup_trace (comparison, 0);
  LabTrace *b = lab_comparison_dup_trace (comparison, 1);
  EXPECT_LT (lab_trace_get_begin_ns (b), lab_trace_get_end_ns (a));
  EXPECT_LT (lab_trace_get_begin_ns (a), lab_trace_get_end_ns (b));
  // Together they share the program's memory: no model's own is told, so
  // none is claimed (worker processes would still be measured).
  for (LabTrace *t : { a, b })
    {
      GArray *memory = lab_trace_copy_memory (t);
      EXPECT_GT (memory->len, 0u);
      for (guint i = 0; i < memory->len; i++)
        EXPECT_EQ (g_array_index (memory, LabMemorySample, i).rss_bytes, LAB_MEMORY_NOT_MEASURED);
      g_array_unref (memory);
    }
  lab_trace_unref (a);
  lab_trace_unref (b);
  EXPECT_EQ (events.started.size (), 3u);
  EXPECT_EQ (events.finished.size (), 3u);
  std::sort (events.indices.begin (), events.indices.end ());
  EXPECT_EQ (events.indices, (std::vector<guint>{ 0, 1, 2 }));
  lab_comparison_unref (comparison);
  g_object_unref (runner);
}

// A model that cannot run fails its tasks; the others run.
TEST_F (Runner, ModelErrorDoesNotStopTheOthers)
{
  std::string text = "io " + std::to_string (LAB_MAX_THREADS + 1) + "x5ms";
  // one thread per task: over the limit
  LabRunner *runner = new_runner (text.c_str (), "threads,event-loop", 0);
  GError *error = nullptr;

  LabComparison *comparison = lab_runner_run_sync (runner, nullptr, &error);
  ASSERT_EQ (error, nullptr);
  check_comparison (comparison, { "threads", "event-loop" });

  LabTrace *failed = lab_comparison_dup_trace (comparison, 0);
  LabTrace *fine = lab_comparison_dup_trace (comparison, 1);
  ASSERT_NE (lab_trace_get_error (failed), nullptr);
  EXPECT_EQ (lab_trace_task_get_status (failed, 0), LAB_TASK_STATUS_FAILED);
  EXPECT_NE (lab_trace_task_get_reason (failed, 0), nullptr);
  EXPECT_EQ (lab_trace_get_error (fine), nullptr);
  EXPECT_EQ (lab_trace_get_n_finished (fine), (guint) LAB_MAX_THREADS + 1);
  EXPECT_EQ (lab_trace_task_get_status (fine, 0), LAB_TASK_STATUS_DONE);
  lab_trace_unref (failed);
  lab_trace_unref (fine);
  lab_comparison_unref (comparison);
  g_object_unref (runner);
}

// The processes model without its worker program is a model error too.
TEST_F (Runner, MissingWorkerProgramIsAModelError)
{
  LabRunner *runner = new_runner ("cpu 2x10ms", "processes,sequential");
  GError *error = nullptr;

  lab_runner_set_worker_path (runner, "/nonexistent/concurrency-lab-worker");
  LabComparison *comparison = lab_runner_run_sync (runner, nullptr, &error);
  ASSERT_EQ (error, nullptr);
  check_comparison (comparison, { "processes", "sequential" });
  LabTrace *processes = lab_comparison_dup_trace (comparison, 0);
  LabTrace *sequential = lab_comparison_dup_trace (comparison, 1);
  EXPECT_NE (lab_trace_get_error (processes), nullptr);
  EXPECT_EQ (lab_trace_task_get_status (processes, 1), LAB_TASK_STATUS_FAILED);
  EXPECT_EQ (lab_trace_task_get_status (sequential, 1), LAB_TASK_STATUS_DONE);
  lab_trace_unref (processes);
  lab_trace_unref (sequential);
  lab_comparison_unref (comparison);
  g_object_unref (runner);
}

struct AsyncWait
{
  GAsyncResult *result = nullptr;
  gint64        at = 0;
  static void done (GObject *, GAsyncResult *result, gpointer data)
  {
    auto *self = static_cast<AsyncWait *> (data);
    self->result = G_ASYNC_RESULT (g_object_ref (result));
    self->at = lab_clock_now_ns ();
  }
};

/* A run of @runner on a main context of its own, cancelled @delay_ms after
 * it started; the constructor returns when the run has ended. */
struct CancelledRun
{
  GCancellable *cancellable = g_cancellable_new ();
  GMainContext *context = g_main_context_new ();
  AsyncWait     wait;
  gint64        cancelled_at = 0;

  CancelledRun (LabRunner *runner, gint64 delay_ms)
  {
    g_main_context_push_thread_default (context);
    lab_runner_run_async (runner, cancellable, AsyncWait::done, &wait);
    gint64 until = lab_clock_now_ns () + delay_ms * LAB_NS_PER_MS;
    while (lab_clock_now_ns () < until)
      g_main_context_iteration (context, FALSE), g_usleep (1000);
    cancelled_at = lab_clock_now_ns ();
    g_cancellable_cancel (cancellable);
    while (wait.result == nullptr)
      g_main_context_iteration (context, TRUE);
  }
  ~CancelledRun ()
  {
    g_main_context_pop_thread_default (context);
    g_object_unref (wait.result);
    g_main_context_unref (context);
    g_object_unref (cancellable);
  }
  CancelledRun (const CancelledRun &) = delete;
  CancelledRun &operator= (const CancelledRun &) = delete;
};

TEST_F (Runner, CancelReturnsPromptly)
{
  for (int all_at_once : { 0, 1 })
    {
      LabRunner *runner = new_runner ("mixed 4x3s + io 2x3s",
                                      "event-loop,threads,threads-gil,processes",
                                      lab_cpu_count (), all_at_once);
      GError *error = nullptr;

      {
        CancelledRun run (runner, 100);

        EXPECT_LT (run.wait.at - run.cancelled_at, 300 * LAB_NS_PER_MS)
            << "all at once: " << all_at_once;
        EXPECT_EQ (lab_runner_run_finish (runner, run.wait.result, &error), nullptr);
        EXPECT_TRUE (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
        g_clear_error (&error);
        LabComparison *comparison = lab_runner_get_comparison (runner);
        ASSERT_NE (comparison, nullptr);
        EXPECT_GE (lab_comparison_get_n_traces (comparison), 1u);
        EXPECT_TRUE (lab_comparison_is_finished (comparison)) << "nothing left recording";
      }
      g_object_unref (runner);
    }
}

guint
count_workers (LabTrace *trace)
{
  std::vector<guint16> workers;
  for (const LabSegment &s : segments_of (trace))
    if (std::find (workers.begin (), workers.end (), s.worker) == workers.end ())
      workers.push_back (s.worker);
  return workers.size ();
}

/* Stopped during its first model: that trace is marked stopped and not
 * complete, the models not started are listed as not run, and the saved
 * file says the same. */
TEST_F (Runner, AStoppedRunIsMarkedPartialAndListsWhatDidNotRun)
{
  LabRunner *runner = new_runner ("io 4x2s", "sequential,event-loop,threads");
  CancelledRun run (runner, 150);

  LabComparison *comparison = lab_runner_get_comparison (runner);
  ASSERT_EQ (lab_comparison_get_n_traces (comparison), 1u);
  LabTrace *trace = lab_comparison_dup_trace (comparison, 0);
  EXPECT_TRUE (lab_trace_is_finished (trace));
  EXPECT_TRUE (lab_trace_was_stopped (trace));
  EXPECT_FALSE (lab_trace_is_complete (trace));
  EXPECT_EQ (lab_comparison_get_n_planned (comparison), 3u);
  EXPECT_EQ (lab_comparison_get_n_not_run (comparison), 2u);
  EXPECT_STREQ (lab_comparison_get_planned (comparison, 1, nullptr), "event-loop");
  EXPECT_STREQ (lab_comparison_get_planned (comparison, 2, nullptr), "threads");
  EXPECT_TRUE (lab_comparison_was_stopped (comparison));
  EXPECT_FALSE (lab_comparison_is_complete (comparison));

  /* Saved and read back: the same marks. */
  GError *error = nullptr;
  char *text = lab_trace_json_to_string (comparison, nullptr);
  LabComparison *back = lab_trace_json_from_string (text, -1, &error);
  ASSERT_NE (back, nullptr) << error->message;
  LabTrace *again = lab_comparison_dup_trace (back, 0);
  EXPECT_TRUE (lab_trace_was_stopped (again));
  EXPECT_FALSE (lab_trace_is_complete (again));
  EXPECT_EQ (lab_comparison_get_n_not_run (back), 2u);
  EXPECT_STREQ (lab_comparison_get_planned (back, 2, nullptr), "threads");
  lab_trace_unref (again);
  lab_comparison_unref (back);
  g_free (text);
  lab_trace_unref (trace);
  g_object_unref (runner);
}

TEST_F (Runner, AWholeRunIsComplete)
{
  LabRunner *runner = new_runner ("io 2x10ms + cpu 1x10ms", "sequential,threads");
  GError *error = nullptr;
  LabComparison *comparison = lab_runner_run_sync (runner, nullptr, &error);

  ASSERT_NE (comparison, nullptr);
  EXPECT_TRUE (lab_comparison_is_complete (comparison));
  EXPECT_FALSE (lab_comparison_was_stopped (comparison));
  EXPECT_EQ (lab_comparison_get_n_not_run (comparison), 0u);
  for (guint i = 0; i < 2; i++)
    {
      LabTrace *trace = lab_comparison_dup_trace (comparison, i);
      EXPECT_TRUE (lab_trace_is_complete (trace));
      EXPECT_FALSE (lab_trace_was_stopped (trace));
      lab_trace_unref (trace);
    }
  lab_comparison_unref (comparison);
  g_object_unref (runner);
}

/* One model twice, each with its own workers: two panels, told apart by
 * the workers each trace records, in the plan too. */
TEST_F (Runner, EntriesRunAModelTwiceWithTheirOwnWorkers)
{
  GError *error = nullptr;
  /* Tasks long enough that each of the six threads takes its own before
   * another is done, however slowly the threads start (a sanitizer build
   * on a busy machine once gave one thread two 5 ms tasks). */
  LabRunner *runner = new_runner ("cpu 6x50ms", "threads:tasks,threads:2,sequential", 3);
  ASSERT_EQ (lab_run_plan_get_n_entries (lab_runner_get_plan (runner)), 3u);

  LabComparison *comparison = lab_runner_run_sync (runner, nullptr, &error);
  ASSERT_NE (comparison, nullptr);
  ASSERT_EQ (lab_comparison_get_n_traces (comparison), 3u);
  /* The plan keeps the counts asked for (0: one per task; the run's 3 for
   * an entry without one); each trace the workers its model had. */
  guint asked[] = { 0, 2, 3 };
  guint had[] = { 6, 2, 1 };
  for (guint i = 0; i < 3; i++)
    {
      LabTrace *trace = lab_comparison_dup_trace (comparison, i);
      guint planned = G_MAXUINT;
      lab_comparison_get_planned (comparison, i, &planned);
      EXPECT_EQ (lab_trace_get_n_workers (trace), had[i]) << i;
      EXPECT_EQ (planned, asked[i]) << i;
      EXPECT_TRUE (lab_trace_is_complete (trace));
      lab_trace_unref (trace);
    }
  /* Six tasks on one thread each: six workers seen; on two, two. */
  LabTrace *per_task = lab_comparison_dup_trace (comparison, 0);
  LabTrace *two = lab_comparison_dup_trace (comparison, 1);
  EXPECT_EQ (count_workers (per_task), 6u);
  EXPECT_EQ (count_workers (two), 2u);
  lab_trace_unref (per_task);
  lab_trace_unref (two);

  lab_comparison_unref (comparison);
  g_object_unref (runner);
}

TEST (RunEntries, ParseAndRefuse)
{
  GError *error = nullptr;
  GArray *e = lab_run_entries_parse ("sequential, threads:cores ,processes:4", 8, &error);
  ASSERT_NE (e, nullptr) << error->message;
  ASSERT_EQ (e->len, 3u);
  EXPECT_EQ (g_array_index (e, LabRunEntry, 0).n_workers, LAB_RUN_WORKERS_DEFAULT);
  EXPECT_EQ (g_array_index (e, LabRunEntry, 1).n_workers, 8u) << "cores";
  EXPECT_EQ (g_array_index (e, LabRunEntry, 2).model, &lab_model_processes);
  char *text = lab_run_entry_to_string (&g_array_index (e, LabRunEntry, 2));
  EXPECT_STREQ (text, "processes:4");
  g_free (text);
  g_array_unref (e);

  struct { const char *text; const char *says; } bad[] = {
    { "threads:0", "a number from 1" },
    { "threads:lots", "a number from 1" },
    { "sequential:2", "one thread" },
    { "event-loop:cores", "one thread" },
    { "threads:2,threads:2", "twice" },
    { "fibers:2", "fibers" },
    { "threads,threads", "twice" },
    { "threads:2,,threads:4", "item 2 of the list is empty" },
    { "threads:2,", "item 2 of the list is empty" },
  };
  for (const auto &b : bad)
    {
      EXPECT_EQ (lab_run_entries_parse (b.text, 2, &error), nullptr) << b.text;
      ASSERT_NE (error, nullptr) << b.text;
      EXPECT_NE (std::string (error->message).find (b.says), std::string::npos)
          << b.text << ": " << error->message;
      g_clear_error (&error);
    }
}

TEST_F (Runner, WorkerPathFromEnvironment)
{
  const char *saved = g_getenv ("LAB_WORKER_PATH");
  std::string keep = saved != nullptr ? saved : "";

  g_setenv ("LAB_WORKER_PATH", "/tmp/some/worker", TRUE);
  EXPECT_STREQ (lab_worker_find_path (), "/tmp/some/worker");
  EXPECT_STREQ (_lab_runner_find_worker_for ("/bin/sh"), LIBEXECDIR "/" WORKER_NAME)
    << "an installed program ignores the variable";
  g_unsetenv ("LAB_WORKER_PATH");
  EXPECT_STREQ (lab_worker_find_path (), BUILD_WORKER_PATH) << "the build tree's own worker";
  EXPECT_STREQ (_lab_runner_find_worker_for ("/bin/sh"), LIBEXECDIR "/" WORKER_NAME);
  if (saved != nullptr)
    g_setenv ("LAB_WORKER_PATH", keep.c_str (), TRUE);
}

/* The override is for the build tree only: an installed program ignores it. */
TEST (WorkerPath, OverrideOnlyInBuildTree)
{
  const char *program = g_getenv ("LAB_PROGRAM");

  ASSERT_NE (program, nullptr);
  EXPECT_TRUE (_lab_runner_is_in_build_tree (program));
  EXPECT_TRUE (_lab_runner_is_in_build_tree ("/proc/self/exe"));  /* this test */
  EXPECT_FALSE (_lab_runner_is_in_build_tree ("/bin/sh"));
  EXPECT_FALSE (_lab_runner_is_in_build_tree ("/no/such/program"));
  EXPECT_FALSE (_lab_runner_is_in_build_tree (BUILD_WORKER_PATH "-missing"));
}

}  // namespace

namespace {

gint64
waited_so_far (LabComparison *comparison)
{
  g_autoptr(LabTrace) trace = lab_comparison_dup_trace_of_model (comparison, "event-loop");
  gint64 total = 0;

  if (trace == nullptr)
    return 0;
  g_autoptr(GArray) segments = lab_trace_copy_segments (trace);
  for (guint i = 0; i < segments->len; i++)
    {
      const LabSegment *s = &g_array_index (segments, LabSegment, i);
      if (s->state == LAB_STATE_WAITING_IO)
        total += s->end_ns - s->begin_ns;
    }
  return total;
}

// A chart drawn during the run sees the event loop's waits grow, not only
// once each has ended.
TEST_F (Runner, EventLoopWaitsShowWhileTheyLast)
{
  LabRunner *runner = new_runner ("io 2x600ms", "event-loop");
  g_autoptr(GMainContext) context = g_main_context_new ();
  bool done = false;

  g_main_context_push_thread_default (context);
  lab_runner_run_async (runner, nullptr,
                        [] (GObject *, GAsyncResult *, gpointer data) { *(bool *) data = true; },
                        &done);
  gint64 until = g_get_monotonic_time () + 400 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (context, FALSE), g_usleep (1000);
  LabComparison *comparison = lab_runner_get_comparison (runner);
  ASSERT_NE (comparison, nullptr);
  // About 2 × 300 ms handed over by now; the waits end at 600 ms.
  EXPECT_FALSE (done);
  EXPECT_GT (waited_so_far (comparison), 2 * 150 * LAB_NS_PER_MS);
  while (!done)
    g_main_context_iteration (context, TRUE);
  // Handed over in pieces, the waits still add up to the whole.
  EXPECT_NEAR ((double) waited_so_far (comparison), 2 * 600.0 * LAB_NS_PER_MS, 10.0 * LAB_NS_PER_MS);
  g_main_context_pop_thread_default (context);
  g_object_unref (runner);
}

} /* namespace */
