// SPDX-License-Identifier: GPL-3.0-or-later
// Charts of another program: a program traced from the kernel's counters
// (threads named as the program named them, its processes apart, its own
// words for a wait) and another tool's trace file (no cores, the work it
// named written in the bars and listed in the tooltip).
#include "render-test-helpers.h"

extern "C" {
#include "lab-observed.h"
#include "lab-trace-json.h"
}

using namespace render_test;

namespace {

bool
has_text (const TextLines &lines, const std::string &text)
{
  return std::find (lines.texts.begin (), lines.texts.end (), text) != lines.texts.end ();
}

bool
has_text_part (const TextLines &lines, const std::string &part)
{
  for (const std::string &t : lines.texts)
    if (t.find (part) != std::string::npos)
      return true;
  return false;
}

LabComparison *
load_data (const char *name)
{
  const char *dir = g_getenv ("LAB_TEST_DATA");
  g_autofree char *path = g_build_filename (dir != nullptr ? dir : ".", name, nullptr);
  g_autoptr (GError) error = nullptr;
  LabComparison *c = lab_trace_json_load (path, &error);

  EXPECT_NE (c, nullptr) << path << ": " << (error != nullptr ? error->message : "");
  return c;
}

/* python3 gil.py: its main thread waits on a lock while two threads take
 * turns computing; then a child process (pid 4800) runs for a while. */
LabComparison *
make_traced_program ()
{
  LabTrace *t = lab_trace_new_observed ("trace", 2);
  LabObserved *roster = lab_trace_get_observed (t);
  LabTraceWriter *w = lab_trace_get_writer (t, 0);

  lab_trace_begin (t, T0);
  lab_observed_set_title (roster, "/usr/bin/python3 /home/someone/gil.py");
  guint python = lab_observed_add_process (roster, 4711, -1, "python3", "python3 gil.py", T0);
  guint child = lab_observed_add_process (roster, 4800, 4711, "sort", "sort -n", T0 + 600 * MS);
  lab_trace_add_observed_task (t, LAB_OBSERVED_THREAD, python, 4711, "python3", T0);
  lab_trace_add_observed_task (t, LAB_OBSERVED_THREAD, python, 4712, "worker-1", T0);
  lab_trace_add_observed_task (t, LAB_OBSERVED_THREAD, python, 4713, "worker-2", T0);
  lab_trace_add_observed_task (t, LAB_OBSERVED_THREAD, child, 4800, "sort", T0 + 600 * MS);
  lab_trace_writer_add (w, 0, LAB_STATE_WAITING_LOCK, -1, T0, T0 + 500 * MS);
  for (gint64 i = 0; i < 10; i++)
    lab_trace_writer_add (w, 1 + (guint) (i % 2), LAB_STATE_RUNNING, (gint) (i % 2),
                          T0 + i * 50 * MS, T0 + (i + 1) * 50 * MS);
  lab_trace_writer_add (w, 3, LAB_STATE_RUNNING, 1, T0 + 600 * MS, T0 + 900 * MS);
  lab_trace_end (t, T0 + S);

  LabComparison *c = lab_comparison_new_observed ("trace", 2);
  lab_comparison_set_n_expected (c, 1);
  lab_comparison_add_trace (c, t);
  lab_trace_unref (t);
  return c;
}

TEST (TracedProgram, LanesAreTheProgramsOwnAndItsWaitsInItsWords)
{
  g_autoptr (LabComparison) c = make_traced_program ();
  LabChartOptions o;
  TextLines lines;

  lab_chart_options_init (&o, 1280, 720);
  o.text_func = collect_text;
  o.text_data = &lines;
  cairo_surface_t *s = render (c, &o);

  // The title cuts paths; the lanes are named by thread, the first of the
  // child process by its process too.
  EXPECT_TRUE (has_text (lines, "python3 gil.py")) << "title";
  EXPECT_TRUE (has_text (lines, "python3 4711"));
  EXPECT_TRUE (has_text (lines, "worker-1 4712"));
  EXPECT_TRUE (has_text_part (lines, "sort")) << "the child's lane";
  EXPECT_FALSE (has_text (lines, "Task 1")) << "a thread is no task of a workload";
  // The stamp says where the lanes come from and counts no workers; the
  // legend says "lock" of any lock, and the lessons' marker is not in it.
  EXPECT_TRUE (has_text_part (lines, "traced from the kernel's counters"));
  EXPECT_FALSE (has_text_part (lines, "worker per task"));
  EXPECT_FALSE (has_text_part (lines, "workers"));
  EXPECT_TRUE (has_text (lines, "Waiting for a lock"));
  EXPECT_FALSE (has_text (lines, "Worker failed"));
  EXPECT_TRUE (has_text_part (lines, "Elapsed time")) << "a bar of its own";
  EXPECT_FALSE (has_text_part (lines, "per model"));
  // What is in flight is its threads, not tasks of a workload: three at
  // most (the child starts after the others have ended).
  EXPECT_TRUE (has_text (lines, "up to 3 threads at once"));
  EXPECT_FALSE (has_text_part (lines, "tasks in flight"));
  g_autofree char *words = lab_chart_describe (c, &o, 8);
  EXPECT_NE (strstr (words, "Up to 3 of its lanes were under way at once"), nullptr) << words;
  EXPECT_EQ (strstr (words, "tasks were in flight"), nullptr) << words;

  // The tooltip names the thread and its process.
  LabChartHit hit;
  double x = x_at (c, &o, 0, 100 * MS);
  ASSERT_TRUE (find_task_lane (c, &o, 0, 1, x, &hit));
  std::string tip = describe_hit (c, &o, &hit);
  EXPECT_NE (tip.find ("worker-1 4712"), std::string::npos) << tip;
  EXPECT_NE (tip.find ("python3 4711: python3 gil.py"), std::string::npos) << tip;
  ASSERT_TRUE (find_task_lane (c, &o, 0, 0, x, &hit));
  tip = describe_hit (c, &o, &hit);
  EXPECT_NE (tip.find ("Waiting for a lock"), std::string::npos) << tip;
  cairo_surface_destroy (s);
}

/* The first pixel row of task @task's lane at @x; -1 where not found. */
int
lane_top (LabComparison *c, const LabChartOptions *o, guint task, double x)
{
  for (int y = 0; y < (int) o->height; y++)
    {
      LabChartHit hit;
      if (lab_chart_hit_test (c, o, x, y + 0.5, &hit) && g_strcmp0 (hit.layer, "tasks") == 0
          && hit.first == task)
        return y;
    }
  return -1;
}

// Between one process's lanes and the next a line is drawn across.
TEST (TracedProgram, ProcessesAreSetApart)
{
  g_autoptr (LabComparison) c = make_traced_program ();
  LabChartOptions o;

  lab_chart_options_init (&o, 1280, 720);
  cairo_surface_t *s = render (c, &o);
  double x = x_at (c, &o, 0, 950 * MS);   // nothing drawn there
  int same = lane_top (c, &o, 2, x);       // worker-2, after worker-1: same process
  int other = lane_top (c, &o, 3, x);      // sort: the child process
  ASSERT_GT (same, 0);
  ASSERT_GT (other, 0);

  auto line_at = [&] (int top) {
    int hits = 0;
    for (int y = top - 1; y <= top; y++)
      {
        Rgba line = pixel (s, (int) x, y);
        Rgba lane = pixel (s, (int) x, top + 3);
        hits += line.r + 40 < lane.r;
      }
    return hits > 0;
  };
  EXPECT_FALSE (line_at (same)) << "no line between two threads of one process";
  EXPECT_TRUE (line_at (other)) << "a line above the child process's first lane";
  cairo_surface_destroy (s);
}

// clang's -ftime-trace: no core lanes nor cores busy (the file says
// nothing of cores), the steps it named written in the bar where they fit
// without covering one another, and the tooltip lists the nested steps.
TEST (OtherToolsTrace, NamedWorkIsWrittenAndListed)
{
  g_autoptr (LabComparison) c = load_data ("clang-time-trace.json");
  ASSERT_NE (c, nullptr);
  LabChartOptions o;
  TextLines lines;

  lab_chart_options_init (&o, 1920, 1080);
  o.layers = LAB_CHART_LAYERS_ALL;
  o.text_func = collect_text;
  o.text_data = &lines;
  cairo_surface_t *s = render (c, &o);

  EXPECT_TRUE (has_text (lines, "clang-time-trace.json"));
  EXPECT_TRUE (has_text (lines, "clang")) << "the lane";
  EXPECT_TRUE (has_text_part (lines, "another tool's trace"));
  EXPECT_TRUE (has_text_part (lines, "79 totals")) << "the note of what is not drawn";
  EXPECT_FALSE (has_text_part (lines, "Core")) << "no core lanes";
  EXPECT_FALSE (has_text_part (lines, "cores")) << "no count of cores it never said";
  EXPECT_TRUE (has_text (lines, "Source stdio.h"));
  EXPECT_TRUE (has_text (lines, "Frontend"));

  // Labels in the plot never cover one another.
  double plot_x = x_at (c, &o, 0, 0);
  std::vector<LabChartTextLine> inside;
  std::vector<std::string> words;
  for (size_t i = 0; i < lines.boxes.size (); i++)
    {
      const LabChartTextLine &l = lines.boxes[i];
      if (l.x > plot_x && l.y > 60 && l.y < 200 && l.size_px < 20)
        {
          inside.push_back (l);
          words.push_back (lines.texts[i]);
        }
    }
  EXPECT_GE (inside.size (), 3u);
  for (size_t i = 0; i < inside.size (); i++)
    for (size_t k = i + 1; k < inside.size (); k++)
      {
        const LabChartTextLine &a = inside[i], &b = inside[k];
        bool apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y
                     || b.y + b.height <= a.y;
        EXPECT_TRUE (apart) << words[i] << " covers " << words[k];
      }

  // Under "Source stdio.h": the steps it is nested in, outermost first.
  LabChartHit hit;
  const LabChartTextLine *source = nullptr;
  for (size_t i = 0; i < lines.texts.size (); i++)
    if (lines.texts[i] == "Source stdio.h")
      source = &lines.boxes[i];
  ASSERT_NE (source, nullptr);
  ASSERT_TRUE (lab_chart_hit_test (c, &o, source->x + source->width / 2,
                                   source->y + source->height / 2, &hit));
  std::string tip = describe_hit (c, &o, &hit);
  EXPECT_NE (tip.find ("ExecuteCompiler"), std::string::npos) << tip;
  EXPECT_NE (tip.find (" › "), std::string::npos) << tip;
  EXPECT_LT (tip.find ("ExecuteCompiler"), tip.find ("Source stdio.h")) << tip;
  cairo_surface_destroy (s);
}

// Chromium's start-up: lanes grouped by process, the first of each
// process named with it; thin bars get no words.
TEST (OtherToolsTrace, ChromiumLanesSayTheirProcess)
{
  g_autoptr (LabComparison) c = load_data ("chromium-startup.json");
  ASSERT_NE (c, nullptr);
  LabChartOptions o;
  TextLines lines;

  lab_chart_options_init (&o, 1920, 1080);
  o.text_func = collect_text;
  o.text_data = &lines;
  cairo_surface_t *s = render (c, &o);

  EXPECT_TRUE (has_text (lines, "Browser: CrBrowserMain"));
  EXPECT_TRUE (has_text_part (lines, "GPU Process: "));
  EXPECT_TRUE (has_text_part (lines, "ThreadPool_RunTask"));
  EXPECT_TRUE (has_text_part (lines, "threads with nothing in them"));
  for (size_t i = 0; i < lines.boxes.size (); i++)
    EXPECT_FALSE (lines.boxes[i].ellipsized && lines.boxes[i].x > x_at (c, &o, 0, 0))
        << "a name in a bar is whole or not written: " << lines.texts[i];
  cairo_surface_destroy (s);
}

}  // namespace
