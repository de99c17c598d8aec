// SPDX-License-Identifier: GPL-3.0-or-later
// The processes model: a pool of concurrency-lab-worker processes.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <thread>

#include <signal.h>
#include <unistd.h>

#include "exec-test-helpers.h"

extern "C" {
#include "lab-cpu-monitor.h"
#include "lab-cpu-work.h"
#include "lab-cpu.h"
#include "lab-error.h"
#include "lab-memory-sampler.h"
#include "lab-model.h"
#include "lab-runner.h"
#include "../plan-test-helpers.h"
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
  LabTaskStatus status (guint task) const { return lab_trace_task_get_status (trace, task); }
  std::string reason (guint task) const
  {
    const char *r = lab_trace_task_get_reason (trace, task);
    return r != nullptr ? r : "";
  }
};

Result
run (const LabModel   *model,
     const char       *workload_text,
     guint             n_workers,
     GCancellable     *cancellable = nullptr,
     const char       *worker_path = nullptr,
     LabMemorySampler *memory = nullptr)
{
  Result r;
  GError *error = nullptr;
  LabWorkload *workload = lab_workload_parse (workload_text, &error);

  EXPECT_NE (workload, nullptr) << workload_text;
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
  ctx.iterations_per_ms = lab_cpu_calibrate ();
  ctx.worker_path = worker_path != nullptr ? worker_path : lab_worker_find_path ();
  ctx.memory = memory;
  r.ok = model->run (&ctx, &r.error);
  lab_workload_unref (workload);
  return r;
}

Result
run_processes (const char *text, guint n_workers, GCancellable *cancellable = nullptr)
{
  return run (&lab_model_processes, text, n_workers, cancellable);
}

// Runs with the worker's test-only fault switch set.
Result
run_with_fault (const char *fault, const char *text, guint n_workers)
{
  g_setenv ("LAB_WORKER_FAULT", fault, TRUE);
  Result r = run_processes (text, n_workers);
  g_unsetenv ("LAB_WORKER_FAULT");
  return r;
}

// Open file descriptors; with @prefix, only those whose target starts so.
guint
count_fds (const char *prefix = "")
{
  guint n = 0;
  GDir *dir = g_dir_open ("/proc/self/fd", 0, nullptr);
  const char *name;
  if (dir == nullptr)
    return 0;
  while ((name = g_dir_read_name (dir)) != nullptr)
    {
      g_autofree char *path = g_strconcat ("/proc/self/fd/", name, nullptr);
      g_autofree char *target = g_file_read_link (path, nullptr);
      n += target != nullptr && g_str_has_prefix (target, prefix);
    }
  g_dir_close (dir);
  return n;
}

std::string
list_fds ()
{
  std::string out;
  GDir *dir = g_dir_open ("/proc/self/fd", 0, nullptr);
  const char *name;
  if (dir == nullptr)
    return out;
  while ((name = g_dir_read_name (dir)) != nullptr)
    {
      g_autofree char *path = g_strconcat ("/proc/self/fd/", name, nullptr);
      g_autofree char *target = g_file_read_link (path, nullptr);
      out += std::string (name) + "=" + (target != nullptr ? target : "?") + " ";
    }
  g_dir_close (dir);
  return out;
}

// The pids whose parent is this process, zombies included, from /proc/*/stat.
std::vector<pid_t>
child_pids ()
{
  std::vector<pid_t> pids;
  GDir *dir = g_dir_open ("/proc", 0, nullptr);
  const char *name;
  if (dir == nullptr)
    return pids;
  while ((name = g_dir_read_name (dir)) != nullptr)
    {
      if (!g_ascii_isdigit (name[0]))
        continue;
      std::ifstream stat (std::string ("/proc/") + name + "/stat");
      std::string line;
      if (!std::getline (stat, line))
        continue;
      // pid (comm) state ppid ...: comm may hold spaces, so parse after ')'.
      size_t paren = line.rfind (')');
      if (paren == std::string::npos)
        continue;
      char state = 0;
      int ppid = 0;
      if (sscanf (line.c_str () + paren + 1, " %c %d", &state, &ppid) == 2 && ppid == getpid ())
        pids.push_back (atoi (name));
    }
  g_dir_close (dir);
  return pids;
}

gint64
count_state (LabTrace *trace, LabState state, gint64 task = -1)
{
  gint64 n = 0;
  for (const LabSegment &s : segments_of (trace))
    if (s.state == state && (task < 0 || s.task == (guint32) task))
      n++;
  return n;
}

bool
has_marker (LabTrace *trace, const std::string &text)
{
  GPtrArray *markers = lab_trace_copy_markers (trace);
  bool found = false;
  for (guint i = 0; i < markers->len; i++)
    found |= text == static_cast<LabMarker *> (g_ptr_array_index (markers, i))->text;
  g_ptr_array_unref (markers);
  return found;
}

class Processes : public ::testing::Test
{
protected:
  static void SetUpTestSuite ()
  {
    lab_cpu_calibrate ();
    g_unsetenv ("LAB_WORKER_FAULT");
  }
};

TEST_F (Processes, RunsEveryTaskInWorkers)
{
  Result r = run_processes ("mixed 4x60ms", 2);

  ASSERT_TRUE (r.ok) << (r.error ? r.error->message : "");
  EXPECT_TRUE (lab_trace_is_finished (r.trace));
  EXPECT_EQ (lab_trace_get_n_workers (r.trace), 2u);
  for (guint task = 0; task < 4; task++)
    {
      EXPECT_EQ (r.status (task), LAB_TASK_STATUS_DONE) << task;
      // Handed over and reported back: two ipc segments around the work.
      EXPECT_EQ (count_state (r.trace, LAB_STATE_IPC, task), 2) << task;
      EXPECT_GE (state_total (r.trace, LAB_STATE_WAITING_IO, task), 36 * LAB_NS_PER_MS - 1000);
      EXPECT_GT (state_total (r.trace, LAB_STATE_RUNNING, task), 0);
    }
  // One start-up per worker that took a task, on the first task it took
  // (a worker slow to start on a loaded machine may take none).
  for (guint worker = 0; worker < 2; worker++)
    {
      gint64 first_begin = G_MAXINT64, spawns = 0;
      guint32 first_task = 0, spawn_task = G_MAXUINT32;
      for (const LabSegment &s : segments_of (r.trace))
        {
          if (s.worker != worker)
            continue;
          if (s.begin_ns < first_begin)
            {
              first_begin = s.begin_ns;
              first_task = s.task;
            }
          if (s.state == LAB_STATE_SPAWNING)
            {
              spawns++;
              spawn_task = s.task;
            }
        }
      if (first_begin == G_MAXINT64)
        continue;
      EXPECT_EQ (spawns, 1) << "worker " << worker;
      EXPECT_EQ (spawn_task, first_task) << "worker " << worker;
    }
  EXPECT_GE (count_state (r.trace, LAB_STATE_SPAWNING), 1);
  gint64 begin = lab_trace_get_begin_ns (r.trace), end = lab_trace_get_end_ns (r.trace);
  for (const LabSegment &s : segments_of (r.trace))
    {
      EXPECT_GE (s.begin_ns, begin);
      EXPECT_LE (s.end_ns, end);
      EXPECT_LE (s.begin_ns, s.end_ns);
      EXPECT_LT (s.worker, 2);
      if (s.state == LAB_STATE_RUNNING)
        EXPECT_GE (s.core, 0) << "the core as measured in the worker";
      else
        EXPECT_EQ (s.core, -1);
    }
  // The CPU time measured in the workers: 4 × 40 % of 60 ms.
  double cpu = (double) lab_trace_get_cpu_ns (r.trace) / 1e6;
  EXPECT_GT (cpu, 4 * 24 * 0.6);
  EXPECT_LT (cpu, 4 * 24 * 1.8);
  EXPECT_GT (lab_trace_get_iterations_per_ms (r.trace), 0.0);
}

// From the first segment in @state to the end of the last, in seconds; 0
// where there is none.
double
state_span_s (LabTrace *trace,
              LabState  state)
{
  g_autoptr(GArray) segments = lab_trace_copy_segments (trace);
  gint64 first = G_MAXINT64, last = 0;
  for (guint i = 0; i < segments->len; i++)
    {
      const LabSegment &s = g_array_index (segments, LabSegment, i);
      if (s.state != state)
        continue;
      first = MIN (first, s.begin_ns);
      last = MAX (last, s.end_ns);
    }
  return last > first ? (last - first) / 1e9 : 0.0;
}

// Lesson 1 in processes: the waits overlap too.
TEST_F (Processes, IoWaitsOverlap)
{
  Result r = run_processes ("io 300,100,200ms", 3);

  ASSERT_TRUE (r.ok);
  for (guint task = 0; task < 3; task++)
    EXPECT_EQ (r.status (task), LAB_TASK_STATUS_DONE);
  // The waits as measured overlap: from the first to the last they span
  // about the longest one. Start-up is the spawning segments' part, and a
  // slow start (a sanitizer build, a loaded machine) lengthens those, not
  // the waits.
  double waits = state_span_s (r.trace, LAB_STATE_WAITING_IO);
  ASSERT_GT (waits, 0.0);
  printf ("[ measure  ] io 0.3+0.1+0.2 s in 3 processes: %.3f s, the waits over %.3f s\n",
          r.elapsed (), waits);
  // One after another they would span 0.6 s. Workers that became ready
  // at different times stagger the waits' starts: by tens of milliseconds
  // here, by more where starting a process is slow (a sanitizer build on
  // a machine busy with other tests), so what is checked is that waits
  // were under way at the same time, at least two at once.
  std::vector<std::pair<gint64, int>> events;
  for (const LabSegment &s : segments_of (r.trace))
    if (s.state == LAB_STATE_WAITING_IO)
      {
        events.push_back ({ s.begin_ns, 1 });
        events.push_back ({ s.end_ns, -1 });
      }
  std::sort (events.begin (), events.end ());
  int at_once = 0, most = 0;
  for (const auto &e : events)
    {
      at_once += e.second;
      most = MAX (most, at_once);
    }
  EXPECT_GE (most, 2) << "no two waits at once";
  EXPECT_GE (waits, 0.3);
  EXPECT_LT (waits, 0.6 * 0.95);
  EXPECT_GE (r.elapsed (), 0.3);
}

// Lesson 4: real parallelism. The speedup is taken over the span in which
// the workers computed (first to last running segment, hand-overs inside
// it included); their start-up is the spawning segments' part, measured
// by MeasureStartUp and the benchmark, and on a machine where processes
// start slowly (a sanitizer build: 95 ms for four) it would swamp 160 ms
// of computation. As in Models.ThreadsUseEveryCore, the best of three
// attempts counts, and a busy machine (bare threads cannot reach the bound
// either) skips.
TEST_F (Processes, UseEveryCore)
{
  guint cores = lab_cpu_count ();
  std::string text = "cpu " + std::to_string (2 * cores) + "x80ms";
  double best = 0;

  if (cores < 2)
    GTEST_SKIP () << "one core: no parallel speedup to check";
  for (int attempt = 0; attempt < 3 && best < 0.8 * cores; attempt++)
    {
      Result seq = run (&lab_model_sequential, text.c_str (), 1);
      Result procs = run_processes (text.c_str (), cores);
      ASSERT_TRUE (procs.ok);
      for (guint task = 0; task < 2 * cores; task++)
        EXPECT_EQ (procs.status (task), LAB_TASK_STATUS_DONE);
      double cpu = (double) lab_trace_get_cpu_ns (procs.trace) / 1e9;
      EXPECT_GT (cpu, 2 * cores * 0.080 * 0.6);
      EXPECT_LT (cpu, 2 * cores * 0.080 * 1.8);
      double computing = state_span_s (procs.trace, LAB_STATE_RUNNING);
      ASSERT_GT (computing, 0.0);
      best = MAX (best, seq.elapsed () / computing);
      printf ("[ measure  ] %s: processes %.3f s with start-up, computing over %.3f s; "
              "sequential %.3f s\n", text.c_str (), procs.elapsed (), computing, seq.elapsed ());
    }
  printf ("[ measure  ] %s: best speedup processes %.2f on %u cores\n", text.c_str (), best,
          cores);
  if (best < 0.8 * cores)
    {
      double control = control_speedup (cores);
      if (control < 0.8 * cores)
        GTEST_SKIP () << "the machine is busy: bare threads reach only " << control;
    }
  EXPECT_GE (best, 0.8 * cores);
}

// Measured, not asserted tightly (the target, 4 workers ready in 10 ms, is
// the benchmark's): the time from the first spawn to the last "ready".
TEST_F (Processes, MeasureStartUp)
{
  std::vector<double> times;

  for (int round = 0; round < 11; round++)
    {
      // Tasks long enough that no worker takes a second one, unless a
      // worker is slower to start than a task lasts (a loaded machine):
      // then that round measures fewer workers and is left out.
      Result r = run_processes ("io 4x200ms", 4);
      ASSERT_TRUE (r.ok);
      gint64 first = G_MAXINT64, last = 0;
      for (const LabSegment &s : segments_of (r.trace))
        if (s.state == LAB_STATE_SPAWNING)
          {
            first = MIN (first, s.begin_ns);
            last = MAX (last, s.end_ns);
          }
      gint64 spawned = count_state (r.trace, LAB_STATE_SPAWNING);
      ASSERT_GE (spawned, 1);
      ASSERT_LE (spawned, 4);
      if (spawned == 4)
        times.push_back ((double) (last - first) / 1e6);
    }
  if (times.size () < 3)
    GTEST_SKIP () << "the machine is busy: workers kept missing their first task";
  std::sort (times.begin (), times.end ());
  printf ("[ measure  ] 4 workers spawned and ready: median %.2f ms, best %.2f ms, worst %.2f ms\n",
          times[times.size () / 2], times.front (), times.back ());
  EXPECT_LT (times[times.size () / 2], 1000.0);
}

// The context of a run of the processes model into @trace.
LabModelContext
pool_context (LabTrace *trace, guint n_workers, LabMemorySampler *memory = nullptr)
{
  LabModelContext ctx = {};
  ctx.workload = lab_trace_get_workload (trace);
  ctx.trace = trace;
  ctx.n_workers = n_workers;
  ctx.iterations_per_ms = lab_cpu_calibrate ();
  ctx.worker_path = lab_worker_find_path ();
  ctx.memory = memory;
  return ctx;
}

// A worker killed mid-task fails that task with a reason; the others
// finish. @pick chooses among this process's children, in pid order: the
// first is the worker started as a program, the last one of its copies.
void
kill_a_worker_mid_task (const char *what,
                        std::function<pid_t (const std::vector<pid_t> &)> pick)
{
  SCOPED_TRACE (what);
  LabWorkload *workload = lab_workload_parse ("cpu 6x200ms", nullptr);
  LabTrace *trace = lab_trace_new ("processes", workload, lab_cpu_count ());
  LabModelContext ctx = pool_context (trace, 2);
  std::atomic<pid_t> killed { 0 };

  std::thread killer ([&] {
    // Once work is under way (a running segment arrived), kill one worker.
    gint64 until = lab_clock_now_ns () + 10 * LAB_NS_PER_S;
    while (lab_clock_now_ns () < until && state_total (trace, LAB_STATE_RUNNING) == 0)
      g_usleep (2000);
    std::vector<pid_t> children = child_pids ();
    std::sort (children.begin (), children.end ());
    if (children.size () == 2)
      {
        killed = pick (children);
        kill (killed, SIGKILL);
      }
  });
  GError *error = nullptr;
  gboolean ok = lab_model_processes.run (&ctx, &error);
  killer.join ();

  ASSERT_TRUE (ok) << (error ? error->message : "");
  ASSERT_NE (killed.load (), 0) << "found both workers, each a child of this process";
  guint failed = 0;
  for (guint task = 0; task < 6; task++)
    {
      LabTaskStatus status = lab_trace_task_get_status (trace, task);
      if (status == LAB_TASK_STATUS_FAILED)
        {
          failed++;
          std::string reason = lab_trace_task_get_reason (trace, task);
          EXPECT_NE (reason.find ("exited with signal 9"), std::string::npos) << reason;
          EXPECT_NE (reason.find ("during task " + std::to_string (task)), std::string::npos)
            << reason;
          EXPECT_TRUE (has_marker (trace, reason)) << "a marker on the trace";
        }
      else
        EXPECT_EQ (status, LAB_TASK_STATUS_DONE) << task;
    }
  EXPECT_EQ (failed, 1u);
  EXPECT_TRUE (lab_trace_is_finished (trace));
  EXPECT_TRUE (child_pids ().empty ()) << "every worker reaped";
  lab_trace_unref (trace);
  lab_workload_unref (workload);
}

TEST_F (Processes, KilledWorkerFailsItsTask)
{
  kill_a_worker_mid_task ("the started worker",
                          [] (const std::vector<pid_t> &pids) { return pids.front (); });
  kill_a_worker_mid_task ("its copy", [] (const std::vector<pid_t> &pids) { return pids.back (); });
}

// The first worker of each group of four is started as a program and
// starts the others as copies of itself; every one of them is a child of
// this process, each its own process with its own pid, and all are reaped.
TEST_F (Processes, EveryWorkerIsAChildOfThisProcess)
{
  // Waits long enough that every worker, slow to start as it may be, has
  // a task of its own before the first one is done.
  LabWorkload *workload = lab_workload_parse ("io 6x1s", nullptr);
  LabTrace *trace = lab_trace_new ("processes", workload, lab_cpu_count ());
  LabModelContext ctx = {};
  ctx.workload = workload;
  ctx.trace = trace;
  ctx.n_workers = 6;  // a group of four and a group of two
  ctx.iterations_per_ms = lab_cpu_calibrate ();
  ctx.worker_path = lab_worker_find_path ();
  std::atomic<size_t> most { 0 };
  std::atomic<bool> running { true };

  std::thread watcher ([&] {
    while (running)
      {
        size_t n = child_pids ().size ();  // once: MAX() would call it twice
        most = MAX (most.load (), n);
        g_usleep (5000);
      }
  });
  GError *error = nullptr;
  gboolean ok = lab_model_processes.run (&ctx, &error);
  running = false;
  watcher.join ();

  ASSERT_TRUE (ok) << (error ? error->message : "");
  EXPECT_EQ (most.load (), 6u) << "six workers, all children of this process";
  EXPECT_EQ (count_state (trace, LAB_STATE_SPAWNING), 6);
  for (guint task = 0; task < 6; task++)
    EXPECT_EQ (lab_trace_task_get_status (trace, task), LAB_TASK_STATUS_DONE) << task;
  EXPECT_TRUE (child_pids ().empty ()) << "every worker reaped";
  lab_trace_unref (trace);
  lab_workload_unref (workload);
}

// Copies that could not be started: their slots say so, the started
// worker takes every task, nothing is left behind.
TEST_F (Processes, CopiesThatDoNotStartLeaveTheWorkToTheOthers)
{
  guint pipes_before = count_fds ("pipe:");
  Result r = run_with_fault ("nocopy", "cpu 4x20ms", 4);

  ASSERT_TRUE (r.ok) << (r.error ? r.error->message : "");
  for (guint task = 0; task < 4; task++)
    EXPECT_EQ (r.status (task), LAB_TASK_STATUS_DONE) << task;
  for (guint copy = 1; copy < 4; copy++)
    {
      std::string said = "worker " + std::to_string (copy)
                         + ", copied from worker 0, ended before it was ready";
      EXPECT_TRUE (has_marker (r.trace, said)) << said;
    }
  EXPECT_EQ (count_state (r.trace, LAB_STATE_SPAWNING), 1) << "one worker took every task";
  EXPECT_TRUE (child_pids ().empty ());
  EXPECT_EQ (count_fds ("pipe:"), pipes_before);
}

TEST_F (Processes, GarbageFailsTheTask)
{
  Result r = run_with_fault ("garbage:3", "cpu 6x20ms", 2);

  ASSERT_TRUE (r.ok);
  for (guint task = 0; task < 6; task++)
    EXPECT_EQ (r.status (task), task == 3 ? LAB_TASK_STATUS_FAILED : LAB_TASK_STATUS_DONE) << task;
  std::string reason = r.reason (3);
  EXPECT_NE (reason.find ("sent a malformed message"), std::string::npos) << reason;
  EXPECT_NE (reason.find ("during task 3"), std::string::npos) << reason;
  EXPECT_TRUE (has_marker (r.trace, reason));
  EXPECT_TRUE (child_pids ().empty ());
}

TEST_F (Processes, ExitingWorkerFailsTheTask)
{
  Result r = run_with_fault ("exit:1", "mixed 4x40ms", 2);

  ASSERT_TRUE (r.ok);
  for (guint task = 0; task < 4; task++)
    EXPECT_EQ (r.status (task), task == 1 ? LAB_TASK_STATUS_FAILED : LAB_TASK_STATUS_DONE) << task;
  EXPECT_NE (r.reason (1).find ("exited with status 3 during task 1"), std::string::npos)
    << r.reason (1);
}

// A silent worker is stopped at the deadline (5 s); the run finishes.
TEST_F (Processes, HungWorkerIsStopped)
{
  Result r = run_with_fault ("hang:0", "io 3x10ms", 2);

  ASSERT_TRUE (r.ok);
  EXPECT_EQ (r.status (0), LAB_TASK_STATUS_FAILED);
  EXPECT_NE (r.reason (0).find ("sent nothing for 5 s"), std::string::npos) << r.reason (0);
  EXPECT_EQ (r.status (1), LAB_TASK_STATUS_DONE);
  EXPECT_EQ (r.status (2), LAB_TASK_STATUS_DONE);
  EXPECT_GE (r.elapsed (), 5.0);
  EXPECT_LT (r.elapsed (), 10.0);
  EXPECT_TRUE (child_pids ().empty ());
}

// When every worker has failed, the tasks left fail too, and the run ends.
TEST_F (Processes, NoWorkerLeft)
{
  Result r = run_with_fault ("exit", "cpu 5x10ms", 2);

  ASSERT_TRUE (r.ok);
  EXPECT_TRUE (lab_trace_is_finished (r.trace));
  guint exited = 0, left = 0;
  for (guint task = 0; task < 5; task++)
    {
      EXPECT_EQ (r.status (task), LAB_TASK_STATUS_FAILED);
      exited += r.reason (task).find ("exited with status 3") != std::string::npos;
      left += r.reason (task).find ("no worker process was left") != std::string::npos;
    }
  EXPECT_EQ (exited, 2u);
  EXPECT_EQ (left, 3u);
}

TEST_F (Processes, MissingOrWrongProgramIsAnError)
{
  Result missing = run (&lab_model_processes, "cpu 2x10ms", 2, nullptr,
                        "/nonexistent/concurrency-lab-worker");
  EXPECT_FALSE (missing.ok);
  ASSERT_NE (missing.error, nullptr);
  EXPECT_TRUE (g_error_matches (missing.error, LAB_ERROR, LAB_ERROR_WORKER));
  EXPECT_NE (strstr (missing.error->message, "/nonexistent/concurrency-lab-worker"), nullptr);

  // A relative path would start whatever the current folder holds: refused, saying why.
  Result relative = run (&lab_model_processes, "cpu 2x10ms", 2, nullptr, "concurrency-lab-worker");
  EXPECT_FALSE (relative.ok);
  ASSERT_NE (relative.error, nullptr);
  EXPECT_TRUE (g_error_matches (relative.error, LAB_ERROR, LAB_ERROR_WORKER));
  EXPECT_NE (strstr (relative.error->message, "not an absolute path"), nullptr)
    << relative.error->message;

  // A program that runs but does not speak the protocol.
  if (g_file_test ("/bin/false", G_FILE_TEST_IS_EXECUTABLE))
    {
      Result wrong = run (&lab_model_processes, "cpu 2x10ms", 2, nullptr, "/bin/false");
      EXPECT_FALSE (wrong.ok);
      ASSERT_NE (wrong.error, nullptr);
      EXPECT_NE (strstr (wrong.error->message, "before it was ready"), nullptr)
        << wrong.error->message;
      EXPECT_TRUE (lab_trace_is_finished (wrong.trace));
    }
  EXPECT_TRUE (child_pids ().empty ());
}

TEST_F (Processes, PoolIsCapped)
{
  std::string text = "io " + std::to_string (LAB_MAX_PROCESSES + 1) + "x1ms";
  Result per_task = run_processes (text.c_str (), 0);
  EXPECT_FALSE (per_task.ok);
  ASSERT_NE (per_task.error, nullptr);
  EXPECT_NE (strstr (per_task.error->message, "256"), nullptr) << per_task.error->message;

  Result too_many = run_processes ("io 2x1ms", LAB_MAX_PROCESSES + 1);
  EXPECT_FALSE (too_many.ok);

  // More workers than tasks: only as many as there are tasks start.
  Result small = run_processes ("io 2x1ms", 8);
  ASSERT_TRUE (small.ok);
  EXPECT_EQ (lab_trace_get_n_workers (small.trace), 2u);
}

// Cancelled anywhere: returns promptly, every worker killed and reaped,
// every pipe closed, every thread joined.
TEST_F (Processes, CancelAtARandomPoint)
{
  std::mt19937 random (std::random_device {} ());
  std::uniform_int_distribution<int> delay_ms (0, 150);
  Result warm = run_processes ("mixed 2x10ms", 2);  // GLib's own helper threads exist now
  guint threads_before = count_threads ();
  guint fds_before = count_fds ();
  guint pipes_before = count_fds ("pipe:");
  gint64 worst = 0;

  ASSERT_TRUE (child_pids ().empty ());
  for (int round = 0; round < 6; round++)
    {
      GCancellable *cancellable = g_cancellable_new ();
      std::atomic<gint64> cancelled_at { 0 };
      int delay = delay_ms (random);
      std::thread canceller ([&] {
        g_usleep (delay * 1000);
        cancelled_at = lab_clock_now_ns ();
        g_cancellable_cancel (cancellable);
      });
      Result r = run_processes ("mixed 6x2s + cpu 2x2s + io 2x2s", 3, cancellable);
      gint64 returned_at = lab_clock_now_ns ();
      canceller.join ();

      EXPECT_TRUE (r.ok) << (r.error ? r.error->message : "");
      worst = MAX (worst, returned_at - cancelled_at);
      // Promptly: long before the 2 s tasks could end, and where killing
      // and reaping is fast, in tens of milliseconds (the worst is printed).
      EXPECT_LT (returned_at - cancelled_at, 1000 * LAB_NS_PER_MS) << "cancelled after " << delay;
      EXPECT_TRUE (lab_trace_is_finished (r.trace));
      for (guint i = 0; i < 10; i++)
        EXPECT_EQ (r.status (i), LAB_TASK_STATUS_CANCELLED) << "task " << i;
      // The pool reaps its own workers (lab-child.c): when run() returns,
      // none is left, not even a zombie, in every build.
      EXPECT_TRUE (child_pids ().empty ()) << "no child process, not even a zombie";
      EXPECT_EQ (count_threads (), threads_before);
      EXPECT_EQ (count_fds ("pipe:"), pipes_before) << "every pipe closed on return";
      // Nothing of GLib's holds a descriptor for a worker either (no child
      // watch): the count is back at once.
      EXPECT_EQ (count_fds (), fds_before) << "round " << round << ", delay " << delay << ": "
                                           << list_fds ();
      g_object_unref (cancellable);
    }
  printf ("[ measure  ] processes: cancel returned within %.1f ms at worst\n", worst / 1e6);
}

std::vector<LabMemorySample>
memory_of (LabTrace *trace)
{
  GArray *a = lab_trace_copy_memory (trace);
  std::vector<LabMemorySample> v;
  for (guint i = 0; i < a->len; i++)
    v.push_back (g_array_index (a, LabMemorySample, i));
  g_array_unref (a);
  return v;
}

// @n_tasks waits that @n_workers workers and this program are sampled during,
// twice at least: the sampler stretches its interval to BUDGET times what
// a sample costs, and a sample costs most in a sanitizer build, whose
// shadow memory makes each process's memory slow to read (once there, a
// second's waits saw no sample with the workers in it). What one sample
// of this program costs is measured, and a worker costs about as much.
std::string
waits_the_sampler_sees (guint n_tasks,
                        guint n_workers)
{
  LabWorkload *w = lab_workload_parse ("io 1x1ms", nullptr);
  LabTrace *t = lab_trace_new ("processes", w, lab_cpu_count ());
  LabMemorySampler *s = lab_memory_sampler_start_full (t, nullptr, TRUE, 2 * LAB_NS_PER_MS);
  gint64 one = lab_memory_sampler_get_cpu_ns (s);
  lab_memory_sampler_stop (s);
  lab_trace_unref (t);
  lab_workload_unref (w);

  gint64 interval = MAX (LAB_MEMORY_SAMPLER_INTERVAL_NS,
                         one * (1 + n_workers) * LAB_MEMORY_SAMPLER_BUDGET);
  gint64 ms = MAX (1000, 2 * interval / LAB_NS_PER_MS);
  printf ("[ measure  ] a memory sample of this program: %.2f ms; waits of %" G_GINT64_FORMAT
          " ms\n", one / 1e6, ms);
  return "io " + std::to_string (n_tasks) + "x" + std::to_string (ms) + "ms";
}

// Each worker is measured from its "ready" until it is told to exit, and
// let go before that, so that a worker ending normally is never a gap.
TEST_F (Processes, WorkersAreMeasuredWhileTheyServe)
{
  std::string waits = waits_the_sampler_sees (4, 4);
  LabWorkload *workload = lab_workload_parse (waits.c_str (), nullptr);
  LabTrace *trace = lab_trace_new ("processes", workload, lab_cpu_count ());
  LabMemorySampler *memory = lab_memory_sampler_start_full (trace, nullptr, TRUE, 2 * LAB_NS_PER_MS);
  lab_workload_unref (workload);

  Result r = run (&lab_model_processes, waits.c_str (), 4, nullptr, nullptr, memory);
  lab_memory_sampler_stop (memory);
  ASSERT_TRUE (r.ok) << (r.error ? r.error->message : "");

  guint most = 0;
  for (const LabMemorySample &m : memory_of (trace))
    {
      EXPECT_NE (m.rss_bytes, LAB_MEMORY_NOT_MEASURED) << "a gap at " << m.t_ns;
      most = MAX (most, m.n_workers);
      if (m.n_workers > 0)
        {
          EXPECT_GT (m.workers_rss_bytes, 0);
          EXPECT_LT (m.workers_rss_bytes, m.rss_bytes);
        }
    }
  EXPECT_EQ (most, 4u);
  lab_trace_unref (trace);
}

// A worker killed while it is measured: its task fails, the samples go on
// (at most a gap while it was gone and not yet reaped), never a failure.
TEST_F (Processes, AKilledWorkerDoesNotStopTheMemorySamples)
{
  std::string waits = waits_the_sampler_sees (6, 2);
  LabWorkload *workload = lab_workload_parse (waits.c_str (), nullptr);
  LabTrace *trace = lab_trace_new ("processes", workload, lab_cpu_count ());
  LabMemorySampler *memory = lab_memory_sampler_start_full (trace, nullptr, TRUE, 2 * LAB_NS_PER_MS);
  LabModelContext ctx = pool_context (trace, 2, memory);
  std::atomic<pid_t> killed { 0 };

  std::thread killer ([&] {
    gint64 until = lab_clock_now_ns () + 10 * LAB_NS_PER_S;
    while (lab_clock_now_ns () < until && (memory_of (trace).empty ()
                                           || memory_of (trace).back ().n_workers < 2))
      g_usleep (2000);
    std::vector<pid_t> children = child_pids ();
    if (children.size () == 2)
      {
        killed = children.front ();
        kill (killed, SIGKILL);
      }
  });
  GError *error = nullptr;
  gboolean ok = lab_model_processes.run (&ctx, &error);
  killer.join ();
  lab_memory_sampler_stop (memory);

  ASSERT_TRUE (ok) << (error ? error->message : "");
  ASSERT_NE (killed.load (), 0);
  auto samples = memory_of (trace);
  size_t two = samples.size (), one_after = 0;
  for (size_t i = 0; i < samples.size (); i++)
    {
      if (samples[i].n_workers == 2 && two == samples.size ())
        two = i;
      if (two < i && samples[i].n_workers == 1)
        one_after++;
    }
  ASSERT_LT (two, samples.size ());
  EXPECT_GT (one_after, 0u) << "the other worker measured on after the kill";
  EXPECT_NE (samples.back ().rss_bytes, LAB_MEMORY_NOT_MEASURED);
  lab_trace_unref (trace);
  lab_workload_unref (workload);
}

// The runner hands its memory sampler to the pool: the workers are
// measured with the program.
TEST_F (Processes, TheRunnerMeasuresTheWorkers)
{
  std::string waits = waits_the_sampler_sees (2, 2);
  LabRunPlan *plan = test_plan_new (waits.c_str (), "processes", 2);
  LabRunner *runner = lab_runner_new_for_plan (plan);
  GError *error = nullptr;

  LabComparison *comparison = lab_runner_run_sync (runner, nullptr, &error);
  ASSERT_NE (comparison, nullptr) << (error ? error->message : "");
  LabTrace *trace = lab_comparison_dup_trace (comparison, 0);
  guint most = 0;
  for (const auto &s : memory_of (trace))
    most = MAX (most, s.n_workers);
  EXPECT_EQ (most, 2u);
  lab_trace_unref (trace);
  lab_comparison_unref (comparison);
  g_object_unref (runner);
  lab_run_plan_unref (plan);
}

// process-per-task: a fresh worker for every task, as a program starting a
// multiprocessing.Process per task: every task pays a start, at most N
// run at a time, the others wait their turn.
TEST_F (Processes, PerTaskStartsAWorkerForEveryTask)
{
  Result r = run (&lab_model_process_per_task, "cpu 6x20ms", 2);

  ASSERT_TRUE (r.ok) << (r.error ? r.error->message : "");
  for (guint task = 0; task < 6; task++)
    {
      EXPECT_EQ (r.status (task), LAB_TASK_STATUS_DONE) << task;
      EXPECT_EQ (count_state (r.trace, LAB_STATE_SPAWNING, task), 1) << "a start per task";
      EXPECT_EQ (count_state (r.trace, LAB_STATE_IPC, task), 2) << task;
      EXPECT_GT (state_total (r.trace, LAB_STATE_RUNNING, task), 0);
    }
  // At most two at a time: every moment is inside at most two tasks' spans
  // from their start-up to their end.
  std::vector<std::pair<gint64, int>> events;
  for (guint task = 0; task < 6; task++)
    {
      gint64 first = G_MAXINT64, last = 0;
      for (const LabSegment &s : segments_of (r.trace))
        if (s.task == task && s.state != LAB_STATE_QUEUED)
          {
            first = MIN (first, s.begin_ns);
            last = MAX (last, s.end_ns);
          }
      events.push_back ({ first, 1 });
      events.push_back ({ last, -1 });
    }
  std::sort (events.begin (), events.end ());
  int at_once = 0, most = 0;
  for (const auto &e : events)
    {
      at_once += e.second;
      most = MAX (most, at_once);
    }
  EXPECT_LE (most, 2);
  EXPECT_GT (count_state (r.trace, LAB_STATE_QUEUED), 0) << "the rest waited their turn";
  EXPECT_TRUE (child_pids ().empty ()) << "every worker reaped";
}

TEST_F (Processes, PerTaskCancelLeavesNoChild)
{
  for (int delay : { 0, 15, 60 })
    {
      GCancellable *cancellable = g_cancellable_new ();
      std::thread canceller ([&] {
        g_usleep (delay * 1000);
        g_cancellable_cancel (cancellable);
      });
      Result r = run (&lab_model_process_per_task, "cpu 40x10ms", 2, cancellable);
      canceller.join ();

      EXPECT_TRUE (r.ok) << (r.error ? r.error->message : "");
      EXPECT_TRUE (lab_trace_is_finished (r.trace));
      EXPECT_TRUE (child_pids ().empty ()) << "no child process after " << delay << " ms";
      g_object_unref (cancellable);
    }
}

// Through the runner, beside an in-process model, with the worker found
// by LAB_WORKER_PATH as in the build tree.
TEST_F (Processes, ThroughTheRunner)
{
  LabRunPlan *plan = test_plan_new ("mixed 4x40ms", "sequential,processes", 2);
  LabRunner *runner = lab_runner_new_for_plan (plan);
  GError *error = nullptr;

  LabComparison *comparison = lab_runner_run_sync (runner, nullptr, &error);
  ASSERT_NE (comparison, nullptr) << (error ? error->message : "");
  LabTrace *trace = lab_comparison_dup_trace (comparison, 1);
  EXPECT_STREQ (lab_trace_get_model_id (trace), "processes");
  EXPECT_EQ (lab_trace_get_error (trace), nullptr);
  for (guint task = 0; task < 4; task++)
    EXPECT_EQ (lab_trace_task_get_status (trace, task), LAB_TASK_STATUS_DONE);
  EXPECT_EQ (count_state (trace, LAB_STATE_SPAWNING), 2);
  // The runner measured each model's memory from a baseline.
  for (guint m = 0; m < 2; m++)
    {
      LabTrace *t = lab_comparison_dup_trace (comparison, m);
      auto samples = memory_of (t);
      ASSERT_FALSE (samples.empty ());
      EXPECT_LE (samples.front ().t_ns, lab_trace_get_begin_ns (t)) << "a baseline";
      for (const auto &s : samples)
        EXPECT_LE (s.n_workers, m == 0 ? 0u : 2u);
      lab_trace_unref (t);
    }
  lab_trace_unref (trace);
  lab_comparison_unref (comparison);
  g_object_unref (runner);
  lab_run_plan_unref (plan);
}

}  // namespace
