// SPDX-License-Identifier: GPL-3.0-or-later
// What a model held in memory, from its samples and its tasks in flight.
#include <gtest/gtest.h>

#include "built-trace.h"

extern "C" {
#include "lab-cpu.h"
#include "lab-cpu-work.h"
#include "lab-memory-figures.h"
#include "lab-memory-sampler.h"
#include "lab-model.h"
#include "lab-runner.h"
}

using namespace core_test;

namespace {

constexpr gint64 MIB = 1 << 20;
constexpr gint64 GAP = LAB_MEMORY_NOT_MEASURED;

void
sample (BuiltTrace &b, gint64 at_ms, gint64 rss, gint64 pss, gint64 trace_bytes,
        guint workers = 0, gint64 workers_rss = 0, gint64 workers_pss = 0,
        LabMemorySource source = LAB_MEMORY_SOURCE_SMAPS_ROLLUP)
{
  LabMemorySample m = { b.t0 + at_ms * MS, rss, pss, workers_rss, workers_pss, trace_bytes,
                        workers, (guint8) source, {} };
  if (rss == GAP)
    m = { b.t0 + at_ms * MS, GAP, GAP, GAP, GAP, trace_bytes, 0, LAB_MEMORY_SOURCE_NONE, {} };
  lab_trace_add_memory (b.trace, &m);
}

// Four waits of 1 s begun at 10 ms; two of them done at 600 ms.
void
four_waits (BuiltTrace &b)
{
  for (guint32 task = 0; task < 4; task++)
    b.add (0, task, LAB_STATE_WAITING_IO, -1, 10, task < 2 ? 600 : 1010);
  b.finish (1010);
}

TEST (MemoryFigures, PerTaskIsTheGrowthAtTheMostTasksInFlight)
{
  BuiltTrace b ("io 4x1s", 2, 1, "event-loop", 10 * S);
  four_waits (b);
  sample (b, 0, 20 * MIB, 18 * MIB, 1000);
  // Four in flight: 4 × 300 B more, of which the trace's own 4 KiB are not
  // the model's.
  sample (b, 100, 20 * MIB + 1200 + 4096, 18 * MIB + 1100 + 4096, 1000 + 4096);
  // Two in flight, more memory (freed later): not where per-task is taken.
  sample (b, 700, 21 * MIB, 19 * MIB, 1000 + 4096);

  LabMemoryFigures f;
  lab_memory_figures_compute (b.trace, &f);
  ASSERT_TRUE (f.measured);
  EXPECT_EQ (f.n_samples, 3u);
  EXPECT_EQ (f.n_gaps, 0u);
  EXPECT_EQ (f.source, LAB_MEMORY_SOURCE_SMAPS_ROLLUP);
  EXPECT_EQ (f.baseline_rss_bytes, 20 * MIB);
  EXPECT_EQ (f.peak_rss_bytes, 21 * MIB);
  EXPECT_EQ (f.peak_pss_bytes, 19 * MIB);
  EXPECT_EQ (f.tasks_in_flight, 4u);
  EXPECT_EQ (f.per_task_bytes, 300);
  EXPECT_EQ (f.max_workers, 0u);
  EXPECT_EQ (f.per_worker_rss_bytes, GAP);
}

TEST (MemoryFigures, GapsAreSkippedAndCounted)
{
  BuiltTrace b ("io 4x1s", 2, 1, "event-loop", 10 * S);
  four_waits (b);
  sample (b, 0, GAP, GAP, 0);
  sample (b, 50, 20 * MIB, 18 * MIB, 0);   // the first whole sample is the baseline
  sample (b, 100, GAP, GAP, 0);
  sample (b, 200, 20 * MIB + 4000, 18 * MIB + 4000, 0);

  LabMemoryFigures f;
  lab_memory_figures_compute (b.trace, &f);
  ASSERT_TRUE (f.measured);
  EXPECT_EQ (f.n_samples, 4u);
  EXPECT_EQ (f.n_gaps, 2u);
  EXPECT_EQ (f.baseline_rss_bytes, 20 * MIB);
  EXPECT_EQ (f.per_task_bytes, 1000);
}

TEST (MemoryFigures, NothingMeasuredSaysSo)
{
  BuiltTrace b ("io 4x1s", 2, 1, "event-loop", 10 * S);
  four_waits (b);
  LabMemoryFigures f;

  lab_memory_figures_compute (b.trace, &f);
  EXPECT_FALSE (f.measured);
  EXPECT_EQ (f.n_samples, 0u);

  sample (b, 0, GAP, GAP, 0);
  sample (b, 100, GAP, GAP, 0);
  lab_memory_figures_compute (b.trace, &f);
  EXPECT_FALSE (f.measured);
  EXPECT_EQ (f.n_gaps, 2u);
  EXPECT_EQ (f.peak_rss_bytes, GAP);
  EXPECT_EQ (f.per_task_bytes, GAP);
}

TEST (MemoryFigures, StatmAnywhereLeavesNoPeakPss)
{
  BuiltTrace b ("io 4x1s", 2, 1, "event-loop", 10 * S);
  four_waits (b);
  sample (b, 0, 20 * MIB, 18 * MIB, 0);
  sample (b, 100, 22 * MIB, GAP, 0, 0, 0, 0, LAB_MEMORY_SOURCE_STATM);

  LabMemoryFigures f;
  lab_memory_figures_compute (b.trace, &f);
  EXPECT_EQ (f.source, LAB_MEMORY_SOURCE_STATM);
  EXPECT_EQ (f.peak_rss_bytes, 22 * MIB);
  EXPECT_EQ (f.peak_pss_bytes, GAP);
}

TEST (MemoryFigures, WorkersAreCountedPerProcess)
{
  BuiltTrace b ("io 4x1s", 2, 2, "processes", 10 * S);
  four_waits (b);
  sample (b, 0, 20 * MIB, 18 * MIB, 0);
  sample (b, 100, 20 * MIB + 4 * MIB, 18 * MIB + 2 * MIB, 0, 2, 4 * MIB, 2 * MIB);
  sample (b, 700, 20 * MIB + 2 * MIB, 18 * MIB + 1 * MIB, 0, 1, 2 * MIB, 1 * MIB);

  LabMemoryFigures f;
  lab_memory_figures_compute (b.trace, &f);
  EXPECT_EQ (f.max_workers, 2u);
  EXPECT_EQ (f.per_worker_rss_bytes, 2 * MIB);
  EXPECT_EQ (f.per_worker_pss_bytes, 1 * MIB);
  EXPECT_EQ (f.per_task_bytes, 1 * MIB);  // 4 MiB over four tasks in flight
}

TEST (MemoryFigures, NoTaskInFlightGivesNoPerTaskFigure)
{
  BuiltTrace b ("io 4x1s", 2, 1, "event-loop", 10 * S);
  four_waits (b);
  sample (b, 0, 20 * MIB, 18 * MIB, 0);
  sample (b, 2000, 20 * MIB, 18 * MIB, 0);  // after the end

  LabMemoryFigures f;
  lab_memory_figures_compute (b.trace, &f);
  EXPECT_TRUE (f.measured);
  EXPECT_EQ (f.per_task_bytes, GAP);
  EXPECT_EQ (f.tasks_in_flight, 0u);
}

// Runs @model on @workload with a worker per task, measured as the runner
// measures it.
LabMemoryFigures
measure (const LabModel *model, const char *workload_text)
{
  LabWorkload *workload = lab_workload_parse (workload_text, nullptr);
  LabTrace *trace = lab_trace_new (model->id, workload, lab_cpu_count ());
  LabModelContext ctx = {};
  GError *error = nullptr;
  LabMemoryFigures f;

  ctx.workload = workload;
  ctx.trace = trace;
  ctx.n_workers = 0;
  ctx.iterations_per_ms = lab_cpu_calibrate ();
  ctx.worker_path = lab_worker_find_path ();
  ctx.memory = lab_memory_sampler_start_full (trace, nullptr, TRUE, 20 * MS);
  EXPECT_TRUE (model->run (&ctx, &error)) << model->id << ": " << (error ? error->message : "");
  g_clear_error (&error);
  lab_memory_sampler_stop (ctx.memory);
  lab_memory_figures_compute (trace, &f);
  printf ("[ measure  ] %s: %" G_GINT64_FORMAT " bytes a task (%u in flight), "
          "%" G_GINT64_FORMAT " RSS and %" G_GINT64_FORMAT " PSS a worker process\n",
          model->id, f.per_task_bytes, f.tasks_in_flight, f.per_worker_rss_bytes,
          f.per_worker_pss_bytes);
  lab_trace_unref (trace);
  lab_workload_unref (workload);
  return f;
}

// The lesson of ten thousand connections, small: a waiting task costs an
// event loop a few bytes, a thread a stack, a process its own memory.
TEST (MemoryFigures, AWaitCostsLessOnALoopThanOnAThreadThanInAProcess)
{
  const char *waits = "io 100x1s";
  LabMemoryFigures loop = measure (&lab_model_event_loop, waits);
  LabMemoryFigures threads = measure (&lab_model_threads, waits);
  LabMemoryFigures processes = measure (&lab_model_processes, waits);

  ASSERT_TRUE (loop.measured && threads.measured && processes.measured);
  EXPECT_EQ (loop.tasks_in_flight, 100u);
  EXPECT_GE (threads.tasks_in_flight, 90u);
  EXPECT_GE (processes.tasks_in_flight, 90u);
  EXPECT_LT (loop.per_task_bytes, threads.per_task_bytes);
  EXPECT_LT (threads.per_task_bytes, processes.per_task_bytes);
  // A thread holds at least a page of stack; a process at least what its
  // page tables and stack take, counted once each in PSS.
  EXPECT_GE (threads.per_task_bytes, 4096);
  EXPECT_GT (processes.per_worker_pss_bytes, 0);
  EXPECT_LE (processes.per_worker_pss_bytes, processes.per_worker_rss_bytes);
}

}  // namespace
