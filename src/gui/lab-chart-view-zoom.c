/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart-view"

#include "config.h"

#include <math.h>

#include "lab-chart-view-private.h"

/*
 * Zoom and pan of LabChartView: the time window, the actions that change it
 * (chart.zoom-in, chart.zoom-out, chart.zoom-fit), and the input that drives
 * them: Ctrl+scroll and pinch zoom around the pointer, drag and scroll pan.
 * A view range of (0, 0) means "fit", which follows a running comparison as
 * it grows; any zoom or pan fixes the range until zoom-fit.
 */

/**
 * _lab_chart_view_get_axis:
 * @self: a chart view
 * @fit: the axis of the fitted view instead of the current one
 * @axis: (out caller-allocates): the time axis as the renderer draws it
 *
 * On one shared axis every panel has the same; under own scales the axis
 * of the panel under the pointer is the one that zoom and pan act on.
 *
 * Returns: whether a panel with an axis is drawn
 */
gboolean
_lab_chart_view_get_axis (LabChartView *self,
                          gboolean      fit,
                          LabChartAxis *axis)
{
  LabChartOptions options;
  LabComparison *shown;
  guint panel = 0;
  guint n_traces;
  LabChartViewPoint point = { self->pointer_inside ? self->pointer_x : -1,
                              self->pointer_inside ? self->pointer_y : -1 };

  shown = _lab_chart_view_current_options (self, &options);
  if (shown == NULL || options.width <= 0 || options.height <= 0)
    return FALSE;
  /* A what-if: both columns share one time axis, each at its own place;
   * away from them, zoom acts on the what-if column. */
  shown = _lab_chart_view_enter_column (self, shown, &options, &point, TRUE);
  if (shown == NULL)
    return FALSE;

  if (self->pointer_inside
      && lab_chart_panel_at (shown, &options, point.y, &panel)
      && lab_chart_get_axis (shown, &options, panel, fit, axis))
    {
      axis->plot_x += point.dx;
      return TRUE;
    }

  n_traces = lab_comparison_get_n_traces (shown);
  for (panel = 0; panel < n_traces; panel++)
    if (lab_chart_get_axis (shown, &options, panel, fit, axis))
      {
        axis->plot_x += point.dx;
        return TRUE;
      }
  return FALSE;
}

/* The time window, clamped into the fitted one; FALSE without a comparison. */
static gboolean
get_ranges (LabChartView  *self,
            LabChartAxis      *axis,
            gint64        *fit_end_ns)
{
  LabChartAxis fit;

  if (!_lab_chart_view_get_axis (self, TRUE, &fit) || fit.end_ns <= fit.begin_ns)
    return FALSE;
  *fit_end_ns = fit.end_ns;
  if (self->view_end_ns <= self->view_begin_ns)
    *axis = fit;
  else if (!_lab_chart_view_get_axis (self, FALSE, axis))
    return FALSE;
  return axis->end_ns > axis->begin_ns;
}

/**
 * lab_chart_view_get_view_range:
 * @self: a chart view
 * @begin_ns: (out) (optional): start of the visible window, relative to the
 *   comparison's start
 * @end_ns: (out) (optional): its end
 *
 * The time window on screen; when the view fits, the whole comparison (up
 * to now while it runs). Both 0 when there is nothing to show.
 */
void
lab_chart_view_get_view_range (LabChartView *self,
                               gint64       *begin_ns,
                               gint64       *end_ns)
{
  LabChartAxis axis = { 0 };
  gint64 fit_end;

  g_return_if_fail (LAB_IS_CHART_VIEW (self));

  if (!get_ranges (self, &axis, &fit_end))
    axis.begin_ns = axis.end_ns = 0;
  if (begin_ns != NULL)
    *begin_ns = axis.begin_ns;
  if (end_ns != NULL)
    *end_ns = axis.end_ns;
}

/**
 * lab_chart_view_set_view_range:
 * @self: a chart view
 * @begin_ns: start of the window, relative to the comparison's start
 * @end_ns: its end; (0, 0) fits the whole comparison
 *
 * Shows the time window [@begin_ns, @end_ns], kept inside the comparison and
 * no narrower than the clock can tell apart. A window that covers
 * everything is the fitted view.
 */
void
lab_chart_view_set_view_range (LabChartView *self,
                               gint64        begin_ns,
                               gint64        end_ns)
{
  gboolean was_zoomed;
  LabChartAxis fit;

  g_return_if_fail (LAB_IS_CHART_VIEW (self));

  was_zoomed = lab_chart_view_get_zoomed (self);

  if (end_ns <= begin_ns || !_lab_chart_view_get_axis (self, TRUE, &fit)
      || fit.end_ns <= fit.begin_ns)
    begin_ns = end_ns = 0;
  else
    {
      gint64 width = MAX (end_ns - begin_ns, LAB_CHART_VIEW_MIN_SPAN_NS);

      if (width >= fit.end_ns - fit.begin_ns)
        begin_ns = end_ns = 0;
      else
        {
          begin_ns = CLAMP (begin_ns, fit.begin_ns, fit.end_ns - width);
          end_ns = begin_ns + width;
        }
    }

  if (begin_ns == self->view_begin_ns && end_ns == self->view_end_ns)
    return;

  self->view_begin_ns = begin_ns;
  self->view_end_ns = end_ns;
  _lab_chart_view_invalidate (self);
  if (was_zoomed != lab_chart_view_get_zoomed (self))
    _lab_chart_view_notify_zoomed (self);
}

/**
 * lab_chart_view_get_zoomed:
 * @self: a chart view
 *
 * Returns: whether the view shows less than the whole comparison
 */
gboolean
lab_chart_view_get_zoomed (LabChartView *self)
{
  g_return_val_if_fail (LAB_IS_CHART_VIEW (self), FALSE);

  return self->view_end_ns > self->view_begin_ns;
}

/* Where @x falls along the time axis, 0 at its start and 1 at its end. */
static double
axis_fraction (const LabChartAxis *axis,
               double              x)
{
  if (axis->plot_width <= 0)
    return 0.5;
  return CLAMP ((x - axis->plot_x) / axis->plot_width, 0.0, 1.0);
}

/**
 * lab_chart_view_zoom:
 * @self: a chart view
 * @factor: above 1 zooms in, below 1 zooms out
 * @anchor_x: the widget coordinate whose time stays in place (the pointer)
 *
 * Scales the time window by @factor around @anchor_x.
 */
void
lab_chart_view_zoom (LabChartView *self,
                     double        factor,
                     double        anchor_x)
{
  LabChartAxis axis;
  gint64 fit_end;
  double fraction, anchor_ns, width;

  g_return_if_fail (LAB_IS_CHART_VIEW (self));
  g_return_if_fail (factor > 0);

  if (!get_ranges (self, &axis, &fit_end))
    return;

  fraction = axis_fraction (&axis, anchor_x);
  anchor_ns = axis.begin_ns + fraction * (axis.end_ns - axis.begin_ns);
  width = (axis.end_ns - axis.begin_ns) / factor;
  lab_chart_view_set_view_range (self,
                                 (gint64) llround (anchor_ns - fraction * width),
                                 (gint64) llround (anchor_ns + (1 - fraction) * width));
}

/**
 * lab_chart_view_zoom_fit:
 * @self: a chart view
 *
 * Shows the whole comparison again, and follows it while it runs.
 */
void
lab_chart_view_zoom_fit (LabChartView *self)
{
  g_return_if_fail (LAB_IS_CHART_VIEW (self));

  lab_chart_view_set_view_range (self, 0, 0);
}

/**
 * lab_chart_view_time_at:
 * @self: a chart view
 * @x: a widget coordinate
 * @time_ns: (out): the time drawn at @x, relative to the comparison's start
 *
 * Returns: whether @x lies on the time axis of the chart
 */
gboolean
lab_chart_view_time_at (LabChartView *self,
                        double        x,
                        gint64       *time_ns)
{
  LabChartAxis axis;
  gint64 fit_end;

  g_return_val_if_fail (LAB_IS_CHART_VIEW (self), FALSE);
  g_return_val_if_fail (time_ns != NULL, FALSE);

  if (!get_ranges (self, &axis, &fit_end)
      || x < axis.plot_x || x > axis.plot_x + axis.plot_width)
    return FALSE;
  *time_ns = axis.begin_ns
             + (gint64) llround (axis_fraction (&axis, x) * (axis.end_ns - axis.begin_ns));
  return TRUE;
}

/* Moves a window that began as [@begin_ns, @end_ns] by @dx pixels. */
static void
pan_from (LabChartView *self,
          gint64        begin_ns,
          gint64        end_ns,
          double        dx)
{
  LabChartAxis axis;
  gint64 fit_end, shift;

  if (end_ns <= begin_ns || !get_ranges (self, &axis, &fit_end) || axis.plot_width <= 0)
    return;
  shift = (gint64) llround (-dx / axis.plot_width * (end_ns - begin_ns));
  lab_chart_view_set_view_range (self, begin_ns + shift, end_ns + shift);
}

static double
pointer_or_center_x (LabChartView *self)
{
  LabChartAxis axis;
  gint64 fit_end;

  if (self->pointer_inside)
    return self->pointer_x;
  if (get_ranges (self, &axis, &fit_end))
    return axis.plot_x + axis.plot_width / 2;
  return gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LabChartView *self = LAB_CHART_VIEW (widget);

  if (g_str_equal (action_name, "chart.zoom-in"))
    lab_chart_view_zoom (self, LAB_CHART_VIEW_ZOOM_STEP, pointer_or_center_x (self));
  else if (g_str_equal (action_name, "chart.zoom-out"))
    lab_chart_view_zoom (self, 1 / LAB_CHART_VIEW_ZOOM_STEP, pointer_or_center_x (self));
  else
    lab_chart_view_zoom_fit (self);
}

static gboolean
on_scroll_cb (GtkEventControllerScroll *controller,
              double                    dx,
              double                    dy,
              LabChartView             *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean pixels = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_SURFACE;
  gint64 begin, end;

  if (state & GDK_CONTROL_MASK)
    {
      /* A wheel click zooms by a step; touchpad deltas (in pixels) smoothly. */
      double steps = pixels ? dy / 50.0 : dy;

      lab_chart_view_zoom (self, pow (LAB_CHART_VIEW_ZOOM_STEP, -steps), self->pointer_x);
      return TRUE;
    }

  if (state & GDK_SHIFT_MASK)
    dx = dx != 0 ? dx : dy, dy = 0;
  /* Plain vertical scrolling belongs to the page around the chart unless
   * the chart is zoomed, when it moves along time. */
  if (dx == 0 && !lab_chart_view_get_zoomed (self))
    return FALSE;

  lab_chart_view_get_view_range (self, &begin, &end);
  pan_from (self, begin, end,
            -(dx != 0 ? dx : dy) * (pixels ? 1.0 : gtk_widget_get_width (GTK_WIDGET (self)) / 10.0));
  return TRUE;
}

static void
on_drag_begin_cb (GtkGestureDrag *gesture,
                  double          x,
                  double          y,
                  LabChartView   *self)
{
  lab_chart_view_get_view_range (self, &self->gesture_begin_ns, &self->gesture_end_ns);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_drag_update_cb (GtkGestureDrag *gesture,
                   double          offset_x,
                   double          offset_y,
                   LabChartView   *self)
{
  if (!lab_chart_view_get_zoomed (self) && fabs (offset_x) < 1)
    return;
  pan_from (self, self->gesture_begin_ns, self->gesture_end_ns, offset_x);
}

static void
on_zoom_begin_cb (GtkGesture       *gesture,
                  GdkEventSequence *sequence,
                  LabChartView     *self)
{
  double x, y;

  lab_chart_view_get_view_range (self, &self->gesture_begin_ns, &self->gesture_end_ns);
  if (!gtk_gesture_get_bounding_box_center (gesture, &x, &y))
    x = pointer_or_center_x (self);
  self->gesture_anchor_x = x;
}

static void
on_zoom_scale_changed_cb (GtkGestureZoom *gesture,
                          double          scale,
                          LabChartView   *self)
{
  LabChartAxis axis;
  gint64 fit_end;
  double fraction, anchor_ns, width;

  if (scale <= 0 || self->gesture_end_ns <= self->gesture_begin_ns
      || !get_ranges (self, &axis, &fit_end))
    return;

  /* From the window at the start of the pinch, not the current one, so
   * that pinching back restores it exactly. */
  fraction = axis_fraction (&axis, self->gesture_anchor_x);
  anchor_ns = self->gesture_begin_ns + fraction * (self->gesture_end_ns - self->gesture_begin_ns);
  width = (self->gesture_end_ns - self->gesture_begin_ns) / scale;
  lab_chart_view_set_view_range (self,
                                 (gint64) llround (anchor_ns - fraction * width),
                                 (gint64) llround (anchor_ns + (1 - fraction) * width));
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              LabChartView             *self)
{
  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  /* Only the hover marks change: the cached chart is reused. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave_cb (GtkEventControllerMotion *controller,
             LabChartView             *self)
{
  self->pointer_inside = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_lab_chart_view_class_init_zoom (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "chart.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "chart.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "chart.zoom-fit", NULL, zoom_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "chart.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK,
                                       "chart.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK,
                                       "chart.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "chart.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK,
                                       "chart.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                       "chart.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK,
                                       "chart.zoom-fit", NULL);
}

void
_lab_chart_view_init_zoom (LabChartView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (on_scroll_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect_object (gesture, "drag-begin", G_CALLBACK (on_drag_begin_cb), self, 0);
  g_signal_connect_object (gesture, "drag-update", G_CALLBACK (on_drag_update_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_object (gesture, "begin", G_CALLBACK (on_zoom_begin_cb), self, 0);
  g_signal_connect_object (gesture, "scale-changed", G_CALLBACK (on_zoom_scale_changed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "enter", G_CALLBACK (on_motion_cb), self, 0);
  g_signal_connect_object (controller, "motion", G_CALLBACK (on_motion_cb), self, 0);
  g_signal_connect_object (controller, "leave", G_CALLBACK (on_leave_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
