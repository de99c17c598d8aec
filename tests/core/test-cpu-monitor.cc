// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <string>

extern "C" {
#include <glib/gstdio.h>

#include "lab-clock.h"
#include "lab-cpu-monitor.h"
#include "lab-cpu.h"
#include "lab-trace.h"
#include "lab-workload.h"
}

namespace {

constexpr gint64 MS = 1000000;

struct TempDir
{
  std::string path;
  TempDir ()
  {
    char *p = g_dir_make_tmp ("lab-cpu-monitor-XXXXXX", nullptr);
    path = p;
    g_free (p);
  }
  ~TempDir ()
  {
    GDir *dir = g_dir_open (path.c_str (), 0, nullptr);
    const char *name;
    while (dir != nullptr && (name = g_dir_read_name (dir)) != nullptr)
      g_remove ((path + "/" + name).c_str ());
    if (dir != nullptr)
      g_dir_close (dir);
    g_rmdir (path.c_str ());
  }
};

LabTrace *
new_trace ()
{
  LabWorkload *w = lab_workload_new_uniform (LAB_TASK_KIND_IO, 1, MS);
  LabTrace *t = lab_trace_new ("sequential", w, 2);
  lab_workload_unref (w);
  return t;
}

void
write_stat (const std::string &path, int busy0, int idle0, int busy1, int idle1)
{
  char *text = g_strdup_printf ("cpu  %d 0 0 %d 0 0 0 0 0 0\n"
                                "cpu0 %d 0 0 %d 0 0 0 0 0 0\n"
                                "cpu1 0 0 %d %d 0 0 0 0 0 0\n"
                                "intr 12345 1 2 3\n"
                                "ctxt 99\n",
                                busy0 + busy1, idle0 + idle1, busy0, idle0, busy1, idle1);
  ASSERT_TRUE (g_file_set_contents (path.c_str (), text, -1, nullptr));
  g_free (text);
}

bool
wait_for (LabCpuMonitor *m, guint n_samples, gint64 timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;
  while (lab_cpu_monitor_get_n_samples (m) < n_samples)
    {
      if (g_get_monotonic_time () > deadline)
        return false;
      g_usleep (2000);
    }
  return true;
}

TEST (CpuMonitor, FakeFileGivesBusyFractions)
{
  TempDir dir;
  std::string path = dir.path + "/stat";
  LabTrace *t = new_trace ();

  write_stat (path, 1000, 1000, 500, 500);
  LabCpuMonitor *m = lab_cpu_monitor_start_full (t, path.c_str (), 10 * MS);
  ASSERT_TRUE (wait_for (m, 1, 5000));

  /* Core 0: 30 busy of 40 ticks; core 1: 10 of 40. */
  write_stat (path, 1030, 1010, 510, 530);
  guint before = lab_cpu_monitor_get_n_samples (m);
  ASSERT_TRUE (wait_for (m, before + 2, 5000));
  lab_cpu_monitor_stop (m);

  ASSERT_TRUE (lab_trace_has_utilization (t));
  EXPECT_EQ (lab_trace_get_n_utilization_cores (t), 2u);
  GArray *c0 = lab_trace_copy_utilization (t, 0);
  GArray *c1 = lab_trace_copy_utilization (t, 1);
  ASSERT_EQ (c0->len, c1->len);
  ASSERT_GE (c0->len, 3u);

  int changes = 0;
  for (guint i = 0; i < c0->len; i++)
    {
      float b0 = g_array_index (c0, LabUtilSample, i).busy;
      float b1 = g_array_index (c1, LabUtilSample, i).busy;
      if (b0 > 0)
        {
          changes++;
          EXPECT_FLOAT_EQ (b0, 0.75f);
          EXPECT_FLOAT_EQ (b1, 0.25f);
        }
      else
        {
          EXPECT_FLOAT_EQ (b1, 0.0f) << "an unchanged file is an idle interval";
        }
      if (i > 0)
        {
          EXPECT_GT (g_array_index (c0, LabUtilSample, i).t_ns,
                     g_array_index (c0, LabUtilSample, i - 1).t_ns);
        }
    }
  EXPECT_EQ (changes, 1) << "exactly one interval saw the counters move";
  g_array_unref (c0);
  g_array_unref (c1);
  lab_trace_unref (t);
}

TEST (CpuMonitor, UnreadableFileGivesNoSamples)
{
  LabTrace *t = new_trace ();
  LabCpuMonitor *m = lab_cpu_monitor_start_full (t, "/nonexistent/lab/stat", 5 * MS);

  g_usleep (60 * 1000);
  EXPECT_EQ (lab_cpu_monitor_get_n_samples (m), 0u);
  lab_cpu_monitor_stop (m);
  EXPECT_FALSE (lab_trace_has_utilization (t));
  lab_trace_unref (t);
}

TEST (CpuMonitor, GarbageFileGivesNoSamples)
{
  TempDir dir;
  std::string path = dir.path + "/stat";
  ASSERT_TRUE (g_file_set_contents (path.c_str (), "cpu\ncpux 1 2\ncpu99999 1 2 3 4\n\0zz", 30,
                                    nullptr));
  LabTrace *t = new_trace ();
  LabCpuMonitor *m = lab_cpu_monitor_start_full (t, path.c_str (), 5 * MS);

  g_usleep (40 * 1000);
  lab_cpu_monitor_stop (m);
  EXPECT_FALSE (lab_trace_has_utilization (t));
  lab_trace_unref (t);
}

TEST (CpuMonitor, StopIsPrompt)
{
  LabTrace *t = new_trace ();
  LabCpuMonitor *m = lab_cpu_monitor_start_full (t, nullptr, 10000 * MS);

  g_usleep (20 * 1000);
  gint64 before = lab_clock_now_ns ();
  lab_cpu_monitor_stop (m);
  EXPECT_LT (lab_clock_now_ns () - before, 1000 * MS) << "stop must not wait out a 10 s interval";
  lab_trace_unref (t);
}

TEST (CpuMonitor, RealProcStat)
{
  if (!g_file_test ("/proc/stat", G_FILE_TEST_EXISTS))
    GTEST_SKIP () << "no /proc/stat here";

  LabTrace *t = new_trace ();
  LabCpuMonitor *m = lab_cpu_monitor_start (t, nullptr);
  ASSERT_TRUE (wait_for (m, 2, 5000));
  lab_cpu_monitor_stop (m);

  ASSERT_TRUE (lab_trace_has_utilization (t));
  guint n = lab_trace_get_n_utilization_cores (t);
  EXPECT_GE (n, 1u);
  EXPECT_GE (lab_cpu_count (), 1u);
  for (guint core = 0; core < n; core++)
    {
      GArray *u = lab_trace_copy_utilization (t, core);
      for (guint i = 0; i < u->len; i++)
        {
          EXPECT_GE (g_array_index (u, LabUtilSample, i).busy, 0.0f);
          EXPECT_LE (g_array_index (u, LabUtilSample, i).busy, 1.0f);
        }
      g_array_unref (u);
    }
  lab_trace_unref (t);
}

} // namespace
