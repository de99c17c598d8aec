// SPDX-License-Identifier: GPL-3.0-or-later
// Memory through the command line: `run --summary json` gives each model's
// "memory"; a saved trace gives the same figures again through `render`;
// the connections lesson, run as `run --preset` runs it with its waits
// scaled down, orders its bytes per task as its claim says; the text
// summary has the memory columns.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli-test-helpers.h"

extern "C" {
#include <json-glib/json-glib.h>

#include "lab-cpu.h"
#include "lab-preset.h"
}

using cli_test::parse_json;
using cli_test::Result;
using cli_test::run;
using cli_test::TempDir;

namespace {

/* Each model's "memory" object, by model id, from a JSON summary. */
std::vector<std::pair<std::string, JsonObject *>>
memory_of (JsonNode *root)
{
  std::vector<std::pair<std::string, JsonObject *>> out;
  JsonArray *models = json_object_get_array_member (json_node_get_object (root), "models");

  for (guint i = 0; i < json_array_get_length (models); i++)
    {
      JsonObject *m = json_array_get_object_element (models, i);
      JsonNode *memory = json_object_get_member (m, "memory");

      out.push_back ({ json_object_get_string_member (m, "id"),
                       memory != nullptr && JSON_NODE_HOLDS_OBJECT (memory)
                         ? json_node_get_object (memory) : nullptr });
    }
  return out;
}

gint64
bytes (JsonObject *memory, const char *member)
{
  JsonNode *node = json_object_get_member (memory, member);
  return node == nullptr || JSON_NODE_HOLDS_NULL (node) ? -1 : json_node_get_int (node);
}

// Done when: memory is recorded, saved and reloaded; the figures come
// back the same from the file. Waits of a second, so that a sanitizer
// build's slower sampler still samples while the tasks are in flight.
TEST (Memory, RecordedSavedAndReloaded)
{
  TempDir out;
  std::string trace = out.file ("waits.json");
  Result r = run ({ "run", "--workload", "io 300x1s", "--models", "event-loop,threads",
                   "--workers", "0", "--trace", trace, "-o", out.file ("c.png"),
                   "--summary", "json" });
  ASSERT_EQ (r.status, 0) << r.err;
  g_autoptr (JsonNode) ran = parse_json (r.out);
  ASSERT_NE (ran, nullptr) << r.out;

  auto memory = memory_of (ran);
  ASSERT_EQ (memory.size (), 2u);
  for (const auto &[id, m] : memory)
    {
      ASSERT_NE (m, nullptr) << id << ": no memory object";
      EXPECT_TRUE (json_object_get_boolean_member (m, "measured")) << id;
      EXPECT_GT (bytes (m, "peak_rss_bytes"), 1000000) << id << ": a program holds megabytes";
      EXPECT_GE (bytes (m, "peak_rss_bytes"), bytes (m, "baseline_rss_bytes")) << id;
      EXPECT_GE (bytes (m, "per_task_bytes"), 0) << id;
      EXPECT_TRUE (json_object_has_member (m, "peak_pss_bytes")) << id;
      EXPECT_GT (json_object_get_int_member (m, "samples"), 0) << id;
    }
  EXPECT_LT (bytes (memory[0].second, "per_task_bytes"), bytes (memory[1].second, "per_task_bytes"))
      << "a wait on the loop holds less than a thread";

  Result again = run ({ "render", trace, "-o", out.file ("again.png"), "--summary", "json" });
  ASSERT_EQ (again.status, 0) << again.err;
  g_autoptr (JsonNode) reloaded = parse_json (again.out);
  ASSERT_NE (reloaded, nullptr) << again.out;
  auto memory_again = memory_of (reloaded);
  ASSERT_EQ (memory_again.size (), 2u);
  for (size_t i = 0; i < 2; i++)
    for (const char *member : { "peak_rss_bytes", "peak_pss_bytes", "per_task_bytes",
                                "baseline_rss_bytes", "samples", "gaps" })
      EXPECT_EQ (bytes (memory_again[i].second, member), bytes (memory[i].second, member))
          << memory[i].first << ": " << member;
}

// Done when: the per-task figures order as event loop < threads <
// processes on the connections lesson, its models and workers as the
// lesson has them, its waits long enough for a sampler whose interval
// stretches with what a sample costs to see the loop's waits in flight:
// half a second, and a second in a sanitizer build, whose shadow memory
// makes each sample cost more, and which shares the machine with other
// tests (half a second there saw none once).
#if defined(__SANITIZE_ADDRESS__)
constexpr double CONNECTION_SCALE = 1.0;
#else
constexpr double CONNECTION_SCALE = 0.5;
#endif

TEST (Memory, ConnectionsOrderTheirBytesPerTask)
{
  const LabPreset *preset = lab_preset_find ("connections");
  ASSERT_NE (preset, nullptr);
  g_autofree char *workload = lab_preset_get_workload (preset, lab_cpu_count (),
                                                       CONNECTION_SCALE);
  TempDir out;
  Result r = run ({ "run", "--workload", workload, "--models", preset->models, "-o",
                   out.file ("c.png"), "--summary", "json" });
  ASSERT_EQ (r.status, 0) << r.err;
  g_autoptr (JsonNode) root = parse_json (r.out);
  ASSERT_NE (root, nullptr) << r.out;

  auto memory = memory_of (root);
  ASSERT_EQ (memory.size (), 3u);
  gint64 per_task[3];
  for (size_t i = 0; i < 3; i++)
    {
      ASSERT_NE (memory[i].second, nullptr) << memory[i].first;
      per_task[i] = bytes (memory[i].second, "per_task_bytes");
      ASSERT_GE (per_task[i], 0) << memory[i].first << ": measured";
    }
  EXPECT_EQ (memory[0].first, "event-loop");
  EXPECT_EQ (memory[2].first, "processes");
  EXPECT_LT (per_task[0], per_task[1]) << "event loop < threads";
  EXPECT_LT (per_task[1], per_task[2]) << "threads < processes";
  EXPECT_GT (bytes (memory[2].second, "per_worker_rss_bytes"), 0) << "each worker measured";
}

// Done when: a vanished worker leaves a gap, not a failure. A worker that
// exits in the middle of its task fails that task (the run says so and
// exits 1), but the memory samples go on and are reported, the other
// worker measured after it.
TEST (Memory, AWorkerThatExitsIsNoFailureOfTheMemory)
{
  TempDir out;
  Result r = run ({ "run", "--workload", "io 6x1s", "--models", "processes", "--workers", "2",
                   "-o", out.file ("c.png"), "--summary", "json" },
                 { "LAB_WORKER_FAULT=exit:2" });
  ASSERT_EQ (r.status, 1) << r.err;
  EXPECT_NE (r.err.find ("1 task failed"), std::string::npos) << r.err;
  g_autoptr (JsonNode) root = parse_json (r.out);
  ASSERT_NE (root, nullptr) << r.out;

  auto memory = memory_of (root);
  ASSERT_EQ (memory.size (), 1u);
  JsonObject *m = memory[0].second;
  ASSERT_NE (m, nullptr) << "the memory is reported";
  EXPECT_TRUE (json_object_get_boolean_member (m, "measured"));
  EXPECT_GT (json_object_get_int_member (m, "samples"),
             json_object_get_int_member (m, "gaps")) << "a gap at most while it was gone";
  EXPECT_GT (bytes (m, "per_worker_rss_bytes"), 0);
}

// The text summary has the memory columns, in the unit ladder's words.
// Waits of a second: the sampler's interval stretches where a sample costs
// more (a sanitizer build), and the tasks must be in flight at a sample.
TEST (Memory, TheTextSummaryHasMemoryColumns)
{
  TempDir out;
  Result r = run ({ "run", "--workload", "io 100x1s", "--models", "event-loop", "-o",
                   out.file ("c.png"), "--summary", "text" });
  ASSERT_EQ (r.status, 0) << r.err;
  EXPECT_NE (r.out.find ("Peak Memory"), std::string::npos) << r.out;
  EXPECT_NE (r.out.find ("Memory a Task"), std::string::npos) << r.out;
  EXPECT_NE (r.out.find ("MB"), std::string::npos) << r.out;
  EXPECT_EQ (r.out.find ("Memory a Worker"), std::string::npos) << "no workers: no column";
}

} // namespace
