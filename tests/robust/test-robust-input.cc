// SPDX-License-Identifier: GPL-3.0-or-later
// Bad trace files given to `concurrency-lab render`, each with a deadline:
// deeply nested, endless, huge or claiming huge counts, wrong types,
// impossible times, unknown states. Each: exit 1, a message, no crash, no
// hang and the existing picture untouched. (The cli suite refuses five
// plainer broken files; the core suite edits the trace's fields one by one
// in-process. These go through the program, with what may hang or exhaust
// memory.)
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "robust-helpers.h"

using namespace robust;

namespace {

std::string saved;  // a good trace, made once

class BadTrace : public ::testing::Test
{
protected:
  static void
  SetUpTestSuite ()
  {
    TempDir dir;
    Result r = run ({ "run", "--models", "sequential,threads", "--workload", "io 2x1ms + cpu 1ms",
                      "--summary", "none", "--trace", dir.file ("t.json") });
    ASSERT_EQ (r.status, 0) << r.err;
    saved = read_file (dir.file ("t.json"));
  }
};

// @text with the first match of @pattern replaced by @replacement.
std::string
edit (const std::string &text, const char *pattern, const char *replacement)
{
  g_autoptr (GRegex) regex = g_regex_new (pattern, G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, nullptr);
  g_autofree char *out = g_regex_replace (regex, text.c_str (), (gssize) text.size (), 0,
                                          replacement, G_REGEX_MATCH_DEFAULT, nullptr);
  EXPECT_NE (text, out) << "the edit " << pattern << " changed nothing";
  return out;
}

struct TraceCase
{
  const char *name;
  // Makes the file at @path (or whatever is there) from the good trace.
  std::function<void (const std::string &path, const std::string &good)> make;
  const char *message_part;  // nullptr: any message
};

void
contents (const std::string &path, const std::string &text)
{
  write_file (path, text);
}

#define EDIT(pattern, replacement) \
  [] (const std::string &p, const std::string &g) { contents (p, edit (g, pattern, replacement)); }
#define TEXT(expr) [] (const std::string &p, const std::string &) { contents (p, expr); }

const std::vector<TraceCase> cases = {
  // Nesting, endless and huge files
  { "nested_arrays", TEXT (std::string (100000, '[')), "nested" },
  { "nested_arrays_closed", TEXT (std::string (100000, '[') + std::string (100000, ']')), nullptr },
  { "nested_objects", [] (const std::string &p, const std::string &) {
      std::string s;
      for (int i = 0; i < 100000; i++)
        s += "{\"a\":";
      contents (p, s);
    }, "nested" },
  { "nested_in_events", TEXT ("{\"traceEvents\":" + std::string (100000, '[')), "nested" },
  { "endless_device", [] (const std::string &p, const std::string &) {
      ASSERT_EQ (symlink ("/dev/zero", p.c_str ()), 0);
    }, nullptr },
  { "a_fifo", [] (const std::string &p, const std::string &) {
      ASSERT_EQ (mkfifo (p.c_str (), 0600), 0);
    }, nullptr },
  { "a_folder", [] (const std::string &p, const std::string &) {
      ASSERT_EQ (g_mkdir (p.c_str (), 0700), 0);
    }, nullptr },
  { "sparse_2_GB", [] (const std::string &p, const std::string &) {
      contents (p, "{");
      ASSERT_EQ (truncate (p.c_str (), (off_t) 2 << 30), 0);
    }, "too large" },
  { "only_whitespace", TEXT (std::string (100000, ' ')), nullptr },
  { "nul_inside", [] (const std::string &p, const std::string &g) {
      contents (p, g.substr (0, 40) + std::string (1, '\0') + g.substr (41));
    }, nullptr },
  { "utf16_bom", TEXT ("\xff\xfe{\0}\0"), nullptr },
  { "truncated_one_byte", [] (const std::string &p, const std::string &g) { contents (p, g.substr (0, 1)); }, nullptr },
  { "truncated_at_90_percent", [] (const std::string &p, const std::string &g) {
      contents (p, g.substr (0, g.size () * 9 / 10));
    }, nullptr },
  { "missing_last_brace", [] (const std::string &p, const std::string &g) {
      contents (p, g.substr (0, g.rfind ('}')));
    }, nullptr },
  // 2 GB claimed counts and sizes
  { "cores_2_G", EDIT ("\"cores\":\\d+", "\"cores\":2147483648"), nullptr },
  { "workers_2_G", EDIT ("\"workers\":\\d+", "\"workers\":2147483648"), nullptr },
  { "expected_models_2_G", EDIT ("\"expected_models\":\\d+", "\"expected_models\":2147483648"), nullptr },
  { "expected_models_negative", EDIT ("\"expected_models\":\\d+", "\"expected_models\":-1"), nullptr },
  { "tasks_2_G", EDIT ("\"workload\":\"io 2x1ms", "\"workload\":\"io 2147483648x1ms"), nullptr },
  { "tasks_1000001", EDIT ("\"workload\":\"io 2x1ms", "\"workload\":\"io 1000001x1ms"), nullptr },
  { "tasks_1000000_claimed_2_listed", EDIT ("\"workload\":\"io 2x1ms", "\"workload\":\"io 1000000x1ms"), nullptr },
  { "computing_tasks_100001", EDIT ("\"workload\":\"io 2x1ms", "\"workload\":\"cpu 100001x1ms"), nullptr },
  { "tid_2_G", EDIT ("\"cat\":\"segment\",\"name\":\"queued\",\"pid\":1,\"tid\":1",
                     "\"cat\":\"segment\",\"name\":\"queued\",\"pid\":1,\"tid\":2147483648"), nullptr },
  { "pid_2_G", EDIT ("\"cat\":\"segment\",\"name\":\"queued\",\"pid\":1,",
                     "\"cat\":\"segment\",\"name\":\"queued\",\"pid\":2147483648,"), nullptr },
  { "core_2_G", EDIT ("\"core\":-?\\d+", "\"core\":2147483648"), nullptr },
  { "worker_2_G", EDIT ("\"worker\":\\d+", "\"worker\":2147483648"), nullptr },
  { "begin_ns_overflow", EDIT ("\"begin_ns\":\\d+", "\"begin_ns\":99999999999999999999"), nullptr },
  { "utilization_time_overflow", EDIT ("\"utilization\":\\[\\]", "\"utilization\":[{\"t_ns\":[99999999999999999999],\"busy\":[0.5]}]"), nullptr },
  // Impossible times
  { "negative_begin", EDIT ("\"begin_ns\":\\d+", "\"begin_ns\":-5"), nullptr },
  { "negative_model_begin", EDIT ("\"begin_ns\":\\d+,\"end_ns\":(\\d+),\"cpu_ns\"", "\"begin_ns\":-1,\"end_ns\":\\1,\"cpu_ns\""), nullptr },
  { "segment_end_before_begin", EDIT ("\"begin_ns\":(\\d+),\"end_ns\":\\d+,\"state\"", "\"begin_ns\":\\1,\"end_ns\":1,\"state\""), nullptr },
  { "model_end_before_begin", EDIT ("\"end_ns\":\\d+,\"cpu_ns\"", "\"end_ns\":3,\"cpu_ns\""), nullptr },
  { "negative_cpu", EDIT ("\"cpu_ns\":\\d+", "\"cpu_ns\":-1"), nullptr },
  { "negative_switch_interval", EDIT ("\"switch_interval_ns\":\\d+", "\"switch_interval_ns\":-5000000"), nullptr },
  // Not numbers, wrong types
  { "nan", EDIT ("\"iterations_per_ms\":[0-9.]+", "\"iterations_per_ms\":NaN"), nullptr },
  { "infinity", EDIT ("\"iterations_per_ms\":[0-9.]+", "\"iterations_per_ms\":Infinity"), nullptr },
  { "1e400", EDIT ("\"iterations_per_ms\":[0-9.]+", "\"iterations_per_ms\":1e400"), nullptr },
  { "busy_1e999", EDIT ("\"utilization\":\\[\\]", "\"utilization\":[{\"t_ns\":[1],\"busy\":[1e999]},{\"t_ns\":[1],\"busy\":[0]}]"), nullptr },
  { "busy_negative", EDIT ("\"utilization\":\\[\\]", "\"utilization\":[{\"t_ns\":[1],\"busy\":[-0.5]},{\"t_ns\":[1],\"busy\":[0]}]"), nullptr },
  { "format_version_string", EDIT ("\"format_version\":1", "\"format_version\":\"1\""), nullptr },
  { "status_a_string", EDIT ("\"status\":\\[[^]]*\\]", "\"status\":\"done\""), nullptr },
  { "status_numbers", EDIT ("\"status\":\\[[^]]*\\]", "\"status\":[1,2,3]"), nullptr },
  { "events_an_object", EDIT ("\"traceEvents\":\\[", "\"traceEvents\":{\"x\":["), nullptr },
  { "metadata_an_array", EDIT ("\"metadata\":\\{", "\"metadata\":[{"), nullptr },
  { "models_a_number", EDIT ("\"models\":\\[", "\"models\":7,\"x\":["), nullptr },
  { "workload_a_number", EDIT ("\"workload\":\"[^\"]*\"", "\"workload\":42"), nullptr },
  { "workload_empty", EDIT ("\"workload\":\"[^\"]*\"", "\"workload\":\"\""), nullptr },
  { "workload_unknown_unit", EDIT ("\"workload\":\"[^\"]*\"", "\"workload\":\"io 2x1parsec\""), nullptr },
  { "model_id_empty_list", EDIT ("\"models\":\\[.*\\]\\}\\}", "\"models\":[]}}"), nullptr },
  // Unknown states
  { "segment_state_unknown", EDIT ("\"state\":\"queued\"", "\"state\":\"sleeping\""), nullptr },
  { "task_status_unknown", EDIT ("\"status\":\\[\"done\"", "\"status\":[\"dancing\""), nullptr },
  { "reasons_for_no_task", EDIT ("\"reasons\":\\{\\}", "\"reasons\":{\"99999\":\"why\"}"), nullptr },
  { "reasons_key_2_G", EDIT ("\"reasons\":\\{\\}", "\"reasons\":{\"2147483648\":\"why\"}"), nullptr },
};

class BadTraceFile : public BadTrace, public ::testing::WithParamInterface<TraceCase>
{
};

TEST_P (BadTraceFile, IsRefusedWithAMessage)
{
  const TraceCase &c = GetParam ();
  TempDir dir;
  std::string path = dir.file ("trace.json");
  std::string image = dir.file ("chart.png");
  write_file (image, "an older chart");
  c.make (path, saved);
  std::vector<std::string> before = dir.list ();

  Result r = run ({ "render", path, "-o", image }, {}, 20);

  ASSERT_FALSE (r.timed_out) << c.name << ": still running after 20 s";
  ASSERT_EQ (r.signal, 0) << c.name << ": killed by signal " << r.signal << "\n" << r.err;
  EXPECT_EQ (r.status, 1) << c.name << "\n" << r.err;
  EXPECT_TRUE (g_str_has_prefix (r.err.c_str (), "concurrency-lab render: ")) << r.err;
  EXPECT_GT (r.err.size (), strlen ("concurrency-lab render: \n")) << c.name;
  EXPECT_LT (r.err.size (), 2000u) << "a message, not a dump:\n" << r.err.substr (0, 300);
  if (c.message_part != nullptr)
    {
      EXPECT_NE (r.err.find (c.message_part), std::string::npos) << r.err;
    }
  EXPECT_EQ (read_file (image), "an older chart");
  EXPECT_EQ (dir.list (), before) << "nothing written";
  EXPECT_LT (r.seconds, 10.0) << c.name;
}

INSTANTIATE_TEST_SUITE_P (Render, BadTraceFile, ::testing::ValuesIn (cases),
                          [] (const ::testing::TestParamInfo<TraceCase> &info) {
                            return std::string (info.param.name);
                          });

TEST (BadTraceTable, ThereAreEnoughRows)
{
  EXPECT_GE (cases.size (), 50u);
}

// The control: the unedited trace renders, so the refusals above are
// about the edits.
TEST_F (BadTrace, TheGoodTraceRenders)
{
  TempDir dir;
  std::string path = dir.file ("trace.json");
  write_file (path, saved);
  Result r = run ({ "render", path, "-o", dir.file ("chart.png") }, {}, 20);

  EXPECT_EQ (r.status, 0) << r.err;
  EXPECT_EQ (r.err, "");
}

// A model id this version does not know (a newer version's model) is not
// an error: the trace's own figures are drawn under that id.
TEST_F (BadTrace, AnUnknownModelIdIsDrawnUnderItsId)
{
  TempDir dir;
  std::string path = dir.file ("trace.json");
  write_file (path, edit (saved, "\"id\":\"threads\"", "\"id\":\"fibers\""));
  Result r = run ({ "render", path, "-o", dir.file ("chart.png"), "--summary", "text" }, {}, 20);

  EXPECT_EQ (r.status, 0) << r.err;
  EXPECT_NE (r.out.find ("fibers"), std::string::npos) << r.out;
  EXPECT_TRUE (g_file_test (dir.file ("chart.png").c_str (), G_FILE_TEST_IS_REGULAR));
}

}  // namespace

namespace {

// Other tools' traces (Chrome Trace Event Format) that cannot be drawn:
// through the same render, the same promises.
const std::vector<TraceCase> chrome_cases = {
  { "chrome_args_nested_deep", [] (const std::string &p, const std::string &) {
      std::string args;
      for (int i = 0; i < 40; i++)
        args += "{\"a\":";
      args += "1" + std::string (40, '}');
      contents (p, "[{\"ph\":\"X\",\"name\":\"x\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":1,\"args\":" + args + "}]");
    }, "nested" },
  { "chrome_times_of_1e300", TEXT ("[{\"ph\":\"X\",\"name\":\"x\",\"pid\":1,\"tid\":1,\"ts\":1e300,\"dur\":1}]"),
    "no event with a time" },
  { "chrome_only_instants", TEXT ("{\"traceEvents\":[{\"ph\":\"i\",\"name\":\"x\",\"pid\":1,\"ts\":3}]}"),
    "no spans" },
  { "chrome_events_not_a_list", TEXT ("{\"traceEvents\":{\"ph\":\"X\"}}"), "traceEvents" },
  { "chrome_130_MiB", [] (const std::string &p, const std::string &) {
      std::string text = "[" + std::string ((size_t) 130 << 20, ' ') + "]";
      contents (p, text);
    }, "larger than 128 MiB" },
  { "chrome_cut_inside_a_string", TEXT ("[{\"ph\":\"X\",\"name\":\"unfinished"), "JSON" },
  { "chrome_100000_threads_of_no_work", [] (const std::string &p, const std::string &) {
      std::string text = "[";
      for (int i = 0; i < 100001; i++)
        text += "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":" + std::to_string (i)
                + ",\"args\":{\"name\":\"t\"}},";
      text += "{\"ph\":\"X\",\"name\":\"x\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":1}]";
      contents (p, text);
    }, "threads" },
};

class BadOtherToolsTrace : public BadTrace, public ::testing::WithParamInterface<TraceCase>
{
};

TEST_P (BadOtherToolsTrace, IsRefusedWithAMessage)
{
  const TraceCase &c = GetParam ();
  TempDir dir;
  std::string path = dir.file ("other.json");
  std::string image = dir.file ("chart.png");
  c.make (path, saved);

  Result r = run ({ "render", path, "-o", image }, {}, 30);

  ASSERT_FALSE (r.timed_out) << c.name;
  ASSERT_EQ (r.signal, 0) << c.name << "\n" << r.err;
  EXPECT_EQ (r.status, 1) << c.name << "\n" << r.err;
  EXPECT_NE (r.err.find (c.message_part), std::string::npos) << r.err.substr (0, 500);
  EXPECT_LT (r.err.size (), 2000u);
  EXPECT_FALSE (g_file_test (image.c_str (), G_FILE_TEST_EXISTS)) << "nothing written";
}

INSTANTIATE_TEST_SUITE_P (Render, BadOtherToolsTrace, ::testing::ValuesIn (chrome_cases),
                          [] (const ::testing::TestParamInfo<TraceCase> &info) {
                            return std::string (info.param.name);
                          });

}  // namespace
