// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "exec-test-helpers.h"

extern "C" {
#include "lab-cpu-monitor.h"
#include "lab-cpu-work.h"
#include "lab-cpu.h"
#include "lab-error.h"
#include "lab-model.h"
}

using namespace exec_test;

namespace {

struct Result
{
  LabTrace *trace = nullptr;
  gboolean  ok = FALSE;
  GError   *error = nullptr;

  Result () = default;
  Result (const Result &) = delete;
  Result (Result &&o) noexcept : trace (o.trace), ok (o.ok), error (o.error)
  {
    o.trace = nullptr;
    o.error = nullptr;
  }
  ~Result ()
  {
    if (trace != nullptr)
      lab_trace_unref (trace);
    g_clear_error (&error);
  }
  double elapsed () const { return elapsed_s (trace); }
};

Result
run (const LabModel *model,
     const char     *workload_text,
     guint           n_workers = 0,
     GCancellable   *cancellable = nullptr)
{
  Result r;
  GError *error = nullptr;
  LabWorkload *workload = lab_workload_parse (workload_text, &error);

  EXPECT_NE (workload, nullptr) << workload_text << ": " << (error ? error->message : "");
  if (workload == nullptr)
    {
      g_clear_error (&error);
      return r;
    }
  r.trace = lab_trace_new (model->id, workload, lab_cpu_count ());
  LabModelContext ctx = {};
  ctx.workload = workload;
  ctx.trace = r.trace;
  ctx.cancellable = cancellable;
  ctx.n_workers = n_workers;
  ctx.switch_interval_ns = 5 * LAB_NS_PER_MS;
  ctx.iterations_per_ms = lab_cpu_calibrate ();
  r.ok = model->run (&ctx, &r.error);
  lab_workload_unref (workload);
  return r;
}

void
expect_all (LabTrace *trace, LabTaskStatus status)
{
  guint n = lab_workload_get_n_tasks (lab_trace_get_workload (trace));
  for (guint i = 0; i < n; i++)
    EXPECT_EQ (lab_trace_task_get_status (trace, i), status) << "task " << i;
  EXPECT_TRUE (lab_trace_is_finished (trace));
}

const LabModel *const in_process[] = {
  &lab_model_sequential, &lab_model_event_loop, &lab_model_loop_offload,
  &lab_model_threads, &lab_model_threads_gil,
};

class Models : public ::testing::Test
{
protected:
  static void SetUpTestSuite () { lab_cpu_calibrate (); }
};

TEST_F (Models, Registry)
{
  guint n = 0;
  const LabModel *const *all = lab_model_get_all (&n);

  ASSERT_EQ (n, 7u);
  EXPECT_STREQ (all[0]->id, "sequential");
  EXPECT_STREQ (all[1]->id, "event-loop");
  EXPECT_STREQ (all[2]->id, "loop-offload");
  EXPECT_STREQ (all[3]->id, "threads");
  EXPECT_STREQ (all[4]->id, "threads-gil");
  EXPECT_STREQ (all[5]->id, "processes");
  EXPECT_STREQ (all[6]->id, "process-per-task");
  EXPECT_EQ (all[7], nullptr);
  for (guint i = 0; i < n; i++)
    {
      EXPECT_EQ (lab_model_find (all[i]->id), all[i]);
      EXPECT_NE (lab_model_get_name (all[i]), nullptr);
      EXPECT_NE (all[i]->summary, nullptr);
      EXPECT_NE (all[i]->run, nullptr);
    }
  EXPECT_EQ (lab_model_find ("fibers"), nullptr);
}

TEST_F (Models, ParseList)
{
  GError *error = nullptr;
  const LabModel **list = lab_model_parse_list (" sequential , threads-gil", &error);

  ASSERT_NE (list, nullptr);
  EXPECT_EQ (list[0], &lab_model_sequential);
  EXPECT_EQ (list[1], &lab_model_threads_gil);
  EXPECT_EQ (list[2], nullptr);
  g_free (list);

  list = lab_model_parse_list ("all", &error);
  ASSERT_NE (list, nullptr);
  EXPECT_EQ (list[5], &lab_model_processes);
  g_free (list);

  EXPECT_EQ (lab_model_parse_list ("sequential,fibers", &error), nullptr);
  ASSERT_NE (error, nullptr);
  EXPECT_TRUE (g_error_matches (error, LAB_ERROR, LAB_ERROR_PARSE));
  EXPECT_NE (strstr (error->message, "fibers"), nullptr) << error->message;
  EXPECT_NE (strstr (error->message, "loop-offload"), nullptr) << "lists the valid ids";
  g_clear_error (&error);

  EXPECT_EQ (lab_model_parse_list ("threads,threads", &error), nullptr);
  g_clear_error (&error);
  EXPECT_EQ (lab_model_parse_list (" , ", &error), nullptr);
  g_clear_error (&error);

  // An empty item between ids is a typo, named by its place.
  EXPECT_EQ (lab_model_parse_list ("sequential,,threads", &error), nullptr);
  ASSERT_NE (error, nullptr);
  EXPECT_TRUE (g_error_matches (error, LAB_ERROR, LAB_ERROR_PARSE));
  EXPECT_NE (strstr (error->message, "item 2"), nullptr) << error->message;
  g_clear_error (&error);
}

// Lesson 1: waits overlap on a loop, not one after another.
TEST_F (Models, IoWaitsOverlapOnTheLoop)
{
  Result seq = run (&lab_model_sequential, "io 300,100,200ms");
  Result loop = run (&lab_model_event_loop, "io 300,100,200ms");
  Result threads = run (&lab_model_threads, "io 300,100,200ms");

  printf ("[ measure  ] io 0.3+0.1+0.2 s: sequential %.3f s, event-loop %.3f s, threads %.3f s\n",
          seq.elapsed (), loop.elapsed (), threads.elapsed ());
  EXPECT_GE (seq.elapsed (), 0.6);
  EXPECT_LT (seq.elapsed (), 0.6 * 1.25);
  EXPECT_GE (loop.elapsed (), 0.3);
  EXPECT_LT (loop.elapsed (), 0.3 * 1.25);
  EXPECT_LT (threads.elapsed (), 0.3 * 1.25);
  for (Result *r : { &seq, &loop, &threads })
    {
      EXPECT_TRUE (r->ok);
      expect_all (r->trace, LAB_TASK_STATUS_DONE);
      EXPECT_GE (state_total (r->trace, LAB_STATE_WAITING_IO), 600 * LAB_NS_PER_MS);
    }
  // Sequentially the later tasks queue for their turn.
  EXPECT_GE (state_total (seq.trace, LAB_STATE_QUEUED, 2), 400 * LAB_NS_PER_MS - LAB_NS_PER_MS);
  EXPECT_EQ (lab_trace_get_n_workers (loop.trace), 1u);
  EXPECT_EQ (lab_trace_get_n_workers (threads.trace), 3u);
}

// Lessons 2 and 5.
TEST_F (Models, CpuTasksSpeedups)
{
  guint cores = lab_cpu_count ();
  std::string text = "cpu " + std::to_string (2 * cores) + "x80ms";

  Result seq = run (&lab_model_sequential, text.c_str ());
  Result loop = run (&lab_model_event_loop, text.c_str ());
  Result threads = run (&lab_model_threads, text.c_str (), cores);
  Result gil = run (&lab_model_threads_gil, text.c_str (), cores);
  Result offload = run (&lab_model_loop_offload, text.c_str (), cores);

  // The known results: a loop and a GIL give no speedup on CPU work.

  double s = seq.elapsed ();
  printf ("[ measure  ] %s on %u cores: sequential %.3f s; speedups event-loop %.2f, "
          "threads %.2f, threads-gil %.2f, loop-offload %.2f\n",
          text.c_str (), cores, s, s / loop.elapsed (), s / threads.elapsed (),
          s / gil.elapsed (), s / offload.elapsed ());

  for (Result *r : { &seq, &loop, &threads, &gil, &offload })
    {
      EXPECT_TRUE (r->ok);
      expect_all (r->trace, LAB_TASK_STATUS_DONE);
      // Each did the same work: about 2 × cores × 80 ms of CPU.
      double cpu = (double) lab_trace_get_cpu_ns (r->trace) / 1e9;
      EXPECT_GT (cpu, 2 * cores * 0.080 * 0.6) << lab_trace_get_model_id (r->trace);
      EXPECT_LT (cpu, 2 * cores * 0.080 * 1.8) << lab_trace_get_model_id (r->trace);
      EXPECT_GT (lab_trace_get_iterations_per_ms (r->trace), 0.0);
    }
  // Under the lock no faster than sequential. Other programs slowing the
  // sequential run can fake a small gain: measure the pair again then (a
  // lock that does not serialize would give about `cores` every time).
  double gil_speedup = s / gil.elapsed ();
  for (int attempt = 0; attempt < 2 && gil_speedup > 1.2; attempt++)
    {
      Result seq_again = run (&lab_model_sequential, text.c_str ());
      Result gil_again = run (&lab_model_threads_gil, text.c_str (), cores);
      gil_speedup = MIN (gil_speedup, seq_again.elapsed () / gil_again.elapsed ());
    }
  EXPECT_LE (gil_speedup, 1.2);
  // The loop is as slow as sequential; a burst of load on either side of
  // the pair skews one measurement, so measure the pair again then and
  // keep the ratio closest to 1 (a loop that ran tasks in parallel would
  // stay near `cores` every time).
  double loop_ratio = s / loop.elapsed ();
  for (int attempt = 0; attempt < 2 && (loop_ratio <= 0.75 || loop_ratio >= 1.3); attempt++)
    {
      Result seq_again = run (&lab_model_sequential, text.c_str ());
      Result loop_again = run (&lab_model_event_loop, text.c_str ());
      double again = seq_again.elapsed () / loop_again.elapsed ();
      if (fabs (again - 1.0) < fabs (loop_ratio - 1.0))
        loop_ratio = again;
    }
  EXPECT_GT (loop_ratio, 0.75);
  EXPECT_LT (loop_ratio, 1.3);
  EXPECT_GT (state_total (gil.trace, LAB_STATE_WAITING_LOCK), 0);
  EXPECT_EQ (lab_trace_get_switch_interval_ns (gil.trace), 5 * LAB_NS_PER_MS);
}

// Real parallelism. Other programs may hold a core for a while (the tests
// run beside compilers): the best of three attempts counts, and when even
// bare threads cannot reach the bound the machine is too busy to tell.
TEST_F (Models, ThreadsUseEveryCore)
{
  guint cores = lab_cpu_count ();
  std::string text = "cpu " + std::to_string (2 * cores) + "x80ms";
  double best_threads = 0, best_offload = 0;

  if (cores < 2)
    GTEST_SKIP () << "one core: no parallel speedup to check";
  for (int attempt = 0; attempt < 3; attempt++)
    {
      Result seq = run (&lab_model_sequential, text.c_str ());
      Result threads = run (&lab_model_threads, text.c_str (), cores);
      Result offload = run (&lab_model_loop_offload, text.c_str (), cores);

      best_threads = MAX (best_threads, seq.elapsed () / threads.elapsed ());
      best_offload = MAX (best_offload, seq.elapsed () / offload.elapsed ());
      if (best_threads >= 0.8 * cores && best_offload >= 0.7 * cores)
        break;
    }
  printf ("[ measure  ] %s: best speedup threads %.2f, loop-offload %.2f\n",
          text.c_str (), best_threads, best_offload);
  if (best_threads < 0.8 * cores || best_offload < 0.7 * cores)
    {
      double control = control_speedup (cores);
      if (control < 0.8 * cores)
        GTEST_SKIP () << "the machine is busy: bare threads reach only " << control;
    }
  EXPECT_GE (best_threads, 0.8 * cores);
  EXPECT_GE (best_offload, 0.7 * cores);
}

// Lesson 3: a computation blocks the loop and makes waiting tasks late.
TEST_F (Models, BlockedLoopMakesWaitsLate)
{
  const char *text = "io 3x40ms + cpu 1x200ms";
  Result loop = run (&lab_model_event_loop, text);
  Result offload = run (&lab_model_loop_offload, text, 2);

  for (Result *r : { &loop, &offload })
    {
      EXPECT_TRUE (r->ok);
      expect_all (r->trace, LAB_TASK_STATUS_DONE);
    }

  // On the loop: the CPU task (3) runs from about 0 to 200 ms; the waits end
  // at about 40 ms and their tasks are ready until the computation is over.
  gint64 cpu_end = 0;
  for (const LabSegment &s : segments_of (loop.trace))
    if (s.task == 3 && s.state == LAB_STATE_RUNNING)
      cpu_end = MAX (cpu_end, s.end_ns);
  gint64 begin = lab_trace_get_begin_ns (loop.trace);
  ASSERT_GT (cpu_end - begin, 150 * LAB_NS_PER_MS);
  for (guint task = 0; task < 3; task++)
    {
      gint64 ready = state_total (loop.trace, LAB_STATE_READY, task);
      gint64 ready_end = 0;
      for (const LabSegment &s : segments_of (loop.trace))
        if (s.task == task && s.state == LAB_STATE_READY)
          ready_end = MAX (ready_end, s.end_ns);
      EXPECT_GT (ready, (cpu_end - begin - 40 * LAB_NS_PER_MS) * 8 / 10) << "task " << task;
      EXPECT_GE (ready_end, cpu_end - LAB_NS_PER_MS) << "ready until the loop is free";
    }
  EXPECT_GT (elapsed_s (loop.trace), 0.15);

  // Offloaded: the waits end on time.
  for (guint task = 0; task < 3; task++)
    EXPECT_LT (state_total (offload.trace, LAB_STATE_READY, task), 15 * LAB_NS_PER_MS)
      << "task " << task;
  gint64 pool_running = 0;
  for (const LabSegment &s : segments_of (offload.trace))
    if (s.state == LAB_STATE_RUNNING)
      {
        EXPECT_GE (s.worker, 1) << "computed on a pool thread, not the loop";
        pool_running += s.end_ns - s.begin_ns;
      }
  EXPECT_GT (pool_running, 100 * LAB_NS_PER_MS);
  EXPECT_EQ (lab_trace_get_n_workers (offload.trace), 2u);  // the loop + one pool thread
}

TEST_F (Models, MixedTasksEverywhere)
{
  for (const LabModel *model : in_process)
    {
      Result r = run (model, "mixed 4x100ms", 2);
      EXPECT_TRUE (r.ok) << model->id;
      expect_all (r.trace, LAB_TASK_STATUS_DONE);
      EXPECT_GE (state_total (r.trace, LAB_STATE_WAITING_IO), 4 * 60 * LAB_NS_PER_MS - LAB_NS_PER_MS)
        << model->id;
      EXPECT_GT (state_total (r.trace, LAB_STATE_RUNNING), 4 * 40 * LAB_NS_PER_MS / 2) << model->id;
      for (const LabSegment &s : segments_of (r.trace))
        {
          EXPECT_GE (s.begin_ns, lab_trace_get_begin_ns (r.trace)) << model->id;
          EXPECT_LE (s.end_ns, lab_trace_get_end_ns (r.trace)) << model->id;
        }
    }
}

// Lesson 6: more CPU-bound threads than cores are preempted.
TEST_F (Models, OversubscriptionShowsReady)
{
  std::string text = "cpu " + std::to_string (4 * lab_cpu_count ()) + "x60ms";
  Result r = run (&lab_model_threads, text.c_str (), 0);

  EXPECT_TRUE (r.ok);
  expect_all (r.trace, LAB_TASK_STATUS_DONE);
  gint64 ready = state_total (r.trace, LAB_STATE_READY);
  printf ("[ measure  ] %s on one thread each: %.0f ms ready (preempted) in all\n",
          text.c_str (), ready / 1e6);
  EXPECT_GT (ready, 0);
}

TEST_F (Models, ThreadPerTaskIsCapped)
{
  std::string text = "io " + std::to_string (LAB_MAX_THREADS + 1) + "x1ms";
  Result r = run (&lab_model_threads, text.c_str (), 0);

  EXPECT_FALSE (r.ok);
  ASSERT_NE (r.error, nullptr);
  EXPECT_NE (strstr (r.error->message, "1024"), nullptr) << r.error->message;

  Result pooled = run (&lab_model_threads, text.c_str (), 4);
  EXPECT_TRUE (pooled.ok);
  expect_all (pooled.trace, LAB_TASK_STATUS_DONE);
  // Tasks wait in the queue for one of the four workers.
  EXPECT_GT (state_total (pooled.trace, LAB_STATE_QUEUED), 0);
}

// Every model stops promptly wherever it is cancelled, and leaves no thread.
TEST_F (Models, CancelAtARandomPoint)
{
  std::mt19937 random (std::random_device {} ());
  std::uniform_int_distribution<int> delay_ms (5, 150);

  for (const LabModel *model : in_process)
    {
      // A first run so that whatever GLib keeps (its thread pools) exists.
      Result warm = run (model, "mixed 2x10ms", 2);
      guint threads_before = count_threads ();

      for (int round = 0; round < 3; round++)
        {
          GCancellable *cancellable = g_cancellable_new ();
          std::atomic<gint64> cancelled_at { 0 };
          int delay = delay_ms (random);
          std::thread canceller ([&] {
            g_usleep (delay * 1000);
            cancelled_at = lab_clock_now_ns ();
            g_cancellable_cancel (cancellable);
          });
          Result r = run (model, "mixed 6x2s + cpu 2x2s + io 2x2s", 3, cancellable);
          gint64 returned_at = lab_clock_now_ns ();
          canceller.join ();

          EXPECT_TRUE (r.ok) << model->id;
          EXPECT_LT (returned_at - cancelled_at, 300 * LAB_NS_PER_MS)
            << model->id << " cancelled after " << delay << " ms";
          EXPECT_TRUE (lab_trace_is_finished (r.trace));
          guint n = lab_workload_get_n_tasks (lab_trace_get_workload (r.trace));
          for (guint i = 0; i < n; i++)
            EXPECT_EQ (lab_trace_task_get_status (r.trace, i), LAB_TASK_STATUS_CANCELLED)
              << model->id << " task " << i;
          EXPECT_EQ (count_threads (), threads_before) << model->id;
          g_object_unref (cancellable);
        }
    }
}

// A stopped run's tasks that no worker took were queued the whole time:
// each has one queued segment from the model's start to its end, and the
// tasks a worker did take keep their own segments.
TEST_F (Models, TasksNoWorkerTookStayQueuedUntilTheStop)
{
  for (const LabModel *model : { &lab_model_sequential, &lab_model_threads })
    {
      GCancellable *cancellable = g_cancellable_new ();
      std::thread canceller ([&] {
        g_usleep (200 * 1000);
        g_cancellable_cancel (cancellable);
      });
      Result r = run (model, "io 5x2s", 1, cancellable);
      canceller.join ();
      ASSERT_TRUE (r.ok) << model->id;

      gint64 begin = lab_trace_get_begin_ns (r.trace), end = lab_trace_get_end_ns (r.trace);
      GArray *segments = lab_trace_copy_segments (r.trace);
      std::vector<int> queued (5, 0), other (5, 0);
      for (guint i = 0; i < segments->len; i++)
        {
          const LabSegment *s = &g_array_index (segments, LabSegment, i);
          if (s->state == LAB_STATE_QUEUED && s->begin_ns == begin && s->end_ns == end)
            queued[s->task]++;
          else
            other[s->task]++;
        }
      EXPECT_GE (other[0], 1) << model->id << ": the first task ran";
      EXPECT_EQ (queued[0], 0) << model->id;
      for (guint t = 1; t < 5; t++)
        {
          EXPECT_EQ (queued[t], 1) << model->id << " task " << t;
          EXPECT_EQ (other[t], 0) << model->id << " task " << t;
        }
      g_array_unref (segments);
      g_object_unref (cancellable);
    }
}

// Measured, not asserted: the event loop at scale.
TEST_F (Models, MeasureEventLoopAtScale)
{
  for (const char *text : { "io 10000x1s", "io 100000x1s" })
    {
      gint64 t0 = lab_clock_now_ns ();
      Result r = run (&lab_model_event_loop, text);
      gint64 wall = lab_clock_now_ns () - t0;

      EXPECT_TRUE (r.ok);
      expect_all (r.trace, LAB_TASK_STATUS_DONE);
      printf ("[ measure  ] event-loop %s: wall %.3f s, trace %.3f s, %" G_GUINT64_FORMAT
              " segments, %.0f ms ready in all\n",
              text, wall / 1e9, r.elapsed (), lab_trace_get_n_segments (r.trace),
              state_total (r.trace, LAB_STATE_READY) / 1e6);
      EXPECT_GE (r.elapsed (), 1.0);
    }
}

}  // namespace
