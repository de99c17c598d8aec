// SPDX-License-Identifier: GPL-3.0-or-later
// The strips' records: who held the GIL, the event loop's health, and
// that a saved comparison keeps both.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "exec-test-helpers.h"

extern "C" {
#include "lab-comparison.h"
#include "lab-cpu-monitor.h"
#include "lab-cpu-work.h"
#include "lab-cpu.h"
#include "lab-model.h"
#include "lab-trace-json.h"
}

using namespace exec_test;

namespace {

LabTrace *
run_model (const char *model_id,
           const char *workload_text,
           guint       n_workers)
{
  const LabModel *model = lab_model_find (model_id);
  GError *error = nullptr;
  LabWorkload *workload = lab_workload_parse (workload_text, &error);

  EXPECT_NE (model, nullptr);
  EXPECT_NE (workload, nullptr) << (error != nullptr ? error->message : "");
  if (model == nullptr || workload == nullptr)
    {
      g_clear_error (&error);
      return nullptr;
    }
  LabTrace *trace = lab_trace_new (model_id, workload, lab_cpu_count ());
  LabModelContext ctx = {};
  ctx.workload = workload;
  ctx.trace = trace;
  ctx.n_workers = n_workers;
  ctx.switch_interval_ns = 5 * LAB_NS_PER_MS;
  ctx.iterations_per_ms = lab_cpu_calibrate ();
  EXPECT_TRUE (model->run (&ctx, &error)) << (error != nullptr ? error->message : "");
  g_clear_error (&error);
  lab_workload_unref (workload);
  return trace;
}

template <typename T>
std::vector<T>
to_vector (GArray *array)
{
  std::vector<T> out;
  for (guint i = 0; i < array->len; i++)
    out.push_back (g_array_index (array, T, i));
  g_array_unref (array);
  return out;
}

}  // namespace

TEST (Strips, GilHoldsDoNotOverlapAndSwitchAtTheInterval)
{
  LabTrace *trace = run_model ("threads-gil", "cpu 2x300ms", 2);
  ASSERT_NE (trace, nullptr);
  auto holds = to_vector<LabLockHold> (lab_trace_copy_lock_holds (trace));
  auto requests = to_vector<LabLockRequest> (lab_trace_copy_lock_requests (trace));

  ASSERT_GT (holds.size (), 10u) << "two computing threads hand the lock over";
  gint64 held = 0;
  guint switches = 0;
  for (size_t i = 0; i < holds.size (); i++)
    {
      const LabLockHold &h = holds[i];
      ASSERT_NE (h.end_ns, 0) << "every hold is closed after the run";
      EXPECT_GE (h.end_ns, h.begin_ns);
      EXPECT_LT (h.task, 2u);
      EXPECT_LT (h.worker, 2u);
      if (i > 0)
        {
          EXPECT_GE (h.begin_ns, holds[i - 1].end_ns) << "hold " << i << " overlaps the one before";
          if (h.worker != holds[i - 1].worker)
            switches++;
        }
      held += h.end_ns - h.begin_ns;
    }

  // The lock was held during most of the computing time: the run is
  // about the CPU time of both tasks, one at a time.
  gint64 elapsed = lab_trace_get_end_ns (trace) - lab_trace_get_begin_ns (trace);
  EXPECT_GT ((double) held, 0.7 * (double) elapsed);
  EXPECT_LE (held, elapsed);

  // A switch about every 5 ms: 600 ms of computing gives ~120; a loaded
  // machine stretches the intervals, so generous bounds.
  EXPECT_GT (switches, 20u);
  EXPECT_LT (switches, 600u);
  ASSERT_GT (switches, 0u);
  double per_switch_ms = (double) held / switches / LAB_NS_PER_MS;
  EXPECT_GT (per_switch_ms, 2.0) << "a holder keeps the lock about a switch interval (5 ms)";
  EXPECT_LT (per_switch_ms, 50.0) << "a holder keeps the lock about a switch interval (5 ms)";
  ASSERT_GT (requests.size (), 10u) << "the waiting thread asked for the lock";
  for (size_t i = 0; i < requests.size (); i++)
    {
      EXPECT_NE (requests[i].worker, requests[i].holder) << "a thread does not ask itself";
      if (i > 0)
        {
          EXPECT_GE (requests[i].t_ns, requests[i - 1].t_ns);
        }
    }
  // Each request falls inside a hold of the thread it asked.
  guint inside = 0;
  for (const LabLockRequest &r : requests)
    for (const LabLockHold &h : holds)
      if (r.t_ns >= h.begin_ns && r.t_ns <= h.end_ns && h.worker == r.holder)
        {
          inside++;
          break;
        }
  EXPECT_GT (inside, requests.size () * 9 / 10);
  lab_trace_unref (trace);
}

TEST (Strips, PlainThreadsRecordNoLock)
{
  LabTrace *trace = run_model ("threads", "cpu 2x20ms", 2);
  ASSERT_NE (trace, nullptr);
  EXPECT_FALSE (lab_trace_has_lock (trace));
  EXPECT_FALSE (lab_trace_has_loop_health (trace));
  lab_trace_unref (trace);
}

TEST (Strips, BlockingTheLoopShowsLagAndTheBlockingTask)
{
  // Task 0 computes for 300 ms inside the loop; the 20 waits of 50 ms
  // come due meanwhile and run late.
  LabTrace *trace = run_model ("event-loop", "cpu 300ms + io 20x50ms", 0);
  ASSERT_NE (trace, nullptr);
  auto samples = to_vector<LabLoopSample> (lab_trace_copy_loop_samples (trace));
  auto blocks = to_vector<LabLoopBlock> (lab_trace_copy_loop_blocks (trace));

  ASSERT_FALSE (samples.empty ());
  gint64 max_lag = 0;
  guint max_ready = 0;
  for (size_t i = 0; i < samples.size (); i++)
    {
      max_lag = std::max (max_lag, samples[i].lag_ns);
      max_ready = std::max (max_ready, samples[i].ready);
      if (i > 0)
        {
          EXPECT_GE (samples[i].t_ns / LAB_LOOP_BUCKET_NS,
                     samples[i - 1].t_ns / LAB_LOOP_BUCKET_NS + 1)
              << "one sample per 10 ms bucket";
        }
    }
  // The waits started after the computation and ended 50 ms later; the
  // tasks started at 0 waited for the whole computation to start.
  EXPECT_GT (max_lag, 250 * LAB_NS_PER_MS) << "lag about the length of the CPU phase";
  EXPECT_GE (max_ready, 20u);

  ASSERT_GE (blocks.size (), 1u);
  bool cpu_blocked = false;
  for (const LabLoopBlock &b : blocks)
    {
      EXPECT_GT (b.end_ns - b.begin_ns, LAB_LOOP_BLOCK_MIN_NS);
      if (b.task == 0 && b.end_ns - b.begin_ns > 250 * LAB_NS_PER_MS)
        cpu_blocked = true;
      EXPECT_EQ (b.task, 0u) << "only the computing task blocks the loop";
    }
  EXPECT_TRUE (cpu_blocked);
  lab_trace_unref (trace);
}

TEST (Strips, OffloadKeepsTheLoopFree)
{
  LabTrace *trace = run_model ("loop-offload", "cpu 300ms + io 20x50ms", 0);
  ASSERT_NE (trace, nullptr);
  auto samples = to_vector<LabLoopSample> (lab_trace_copy_loop_samples (trace));
  auto blocks = to_vector<LabLoopBlock> (lab_trace_copy_loop_blocks (trace));

  ASSERT_FALSE (samples.empty ());
  EXPECT_TRUE (blocks.empty ()) << "no callback held the loop for over 10 ms";
  gint64 max_lag = 0;
  for (const LabLoopSample &s : samples)
    max_lag = std::max (max_lag, s.lag_ns);
  EXPECT_LT (max_lag, 60 * LAB_NS_PER_MS) << "lag stays small (generous for a loaded machine)";
  lab_trace_unref (trace);
}

TEST (Strips, LoopObserveKeepsTheMaximumPerBucket)
{
  LabWorkload *w = lab_workload_parse ("io 2x1ms", nullptr);
  LabTrace *trace = lab_trace_new ("event-loop", w, 1);
  gint64 t0 = 1000 * LAB_LOOP_BUCKET_NS;

  for (guint i = 0; i < 1000; i++)
    lab_trace_loop_observe (trace, t0 + i * 1000, i == 500 ? 7 * LAB_NS_PER_MS : 1000, i % 7);
  lab_trace_loop_observe (trace, t0 + LAB_LOOP_BUCKET_NS, 5, 1);
  auto samples = to_vector<LabLoopSample> (lab_trace_copy_loop_samples (trace));
  ASSERT_EQ (samples.size (), 2u);
  EXPECT_EQ (samples[0].lag_ns, 7 * LAB_NS_PER_MS);
  EXPECT_EQ (samples[0].t_ns, t0 + 500 * 1000) << "when the largest lag was seen";
  EXPECT_EQ (samples[0].ready, 6u);
  EXPECT_EQ (samples[1].lag_ns, 5);

  lab_trace_loop_add_block (trace, 1, t0, t0 + 5 * LAB_NS_PER_MS);
  EXPECT_EQ (to_vector<LabLoopBlock> (lab_trace_copy_loop_blocks (trace)).size (), 0u)
      << "5 ms does not block";
  lab_trace_unref (trace);
  lab_workload_unref (w);
}

TEST (Strips, LogGrowsAcrossChunks)
{
  LabWorkload *w = lab_workload_parse ("cpu 2x1ms", nullptr);
  LabTrace *trace = lab_trace_new ("threads-gil", w, 2);

  for (guint i = 0; i < 20000; i++)
    lab_trace_lock_take (trace, 1000 + i * 10, i % 2, i % 2);
  lab_trace_lock_drop (trace, 1000 + 20000 * 10);
  auto holds = to_vector<LabLockHold> (lab_trace_copy_lock_holds (trace));
  ASSERT_EQ (holds.size (), 20000u);
  for (guint i = 0; i < holds.size (); i++)
    {
      ASSERT_EQ (holds[i].begin_ns, 1000 + (gint64) i * 10) << i;
      ASSERT_EQ (holds[i].end_ns, 1000 + (gint64) (i + 1) * 10) << i;
      ASSERT_EQ (holds[i].worker, i % 2);
    }
  lab_trace_unref (trace);
  lab_workload_unref (w);
}

namespace {

std::string
json_of (LabComparison *c)
{
  gsize len = 0;
  char *text = lab_trace_json_to_string (c, &len);
  std::string s (text, len);
  g_free (text);
  return s;
}

LabComparison *
hand_built ()
{
  LabWorkload *w = lab_workload_parse ("cpu 2x10ms + io 2x30ms", nullptr);
  LabComparison *c = lab_comparison_new (w, 2);
  LabTrace *gil = lab_trace_new ("threads-gil", w, 2);
  LabTrace *loop = lab_trace_new ("event-loop", w, 2);
  gint64 t0 = 5 * LAB_NS_PER_S;

  lab_trace_begin (gil, t0);
  lab_trace_writer_add (lab_trace_get_writer (gil, 0), 0, LAB_STATE_RUNNING, 0, t0, t0 + 10);
  lab_trace_lock_take (gil, t0, 0, 0);
  lab_trace_lock_request (gil, t0 + 5 * LAB_NS_PER_MS, 1);
  lab_trace_lock_take (gil, t0 + 6 * LAB_NS_PER_MS, 1, 1);
  lab_trace_lock_drop (gil, t0 + 9 * LAB_NS_PER_MS);
  lab_trace_end (gil, t0 + 20 * LAB_NS_PER_MS);

  lab_trace_begin (loop, t0);
  lab_trace_loop_observe (loop, t0 + 1000, 1000, 4);
  lab_trace_loop_observe (loop, t0 + 40 * LAB_NS_PER_MS, 28 * LAB_NS_PER_MS, 2);
  lab_trace_loop_add_block (loop, 0, t0, t0 + 12 * LAB_NS_PER_MS);
  lab_trace_end (loop, t0 + 50 * LAB_NS_PER_MS);

  lab_comparison_add_trace (c, gil);
  lab_comparison_add_trace (c, loop);
  lab_trace_unref (gil);
  lab_trace_unref (loop);
  lab_workload_unref (w);
  return c;
}

}  // namespace

TEST (Strips, JsonRoundTripKeepsThem)
{
  LabComparison *c = hand_built ();
  std::string text = json_of (c);
  GError *error = nullptr;

  EXPECT_NE (text.find ("\"cat\":\"gil\""), std::string::npos) << "a Perfetto track for the lock";
  EXPECT_NE (text.find ("\"name\":\"loop lag\""), std::string::npos) << "a counter for the lag";
  LabComparison *back = lab_trace_json_from_string (text.c_str (), (gssize) text.size (), &error);
  ASSERT_NE (back, nullptr) << error->message;
  EXPECT_EQ (json_of (back), text);

  LabTrace *gil = lab_comparison_dup_trace (back, 0);
  auto holds = to_vector<LabLockHold> (lab_trace_copy_lock_holds (gil));
  auto requests = to_vector<LabLockRequest> (lab_trace_copy_lock_requests (gil));
  ASSERT_EQ (holds.size (), 2u);
  EXPECT_EQ (holds[0].end_ns, 5 * LAB_NS_PER_S + 6 * LAB_NS_PER_MS);
  EXPECT_EQ (holds[1].worker, 1u);
  EXPECT_EQ (holds[1].task, 1u);
  ASSERT_EQ (requests.size (), 1u);
  EXPECT_EQ (requests[0].worker, 1u);
  EXPECT_EQ (requests[0].holder, 0u);

  LabTrace *loop = lab_comparison_dup_trace (back, 1);
  auto samples = to_vector<LabLoopSample> (lab_trace_copy_loop_samples (loop));
  auto blocks = to_vector<LabLoopBlock> (lab_trace_copy_loop_blocks (loop));
  ASSERT_EQ (samples.size (), 2u);
  EXPECT_EQ (samples[1].lag_ns, 28 * LAB_NS_PER_MS);
  EXPECT_EQ (samples[0].ready, 4u);
  ASSERT_EQ (blocks.size (), 1u);
  EXPECT_EQ (blocks[0].end_ns - blocks[0].begin_ns, 12 * LAB_NS_PER_MS);
  EXPECT_FALSE (lab_trace_has_lock (loop));

  lab_trace_unref (gil);
  lab_trace_unref (loop);
  lab_comparison_unref (back);
  lab_comparison_unref (c);
}

TEST (Strips, BadFieldsAreRefusedByName)
{
  LabComparison *c = hand_built ();
  std::string text = json_of (c);
  struct
  {
    const char *from, *to, *expect;
  } cases[] = {
    { "\"holds\":{\"begin_ns\":[", "\"holds\":{\"begin_ns\":[\"x\",", "begin_ns" },
    { "\"worker\":[0,1]", "\"worker\":[0,70000]", "worker" },
    { "\"task\":[0,1]", "\"task\":[0,9]", "task" },
    { "\"lag_ns\":[", "\"lag_ns\":[-1,", "lag_ns" },
    { "\"ready\":[4,2]", "\"ready\":[4]", "differ in length" },
    { "\"samples\":{", "\"samples\":7,\"x\":{", "samples" },
    { "\"blocks\":{\"begin_ns\":[", "\"blocks\":{\"begin_ns\":[5000000000,", "differ in length" },
  };

  for (const auto &k : cases)
    {
      std::string bad = text;
      size_t at = bad.find (k.from);
      ASSERT_NE (at, std::string::npos) << k.from;
      bad.replace (at, strlen (k.from), k.to);
      GError *error = nullptr;
      LabComparison *back = lab_trace_json_from_string (bad.c_str (), (gssize) bad.size (), &error);
      EXPECT_EQ (back, nullptr) << k.to;
      if (back != nullptr)
        {
          lab_comparison_unref (back);
          continue;
        }
      EXPECT_NE (std::string (error->message).find (k.expect), std::string::npos)
          << error->message;
      g_clear_error (&error);
    }
  lab_comparison_unref (c);
}
