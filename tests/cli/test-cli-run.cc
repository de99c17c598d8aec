// SPDX-License-Identifier: GPL-3.0-or-later
// `run` for real, on tiny workloads: the JSON summary against the saved
// trace, the text summary, outputs that cannot be written, failed models.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>

#include "cli-test-helpers.h"

extern "C" {
#include <json-glib/json-glib.h>

#include "lab-comparison.h"
#include "lab-cpu-monitor.h"
#include "lab-cpu.h"
#include "lab-figures.h"
#include "lab-preset.h"
#include "lab-stats.h"
#include "lab-trace-json.h"
#include "lab-types.h"
}

using cli_test::exists;
using cli_test::parse_json;
using cli_test::read_file;
using cli_test::Result;
using cli_test::run;
using cli_test::TempDir;
using cli_test::write_file;

namespace {

constexpr double EPS = 1e-6;  // the trace keeps nanoseconds; seconds as doubles are exact to far less

void
expect_seconds (JsonObject *object, const char *member, gint64 ns, const std::string &where)
{
  JsonNode *node = json_object_get_member (object, member);
  ASSERT_NE (node, nullptr) << where << "." << member;
  if (ns < 0)
    {
      EXPECT_TRUE (JSON_NODE_HOLDS_NULL (node)) << where << "." << member;
      return;
    }
  EXPECT_NEAR (json_node_get_double (node), (double) ns / 1e9, EPS) << where << "." << member;
}

void
expect_ratio (JsonObject *object, const char *member, double value, const std::string &where)
{
  JsonNode *node = json_object_get_member (object, member);
  ASSERT_NE (node, nullptr) << where << "." << member;
  if (std::isnan (value))
    EXPECT_TRUE (JSON_NODE_HOLDS_NULL (node)) << where << "." << member;
  else
    EXPECT_NEAR (json_node_get_double (node), value, 1e-9) << where << "." << member;
}

void
expect_tasks_match (JsonArray *tasks, LabTrace *trace, const std::string &where)
{
  g_autoptr (GArray) stats = lab_trace_compute_task_stats (trace);

  ASSERT_EQ (json_array_get_length (tasks), stats->len) << where;
  for (guint i = 0; i < stats->len; i++)
    {
      const LabTaskStats *t = &g_array_index (stats, LabTaskStats, i);
      JsonObject *task = json_array_get_object_element (tasks, i);
      std::string at = where + ".tasks[" + std::to_string (i) + "]";

      EXPECT_EQ (json_object_get_int_member (task, "id"), (gint64) t->task) << at;
      EXPECT_STREQ (json_object_get_string_member (task, "status"),
                    lab_task_status_to_string (t->status)) << at;
      expect_seconds (task, "begin_s", t->begin_ns, at);
      expect_seconds (task, "end_s", t->end_ns, at);
      JsonObject *states = json_object_get_object_member (task, "states_s");
      ASSERT_NE (states, nullptr) << at;
      EXPECT_EQ (json_object_get_size (states), (guint) LAB_N_STATES) << at;
      for (guint s = 0; s < LAB_N_STATES; s++)
        expect_seconds (states, lab_state_to_string ((LabState) s), t->state_ns[s], at);
    }
}

TEST (Run, JsonSummaryAgreesWithTheSavedTrace)
{
  TempDir dir;
  std::string trace_path = dir.file ("run.json");
  Result r = run ({ "run", "--models", "sequential,event-loop", "--kind", "io", "--durations",
                    "30,10,20ms", "--trace", trace_path, "--summary", "json" });

  ASSERT_EQ (r.status, 0) << r.err;
  g_autoptr (JsonNode) root = parse_json (r.out);
  ASSERT_NE (root, nullptr);
  g_autoptr (GError) error = nullptr;
  g_autoptr (LabComparison) comparison = lab_trace_json_load (trace_path.c_str (), &error);
  ASSERT_NE (comparison, nullptr) << error->message;

  JsonObject *top = json_node_get_object (root);
  g_autofree char *workload = lab_workload_to_string (lab_comparison_get_workload (comparison));
  EXPECT_STREQ (json_object_get_string_member (top, "workload"), workload);
  EXPECT_STREQ (json_object_get_string_member (top, "workload"), "io 30ms,10ms,20ms");
  EXPECT_STREQ (json_object_get_string_member (top, "version"), lab_comparison_get_version (comparison));
  EXPECT_EQ (json_object_get_int_member (top, "cores"), (gint64) lab_comparison_get_n_cores (comparison));

  JsonArray *models = json_object_get_array_member (top, "models");
  ASSERT_EQ (json_array_get_length (models), lab_comparison_get_n_traces (comparison));
  for (guint i = 0; i < json_array_get_length (models); i++)
    {
      JsonObject *model = json_array_get_object_element (models, i);
      g_autoptr (LabTrace) trace = lab_comparison_dup_trace (comparison, i);
      g_autoptr (LabFigures) figures = lab_figures_new (comparison, trace);
      std::string where = std::string ("models[") + std::to_string (i) + "]";
      LabTraceStats stats;

      lab_trace_compute_stats (trace, &stats);
      EXPECT_STREQ (json_object_get_string_member (model, "id"), lab_trace_get_model_id (trace));
      expect_seconds (model, "elapsed_s", stats.elapsed_ns, where);
      expect_seconds (model, "cpu_s", stats.cpu_ns, where);
      expect_seconds (model, "ideal_s", figures->ideal_ns, where);
      expect_ratio (model, "speedup", figures->speedup, where);
      expect_ratio (model, "efficiency", figures->efficiency, where);
      expect_ratio (model, "waits_at_once", figures->overlap, where);
      EXPECT_STREQ (json_object_get_string_member (model, "state"), "complete") << where;
      EXPECT_FALSE (json_object_has_member (model, "error")) << where;
      expect_tasks_match (json_object_get_array_member (model, "tasks"), trace, where);
    }

  // What was measured, loosely: the waits overlap on the event loop.
  JsonObject *seq = json_array_get_object_element (models, 0);
  JsonObject *loop = json_array_get_object_element (models, 1);
  EXPECT_GE (json_object_get_double_member (seq, "elapsed_s"), 0.060);
  EXPECT_LT (json_object_get_double_member (loop, "elapsed_s"),
             json_object_get_double_member (seq, "elapsed_s"));
  // Waits only: no speedup over cores, no efficiency; how many waits at once.
  EXPECT_TRUE (json_object_get_null_member (seq, "speedup"));
  EXPECT_TRUE (json_object_get_null_member (loop, "efficiency"));
  EXPECT_NEAR (json_object_get_double_member (seq, "waits_at_once"), 1.0, 0.05);
  EXPECT_GT (json_object_get_double_member (loop, "waits_at_once"), 1.5);
}

TEST (Run, TextSummaryIsATable)
{
  Result r = run ({ "run", "--models", "sequential,threads", "--kind", "cpu", "--tasks", "2",
                    "--duration", "10ms" });

  ASSERT_EQ (r.status, 0) << r.err;
  for (const char *word : { "Model", "Elapsed", "CPU", "Ideal", "Speedup", "Efficiency", "Done",
                            "Failed", "sequential", "threads" })
    EXPECT_NE (r.out.find (word), std::string::npos) << word << "\n" << r.out;
  // Aligned: the header and the rows have the same width.
  std::vector<std::string> lines;
  for (size_t at = 0, nl; (nl = r.out.find ('\n', at)) != std::string::npos; at = nl + 1)
    lines.push_back (r.out.substr (at, nl - at));
  ASSERT_GE (lines.size (), 4u) << r.out;
  EXPECT_EQ (g_utf8_strlen (lines[1].c_str (), -1), g_utf8_strlen (lines[2].c_str (), -1)) << r.out;
  EXPECT_EQ (g_utf8_strlen (lines[2].c_str (), -1), g_utf8_strlen (lines[3].c_str (), -1)) << r.out;
}

TEST (Run, WritesEveryFormat)
{
  TempDir dir;
  struct { const char *name; const char *format; const char *magic; } cases[] = {
    { "a.png", nullptr, "\x89PNG" },
    { "b.svg", nullptr, "<" },
    { "c.pdf", nullptr, "%PDF" },
    { "d.img", "svg", "<" },
  };

  for (const auto &c : cases)
    {
      std::vector<std::string> args = { "run", "--models", "sequential", "--tasks", "1",
                                        "--duration", "5ms", "--size", "640x360", "--summary",
                                        "none", "-o", dir.file (c.name) };
      if (c.format != nullptr)
        args.insert (args.end (), { "--format", c.format });
      Result r = run (args);

      ASSERT_EQ (r.status, 0) << c.name << "\n" << r.err;
      EXPECT_EQ (r.out, "");
      std::string data = read_file (dir.file (c.name));
      EXPECT_EQ (data.compare (0, strlen (c.magic), c.magic), 0) << c.name;
    }
  EXPECT_EQ (dir.list ().size (), 4u) << "a temporary file was left behind";
}

TEST (Run, UnwritableOutputWritesNothingAndKeepsTheExistingFile)
{
  TempDir dir;
  std::string existing = dir.file ("existing-file");
  std::string target = dir.file ("chart.png");
  const std::string original = "not a png, and it must stay so\n";
  write_file (existing, "a file, not a folder");
  write_file (target, original);
  ASSERT_EQ (g_mkdir (dir.file ("folder.png").c_str (), 0755), 0);

  struct { std::vector<std::string> where; } cases[] = {
    { { "-o", existing + "/out.png" } },                    // ENOTDIR, even as root
    { { "-o", dir.file ("missing/out.png") } },             // no such folder
    { { "-o", dir.file ("folder.png") } },                  // a folder, not a file
    { { "-o", target, "--trace", existing + "/t.json" } },  // the trace cannot be saved
  };
  for (const auto &c : cases)
    {
      std::vector<std::string> args = { "run", "--models", "sequential", "--tasks", "1",
                                        "--duration", "1ms" };
      args.insert (args.end (), c.where.begin (), c.where.end ());
      Result r = run (args);

      EXPECT_EQ (r.status, 1) << c.where[1] << "\n" << r.err;
      EXPECT_NE (r.err.find ("Cannot write"), std::string::npos) << r.err;
      EXPECT_EQ (read_file (target), original);
      EXPECT_EQ (dir.list (), (std::vector<std::string>{ "chart.png", "existing-file", "folder.png" }));
    }
}

TEST (Run, AFailedModelIsReportedAndTheRunExitsOne)
{
  TempDir dir;
  std::string image = dir.file ("out.png");
  // With no worker program, the processes model cannot run; the others can.
  Result r = run ({ "run", "--models", "threads,processes", "--kind", "cpu", "--tasks", "2",
                    "--duration", "5ms", "--summary", "json", "-o", image },
                  { "LAB_WORKER_PATH=" + dir.file ("no-such-worker") });

  EXPECT_EQ (r.status, 1) << r.err;
  EXPECT_NE (r.err.find ("processes"), std::string::npos) << r.err;
  g_autoptr (JsonNode) root = parse_json (r.out);
  ASSERT_NE (root, nullptr);
  JsonArray *models = json_object_get_array_member (json_node_get_object (root), "models");
  ASSERT_EQ (json_array_get_length (models), 2u);
  JsonObject *threads = json_array_get_object_element (models, 0);
  JsonObject *processes = json_array_get_object_element (models, 1);
  EXPECT_FALSE (json_object_has_member (threads, "error"));
  ASSERT_TRUE (json_object_has_member (processes, "error"));
  EXPECT_STRNE (json_object_get_string_member (processes, "error"), "");
  // A model that did not run claims no speedup.
  EXPECT_TRUE (JSON_NODE_HOLDS_NULL (json_object_get_member (processes, "speedup")));
  EXPECT_TRUE (JSON_NODE_HOLDS_NULL (json_object_get_member (processes, "efficiency")));
  // What the other model measured is still drawn.
  EXPECT_TRUE (exists (image));
}

// A new user's first run from the build tree: nothing to set for the
// processes model, which starts the worker built beside the program.
TEST (Run, TheBuildTreeProgramStartsItsOwnWorker)
{
  Result r = run ({ "run", "--models", "processes", "--kind", "cpu", "--tasks", "2",
                    "--duration", "5ms", "--summary", "json" },
                  { "LAB_WORKER_PATH" });

  ASSERT_EQ (r.status, 0) << r.err;
  g_autoptr (JsonNode) root = parse_json (r.out);
  ASSERT_NE (root, nullptr);
  JsonArray *models = json_object_get_array_member (json_node_get_object (root), "models");
  ASSERT_EQ (json_array_get_length (models), 1u);
  JsonObject *processes = json_array_get_object_element (models, 0);
  EXPECT_FALSE (json_object_has_member (processes, "error"))
    << json_object_get_string_member (processes, "error");
}

TEST (Run, PresetRunsScaledToTheCores)
{
  Result r = run ({ "run", "--preset", "start-up", "--models", "threads", "--summary", "json" });

  ASSERT_EQ (r.status, 0) << r.err;
  g_autoptr (JsonNode) root = parse_json (r.out);
  ASSERT_NE (root, nullptr);
  EXPECT_STREQ (json_object_get_string_member (json_node_get_object (root), "workload"),
                "cpu 200x100us");
}

/* A lesson run from the command line is the lesson's plan, whole, in its
 * trace: the same run the window makes of it. */
TEST (Run, APresetRunsTheLessonsPlan)
{
  TempDir dir;
  Result r = run ({ "run", "--preset", "start-up", "--summary", "none", "--trace",
                    dir.file ("t.json") });

  ASSERT_EQ (r.status, 0) << r.err;
  GError *error = nullptr;
  g_autoptr (LabComparison) saved = lab_trace_json_load (dir.file ("t.json").c_str (), &error);
  ASSERT_NE (saved, nullptr) << error->message;
  g_autoptr (LabRunPlan) lesson = lab_preset_dup_plan (lab_preset_find ("start-up"),
                                                       lab_cpu_count (), 1.0);
  EXPECT_TRUE (lab_run_plan_equal (lab_comparison_get_plan (saved), lesson));
}

TEST (Run, WorksWithNoDisplayAndWritesNoProgressWhenNotATerminal)
{
  Result r = run ({ "run", "--models", "event-loop", "--workload", "mixed 2x10ms mix=30/40/30",
                    "--summary", "none" });

  EXPECT_EQ (r.status, 0) << r.err;
  EXPECT_EQ (r.err, "");
  EXPECT_EQ (r.out, "");
}

}  // namespace
