// SPDX-License-Identifier: GPL-3.0-or-later
#include "render-test-helpers.h"

#include <csignal>
#include <sys/resource.h>

extern "C" {
#include <glib/gstdio.h>

#include "lab-chart-private.h"
#include "lab-export-replay.h"
#include "lab-replay.h"
}

using namespace render_test;

namespace {

LabChartOptions
replaying (double w, double h, gint64 t_ns)
{
  LabChartOptions o;
  lab_chart_options_init (&o, w, h);
  o.replaying = TRUE;
  o.replay_ns = t_ns;
  return o;
}

/* The x of panel time @t_ns and the middle of task @task's lane. */
bool
lane_point (LabComparison *c, const LabChartOptions *o, guint panel, guint task, gint64 t_ns,
            int *x, int *y)
{
  LabChartAxis axis;
  LabChartHit hit;
  if (!lab_chart_get_axis (c, o, panel, FALSE, &axis))
    return false;
  double px = axis.plot_x + (double) (t_ns - axis.begin_ns) / (axis.end_ns - axis.begin_ns)
                            * axis.plot_width;
  if (!find_task_lane (c, o, panel, task, px, &hit))
    return false;
  *x = (int) px;
  *y = (int) (hit.y + hit.height / 2);
  return true;
}

TEST (ChartReplay, DefaultsDoNotReplay)
{
  LabChartOptions o;
  lab_chart_options_init (&o, 800, 600);
  EXPECT_FALSE (o.replaying);
  LabComparison *c = make_classic ();
  LabChartLayout *layout = _lab_chart_layout_new (c, &o);
  EXPECT_LT (layout->replay_y, 0);
  EXPECT_EQ (layout->replay_h, 0);
  _lab_chart_layout_free (layout);
  lab_comparison_unref (c);
}

TEST (ChartReplay, SegmentsAreDrawnUpToTheReplayTimeOnly)
{
  LabComparison *c = make_classic ();
  const LabPalette *palette = lab_palette_get (LAB_THEME_LIGHT);
  LabChartOptions o = replaying (1280, 720, 2 * S);
  cairo_surface_t *s = render (c, &o);
  int x, y;

  /* sequential: task 1 waits 0–3 s, drawn before 2 s; task 2 waits 3–4 s, after it */
  ASSERT_TRUE (lane_point (c, &o, 0, 0, 1 * S, &x, &y));
  EXPECT_TRUE (near (pixel (s, x, y), palette->states[LAB_STATE_WAITING_IO]))
    << describe (pixel (s, x, y));
  ASSERT_TRUE (lane_point (c, &o, 0, 1, 3500 * MS, &x, &y));
  EXPECT_FALSE (near (pixel (s, x, y), palette->states[LAB_STATE_WAITING_IO], 10))
    << describe (pixel (s, x, y));
  /* task 1's wait stops at the playhead, whose own colour is just there */
  ASSERT_TRUE (lane_point (c, &o, 0, 0, 2500 * MS, &x, &y));
  EXPECT_FALSE (near (pixel (s, x, y), palette->states[LAB_STATE_WAITING_IO], 10));
  ASSERT_TRUE (lane_point (c, &o, 0, 0, 2 * S, &x, &y));
  bool playhead = false;
  for (int dx = -2; dx <= 2; dx++)
    playhead |= near (pixel (s, x + dx, y), palette->now, 10);
  EXPECT_TRUE (playhead) << "a playhead at the replay time";
  /* the event-loop panel starts at its own zero: its waits are drawn at 1 s too */
  ASSERT_TRUE (lane_point (c, &o, 1, 2, 1 * S, &x, &y));
  EXPECT_TRUE (near (pixel (s, x, y), palette->states[LAB_STATE_WAITING_IO]));
  cairo_surface_destroy (s);

  /* past the end, everything is there */
  LabChartOptions end = replaying (1280, 720, 6 * S);
  s = render (c, &end);
  ASSERT_TRUE (lane_point (c, &end, 0, 1, 3500 * MS, &x, &y));
  EXPECT_TRUE (near (pixel (s, x, y), palette->states[LAB_STATE_WAITING_IO]));
  cairo_surface_destroy (s);
  lab_comparison_unref (c);
}

TEST (ChartReplay, CaptionBandCarriesTheCaptions)
{
  LabComparison *c = make_classic ();
  const LabPalette *palette = lab_palette_get (LAB_THEME_LIGHT);
  LabReplay *replay = lab_replay_new (c);
  LabChartOptions o = replaying (1280, 720, 500 * MS);
  o.replay = replay;
  cairo_surface_t *s = render (c, &o);
  LabChartLayout *layout = _lab_chart_layout_new (c, &o);

  ASSERT_GE (layout->replay_y, 0);
  ASSERT_GT (layout->replay_h, 0);
  EXPECT_LE (layout->replay_y + layout->replay_h, o.height);
  for (guint i = 0; i < layout->n_panels; i++)
    EXPECT_LE (layout->panels[i].y + layout->panels[i].height, layout->replay_y)
      << "the panels keep clear of the band";
  int text = 0;
  for (int y = (int) layout->replay_y; y < (int) (layout->replay_y + layout->replay_h); y++)
    for (int x = 0; x < (int) o.width; x++)
      text += near (pixel (s, x, y), palette->text, 40);
  EXPECT_GT (text, 200) << "caption text in the band";

  g_autofree char *line = lab_replay_dup_caption (replay, 1, 500 * MS);
  EXPECT_STREQ (line, "event-loop: tasks 1–3 wait for I/O; the loop is idle");
  _lab_chart_layout_free (layout);
  cairo_surface_destroy (s);
  lab_replay_unref (replay);
  lab_comparison_unref (c);
}

/* A line and its text, copied while the line is reported. */
struct BandLine
{
  LabChartTextLine line;
  std::string      text;
};

void
collect_band_line (const LabChartTextLine *line, gpointer data)
{
  static_cast<std::vector<BandLine> *> (data)->push_back ({ *line,
                                                            std::string (line->text, line->length) });
}

/* On a narrow chart a caption wraps onto the band's next line instead of
 * ending in "…"; the band keeps its height through the replay. */
TEST (ChartReplay, CaptionsWrapInsteadOfBeingCut)
{
  LabComparison *c = make_classic ();
  LabReplay *replay = lab_replay_new (c);
  std::vector<BandLine> lines;
  LabChartOptions o = replaying (300, 700, 500 * MS);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 700);
  cairo_t *cr = cairo_create (s);

  o.replay = replay;
  o.text_func = collect_band_line;
  o.text_data = &lines;
  lab_chart_draw (cr, c, &o);
  LabChartLayout *layout = _lab_chart_layout_new (c, &o);
  LabChartOptions later = o;
  later.replay_ns = 2500 * MS;
  LabChartLayout *later_layout = _lab_chart_layout_new (c, &later);

  guint in_band = 0;
  for (const BandLine &l : lines)
    if (l.line.y >= layout->replay_y)
      {
        in_band++;
        EXPECT_FALSE (l.line.ellipsized) << l.text;
        EXPECT_LE (l.line.x + l.line.width, o.width) << l.text;
        EXPECT_LE (l.line.y + l.line.height, layout->replay_y + layout->replay_h + 1) << l.text;
      }
  /* the time, and the two captions on more than one line each */
  EXPECT_GT (in_band, 1u + layout->n_panels) << "a caption wrapped";
  EXPECT_EQ (layout->replay_h, later_layout->replay_h);
  EXPECT_LE (layout->replay_h, o.height * 0.25 + layout->pad * 1.4) << "the lanes come first";

  _lab_chart_layout_free (later_layout);
  _lab_chart_layout_free (layout);
  cairo_destroy (cr);
  cairo_surface_destroy (s);
  lab_replay_unref (replay);
  lab_comparison_unref (c);
}

class ExportReplay : public ::testing::Test
{
protected:
  void
  SetUp () override
  {
    GError *error = nullptr;
    dir = g_dir_make_tmp ("lab-replay-XXXXXX", &error);
    ASSERT_NE (dir, nullptr) << error->message;
    comparison = make_classic ();
    lab_chart_options_init (&options, 640, 400);
  }

  void
  TearDown () override
  {
    g_autofree char *quoted = g_shell_quote (dir);
    g_autofree char *cmd = g_strdup_printf ("rm -rf %s", quoted);
    EXPECT_EQ (system (cmd), 0);
    g_free (dir);
    lab_comparison_unref (comparison);
  }

  char *dir = nullptr;
  LabComparison *comparison = nullptr;
  LabChartOptions options;
};

TEST_F (ExportReplay, FramesAreNumberedPngsOfTheRightCount)
{
  /* 6 s at 2× and 4 frames a second: a frame every 0.5 s of the run, 0 to 6 s */
  EXPECT_EQ (lab_export_replay_count_frames (6 * S, 4, 2), 13u);
  EXPECT_EQ (lab_export_replay_count_frames (0, 4, 2), 1u);
  g_autofree char *folder = g_build_filename (dir, "frames", NULL);
  GError *error = nullptr;
  guint n = 0;
  ASSERT_TRUE (lab_export_replay_frames (comparison, &options, 4, 2, folder, &n, &error))
    << error->message;
  EXPECT_EQ (n, 13u);
  auto names = folder_entries (folder);
  ASSERT_EQ (names.size (), 13u);
  EXPECT_EQ (names.front (), "frame-0001.png");
  EXPECT_EQ (names.back (), "frame-0013.png");
  for (const auto &name : names)
    {
      g_autofree char *file = g_build_filename (folder, name.c_str (), NULL);
      cairo_surface_t *png = cairo_image_surface_create_from_png (file);
      EXPECT_EQ (cairo_surface_status (png), CAIRO_STATUS_SUCCESS) << name;
      EXPECT_EQ (cairo_image_surface_get_width (png), 640);
      EXPECT_EQ (cairo_image_surface_get_height (png), 400);
      cairo_surface_destroy (png);
    }
  EXPECT_EQ (folder_entries (dir), std::vector<std::string> { "frames" }) << "no temporary folder left";

  /* the first and last frames differ: the replay moved */
  g_autofree char *first = g_build_filename (folder, "frame-0001.png", NULL);
  g_autofree char *last = g_build_filename (folder, "frame-0013.png", NULL);
  g_autofree char *a = nullptr, *b = nullptr;
  gsize la = 0, lb = 0;
  ASSERT_TRUE (g_file_get_contents (first, &a, &la, nullptr));
  ASSERT_TRUE (g_file_get_contents (last, &b, &lb, nullptr));
  EXPECT_TRUE (la != lb || memcmp (a, b, la) != 0);
}

TEST_F (ExportReplay, AFolderWithFilesIsNeverTouched)
{
  g_autofree char *folder = g_build_filename (dir, "frames", NULL);
  g_autofree char *keep = g_build_filename (folder, "notes.txt", NULL);
  ASSERT_EQ (g_mkdir (folder, 0755), 0);
  ASSERT_TRUE (g_file_set_contents (keep, "mine", -1, nullptr));
  GError *error = nullptr;
  EXPECT_FALSE (lab_export_replay_frames (comparison, &options, 2, 4, folder, nullptr, &error));
  ASSERT_NE (error, nullptr);
  EXPECT_NE (strstr (error->message, "not empty"), nullptr) << error->message;
  g_clear_error (&error);
  EXPECT_EQ (folder_entries (folder), std::vector<std::string> { "notes.txt" });
  EXPECT_EQ (folder_entries (dir), std::vector<std::string> { "frames" });

  /* an empty one is replaced */
  g_autofree char *empty = g_build_filename (dir, "empty", NULL);
  ASSERT_EQ (g_mkdir (empty, 0755), 0);
  EXPECT_TRUE (lab_export_replay_frames (comparison, &options, 2, 4, empty, nullptr, &error));
  EXPECT_EQ (folder_entries (empty).size (), 4u);
}

TEST_F (ExportReplay, AFailedWriteLeavesNoFrames)
{
  /* a file size limit makes a frame's write fail, as a full disk does */
  g_autofree char *folder = g_build_filename (dir, "frames", NULL);
  struct rlimit saved, small;
  ASSERT_EQ (getrlimit (RLIMIT_FSIZE, &saved), 0);
  small = saved;
  small.rlim_cur = 2000;
  auto previous = signal (SIGXFSZ, SIG_IGN);
  ASSERT_EQ (setrlimit (RLIMIT_FSIZE, &small), 0);
  GError *error = nullptr;
  gboolean ok = lab_export_replay_frames (comparison, &options, 4, 1, folder, nullptr, &error);
  setrlimit (RLIMIT_FSIZE, &saved);
  signal (SIGXFSZ, previous);

  EXPECT_FALSE (ok);
  ASSERT_NE (error, nullptr);
  g_clear_error (&error);
  EXPECT_TRUE (folder_entries (dir).empty ()) << "neither the folder nor a temporary one";
}

TEST_F (ExportReplay, BadRatesAreErrors)
{
  g_autofree char *folder = g_build_filename (dir, "frames", NULL);
  GError *error = nullptr;
  EXPECT_FALSE (lab_export_replay_frames (comparison, &options, 0, 1, folder, nullptr, &error));
  ASSERT_NE (error, nullptr);
  EXPECT_NE (strstr (error->message, "frame rate"), nullptr) << error->message;
  g_clear_error (&error);
  EXPECT_FALSE (lab_export_replay_frames (comparison, &options, 10, NAN, folder, nullptr, &error));
  ASSERT_NE (error, nullptr);
  EXPECT_NE (strstr (error->message, "speed"), nullptr) << error->message;
  g_clear_error (&error);
  /* 6 s at 0.01× and 120 fps would be 72,000 frames */
  EXPECT_FALSE (lab_export_replay_frames (comparison, &options, 120, 0.01, folder, nullptr,
                                          &error));
  ASSERT_NE (error, nullptr);
  EXPECT_NE (strstr (error->message, "frames"), nullptr) << error->message;
  g_clear_error (&error);
  EXPECT_TRUE (folder_entries (dir).empty ());
}

TEST_F (ExportReplay, AnimatedSvgIsWellFormedAndAnimates)
{
  g_autofree char *file = g_build_filename (dir, "replay.svg", NULL);
  GError *error = nullptr;
  ASSERT_TRUE (lab_export_replay_svg (comparison, &options, 1, file, &error)) << error->message;
  g_autofree char *text = nullptr;
  gsize length = 0;
  ASSERT_TRUE (g_file_get_contents (file, &text, &length, nullptr));

  GMarkupParser parser = {};
  GMarkupParseContext *ctx = g_markup_parse_context_new (&parser, G_MARKUP_IGNORE_QUALIFIED,
                                                         nullptr, nullptr);
  EXPECT_TRUE (g_markup_parse_context_parse (ctx, text, (gssize) length, &error)
               && g_markup_parse_context_end_parse (ctx, &error))
    << (error != nullptr ? error->message : "");
  g_clear_error (&error);
  g_markup_parse_context_free (ctx);

  std::string svg (text, length);
  EXPECT_NE (svg.find ("<animate attributeName=\"x\""), std::string::npos) << "the curtain";
  EXPECT_NE (svg.find ("<animateTransform"), std::string::npos) << "the playhead";
  EXPECT_NE (svg.find ("<set attributeName=\"visibility\""), std::string::npos);
  EXPECT_NE (svg.find ("dur=\"6.000s\""), std::string::npos) << "6 s at 1×";
  EXPECT_NE (svg.find ("event-loop: tasks 1–3 wait for I/O; the loop is idle"), std::string::npos);
  EXPECT_NE (svg.find ("sequential: finished after 6.00 s"), std::string::npos);
  EXPECT_EQ (svg.rfind ("</svg>"), svg.size () - 7);

  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  if (xmllint != nullptr)
    {
      g_autofree char *quoted = g_shell_quote (file);
      g_autofree char *cmd = g_strdup_printf ("xmllint --noout %s", quoted);
      EXPECT_EQ (system (cmd), 0);
    }
  EXPECT_EQ (folder_entries (dir), std::vector<std::string> { "replay.svg" });

  /* 4× makes it a quarter as long */
  ASSERT_TRUE (lab_export_replay_svg (comparison, &options, 4, file, &error));
  g_free (text);
  ASSERT_TRUE (g_file_get_contents (file, &text, &length, nullptr));
  EXPECT_NE (strstr (text, "dur=\"1.500s\""), nullptr);
}

TEST_F (ExportReplay, SvgCaptionsShowTheStateAfterAClusterOfEvents)
{
  /* one after another, as recorded: task 2 starts 50 µs after task 1 ends */
  LabWorkload *w = parse ("io 2x1s");
  LabComparison *c = lab_comparison_new (w, 2);
  LabTrace *trace = lab_trace_new ("sequential", w, 2);
  LabTraceWriter *writer = lab_trace_get_writer (trace, 0);
  lab_trace_begin (trace, T0);
  lab_trace_writer_add (writer, 0, LAB_STATE_WAITING_IO, -1, T0, T0 + 1 * S);
  lab_trace_writer_add (writer, 1, LAB_STATE_QUEUED, -1, T0, T0 + 1 * S + 50000);
  lab_trace_writer_add (writer, 1, LAB_STATE_WAITING_IO, -1, T0 + 1 * S + 50000, T0 + 2 * S);
  lab_trace_end (trace, T0 + 2 * S);
  lab_comparison_add_trace (c, trace);

  g_autofree char *file = g_build_filename (dir, "cluster.svg", NULL);
  GError *error = nullptr;
  ASSERT_TRUE (lab_export_replay_svg (c, &options, 1, file, &error)) << error->message;
  g_autofree char *text = nullptr;
  ASSERT_TRUE (g_file_get_contents (file, &text, nullptr, nullptr));
  std::string svg (text);
  EXPECT_NE (svg.find ("sequential: task 2 waits for I/O; task 1 is done"), std::string::npos);
  EXPECT_EQ (svg.find ("sequential: task 2 waits its turn; task 1 is done"), std::string::npos)
    << "50 µs between two events is one moment at ten captions a second";
  lab_trace_unref (trace);
  lab_comparison_unref (c);
  lab_workload_unref (w);
}

} // namespace
