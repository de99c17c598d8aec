// SPDX-License-Identifier: GPL-3.0-or-later
// What-if runs from the command line: --cores and --baseline.
#include "cli-test-helpers.h"

extern "C" {
#include <json-glib/json-glib.h>

#include "lab-affinity.h"
}

using namespace cli_test;

namespace {

const std::vector<std::string> SMALL = { "run", "--kind", "cpu", "--tasks", "2", "--duration", "30ms",
                                         "--models", "sequential,threads" };

std::vector<std::string>
with (std::vector<std::string> args, const std::vector<std::string> &more)
{
  args.insert (args.end (), more.begin (), more.end ());
  return args;
}

gint64
member_int (const std::string &json, const char *path_a, const char *key)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  EXPECT_TRUE (json_parser_load_from_data (parser, json.c_str (), -1, nullptr)) << json;
  JsonObject *o = json_node_get_object (json_parser_get_root (parser));
  if (path_a != nullptr)
    o = json_object_get_object_member (o, path_a);
  EXPECT_TRUE (json_object_has_member (o, key)) << key;
  return json_object_get_int_member (o, key);
}

guint
png_width (const std::string &path)
{
  std::string data = read_file (path);
  if (data.size () < 24 || data.compare (1, 3, "PNG") != 0)
    return 0;
  const unsigned char *p = (const unsigned char *) data.data () + 16;
  return (guint) p[0] << 24 | (guint) p[1] << 16 | (guint) p[2] << 8 | p[3];
}

TEST (WhatIfCli, BadCoresIsAUsageErrorNamingTheOption)
{
  std::string too_many = std::to_string (lab_affinity_count_available () + 1);
  for (const std::string &value : { std::string ("0"), std::string ("-1"), too_many,
                                    std::string ("abc"), std::string (""), std::string ("1.5"),
                                    std::string ("99999999999999999999") })
    {
      TempDir dir;
      Result r = run (with (SMALL, { "--cores", value, "--trace", dir.file ("t.json") }));
      EXPECT_EQ (r.status, 2) << value << ": " << r.err;
      EXPECT_NE (r.err.find ("--cores"), std::string::npos) << value << ": " << r.err;
      EXPECT_TRUE (dir.list ().empty ()) << value << ": nothing is run or written";
    }
  Result r = run (with (SMALL, { "--cores", too_many }));
  EXPECT_NE (r.err.find ("between 1 and " + std::to_string (lab_affinity_count_available ())),
             std::string::npos) << "says how many cores there are: " << r.err;
}

TEST (WhatIfCli, TheLimitIsInTheSummaryAndTheTrace)
{
  TempDir dir;
  Result r = run (with (SMALL, { "--cores", "1", "--summary", "json",
                                 "--trace", dir.file ("t.json") }));
  ASSERT_EQ (r.status, 0) << r.err;
  EXPECT_EQ (member_int (r.out, nullptr, "core_limit"), 1);
  EXPECT_EQ (member_int (r.out, nullptr, "cores"), (gint64) lab_affinity_count_available ())
      << "the machine's cores, not the limit";
  EXPECT_EQ (member_int (read_file (dir.file ("t.json")), "metadata", "core_limit"), 1);

  r = run (with (SMALL, { "--summary", "json" }));
  ASSERT_EQ (r.status, 0) << r.err;
  EXPECT_EQ (member_int (r.out, nullptr, "core_limit"), 0) << "no --cores: every core";

  r = run (with (SMALL, { "--cores", "1" }));
  ASSERT_EQ (r.status, 0) << r.err;
  EXPECT_NE (r.out.find ("What if: confined to 1 core"), std::string::npos) << r.out;
}

TEST (WhatIfCli, RenderDrawsTwoSavedTracesSideBySide)
{
  TempDir dir;
  ASSERT_EQ (run (with (SMALL, { "--summary", "none", "--trace", dir.file ("before.json") })).status, 0);
  ASSERT_EQ (run (with (SMALL, { "--summary", "none", "--cores", "1",
                                 "--trace", dir.file ("after.json") })).status, 0);

  Result r = run ({ "render", dir.file ("after.json"), "--baseline", dir.file ("before.json"),
                    "-o", dir.file ("what-if.png"), "--size", "1280x720" });
  ASSERT_EQ (r.status, 0) << r.err;
  EXPECT_EQ (png_width (dir.file ("what-if.png")), 1280u);

  r = run ({ "render", dir.file ("after.json"), "--baseline", dir.file ("before.json"),
             "-o", dir.file ("what-if.svg") });
  ASSERT_EQ (r.status, 0) << r.err;
  EXPECT_NE (read_file (dir.file ("what-if.svg")).find ("<svg"), std::string::npos);

  // A what-if run drawn beside a saved one straight away.
  r = run (with (SMALL, { "--cores", "1", "--summary", "none", "--baseline",
                          dir.file ("before.json"), "-o", dir.file ("run.png") }));
  ASSERT_EQ (r.status, 0) << r.err;
  EXPECT_EQ (png_width (dir.file ("run.png")), 1920u);
}

TEST (WhatIfCli, ABadBaselineIsRefused)
{
  TempDir dir;
  ASSERT_EQ (run (with (SMALL, { "--summary", "none", "--trace", dir.file ("t.json") })).status, 0);
  write_file (dir.file ("broken.json"), "{ \"traceEvents\": [");

  Result r = run ({ "render", dir.file ("t.json"), "--baseline", dir.file ("missing.json"),
                    "-o", dir.file ("x.png") });
  EXPECT_EQ (r.status, 1) << r.err;
  EXPECT_NE (r.err.find ("--baseline"), std::string::npos) << r.err;
  EXPECT_FALSE (exists (dir.file ("x.png")));

  r = run ({ "render", dir.file ("t.json"), "--baseline", dir.file ("broken.json"),
             "-o", dir.file ("x.png") });
  EXPECT_EQ (r.status, 1) << r.err;
  EXPECT_NE (r.err.find ("--baseline"), std::string::npos) << r.err;
  EXPECT_FALSE (exists (dir.file ("x.png")));

  // Checked before the run, not after minutes of measuring.
  r = run (with (SMALL, { "--baseline", dir.file ("missing.json"), "-o", dir.file ("y.png") }));
  EXPECT_EQ (r.status, 1) << r.err;
  EXPECT_EQ (r.out, "") << "no run, so no summary";

  r = run (with (SMALL, { "--baseline", dir.file ("t.json") }));
  EXPECT_EQ (r.status, 2) << "a baseline needs an image to draw";
  EXPECT_NE (r.err.find ("--baseline"), std::string::npos) << r.err;

  r = run ({ "render", dir.file ("t.json"), "--baseline", "", "-o", dir.file ("x.png") });
  EXPECT_EQ (r.status, 2) << r.err;
  EXPECT_NE (r.err.find ("--baseline"), std::string::npos) << r.err;
}

TEST (WhatIfCli, HelpListsTheOptions)
{
  Result r = run ({ "run", "--help" });
  EXPECT_NE (r.out.find ("--cores"), std::string::npos);
  EXPECT_NE (r.out.find ("--baseline"), std::string::npos);
  r = run ({ "render", "--help" });
  EXPECT_NE (r.out.find ("--baseline"), std::string::npos);
}

/* --baseline refuses a run that is not like the saved one, before
 * measuring, for each reason the plans give: another order, no model in
 * common. */
TEST (WhatIfCli, AnUnlikeBaselineIsRefusedForEachReason)
{
  TempDir dir;
  ASSERT_EQ (run (with (SMALL, { "--summary", "none", "--trace", dir.file ("t.json") })).status, 0);

  Result r = run (with (SMALL, { "--all-at-once", "--baseline", dir.file ("t.json"), "-o",
                                 dir.file ("x.png") }));
  EXPECT_EQ (r.status, 2) << r.err;
  EXPECT_NE (r.err.find ("--baseline"), std::string::npos) << r.err;
  EXPECT_NE (r.err.find ("order"), std::string::npos) << r.err;
  EXPECT_FALSE (exists (dir.file ("x.png"))) << "refused before measuring";

  r = run ({ "run", "--kind", "cpu", "--tasks", "2", "--duration", "30ms", "--models",
             "event-loop", "--baseline", dir.file ("t.json"), "-o", dir.file ("y.png") });
  EXPECT_EQ (r.status, 2) << r.err;
  EXPECT_NE (r.err.find ("no model in common"), std::string::npos) << r.err;
  EXPECT_FALSE (exists (dir.file ("y.png")));
}

}  // namespace
