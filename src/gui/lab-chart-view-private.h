/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-chart-view.h"

G_BEGIN_DECLS

/* Shared by lab-chart-view.c (data, drawing, caching, live updates),
 * lab-chart-view-hover.c (hover marks, tooltip, summary),
 * lab-chart-view-zoom.c (zoom, pan, gestures and their actions),
 * lab-chart-view-what-if.c (the pointer in a what-if pair's columns) and
 * lab-chart-view-replay.c (the replay's time and playhead). The
 * geometry (where the time axis lies, what is under a point) always comes
 * from the renderer, lab_chart_get_axis() and lab_chart_hit_test(), with
 * the options the cached picture was drawn with. */

/* The fade of the previous result while a new run has nothing to show yet. */
#define LAB_CHART_VIEW_PREVIOUS_FADE 0.6
/* One step of the zoom actions. */
#define LAB_CHART_VIEW_ZOOM_STEP 1.5
/* The narrowest view: below this, segments are shorter than the clock's noise. */
#define LAB_CHART_VIEW_MIN_SPAN_NS (10 * G_GINT64_CONSTANT (1000))

struct _LabChartView
{
  GtkWidget       parent_instance;

  LabComparison  *comparison;
  LabComparison  *previous;
  LabComparison  *baseline;   /* what-if: the run before, drawn beside */
  gboolean        own_scale;
  LabTheme        theme;
  LabChartLayers  layers;     /* drawn beside the task lanes */
  LabChartCache  *figures;    /* the renderer's figures of the traces shown */

  /* Zoom: both 0 when the view fits (and follows a live run). */
  gint64          view_begin_ns;
  gint64          view_end_ns;

  /* The live edge the picture was drawn up to (0: the comparison shown is
   * finished). Frozen between renders so that hover and zoom map the
   * pointer with the geometry of what is on screen. */
  gint64          now_ns;

  /* Replay: the comparison drawn up to replay_ns (< 0: not replaying),
   * with the replay's index built on first use. */
  gint64          replay_ns;
  LabReplay      *replay;

  GskRenderNode  *cache;
  int             cache_width;
  int             cache_height;
  guint           render_count;
  gint64          last_render_cost_us;
  /* Time per pixel of the axis last drawn: the live edge moved on screen
   * once the clock advanced by this much. */
  double          ns_per_px;

  guint           tick_id;
  gint64          live_drawn_us;  /* when the live chart last asked to be drawn */
  guint64         seen_segments;
  gint64          seen_last_ns;
  guint           seen_traces;
  guint           seen_finished;

  gboolean        pointer_inside;
  double          pointer_x;
  double          pointer_y;

  /* Gestures: the view when a drag or pinch began. */
  gint64          gesture_begin_ns;
  gint64          gesture_end_ns;
  double          gesture_anchor_x;
};

LabComparison *_lab_chart_view_get_shown             (LabChartView    *self,
                                                      double          *fade);
LabComparison *_lab_chart_view_current_options       (LabChartView    *self,
                                                      LabChartOptions *options);
void           _lab_chart_view_invalidate            (LabChartView    *self);
void           _lab_chart_view_notify_zoomed         (LabChartView    *self);
guint64        _lab_chart_view_count_segments        (LabComparison   *comparison,
                                                      gint64          *last_ns);

gboolean       _lab_chart_view_get_axis              (LabChartView    *self,
                                                      gboolean         fit,
                                                      LabChartAxis    *axis);
gboolean       _lab_chart_view_hit_test              (LabChartView    *self,
                                                      double           x,
                                                      double           y,
                                                      LabChartHit     *hit);
void           _lab_chart_view_snapshot_hover        (LabChartView    *self,
                                                      GtkSnapshot     *snapshot,
                                                      int              width,
                                                      int              height);
gboolean       _lab_chart_view_query_tooltip         (GtkWidget       *widget,
                                                      int              x,
                                                      int              y,
                                                      gboolean         keyboard_mode,
                                                      GtkTooltip      *tooltip);
void           _lab_chart_view_update_accessible     (LabChartView    *self);

/* lab-chart-view-what-if.c */

/* A point of the widget taken into a what-if column: x and y, and the
 * column's origin in the widget (dx, dy), what to add to the column's
 * coordinates to get the widget's again. */
typedef struct
{
  double x, y;
  double dx, dy;
} LabChartViewPoint;

LabComparison *_lab_chart_view_enter_column          (LabChartView      *self,
                                                      LabComparison     *shown,
                                                      LabChartOptions   *options,
                                                      LabChartViewPoint *point,
                                                      gboolean           fallback);
LabComparison *_lab_chart_view_comparison_at         (LabChartView    *self,
                                                      double           x,
                                                      double           y);

/* lab-chart-view-replay.c */
GParamSpec    *_lab_chart_view_replay_time_pspec     (void);
void           _lab_chart_view_replay_options        (LabChartView    *self,
                                                      LabChartOptions *options);
void           _lab_chart_view_end_replay            (LabChartView    *self);

void           _lab_chart_view_class_init_zoom       (GtkWidgetClass  *widget_class);
void           _lab_chart_view_init_zoom             (LabChartView    *self);

G_END_DECLS
