// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <string>
#include <vector>

extern "C" {
#include "lab-error.h"
#include "lab-types.h"
#include "lab-workload.h"
}

namespace {

struct WorkloadPtr
{
  LabWorkload *w;
  explicit WorkloadPtr (LabWorkload *p) : w (p) {}
  ~WorkloadPtr () { if (w != nullptr) lab_workload_unref (w); }
  WorkloadPtr (const WorkloadPtr &) = delete;
  WorkloadPtr &operator= (const WorkloadPtr &) = delete;
  LabWorkload *get () const { return w; }
};

std::string
take (char *s)
{
  std::string out = s != nullptr ? s : "";
  g_free (s);
  return out;
}

LabWorkload *
parse_ok (const char *text)
{
  GError *error = nullptr;
  LabWorkload *w = lab_workload_parse (text, &error);

  EXPECT_NE (w, nullptr) << text << ": " << (error != nullptr ? error->message : "");
  g_clear_error (&error);
  return w;
}

std::vector<gint64>
durations (const LabWorkload *w)
{
  std::vector<gint64> out;

  for (guint i = 0; i < lab_workload_get_n_tasks (w); i++)
    out.push_back (lab_workload_get_task (w, i)->duration_ns);
  return out;
}

constexpr gint64 MS = 1000000;
constexpr gint64 S = 1000000000;

TEST (Types, NamesRoundTrip)
{
  for (int s = 0; s < LAB_N_STATES; s++)
    {
      LabState back;
      ASSERT_TRUE (lab_state_from_string (lab_state_to_string ((LabState) s), &back));
      EXPECT_EQ (back, s);
      EXPECT_STRNE (lab_state_get_label ((LabState) s), "");
    }
  for (int k = 0; k < LAB_N_TASK_KINDS; k++)
    {
      LabTaskKind back;
      ASSERT_TRUE (lab_task_kind_from_string (lab_task_kind_to_string ((LabTaskKind) k), &back));
      EXPECT_EQ (back, k);
    }
  for (int st = LAB_TASK_STATUS_PENDING; st <= LAB_TASK_STATUS_CANCELLED; st++)
    {
      LabTaskStatus back;
      ASSERT_TRUE (lab_task_status_from_string (lab_task_status_to_string ((LabTaskStatus) st),
                                                &back));
      EXPECT_EQ (back, st);
    }
  EXPECT_STREQ (lab_state_to_string (LAB_STATE_WAITING_IO), "waiting-io");
  EXPECT_STREQ (lab_task_status_to_string (LAB_TASK_STATUS_CANCELLED), "cancelled");
  EXPECT_FALSE (lab_state_from_string ("sleeping", nullptr));
  EXPECT_FALSE (lab_state_from_string (nullptr, nullptr));
  EXPECT_FALSE (lab_task_kind_from_string ("gpu", nullptr));
  EXPECT_STREQ (lab_state_to_string ((LabState) 99), "unknown");
}

TEST (Workload, List)
{
  WorkloadPtr w (parse_ok ("io 3,1,2s"));
  ASSERT_NE (w.get (), nullptr);
  EXPECT_EQ (durations (w.get ()), (std::vector<gint64>{ 3 * S, 1 * S, 2 * S }));
  EXPECT_EQ (lab_workload_get_task (w.get (), 0)->kind, LAB_TASK_KIND_IO);
  EXPECT_EQ (lab_workload_get_longest_ns (w.get ()), 3 * S);
  EXPECT_EQ (lab_workload_get_total_cpu_ns (w.get ()), 0);
  EXPECT_EQ (take (lab_workload_describe (w.get ())), "3 × io (3 s, 1 s, 2 s)");
}

TEST (Workload, CountTimesDuration)
{
  WorkloadPtr w (parse_ok ("cpu 8x500ms"));
  ASSERT_NE (w.get (), nullptr);
  EXPECT_EQ (lab_workload_get_n_tasks (w.get ()), 8u);
  EXPECT_EQ (lab_workload_get_total_cpu_ns (w.get ()), 4 * S);
  EXPECT_EQ (take (lab_workload_describe (w.get ())), "8 × cpu 500 ms");

  WorkloadPtr spaced (parse_ok ("  io 4 x 1s "));
  ASSERT_NE (spaced.get (), nullptr);
  EXPECT_EQ (durations (spaced.get ()), (std::vector<gint64>{ S, S, S, S }));

  WorkloadPtr single (parse_ok ("cpu 2s"));
  ASSERT_NE (single.get (), nullptr);
  EXPECT_EQ (durations (single.get ()), (std::vector<gint64>{ 2 * S }));

  WorkloadPtr times (parse_ok ("cpu 2×1.5s"));
  ASSERT_NE (times.get (), nullptr);
  EXPECT_EQ (durations (times.get ()), (std::vector<gint64>{ 1500 * MS, 1500 * MS }));
}

TEST (Workload, Groups)
{
  WorkloadPtr w (parse_ok ("io 20x100ms + cpu 1x1s"));
  ASSERT_NE (w.get (), nullptr);
  EXPECT_EQ (lab_workload_get_n_tasks (w.get ()), 21u);
  EXPECT_EQ (lab_workload_get_task (w.get (), 20)->kind, LAB_TASK_KIND_CPU);
  EXPECT_TRUE (lab_workload_has_kind (w.get (), LAB_TASK_KIND_IO));
  EXPECT_TRUE (lab_workload_has_kind (w.get (), LAB_TASK_KIND_CPU));
  EXPECT_FALSE (lab_workload_has_kind (w.get (), LAB_TASK_KIND_MIXED));
  EXPECT_EQ (take (lab_workload_describe (w.get ())), "20 × io 100 ms + 1 × cpu 1 s");
}

TEST (Workload, MixedPhases)
{
  WorkloadPtr w (parse_ok ("mixed 6x1s mix=30/40/30"));
  ASSERT_NE (w.get (), nullptr);
  guint a, b, c;
  lab_workload_get_mix (w.get (), &a, &b, &c);
  EXPECT_EQ (a, 30u);
  EXPECT_EQ (b, 40u);
  EXPECT_EQ (c, 30u);

  LabPhase phases[LAB_MAX_PHASES];
  ASSERT_EQ (lab_workload_get_phases (w.get (), 0, phases), 3u);
  EXPECT_EQ (phases[0].kind, LAB_PHASE_CPU);
  EXPECT_EQ (phases[0].ns, 300 * MS);
  EXPECT_EQ (phases[1].kind, LAB_PHASE_IO);
  EXPECT_EQ (phases[1].ns, 400 * MS);
  EXPECT_EQ (phases[2].kind, LAB_PHASE_CPU);
  EXPECT_EQ (phases[2].ns, 300 * MS);
  EXPECT_EQ (lab_workload_get_total_cpu_ns (w.get ()), 6 * 600 * MS);

  WorkloadPtr def (parse_ok ("mixed 1s"));
  ASSERT_NE (def.get (), nullptr);
  lab_workload_get_mix (def.get (), &a, &b, &c);
  EXPECT_EQ (a, 20u);
  EXPECT_EQ (b, 60u);
  EXPECT_EQ (c, 20u);

  WorkloadPtr waits (parse_ok ("mixed 1s mix=0/100/0"));
  ASSERT_NE (waits.get (), nullptr);
  ASSERT_EQ (lab_workload_get_phases (waits.get (), 0, phases), 1u);
  EXPECT_EQ (phases[0].kind, LAB_PHASE_IO);
  EXPECT_EQ (phases[0].ns, S);
}

TEST (Workload, RandomIsSeededAndInRange)
{
  WorkloadPtr a (parse_ok ("io 50x random:0.5s..2s:seed=7"));
  WorkloadPtr b (parse_ok ("io 50x random:500ms..2s:seed=7"));
  WorkloadPtr c (parse_ok ("io 50x random:0.5s..2s:seed=8"));
  WorkloadPtr d (parse_ok ("io 50x random:0.5s..2s"));
  WorkloadPtr e (parse_ok ("io 50x random:0.5s..2s:seed=1"));
  ASSERT_TRUE (a.get () && b.get () && c.get () && d.get () && e.get ());

  EXPECT_EQ (durations (a.get ()), durations (b.get ()));
  EXPECT_NE (durations (a.get ()), durations (c.get ()));
  EXPECT_EQ (durations (d.get ()), durations (e.get ())) << "the default seed is 1";

  std::vector<gint64> v = durations (a.get ());
  gint64 lo = *std::min_element (v.begin (), v.end ());
  gint64 hi = *std::max_element (v.begin (), v.end ());
  EXPECT_GE (lo, 500 * MS);
  EXPECT_LE (hi, 2 * S);
  EXPECT_GT (hi - lo, 500 * MS) << "fifty draws should spread over the range";
}

TEST (Workload, ToStringParsesBackEqual)
{
  const char *texts[] = {
    "io 3,1,2s",
    "cpu 8x500ms",
    "io 20x100ms + cpu 1x1s",
    "mixed 6x1s mix=30/40/30",
    "io 10x random:0.5s..2s:seed=7 + cpu 2x250us",
    "cpu 1.5s",
    "io 100ms,1,2300ms",
    "mixed 3x999ns + io 1min",
    "io 7x3,1,2s",
    "io 2x3,1,2s + cpu 5x1,2ms",
    "cpu 1h",
  };

  for (const char *text : texts)
    {
      WorkloadPtr w (parse_ok (text));
      ASSERT_NE (w.get (), nullptr);
      std::string written = take (lab_workload_to_string (w.get ()));
      WorkloadPtr back (parse_ok (written.c_str ()));
      ASSERT_NE (back.get (), nullptr) << written;
      EXPECT_TRUE (lab_workload_equal (w.get (), back.get ())) << text << " → " << written;
      EXPECT_EQ (take (lab_workload_to_string (back.get ())), written);
    }

  WorkloadPtr r (parse_ok ("io 10x random:0.5s..2s:seed=7"));
  EXPECT_EQ (take (lab_workload_to_string (r.get ())), "io 10x random:500ms..2s:seed=7");
}

TEST (Workload, DescribeForPeople)
{
  struct { const char *text; const char *described; } cases[] = {
    { "io 16x random:100ms..1.5s:seed=4", "16 × io 100 ms to 1.5 s (random)" },
    { "cpu 2x2.25s", "2 × cpu 2.25 s" },
    { "cpu 250us", "1 × cpu 250 µs" },
    { "io 1,2,3,4,5,6,7,8s", "8 × io (1 s, 2 s, 3 s, 4 s, 5 s, 6 s, …)" },
    { "mixed 4x1s mix=30/40/30", "4 × mixed 1 s, mixed as 30% compute, 40% wait, 30% compute" },
    { "io 5x3,1,2s", "5 × io (3 s, 1 s, 2 s, repeated)" },
    { "cpu 3600s", "1 × cpu 1 h" },
  };
  for (const auto &c : cases)
    {
      WorkloadPtr w (parse_ok (c.text));
      ASSERT_NE (w.get (), nullptr);
      EXPECT_EQ (take (lab_workload_describe (w.get ())), c.described);
    }
}

/* "COUNT x LIST" cycles the list to the count, or cuts it. */
TEST (Workload, CountTimesListCyclesTheList)
{
  WorkloadPtr w (parse_ok ("io 7x3,1,2s"));
  WorkloadPtr cut (parse_ok ("io 2x3,1,2s"));

  ASSERT_NE (w.get (), nullptr);
  EXPECT_EQ (durations (w.get ()),
             (std::vector<gint64>{ 3 * S, 1 * S, 2 * S, 3 * S, 1 * S, 2 * S, 3 * S }));
  ASSERT_NE (cut.get (), nullptr);
  EXPECT_EQ (durations (cut.get ()), (std::vector<gint64>{ 3 * S, 1 * S }));
  EXPECT_EQ (take (lab_workload_to_string (cut.get ())), "io 3s,1s");
}

TEST (WorkloadShape, RangeCountsARandomSpreadByItsBounds)
{
  WorkloadPtr w (parse_ok ("io 16x random:100ms..1500ms:seed=4 + cpu 1x1s"));
  WorkloadPtr one (parse_ok ("cpu 100x2ms"));
  gint64 lo = 0, hi = 0;
  LabTaskKind kind;

  lab_workload_get_range (w.get (), &lo, &hi);
  EXPECT_EQ (lo, 100 * MS);
  EXPECT_EQ (hi, 1500 * MS);
  EXPECT_FALSE (lab_workload_get_kind (w.get (), &kind));
  lab_workload_get_range (one.get (), &lo, &hi);
  EXPECT_EQ (lo, 2 * MS);
  EXPECT_EQ (hi, 2 * MS);
  EXPECT_TRUE (lab_workload_get_kind (one.get (), &kind));
  EXPECT_EQ (kind, LAB_TASK_KIND_CPU);
}

/* Scaling multiplies every duration and keeps everything else: counts,
 * order, kinds, seeds and mix. */
TEST (WorkloadShape, ScaleMultipliesEveryDurationAndKeepsTheShape)
{
  struct { const char *text; double factor; const char *scaled; } cases[] = {
    { "io 3,1,2s", 0.5, "io 1.5s,500ms,1s" },
    { "io 16x random:100ms..1500ms:seed=4 + cpu 1x1s", 2,
      "io 16x random:200ms..3s:seed=4 + cpu 2s" },
    { "cpu 100x2ms", 1.5, "cpu 100x3ms" },
    { "mixed 4x1s mix=30/40/30", 3, "mixed 4x3s mix=30/40/30" },
    { "io 7x3,1,2s", 10, "io 7x30s,10s,20s" },
    /* three significant digits, never past an hour */
    { "cpu 1s", 1.0 / 3, "cpu 333ms" },
    { "cpu 1s", 7200, "cpu 3600s" },
  };

  for (const auto &c : cases)
    {
      WorkloadPtr w (parse_ok (c.text));
      WorkloadPtr scaled (lab_workload_scale (w.get (), c.factor));

      ASSERT_NE (scaled.get (), nullptr) << c.text;
      EXPECT_EQ (take (lab_workload_to_string (scaled.get ())), c.scaled) << c.text;
    }

  /* the random tasks are the same draws, each times the factor */
  WorkloadPtr r (parse_ok ("io 16x random:100ms..1500ms:seed=4"));
  WorkloadPtr r2 (lab_workload_scale (r.get (), 2));
  for (guint i = 0; i < 16; i++)
    EXPECT_NEAR ((double) lab_workload_get_task (r2.get (), i)->duration_ns,
                 2.0 * (double) lab_workload_get_task (r.get (), i)->duration_ns, 2.0);
}

/* Resizing repeats the pattern: a list cycles, a random spread draws more
 * (its first tasks stay), groups keep their proportions and every kind
 * stays while there are tasks for it. */
TEST (WorkloadShape, ResizeRepeatsThePattern)
{
  struct { const char *text; guint n; const char *resized; } cases[] = {
    { "io 3,1,2s", 6, "io 6x3s,1s,2s" },
    { "io 3,1,2s", 2, "io 3s,1s" },
    { "io 3,1,2s", 1, "io 3s" },
    { "cpu 100x2ms", 30, "cpu 30x2ms" },
    { "io 16x random:100ms..1.5s:seed=4 + cpu 1x1s", 34,
      "io 32x random:100ms..1.5s:seed=4 + cpu 2x1s" },
    { "io 16x random:100ms..1.5s:seed=4 + cpu 1x1s", 20,
      "io 19x random:100ms..1.5s:seed=4 + cpu 1s" },
    { "io 16x random:100ms..1.5s:seed=4 + cpu 1x1s", 2,
      "io 1x random:100ms..1.5s:seed=4 + cpu 1s" },
    { "io 16x random:100ms..1.5s:seed=4 + cpu 1x1s", 1,
      "io 1x random:100ms..1.5s:seed=4" },
    { "mixed 6x1s mix=30/40/30", 64, "mixed 64x1s mix=30/40/30" },
  };

  for (const auto &c : cases)
    {
      WorkloadPtr w (parse_ok (c.text));
      WorkloadPtr resized (lab_workload_resize (w.get (), c.n));

      ASSERT_NE (resized.get (), nullptr) << c.text;
      EXPECT_EQ (lab_workload_get_n_tasks (resized.get ()), c.n) << c.text;
      EXPECT_EQ (take (lab_workload_to_string (resized.get ())), c.resized) << c.text;
    }

  WorkloadPtr r (parse_ok ("io 16x random:100ms..1.5s:seed=4"));
  WorkloadPtr more (lab_workload_resize (r.get (), 40));
  for (guint i = 0; i < 16; i++)
    EXPECT_EQ (lab_workload_get_task (more.get (), i)->duration_ns,
               lab_workload_get_task (r.get (), i)->duration_ns);

  WorkloadPtr big (lab_workload_resize (r.get (), LAB_MAX_TASKS));
  EXPECT_EQ (lab_workload_get_n_tasks (big.get ()), (guint) LAB_MAX_TASKS);
  EXPECT_LT (take (lab_workload_to_string (big.get ())).size (), 64u);
}

TEST (WorkloadShape, WithKindChangesOnlyTheKinds)
{
  WorkloadPtr w (parse_ok ("io 16x random:100ms..1.5s:seed=4 + cpu 1x1s"));
  WorkloadPtr cpu (lab_workload_with_kind (w.get (), LAB_TASK_KIND_CPU));

  EXPECT_EQ (take (lab_workload_to_string (cpu.get ())),
             "cpu 16x random:100ms..1.5s:seed=4 + cpu 1s");
  EXPECT_EQ (durations (cpu.get ()), durations (w.get ()));
}

// A million waits become computations only as many as may compute.
TEST (WorkloadShape, WithKindKeepsComputationsWithinTheirLimit)
{
  WorkloadPtr waits (parse_ok ("io 1000000x1s"));
  EXPECT_EQ (lab_workload_get_max_tasks (waits.get ()), (guint) LAB_MAX_TASKS);

  WorkloadPtr cpu (lab_workload_with_kind (waits.get (), LAB_TASK_KIND_CPU));
  ASSERT_NE (cpu.get (), nullptr);
  EXPECT_EQ (take (lab_workload_to_string (cpu.get ())), "cpu 100000x1s");
  EXPECT_EQ (lab_workload_get_max_tasks (cpu.get ()), (guint) LAB_MAX_COMPUTING_TASKS);
  WorkloadPtr some (parse_ok ("io 10x1s + mixed 1x1s"));
  EXPECT_EQ (lab_workload_get_max_tasks (some.get ()), (guint) LAB_MAX_COMPUTING_TASKS);

  WorkloadPtr back (lab_workload_with_kind (cpu.get (), LAB_TASK_KIND_IO));
  EXPECT_EQ (lab_workload_get_n_tasks (back.get ()), (guint) LAB_MAX_COMPUTING_TASKS);
}

TEST (Workload, EqualComparesTasks)
{
  WorkloadPtr a (parse_ok ("io 3x1s"));
  WorkloadPtr b (parse_ok ("io 1,1,1s"));
  WorkloadPtr c (parse_ok ("cpu 3x1s"));
  WorkloadPtr m1 (parse_ok ("mixed 1s"));
  WorkloadPtr m2 (parse_ok ("mixed 1s mix=10/80/10"));
  WorkloadPtr u (lab_workload_new_uniform (LAB_TASK_KIND_IO, 3, S));

  EXPECT_TRUE (lab_workload_equal (a.get (), b.get ()));
  EXPECT_TRUE (lab_workload_equal (a.get (), u.get ()));
  EXPECT_FALSE (lab_workload_equal (a.get (), c.get ()));
  EXPECT_FALSE (lab_workload_equal (m1.get (), m2.get ()));
  EXPECT_EQ (take (lab_workload_to_string (u.get ())), "io 3x1s");
}

TEST (Workload, Limits)
{
  WorkloadPtr max (parse_ok ("io 1000000x1ms"));
  ASSERT_NE (max.get (), nullptr);
  EXPECT_EQ (lab_workload_get_n_tasks (max.get ()), (guint) LAB_MAX_TASKS);

  WorkloadPtr split (parse_ok ("io 900000x1ms + cpu 50000x1ms + mixed 50000x1ms"));
  ASSERT_NE (split.get (), nullptr);
  WorkloadPtr computing (parse_ok ("cpu 100000x1ms"));
  ASSERT_NE (computing.get (), nullptr);
}

TEST (Workload, BoxedType)
{
  GType type = lab_workload_get_type ();
  EXPECT_TRUE (G_TYPE_IS_BOXED (type));
  WorkloadPtr w (parse_ok ("io 1s"));
  LabWorkload *copy = (LabWorkload *) g_boxed_copy (type, w.get ());
  EXPECT_EQ (copy, w.get ());
  g_boxed_free (type, copy);
}

struct Reject
{
  const char *text;
  const char *message_part;
};

const Reject rejects[] = {
  { "", "empty" },
  { "   ", "empty" },
  { "gpu 3x1s", "unknown task kind “gpu” (use io, cpu or mixed)" },
  { "3x1s", "starts with a task kind" },
  { "io", "a duration must follow" },
  { "io 1000001x1ms", "too many tasks: 1000001 (at most 1000000: every task is recorded and "
                      "drawn" },
  { "io 600000x1ms + io 400001x1ms", "too many tasks: 1000001" },
  { "io 99999999999999999999x1s", "too many tasks: 99999999999999999999 (at most 1000000" },
  { "cpu 1000000x1ms", "too many tasks that compute: 1000000 (at most 100000, as each one keeps "
                       "a core busy under every model and more would run for hours; tasks that "
                       "only wait may number up to 1000000)" },
  { "cpu 60000x1ms + io 5x1s + mixed 40001x1ms", "too many tasks that compute: 100001" },
  { "io 0x1s", "at least one task" },
  { "io 3x", "empty" },
  { "io 3x1q", "unknown unit" },
  { "io 3,,2s", "item 2" },
  { "io 1s +", "“+”" },
  { "+ io 1s", "“+”" },
  { "mixed 1s mix=30/30", "three percentages" },
  { "mixed 1s mix=30/30/30", "add up to 100, not 90" },
  { "mixed 1s mix=a/b/c", "whole percentage" },
  { "mixed 1s mix=200/0/0", "whole percentage" },
  { "mixed 1s mix=20/60/20 + io 1s", "must come after" },
  /* Found by fuzzing: a mix with no group once parsed to zero tasks. */
  { "mix=30/40/30", "empty" },
  { "  mix=20/60/20 ", "empty" },
  { "io 3xrandom:2s..1s", "low end" },
  { "io 3x random:1s", "random:LOW..HIGH" },
  { "io 3x random:1s..2s:seed=x", "seed" },
  { "io 3x random:1s..2s:seed=99999999999", "seed" },
  { "io 3x random:1s..0s", "greater than zero" },
  { "io -1s", "negative" },
  { "cpu 2h", "1 hour" },
  { "cpu 2d", "unknown unit" },
  { "cpu 3601s", "1 hour" },
};

class WorkloadReject : public ::testing::TestWithParam<Reject> {};

TEST_P (WorkloadReject, FailsWithMessage)
{
  const Reject &c = GetParam ();
  GError *error = nullptr;
  LabWorkload *w = lab_workload_parse (c.text, &error);

  EXPECT_EQ (w, nullptr) << c.text;
  ASSERT_NE (error, nullptr) << c.text;
  EXPECT_EQ (error->domain, LAB_ERROR);
  EXPECT_NE (std::string (error->message).find (c.message_part), std::string::npos)
      << "“" << c.text << "” gave: " << error->message;
  g_clear_error (&error);
  if (w != nullptr)
    lab_workload_unref (w);
}

INSTANTIATE_TEST_SUITE_P (Table, WorkloadReject, ::testing::ValuesIn (rejects));

} // namespace
