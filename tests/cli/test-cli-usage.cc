// SPDX-License-Identifier: GPL-3.0-or-later
// Usage errors: every bad value of every option is exit 2 and a message
// naming the option; --help and --version.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli-test-helpers.h"

extern "C" {
#include "config.h"
}

using cli_test::Result;
using cli_test::run;

namespace {

struct BadCase
{
  std::vector<std::string> args;
  const char              *names;  // what the message must name
};

// A nonexistent trace is fine here: usage is checked before anything is read.
const std::vector<BadCase> bad_cases = {
  // --tasks: zero, negative, huge, overflow, not a number, empty
  { { "run", "--tasks", "0" }, "--tasks" },
  { { "run", "--tasks", "-1" }, "--tasks" },
  { { "run", "--tasks", "1000001" }, "--tasks" },
  { { "run", "--tasks", "1000000", "--kind", "cpu" }, "tasks that compute" },
  { { "run", "--tasks", "100001", "--kind", "mixed" }, "100000" },
  { { "run", "--tasks", "99999999999999999999999999" }, "--tasks" },
  { { "run", "--tasks", "abc" }, "--tasks" },
  { { "run", "--tasks", "" }, "--tasks" },
  { { "run", "--tasks", "1e3" }, "--tasks" },
  { { "run", "--tasks", "NaN" }, "--tasks" },
  { { "run", "--tasks" }, "--tasks" },
  // durations: negative, zero, NaN, unknown unit, too long, empty, lists, random
  { { "run", "--duration", "-1s" }, "--duration" },
  { { "run", "--duration", "0" }, "--duration" },
  { { "run", "--duration", "nan" }, "--duration" },
  { { "run", "--duration", "inf" }, "--duration" },
  { { "run", "--duration", "5parsecs" }, "--duration" },
  { { "run", "--duration", "61min" }, "--duration" },
  { { "run", "--duration", "1e999s" }, "--duration" },
  { { "run", "--duration", "" }, "--duration" },
  { { "run", "--duration", "1s,2s" }, "--duration" },
  { { "run", "--durations", "1,x,2s" }, "--durations" },
  { { "run", "--durations", "" }, "--durations" },
  { { "run", "--durations", "1,2,3fortnights" }, "--durations" },
  { { "run", "--durations", "random:2s..1s" }, "--durations" },
  { { "run", "--durations", "random:1s..2s:seed=-1" }, "--durations" },
  { { "run", "--durations", "random:1s..2s + cpu 1s" }, "--durations" },
  // conflicting options
  { { "run", "--duration", "1s", "--durations", "1,2" }, "--durations" },
  { { "run", "--tasks", "5", "--durations", "1,2,3" }, "--tasks" },
  { { "run", "--workload", "io 1s", "--kind", "cpu" }, "--kind" },
  { { "run", "--workload", "io 1s", "--preset", "one-cook" }, "--preset" },
  { { "run", "--preset", "one-cook", "--tasks", "3" }, "--tasks" },
  { { "run", "--mix", "20/60/20" }, "--mix" },
  { { "run", "--size", "800x600" }, "--size" },
  { { "run", "--theme", "dark" }, "--theme" },
  { { "run", "--own-scale" }, "--own-scale" },
  { { "run", "--format", "svg", "-o", "x.png" }, "--format" },
  { { "run", "--scale", "2", "-o", "x.svg" }, "--scale" },
  // kinds, mixes, workloads, presets
  { { "run", "--kind", "disk" }, "--kind" },
  { { "run", "--kind", "" }, "--kind" },
  { { "run", "--kind", "mixed", "--mix", "50/50/50" }, "--mix" },
  { { "run", "--kind", "mixed", "--mix", "a/b/c" }, "--mix" },
  { { "run", "--workload", "io 0x1s" }, "--workload" },
  { { "run", "--workload", "" }, "--workload" },
  { { "run", "--workload", "disk 3x1s" }, "--workload" },
  { { "run", "--workload", "io 1000001x1ms" }, "--workload" },
  { { "run", "--workload", "cpu 1000000x1ms" }, "--workload" },
  { { "run", "--preset", "nope" }, "--preset" },
  // models: unknown ids are named, the valid ones listed
  { { "run", "--models", "bogus" }, "bogus" },
  { { "run", "--models", "sequential,fibers" }, "fibers" },
  { { "run", "--models", "" }, "--models" },
  { { "run", "--models", "sequential,sequential" }, "--models" },
  // workers and the switch interval
  { { "run", "--workers", "-1" }, "--workers" },
  { { "run", "--workers", "2000" }, "--workers" },
  { { "run", "--workers", "99999999999999999999" }, "--workers" },
  { { "run", "--workers", "300", "--models", "processes" }, "--workers" },
  { { "run", "--workers", "0", "--models", "threads", "--tasks", "2000" }, "--workers" },
  { { "run", "--switch-interval", "0" }, "--switch-interval" },
  { { "run", "--switch-interval", "2s" }, "--switch-interval" },
  { { "run", "--switch-interval", "nan" }, "--switch-interval" },
  { { "run", "--switch-interval", "5 lightyears" }, "--switch-interval" },
  // the picture
  { { "run", "-o", "x.png", "--size", "0x0" }, "--size" },
  { { "run", "-o", "x.png", "--size", "10x" }, "--size" },
  { { "run", "-o", "x.png", "--size", "axb" }, "--size" },
  { { "run", "-o", "x.png", "--size", "100000x100000" }, "--size" },
  { { "run", "-o", "x.png", "--size", "-1920x1080" }, "--size" },
  { { "run", "-o", "x.png", "--size", "" }, "--size" },
  { { "run", "-o", "x.png", "--scale", "3" }, "--scale" },
  { { "run", "-o", "x.png", "--scale", "0" }, "--scale" },
  { { "run", "-o", "x.png", "--theme", "blue" }, "--theme" },
  { { "run", "-o", "x.png", "--format", "gif" }, "--format" },
  { { "run", "-o", "x.gif" }, "--output" },
  { { "run", "-o", "" }, "--output" },
  { { "run", "--summary", "xml" }, "--summary" },
  { { "run", "--trace", "" }, "--trace" },
  // unknown options and stray arguments
  { { "run", "--bogus" }, "--bogus" },
  { { "run", "stray" }, "stray" },
  // render
  { { "render" }, "TRACE" },
  { { "render", "-o", "x.png" }, "TRACE" },
  { { "render", "t.json" }, "--output" },
  { { "render", "t.json", "-o", "x.png", "--size", "0x0" }, "--size" },
  { { "render", "t.json", "-o", "x.png", "--scale", "3" }, "--scale" },
  { { "render", "t.json", "-o", "x.png", "--theme", "neon" }, "--theme" },
  { { "render", "t.json", "-o", "x.png", "--format", "tiff" }, "--format" },
  { { "render", "t.json", "-o", "x.png", "--summary", "yaml" }, "--summary" },
  { { "render", "a.json", "b.json", "-o", "x.png" }, "b.json" },
  { { "render", "--workers", "2", "t.json", "-o", "x.png" }, "--workers" },
  // more odd values: overflow, NaN, infinity, empty, wrong case, stray separators
  { { "run", "--duration", "99999999999999999999" }, "--duration" },
  { { "run", "--switch-interval", "-5ms" }, "--switch-interval" },
  { { "run", "--switch-interval", "inf" }, "--switch-interval" },
  { { "run", "--switch-interval", "" }, "--switch-interval" },
  { { "run", "-o", "x.png", "--scale", "nan" }, "--scale" },
  { { "run", "-o", "x.png", "--size", "99999999999999999999x1080" }, "--size" },
  { { "run", "-o", "x.png", "--size", "1920x1080x3" }, "--size" },
  { { "run", "--workers", "nan" }, "--workers" },
  { { "run", "--workers", "" }, "--workers" },
  { { "run", "--workers", "1.5" }, "--workers" },
  { { "run", "--models", "," }, "--models" },
  { { "run", "--models", "sequential,,threads" }, "item 2 of the list is empty" },
  { { "run", "--models", "sequential,threads," }, "item 3 of the list is empty" },
  { { "run", "--models", "SEQUENTIAL" }, "SEQUENTIAL" },
  { { "run", "--workload", "io 3x1s," }, "--workload" },
  { { "run", "--workload", "cpu nan" }, "--workload" },
  { { "run", "--workload", "io 99999999999999999999x1s" }, "--workload" },
  { { "run", "--workload", "mixed 1s mix=-10/60/50" }, "--workload" },
  { { "run", "--workload", "io 1e400s" }, "--workload" },
  { { "run", "--workload", "io 3x1s + + cpu 1s" }, "--workload" },
  { { "run", "--tasks", "2147483648" }, "--tasks" },
  { { "run", "--tasks", "0x10" }, "--tasks" },
  { { "run", "--durations", "1,2,-3" }, "--durations" },
  { { "run", "--durations", ",,," }, "--durations" },
  { { "run", "--kind", "IO" }, "--kind" },
  { { "run", "--kind", "mixed", "--mix", "100/0/0/0" }, "--mix" },
  { { "run", "--preset", "" }, "--preset" },
  { { "render", "t.json", "-o", "x.png", "--theme", "" }, "--theme" },
};

std::string
describe (const std::vector<std::string> &args)
{
  std::string s;
  for (const auto &a : args)
    s += (s.empty () ? "" : " ") + (a.empty () ? std::string ("''") : a);
  return s;
}

class BadValue : public ::testing::TestWithParam<BadCase>
{
};

TEST_P (BadValue, ExitsTwoNamingTheOption)
{
  const BadCase &c = GetParam ();
  Result r = run (c.args);

  EXPECT_EQ (r.status, 2) << describe (c.args) << "\n" << r.err;
  EXPECT_NE (r.err.find (c.names), std::string::npos)
    << describe (c.args) << ": the message should name " << c.names << "\n" << r.err;
  EXPECT_NE (r.err.find ("--help"), std::string::npos) << "no hint to see --help:\n" << r.err;
  EXPECT_EQ (r.out, "") << describe (c.args);
}

INSTANTIATE_TEST_SUITE_P (Cli, BadValue, ::testing::ValuesIn (bad_cases));

TEST (Usage, ThereAreEnoughRows)
{
  EXPECT_GE (bad_cases.size (), 40u);
}

TEST (Usage, MessageQuotesTheValueAndTheRange)
{
  Result r = run ({ "run", "--tasks", "0" }, { "LC_ALL=C.UTF-8" });

  EXPECT_EQ (r.status, 2);
  EXPECT_NE (r.err.find ("concurrency-lab run: --tasks: “0” is not between 1 and 1000000"),
             std::string::npos) << r.err;
}

// Above the limit of tasks, the message says the limit and why.
TEST (Usage, TooManyTasksSaysTheLimitAndWhy)
{
  Result r = run ({ "run", "--tasks", "1000001" }, { "LC_ALL=C.UTF-8" });

  EXPECT_EQ (r.status, 2);
  EXPECT_NE (r.err.find ("--tasks: “1000001” is more than 1000000, the most tasks a run may have: "
                         "every task is recorded and drawn"), std::string::npos) << r.err;
}

TEST (Usage, UnknownModelListsTheValidOnes)
{
  Result r = run ({ "run", "--models", "fibers" });

  EXPECT_EQ (r.status, 2);
  for (const char *id : { "sequential", "event-loop", "loop-offload", "threads", "threads-gil",
                          "processes" })
    EXPECT_NE (r.err.find (id), std::string::npos) << id << "\n" << r.err;
}

TEST (Usage, RunHelpListsEveryOptionWithExamples)
{
  Result r = run ({ "run", "--help" });

  EXPECT_EQ (r.status, 0) << r.err;
  for (const char *option : { "--models", "--kind", "--tasks", "--duration", "--durations", "--mix",
                              "--workload", "--preset", "--workers", "--switch-interval",
                              "--all-at-once", "--output", "--format", "--size", "--scale",
                              "--theme", "--own-scale", "--transparent", "--trace", "--summary",
                              "--version", "Examples", "Exit status", "130" })
    EXPECT_NE (r.out.find (option), std::string::npos) << option << "\n" << r.out;
  // Every option line carries an example.
  size_t examples = 0;
  for (size_t at = r.out.find ("(e.g."); at != std::string::npos; at = r.out.find ("(e.g.", at + 1))
    examples++;
  EXPECT_GE (examples, 20u) << r.out;
}

TEST (Usage, RenderHelpListsEveryOption)
{
  Result r = run ({ "render", "--help" });

  EXPECT_EQ (r.status, 0) << r.err;
  for (const char *option : { "TRACE.json", "--output", "--format", "--size", "--scale", "--theme",
                              "--own-scale", "--transparent", "--summary", "--version", "Examples" })
    EXPECT_NE (r.out.find (option), std::string::npos) << option << "\n" << r.out;
}

TEST (Usage, VersionIsPrinted)
{
  for (const char *command : { "run", "render" })
    {
      Result r = run ({ command, "--version" });

      EXPECT_EQ (r.status, 0) << command;
      EXPECT_EQ (r.out, std::string ("concurrency-lab ") + PACKAGE_VERSION + "\n") << command;
    }
}

}  // namespace
