// SPDX-License-Identifier: GPL-3.0-or-later
// The layers of a panel: drawn only when chosen, task identity never in a
// state's colour, a legend of exactly the marks drawn, labels that name
// this run's quantities, hover by spans, figures cached by their owner.
#include "render-test-helpers.h"

#include <set>

extern "C" {
#include "lab-chart-layer-private.h"
#include "lab-duration.h"
#include "lab-preset.h"
}

using namespace render_test;

namespace {

/* threads on 2 cores: tasks 1 and 2 compute for 1 s in 100 ms slices (as
 * recorded live), then tasks 3 and 4; every slice of task 3 on another core
 * than the one before. threads-gil: two tasks hand the lock over every 5 ms,
 * with drop requests. */
LabComparison *
make_busy (void)
{
  LabWorkload *w = parse ("cpu 4x1s");
  LabComparison *c = lab_comparison_new (w, 2);
  LabTrace *threads = lab_trace_new ("threads", w, 2);
  LabTrace *gil = lab_trace_new ("threads-gil", w, 2);

  lab_trace_set_n_workers (threads, 2);
  lab_trace_begin (threads, T0);
  for (guint k = 0; k < 4; k++)
    for (guint i = 0; i < 10; i++)
      {
        gint64 b = T0 + (k / 2) * S + i * 100 * MS;
        gint core = k == 2 ? (gint) (i % 2) : (gint) (k % 2);

        lab_trace_writer_add (lab_trace_get_writer (threads, k % 2), k, LAB_STATE_RUNNING, core, b,
                              b + 100 * MS);
      }
  for (guint k = 2; k < 4; k++)
    lab_trace_writer_add (lab_trace_get_writer (threads, k % 2), k, LAB_STATE_QUEUED, -1, T0, T0 + S);
  for (guint k = 0; k < 4; k++)
    lab_trace_task_done (threads, k);
  lab_trace_end (threads, T0 + 2 * S);

  lab_trace_set_n_workers (gil, 2);
  lab_trace_begin (gil, T0);
  for (guint i = 0; i < 200; i++)
    {
      gint64 b = T0 + i * 5 * MS;
      guint k = i % 2;

      lab_trace_lock_take (gil, b, k, k);
      lab_trace_writer_add (lab_trace_get_writer (gil, k), k, LAB_STATE_RUNNING, (gint) k, b,
                            b + 5 * MS);
      lab_trace_writer_add (lab_trace_get_writer (gil, 1 - k), 1 - k, LAB_STATE_WAITING_LOCK, -1, b,
                            b + 5 * MS);
      lab_trace_lock_request (gil, b + 2 * MS, 1 - k);
      lab_trace_lock_drop (gil, b + 5 * MS);
    }
  for (guint k = 0; k < 4; k++)
    lab_trace_task_done (gil, k);
  lab_trace_end (gil, T0 + S);

  lab_comparison_add_trace (c, threads);
  lab_comparison_add_trace (c, gil);
  lab_trace_unref (threads);
  lab_trace_unref (gil);
  lab_workload_unref (w);
  return c;
}

struct Px
{
  Rgba c;
  int  x, y;
};

/* The pixels of every row of @layer in @layout. The plot and its rows lie
 * on whole pixels, so every pixel there is one mark's colour, no blend. */
std::vector<Px>
layer_pixels (cairo_surface_t *s, const LabChartLayout *layout, const char *layer)
{
  std::vector<Px> out;

  for (guint i = 0; i < layout->n_panels; i++)
    {
      const LabChartPanel *p = &layout->panels[i];

      for (guint b = 0; b < p->n_bands; b++)
        {
          const LabChartBand *band = &p->bands[b];
          guint rows = band->klass->rows == LAB_CHART_ROWS_CORES ? p->n_core_rows : 1;

          if (g_strcmp0 (band->klass->id, layer) != 0)
            continue;
          for (guint r = 0; r < rows; r++)
            {
              double top = band->y + r * (band->klass->rows == LAB_CHART_ROWS_CORES ? p->core_pitch : 0);

              for (int y = (int) ceil (top); y < (int) (top + band->height); y++)
                for (int x = (int) p->axis.plot_x + 1; x < (int) (p->axis.plot_x + p->axis.plot_width) - 1; x++)
                  out.push_back ({ pixel (s, x, y), x, y });
            }
        }
    }
  return out;
}

TEST (Layers, TaskIdentityNeverTakesAStateColour)
{
  LabComparison *c = make_busy ();

  for (LabTheme theme : { LAB_THEME_LIGHT, LAB_THEME_DARK })
    for (double width : { 1920.0, 960.0 })
      {
        LabChartOptions o;
        lab_chart_options_init (&o, width, width * 9 / 16);
        o.theme = theme;
        /* the labels' glyphs are text, not the encoding */
        o.text_hidden = TRUE;
        g_autoptr (LabChartLayout) layout = _lab_chart_layout_new (c, &o);
        cairo_surface_t *s = render (c, &o);
        const LabPalette *palette = lab_palette_get (theme);

        for (const char *layer : { "cores", "gil" })
          {
            std::vector<Px> pixels = layer_pixels (s, layout, layer);
            guint identity = 0;

            ASSERT_GT (pixels.size (), 1000u) << layer;
            for (const Px &at : pixels)
              {
                const Rgba &px = at.c;

                for (guint st = 0; st < LAB_N_STATES; st++)
                  ASSERT_FALSE (near (px, palette->states[st], 12))
                      << layer << " pixel " << describe (px) << " at " << at.x << ", " << at.y
                      << " reads as "
                      << lab_state_get_label ((LabState) st) << " (theme " << theme << ", " << width << ")";
                for (guint k = 0; k < LAB_PALETTE_N_IDENTITY; k++)
                  identity += near (px, palette->identity[k], 2);
              }
            EXPECT_GT (identity, pixels.size () / 8) << layer << ": the shades are what is drawn";
          }
        cairo_surface_destroy (s);
      }
  lab_comparison_unref (c);
}

TEST (Layers, IdentityShadesAreApartFromEveryStateAndEachOther)
{
  for (LabTheme theme : { LAB_THEME_LIGHT, LAB_THEME_DARK })
    {
      const LabPalette *p = lab_palette_get (theme);

      for (guint k = 0; k < LAB_PALETTE_N_IDENTITY; k++)
        {
          LabColor a = p->identity[k];

          /* neutral: no hue to be taken for a state's */
          EXPECT_LT (MAX (MAX (a.r, a.g), a.b) - MIN (MIN (a.r, a.g), a.b), 0.05);
          /* darker than every state on light, lighter than every state on dark */
          for (guint st = 0; st < LAB_N_STATES; st++)
            {
              LabColor b = p->states[st];
              double la = 0.2126 * a.r + 0.7152 * a.g + 0.0722 * a.b;
              double lb = 0.2126 * b.r + 0.7152 * b.g + 0.0722 * b.b;
              if (theme == LAB_THEME_LIGHT)
                EXPECT_LT (la, lb) << "shade " << k << " against " << lab_state_get_label ((LabState) st);
              else
                EXPECT_GT (la, lb) << "shade " << k << " against " << lab_state_get_label ((LabState) st);
            }
          for (guint st = 0; st < LAB_N_STATES; st++)
            {
              LabColor b = p->states[st];
              double d = fabs (a.r - b.r) + fabs (a.g - b.g) + fabs (a.b - b.b);
              EXPECT_GT (d, 0.4) << "shade " << k << " against " << lab_state_get_label ((LabState) st);
            }
          if (k > 0)
            {
              LabColor b = p->identity[k - 1];
              /* a tenth of the scale apart in lightness: neighbours differ in grey print */
              EXPECT_GT (fabs ((a.r + a.g + a.b) - (b.r + b.g + b.b)) / 3, 0.09);
            }
        }
      EXPECT_GT (fabs (p->grid.r - p->states[LAB_STATE_QUEUED].r) * 255, 6.0)
          << "a grid line is not a queued task";
    }
}

/* The legend's words, as drawn. */
std::set<std::string>
legend_of (LabComparison *c, LabChartOptions o)
{
  TextLines lines;
  std::set<std::string> out;

  o.text_func = collect_text;
  o.text_data = &lines;
  g_autoptr (LabChartLayout) layout = _lab_chart_layout_new (c, &o);
  cairo_surface_destroy (render (c, &o));
  for (gsize i = 0; i < lines.boxes.size (); i++)
    {
      const LabChartTextLine &l = lines.boxes[i];
      if (l.y >= layout->legend_y - 1
          && l.y + l.height <= layout->legend_y + layout->legend_rows * layout->legend_row_h + 1
          && l.x >= layout->legend_x - 1)
        out.insert (lines.texts[i]);
    }
  return out;
}

TEST (Layers, LegendListsExactlyTheMarksDrawn)
{
  LabComparison *classic = make_classic ();
  LabComparison *busy = make_busy ();
  LabChartOptions o;
  lab_chart_options_init (&o, 1920, 1080);

  std::set<std::string> all = legend_of (classic, o);
  for (const char *word : { "Queued", "Running", "Waiting for I/O", "Ready, not running",
                            "Failed", "Task, by its number" })
    EXPECT_EQ (all.count (word), 1u) << word << " is drawn but not explained";
  for (const char *word : { "Waiting for the GIL", "GIL drop request", "Core busy, all programs",
                            "Starting a process", "Handing over" })
    EXPECT_EQ (all.count (word), 0u) << word << " is explained but not drawn";

  /* Task lanes alone: no identity, nothing of a hidden layer. */
  o.layers = LAB_CHART_LAYERS_NONE;
  std::set<std::string> lanes = legend_of (classic, o);
  EXPECT_EQ (lanes.count ("Task, by its number"), 0u);
  EXPECT_EQ (lanes.count ("Waiting for I/O"), 1u);

  o.layers = LAB_CHART_LAYERS_ALL;
  std::set<std::string> gil = legend_of (busy, o);
  EXPECT_EQ (gil.count ("GIL drop request"), 1u);
  EXPECT_EQ (gil.count ("Waiting for the GIL"), 1u);
  EXPECT_EQ (gil.count ("Task, by its number"), 1u);
  EXPECT_EQ (gil.count ("Ready, not running"), 0u);
  lab_comparison_unref (busy);
  lab_comparison_unref (classic);
}

/* The entries the layout keeps room for, by their words. */
std::set<std::string>
legend_room_of (LabComparison *c)
{
  LabChartOptions o;
  std::set<std::string> out;

  lab_chart_options_init (&o, 1920, 1080);
  g_autoptr (LabChartLayout) layout = _lab_chart_layout_new (c, &o);
  for (guint k = 0; k < layout->n_legend; k++)
    out.insert (layout->legend[k]->get_label (layout->legend[k]));
  return out;
}

TEST (Layers, LegendKeepsRoomForTheStatesAFinishedRunRecorded)
{
  LabComparison *classic = make_classic ();
  std::set<std::string> finished = legend_room_of (classic);

  for (LabState s : { LAB_STATE_QUEUED, LAB_STATE_RUNNING, LAB_STATE_WAITING_IO,
                      LAB_STATE_READY })
    EXPECT_EQ (finished.count (lab_state_get_label (s)), 1u) << lab_state_get_label (s);
  for (LabState s : { LAB_STATE_WAITING_LOCK, LAB_STATE_SPAWNING, LAB_STATE_IPC })
    EXPECT_EQ (finished.count (lab_state_get_label (s)), 0u) << lab_state_get_label (s);

  /* A run still going may yet record any state. */
  LabWorkload *w = parse ("io 3,1,2s");
  LabComparison *live = lab_comparison_new (w, 2);
  LabTrace *trace = lab_trace_new ("threads", w, 2);
  lab_trace_begin (trace, T0);
  lab_trace_writer_add (lab_trace_get_writer (trace, 0), 0, LAB_STATE_WAITING_IO, -1, T0,
                        T0 + 1 * S);
  lab_comparison_add_trace (live, trace);
  std::set<std::string> running = legend_room_of (live);
  for (guint s = 0; s < LAB_N_STATES; s++)
    EXPECT_EQ (running.count (lab_state_get_label ((LabState) s)), 1u)
        << lab_state_get_label ((LabState) s);

  lab_trace_unref (trace);
  lab_comparison_unref (live);
  lab_workload_unref (w);
  lab_comparison_unref (classic);
}

/* A number written before @unit in @text ("2 cores" → 2); -1 where none. */
int
count_before (const std::string &text, const char *unit)
{
  std::string::size_type at = text.find (unit);
  if (at == std::string::npos || at < 2)
    return -1;
  std::string::size_type start = text.rfind (' ', at - 2);
  return atoi (text.c_str () + (start == std::string::npos ? 0 : start + 1));
}

TEST (Layers, ScaleLabelsNameThisMachineAndThisRun)
{
  /* 3 tasks on a 2-core machine: the old labels said "3 cores · 3 tasks" */
  LabComparison *c = make_classic ();
  LabChartOptions o;
  lab_chart_options_init (&o, 1920, 1080);
  TextLines lines;
  o.text_func = collect_text;
  o.text_data = &lines;
  cairo_surface_destroy (render (c, &o));

  guint cores_labels = 0, flight_labels = 0;
  for (const std::string &t : lines.texts)
    {
      if (t.find ("core") != std::string::npos && count_before (t, "cores") >= 0)
        {
          EXPECT_EQ (count_before (t, "cores"), 2) << t;
          cores_labels++;
        }
      if (t.find ("in flight") != std::string::npos && t.find ("up to") == 0)
        {
          int n = count_before (t, "task");
          EXPECT_GE (n, 1) << t;
          EXPECT_LE (n, 3) << "more than the run's tasks: " << t;
          flight_labels++;
        }
      EXPECT_EQ (t.find ("tasks ready"), std::string::npos) << "no loop strip here: " << t;
    }
  EXPECT_GT (cores_labels, 0u);
  EXPECT_EQ (flight_labels, 2u) << "one per panel";
  lab_comparison_unref (c);
}

TEST (Layers, OnlyTheChosenLayersAreDrawnWhereTheyApply)
{
  LabComparison *c = make_busy ();
  LabChartOptions o;
  lab_chart_options_init (&o, 1280, 720);
  LabChartHit hit;
  GError *error = nullptr;

  ASSERT_TRUE (lab_chart_layers_parse ("gil", &o.layers, &error));
  for (guint panel = 0; panel < 2; panel++)
    {
      double x = x_at (c, &o, panel, 300 * MS);
      EXPECT_TRUE (find_layer (c, &o, panel, "tasks", x, &hit));
      for (const char *hidden : { "cores", "utilization", "flight", "loop" })
        EXPECT_FALSE (find_layer (c, &o, panel, hidden, x, &hit)) << hidden << " in " << panel;
    }
  EXPECT_FALSE (find_layer (c, &o, 0, "gil", x_at (c, &o, 0, 300 * MS), &hit))
      << "threads recorded no lock";
  EXPECT_TRUE (find_layer (c, &o, 1, "gil", x_at (c, &o, 1, 300 * MS), &hit));

  o.layers = LAB_CHART_LAYERS_NONE;
  g_autoptr (LabChartLayout) layout = _lab_chart_layout_new (c, &o);
  for (guint i = 0; i < layout->n_panels; i++)
    {
      ASSERT_EQ (layout->panels[i].n_bands, 1u);
      EXPECT_EQ (layout->panels[i].bands[0].klass->id, nullptr) << "the task lanes";
    }
  lab_comparison_unref (c);
}

TEST (Layers, IdsParseAndEveryLessonNamesKnownOnes)
{
  LabChartLayers layers;
  GError *error = nullptr;

  ASSERT_TRUE (lab_chart_layers_parse (" cores, gil ", &layers, &error));
  g_autofree char *text = lab_chart_layers_to_string (layers);
  EXPECT_STREQ (text, "cores,gil");
  ASSERT_TRUE (lab_chart_layers_parse ("", &layers, nullptr));
  EXPECT_EQ (layers, LAB_CHART_LAYERS_NONE);
  ASSERT_TRUE (lab_chart_layers_parse ("all", &layers, nullptr));
  EXPECT_EQ (layers, LAB_CHART_LAYERS_ALL);

  EXPECT_FALSE (lab_chart_layers_parse ("cores,memroy", &layers, &error));
  ASSERT_NE (error, nullptr);
  EXPECT_NE (strstr (error->message, "“memroy”"), nullptr) << error->message;
  EXPECT_NE (strstr (error->message, "utilization"), nullptr) << error->message;
  g_clear_error (&error);

  for (guint i = 0; i < lab_preset_get_n (); i++)
    {
      const LabPreset *preset = lab_preset_get (i);
      EXPECT_TRUE (lab_chart_layers_parse (lab_preset_get_layers (preset), &layers, &error))
          << preset->id << ": " << (error != nullptr ? error->message : "");
      g_clear_error (&error);
    }
  /* the lessons' points, as their explanations in lab-preset.c put them */
  struct { const char *id, *layer; } carries[] = {
    { "blocking", "loop" }, { "gil", "gil" }, { "heavy-math", "flight" }, { "heavy-math", "cores" },
  };
  for (const auto &c : carries)
    {
      LabChartLayers want;
      ASSERT_TRUE (lab_chart_layers_parse (c.layer, &want, nullptr));
      ASSERT_TRUE (lab_chart_layers_parse (lab_preset_get_layers (lab_preset_find (c.id)), &layers,
                                           nullptr));
      EXPECT_TRUE (layers & want) << c.id << " without " << c.layer;
    }
  EXPECT_STREQ (lab_preset_get_layers (lab_preset_find ("one-cook")), "")
      << "One Cook: the tasks, and little else";
}

/* One task's 3 s wait recorded live in 30 slices; a computation that moves
 * core; a computation preempted. */
LabComparison *
make_slices (void)
{
  LabWorkload *w = parse ("io 1x3s + cpu 2x1s");
  LabComparison *c = lab_comparison_new (w, 2);
  LabTrace *t = lab_trace_new ("threads", w, 2);
  LabTraceWriter *w0 = lab_trace_get_writer (t, 0);
  LabTraceWriter *w1 = lab_trace_get_writer (t, 1);

  lab_trace_set_n_workers (t, 2);
  lab_trace_begin (t, T0);
  for (guint i = 0; i < 30; i++)
    lab_trace_writer_add (w0, 0, LAB_STATE_WAITING_IO, -1, T0 + i * 100 * MS, T0 + (i + 1) * 100 * MS);
  for (guint i = 0; i < 10; i++)
    lab_trace_writer_add (w1, 1, LAB_STATE_RUNNING, i < 4 ? 0 : 1, T0 + i * 100 * MS,
                          T0 + (i + 1) * 100 * MS);
  lab_trace_writer_add (w1, 2, LAB_STATE_RUNNING, 1, T0 + 1000 * MS, T0 + 1500 * MS);
  lab_trace_writer_add (w1, 2, LAB_STATE_READY, -1, T0 + 1500 * MS, T0 + 1700 * MS);
  lab_trace_writer_add (w1, 2, LAB_STATE_RUNNING, 1, T0 + 1700 * MS, T0 + 2200 * MS);
  for (guint k = 0; k < 3; k++)
    lab_trace_task_done (t, k);
  lab_trace_end (t, T0 + 3 * S);
  lab_comparison_add_trace (c, t);
  lab_trace_unref (t);
  lab_workload_unref (w);
  return c;
}

TEST (Layers, HoverTellsAWholeSpanWithTheSliceDetailThatMatters)
{
  LabComparison *c = make_slices ();
  LabChartOptions o;
  lab_chart_options_init (&o, 1920, 1080);
  LabChartHit hit;

  ASSERT_TRUE (find_task_lane (c, &o, 0, 0, x_at (c, &o, 0, 1450 * MS), &hit));
  ASSERT_TRUE (hit.has_segment);
  EXPECT_EQ (hit.segment.begin_ns, T0);
  EXPECT_EQ (hit.segment.end_ns, T0 + 3 * S) << "the wait, not its 101 ms slice";
  EXPECT_NEAR (hit.width, x_at (c, &o, 0, 3 * S) - x_at (c, &o, 0, 0), 1.0);
  std::string text = describe_hit (c, &o, &hit);
  EXPECT_NE (text.find ("Waiting for I/O from 0"), std::string::npos) << text;
  EXPECT_NE (text.find ("to 3.00 s (3.00 s)"), std::string::npos) << text;

  /* a computation that moved core: one span, the move told */
  ASSERT_TRUE (find_task_lane (c, &o, 0, 1, x_at (c, &o, 0, 250 * MS), &hit));
  EXPECT_EQ (hit.segment.end_ns - hit.segment.begin_ns, 1 * S);
  EXPECT_EQ (hit.segment.core, -1) << "it changed core";
  text = describe_hit (c, &o, &hit);
  EXPECT_NE (text.find ("on core 0, then core 1 (moved 1 time)"), std::string::npos) << text;

  /* preempted: the ready span says why, and how often in all */
  ASSERT_TRUE (find_task_lane (c, &o, 0, 2, x_at (c, &o, 0, 1600 * MS), &hit));
  EXPECT_EQ (hit.segment.state, LAB_STATE_READY);
  text = describe_hit (c, &o, &hit);
  EXPECT_NE (text.find ("Preempted: the OS gave its core"), std::string::npos) << text;
  EXPECT_NE (text.find ("Preempted 1 time in all, 200 ms"), std::string::npos) << text;

  /* the core lane merges a task's slices on that core: task 2 on core 1 from 400 ms */
  bool found = false;
  for (double y = 0; y < o.height && !found; y++)
    found = lab_chart_hit_test (c, &o, x_at (c, &o, 0, 800 * MS), y, &hit)
            && g_strcmp0 (hit.layer, "cores") == 0 && hit.first == 1 && hit.has_segment;
  ASSERT_TRUE (found);
  EXPECT_EQ (hit.segment.task, 1u);
  EXPECT_EQ (hit.segment.begin_ns, T0 + 400 * MS);
  EXPECT_EQ (hit.segment.end_ns, T0 + 1000 * MS);
  text = describe_hit (c, &o, &hit);
  EXPECT_NE (text.find ("Task 2 computed from 400 ms to 1.00 s (600 ms)"), std::string::npos) << text;

  /* and the screen reader's words are spans too */
  g_autofree char *words = lab_chart_describe (c, &o, 8);
  g_autofree char *zero = lab_duration_format (0);
  g_autofree char *expect = g_strdup_printf ("Task 1: Waiting for I/O from %s to 3.00 s (3.00 s).",
                                             zero);
  EXPECT_NE (strstr (words, expect), nullptr) << words;
  lab_comparison_unref (c);
}

TEST (Layers, FiguresAreCachedByTheirOwnerNotComputedPerDrawing)
{
  LabComparison *c = make_busy ();
  g_autoptr (LabChartCache) cache = lab_chart_cache_new ();
  LabChartOptions o;
  LabChartHit hit;
  lab_chart_options_init (&o, 1280, 720);
  o.cache = cache;

  for (guint i = 0; i < 3; i++)
    cairo_surface_destroy (render (c, &o));
  EXPECT_TRUE (find_layer (c, &o, 0, "flight", x_at (c, &o, 0, 300 * MS), &hit));
  EXPECT_EQ (lab_chart_cache_get_n_computed (cache), 2u) << "once per trace";

  /* a trace still recording is computed again once it grew */
  LabWorkload *w = lab_comparison_get_workload (c);
  LabTrace *live = lab_trace_new ("processes", w, 2);
  lab_trace_begin (live, T0 + 10 * S);
  lab_trace_writer_add (lab_trace_get_writer (live, 0), 0, LAB_STATE_RUNNING, 0, T0 + 10 * S,
                        T0 + 10 * S + 100 * MS);
  lab_comparison_add_trace (c, live);
  cairo_surface_destroy (render (c, &o));
  guint before = lab_chart_cache_get_n_computed (cache);
  g_usleep (20000);
  lab_trace_writer_add (lab_trace_get_writer (live, 0), 0, LAB_STATE_RUNNING, 1,
                        T0 + 10 * S + 100 * MS, T0 + 10 * S + 200 * MS);
  cairo_surface_destroy (render (c, &o));
  EXPECT_EQ (lab_chart_cache_get_n_computed (cache), before + 1);

  lab_chart_cache_clear (cache);
  cairo_surface_destroy (render (c, &o));
  EXPECT_EQ (lab_chart_cache_get_n_computed (cache), before + 4) << "computed anew once cleared";
  lab_trace_unref (live);
  lab_comparison_unref (c);
}

}  // namespace
