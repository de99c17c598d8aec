// SPDX-License-Identifier: GPL-3.0-or-later
// `run --predict`: bad values are usage errors that name the option and the
// value; a run with guesses reports them and their verdicts in both
// summaries, keeps them in the trace, and `render` finds them there again.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli-test-helpers.h"

extern "C" {
#include <json-glib/json-glib.h>

#include "lab-comparison.h"
#include "lab-trace-json.h"
}

using cli_test::exists;
using cli_test::read_file;
using cli_test::Result;
using cli_test::run;
using cli_test::TempDir;

namespace {

constexpr gint64 MS = 1000000;

const std::vector<std::string> tiny = { "run", "--models", "sequential,event-loop", "--kind", "io",
                                        "--durations", "150,50,100ms" };

std::vector<std::string>
with (std::vector<std::string> args, const std::vector<std::string> &more)
{
  args.insert (args.end (), more.begin (), more.end ());
  return args;
}

struct Bad
{
  const char *value;
  const char *part;   // the message must quote this
};

class BadPrediction : public ::testing::TestWithParam<Bad> {};

TEST_P (BadPrediction, ExitsTwoNamingTheOptionAndTheValue)
{
  const Bad &b = GetParam ();
  Result r = run (with (tiny, { "--predict", b.value }));

  EXPECT_EQ (r.status, 2) << b.value << ": " << r.err;
  EXPECT_EQ (r.err.rfind ("concurrency-lab run: --predict: ", 0), 0u) << r.err;
  EXPECT_NE (r.err.find (b.part), std::string::npos) << b.value << " gave: " << r.err;
  EXPECT_TRUE (r.out.empty ()) << "nothing ran";
}

const Bad bad_cases[] = {
  { "gpu=3s", "“gpu” is not a model; the models are: sequential" },
  { "threads=3s", "“threads” is not one of the models of this run" },
  { "sequential=3x", "sequential: “3x”" },
  { "sequential=", "sequential: " },
  { "sequential=-1s", "sequential: " },
  { "sequential=2h", "sequential: " },
  { "sequential=nan", "sequential: " },
  { "sequential", "“sequential” is not MODEL=DURATION" },
  { "=3s", "“” is not a model" },
  { "sequential=1s,sequential=2s", "“sequential” is predicted twice" },
  { "", "no prediction given" },
  { ",,", "no prediction given" },
  { "sequential=1s,,event-loop=1s", "item 2 of the list is empty" },
  { "sequential=1s,", "item 2 of the list is empty" },
};

INSTANTIATE_TEST_SUITE_P (Cli, BadPrediction, ::testing::ValuesIn (bad_cases));

JsonObject *
model_of (JsonNode *root, guint index)
{
  JsonArray *models = json_object_get_array_member (json_node_get_object (root), "models");
  return json_array_get_object_element (models, index);
}

TEST (Predict, JsonSummaryHasTheGuessAndItsVerdict)
{
  TempDir dir;
  std::string trace = dir.file ("guess.json");
  std::string image = dir.file ("guess.png");
  Result r = run (with (tiny, { "--predict", "sequential=150ms, event-loop=150ms", "--summary",
                                "json", "--trace", trace, "-o", image }));
  ASSERT_EQ (r.status, 0) << r.err;

  g_autoptr (GError) error = nullptr;
  g_autoptr (JsonNode) root = json_from_string (r.out.c_str (), &error);
  ASSERT_NE (root, nullptr) << (error != nullptr ? error->message : "") << r.out;
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *m = model_of (root, i);
      EXPECT_NEAR (json_object_get_double_member (m, "predicted_s"), 0.150, 1e-9);
      const char *verdict = json_object_get_string_member (m, "verdict");
      ASSERT_NE (verdict, nullptr);
      EXPECT_EQ (std::string (verdict).rfind ("Measured ", 0), 0u) << verdict;
      EXPECT_NE (std::string (verdict).find ("you said 150 ms"), std::string::npos) << verdict;
      EXPECT_TRUE (json_object_has_member (m, "verdict_reason"));
    }
  /* 300 ms one after another: the guess of 150 ms was too low. */
  EXPECT_EQ (std::string (json_object_get_string_member (model_of (root, 0), "verdict")).find ("right"),
             std::string::npos);
  EXPECT_STREQ (json_object_get_string_member (model_of (root, 0), "verdict_reason"),
                "one-after-another");

  /* The trace keeps the guesses, exactly. */
  std::string text = read_file (trace);
  LabComparison *c = lab_trace_json_from_string (text.c_str (), -1, nullptr);
  ASSERT_NE (c, nullptr);
  EXPECT_EQ (lab_comparison_get_prediction (c, "sequential"), 150 * MS);
  EXPECT_EQ (lab_comparison_get_prediction (c, "event-loop"), 150 * MS);
  lab_comparison_unref (c);
  EXPECT_TRUE (exists (image));

  /* render reads them back: the same verdicts from the saved trace. */
  Result again = run ({ "render", trace, "--summary", "json", "-o", dir.file ("again.png") });
  ASSERT_EQ (again.status, 0) << again.err;
  g_autoptr (JsonNode) root2 = json_from_string (again.out.c_str (), nullptr);
  ASSERT_NE (root2, nullptr) << again.out;
  EXPECT_STREQ (json_object_get_string_member (model_of (root2, 1), "verdict"),
                json_object_get_string_member (model_of (root, 1), "verdict"));
}

TEST (Predict, TextSummaryHasAVerdictLinePerGuess)
{
  Result r = run (with (tiny, { "--predict", "event-loop=2s" }));
  ASSERT_EQ (r.status, 0) << r.err;
  EXPECT_NE (r.out.find ("event-loop: Measured "), std::string::npos) << r.out;
  EXPECT_NE (r.out.find ("you said 2.00 s: the waits overlap"), std::string::npos) << r.out;
  EXPECT_EQ (r.out.find ("sequential: Measured"), std::string::npos) << "no guess, no verdict";
}

TEST (Predict, WithoutGuessesTheSummaryIsUnchanged)
{
  Result r = run (with (tiny, { "--summary", "json" }));
  ASSERT_EQ (r.status, 0) << r.err;
  EXPECT_EQ (r.out.find ("predicted_s"), std::string::npos);
  EXPECT_EQ (r.out.find ("verdict"), std::string::npos);
}

TEST (Predict, HelpShowsTheOption)
{
  Result r = run ({ "run", "--help" });
  ASSERT_EQ (r.status, 0);
  EXPECT_NE (r.out.find ("--predict"), std::string::npos);
}

}  // namespace
