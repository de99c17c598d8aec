/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "lab-chart.h"
#include "lab-comparison.h"

G_BEGIN_DECLS

#define LAB_TYPE_CHART_VIEW (lab_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (LabChartView, lab_chart_view, LAB, CHART_VIEW, GtkWidget)

GtkWidget     *lab_chart_view_new                (void);

LabComparison *lab_chart_view_get_comparison     (LabChartView    *self);
void           lab_chart_view_set_comparison     (LabChartView    *self,
                                                  LabComparison   *comparison);
LabComparison *lab_chart_view_get_previous       (LabChartView    *self);
void           lab_chart_view_set_previous       (LabChartView    *self,
                                                  LabComparison   *previous);
/* What-if: the run before, drawn in a column beside the comparison. */
LabComparison *lab_chart_view_get_baseline       (LabChartView    *self);
void           lab_chart_view_set_baseline       (LabChartView    *self,
                                                  LabComparison   *baseline);
gboolean       lab_chart_view_get_own_scale      (LabChartView    *self);
void           lab_chart_view_set_own_scale      (LabChartView    *self,
                                                  gboolean         own_scale);

/* The layers drawn beside the task lanes; also the "layers" property, a
 * list of ids (bound to the settings). */
LabChartLayers lab_chart_view_get_layers        (LabChartView    *self);
void           lab_chart_view_set_layers        (LabChartView    *self,
                                                 LabChartLayers   layers);

LabComparison *lab_chart_view_get_shown_comparison (LabChartView   *self);
guint          lab_chart_view_get_n_panels       (LabChartView    *self);
LabTheme       lab_chart_view_get_theme          (LabChartView    *self);

/* The visible time window, relative to the comparison's start. */
void           lab_chart_view_get_view_range     (LabChartView    *self,
                                                  gint64          *begin_ns,
                                                  gint64          *end_ns);
void           lab_chart_view_set_view_range     (LabChartView    *self,
                                                  gint64           begin_ns,
                                                  gint64           end_ns);
gboolean       lab_chart_view_get_zoomed         (LabChartView    *self);
void           lab_chart_view_zoom               (LabChartView    *self,
                                                  double           factor,
                                                  double           anchor_x);
void           lab_chart_view_zoom_fit           (LabChartView    *self);
gboolean       lab_chart_view_time_at            (LabChartView    *self,
                                                  double           x,
                                                  gint64          *time_ns);

void           lab_chart_view_redraw             (LabChartView    *self);
void           lab_chart_view_get_options        (LabChartView    *self,
                                                  LabChartOptions *options);
char          *lab_chart_view_describe_at        (LabChartView    *self,
                                                  double           x,
                                                  double           y);
char          *lab_chart_view_dup_summary        (LabChartView    *self);
guint          lab_chart_view_get_render_count   (LabChartView    *self);

/* Replay of a finished comparison: drawn up to a time on the panels' own
 * axis (as lab_chart_get_axis()), with playheads and captions; negative:
 * not replaying. A new comparison ends the replay. */
gint64         lab_chart_view_get_replay_time    (LabChartView    *self);
void           lab_chart_view_set_replay_time    (LabChartView    *self,
                                                  gint64           t_ns);
LabReplay     *lab_chart_view_get_replay         (LabChartView    *self);

G_END_DECLS
