// SPDX-License-Identifier: GPL-3.0-or-later
// The figures of `run --summary json` for every lesson, the invariants they
// hold by construction; a run stopped with --stop-after, marked as such
// everywhere and again once reopened; --baseline refused unlike with like.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "cli-test-helpers.h"

extern "C" {
#include <json-glib/json-glib.h>

#include "lab-cpu-monitor.h"
#include "lab-cpu.h"
#include "lab-preset.h"
}

using cli_test::exists;
using cli_test::parse_json;
using cli_test::Result;
using cli_test::run;
using cli_test::TempDir;

namespace {

bool
is_null (JsonObject *object, const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  return node == nullptr || JSON_NODE_HOLDS_NULL (node);
}

double
number (JsonObject *object, const char *member)
{
  return json_object_get_double_member (object, member);
}

/* A lesson as `run` takes it, scaled down: its workload, its entries, its
 * workers. */
std::vector<std::string>
lesson_args (const LabPreset *preset, double scale)
{
  g_autofree char *workload = lab_preset_get_workload (preset, lab_cpu_count (), scale);
  std::string workers = std::to_string (lab_preset_get_workers (preset, lab_cpu_count ()));

  return { "run", "--workload", workload, "--models", preset->models, "--workers", workers };
}

/* Done when: every lesson's summary says nothing a figure's definition
 * forbids. Efficiency ≤ 100 %, Amdahl's limit ≥ the speedup, no model
 * below its ideal (beyond rounding), no speedup or efficiency for waits
 * alone, lateness for work that waits. */
TEST (Figures, EveryLessonsSummaryHoldsTheInvariants)
{
  for (guint p = 0; p < lab_preset_get_n (); p++)
    {
      const LabPreset *preset = lab_preset_get (p);
      /* Start-up runs as written: its tasks are already tiny. */
      double scale = g_str_equal (preset->id, "start-up") ? 1.0 : 0.05;
      std::vector<std::string> args = lesson_args (preset, scale);
      args.insert (args.end (), { "--summary", "json" });
      Result r = run (args);

      ASSERT_EQ (r.status, 0) << preset->id << ": " << r.err;
      g_autoptr (JsonNode) root = parse_json (r.out);
      ASSERT_NE (root, nullptr);
      JsonObject *top = json_node_get_object (root);
      EXPECT_TRUE (json_object_get_boolean_member (top, "complete")) << preset->id;
      EXPECT_FALSE (json_object_get_boolean_member (top, "stopped")) << preset->id;
      JsonArray *models = json_object_get_array_member (top, "models");
      ASSERT_GE (json_array_get_length (models), 2u) << preset->id << ": a comparison";

      for (guint i = 0; i < json_array_get_length (models); i++)
        {
          JsonObject *m = json_array_get_object_element (models, i);
          std::string where = std::string (preset->id) + ": "
                              + json_object_get_string_member (m, "name");
          JsonObject *work = json_object_get_object_member (m, "work_s");
          bool computes = number (work, "cpu") > 0;
          bool waits = number (work, "wait") > 0;

          EXPECT_STREQ (json_object_get_string_member (m, "state"), "complete") << where;
          if (!is_null (m, "efficiency"))
            {
              EXPECT_LE (number (m, "efficiency"), 1.0 + 1e-9) << where;
            }
          if (!is_null (m, "amdahl_limit"))
            {
              EXPECT_GE (number (m, "amdahl_limit"), number (m, "speedup") - 1e-9) << where;
            }
          ASSERT_FALSE (is_null (m, "ideal_s")) << where;
          EXPECT_LE (number (m, "ideal_s"), number (m, "elapsed_s") + 1e-9)
              << where << ": below its ideal";
          if (!computes)
            {
              EXPECT_TRUE (is_null (m, "speedup")) << where << ": waits alone";
              EXPECT_TRUE (is_null (m, "efficiency")) << where;
              EXPECT_TRUE (is_null (m, "amdahl_limit")) << where;
              EXPECT_FALSE (is_null (m, "waits_at_once")) << where;
            }
          if (waits)
            {
              ASSERT_FALSE (is_null (m, "lateness_s")) << where;
              JsonObject *late = json_object_get_object_member (m, "lateness_s");
              EXPECT_LE (number (late, "median"), number (late, "p99")) << where;
              EXPECT_LE (number (late, "p99"), number (late, "max")) << where;
            }
          else
            {
              EXPECT_TRUE (is_null (m, "lateness_s")) << where;
            }
          if (computes)
            {
              EXPECT_FALSE (is_null (m, "calibration_drift")) << where;
            }
          /* The figures the chart shows are the summary's own. */
          JsonArray *figures = json_object_get_array_member (m, "figures");
          ASSERT_NE (figures, nullptr) << where;
          for (guint k = 0; k < json_array_get_length (figures); k++)
            {
              JsonObject *f = json_array_get_object_element (figures, k);
              EXPECT_GT (strlen (json_object_get_string_member (f, "explanation")), 20u) << where;
            }
        }
    }
}

/* Blocking: the loop's lateness and loop-offload's stand side by side.
 * At a quarter of the lesson's scale: the loop's lateness grows with the
 * computation (250 ms), offload's is the loop's wake-up, which a loaded
 * machine (a sanitizer build beside compilers) can make tens of ms. */
TEST (Figures, BlockingSummaryCarriesLatenessPerModel)
{
  std::vector<std::string> args = lesson_args (lab_preset_find ("blocking"), 0.25);
  args.insert (args.end (), { "--summary", "json" });
  Result r = run (args);

  ASSERT_EQ (r.status, 0) << r.err;
  g_autoptr (JsonNode) root = parse_json (r.out);
  JsonArray *models = json_object_get_array_member (json_node_get_object (root), "models");
  ASSERT_EQ (json_array_get_length (models), 2u);
  JsonObject *loop = json_object_get_object_member (json_array_get_object_element (models, 0),
                                                    "lateness_s");
  JsonObject *offload = json_object_get_object_member (json_array_get_object_element (models, 1),
                                                       "lateness_s");
  ASSERT_NE (loop, nullptr);
  ASSERT_NE (offload, nullptr);
  EXPECT_GT (number (loop, "max"), 0.1) << "late by about the 250 ms computation";
  EXPECT_LT (number (offload, "max"), 0.3 * number (loop, "max"));
  EXPECT_EQ (json_object_get_int_member (loop, "tasks"), 16);
}

TEST (StopAfter, WritesWhatWasMeasuredMarkedStopped)
{
  TempDir dir;
  std::string image = dir.file ("stopped.png");
  std::string trace = dir.file ("stopped.json");
  Result r = run ({ "run", "--workload", "io 4x3s", "--models", "sequential,event-loop,threads",
                    "--stop-after", "400ms", "-o", image, "--trace", trace, "--summary",
                    "json" });

  EXPECT_EQ (r.status, 1) << "a stopped run is not a whole one: " << r.err;
  EXPECT_NE (r.err.find ("stopped after 400 ms"), std::string::npos) << r.err;
  EXPECT_TRUE (exists (image));
  EXPECT_TRUE (exists (trace));
  g_autoptr (JsonNode) root = parse_json (r.out);
  ASSERT_NE (root, nullptr);
  JsonObject *top = json_node_get_object (root);
  EXPECT_FALSE (json_object_get_boolean_member (top, "complete"));
  EXPECT_TRUE (json_object_get_boolean_member (top, "stopped"));
  EXPECT_TRUE (is_null (top, "ideal_s")) << "no whole run, no ideal";
  JsonArray *models = json_object_get_array_member (top, "models");
  ASSERT_EQ (json_array_get_length (models), 1u) << "only the first had started";
  JsonObject *seq = json_array_get_object_element (models, 0);
  EXPECT_STREQ (json_object_get_string_member (seq, "state"), "stopped");
  EXPECT_FALSE (json_object_get_boolean_member (seq, "complete"));
  EXPECT_TRUE (is_null (seq, "waits_at_once"));
  EXPECT_TRUE (is_null (seq, "ideal_s"));
  EXPECT_LT (number (seq, "elapsed_s"), 1.0);
  JsonArray *not_run = json_object_get_array_member (top, "not_run");
  ASSERT_EQ (json_array_get_length (not_run), 2u);
  EXPECT_STREQ (json_object_get_string_member (json_array_get_object_element (not_run, 0), "id"),
                "event-loop");
  EXPECT_STREQ (json_object_get_string_member (json_array_get_object_element (not_run, 1), "id"),
                "threads");

  /* Reopened, the same marks. */
  Result text = run ({ "render", trace, "-o", dir.file ("again.png"), "--summary", "text" });
  EXPECT_EQ (text.status, 0) << text.err;
  EXPECT_NE (text.out.find ("stopped at"), std::string::npos) << text.out;
  EXPECT_NE (text.out.find ("event-loop: not run"), std::string::npos) << text.out;
  EXPECT_NE (text.out.find ("threads: not run"), std::string::npos) << text.out;
  EXPECT_NE (text.out.find ("Stopped"), std::string::npos) << text.out;
  Result json = run ({ "render", trace, "-o", dir.file ("again.svg"), "--summary", "json" });
  g_autoptr (JsonNode) again = parse_json (json.out);
  ASSERT_NE (again, nullptr);
  EXPECT_TRUE (json_object_get_boolean_member (json_node_get_object (again), "stopped"));
  EXPECT_EQ (json_array_get_length (json_object_get_array_member (json_node_get_object (again),
                                                                  "not_run")), 2u);
}

TEST (StopAfter, AWholeRunWithinTheLimitIsNotStopped)
{
  Result r = run ({ "run", "--workload", "io 2x10ms", "--models", "sequential", "--stop-after",
                    "30s", "--summary", "json" });

  EXPECT_EQ (r.status, 0) << r.err;
  g_autoptr (JsonNode) root = parse_json (r.out);
  ASSERT_NE (root, nullptr);
  EXPECT_TRUE (json_object_get_boolean_member (json_node_get_object (root), "complete"));
}

TEST (StopAfter, RefusesWhatIsNotATime)
{
  for (const char *bad : { "soon", "0", "-1s", "" })
    {
      Result r = run ({ "run", "--workload", "io 10ms", "--stop-after", bad });
      EXPECT_EQ (r.status, 2) << bad;
      EXPECT_NE (r.err.find ("--stop-after"), std::string::npos) << bad << ": " << r.err;
    }
}

/* A comparison compares like with like: another workload, other workers or
 * another order are refused, naming both sides. Fewer cores and another
 * switch interval are what a what-if asks: allowed. */
TEST (Baseline, AnotherWorkloadIsRefusedNamingBoth)
{
  TempDir dir;
  std::string before = dir.file ("before.json");
  Result r = run ({ "run", "--workload", "cpu 2x30ms", "--models", "sequential,threads",
                    "--trace", before, "--summary", "none" });
  ASSERT_EQ (r.status, 0) << r.err;

  Result other = run ({ "run", "--workload", "cpu 2x10ms", "--models", "sequential,threads",
                        "--baseline", before, "-o", dir.file ("x.png") });
  EXPECT_EQ (other.status, 2) << other.err;
  EXPECT_NE (other.err.find ("2 × cpu 30 ms"), std::string::npos) << other.err;
  EXPECT_NE (other.err.find ("2 × cpu 10 ms"), std::string::npos) << other.err;
  EXPECT_FALSE (exists (dir.file ("x.png"))) << "refused before measuring";

  Result workers = run ({ "run", "--workload", "cpu 2x30ms", "--models", "sequential,threads",
                          "--workers", "1", "--baseline", before, "-o", dir.file ("w.png") });
  EXPECT_EQ (workers.status, 2) << workers.err;
  EXPECT_NE (workers.err.find ("workers"), std::string::npos) << workers.err;

  std::string after = dir.file ("after.json");
  Result again = run ({ "run", "--workload", "cpu 2x10ms", "--models", "sequential,threads",
                        "--trace", after, "--summary", "none" });
  ASSERT_EQ (again.status, 0) << again.err;
  Result render = run ({ "render", after, "--baseline", before, "-o", dir.file ("y.png") });
  EXPECT_EQ (render.status, 2) << render.err;
  EXPECT_NE (render.err.find ("2 × cpu 30 ms"), std::string::npos) << render.err;
  EXPECT_NE (render.err.find ("2 × cpu 10 ms"), std::string::npos) << render.err;
  EXPECT_FALSE (exists (dir.file ("y.png")));

  Result fewer = run ({ "run", "--workload", "cpu 2x30ms", "--models", "sequential,threads",
                        "--cores", "1", "--switch-interval", "1ms", "--baseline", before, "-o",
                        dir.file ("z.png"), "--summary", "none" });
  EXPECT_EQ (fewer.status, 0) << "fewer cores is the point of a what-if: " << fewer.err;
  EXPECT_TRUE (exists (dir.file ("z.png")));
}

TEST (Models, AModelTwiceWithItsOwnWorkers)
{
  Result r = run ({ "run", "--workload", "cpu 4x10ms", "--models", "threads:tasks,threads:1",
                    "--summary", "text" });

  ASSERT_EQ (r.status, 0) << r.err;
  EXPECT_NE (r.out.find ("threads:tasks"), std::string::npos) << r.out;
  EXPECT_NE (r.out.find ("threads:1"), std::string::npos) << r.out;

  Result bad = run ({ "run", "--workload", "cpu 4x10ms", "--models", "sequential:2" });
  EXPECT_EQ (bad.status, 2);
  EXPECT_NE (bad.err.find ("--models"), std::string::npos) << bad.err;
}

} // namespace
