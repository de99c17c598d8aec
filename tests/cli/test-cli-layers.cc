// SPDX-License-Identifier: GPL-3.0-or-later
// --show and --hide: the chart's layers chosen on the command line, a
// lesson's own by default; bad names refused with the good ones listed.
#include <gtest/gtest.h>

#include <string>

#include "cli-test-helpers.h"

using cli_test::read_file;
using cli_test::Result;
using cli_test::run;
using cli_test::TempDir;

namespace {

class Layers : public cli_test::SavedTraceTest
{
protected:
  /* The PNG that render draws of the saved trace with @options. */
  std::string
  image (TempDir &out, const std::string &name, std::vector<std::string> options)
  {
    std::string path = out.file (name);
    std::vector<std::string> args = { "render", trace, "-o", path, "--size", "960x540" };

    args.insert (args.end (), options.begin (), options.end ());
    Result r = run (args);
    EXPECT_EQ (r.status, 0) << r.err;
    return read_file (path);
  }
};

TEST_F (Layers, ShowAndHideChangeTheImage)
{
  TempDir out;
  std::string all = image (out, "all.png", {});
  std::string lanes = image (out, "lanes.png", { "--hide", "all" });
  std::string no_flight = image (out, "no-flight.png", { "--hide", "flight" });
  std::string again = image (out, "again.png", { "--hide", "flight" });
  std::string shown = image (out, "shown.png", { "--hide", "all", "--show", "cores,utilization,gil,loop,flight,memory" });

  ASSERT_FALSE (all.empty ());
  EXPECT_EQ (no_flight, again) << "the same choice draws the same image";
  EXPECT_NE (all, lanes);
  EXPECT_NE (all, no_flight);
  EXPECT_NE (lanes, no_flight);
  EXPECT_EQ (shown, all) << "every layer named is every layer";
}

TEST_F (Layers, BadNamesExitTwoNamingTheBadOneAndTheGoodOnes)
{
  TempDir out;

  for (const char *option : { "--show", "--hide" })
    {
      Result r = run ({ "render", trace, "-o", out.file ("x.png"), option, "cores,memroy" });

      EXPECT_EQ (r.status, 2) << option;
      EXPECT_NE (r.err.find (std::string (option) + ": “memroy” is not a layer"), std::string::npos)
          << r.err;
      for (const char *good : { "cores", "utilization", "gil", "loop", "flight", "memory" })
        EXPECT_NE (r.err.find (good), std::string::npos) << good << " not listed: " << r.err;
    }
  EXPECT_TRUE (out.list ().empty ()) << "nothing written";

  // The help names them all too, for each command that draws.
  for (const char *command : { "run", "render", "trace" })
    {
      Result help = run ({ command, "--help" });
      size_t show = help.out.find ("--show");
      ASSERT_NE (show, std::string::npos) << command;
      std::string line = help.out.substr (show, help.out.find ("--hide") - show);
      for (const char *good : { "cores", "utilization", "gil", "loop", "flight", "memory" })
        EXPECT_NE (line.find (good), std::string::npos) << command << " --help: " << line;
    }

  Result both = run ({ "render", trace, "-o", out.file ("x.png"), "--show", "gil", "--hide", "gil" });
  EXPECT_EQ (both.status, 2);
  EXPECT_NE (both.err.find ("--hide: “gil” is also in --show"), std::string::npos) << both.err;

  Result no_image = run ({ "render", trace, "--hide", "flight" });
  EXPECT_EQ (no_image.status, 2);
  EXPECT_NE (no_image.err.find ("--output"), std::string::npos) << no_image.err;

  Result run_bad = run ({ "run", "--durations", "1ms", "--summary", "none", "-o",
                          out.file ("run.png"), "--show", "loops" });
  EXPECT_EQ (run_bad.status, 2);
  EXPECT_NE (run_bad.err.find ("“loops” is not a layer"), std::string::npos) << run_bad.err;
  EXPECT_TRUE (out.list ().empty ()) << "refused before running";
}

// `run --preset` draws the lesson's layers: the same image as drawing its
// saved trace with exactly those, which `render` also draws by default for
// a run saved as a lesson.
TEST (LayersOfALesson, RunAndRenderDrawTheLessonsLayersByDefault)
{
  TempDir out;
  std::string trace = out.file ("start-up.json");
  Result r = run ({ "run", "--preset", "start-up", "--summary", "none", "--size", "960x540",
                    "-o", out.file ("lesson.png"), "--trace", trace });

  ASSERT_EQ (r.status, 0) << r.err;
  Result same = run ({ "render", trace, "-o", out.file ("same.png"), "--size", "960x540",
                       "--hide", "all", "--show", "cores" });
  ASSERT_EQ (same.status, 0) << same.err;
  Result again = run ({ "render", trace, "-o", out.file ("again.png"), "--size", "960x540" });
  ASSERT_EQ (again.status, 0) << again.err;
  Result every = run ({ "render", trace, "-o", out.file ("every.png"), "--size", "960x540",
                        "--show", "all" });
  ASSERT_EQ (every.status, 0) << every.err;

  std::string lesson = read_file (out.file ("lesson.png"));
  EXPECT_EQ (lesson, read_file (out.file ("same.png")));
  EXPECT_EQ (lesson, read_file (out.file ("again.png"))) << "the saved lesson's own layers";
  EXPECT_NE (lesson, read_file (out.file ("every.png")));
}

}  // namespace
