// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mutex>
#include <string>
#include <vector>

extern "C" {
#include <glib/gstdio.h>

#include "lab-clock.h"
#include "lab-memory-sampler.h"
#include "lab-trace.h"
#include "lab-workload.h"
}

namespace {

constexpr gint64 MS = 1000000;
constexpr gint64 MIB = 1 << 20;

// A fake proc folder: files written here stand for /proc/PID/...
struct FakeProc
{
  std::string root;
  FakeProc ()
  {
    char *p = g_dir_make_tmp ("lab-memory-XXXXXX", nullptr);
    root = p;
    g_free (p);
  }
  ~FakeProc ()
  {
    for (const auto &f : files)
      g_remove (f.c_str ());
    for (auto it = dirs.rbegin (); it != dirs.rend (); ++it)
      g_rmdir (it->c_str ());
    g_rmdir (root.c_str ());
  }
  void write (const std::string &pid, const std::string &name, const std::string &text)
  {
    std::string dir = root + "/" + pid;
    if (g_mkdir_with_parents (dir.c_str (), 0700) == 0)
      dirs.push_back (dir);
    std::string path = dir + "/" + name;
    ASSERT_TRUE (g_file_set_contents (path.c_str (), text.c_str (), -1, nullptr));
    files.push_back (path);
  }
  void drop (const std::string &pid, const std::string &name)
  {
    g_remove ((root + "/" + pid + "/" + name).c_str ());
  }
  std::vector<std::string> files, dirs;
};

const char *ROLLUP =
  "559b833ab000-7ffcc7ec3000 ---p 00000000 00:00 0                          [rollup]\n"
  "Rss:                1704 kB\n"
  "Pss:                 202 kB\n"
  "Pss_Dirty:           116 kB\n"
  "Pss_Anon:            116 kB\n"
  "SwapPss:              99 kB\n";

LabTrace *
new_trace ()
{
  LabWorkload *w = lab_workload_new_uniform (LAB_TASK_KIND_IO, 1, MS);
  LabTrace *t = lab_trace_new ("threads", w, 2);
  lab_workload_unref (w);
  return t;
}

std::vector<LabMemorySample>
samples_of (LabTrace *t)
{
  GArray *a = lab_trace_copy_memory (t);
  std::vector<LabMemorySample> v ((LabMemorySample *) (void *) a->data,
                                  (LabMemorySample *) (void *) a->data + a->len);
  g_array_unref (a);
  return v;
}

bool
wait_for_samples (LabMemorySampler *s, guint n, gint64 timeout_ms = 10000)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;
  while (lab_memory_sampler_get_n_samples (s) < n)
    {
      if (g_get_monotonic_time () > deadline)
        return false;
      g_usleep (2000);
    }
  return true;
}

// A child that only sleeps, reaped by the test.
pid_t
start_sleeper ()
{
  pid_t pid = fork ();
  if (pid == 0)
    {
      pause ();
      _exit (0);
    }
  return pid;
}

TEST (MemoryRead, ThisProcessFromTheBestFileThereIs)
{
  LabMemoryReading r;

  ASSERT_TRUE (lab_memory_read_process (nullptr, 0, LAB_MEMORY_SOURCE_SMAPS_ROLLUP, &r));
  EXPECT_GT (r.rss_bytes, 1 * MIB);
  EXPECT_NE (r.source, LAB_MEMORY_SOURCE_NONE);
  if (r.source != LAB_MEMORY_SOURCE_STATM)
    {
      EXPECT_GT (r.pss_bytes, 0);
      EXPECT_LE (r.pss_bytes, r.rss_bytes);
    }
}

TEST (MemoryRead, SmapsRollupGivesItsOwnFigures)
{
  FakeProc proc;
  LabMemoryReading r;

  proc.write ("42", "smaps_rollup", ROLLUP);
  proc.write ("42", "smaps", "Rss: 1 kB\nPss: 1 kB\n");
  ASSERT_TRUE (lab_memory_read_process (proc.root.c_str (), 42, LAB_MEMORY_SOURCE_SMAPS_ROLLUP, &r));
  EXPECT_EQ (r.source, LAB_MEMORY_SOURCE_SMAPS_ROLLUP);
  EXPECT_EQ (r.rss_bytes, 1704 * 1024);
  // Pss: only, not Pss_Dirty, Pss_Anon or SwapPss.
  EXPECT_EQ (r.pss_bytes, 202 * 1024);
}

TEST (MemoryRead, WithoutSmapsRollupSumsEveryMappingOfSmaps)
{
  FakeProc proc;
  LabMemoryReading r;

  proc.write ("self", "smaps",
              "00400000-00452000 r-xp 00000000 08:02 173521      /usr/bin/dbus-daemon\n"
              "Size:                328 kB\n"
              "Rss:                 300 kB\n"
              "Pss:                 100 kB\n"
              "SwapPss:               7 kB\n"
              "VmFlags: rd ex mr mw me dw\n"
              "7f0000000000-7f0000021000 rw-p 00000000 00:00 0\n"
              "Rss:                  24 kB\n"
              "Pss:                  24 kB\n");
  proc.write ("self", "statm", "100 50 10 1 0 20 0\n");
  ASSERT_TRUE (lab_memory_read_process (proc.root.c_str (), 0, LAB_MEMORY_SOURCE_SMAPS_ROLLUP, &r));
  EXPECT_EQ (r.source, LAB_MEMORY_SOURCE_SMAPS);
  EXPECT_EQ (r.rss_bytes, 324 * 1024);
  EXPECT_EQ (r.pss_bytes, 124 * 1024);
}

TEST (MemoryRead, WithStatmAloneThereIsNoPss)
{
  FakeProc proc;
  LabMemoryReading r;

  proc.write ("7", "statm", "1000 250 100 10 0 300 0\n");
  ASSERT_TRUE (lab_memory_read_process (proc.root.c_str (), 7, LAB_MEMORY_SOURCE_SMAPS_ROLLUP, &r));
  EXPECT_EQ (r.source, LAB_MEMORY_SOURCE_STATM);
  EXPECT_EQ (r.rss_bytes, 250 * (gint64) sysconf (_SC_PAGESIZE));
  EXPECT_EQ (r.pss_bytes, LAB_MEMORY_NOT_MEASURED);
}

TEST (MemoryRead, AGoneOrExitedProcessIsNotMeasured)
{
  FakeProc proc;
  LabMemoryReading r = { 123, 456, LAB_MEMORY_SOURCE_STATM };

  EXPECT_FALSE (lab_memory_read_process (proc.root.c_str (), 99, LAB_MEMORY_SOURCE_SMAPS_ROLLUP, &r));
  // An exited process not yet reaped: empty smaps, statm of zeros.
  proc.write ("98", "smaps_rollup", "");
  proc.write ("98", "smaps", "");
  proc.write ("98", "statm", "0 0 0 0 0 0 0\n");
  EXPECT_FALSE (lab_memory_read_process (proc.root.c_str (), 98, LAB_MEMORY_SOURCE_SMAPS_ROLLUP, &r));
  proc.write ("97", "statm", "garbage\n");
  EXPECT_FALSE (lab_memory_read_process (proc.root.c_str (), 97, LAB_MEMORY_SOURCE_SMAPS_ROLLUP, &r));
  EXPECT_EQ (r.rss_bytes, 123);  // untouched
}

TEST (MemoryRead, AZombieChildIsNotMeasured)
{
  pid_t pid = start_sleeper ();
  LabMemoryReading r;
  siginfo_t info;

  ASSERT_GT (pid, 0);
  ASSERT_TRUE (lab_memory_read_process (nullptr, pid, LAB_MEMORY_SOURCE_SMAPS_ROLLUP, &r));
  EXPECT_GT (r.rss_bytes, 0);
  kill (pid, SIGKILL);
  // Exited, not reaped: a zombie holds no memory to measure.
  ASSERT_EQ (waitid (P_PID, (id_t) pid, &info, WEXITED | WNOWAIT), 0);
  EXPECT_FALSE (lab_memory_read_process (nullptr, pid, LAB_MEMORY_SOURCE_SMAPS_ROLLUP, &r));
  ASSERT_EQ (waitpid (pid, nullptr, 0), pid);
  EXPECT_FALSE (lab_memory_read_process (nullptr, pid, LAB_MEMORY_SOURCE_SMAPS_ROLLUP, &r));
}

TEST (MemorySampler, TheFirstSampleIsTakenAtStartAndGrowthIsSeen)
{
  LabTrace *t = new_trace ();
  LabMemorySampler *s = lab_memory_sampler_start_full (t, nullptr, TRUE, 5 * MS);
  gsize size = 64 * MIB;
  char *block;

  // The baseline is there before anything else happens.
  EXPECT_EQ (lab_memory_sampler_get_n_samples (s), 1u);
  ASSERT_EQ (samples_of (t).size (), 1u);

  block = (char *) g_malloc (size);
  memset (block, 1, size);  // resident only once touched
  guint n = lab_memory_sampler_get_n_samples (s);
  ASSERT_TRUE (wait_for_samples (s, n + 2));
  lab_memory_sampler_stop (s);
  g_free (block);

  auto v = samples_of (t);
  ASSERT_GE (v.size (), 3u);
  const LabMemorySample &first = v.front ();
  const LabMemorySample &last = v.back ();
  ASSERT_NE (first.source, LAB_MEMORY_SOURCE_NONE);
  EXPECT_GE (last.rss_bytes - first.rss_bytes, 60 * MIB);
  if (last.pss_bytes != LAB_MEMORY_NOT_MEASURED)
    {
      EXPECT_GE (last.pss_bytes - first.pss_bytes, 60 * MIB);
    }
  EXPECT_EQ (last.n_workers, 0u);
  EXPECT_EQ (last.workers_rss_bytes, 0);
  for (size_t i = 1; i < v.size (); i++)
    EXPECT_GT (v[i].t_ns, v[i - 1].t_ns);
  lab_trace_unref (t);
}

TEST (MemorySampler, WorkersAreAddedToTheProgramAndCounted)
{
  LabTrace *t = new_trace ();
  LabMemorySampler *s = lab_memory_sampler_start_full (t, nullptr, TRUE, 2 * MS);
  pid_t a = start_sleeper (), b = start_sleeper ();

  lab_memory_sampler_add_pid (s, a);
  lab_memory_sampler_add_pid (s, b);
  guint n = lab_memory_sampler_get_n_samples (s);
  ASSERT_TRUE (wait_for_samples (s, n + 2));
  lab_memory_sampler_remove_pid (s, a);
  lab_memory_sampler_remove_pid (s, b);
  kill (a, SIGKILL);
  kill (b, SIGKILL);
  waitpid (a, nullptr, 0);
  waitpid (b, nullptr, 0);
  n = lab_memory_sampler_get_n_samples (s);
  ASSERT_TRUE (wait_for_samples (s, n + 2));
  lab_memory_sampler_stop (s);

  auto v = samples_of (t);
  bool saw_two = false;
  for (const auto &x : v)
    {
      // Let go before they exited: never a gap.
      ASSERT_NE (x.rss_bytes, LAB_MEMORY_NOT_MEASURED);
      if (x.n_workers == 2)
        {
          saw_two = true;
          EXPECT_GT (x.workers_rss_bytes, 0);
          EXPECT_GT (x.rss_bytes, x.workers_rss_bytes);
          if (x.pss_bytes != LAB_MEMORY_NOT_MEASURED)
            {
              EXPECT_LE (x.workers_pss_bytes, x.workers_rss_bytes);
            }
        }
    }
  EXPECT_TRUE (saw_two);
  EXPECT_EQ (v.back ().n_workers, 0u);
  lab_trace_unref (t);
}

TEST (MemorySampler, AWorkerThatVanishesLeavesAGapNotAFailure)
{
  LabTrace *t = new_trace ();
  LabMemorySampler *s = lab_memory_sampler_start_full (t, nullptr, TRUE, 2 * MS);
  pid_t pid = start_sleeper ();

  lab_memory_sampler_add_pid (s, pid);
  guint n = lab_memory_sampler_get_n_samples (s);
  ASSERT_TRUE (wait_for_samples (s, n + 2));
  // Dies while still in the set: the samples cannot be whole.
  kill (pid, SIGKILL);
  waitpid (pid, nullptr, 0);
  n = lab_memory_sampler_get_n_samples (s);
  ASSERT_TRUE (wait_for_samples (s, n + 2));
  lab_memory_sampler_remove_pid (s, pid);
  n = lab_memory_sampler_get_n_samples (s);
  ASSERT_TRUE (wait_for_samples (s, n + 2));
  lab_memory_sampler_stop (s);

  auto v = samples_of (t);
  size_t first_gap = v.size (), last_gap = 0;
  for (size_t i = 0; i < v.size (); i++)
    if (v[i].rss_bytes == LAB_MEMORY_NOT_MEASURED)
      {
        EXPECT_EQ (v[i].pss_bytes, LAB_MEMORY_NOT_MEASURED);
        EXPECT_EQ (v[i].source, LAB_MEMORY_SOURCE_NONE);
        first_gap = MIN (first_gap, i);
        last_gap = i;
      }
  ASSERT_LT (first_gap, v.size ()) << "no gap while the worker was gone";
  EXPECT_GT (first_gap, 0u);
  EXPECT_EQ (v[first_gap - 1].n_workers, 1u);
  // Measured again once it was let go.
  ASSERT_LT (last_gap + 1, v.size ());
  EXPECT_NE (v.back ().rss_bytes, LAB_MEMORY_NOT_MEASURED);
  lab_trace_unref (t);
}

TEST (MemorySampler, FilesThatVanishOrCannotBeReadGiveGaps)
{
  FakeProc proc;
  LabTrace *t = new_trace ();

  proc.write ("self", "smaps_rollup", ROLLUP);
  proc.write ("5", "statm", "1000 250 100 10 0 300 0\n");
  LabMemorySampler *s = lab_memory_sampler_start_full (t, proc.root.c_str (), TRUE, 2 * MS);
  lab_memory_sampler_add_pid (s, 5);
  guint n = lab_memory_sampler_get_n_samples (s);
  ASSERT_TRUE (wait_for_samples (s, n + 2));
  proc.drop ("5", "statm");
  n = lab_memory_sampler_get_n_samples (s);
  ASSERT_TRUE (wait_for_samples (s, n + 2));
  lab_memory_sampler_stop (s);

  auto v = samples_of (t);
  // With the worker: the program's rollup and the worker's statm; the
  // least precise source is named, and there is no PSS for the total.
  bool whole = false;
  for (const auto &x : v)
    if (x.n_workers == 1)
      {
        whole = true;
        EXPECT_EQ (x.source, LAB_MEMORY_SOURCE_STATM);
        EXPECT_EQ (x.rss_bytes, 1704 * 1024 + 250 * (gint64) sysconf (_SC_PAGESIZE));
        EXPECT_EQ (x.pss_bytes, LAB_MEMORY_NOT_MEASURED);
      }
  EXPECT_TRUE (whole);
  EXPECT_EQ (v.back ().rss_bytes, LAB_MEMORY_NOT_MEASURED);
  lab_trace_unref (t);
}

TEST (MemorySampler, OnlyOtherProcessesWhenAskedSo)
{
  LabTrace *t = new_trace ();
  LabMemorySampler *s = lab_memory_sampler_start_full (t, nullptr, FALSE, 2 * MS);
  pid_t pid = start_sleeper ();

  // Nothing to measure yet: no figure, not "0 bytes".
  EXPECT_EQ (samples_of (t).front ().rss_bytes, LAB_MEMORY_NOT_MEASURED);
  lab_memory_sampler_add_pid (s, pid);
  guint n = lab_memory_sampler_get_n_samples (s);
  ASSERT_TRUE (wait_for_samples (s, n + 2));
  lab_memory_sampler_remove_pid (s, pid);
  lab_memory_sampler_stop (s);
  kill (pid, SIGKILL);
  waitpid (pid, nullptr, 0);

  const LabMemorySample last = samples_of (t).back ();
  EXPECT_EQ (last.n_workers, 1u);
  EXPECT_EQ (last.rss_bytes, last.workers_rss_bytes);
  EXPECT_LT (last.rss_bytes, 100 * MIB);  // a forked sleeper, not this test program's heap
  lab_trace_unref (t);
}

// A traced program's processes end without notice: one that is gone or a
// zombie holds nothing; one that is there and cannot be read is a gap.
// Each process's reading also goes to the caller, and the last sample,
// once every process has ended, says the program holds nothing.
struct Readings
{
  std::mutex         lock;
  std::vector<GPid>  pids;
};

void
on_reading (GPid pid, gint64, const LabMemoryReading *reading, gpointer data)
{
  Readings *r = static_cast<Readings *> (data);
  std::lock_guard<std::mutex> hold (r->lock);

  EXPECT_EQ (reading->rss_bytes, 1704 * 1024);
  r->pids.push_back (pid);
}

TEST (MemorySampler, ATracedProgramsProcessesEndWithoutNotice)
{
  FakeProc proc;
  LabTrace *t = new_trace ();
  Readings readings;
  auto set_pids = [] (LabMemorySampler *s, std::vector<GPid> pids) {
    GArray *a = g_array_new (FALSE, FALSE, sizeof (GPid));
    g_array_append_vals (a, pids.data (), pids.size ());
    lab_memory_sampler_set_pids (s, a);
    g_array_unref (a);
  };
  auto settle = [] (LabMemorySampler *s) {
    guint n = lab_memory_sampler_get_n_samples (s);
    ASSERT_TRUE (wait_for_samples (s, n + 2));
  };

  proc.write ("self", "smaps_rollup", ROLLUP);  // never read: this program is not measured
  proc.write ("7", "smaps_rollup", ROLLUP);
  proc.write ("7", "stat", "7 (prog) S 1 7 7 0");
  proc.write ("8", "stat", "8 (a (b) c) S 7 7 7 0");
  GArray *first = g_array_new (FALSE, FALSE, sizeof (GPid));
  GPid seven = 7;
  g_array_append_val (first, seven);
  LabMemorySampler *s = lab_memory_sampler_start_tree (t, proc.root.c_str (), first, on_reading,
                                                       &readings);
  g_array_unref (first);
  set_pids (s, { 7, 9 });  // 9 is gone
  settle (s);
  LabMemorySample before = samples_of (t).back ();
  set_pids (s, { 7, 8 });  // 8 is there, with nothing to read
  settle (s);
  LabMemorySample unreadable = samples_of (t).back ();
  proc.write ("8", "stat", "8 (a (b) c) Z 7 7 7 0");
  settle (s);
  LabMemorySample zombie = samples_of (t).back ();
  set_pids (s, { 9 });
  lab_memory_sampler_stop_at (s, 4242);

  auto v = samples_of (t);
  EXPECT_EQ (v.front ().rss_bytes, 1704 * 1024) << "the first process, from the start";
  EXPECT_EQ (before.rss_bytes, 1704 * 1024);
  EXPECT_EQ (before.pss_bytes, 202 * 1024);
  EXPECT_EQ (before.n_workers, 0u) << "a program's processes are no pool's workers";
  EXPECT_EQ (before.trace_bytes, 0) << "the trace is this program's, not the traced one's";
  EXPECT_EQ (unreadable.rss_bytes, LAB_MEMORY_NOT_MEASURED);
  EXPECT_EQ (zombie.rss_bytes, 1704 * 1024);
  EXPECT_EQ (v.back ().t_ns, 4242);
  EXPECT_EQ (v.back ().rss_bytes, 0) << "every process over";
  EXPECT_NE (v.back ().source, LAB_MEMORY_SOURCE_NONE);
  {
    std::lock_guard<std::mutex> hold (readings.lock);
    ASSERT_FALSE (readings.pids.empty ());
    for (GPid pid : readings.pids)
      EXPECT_EQ (pid, 7);
  }
  lab_trace_unref (t);
}

TEST (MemorySampler, StopsAtOnceAndCostsLittle)
{
  LabTrace *t = new_trace ();
  LabMemorySampler *s = lab_memory_sampler_start_full (t, nullptr, TRUE, 10 * MS);
  gint64 begin = lab_clock_now_ns ();

  // Where a sample costs more (a sanitizer build, a loaded machine), the
  // interval stretches: a few samples, however long they take.
  ASSERT_TRUE (wait_for_samples (s, 6, 60000));
  gint64 elapsed = lab_clock_now_ns () - begin;
  gint64 cpu = lab_memory_sampler_get_cpu_ns (s);
  EXPECT_GT (cpu, 0);
  // By construction at most 1/LAB_MEMORY_SAMPLER_BUDGET of a core; twice
  // that leaves room for the waits' own cost.
  EXPECT_LT (cpu, 2 * elapsed / LAB_MEMORY_SAMPLER_BUDGET)
    << cpu << " ns of CPU in " << elapsed << " ns";
  lab_memory_sampler_stop (s);

  LabMemorySampler *slow = lab_memory_sampler_start_full (t, nullptr, TRUE, 60 * 1000 * MS);
  begin = g_get_monotonic_time ();
  lab_memory_sampler_stop (slow);
  EXPECT_LT (g_get_monotonic_time () - begin, 2 * G_USEC_PER_SEC);
  lab_trace_unref (t);
}

// What the trace holds for its own records is known exactly, so that the
// figures can tell the measurement's memory from the model's.
TEST (MemorySampler, TheTracesOwnRecordsAreCounted)
{
  LabWorkload *w = lab_workload_new_uniform (LAB_TASK_KIND_IO, 1000, MS);
  LabTrace *t = lab_trace_new ("threads", w, 2);
  gint64 empty = lab_trace_get_allocated_bytes (t);
  const guint n = 100000;

  EXPECT_EQ (empty, 0);
  LabTraceWriter *writer = lab_trace_get_writer (t, 3);
  for (guint i = 0; i < n; i++)
    lab_trace_writer_add (writer, i % 1000, LAB_STATE_WAITING_IO, -1, i, i + 1);
  gint64 full = lab_trace_get_allocated_bytes (t);
  // 32 bytes a segment, rounded up to the last chunk (one 2 MiB page at most).
  EXPECT_GE (full, (gint64) n * 32);
  EXPECT_LE (full, (gint64) n * 32 + 2 * MIB + 64 * 1024);

  LabMemorySampler *s = lab_memory_sampler_start_full (t, nullptr, TRUE, 60 * 1000 * MS);
  lab_memory_sampler_stop (s);
  auto v = samples_of (t);
  ASSERT_EQ (v.size (), 1u);
  EXPECT_EQ (v[0].trace_bytes, full) << "the memory log's own chunk comes after the sample";
  EXPECT_GT (lab_trace_get_allocated_bytes (t), full);
  lab_trace_unref (t);
  lab_workload_unref (w);
}

TEST (MemorySource, NamesRoundTrip)
{
  for (int i = 0; i < LAB_N_MEMORY_SOURCES; i++)
    {
      LabMemorySource back;
      ASSERT_TRUE (lab_memory_source_from_string (lab_memory_source_to_string ((LabMemorySource) i),
                                                  &back));
      EXPECT_EQ (back, i);
    }
  LabMemorySource s;
  EXPECT_FALSE (lab_memory_source_from_string ("meminfo", &s));
  EXPECT_FALSE (lab_memory_source_from_string (nullptr, &s));
  EXPECT_STREQ (lab_memory_source_to_string (LAB_MEMORY_SOURCE_SMAPS_ROLLUP), "smaps_rollup");
}

}  // namespace
