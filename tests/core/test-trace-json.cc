// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <csignal>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

extern "C" {
#include <glib/gstdio.h>
#include <sys/resource.h>
#include <json-glib/json-glib.h>

#include "lab-comparison.h"
#include "lab-error.h"
#include "lab-trace-json.h"
#include "lab-trace.h"
#include "lab-workload.h"
}

namespace {

constexpr gint64 MS = 1000000;
constexpr gint64 T0 = 1000 * 1000 * MS;  // a CLOCK_MONOTONIC-like origin

LabComparison *
make_comparison (guint core_limit = 0)
{
  LabWorkload *w = lab_workload_parse ("io 3,1,2ms + cpu 2x1ms", nullptr);
  LabRunPlanBuilder *builder = lab_run_plan_builder_new (w, 2);
  lab_run_plan_builder_set_switch_interval_ns (builder, 5 * MS);
  lab_run_plan_builder_set_all_at_once (builder, TRUE);
  lab_run_plan_builder_set_core_limit (builder, core_limit);
  LabRunPlan *plan = lab_run_plan_builder_end (builder);
  lab_run_plan_builder_free (builder);
  LabComparison *c = lab_comparison_new_for_plan (plan, 2);
  lab_run_plan_unref (plan);
  lab_comparison_set_iterations_per_ms (c, 123456.789);
  lab_comparison_set_created (c, 1700000000);
  lab_comparison_set_version (c, "0.1.0");
  lab_comparison_set_n_expected (c, 2);

  LabTrace *seq = lab_trace_new ("sequential", w, 2);
  lab_trace_set_n_workers (seq, 1);
  lab_trace_set_iterations_per_ms (seq, 123456.789);
  lab_trace_begin (seq, T0);
  LabTraceWriter *wr = lab_trace_get_writer (seq, 0);
  gint64 t = T0;
  for (guint32 task = 0; task < 5; task++)
    {
      lab_trace_writer_add (wr, task, LAB_STATE_QUEUED, -1, T0, t);
      lab_trace_writer_add (wr, task, task < 3 ? LAB_STATE_WAITING_IO : LAB_STATE_RUNNING,
                            task < 3 ? -1 : (gint) task % 2, t, t + MS + task * 7);
      t += MS + task * 7;
    }
  lab_trace_writer_add (wr, 4, LAB_STATE_READY, 1, t, t + 1);  // 1 ns: precision must survive
  for (guint32 task = 0; task < 5; task++)
    lab_trace_task_done (seq, task);
  lab_trace_add_cpu_time (seq, 2 * MS + 3);
  const float busy[2] = { 0.123456f, 1.0f };
  lab_trace_add_utilization (seq, T0 + 50 * MS, 2, busy);
  const float busy3[3] = { 0.0f, 0.5f, 0.333f };
  lab_trace_add_utilization (seq, T0 + 100 * MS, 3, busy3);
  lab_trace_add_marker (seq, T0 + 2 * MS, "note with \"quotes\", a \\ and ünïcödé ✓");
  // Memory: a whole sample, a gap, one read from statm (no PSS), one with
  // workers.
  const LabMemorySample memory[] = {
    { T0, 30 << 20, 28 << 20, 0, 0, 4096, 0, LAB_MEMORY_SOURCE_SMAPS_ROLLUP, {} },
    { T0 + MS, LAB_MEMORY_NOT_MEASURED, LAB_MEMORY_NOT_MEASURED, LAB_MEMORY_NOT_MEASURED,
      LAB_MEMORY_NOT_MEASURED, 8192, 0, LAB_MEMORY_SOURCE_NONE, {} },
    { T0 + 2 * MS, 31 << 20, LAB_MEMORY_NOT_MEASURED, 0, 0, 8192, 0, LAB_MEMORY_SOURCE_STATM, {} },
    { T0 + 3 * MS, (gint64) 5 << 32, 40 << 20, ((gint64) 5 << 32) - (30 << 20), 12 << 20,
      2 << 20, 7, LAB_MEMORY_SOURCE_SMAPS, {} },
  };
  for (const auto &m : memory)
    lab_trace_add_memory (seq, &m);
  lab_trace_end (seq, t + 1);
  lab_comparison_add_trace (c, seq);

  LabTrace *thr = lab_trace_new ("threads", w, 2);
  lab_trace_set_n_workers (thr, 0);
  lab_trace_set_switch_interval_ns (thr, 5 * MS);
  lab_trace_begin (thr, T0 + 10 * MS);
  lab_trace_writer_add (lab_trace_get_writer (thr, 7), 3, LAB_STATE_RUNNING, 1,
                        T0 + 10 * MS, T0 + 11 * MS);
  lab_trace_writer_add (lab_trace_get_writer (thr, 65535), 0, LAB_STATE_WAITING_LOCK, 0,
                        T0 + 10 * MS, T0 + 10 * MS);
  lab_trace_task_done (thr, 3);
  lab_trace_task_failed (thr, 1, "worker 2 died");
  lab_trace_task_cancelled (thr, 2);
  lab_trace_set_error (thr, "could not start: “no such file”");
  lab_comparison_add_trace (c, thr);

  lab_trace_unref (seq);
  lab_trace_unref (thr);
  lab_workload_unref (w);
  return c;
}

void
expect_same_trace (LabTrace *a, LabTrace *b)
{
  EXPECT_STREQ (lab_trace_get_model_id (a), lab_trace_get_model_id (b));
  EXPECT_TRUE (lab_workload_equal (lab_trace_get_workload (a), lab_trace_get_workload (b)));
  EXPECT_EQ (lab_trace_get_n_cores (a), lab_trace_get_n_cores (b));
  EXPECT_EQ (lab_trace_get_n_workers (a), lab_trace_get_n_workers (b));
  EXPECT_EQ (lab_trace_get_switch_interval_ns (a), lab_trace_get_switch_interval_ns (b));
  EXPECT_EQ (lab_trace_get_iterations_per_ms (a), lab_trace_get_iterations_per_ms (b));
  EXPECT_EQ (lab_trace_get_begin_ns (a), lab_trace_get_begin_ns (b));
  EXPECT_EQ (lab_trace_get_end_ns (a), lab_trace_get_end_ns (b));
  EXPECT_EQ (lab_trace_get_cpu_ns (a), lab_trace_get_cpu_ns (b));
  EXPECT_EQ (lab_trace_get_last_ns (a), lab_trace_get_last_ns (b));
  EXPECT_STREQ (lab_trace_get_error (a), lab_trace_get_error (b));
  EXPECT_EQ (lab_trace_get_n_finished (a), lab_trace_get_n_finished (b));

  guint n_tasks = lab_workload_get_n_tasks (lab_trace_get_workload (a));
  for (guint k = 0; k < n_tasks; k++)
    {
      EXPECT_EQ (lab_trace_task_get_status (a, k), lab_trace_task_get_status (b, k)) << k;
      EXPECT_STREQ (lab_trace_task_get_reason (a, k), lab_trace_task_get_reason (b, k)) << k;
    }

  GArray *sa = lab_trace_copy_segments (a);
  GArray *sb = lab_trace_copy_segments (b);
  ASSERT_EQ (sa->len, sb->len);
  EXPECT_EQ (memcmp (sa->data, sb->data, sa->len * sizeof (LabSegment)), 0)
      << "segments must come back bit for bit";
  g_array_unref (sa);
  g_array_unref (sb);

  ASSERT_EQ (lab_trace_get_n_utilization_cores (a), lab_trace_get_n_utilization_cores (b));
  for (guint c = 0; c < lab_trace_get_n_utilization_cores (a); c++)
    {
      GArray *ua = lab_trace_copy_utilization (a, c);
      GArray *ub = lab_trace_copy_utilization (b, c);
      ASSERT_EQ (ua->len, ub->len);
      for (guint i = 0; i < ua->len; i++)
        {
          EXPECT_EQ (g_array_index (ua, LabUtilSample, i).t_ns, g_array_index (ub, LabUtilSample, i).t_ns);
          EXPECT_EQ (g_array_index (ua, LabUtilSample, i).busy, g_array_index (ub, LabUtilSample, i).busy);
        }
      g_array_unref (ua);
      g_array_unref (ub);
    }

  GPtrArray *ma = lab_trace_copy_markers (a);
  GPtrArray *mb = lab_trace_copy_markers (b);
  ASSERT_EQ (ma->len, mb->len);
  for (guint i = 0; i < ma->len; i++)
    {
      EXPECT_EQ (((LabMarker *) ma->pdata[i])->t_ns, ((LabMarker *) mb->pdata[i])->t_ns);
      EXPECT_STREQ (((LabMarker *) ma->pdata[i])->text, ((LabMarker *) mb->pdata[i])->text);
    }
  g_ptr_array_unref (ma);
  g_ptr_array_unref (mb);

  EXPECT_EQ (lab_trace_has_memory (a), lab_trace_has_memory (b));
  GArray *mema = lab_trace_copy_memory (a);
  GArray *memb = lab_trace_copy_memory (b);
  ASSERT_EQ (mema->len, memb->len);
  if (mema->len > 0)
    {
      EXPECT_EQ (memcmp (mema->data, memb->data, mema->len * sizeof (LabMemorySample)), 0)
          << "memory samples must come back bit for bit";
    }
  g_array_unref (mema);
  g_array_unref (memb);
}

void
expect_same (LabComparison *a, LabComparison *b)
{
  EXPECT_TRUE (lab_workload_equal (lab_comparison_get_workload (a), lab_comparison_get_workload (b)));
  EXPECT_EQ (lab_comparison_get_n_cores (a), lab_comparison_get_n_cores (b));
  EXPECT_EQ (lab_comparison_get_n_workers (a), lab_comparison_get_n_workers (b));
  EXPECT_EQ (lab_comparison_get_switch_interval_ns (a), lab_comparison_get_switch_interval_ns (b));
  EXPECT_EQ (lab_comparison_get_iterations_per_ms (a), lab_comparison_get_iterations_per_ms (b));
  EXPECT_EQ (lab_comparison_get_all_at_once (a), lab_comparison_get_all_at_once (b));
  EXPECT_EQ (lab_comparison_get_created (a), lab_comparison_get_created (b));
  EXPECT_STREQ (lab_comparison_get_version (a), lab_comparison_get_version (b));
  EXPECT_EQ (lab_comparison_get_n_expected (a), lab_comparison_get_n_expected (b));
  EXPECT_EQ (lab_comparison_get_begin_ns (a), lab_comparison_get_begin_ns (b));
  EXPECT_EQ (lab_comparison_is_finished (a), lab_comparison_is_finished (b));
  ASSERT_EQ (lab_comparison_get_n_traces (a), lab_comparison_get_n_traces (b));
  for (guint i = 0; i < lab_comparison_get_n_traces (a); i++)
    {
      LabTrace *ta = lab_comparison_dup_trace (a, i);
      LabTrace *tb = lab_comparison_dup_trace (b, i);
      expect_same_trace (ta, tb);
      lab_trace_unref (ta);
      lab_trace_unref (tb);
    }
}

std::string
to_json (LabComparison *c)
{
  gsize len = 0;
  char *text = lab_trace_json_to_string (c, &len);
  std::string out (text, len);
  g_free (text);
  return out;
}

TEST (TraceJson, RoundTripIsExact)
{
  LabComparison *c = make_comparison ();
  std::string text = to_json (c);
  GError *error = nullptr;
  LabComparison *back = lab_trace_json_from_string (text.c_str (), (gssize) text.size (), &error);
  ASSERT_NE (back, nullptr) << error->message;
  expect_same (c, back);
  EXPECT_EQ (to_json (back), text) << "writing the loaded comparison gives the same file";
  lab_comparison_unref (back);
  lab_comparison_unref (c);
}

TEST (TraceJson, EmptyComparisonRoundTrips)
{
  LabWorkload *w = lab_workload_new_uniform (LAB_TASK_KIND_MIXED, 100000, MS);
  LabComparison *c = lab_comparison_new (w, 1);
  std::string text = to_json (c);
  LabComparison *back = lab_trace_json_from_string (text.c_str (), -1, nullptr);
  ASSERT_NE (back, nullptr);
  expect_same (c, back);
  lab_comparison_unref (back);
  lab_comparison_unref (c);
  lab_workload_unref (w);
}

/* The shape Perfetto and chrome://tracing read. */
TEST (TraceJson, ChromeTraceShape)
{
  LabComparison *c = make_comparison ();
  std::string text = to_json (c);
  JsonParser *parser = json_parser_new ();
  ASSERT_TRUE (json_parser_load_from_data (parser, text.c_str (), -1, nullptr));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonArray *events = json_object_get_array_member (root, "traceEvents");

  int process_names = 0, task_threads = 0, core_events = 0, segments = 0, counters = 0, instants = 0;
  int memory_counters = 0, memory_pss = 0;
  bool saw_one_ns = false;
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      std::string ph = json_object_get_string_member (e, "ph");
      gint64 pid = json_object_get_int_member (e, "pid");
      std::string name = json_object_get_string_member (e, "name");
      if (ph == "M" && name == "process_name")
        {
          std::string pname = json_object_get_string_member (json_object_get_object_member (e, "args"), "name");
          if (pid == 1)
            {
              EXPECT_EQ (pname, "sequential");
            }
          if (pid == 1001)
            {
              EXPECT_EQ (pname, "threads cores");
            }
          process_names++;
        }
      if (ph == "M" && name == "thread_name" && pid == 2 && json_object_get_int_member (e, "tid") == 5)
        {
          EXPECT_STREQ (json_object_get_string_member (json_object_get_object_member (e, "args"), "name"),
                        "task 5");
          task_threads++;
        }
      if (ph == "X" && std::string (json_object_get_string_member (e, "cat")) == "segment")
        {
          segments++;
          JsonObject *args = json_object_get_object_member (e, "args");
          gint64 b = json_object_get_int_member (args, "begin_ns");
          gint64 en = json_object_get_int_member (args, "end_ns");
          EXPECT_NEAR (json_object_get_double_member (e, "dur"), (en - b) / 1000.0, 1e-9);
          EXPECT_EQ (name, json_object_get_string_member (args, "state"));
          if (en - b == 1)
            saw_one_ns = true;
        }
      if (ph == "X" && std::string (json_object_get_string_member (e, "cat")) == "core")
        {
          EXPECT_GE (pid, 1000);
          core_events++;
        }
      if (ph == "C" && name == "memory")
        {
          // A counter track in MiB; the gap is left out, statm has no PSS.
          JsonObject *args = json_object_get_object_member (e, "args");
          EXPECT_EQ (pid, 1);
          EXPECT_TRUE (json_object_has_member (args, "RSS MiB"));
          memory_counters++;
          memory_pss += json_object_has_member (args, "PSS MiB");
        }
      else if (ph == "C")
        counters++;
      if (ph == "i")
        instants++;
    }
  EXPECT_EQ (process_names, 4) << "two models, each with a cores process";
  EXPECT_EQ (task_threads, 1);
  EXPECT_EQ (segments, 13);
  EXPECT_EQ (core_events, 3) << "running segments with a known core";
  EXPECT_EQ (counters, 5);
  EXPECT_EQ (memory_counters, 3);
  EXPECT_EQ (memory_pss, 2);
  EXPECT_EQ (instants, 1);
  EXPECT_TRUE (saw_one_ns);

  /* Perfetto reads the file as a stream and stops at an unknown key. */
  EXPECT_EQ (text.rfind ("{\"displayTimeUnit\":\"ms\",\n\"traceEvents\":[", 0), 0u);
  EXPECT_LT (text.find ("\"traceEvents\""), text.find ("\"metadata\""));
  EXPECT_EQ (json_object_get_size (root), 3u);

  JsonObject *meta = json_object_get_object_member (root, "metadata");
  EXPECT_EQ (json_object_get_int_member (meta, "format_version"), 1);
  EXPECT_STREQ (json_object_get_string_member (meta, "workload"), "io 3ms,1ms,2ms + cpu 2x1ms");
  EXPECT_STREQ (json_object_get_string_member (meta, "created_iso"), "2023-11-14T22:13:20Z");
  g_object_unref (parser);
  lab_comparison_unref (c);
}

struct TempDir
{
  std::string path;
  TempDir ()
  {
    char *p = g_dir_make_tmp ("lab-trace-json-XXXXXX", nullptr);
    path = p;
    g_free (p);
  }
  std::vector<std::string> list () const
  {
    std::vector<std::string> names;
    GDir *dir = g_dir_open (path.c_str (), 0, nullptr);
    const char *name;
    while (dir != nullptr && (name = g_dir_read_name (dir)) != nullptr)
      names.push_back (name);
    if (dir != nullptr)
      g_dir_close (dir);
    return names;
  }
  ~TempDir ()
  {
    for (const std::string &n : list ())
      {
        std::string p = path + "/" + n;
        if (g_remove (p.c_str ()) != 0)
          g_rmdir (p.c_str ());
      }
    g_rmdir (path.c_str ());
  }
};

TEST (TraceJson, SaveAndLoad)
{
  TempDir dir;
  std::string path = dir.path + "/trace.json";
  LabComparison *c = make_comparison ();
  GError *error = nullptr;

  ASSERT_TRUE (lab_trace_json_save (c, path.c_str (), &error));
  ASSERT_TRUE (lab_trace_json_save (c, path.c_str (), &error)) << "overwriting works";
  EXPECT_EQ (dir.list (), (std::vector<std::string>{ "trace.json" })) << "no temporary file left";

  LabComparison *back = lab_trace_json_load (path.c_str (), &error);
  ASSERT_NE (back, nullptr) << error->message;
  expect_same (c, back);
  lab_comparison_unref (back);

  /* A bad file: the message names the file and the problem. */
  ASSERT_TRUE (g_file_set_contents (path.c_str (), "{\"metadata\": 3}", -1, nullptr));
  EXPECT_EQ (lab_trace_json_load (path.c_str (), &error), nullptr);
  ASSERT_NE (error, nullptr);
  EXPECT_EQ (error->domain, LAB_ERROR);
  EXPECT_TRUE (g_str_has_prefix (error->message, "trace.json: ")) << error->message;
  g_clear_error (&error);

  EXPECT_EQ (lab_trace_json_load ((dir.path + "/missing.json").c_str (), &error), nullptr);
  EXPECT_TRUE (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT));
  g_clear_error (&error);

  lab_comparison_unref (c);
}

TEST (TraceJson, FailedSaveLeavesNoTemporaryFile)
{
  TempDir dir;
  std::string target = dir.path + "/taken.json";
  ASSERT_EQ (g_mkdir (target.c_str (), 0755), 0);  // the rename over a folder must fail
  LabComparison *c = make_comparison ();
  GError *error = nullptr;

  EXPECT_FALSE (lab_trace_json_save (c, target.c_str (), &error));
  EXPECT_NE (error, nullptr);
  g_clear_error (&error);
  EXPECT_EQ (dir.list (), (std::vector<std::string>{ "taken.json" }));

  EXPECT_FALSE (lab_trace_json_save (c, (dir.path + "/no/such/dir/x.json").c_str (), &error));
  EXPECT_NE (error, nullptr);
  g_clear_error (&error);
  lab_comparison_unref (c);
}

/* Large enough that saving writes the text in many chunks: 3 models of
 * 2,000 tasks × 6 segments, about 9 MB of JSON. */
LabComparison *
make_large_comparison ()
{
  LabWorkload *w = lab_workload_new_uniform (LAB_TASK_KIND_MIXED, 2000, MS);
  LabComparison *c = lab_comparison_new (w, 2);
  const char *ids[] = { "sequential", "threads", "processes" };

  lab_comparison_set_created (c, 1700000000);
  lab_comparison_set_version (c, "0.1.0");
  for (guint m = 0; m < G_N_ELEMENTS (ids); m++)
    {
      LabTrace *trace = lab_trace_new (ids[m], w, 2);
      gint64 begin = T0 + m * MS;

      lab_trace_set_n_workers (trace, 2);
      lab_trace_begin (trace, begin);
      /* Recorded out of (task, begin) order, on two writers, so the file's
       * order comes from sorting. */
      for (guint32 task = 2000; task-- > 0;)
        {
          LabTraceWriter *wr = lab_trace_get_writer (trace, task % 2);
          gint64 t = begin + task * 1000;

          for (guint k = 0; k < 6; k++, t += 777)
            lab_trace_writer_add (wr, task, k % 2 ? LAB_STATE_RUNNING : LAB_STATE_WAITING_IO,
                                  k % 2 ? (gint) (task % 2) : -1, t, t + 777);
          lab_trace_task_done (trace, task);
        }
      lab_trace_add_marker (trace, begin + 5, "half-way ✓");
      lab_trace_end (trace, begin + 2000 * 1000 + 6 * 777);
      lab_comparison_add_trace (c, trace);
      lab_trace_unref (trace);
    }
  lab_workload_unref (w);
  return c;
}

std::string
read_file (const std::string &path)
{
  char *data = nullptr;
  gsize len = 0;
  if (!g_file_get_contents (path.c_str (), &data, &len, nullptr))
    return "";
  std::string out (data, len);
  g_free (data);
  return out;
}

TEST (TraceJson, SaveWritesTheSameBytesAsToJson)
{
  TempDir dir;
  std::string path = dir.path + "/trace.json";
  GError *error = nullptr;

  for (LabComparison *c : { make_comparison (), make_large_comparison () })
    {
      std::string text = to_json (c);
      ASSERT_TRUE (lab_trace_json_save (c, path.c_str (), &error)) << error->message;
      std::string saved = read_file (path);
      EXPECT_EQ (saved.size (), text.size ());
      EXPECT_TRUE (saved == text) << "the streamed file and the text differ";
      EXPECT_EQ (dir.list (), (std::vector<std::string>{ "trace.json" }));

      LabComparison *back = lab_trace_json_load (path.c_str (), &error);
      ASSERT_NE (back, nullptr) << error->message;
      expect_same (c, back);
      EXPECT_TRUE (to_json (back) == text) << "round trip through the saved file";
      lab_comparison_unref (back);
      lab_comparison_unref (c);
    }
}

TEST (TraceJson, SavesUnderANameNearTheLengthLimit)
{
  TempDir dir;
  std::string name = std::string (250, 'a') + ".json";
  LabComparison *c = make_comparison ();
  GError *error = nullptr;

  ASSERT_TRUE (lab_trace_json_save (c, (dir.path + "/" + name).c_str (), &error))
      << error->message;
  EXPECT_EQ (dir.list (), std::vector<std::string>{ name });
  EXPECT_TRUE (read_file (dir.path + "/" + name) == to_json (c));
  lab_comparison_unref (c);
}

/* A write that fails part-way (the file-size limit, as a full disk would)
 * leaves the old file as it was and no temporary file. */
TEST (TraceJson, FailedWriteKeepsTheOldFile)
{
  TempDir dir;
  std::string path = dir.path + "/trace.json";
  LabComparison *c = make_large_comparison ();
  GError *error = nullptr;
  struct rlimit old_limit, limit;

  ASSERT_TRUE (g_file_set_contents (path.c_str (), "old", -1, nullptr));
  ASSERT_EQ (getrlimit (RLIMIT_FSIZE, &old_limit), 0);
  limit = old_limit;
  limit.rlim_cur = 1024 * 1024;
  void (*old_handler) (int) = signal (SIGXFSZ, SIG_IGN);
  ASSERT_EQ (setrlimit (RLIMIT_FSIZE, &limit), 0);

  gboolean saved = lab_trace_json_save (c, path.c_str (), &error);

  setrlimit (RLIMIT_FSIZE, &old_limit);
  signal (SIGXFSZ, old_handler);
  EXPECT_FALSE (saved);
  ASSERT_NE (error, nullptr);
  EXPECT_EQ (error->domain, G_IO_ERROR) << error->message;
  g_clear_error (&error);
  EXPECT_EQ (read_file (path), "old");
  EXPECT_EQ (dir.list (), (std::vector<std::string>{ "trace.json" }));
  lab_comparison_unref (c);
}

/* Malformed files made by editing a good one. */
struct Edit
{
  const char *what;
  std::function<void (JsonObject *root)> edit;
  const char *message_part;
};

JsonObject *
meta_of (JsonObject *root)
{
  return json_object_get_object_member (root, "metadata");
}

JsonObject *
model_of (JsonObject *root, guint m)
{
  return json_array_get_object_element (json_object_get_array_member (meta_of (root), "models"), m);
}

JsonObject *
memory_of (JsonObject *root)
{
  return json_object_get_object_member (model_of (root, 0), "memory");
}

JsonArray *
memory_column (JsonObject *root, const char *name)
{
  return json_object_get_array_member (memory_of (root), name);
}

/* The index of the first segment event. */
guint
first_segment (JsonObject *root)
{
  JsonArray *events = json_object_get_array_member (root, "traceEvents");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      if (json_object_has_member (e, "cat") &&
          g_strcmp0 (json_object_get_string_member (e, "cat"), "segment") == 0)
        return i;
    }
  return 0;
}

JsonObject *
segment_of (JsonObject *root)
{
  return json_array_get_object_element (json_object_get_array_member (root, "traceEvents"),
                                        first_segment (root));
}

JsonObject *
seg_args (JsonObject *root)
{
  return json_object_get_object_member (segment_of (root), "args");
}

std::string
first_segment_ctx (JsonObject *root)
{
  return "event " + std::to_string (first_segment (root)) + ": ";
}

const std::vector<Edit> &
edits ()
{
  static const std::vector<Edit> list = {
    { "no metadata", [] (JsonObject *r) { json_object_remove_member (r, "metadata"); },
      "top level: “metadata” is missing" },
    { "events not an array", [] (JsonObject *r) { json_object_set_int_member (r, "traceEvents", 3); },
      "“traceEvents” must be an array" },
    { "other format", [] (JsonObject *r) { json_object_set_string_member (meta_of (r), "format", "x"); },
      "not a Concurrency Lab comparison" },
    { "newer version", [] (JsonObject *r) { json_object_set_int_member (meta_of (r), "format_version", 2); },
      "newer version" },
    { "bad workload", [] (JsonObject *r) { json_object_set_string_member (meta_of (r), "workload", "gpu 1s"); },
      "metadata: workload: unknown task kind “gpu”" },
    { "zero cores", [] (JsonObject *r) { json_object_set_int_member (meta_of (r), "cores", 0); },
      "metadata: “cores” is 0, outside 1 to 1024" },
    { "cores a string", [] (JsonObject *r) { json_object_set_string_member (meta_of (r), "cores", "2"); },
      "metadata: “cores” must be an integer" },
    { "cores a float", [] (JsonObject *r) { json_object_set_double_member (meta_of (r), "cores", 2.5); },
      "“cores” must be an integer" },
    { "all_at_once not bool", [] (JsonObject *r) { json_object_set_int_member (meta_of (r), "all_at_once", 1); },
      "“all_at_once” must be true or false" },
    { "negative ipms", [] (JsonObject *r) { json_object_set_double_member (meta_of (r), "iterations_per_ms", -1); },
      "“iterations_per_ms” must be at least 0" },
    { "models not array", [] (JsonObject *r) { json_object_set_null_member (meta_of (r), "models"); },
      "“models” must be an array" },
    { "model id empty", [] (JsonObject *r) { json_object_set_string_member (model_of (r, 0), "id", ""); },
      "metadata: model 0: “id” must be 1 to 64 characters" },
    { "model pid wrong", [] (JsonObject *r) { json_object_set_int_member (model_of (r, 1), "pid", 7); },
      "metadata: model 1: “pid” is 7" },
    { "end before begin", [] (JsonObject *r) { json_object_set_int_member (model_of (r, 0), "end_ns", 5); },
      "metadata: model 0: “end_ns” is before “begin_ns”" },
    { "status too short", [] (JsonObject *r) {
        json_array_remove_element (json_object_get_array_member (model_of (r, 0), "status"), 0); },
      "“status” has 4 entries for 5 tasks" },
    { "status unknown", [] (JsonObject *r) {
        JsonArray *s = json_object_get_array_member (model_of (r, 0), "status");
        json_node_set_string (json_array_get_element (s, 2), "exploded"); },
      "status 2 must be pending, done, failed or cancelled" },
    { "reason for a done task", [] (JsonObject *r) {
        json_object_set_string_member (json_object_get_object_member (model_of (r, 0), "reasons"), "1", "x"); },
      "task 1 has a reason but did not fail" },
    { "reason for no task", [] (JsonObject *r) {
        json_object_set_string_member (json_object_get_object_member (model_of (r, 1), "reasons"), "99", "x"); },
      "reasons: “99” is not a task" },
    { "error a number", [] (JsonObject *r) { json_object_set_int_member (model_of (r, 1), "error", 5); },
      "“error” must be a string or null" },
    { "marker without text", [] (JsonObject *r) {
        JsonArray *m = json_object_get_array_member (model_of (r, 0), "markers");
        json_object_remove_member (json_array_get_object_element (m, 0), "text"); },
      "metadata: model 0: marker 0: “text” is missing" },
    { "busy above one", [] (JsonObject *r) {
        JsonArray *u = json_object_get_array_member (model_of (r, 0), "utilization");
        JsonArray *b = json_object_get_array_member (json_array_get_object_element (u, 1), "busy");
        json_node_set_double (json_array_get_element (b, 0), 1.5); },
      "utilization of core 1: busy 0 must be a number from 0 to 1" },
    { "utilization lengths differ", [] (JsonObject *r) {
        JsonArray *u = json_object_get_array_member (model_of (r, 0), "utilization");
        json_array_add_int_element (json_object_get_array_member (json_array_get_object_element (u, 0), "t_ns"), 5); },
      "“t_ns” and “busy” differ in length" },
    { "dur a string", [] (JsonObject *r) { json_object_set_string_member (segment_of (r), "dur", "1"); },
      "“dur” must be a number" },
    { "dur negative", [] (JsonObject *r) { json_object_set_double_member (segment_of (r), "dur", -1.0); },
      "“dur” must be at least 0" },
    { "task out of range", [] (JsonObject *r) { json_object_set_int_member (segment_of (r), "tid", 6); },
      "“tid” is 6, outside 1 to 5" },
    { "pid of no model", [] (JsonObject *r) { json_object_set_int_member (segment_of (r), "pid", 3); },
      "“pid” is 3, outside 1 to 2" },
    { "unknown state", [] (JsonObject *r) { json_object_set_string_member (seg_args (r), "state", "dancing"); },
      "unknown state “dancing”" },
    { "segment end before begin", [] (JsonObject *r) { json_object_set_int_member (seg_args (r), "end_ns", 1); },
      "“end_ns” is before “begin_ns”" },
    { "core too large", [] (JsonObject *r) { json_object_set_int_member (seg_args (r), "core", 1024); },
      "“core” is 1024, outside -1 to 1023" },
    { "worker negative", [] (JsonObject *r) { json_object_set_int_member (seg_args (r), "worker", -1); },
      "“worker” is -1, outside 0 to 65535" },
    { "args missing", [] (JsonObject *r) { json_object_remove_member (segment_of (r), "args"); },
      "“args” is missing" },
    { "event not an object", [] (JsonObject *r) {
        json_array_add_int_element (json_object_get_array_member (r, "traceEvents"), 4); },
      "must be an object" },
    { "unknown phase", [] (JsonObject *r) { json_object_set_string_member (segment_of (r), "ph", "B"); },
      "unknown phase “B”" },
    { "memory not an object", [] (JsonObject *r) { json_object_set_int_member (model_of (r, 0), "memory", 1); },
      "metadata: model 0: “memory” must be an object" },
    { "memory column missing", [] (JsonObject *r) {
        json_object_remove_member (memory_of (r), "source"); },
      "metadata: model 0: memory: “source” is missing" },
    { "memory source unknown", [] (JsonObject *r) {
        json_node_set_int (json_array_get_element (memory_column (r, "source"), 0), 4); },
      "memory: “source” 0 is out of range" },
    { "memory out of time order", [] (JsonObject *r) {
        json_node_set_int (json_array_get_element (memory_column (r, "t_ns"), 1), 1); },
      "memory: sample 1 is out of time order" },
    { "memory PSS above RSS", [] (JsonObject *r) {
        json_node_set_int (json_array_get_element (memory_column (r, "pss_bytes"), 0), 31 << 20); },
      "memory: sample 0 does not add up" },
    { "memory half a gap", [] (JsonObject *r) {
        json_node_set_int (json_array_get_element (memory_column (r, "source"), 1), 1); },
      "memory: sample 1 does not add up" },
    { "memory workers above the total", [] (JsonObject *r) {
        json_node_set_int (json_array_get_element (memory_column (r, "workers_rss_bytes"), 3),
                           (gint64) 6 << 32); },
      "memory: sample 3 does not add up" },
    { "memory below -1", [] (JsonObject *r) {
        json_node_set_int (json_array_get_element (memory_column (r, "rss_bytes"), 0), -2); },
      "memory: “rss_bytes” 0 is out of range" },
  };
  return list;
}

class TraceJsonReject : public ::testing::TestWithParam<size_t> {};

TEST_P (TraceJsonReject, EditedFile)
{
  const Edit &e = edits ()[GetParam ()];
  LabComparison *c = make_comparison ();
  std::string text = to_json (c);
  lab_comparison_unref (c);

  JsonParser *parser = json_parser_new ();
  ASSERT_TRUE (json_parser_load_from_data (parser, text.c_str (), -1, nullptr));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  std::string ctx = first_segment_ctx (root);
  e.edit (root);
  char *edited = json_to_string (json_parser_get_root (parser), FALSE);
  g_object_unref (parser);

  GError *error = nullptr;
  LabComparison *back = lab_trace_json_from_string (edited, -1, &error);
  g_free (edited);
  EXPECT_EQ (back, nullptr) << e.what;
  ASSERT_NE (error, nullptr) << e.what;
  /* A file without our metadata is another program's; the rest is damage. */
  if (g_str_equal (e.what, "no metadata") || g_str_equal (e.what, "other format"))
    EXPECT_TRUE (g_error_matches (error, LAB_ERROR, LAB_ERROR_NOT_TRACE)) << e.what;
  else
    EXPECT_TRUE (g_error_matches (error, LAB_ERROR, LAB_ERROR_INVALID)) << e.what;
  std::string message = error->message;
  EXPECT_NE (message.find (e.message_part), std::string::npos) << e.what << " gave: " << message;
  if (std::string (e.what).rfind ("dur", 0) == 0)
    {
      EXPECT_EQ (message.rfind (ctx, 0), 0u) << "names the event: " << message;
    }
  g_clear_error (&error);
  if (back != nullptr)
    lab_comparison_unref (back);
}

INSTANTIATE_TEST_SUITE_P (Edits, TraceJsonReject, ::testing::Range ((size_t) 0, edits ().size ()));

struct RawReject
{
  std::string text;
  const char *message_part;
};

/* JSON of another program (a Chrome trace, a settings file) is said to be
 * not ours, apart from a trace of ours that is damaged. */
TEST (TraceJson, TellsAnotherProgramsJsonFromADamagedTrace)
{
  const struct { const char *text; int code; } cases[] = {
    { "[]", LAB_ERROR_NOT_TRACE },
    { "{\"traceEvents\":[{\"ph\":\"X\",\"ts\":1,\"dur\":2}]}", LAB_ERROR_NOT_TRACE },
    { "{\"traceEvents\":[],\"metadata\":{\"format\":\"chrome\"}}", LAB_ERROR_NOT_TRACE },
    { "{\"metadata\":{\"format\":\"concurrency-lab\"}}", LAB_ERROR_INVALID },
    { "{\"metadata\":", LAB_ERROR_INVALID },
  };

  for (const auto &c : cases)
    {
      GError *error = nullptr;
      LabComparison *back = lab_trace_json_from_string (c.text, -1, &error);

      EXPECT_EQ (back, nullptr) << c.text;
      ASSERT_NE (error, nullptr) << c.text;
      EXPECT_TRUE (g_error_matches (error, LAB_ERROR, c.code)) << c.text << ": " << error->message;
      g_clear_error (&error);
    }
}

/* The lesson a run was made as comes back, so that a slide of it can
 * carry its title; a hand-made workload has none. */
TEST (TraceJson, RemembersTheLesson)
{
  LabComparison *c = make_comparison ();
  LabComparison *back;
  std::string text;

  lab_comparison_set_lesson (c, "one-cook");
  text = to_json (c);
  back = lab_trace_json_from_string (text.c_str (), -1, nullptr);
  ASSERT_NE (back, nullptr);
  char *lesson = lab_comparison_dup_lesson (back);
  EXPECT_STREQ (lesson, "one-cook");
  g_free (lesson);
  EXPECT_EQ (to_json (back), text);
  lab_comparison_unref (back);

  lab_comparison_set_lesson (c, NULL);
  text = to_json (c);
  EXPECT_EQ (text.find ("\"lesson\""), std::string::npos);
  lab_comparison_unref (c);

  GError *error = nullptr;
  EXPECT_EQ (lab_trace_json_from_string (
                 "{\"traceEvents\":[],\"metadata\":{\"format\":\"concurrency-lab\","
                 "\"format_version\":1,\"app_version\":\"1\",\"workload\":\"io 1s\",\"cores\":1,"
                 "\"workers\":1,\"switch_interval_ns\":5000000,\"iterations_per_ms\":1,"
                 "\"all_at_once\":false,\"created\":0,\"expected_models\":0,\"models\":[],"
                 "\"lesson\":\"<b>\"}}", -1, &error), nullptr);
  ASSERT_NE (error, nullptr);
  EXPECT_NE (std::string (error->message).find ("lesson"), std::string::npos) << error->message;
  g_clear_error (&error);
}

/* A what-if pair is one file: the what-if run's own document, with the run
 * before as a whole document under "baseline", and both come back. */
TEST (TraceJson, AWhatIfPairIsSavedAndLoadedAsOne)
{
  LabComparison *before = make_comparison ();
  LabComparison *after = make_comparison (1);
  std::string text;
  GError *error = nullptr;

  lab_comparison_set_baseline (after, before);
  text = to_json (after);
  LabComparison *back = lab_trace_json_from_string (text.c_str (), -1, &error);
  ASSERT_NE (back, nullptr) << error->message;
  expect_same (after, back);
  ASSERT_NE (lab_comparison_get_baseline (back), nullptr);
  expect_same (before, lab_comparison_get_baseline (back));
  EXPECT_EQ (lab_comparison_get_baseline (lab_comparison_get_baseline (back)), nullptr);
  EXPECT_EQ (to_json (back), text) << "writing the loaded pair gives the same file";
  /* the run before alone reads as itself */
  EXPECT_EQ (text.rfind ("\"baseline\":"), text.find ("\"baseline\":"));
  lab_comparison_unref (back);

  /* a damaged baseline is said to be the baseline's */
  std::string damaged = text;
  size_t at = damaged.find ("\"format\":", damaged.find ("\"baseline\":"));
  ASSERT_NE (at, std::string::npos);
  damaged.replace (at, strlen ("\"format\":"), "\"formal\":");
  EXPECT_EQ (lab_trace_json_from_string (damaged.c_str (), -1, &error), nullptr);
  ASSERT_NE (error, nullptr);
  EXPECT_TRUE (g_error_matches (error, LAB_ERROR, LAB_ERROR_INVALID)) << error->message;
  EXPECT_EQ (std::string (error->message).rfind ("baseline: ", 0), 0u) << error->message;
  g_clear_error (&error);

  lab_comparison_unref (after);
  lab_comparison_unref (before);
}

TEST (TraceJson, RejectsRawGarbage)
{
  std::string deep (100000, '[');
  std::vector<RawReject> cases = {
    { "", "empty" },
    { "   ", "top level must be an object" },
    { "{", "not valid JSON" },
    { "null", "top level must be an object" },
    { "[]", "top level must be an object" },
    { "\"x\"", "top level must be an object" },
    /* Found by fuzzing: json-glib 1.6 leaked a second top-level value. */
    { "\"\" {\"a\":{\"b\":1}}", "top level must be an object" },
    { "1 [{\"a\":1}]", "top level must be an object" },
    { "{} {\"a\":{\"b\":1}}", "text follows the end" },
    { "{\"a\":1}\n\n]", "text follows the end" },
    { deep, "nested more than 32 levels" },
    { "{\"a\":" + std::string (5000, '{'), "nested more than" },
    { std::string ("{\"metadata\":{}}\0zz", 18), "not UTF-8" },
    { "{\"x\":\"\xff\xfe\"}", "not UTF-8" },
    { "{\"traceEvents\":[],\"metadata\":{\"format\":\"concurrency-lab\","
      "\"format_version\":99999999999999999999999}}", "more digits" },
    { "{\"traceEvents\":[],\"metadata\":{\"format\":\"concurrency-lab\","
      "\"format_version\":18446744073709551615}}", "more digits" },
    { "{\"traceEvents\":[],\"metadata\":{\"format\":\"concurrency-lab\","
      "\"format_version\":1e999}}", "format_version" },
    { "{\"traceEvents\":[],\"metadata\":{\"format\":\"concurrency-lab\","
      "\"format_version\":-9223372036854775808}}", "format_version" },
  };

  for (const RawReject &c : cases)
    {
      GError *error = nullptr;
      LabComparison *back = lab_trace_json_from_string (c.text.data (), (gssize) c.text.size (), &error);
      EXPECT_EQ (back, nullptr) << c.text.substr (0, 60);
      ASSERT_NE (error, nullptr) << c.text.substr (0, 60);
      EXPECT_NE (std::string (error->message).find (c.message_part), std::string::npos)
          << c.text.substr (0, 60) << " gave: " << error->message;
      if (g_getenv ("LAB_TEST_VERBOSE") != nullptr)
        g_printerr ("%s\n", error->message);
      g_clear_error (&error);
    }
}

/* Truncations and byte flips of a good file: never a crash, and a
 * truncated file is always refused with a message. */
TEST (TraceJson, SurvivesDamage)
{
  LabComparison *c = make_comparison ();
  std::string text = to_json (c);
  lab_comparison_unref (c);
  int loaded = 0;

  for (size_t cut = 0; cut + 2 < text.size (); cut += 1 + cut / 8)
    {
      GError *error = nullptr;
      LabComparison *back = lab_trace_json_from_string (text.data (), (gssize) cut, &error);
      EXPECT_EQ (back, nullptr) << "cut at " << cut;
      EXPECT_NE (error, nullptr);
      g_clear_error (&error);
      if (back != nullptr)
        lab_comparison_unref (back);
    }

  GRand *rand = g_rand_new_with_seed (42);
  const char replacements[] = "0919-\"{}[],:e.xnul ";
  for (int round = 0; round < 2000; round++)
    {
      std::string damaged = text;
      for (int k = 0; k < 3; k++)
        damaged[g_rand_int_range (rand, 0, (gint32) damaged.size ())] =
            replacements[g_rand_int_range (rand, 0, (gint32) sizeof replacements - 1)];
      GError *error = nullptr;
      LabComparison *back = lab_trace_json_from_string (damaged.data (), (gssize) damaged.size (), &error);
      if (back != nullptr)
        {
          loaded++;
          EXPECT_EQ (error, nullptr);
          lab_comparison_unref (back);
        }
      else
        {
          ASSERT_NE (error, nullptr);
          EXPECT_STRNE (error->message, "");
          g_clear_error (&error);
        }
    }
  g_rand_free (rand);
  EXPECT_LT (loaded, 2000) << "most damage must be noticed";
}

} // namespace

// Found by fuzzing: a model whose tasks kept no segment at all (their
// events were lost) must save and load back, not sort an empty array.
TEST (TraceJson, AModelWhoseTasksKeptNoSegmentSavesAgain)
{
  const char *text =
    "{\"traceEvents\":[],\"metadata\":{\"format\":\"concurrency-lab\",\"format_version\":1,\"app_version\":\"0.1.0\","
    "\"workload\":\"mixed 2x2s mix=30/40/30\",\"cores\":2,\"workers\":2,"
    "\"switch_interval_ns\":50,\"iterations_per_ms\":18,\"all_at_once\":false,\"created\":179,"
    "\"expected_models\":2,\"models\":[{\"id\":\"l\",\"pid\":1,\"cores\":2,\"workers\":2,"
    "\"switch_interval_ns\":5000,\"iterations_per_ms\":8,\"begin_ns\":42,\"end_ns\":4311,"
    "\"cpu_ns\":2,\"error\":null,\"status\":[\"done\",\"done\"],\"reasons\":{},\"markers\":[],"
    "\"utilization\":[]}]}}";
  g_autoptr(GError) error = nullptr;
  LabComparison *c = lab_trace_json_from_string (text, -1, &error);
  gsize len = 0;

  ASSERT_NE (c, nullptr) << error->message;
  ASSERT_EQ (lab_comparison_get_n_traces (c), 1u);
  LabTrace *trace = lab_comparison_dup_trace (c, 0);
  EXPECT_EQ (lab_trace_get_n_segments (trace), 0u);
  lab_trace_unref (trace);
  g_autofree char *saved = lab_trace_json_to_string (c, &len);
  ASSERT_NE (saved, nullptr);
  LabComparison *back = lab_trace_json_from_string (saved, (gssize) len, &error);
  ASSERT_NE (back, nullptr) << error->message;
  g_autofree char *again = lab_trace_json_to_string (back, &len);
  EXPECT_STREQ (saved, again);
  lab_comparison_unref (back);
  lab_comparison_unref (c);
}
