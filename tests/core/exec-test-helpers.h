// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the execution tests (cpu-work, gil, models, runner).
#pragma once

#include <gtest/gtest.h>

#include <dirent.h>
#include <mutex>
#include <thread>
#include <vector>

extern "C" {
#include "lab-clock.h"
#include "lab-cpu-work.h"
#include "lab-model-private.h"
#include "lab-task-exec.h"
#include "lab-trace.h"
#include "lab-workload.h"
}

namespace exec_test {

struct Seg
{
  guint32  task;
  LabState state;
  gint     core;
  gint64   begin;
  gint64   end;
};

// A recorder into a vector; thread-safe so several threads may share one.
struct Collector
{
  std::mutex       mutex;
  std::vector<Seg> segs;
  LabRecorder      recorder;

  Collector ()
  {
    recorder.record = record;
    recorder.data = this;
  }

  static void
  record (gpointer data, guint32 task, LabState state, gint core, gint64 begin, gint64 end)
  {
    auto *self = static_cast<Collector *> (data);
    std::lock_guard<std::mutex> lock (self->mutex);
    self->segs.push_back ({ task, state, core, begin, end });
  }

  gint64
  total (LabState state, gint32 task = -1)
  {
    std::lock_guard<std::mutex> lock (mutex);
    gint64 sum = 0;
    for (const Seg &s : segs)
      if (s.state == state && (task < 0 || s.task == (guint32) task))
        sum += s.end - s.begin;
    return sum;
  }
};

// The hooks an in-process model hands to lab_exec_cpu() and
// lab_exec_wait(): its cancellable and, for threads-gil, its GIL.
struct Hooks
{
  LabModelHooks model;

  Hooks (GCancellable *cancellable, LabGil *gil)
  {
    _lab_model_hooks_init (&model, cancellable, gil);
  }
  Hooks (const Hooks &) = delete;  // model.hooks.data points into this

  const LabExecHooks *
  get () const
  {
    return &model.hooks;
  }
};

inline guint
count_threads ()
{
  guint n = 0;
  DIR *dir = opendir ("/proc/self/task");
  if (dir == nullptr)
    return 0;
  while (struct dirent *entry = readdir (dir))
    if (entry->d_name[0] != '.')
      n++;
  closedir (dir);
  return n;
}

inline std::vector<LabSegment>
segments_of (LabTrace *trace)
{
  GArray *array = lab_trace_copy_segments (trace);
  std::vector<LabSegment> out;
  out.reserve (array->len);
  for (guint i = 0; i < array->len; i++)
    out.push_back (g_array_index (array, LabSegment, i));
  g_array_unref (array);
  return out;
}

inline gint64
state_total (LabTrace *trace, LabState state, gint64 task = -1)
{
  gint64 sum = 0;
  for (const LabSegment &s : segments_of (trace))
    if (s.state == state && (task < 0 || s.task == (guint32) task))
      sum += s.end_ns - s.begin_ns;
  return sum;
}

/* The speedup bare kernel threads reach on this machine right now, one
 * per core against one after another: below 0.8 × cores, other programs
 * hold the cores and a test of parallelism cannot tell anything. */
inline double
control_speedup (guint cores)
{
  guint64 iterations = lab_cpu_iterations_for (lab_cpu_calibrate (), 40 * LAB_NS_PER_MS);
  guint64 state = 1;
  gint64 t0 = lab_clock_now_ns ();
  for (guint i = 0; i < cores; i++)
    lab_cpu_kernel (iterations, &state);
  gint64 t1 = lab_clock_now_ns ();
  std::vector<std::thread> threads;
  for (guint i = 0; i < cores; i++)
    threads.emplace_back ([iterations] { guint64 x = 1; lab_cpu_kernel (iterations, &x); });
  for (auto &t : threads)
    t.join ();
  return (double) (t1 - t0) / (double) (lab_clock_now_ns () - t1);
}

inline double
elapsed_s (LabTrace *trace)
{
  return (double) (lab_trace_get_end_ns (trace) - lab_trace_get_begin_ns (trace)) / 1e9;
}

}  // namespace exec_test
