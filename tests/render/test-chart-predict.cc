// SPDX-License-Identifier: GPL-3.0-or-later
#include "render-test-helpers.h"

extern "C" {
#include "lab-chart-private.h"
#include "lab-verdict.h"
}

/* Predict-then-run on the bar chart: the prediction's diamond where the
 * layout says, in its own colour (not the ideal's), and a verdict line
 * under each predicted model's bar. */

using namespace render_test;

namespace {

LabChartOptions
options (double w, double h, LabTheme theme)
{
  LabChartOptions o;
  lab_chart_options_init (&o, w, h);
  o.theme = theme;
  return o;
}

/* The classic comparison (sequential 6 s, event loop 3 s), both whole, with
 * a guess of 4 s for the sequential run and 3 s for the loop. */
LabComparison *
make_predicted ()
{
  LabComparison *c = make_classic (false);
  lab_comparison_set_prediction (c, "sequential", 4 * S);
  lab_comparison_set_prediction (c, "event-loop", 3 * S);
  return c;
}

class ChartPredict : public ::testing::TestWithParam<LabTheme> {};

TEST_P (ChartPredict, DiamondIsAtThePredictedTime)
{
  LabComparison *c = make_predicted ();
  LabChartOptions o = options (1920, 1080, GetParam ());
  const LabPalette *palette = lab_palette_get (GetParam ());
  g_autoptr (LabChartLayout) layout = _lab_chart_layout_new (c, &o);
  cairo_surface_t *s = render (c, &o);

  ASSERT_GE (layout->bars_y, 0) << "room for the bars at 1080p";
  for (guint i = 0; i < 2; i++)
    {
      double x, y;
      ASSERT_TRUE (_lab_chart_prediction_marker (layout, i, &x, &y)) << "panel " << i;
      Rgba centre = pixel (s, (int) x, (int) y);
      EXPECT_TRUE (near (centre, palette->prediction, 8))
        << "panel " << i << " at " << x << "," << y << ": " << describe (centre);
      EXPECT_FALSE (near (centre, palette->ideal, 40)) << "distinct from the ideal's mark";
      EXPECT_FALSE (near (centre, palette->bar, 40)) << "distinct from the bar";
    }

  /* The scale is the bars': one second is x_seq − x_loop (4 s − 3 s), so
   * the sequential bar (6 s) ends two seconds right of its marker. */
  double x_seq, x_loop, y_seq, y_loop;
  ASSERT_TRUE (_lab_chart_prediction_marker (layout, 0, &x_seq, &y_seq));
  ASSERT_TRUE (_lab_chart_prediction_marker (layout, 1, &x_loop, &y_loop));
  double second = x_seq - x_loop;
  ASSERT_GT (second, 50.0);
  EXPECT_GT (y_loop, y_seq) << "the loop's bar is under the sequential one";
  EXPECT_TRUE (near (pixel (s, (int) (x_seq + 1.5 * second), (int) y_seq), palette->bar, 8))
    << "inside the 6 s bar";
  EXPECT_FALSE (near (pixel (s, (int) (x_seq + 2.5 * second), (int) y_seq), palette->bar, 8))
    << "past the end of the 6 s bar";
  cairo_surface_destroy (s);
  lab_comparison_unref (c);
}

TEST_P (ChartPredict, VerdictLineUnderEachPredictedBar)
{
  LabComparison *c = make_predicted ();
  LabChartOptions o = options (1920, 1080, GetParam ());
  g_autoptr (LabChartLayout) layout = _lab_chart_layout_new (c, &o);

  ASSERT_EQ (layout->n_panels, 2u);
  ASSERT_TRUE (layout->panels[0].has_verdict);
  ASSERT_TRUE (layout->panels[1].has_verdict);
  g_autofree char *seq = lab_verdict_describe (layout->panels[0].trace, layout->panels[0].predicted_ns);
  g_autofree char *loop = lab_verdict_describe (layout->panels[1].trace, layout->panels[1].predicted_ns);
  ASSERT_NE (seq, nullptr);
  EXPECT_NE (std::string (seq).find ("you said 4.00 s"), std::string::npos) << seq;
  ASSERT_NE (loop, nullptr);
  EXPECT_NE (std::string (loop).find ("right"), std::string::npos) << loop;
  EXPECT_EQ (layout->bars_rows, 1u + 2u + 2u) << "heading, two bars, two verdicts";
  EXPECT_LE (layout->bars_y + layout->bars_rows * layout->bars_row_h, o.height);

  /* Text is drawn on the verdict's row (between the two bars): some pixel
   * of the text colour there. */
  cairo_surface_t *s = render (c, &o);
  const LabPalette *palette = lab_palette_get (GetParam ());
  int row_top = (int) (layout->bars_y + 2 * layout->bars_row_h);
  int text_pixels = 0;
  for (int yy = row_top; yy < row_top + (int) layout->bars_row_h; yy++)
    for (int xx = 0; xx < (int) o.width; xx++)
      text_pixels += near (pixel (s, xx, yy), palette->text, 30);
  EXPECT_GT (text_pixels, 200) << "the verdict is written under the sequential bar";
  cairo_surface_destroy (s);
  lab_comparison_unref (c);
}

INSTANTIATE_TEST_SUITE_P (Themes, ChartPredict,
                          ::testing::Values (LAB_THEME_LIGHT, LAB_THEME_DARK));

TEST (ChartPredict, NoPredictionNoMarkNoVerdictRow)
{
  LabComparison *c = make_classic ();
  LabChartOptions o = options (1920, 1080, LAB_THEME_LIGHT);
  g_autoptr (LabChartLayout) layout = _lab_chart_layout_new (c, &o);
  double x, y;

  EXPECT_FALSE (_lab_chart_prediction_marker (layout, 0, &x, &y));
  EXPECT_FALSE (layout->panels[0].has_verdict);
  EXPECT_EQ (layout->bars_rows, 3u);
  lab_comparison_unref (c);
}

TEST (ChartPredict, PredictionBeyondEveryBarStaysOnTheChart)
{
  LabComparison *c = make_classic ();
  lab_comparison_set_prediction (c, "event-loop", 12 * S);
  LabChartOptions o = options (1920, 1080, LAB_THEME_LIGHT);
  g_autoptr (LabChartLayout) layout = _lab_chart_layout_new (c, &o);
  double x, y;

  ASSERT_TRUE (_lab_chart_prediction_marker (layout, 1, &x, &y));
  EXPECT_LT (x, o.width) << "the scale takes the prediction in";
  EXPECT_GT (x, o.width * 0.8);
  cairo_surface_t *s = render (c, &o);
  EXPECT_TRUE (near (pixel (s, (int) x, (int) y), lab_palette_get (LAB_THEME_LIGHT)->prediction, 8));
  cairo_surface_destroy (s);
  lab_comparison_unref (c);
}

/* Six models of twelve tasks each on a small image: the lanes group
 * either way. Without guesses the bars give way to the lanes; with them
 * they stay, as nothing else on the chart shows the guesses. */
TEST (ChartPredict, GuessesKeepTheBarsWhereLanesGroup)
{
  LabWorkload *w = parse ("io 12x50ms");
  LabComparison *c = lab_comparison_new (w, 2);
  const char *ids[] = { "sequential", "event-loop", "loop-offload", "threads", "threads-gil",
                        "processes" };
  for (const char *id : ids)
    {
      LabTrace *t = lab_trace_new (id, w, 2);
      lab_trace_begin (t, T0);
      for (guint32 k = 0; k < 12; k++)
        {
          lab_trace_writer_add (lab_trace_get_writer (t, 0), k, LAB_STATE_WAITING_IO, -1,
                                T0 + k * 50 * MS, T0 + (k + 1) * 50 * MS);
          lab_trace_task_done (t, k);
        }
      lab_trace_end (t, T0 + 600 * MS);
      lab_comparison_add_trace (c, t);
      lab_trace_unref (t);
    }
  LabChartOptions o = options (1280, 720, LAB_THEME_LIGHT);
  {
    g_autoptr (LabChartLayout) plain = _lab_chart_layout_new (c, &o);
    EXPECT_LT (plain->bars_y, 0) << "no guesses: the lanes come first";
  }
  lab_comparison_set_prediction (c, "threads", 300 * MS);
  g_autoptr (LabChartLayout) layout = _lab_chart_layout_new (c, &o);
  ASSERT_GE (layout->bars_y, 0) << "the guess and its verdict are shown";
  EXPECT_LE (layout->bars_y + layout->bars_rows * layout->bars_row_h, o.height);
  double x, y;
  EXPECT_TRUE (_lab_chart_prediction_marker (layout, 3, &x, &y));
  lab_comparison_unref (c);
  lab_workload_unref (w);
}

}  // namespace
