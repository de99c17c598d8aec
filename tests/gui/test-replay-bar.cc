/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The replay bar in the window on a real display (Xvfb): after a short
 * run, play, step to the next event, pause, and a new run ends it. */

#include <gtest/gtest.h>

#include "lab-gui-test.h"

extern "C" {
#include "lab-chart-view.h"
#include "lab-replay-bar.h"
#include "lab-replay.h"
#include "lab-workload-panel.h"
}

using lab_test::App;
using lab_test::find_widget;
using lab_test::iterate_for;
using lab_test::iterate_until;

namespace {

bool
start_run (App &app, const char *workload)
{
  LabWorkloadPanel *panel = LAB_WORKLOAD_PANEL (lab_window_get_workload_panel (app.window ()));

  if (!lab_workload_panel_set_workload (panel, workload, NULL))
    return false;
  lab_workload_panel_set_models (panel, "sequential,event-loop");
  lab_workload_panel_set_all_at_once (panel, FALSE);
  return gtk_widget_activate_action (GTK_WIDGET (app.window ()), "win.run", NULL);
}

bool
run_to_end (App &app, const char *workload)
{
  LabWindow *window = app.window ();

  return start_run (app, workload)
         && iterate_until ([window] { return !lab_window_is_running (window); }, 60000);
}

TEST (ReplayBar, StepsPlaysPausesAndEndsWithANewRun)
{
  App app;
  ASSERT_TRUE (app.ok);
  GtkWidget *root = GTK_WIDGET (app.window ());
  LabChartView *view = LAB_CHART_VIEW (find_widget (root, LAB_TYPE_CHART_VIEW));
  LabReplayBar *bar = LAB_REPLAY_BAR (find_widget (root, LAB_TYPE_REPLAY_BAR));
  ASSERT_NE (view, nullptr);
  ASSERT_NE (bar, nullptr);
  EXPECT_EQ (lab_replay_bar_get_view (bar), view);
  EXPECT_FALSE (gtk_widget_get_visible (GTK_WIDGET (bar))) << "nothing to replay yet";

  ASSERT_TRUE (run_to_end (app, "io 60,20,40ms"));
  ASSERT_TRUE (iterate_until ([bar] { return gtk_widget_get_visible (GTK_WIDGET (bar)); }));
  EXPECT_EQ (lab_chart_view_get_replay_time (view), -1);
  LabReplay *replay = lab_chart_view_get_replay (view);
  ASSERT_NE (replay, nullptr);
  /* a step takes events within a thousandth of the run as one moment */
  gint64 gap = MAX (lab_replay_get_duration_ns (replay) / 1000, 1);
  gint64 first = -1, second = -1;
  ASSERT_TRUE (lab_replay_next_step (replay, 0, gap, &first));
  ASSERT_TRUE (lab_replay_next_step (replay, first, gap, &second));
  ASSERT_GT (second, first);

  /* step: the view's replay time is the next event, and holds there */
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (bar), "replay.next", NULL));
  EXPECT_EQ (lab_chart_view_get_replay_time (view), first);
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (bar), "replay.next", NULL));
  EXPECT_EQ (lab_chart_view_get_replay_time (view), second);
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (bar), "replay.previous", NULL));
  EXPECT_EQ (lab_chart_view_get_replay_time (view), first);
  EXPECT_FALSE (lab_replay_bar_get_playing (bar));

  /* play at 0.25×: the time moves on the frame clock */
  lab_replay_bar_set_speed (bar, 0.25);
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (bar), "replay.play", NULL));
  EXPECT_TRUE (lab_replay_bar_get_playing (bar));
  ASSERT_TRUE (iterate_until ([view, first] {
    return lab_chart_view_get_replay_time (view) > first;
  }, 5000)) << "the frame clock drives the replay";
  guint renders = lab_chart_view_get_render_count (view);
  iterate_for (100);
  EXPECT_GT (lab_chart_view_get_render_count (view), renders) << "each new time redraws";

  /* pause holds the time */
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (bar), "replay.play", NULL));
  EXPECT_FALSE (lab_replay_bar_get_playing (bar));
  gint64 held = lab_chart_view_get_replay_time (view);
  EXPECT_GE (held, first);
  iterate_for (200);
  EXPECT_EQ (lab_chart_view_get_replay_time (view), held);

  /* the shortcut plays again */
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (bar), "replay.play", NULL));
  EXPECT_TRUE (lab_replay_bar_get_playing (bar));

  /* a new run ends the replay */
  ASSERT_TRUE (start_run (app, "io 40,20ms"));
  EXPECT_EQ (lab_chart_view_get_replay_time (view), -1);
  EXPECT_FALSE (lab_replay_bar_get_playing (bar));
  lab_chart_view_set_replay_time (view, 1000);
  EXPECT_EQ (lab_chart_view_get_replay_time (view), -1) << "a running comparison does not replay";
  ASSERT_TRUE (iterate_until ([&app] { return !lab_window_is_running (app.window ()); }, 60000));
  ASSERT_TRUE (iterate_until ([bar] { return gtk_widget_get_visible (GTK_WIDGET (bar)); }));

  /* end replay: back to the whole chart */
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (bar), "replay.next", NULL));
  EXPECT_GE (lab_chart_view_get_replay_time (view), 0);
  ASSERT_TRUE (gtk_widget_activate_action (GTK_WIDGET (bar), "replay.stop", NULL));
  EXPECT_EQ (lab_chart_view_get_replay_time (view), -1);
}

} // namespace
