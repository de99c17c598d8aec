// SPDX-License-Identifier: GPL-3.0-or-later
// Tracing real programs: what each thread did, how the program ended, and
// that nothing it started is left behind.
#include <gtest/gtest.h>

#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

extern "C" {
#include <glib/gstdio.h>

#include "lab-clock.h"
#include "lab-memory-figures.h"
#include "lab-observed.h"
#include "lab-trace-json.h"
#include "lab-tracer.h"
}

namespace {

constexpr gint64 MS = 1000000;

struct Done
{
  GMainLoop     *loop;
  LabComparison *comparison;
};

void
on_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Done *done = static_cast<Done *> (data);

  done->comparison = lab_tracer_wait_finish (LAB_TRACER (source), result, nullptr);
  g_main_loop_quit (done->loop);
}

// Runs @argv to its end under a tracer; returns the comparison.
LabComparison *
trace (LabTracer *tracer, GError **error = nullptr)
{
  Done done = { g_main_loop_new (nullptr, FALSE), nullptr };

  if (!lab_tracer_start (tracer, error))
    {
      g_main_loop_unref (done.loop);
      return nullptr;
    }
  lab_tracer_wait_async (tracer, nullptr, on_done, &done);
  g_main_loop_run (done.loop);
  g_main_loop_unref (done.loop);
  return done.comparison;
}

LabTracer *
tracer_of (std::vector<const char *> argv)
{
  argv.push_back (nullptr);
  return lab_tracer_new (argv.data ());
}

LabTrace *
the_trace (LabComparison *c)
{
  return lab_comparison_dup_trace (c, 0);
}

struct Totals
{
  gint64 state[LAB_N_STATES] = { 0 };
  gint64 first = G_MAXINT64;
  gint64 last = 0;
};

Totals
totals_of (LabTrace *trace, gint32 only_task = -1)
{
  g_autoptr(GArray) segs = lab_trace_copy_segments (trace);
  Totals t;

  for (guint i = 0; i < segs->len; i++)
    {
      const LabSegment *s = &g_array_index (segs, LabSegment, i);

      if (only_task >= 0 && s->task != (guint32) only_task)
        continue;
      t.state[s->state] += s->end_ns - s->begin_ns;
      t.first = MIN (t.first, s->begin_ns);
      t.last = MAX (t.last, s->end_ns);
    }
  return t;
}

gint64
children_cpu_ns ()
{
  struct rusage ru;

  getrusage (RUSAGE_CHILDREN, &ru);
  return (gint64) (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000
         + (gint64) (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
}

// Gone, or a zombie waiting for a parent other than the tracer to reap it.
bool
is_running (gint32 pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = nullptr;

  if (!g_file_get_contents (path, &text, nullptr, nullptr))
    return false;
  const char *end = strrchr (text, ')');
  return end != nullptr && end[1] == ' ' && end[2] != 'Z' && end[2] != 'X';
}

TEST (Tracer, SleepIsAWaitOfOneThread)
{
  g_autoptr(LabTracer) tracer = tracer_of ({ "sleep", "0.4" });
  g_autoptr(LabComparison) c = trace (tracer);
  ASSERT_NE (c, nullptr);
  g_autoptr(LabTrace) t = the_trace (c);
  LabObserved *roster = lab_trace_get_observed (t);
  Totals totals = totals_of (t);
  LabObservedProcess p;

  EXPECT_EQ (lab_comparison_get_workload (c), nullptr);
  EXPECT_STREQ (lab_trace_get_model_id (t), LAB_TRACER_MODEL_ID);
  EXPECT_EQ (lab_tracer_get_exit_code (tracer), 0);
  ASSERT_EQ (lab_observed_get_n_processes (roster), 1u);
  ASSERT_EQ (lab_trace_get_n_tasks (t), 1u);
  ASSERT_TRUE (lab_observed_copy_process (roster, 0, &p));
  EXPECT_STREQ (p.name, "sleep");
  EXPECT_STREQ (p.command, "sleep 0.4");
  EXPECT_EQ (p.exit_status, 0);
  lab_observed_process_clear (&p);
  g_autofree char *title = lab_observed_dup_title (roster);
  EXPECT_STREQ (title, "sleep 0.4");

  // About 0.4 s in all, nearly all of it asleep in nanosleep.
  gint64 elapsed = lab_trace_get_end_ns (t) - lab_trace_get_begin_ns (t);
  EXPECT_GE (elapsed, 390 * MS);
  EXPECT_LT (elapsed, 3000 * MS);
  EXPECT_GT (totals.state[LAB_STATE_WAITING_IO], 350 * MS);
  EXPECT_LT (totals.state[LAB_STATE_RUNNING], 100 * MS);
  EXPECT_EQ (totals.state[LAB_STATE_WAITING_LOCK], 0);
  EXPECT_EQ (lab_trace_task_get_status (t, 0), LAB_TASK_STATUS_DONE);
}

// A computing shell loop: running, on a real core, and the lanes' running
// time is the CPU time the kernel reports for the child.
TEST (Tracer, ComputingIsRunningAsTheKernelCountsIt)
{
  g_autoptr(LabTracer) tracer =
    tracer_of ({ "sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done" });
  gint64 before = children_cpu_ns ();
  g_autoptr(LabComparison) c = trace (tracer);
  ASSERT_NE (c, nullptr);
  gint64 kernel = children_cpu_ns () - before;
  g_autoptr(LabTrace) t = the_trace (c);
  Totals totals = totals_of (t);
  g_autoptr(GArray) segs = lab_trace_copy_segments (t);

  ASSERT_GT (kernel, 100 * MS) << "the loop was too short to measure";
  EXPECT_NEAR ((double) totals.state[LAB_STATE_RUNNING], (double) kernel,
               0.05 * (double) kernel + 10.0 * MS);
  for (guint i = 0; i < segs->len; i++)
    {
      const LabSegment *s = &g_array_index (segs, LabSegment, i);

      if (s->state == LAB_STATE_RUNNING)
        {
          EXPECT_GE (s->core, 0);
          EXPECT_LT (s->core, (gint) lab_comparison_get_n_cores (c));
        }
    }
}

TEST (Tracer, ExitStatusIsTheProgramsOwn)
{
  g_autoptr(LabTracer) three = tracer_of ({ "sh", "-c", "exit 3" });
  g_autoptr(LabComparison) c3 = trace (three);
  EXPECT_EQ (lab_tracer_get_exit_code (three), 3);

  g_autoptr(LabTracer) killed = tracer_of ({ "sh", "-c", "kill -KILL $$" });
  g_autoptr(LabComparison) ck = trace (killed);
  EXPECT_EQ (lab_tracer_get_exit_code (killed), 128 + SIGKILL);
}

TEST (Tracer, MissingOrNotExecutableIsRefusedAsAShellWould)
{
  g_autoptr(GError) error = nullptr;
  g_autoptr(LabTracer) missing = tracer_of ({ "no-such-command-for-the-lab" });

  EXPECT_EQ (trace (missing, &error), nullptr);
  ASSERT_NE (error, nullptr);
  EXPECT_TRUE (g_error_matches (error, LAB_TRACER_ERROR, LAB_TRACER_ERROR_NOT_FOUND));
  EXPECT_NE (std::string (error->message).find ("no-such-command-for-the-lab"), std::string::npos);
  g_clear_error (&error);

  g_autofree char *dir = g_dir_make_tmp ("lab-tracer-XXXXXX", nullptr);
  g_autofree char *file = g_build_filename (dir, "not-a-program", nullptr);
  ASSERT_TRUE (g_file_set_contents (file, "data\n", -1, nullptr));
  chmod (file, 0644);
  g_autoptr(LabTracer) plain = tracer_of ({ file });
  EXPECT_EQ (trace (plain, &error), nullptr);
  ASSERT_NE (error, nullptr);
  EXPECT_TRUE (g_error_matches (error, LAB_TRACER_ERROR, LAB_TRACER_ERROR_NOT_EXECUTABLE))
    << error->message;
  g_clear_error (&error);

  // Executable but not a program: the exec says so.
  chmod (file, 0755);
  g_autoptr(LabTracer) garbage = tracer_of ({ file });
  EXPECT_EQ (trace (garbage, &error), nullptr);
  ASSERT_NE (error, nullptr);
  EXPECT_TRUE (g_error_matches (error, LAB_TRACER_ERROR, LAB_TRACER_ERROR_NOT_EXECUTABLE))
    << error->message;
  g_clear_error (&error);

  g_autoptr(LabTracer) nowhere = tracer_of ({ "true" });
  lab_tracer_set_directory (nowhere, "/no/such/folder/for/the/lab");
  EXPECT_EQ (trace (nowhere, &error), nullptr);
  ASSERT_NE (error, nullptr);
  EXPECT_TRUE (g_error_matches (error, LAB_TRACER_ERROR, LAB_TRACER_ERROR_FAILED));
  g_remove (file);
  g_rmdir (dir);
}

TEST (Tracer, RunsInTheFolderAsked)
{
  g_autofree char *dir = g_dir_make_tmp ("lab-tracer-XXXXXX", nullptr);
  g_autoptr(LabTracer) tracer = tracer_of ({ "sh", "-c", "pwd > here.txt" });
  g_autofree char *file = g_build_filename (dir, "here.txt", nullptr);
  g_autofree char *text = nullptr;

  lab_tracer_set_directory (tracer, dir);
  g_autoptr(LabComparison) c = trace (tracer);
  ASSERT_TRUE (g_file_get_contents (file, &text, nullptr, nullptr));
  EXPECT_EQ (std::string (text), std::string (dir) + "\n");
  g_remove (file);
  g_rmdir (dir);
}

// A program that ignores SIGTERM, with a child that does too: Stop ends
// both with SIGKILL after the grace period, and neither is left.
TEST (Tracer, StopKillsWhatIgnoresTheSignal)
{
  g_autoptr(LabTracer) tracer = tracer_of ({ "sh", "-c", "trap '' TERM; sleep 30 & wait" });
  Done done = { g_main_loop_new (nullptr, FALSE), nullptr };
  gint64 stopped_at;

  lab_tracer_set_grace_ns (tracer, 300 * MS);
  ASSERT_TRUE (lab_tracer_start (tracer, nullptr));
  lab_tracer_wait_async (tracer, nullptr, on_done, &done);
  g_timeout_add (500, [] (gpointer data) -> gboolean {
    lab_tracer_stop (LAB_TRACER (data), SIGTERM);
    return G_SOURCE_REMOVE;
  }, tracer);
  g_main_loop_run (done.loop);
  stopped_at = lab_clock_now_ns ();
  g_main_loop_unref (done.loop);
  g_autoptr(LabComparison) c = done.comparison;
  g_autoptr(LabTrace) t = the_trace (c);
  LabObserved *roster = lab_trace_get_observed (t);

  EXPECT_TRUE (lab_tracer_was_stopped (tracer));
  EXPECT_EQ (lab_tracer_get_exit_code (tracer), 128 + SIGKILL);
  EXPECT_LT (stopped_at - lab_trace_get_begin_ns (t), 10000 * MS);
  ASSERT_EQ (lab_observed_get_n_processes (roster), 2u);
  for (guint i = 0; i < 2; i++)
    {
      LabObservedProcess p;

      ASSERT_TRUE (lab_observed_copy_process (roster, i, &p));
      EXPECT_FALSE (is_running (p.pid)) << p.name << " " << p.pid << " still runs";
      EXPECT_GT (p.end_ns, 0);
      lab_observed_process_clear (&p);
    }
}

// Every process of the tree is a group of lanes, the children under the
// shell that started them, and the tracing lasts until the last one ends.
TEST (Tracer, FollowsChildProcesses)
{
  g_autoptr(LabTracer) tracer =
    tracer_of ({ "sh", "-c", "sleep 0.3 & sleep 0.5 & wait; exec sleep 0.1" });
  g_autoptr(LabComparison) c = trace (tracer);
  ASSERT_NE (c, nullptr);
  g_autoptr(LabTrace) t = the_trace (c);
  LabObserved *roster = lab_trace_get_observed (t);
  guint sleeps = 0;

  ASSERT_GE (lab_observed_get_n_processes (roster), 3u);
  for (guint i = 0; i < lab_observed_get_n_processes (roster); i++)
    {
      LabObservedProcess p;

      ASSERT_TRUE (lab_observed_copy_process (roster, i, &p));
      if (i > 0)
        {
          EXPECT_EQ (p.parent, 0) << p.name;
        }
      sleeps += g_str_equal (p.name, "sleep");
      lab_observed_process_clear (&p);
    }
  EXPECT_GE (sleeps, 2u);
  // The shell became "sleep 0.1" by exec: its name follows.
  LabObservedProcess root;
  ASSERT_TRUE (lab_observed_copy_process (roster, 0, &root));
  EXPECT_STREQ (root.name, "sleep");
  lab_observed_process_clear (&root);
  EXPECT_GE (lab_trace_get_end_ns (t) - lab_trace_get_begin_ns (t), 550 * MS);
}

TEST (Tracer, AProgramThatExitsAtOnceIsAShortTrace)
{
  g_autoptr(LabTracer) tracer = tracer_of ({ "true" });
  g_autoptr(LabComparison) c = trace (tracer);
  ASSERT_NE (c, nullptr);
  g_autoptr(LabTrace) t = the_trace (c);

  EXPECT_EQ (lab_tracer_get_exit_code (tracer), 0);
  EXPECT_TRUE (lab_trace_is_finished (t));
  EXPECT_LT (lab_trace_get_end_ns (t) - lab_trace_get_begin_ns (t), 2000 * MS);
}

// The sampler reads little: it stays under a few per cent of a core while
// it follows a program that only sleeps. (The benchmark measures it
// against its target under load.)
TEST (Tracer, SamplingNoteSaysHowItWasMeasured)
{
  g_autoptr(LabTracer) tracer = tracer_of ({ "sleep", "0.5" });
  g_autoptr(LabComparison) c = trace (tracer);
  ASSERT_NE (c, nullptr);
  g_autoptr(LabTrace) t = the_trace (c);
  LabSamplingNote note;

  lab_observed_get_sampling (lab_trace_get_observed (t), &note);
  EXPECT_EQ (note.rate_hz, (guint) LAB_TRACER_DEFAULT_RATE_HZ);
  EXPECT_GT (note.reads, 0u);
  EXPECT_GT (note.sampler_cpu_ns, 0);
  EXPECT_LE (note.max_interval_ns, 200 * MS);
}

// Each process's memory, and the whole program's: a child that fills
// 64 MiB holds at least that, resident and proportional (its own pages),
// while the shell that waits for it holds little; once both are over, the
// program holds nothing. Nothing is "per task" for a program's threads.
TEST (Tracer, MeasuresTheMemoryOfEachProcess)
{
  const char *python = g_getenv ("LAB_TEST_PYTHON");
  constexpr gint64 MIB = 1024 * 1024;

  if (python == nullptr || !g_file_test (python, G_FILE_TEST_IS_EXECUTABLE))
    GTEST_SKIP () << "no python3 to fill memory with";
  g_autofree char *script =
    g_strdup_printf ("%s -c 'import time; b = b\"x\" * (64 << 20); time.sleep(1)'; sleep 0.2",
                     python);
  g_autoptr(LabTracer) tracer = tracer_of ({ "sh", "-c", script });
  g_autoptr(LabComparison) c = trace (tracer);
  ASSERT_NE (c, nullptr);
  g_autoptr(LabTrace) t = the_trace (c);
  LabObserved *roster = lab_trace_get_observed (t);
  LabMemoryFigures m;
  bool python_seen = false;

  lab_memory_figures_compute (t, &m);
  ASSERT_TRUE (m.measured);
  EXPECT_GE (m.peak_rss_bytes, 64 * MIB);
  EXPECT_GE (m.peak_pss_bytes, 64 * MIB);
  EXPECT_EQ (m.per_task_bytes, LAB_MEMORY_NOT_MEASURED);
  g_autoptr(GArray) rss_peaks = lab_observed_dup_counter_peaks (roster, LAB_OBSERVED_COUNTER_RSS);
  g_autoptr(GArray) pss_peaks = lab_observed_dup_counter_peaks (roster, LAB_OBSERVED_COUNTER_PSS);
  ASSERT_EQ (rss_peaks->len, lab_observed_get_n_processes (roster));
  for (guint i = 0; i < lab_observed_get_n_processes (roster); i++)
    {
      LabObservedProcess p;
      ASSERT_TRUE (lab_observed_copy_process (roster, i, &p));
      gint64 rss = g_array_index (rss_peaks, gint64, i);
      gint64 pss = g_array_index (pss_peaks, gint64, i);

      if (g_str_has_prefix (p.name, "python"))
        {
          python_seen = true;
          EXPECT_GE (rss, 64 * MIB) << p.pid;
          EXPECT_GE (pss, 64 * MIB) << p.pid;
        }
      else if (i == 0)
        {
          EXPECT_GT (rss, 0) << "the shell, measured for 1.2 s";
          EXPECT_LT (rss, 32 * MIB) << "the shell holds little";
        }
      if (rss != LAB_MEMORY_NOT_MEASURED)
        {
          EXPECT_LE (pss, rss) << p.name;
        }
      lab_observed_process_clear (&p);
    }
  EXPECT_TRUE (python_seen);
  g_autoptr(GArray) samples = lab_trace_copy_memory (t);
  ASSERT_GE (samples->len, 3u);
  const LabMemorySample &last = g_array_index (samples, LabMemorySample, samples->len - 1);
  EXPECT_EQ (last.rss_bytes, 0) << "every process over";
  EXPECT_EQ (last.t_ns, lab_trace_get_end_ns (t));
  LabSamplingNote note;
  lab_observed_get_sampling (roster, &note);
  EXPECT_GT (note.memory_cpu_ns, 0) << "what measuring it cost";

  // Saved and read back: the samples, each process's counters, the cost.
  g_autofree char *text = lab_trace_json_to_string (c, nullptr);
  ASSERT_NE (text, nullptr);
  g_autoptr(GError) error = nullptr;
  g_autoptr(LabComparison) again = lab_trace_json_from_string (text, -1, &error);
  ASSERT_NE (again, nullptr) << error->message;
  g_autoptr(LabTrace) t2 = the_trace (again);
  LabObserved *roster2 = lab_trace_get_observed (t2);
  g_autoptr(GArray) samples2 = lab_trace_copy_memory (t2);
  LabSamplingNote note2;
  EXPECT_EQ (samples2->len, samples->len);
  g_autoptr(GArray) pss_peaks2 = lab_observed_dup_counter_peaks (roster2, LAB_OBSERVED_COUNTER_PSS);
  ASSERT_EQ (pss_peaks2->len, pss_peaks->len);
  for (guint i = 0; i < lab_observed_get_n_processes (roster); i++)
    EXPECT_EQ (g_array_index (pss_peaks2, gint64, i), g_array_index (pss_peaks, gint64, i));
  lab_observed_get_sampling (roster2, &note2);
  EXPECT_EQ (note2.memory_cpu_ns, note.memory_cpu_ns);
}

}  // namespace
