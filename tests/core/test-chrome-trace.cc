// SPDX-License-Identifier: GPL-3.0-or-later
// Traces written by other tools (Chrome Trace Event Format), and observed
// traces saved and loaded in our own format.
#include <gtest/gtest.h>

#include <string>

extern "C" {
#include "lab-chrome-trace.h"
#include "lab-error.h"
#include "lab-observed.h"
#include "lab-stats.h"
#include "lab-trace-json.h"
}

namespace {

std::string
data_file (const char *name)
{
  const char *dir = g_getenv ("LAB_TEST_DATA");
  g_autofree char *path = g_build_filename (dir != nullptr ? dir : ".", name, nullptr);
  g_autofree char *text = nullptr;
  gsize length = 0;

  EXPECT_TRUE (g_file_get_contents (path, &text, &length, nullptr)) << path;
  return std::string (text != nullptr ? text : "", length);
}

LabComparison *
load (const std::string &text, GError **error = nullptr)
{
  return lab_chrome_trace_from_json (text.data (), (gssize) text.size (), "test.json", error);
}

gint64
running_ns (LabTrace *trace, guint32 task)
{
  g_autoptr(GArray) segs = lab_trace_copy_segments (trace);
  gint64 sum = 0;

  for (guint i = 0; i < segs->len; i++)
    {
      const LabSegment *s = &g_array_index (segs, LabSegment, i);

      EXPECT_EQ (s->state, LAB_STATE_RUNNING) << "only what the file says";
      if (s->task == task)
        sum += s->end_ns - s->begin_ns;
    }
  return sum;
}

// clang's -ftime-trace: one compiler thread with nested spans; the "Total"
// summaries the compiler writes on threads of their own are time added up,
// not a time line, and get no lanes: the note says so.
TEST (ChromeTrace, ReadsClangTimeTrace)
{
  g_autoptr(GError) error = nullptr;
  g_autoptr(LabComparison) c = load (data_file ("clang-time-trace.json"), &error);
  ASSERT_NE (c, nullptr) << error->message;
  g_autoptr(LabTrace) t = lab_comparison_dup_trace (c, 0);
  LabObserved *roster = lab_trace_get_observed (t);
  LabObservedProcess p;
  LabObservedTask task;
  g_autoptr(GArray) spans = lab_observed_copy_spans (roster);
  gboolean nested = FALSE, labelled = FALSE;

  EXPECT_STREQ (lab_trace_get_model_id (t), LAB_CHROME_TRACE_MODEL_ID);
  EXPECT_EQ (lab_comparison_get_workload (c), nullptr);
  ASSERT_EQ (lab_observed_get_n_processes (roster), 1u);
  ASSERT_TRUE (lab_observed_copy_process (roster, 0, &p));
  EXPECT_STREQ (p.name, "clang");
  lab_observed_process_clear (&p);
  ASSERT_EQ (lab_trace_get_n_tasks (t), 1u);
  g_autofree char *note = lab_observed_dup_note (roster);
  ASSERT_NE (note, nullptr);
  EXPECT_NE (std::string (note).find ("79 totals"), std::string::npos) << note;
  ASSERT_TRUE (lab_observed_copy_task (roster, 0, &task));
  EXPECT_STREQ (task.name, "clang");
  EXPECT_EQ (task.kind, LAB_OBSERVED_SPANS);
  lab_observed_task_clear (&task);

  // The compiler's thread ran as long as its outermost span, ExecuteCompiler.
  EXPECT_NEAR ((double) running_ns (t, 0), 29877000.0, 300000.0);
  EXPECT_NEAR ((double) (lab_trace_get_end_ns (t) - lab_trace_get_begin_ns (t)), 29904000.0, 1000.0);
  for (guint i = 0; i < spans->len; i++)
    {
      const LabNamedSpan *s = &g_array_index (spans, LabNamedSpan, i);
      g_autofree char *name = lab_observed_dup_name (roster, s->name);

      nested |= s->depth >= 2;
      labelled |= g_str_equal (name, "Source stdio.h");
    }
  EXPECT_TRUE (nested);
  EXPECT_TRUE (labelled);
}

TEST (ChromeTrace, ReadsBothFormsAndBeginEndPairs)
{
  const char *events =
    "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":7,\"tid\":8,\"args\":{\"name\":\"worker\"}},"
    "{\"ph\":\"B\",\"name\":\"outer\",\"pid\":7,\"tid\":8,\"ts\":1000},"
    "{\"ph\":\"B\",\"name\":\"inner\",\"pid\":7,\"tid\":8,\"ts\":1200},"
    "{\"ph\":\"E\",\"pid\":7,\"tid\":8,\"ts\":1300},"
    "{\"ph\":\"E\",\"pid\":7,\"tid\":8,\"ts\":1500},"
    "{\"ph\":\"X\",\"name\":\"later\",\"pid\":7,\"tid\":8,\"ts\":2000,\"dur\":100},"
    "{\"ph\":\"C\",\"name\":\"heap\",\"pid\":7,\"ts\":1100,\"args\":{\"bytes\":4096}},"
    "{\"ph\":\"i\",\"name\":\"click\",\"pid\":7,\"tid\":8,\"ts\":1400,\"s\":\"t\"},"
    "{\"ph\":\"b\",\"name\":\"async\",\"pid\":7,\"tid\":8,\"ts\":1400,\"id\":1}";
  std::string array = std::string ("[") + events + "]";
  std::string cut = std::string ("[") + events + ",\n";   // the format allows no "]"
  std::string object = std::string ("{\"traceEvents\":[") + events + "],\"displayTimeUnit\":\"ns\"}";

  for (const std::string &text : { array, cut, object })
    {
      g_autoptr(GError) error = nullptr;
      g_autoptr(LabComparison) c = load (text, &error);
      ASSERT_NE (c, nullptr) << text << ": " << error->message;
      g_autoptr(LabTrace) t = lab_comparison_dup_trace (c, 0);
      LabObserved *roster = lab_trace_get_observed (t);
      g_autoptr(GPtrArray) markers = lab_trace_copy_markers (t);
      g_autofree char *label = lab_observed_dup_task_label (roster, 0);

      ASSERT_EQ (lab_trace_get_n_tasks (t), 1u);
      EXPECT_STREQ (label, "process 7: worker") << "the file names no process 7";
      // 500 µs in outer (inner inside it), 100 µs later: a gap between.
      EXPECT_EQ (running_ns (t, 0), 600000);
      ASSERT_EQ (lab_observed_get_n_counters (roster), 1u);
      g_autoptr(GArray) heap = lab_observed_copy_counter (roster, 0);
      ASSERT_EQ (heap->len, 1u);
      EXPECT_EQ (g_array_index (heap, LabCounterSample, 0).value, 4096.0);
      // The instant; a note says that one async event was not drawn.
      ASSERT_EQ (markers->len, 1u);
      g_autofree char *note = lab_observed_dup_note (roster);
      ASSERT_NE (note, nullptr);
      EXPECT_NE (std::string (note).find ("1 event of other kinds"), std::string::npos) << note;
    }
}

// What the file does not say is not drawn: no state in gaps, no core.
TEST (ChromeTrace, GapsStayBlank)
{
  g_autoptr(LabComparison) c = load ("[{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":10},"
                                     "{\"ph\":\"X\",\"name\":\"b\",\"pid\":1,\"tid\":1,\"ts\":50,\"dur\":10}]");
  ASSERT_NE (c, nullptr);
  g_autoptr(LabTrace) t = lab_comparison_dup_trace (c, 0);
  g_autoptr(GArray) segs = lab_trace_copy_segments (t);

  ASSERT_EQ (segs->len, 2u);
  for (guint i = 0; i < segs->len; i++)
    {
      EXPECT_EQ (g_array_index (segs, LabSegment, i).state, LAB_STATE_RUNNING);
      EXPECT_EQ (g_array_index (segs, LabSegment, i).core, -1);
      EXPECT_GT (g_array_index (segs, LabSegment, i).begin_ns, 0) << "times made positive";
    }
  // Work under way, not CPU time: the file did not measure that.
  EXPECT_FALSE (lab_observed_is_measured (lab_trace_get_observed (t)));
  LabTraceStats stats;
  lab_trace_compute_stats (t, &stats);
  EXPECT_EQ (stats.cpu_ns, -1);
}

TEST (ChromeTrace, RefusesWhatIsNotATrace)
{
  const struct { const char *text; const char *part; } cases[] = {
    { "", "empty" },
    { "hello", "list or an object" },
    { "{\"a\":1}", "traceEvents" },
    { "[]", "no event" },
    { "[{\"ph\":\"M\",\"name\":\"x\",\"pid\":1}]", "no event" },
    { "[{\"ph\":\"i\",\"name\":\"x\",\"pid\":1,\"ts\":3}]", "no spans" },
    { "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "nested" },
    { "[{\"ph\":\"X\",\"ts\":123456789012345678901234567890,\"dur\":1}]", "digits" },
  };

  for (const auto &c : cases)
    {
      g_autoptr(GError) error = nullptr;
      g_autoptr(LabComparison) comparison = load (c.text, &error);

      EXPECT_EQ (comparison, nullptr) << c.text;
      ASSERT_NE (error, nullptr) << c.text;
      /* JSON of another kind is "not a trace"; a trace that cannot be
       * drawn, or no JSON, is invalid. */
      EXPECT_TRUE (g_error_matches (error, LAB_ERROR,
                                    g_str_equal (c.part, "traceEvents") ? LAB_ERROR_NOT_TRACE
                                                                         : LAB_ERROR_INVALID))
        << c.text;
      EXPECT_NE (std::string (error->message).find (c.part), std::string::npos)
        << c.text << " gave: " << error->message;
    }
}

// Malformed events among good ones are counted and said, not fatal.
TEST (ChromeTrace, SkipsMalformedEventsAndSaysSo)
{
  g_autoptr(LabComparison) c =
    load ("[{\"ph\":\"X\",\"name\":\"ok\",\"pid\":1,\"tid\":1,\"ts\":5,\"dur\":10},"
          "{\"ph\":\"X\",\"name\":\"no time\",\"pid\":1,\"tid\":1},"
          "7, \"x\", {\"ph\":\"E\",\"pid\":1,\"tid\":1,\"ts\":9},"
          "{\"ph\":\"X\",\"name\":\"bad pid\",\"pid\":[1],\"tid\":1,\"ts\":5},"
          /* Found by fuzzing: an id no integer can hold. */
          "{\"ph\":\"X\",\"name\":\"huge tid\",\"pid\":1,\"tid\":8.1e301,\"ts\":5,\"dur\":1}]");
  ASSERT_NE (c, nullptr);
  g_autoptr(LabTrace) t = lab_comparison_dup_trace (c, 0);
  g_autofree char *text = lab_observed_dup_note (lab_trace_get_observed (t));

  ASSERT_NE (text, nullptr);
  std::string note = text;
  EXPECT_NE (note.find ("5 malformed events"), std::string::npos) << note;
  EXPECT_NE (note.find ("1 end without a begin"), std::string::npos) << note;
}

// Counts the criticals logged while it lives: a trace of no workload
// must not trip a check meant for the lessons' traces.
struct CriticalCount
{
  guint n = 0;
  GLogFunc old;
  gpointer old_data;

  CriticalCount () { old = g_log_set_default_handler (count, this); }
  ~CriticalCount () { g_log_set_default_handler (old, old_data); }

  static void
  count (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
  {
    if (level & G_LOG_LEVEL_CRITICAL)
      {
        ((CriticalCount *) data)->n++;
        ADD_FAILURE () << (domain != nullptr ? domain : "") << ": " << message;
      }
  }
};

// Opened from another tool, saved in our format, opened again: the same
// lanes, names, spans and segments.
TEST (ObservedJson, SavesAndLoadsTheRoster)
{
  CriticalCount criticals;
  g_autoptr(LabComparison) c = load (data_file ("clang-time-trace.json"));
  ASSERT_NE (c, nullptr);
  g_autofree char *text = lab_trace_json_to_string (c, nullptr);
  g_autoptr(GError) error = nullptr;
  g_autoptr(LabComparison) back = lab_trace_json_from_string (text, -1, &error);
  ASSERT_NE (back, nullptr) << error->message;
  g_autoptr(LabTrace) a = lab_comparison_dup_trace (c, 0);
  g_autoptr(LabTrace) b = lab_comparison_dup_trace (back, 0);
  g_autoptr(GArray) sa = lab_observed_copy_spans (lab_trace_get_observed (a));
  g_autoptr(GArray) sb = lab_observed_copy_spans (lab_trace_get_observed (b));
  g_autoptr(GArray) ga = lab_trace_copy_segments (a);
  g_autoptr(GArray) gb = lab_trace_copy_segments (b);
  g_autofree char *again = lab_trace_json_to_string (back, nullptr);

  EXPECT_EQ (lab_comparison_get_workload (back), nullptr);
  EXPECT_EQ (lab_trace_get_n_tasks (b), lab_trace_get_n_tasks (a));
  ASSERT_EQ (sb->len, sa->len);
  EXPECT_EQ (0, memcmp (sa->data, sb->data, sa->len * sizeof (LabNamedSpan)));
  ASSERT_EQ (gb->len, ga->len);
  EXPECT_EQ (0, memcmp (ga->data, gb->data, ga->len * sizeof (LabSegment)));
  g_autofree char *la = lab_observed_dup_task_label (lab_trace_get_observed (a), 1);
  g_autofree char *lb = lab_observed_dup_task_label (lab_trace_get_observed (b), 1);
  EXPECT_STREQ (la, lb);
  EXPECT_STREQ (text, again);
  EXPECT_EQ (criticals.n, 0u);
}

TEST (ObservedJson, RefusesABrokenRoster)
{
  g_autoptr(LabComparison) c = load ("[{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":10}]");
  ASSERT_NE (c, nullptr);
  g_autofree char *text = lab_trace_json_to_string (c, nullptr);
  const struct { const char *from; const char *to; const char *part; } edits[] = {
    { "\"kind\":\"spans\"", "\"kind\":\"cloud\"", "unknown kind" },
    { "\"process\":0", "\"process\":5", "process" },
    { "\"parent\":-1", "\"parent\":3", "parent" },
    { "\"observed\":{", "\"observed\":{\"x\":", "" },
  };

  for (const auto &e : edits)
    {
      std::string edited = text;
      size_t at = edited.find (e.from);

      ASSERT_NE (at, std::string::npos) << e.from;
      edited.replace (at, strlen (e.from), e.to);
      g_autoptr(GError) error = nullptr;
      g_autoptr(LabComparison) back = lab_trace_json_from_string (edited.c_str (), -1, &error);
      EXPECT_EQ (back, nullptr) << e.to;
      if (error != nullptr)
        {
          EXPECT_NE (std::string (error->message).find (e.part), std::string::npos)
            << e.to << " gave: " << error->message;
        }
    }
}

}  // namespace

namespace {

// Chromium's own start-up trace: a browser, a GPU process, renderers and
// services, each with named threads.
TEST (ChromeTrace, ReadsChromiumStartupTrace)
{
  g_autoptr(GError) error = nullptr;
  g_autoptr(LabComparison) c = load (data_file ("chromium-startup.json"), &error);
  ASSERT_NE (c, nullptr) << error->message;
  g_autoptr(LabTrace) t = lab_comparison_dup_trace (c, 0);
  LabObserved *roster = lab_trace_get_observed (t);
  std::string processes, threads;

  for (guint i = 0; i < lab_observed_get_n_processes (roster); i++)
    {
      LabObservedProcess p;

      ASSERT_TRUE (lab_observed_copy_process (roster, i, &p));
      processes += std::string (p.name) + ";";
      lab_observed_process_clear (&p);
    }
  for (guint32 k = 0; k < lab_trace_get_n_tasks (t); k++)
    {
      g_autofree char *label = lab_observed_dup_task_label (roster, k);
      threads += std::string (label) + ";";
    }
  EXPECT_NE (processes.find ("Browser;"), std::string::npos) << processes;
  EXPECT_NE (processes.find ("Renderer;"), std::string::npos) << processes;
  EXPECT_NE (processes.find ("GPU Process;"), std::string::npos) << processes;
  EXPECT_NE (threads.find ("Browser: CrBrowserMain;"), std::string::npos) << threads;
  EXPECT_NE (threads.find ("VizCompositorThread;"), std::string::npos) << threads;
  EXPECT_EQ (threads.find ("swapper"), std::string::npos) << "only named, no lane: " << threads;
  EXPECT_GT (lab_trace_get_n_segments (t), 100u);
  // The flow and async events, and the threads only named, are said to be
  // left out.
  g_autofree char *note = lab_observed_dup_note (roster);
  ASSERT_NE (note, nullptr);
  EXPECT_NE (std::string (note).find ("11 events of other kinds"), std::string::npos) << note;
  EXPECT_NE (std::string (note).find ("threads with nothing in them"), std::string::npos) << note;
  EXPECT_EQ (std::string (note).find (" 0 "), std::string::npos) << "no zeros said: " << note;
}

}  // namespace
