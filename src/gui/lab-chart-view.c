/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart-view"

#include "config.h"

#include <math.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "lab-chart-view.h"
#include "lab-chart-view-private.h"
#include "lab-clock.h"
#include "lab-duration.h"
#include "lab-model.h"

/*
 * LabChartView draws a comparison with the shared renderer. The rendered
 * node is cached: drawing 100,000 segments is not free, while the pointer
 * moves far more often than data, size, zoom or theme change. Hover marks
 * are cheap colour nodes added on top of the cached node.
 *
 * The comparison has no signals (it is filled from other threads), so while
 * it runs a tick callback polls the segment counts once per frame and drops
 * the cache only when something new was recorded, at most every
 * LIVE_PERIOD_US.
 */

/* How often a running comparison is drawn anew: ten times a second. At the
 * display's frame rate, drawing took a large share of the CPU the models
 * being measured then did not get (docs/PERFORMANCE.md, "Figures behind
 * choices in the code"). Ten a second still shows the chart growing. */
#define LIVE_PERIOD_US (100 * G_TIME_SPAN_MILLISECOND)

G_DEFINE_FINAL_TYPE (LabChartView, lab_chart_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_COMPARISON,
  PROP_PREVIOUS,
  PROP_OWN_SCALE,
  PROP_LAYERS,
  PROP_ZOOMED,
  PROP_REPLAY_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_live (LabChartView *self);

/* The comparison on screen: the new one as soon as it has something to
 * show, the previous one (faded) until then. */
LabComparison *
_lab_chart_view_get_shown (LabChartView *self,
                           double       *fade)
{
  if (self->previous != NULL
      && (self->comparison == NULL || _lab_chart_view_count_segments (self->comparison, NULL) == 0))
    {
      if (fade != NULL)
        *fade = LAB_CHART_VIEW_PREVIOUS_FADE;
      return self->previous;
    }
  if (fade != NULL)
    *fade = 0.0;
  return self->comparison;
}

void
_lab_chart_view_invalidate (LabChartView *self)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_theme (LabChartView *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  LabTheme theme = adw_style_manager_get_dark (manager) ? LAB_THEME_DARK : LAB_THEME_LIGHT;

  if (theme == self->theme)
    return;
  self->theme = theme;
  _lab_chart_view_invalidate (self);
}

static void
on_dark_changed_cb (AdwStyleManager *manager,
                    GParamSpec      *pspec,
                    LabChartView    *self)
{
  update_theme (self);
}

static void
on_scale_factor_changed_cb (LabChartView *self,
                            GParamSpec   *pspec,
                            gpointer      user_data)
{
  /* The cairo node is rasterized for the old scale: text would blur. */
  _lab_chart_view_invalidate (self);
}

/* The cache holds the traces it has figures of: it lets go of them as
 * soon as other comparisons are shown. */
static void
forget_traces (LabChartView *self)
{
  lab_chart_cache_clear (self->figures);
}

static void
drop_previous (LabChartView *self)
{
  if (self->previous == NULL)
    return;
  g_clear_pointer (&self->previous, lab_comparison_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIOUS]);
}

static guint
count_finished_traces (LabComparison *comparison)
{
  guint n_traces = lab_comparison_get_n_traces (comparison);
  guint n_finished = 0;

  for (guint i = 0; i < n_traces; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (comparison, i);

      n_finished += lab_trace_is_finished (trace);
    }
  return n_finished;
}

/* Whether the live edge, moved from where it was drawn to @now_ns, crosses
 * the time window on screen: when the user has zoomed into the past, a
 * moving edge changes nothing visible. Times are relative to each panel's
 * start, its trace's begin, as the renderer draws them. */
static gboolean
edge_visible (LabChartView *self,
              gint64        now_ns)
{
  guint n_traces;

  if (!lab_chart_view_get_zoomed (self))
    return TRUE;
  n_traces = lab_comparison_get_n_traces (self->comparison);
  for (guint i = 0; i < n_traces; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (self->comparison, i);
      gint64 begin = lab_trace_get_begin_ns (trace);

      if (begin == 0 || lab_trace_is_finished (trace))
        continue;
      if (now_ns - begin >= self->view_begin_ns && self->now_ns - begin <= self->view_end_ns)
        return TRUE;
    }
  return FALSE;
}

/* Called on every frame while the comparison runs. The comparison has no
 * signals (it is filled from other threads), so this polls its counters,
 * which are cheap reads, and renders only when they moved or when the live
 * edge moved by a pixel or more: at most every LIVE_PERIOD_US while the
 * chart visibly grows, less often for a long run where that time is less
 * than a pixel, never for what is scrolled out of view, and once more
 * when the run ends. */
static gboolean
live_tick_cb (GtkWidget     *widget,
              GdkFrameClock *frame_clock,
              gpointer       user_data)
{
  LabChartView *self = LAB_CHART_VIEW (widget);
  gint64 now_us = gdk_frame_clock_get_frame_time (frame_clock);
  gint64 now_ns = lab_clock_now_ns ();
  gint64 last_ns = 0;
  guint64 n_segments;
  guint n_traces, n_finished;
  gboolean finished;

  if (self->comparison == NULL)
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }

  /* Read before the counters: a run that ends between the two reads is
   * drawn once more below rather than missed. */
  finished = lab_comparison_is_finished (self->comparison);
  if (!finished && now_us - self->live_drawn_us < LIVE_PERIOD_US)
    return G_SOURCE_CONTINUE;
  n_segments = _lab_chart_view_count_segments (self->comparison, &last_ns);
  n_traces = lab_comparison_get_n_traces (self->comparison);

  if (n_segments != self->seen_segments || last_ns != self->seen_last_ns
      || n_traces != self->seen_traces)
    {
      self->seen_segments = n_segments;
      self->seen_last_ns = last_ns;
      self->seen_traces = n_traces;
      if (n_segments > 0)
        drop_previous (self);
      _lab_chart_view_invalidate (self);
      self->live_drawn_us = now_us;
    }
  else if (self->cache != NULL && self->ns_per_px > 0 && now_ns - self->now_ns >= self->ns_per_px
           && edge_visible (self, now_ns))
    {
      _lab_chart_view_invalidate (self);
      self->live_drawn_us = now_us;
    }

  n_finished = count_finished_traces (self->comparison);
  if (n_finished != self->seen_finished)
    {
      self->seen_finished = n_finished;
      _lab_chart_view_update_accessible (self);
    }

  if (finished)
    {
      self->tick_id = 0;
      _lab_chart_view_invalidate (self);
      _lab_chart_view_update_accessible (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
update_live (LabChartView *self)
{
  gboolean live = self->comparison != NULL && !lab_comparison_is_finished (self->comparison);

  if (live && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), live_tick_cb, NULL, NULL);
  else if (!live && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

/**
 * _lab_chart_view_current_options:
 * @self: a chart view
 * @options: (out caller-allocates): the options of the picture on screen
 *
 * Returns: (transfer none) (nullable): the comparison drawn with them
 */
LabComparison *
_lab_chart_view_current_options (LabChartView    *self,
                                 LabChartOptions *options)
{
  LabComparison *shown;
  double fade;

  shown = _lab_chart_view_get_shown (self, &fade);
  lab_chart_options_init (options,
                          gtk_widget_get_width (GTK_WIDGET (self)),
                          gtk_widget_get_height (GTK_WIDGET (self)));
  options->theme = self->theme;
  options->own_scale = self->own_scale;
  options->view_begin_ns = self->view_begin_ns;
  options->view_end_ns = self->view_end_ns;
  options->fade = fade;
  options->layers = self->layers;
  options->cache = self->figures;
  options->now_ns = shown == self->comparison ? self->now_ns : 0;
  /* Not beside the faded previous result: it may be the baseline itself. */
  options->baseline = shown == self->comparison ? self->baseline : NULL;
  if (shown == self->comparison)
    _lab_chart_view_replay_options (self, options);
  return shown;
}

static void
render_cache (LabChartView *self,
              int           width,
              int           height)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  LabComparison *shown;
  LabChartOptions options;
  LabChartAxis axis;
  gint64 start_us = g_get_monotonic_time ();
  cairo_t *cr;

  /* A running comparison is drawn up to this instant, on the clock of
   * the trace; a finished one up to its end. */
  self->now_ns = self->comparison != NULL && !lab_comparison_is_finished (self->comparison)
                 ? lab_clock_now_ns () : 0;
  shown = _lab_chart_view_current_options (self, &options);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (shown != NULL)
    lab_chart_draw (cr, shown, &options);
  cairo_destroy (cr);

  self->cache = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  self->cache_width = width;
  self->cache_height = height;
  self->render_count++;
  self->last_render_cost_us = g_get_monotonic_time () - start_us;
  self->ns_per_px = _lab_chart_view_get_axis (self, FALSE, &axis) && axis.plot_width > 0
                    ? (axis.end_ns - axis.begin_ns) / axis.plot_width : 0;
  g_debug ("Rendered %d × %d in %" G_GINT64_FORMAT " µs", width, height, self->last_render_cost_us);
}

static void
lab_chart_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  LabChartView *self = LAB_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0)
    return;

  if (self->cache != NULL && (self->cache_width != width || self->cache_height != height))
    g_clear_pointer (&self->cache, gsk_render_node_unref);
  if (self->cache == NULL)
    render_cache (self, width, height);

  gtk_snapshot_append_node (snapshot, self->cache);
  _lab_chart_view_snapshot_hover (self, snapshot, width, height);
}

static void
lab_chart_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  /* Small enough for a phone in portrait, large enough to read a panel. */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 300 : 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 500;
}

static void
lab_chart_view_dispose (GObject *object)
{
  LabChartView *self = LAB_CHART_VIEW (object);

  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_clear_pointer (&self->comparison, lab_comparison_unref);
  g_clear_pointer (&self->previous, lab_comparison_unref);
  g_clear_pointer (&self->baseline, lab_comparison_unref);
  g_clear_pointer (&self->replay, lab_replay_unref);
  g_clear_pointer (&self->figures, lab_chart_cache_unref);

  G_OBJECT_CLASS (lab_chart_view_parent_class)->dispose (object);
}

static void
lab_chart_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LabChartView *self = LAB_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_COMPARISON:
      g_value_set_boxed (value, lab_chart_view_get_comparison (self));
      break;
    case PROP_PREVIOUS:
      g_value_set_boxed (value, lab_chart_view_get_previous (self));
      break;
    case PROP_OWN_SCALE:
      g_value_set_boolean (value, lab_chart_view_get_own_scale (self));
      break;
    case PROP_LAYERS:
      g_value_take_boxed (value, lab_chart_layers_to_strv (self->layers));
      break;
    case PROP_ZOOMED:
      g_value_set_boolean (value, lab_chart_view_get_zoomed (self));
      break;
    case PROP_REPLAY_TIME:
      g_value_set_int64 (value, lab_chart_view_get_replay_time (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_chart_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LabChartView *self = LAB_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_COMPARISON:
      lab_chart_view_set_comparison (self, g_value_get_boxed (value));
      break;
    case PROP_PREVIOUS:
      lab_chart_view_set_previous (self, g_value_get_boxed (value));
      break;
    case PROP_OWN_SCALE:
      lab_chart_view_set_own_scale (self, g_value_get_boolean (value));
      break;
    case PROP_LAYERS:
      lab_chart_view_set_layers (self,
                                 lab_chart_layers_from_strv ((const char *const *) g_value_get_boxed (value)));
      break;
    case PROP_REPLAY_TIME:
      lab_chart_view_set_replay_time (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_chart_view_class_init (LabChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_chart_view_dispose;
  object_class->get_property = lab_chart_view_get_property;
  object_class->set_property = lab_chart_view_set_property;

  widget_class->snapshot = lab_chart_view_snapshot;
  widget_class->measure = lab_chart_view_measure;
  widget_class->query_tooltip = _lab_chart_view_query_tooltip;

  /**
   * LabChartView:comparison:
   *
   * The comparison drawn, possibly still running. Replacing a comparison
   * by one that has nothing recorded yet keeps the old one on screen,
   * faded, until the first segment arrives.
   */
  properties[PROP_COMPARISON] =
    g_param_spec_boxed ("comparison", NULL, NULL, LAB_TYPE_COMPARISON,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LabChartView:previous:
   *
   * The result shown faded while #LabChartView:comparison has nothing to
   * show yet; dropped when it does.
   */
  properties[PROP_PREVIOUS] =
    g_param_spec_boxed ("previous", NULL, NULL, LAB_TYPE_COMPARISON,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LabChartView:own-scale:
   *
   * Whether each panel has its own time scale instead of one shared axis.
   */
  properties[PROP_OWN_SCALE] =
    g_param_spec_boolean ("own-scale", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LabChartView:layers:
   *
   * The ids of the layers drawn beside the task lanes (lab-chart-layers.h):
   * core lanes, utilization, in flight, loop health, GIL holder. Ids this
   * version does not know are left out.
   */
  properties[PROP_LAYERS] =
    g_param_spec_boxed ("layers", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LabChartView:zoomed:
   *
   * Whether the user zoomed or panned away from the fitted view.
   */
  properties[PROP_ZOOMED] =
    g_param_spec_boolean ("zoomed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPLAY_TIME] = _lab_chart_view_replay_time_pspec ();
  g_object_class_install_properties (object_class, N_PROPS, properties);

  _lab_chart_view_class_init_zoom (widget_class);

  gtk_widget_class_set_css_name (widget_class, "labchartview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lab_chart_view_init (LabChartView *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  self->theme = adw_style_manager_get_dark (manager) ? LAB_THEME_DARK : LAB_THEME_LIGHT;
  self->replay_ns = -1;
  self->layers = LAB_CHART_LAYERS_ALL;
  self->figures = lab_chart_cache_new ();
  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (on_dark_changed_cb), self, 0);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_scale_factor_changed_cb), NULL);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  _lab_chart_view_init_zoom (self);
  _lab_chart_view_update_accessible (self);
}

void
_lab_chart_view_notify_zoomed (LabChartView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOMED]);
}

/**
 * lab_chart_view_new:
 *
 * Returns: (transfer floating): a chart view with nothing to show yet
 */
GtkWidget *
lab_chart_view_new (void)
{
  return g_object_new (LAB_TYPE_CHART_VIEW, NULL);
}

/**
 * lab_chart_view_get_comparison:
 * @self: a chart view
 *
 * Returns: (transfer none) (nullable): the comparison, maybe still running
 */
LabComparison *
lab_chart_view_get_comparison (LabChartView *self)
{
  g_return_val_if_fail (LAB_IS_CHART_VIEW (self), NULL);

  return self->comparison;
}

/**
 * lab_chart_view_set_comparison:
 * @self: a chart view
 * @comparison: (nullable): what to draw, finished or still being recorded
 *
 * Shows @comparison. While it has no segment yet, the comparison shown so
 * far stays on screen, faded (see #LabChartView:previous). A running
 * comparison is redrawn as it grows; the view fits it unless the user has
 * zoomed in, and a new comparison resets the zoom.
 */
void
lab_chart_view_set_comparison (LabChartView  *self,
                               LabComparison *comparison)
{
  LabComparison *old;

  g_return_if_fail (LAB_IS_CHART_VIEW (self));

  if (comparison == self->comparison)
    return;

  old = g_steal_pointer (&self->comparison);
  self->comparison = comparison != NULL ? lab_comparison_ref (comparison) : NULL;

  if (old != NULL && comparison != NULL && _lab_chart_view_count_segments (comparison, NULL) == 0)
    {
      /* Shown faded until the new run has something to show. */
      g_clear_pointer (&self->previous, lab_comparison_unref);
      self->previous = old;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIOUS]);
    }
  else if (old == NULL && comparison != NULL && _lab_chart_view_count_segments (comparison, NULL) == 0)
    /* A previous result already shown faded (set while nothing ran) stays
     * until this run has something to show. */
    ;
  else
    {
      g_clear_pointer (&old, lab_comparison_unref);
      drop_previous (self);
    }

  /* a replay belongs to the comparison it plays */
  _lab_chart_view_end_replay (self);
  forget_traces (self);
  self->now_ns = 0;
  self->seen_segments = 0;
  self->seen_last_ns = 0;
  self->seen_traces = 0;
  self->seen_finished = 0;
  lab_chart_view_zoom_fit (self);
  _lab_chart_view_invalidate (self);
  update_live (self);
  _lab_chart_view_update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARISON]);
}

/**
 * lab_chart_view_get_previous:
 * @self: a chart view
 *
 * Returns: (transfer none) (nullable): the result shown faded until the
 *   comparison has something to show
 */
LabComparison *
lab_chart_view_get_previous (LabChartView *self)
{
  g_return_val_if_fail (LAB_IS_CHART_VIEW (self), NULL);

  return self->previous;
}

/**
 * lab_chart_view_set_previous:
 * @self: a chart view
 * @previous: (nullable): a result to show faded while the comparison is empty
 */
void
lab_chart_view_set_previous (LabChartView  *self,
                             LabComparison *previous)
{
  g_return_if_fail (LAB_IS_CHART_VIEW (self));

  if (previous == self->previous)
    return;

  g_clear_pointer (&self->previous, lab_comparison_unref);
  self->previous = previous != NULL ? lab_comparison_ref (previous) : NULL;
  forget_traces (self);
  _lab_chart_view_invalidate (self);
  _lab_chart_view_update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIOUS]);
}

gboolean
lab_chart_view_get_own_scale (LabChartView *self)
{
  g_return_val_if_fail (LAB_IS_CHART_VIEW (self), FALSE);

  return self->own_scale;
}

/**
 * lab_chart_view_set_own_scale:
 * @self: a chart view
 * @own_scale: whether each panel gets its own time scale
 *
 * One shared axis compares models honestly; own scales show the inside of
 * a fast model next to a slow one. Resets the zoom, which means different
 * things under the two.
 */
void
lab_chart_view_set_own_scale (LabChartView *self,
                              gboolean      own_scale)
{
  g_return_if_fail (LAB_IS_CHART_VIEW (self));

  own_scale = !!own_scale;
  if (own_scale == self->own_scale)
    return;

  self->own_scale = own_scale;
  lab_chart_view_zoom_fit (self);
  _lab_chart_view_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWN_SCALE]);
}

/**
 * lab_chart_view_get_layers:
 * @self: a chart view
 *
 * Returns: the layers drawn beside the task lanes
 */
LabChartLayers
lab_chart_view_get_layers (LabChartView *self)
{
  g_return_val_if_fail (LAB_IS_CHART_VIEW (self), LAB_CHART_LAYERS_ALL);

  return self->layers;
}

/**
 * lab_chart_view_set_layers:
 * @self: a chart view
 * @layers: the layers to draw beside the task lanes
 *
 * The chart, its tooltips, its description and every image exported from
 * it show these layers.
 */
void
lab_chart_view_set_layers (LabChartView   *self,
                           LabChartLayers  layers)
{
  g_return_if_fail (LAB_IS_CHART_VIEW (self));

  if (layers == self->layers)
    return;
  self->layers = layers;
  _lab_chart_view_invalidate (self);
  _lab_chart_view_update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYERS]);
}

/**
 * lab_chart_view_get_theme:
 * @self: a chart view
 *
 * Returns: the colours drawn: those of the application's style
 */
LabTheme
lab_chart_view_get_theme (LabChartView *self)
{
  g_return_val_if_fail (LAB_IS_CHART_VIEW (self), LAB_THEME_LIGHT);

  return self->theme;
}

/**
 * lab_chart_view_redraw:
 * @self: a chart view
 *
 * Draws the comparison again: something drawn from it changed that the
 * view does not watch (a guess taken back, whose mark and verdict go).
 */
void
lab_chart_view_redraw (LabChartView *self)
{
  g_return_if_fail (LAB_IS_CHART_VIEW (self));

  _lab_chart_view_invalidate (self);
}

/**
 * lab_chart_view_get_options:
 * @self: a chart view
 * @options: (out caller-allocates): the options the chart is drawn with
 *
 * Exactly what is on screen (size, colours, time window, scale, live edge,
 * layers), for an export or a copy that matches the window. The fade of a
 * previous result is left out: it belongs to the window, not to the
 * result; so is the view's cache, which stays with the view (an image is
 * drawn once, and a dialog may keep these options longer than the view
 * lives).
 */
void
lab_chart_view_get_options (LabChartView    *self,
                            LabChartOptions *options)
{
  g_return_if_fail (LAB_IS_CHART_VIEW (self));
  g_return_if_fail (options != NULL);

  _lab_chart_view_current_options (self, options);
  options->fade = 0.0;
  options->cache = NULL;
}
