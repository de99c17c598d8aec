// SPDX-License-Identifier: GPL-3.0-or-later
// The strips' figures in `run --summary json`: they agree with the saved
// trace's records.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "cli-test-helpers.h"

extern "C" {
#include <json-glib/json-glib.h>

#include "lab-analysis.h"
#include "lab-comparison.h"
#include "lab-trace-json.h"
}

using cli_test::Result;
using cli_test::run;
using cli_test::TempDir;

TEST (Strips, SummaryCarriesTheStripsFigures)
{
  TempDir dir;
  std::string trace_path = dir.file ("run.json");
  Result r = run ({ "run", "--models", "event-loop,threads-gil", "--workload",
                    "cpu 60ms + io 3x20ms", "--workers", "2", "--trace", trace_path,
                    "--summary", "json" });

  ASSERT_EQ (r.status, 0) << r.err;
  g_autoptr (GError) error = nullptr;
  g_autoptr (JsonNode) root = json_from_string (r.out.c_str (), &error);
  ASSERT_NE (root, nullptr) << r.out;
  g_autoptr (LabComparison) comparison = lab_trace_json_load (trace_path.c_str (), &error);
  ASSERT_NE (comparison, nullptr) << error->message;

  JsonArray *models = json_object_get_array_member (json_node_get_object (root), "models");
  ASSERT_EQ (json_array_get_length (models), 2u);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *model = json_array_get_object_element (models, i);
      g_autoptr (LabTrace) trace = lab_comparison_dup_trace (comparison, i);
      LabTraceAnalysis analysis;

      lab_analysis_compute (trace, &analysis);
      ASSERT_TRUE (json_object_has_member (model, "serial_fraction"));
      ASSERT_TRUE (json_object_has_member (model, "amdahl_limit"));
      /* Amdahl speaks of computation alone: null for this mixed work. */
      EXPECT_TRUE (std::isnan (analysis.amdahl_limit));
      EXPECT_TRUE (json_object_get_null_member (model, "serial_fraction"));
      EXPECT_TRUE (json_object_get_null_member (model, "amdahl_limit"));
    }

  JsonObject *loop = json_array_get_object_element (models, 0);
  ASSERT_STREQ (json_object_get_string_member (loop, "id"), "event-loop");
  // The 60 ms computation holds the loop: the waits started after it.
  EXPECT_GT (json_object_get_double_member (loop, "max_loop_lag_s"), 0.04);
  EXPECT_GE (json_object_get_int_member (loop, "loop_blocks"), 1);
  EXPECT_FALSE (json_object_has_member (loop, "gil_switches"));

  JsonObject *gil = json_array_get_object_element (models, 1);
  ASSERT_STREQ (json_object_get_string_member (gil, "id"), "threads-gil");
  EXPECT_TRUE (json_object_has_member (gil, "gil_switches"));
  EXPECT_GE (json_object_get_int_member (gil, "gil_switches"), 1) << "the I/O tasks took the lock";
  EXPECT_TRUE (json_object_has_member (gil, "gil_drop_requests"));
  EXPECT_FALSE (json_object_has_member (gil, "max_loop_lag_s"));
}
