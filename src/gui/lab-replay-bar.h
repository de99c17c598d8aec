/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "lab-chart-view.h"

G_BEGIN_DECLS

#define LAB_TYPE_REPLAY_BAR (lab_replay_bar_get_type ())

G_DECLARE_FINAL_TYPE (LabReplayBar, lab_replay_bar, LAB, REPLAY_BAR, GtkWidget)

/*
 * The replay controls under the chart: play and pause, step to the next
 * or previous event, speed 0.25×, 1× and 4×, and a position scale. They
 * drive the chart view's replay time from the frame clock; they show only
 * for a finished run, and a new run ends the replay.
 */

GtkWidget    *lab_replay_bar_new         (void);
LabChartView *lab_replay_bar_get_view    (LabReplayBar *self);
void          lab_replay_bar_set_view    (LabReplayBar *self,
                                          LabChartView *view);
gboolean      lab_replay_bar_get_playing (LabReplayBar *self);
double        lab_replay_bar_get_speed   (LabReplayBar *self);
void          lab_replay_bar_set_speed   (LabReplayBar *self,
                                          double        speed);

G_END_DECLS
