/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-replay-bar"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lab-duration.h"
#include "lab-export-replay.h"
#include "lab-file-actions.h"
#include "lab-replay-bar.h"

/*
 * Playing advances the position by the frame clock's time times the
 * speed, so a replay at 1× takes as long as the run did whatever the frame
 * rate. The position lives here; the chart view draws it. Its keys (space,
 * period, comma) are global shortcuts of the window, but a focused entry
 * (and for space, a focused button or switch) still gets them first.
 */

struct _LabReplayBar
{
  GtkWidget        parent_instance;

  LabChartView    *view;
  GtkButton       *play_button;
  GtkScale        *scale;
  GtkAdjustment   *adjustment;
  GtkLabel        *time_label;
  GtkToggleButton *slow_button;
  GtkToggleButton *normal_button;
  GtkToggleButton *fast_button;

  double           speed;
  gint64           position_ns;
  guint            tick_id;
  gint64           last_frame_us;
  guint            poll_id;      /* waits for a running comparison to finish */
  gboolean         syncing;      /* the scale is being set from the position */
};

G_DEFINE_FINAL_TYPE (LabReplayBar, lab_replay_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VIEW,
  PROP_PLAYING,
  PROP_SPEED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const action_names[] = {
  "replay.play", "replay.next", "replay.previous", "replay.stop", "replay.save",
};

static void update_state (LabReplayBar *self);

static LabReplay *
get_replay (LabReplayBar *self)
{
  return self->view != NULL ? lab_chart_view_get_replay (self->view) : NULL;
}

static void
sync_controls (LabReplayBar *self)
{
  LabReplay *replay = get_replay (self);
  gint64 duration = replay != NULL ? lab_replay_get_duration_ns (replay) : 0;
  g_autofree char *now = lab_duration_format (self->position_ns);
  g_autofree char *total = lab_duration_format (duration);
  g_autofree char *text = NULL;
  gboolean playing = self->tick_id != 0;

  self->syncing = TRUE;
  gtk_adjustment_set_upper (self->adjustment, MAX (duration / 1e9, 0.001));
  gtk_adjustment_set_value (self->adjustment, self->position_ns / 1e9);
  self->syncing = FALSE;
  /* Translators: the replay's position and length, "1.25 s / 6.00 s" */
  text = g_strdup_printf (_("%s / %s"), now, total);
  gtk_label_set_text (self->time_label, text);
  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               playing ? _("Pause Replay (Space)") : _("Play Replay (Space)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  playing ? _("Pause replay") : _("Play replay"), -1);
  if (replay != NULL)
    {
      g_auto(GStrv) captions = lab_replay_dup_captions (replay, self->position_ns);
      g_autofree char *joined = g_strjoinv ("\n", captions);

      /* the band is pixels of the chart: say it to screen readers too */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->scale),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, joined, -1);
    }
}

/* Moves the replay to @t_ns (clamped to the run) and shows it. */
static void
seek (LabReplayBar *self,
      gint64        t_ns)
{
  LabReplay *replay = get_replay (self);

  if (replay == NULL)
    return;
  self->position_ns = CLAMP (t_ns, 0, lab_replay_get_duration_ns (replay));
  lab_chart_view_set_replay_time (self->view, self->position_ns);
  sync_controls (self);
}

static void
stop_ticking (LabReplayBar *self)
{
  if (self->tick_id == 0)
    return;
  gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  LabReplayBar *self = LAB_REPLAY_BAR (widget);
  LabReplay *replay = get_replay (self);
  gint64 now_us = gdk_frame_clock_get_frame_time (clock);
  gint64 duration;

  if (replay == NULL)
    {
      self->tick_id = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
      sync_controls (self);
      return G_SOURCE_REMOVE;
    }
  duration = lab_replay_get_duration_ns (replay);
  if (self->last_frame_us > 0)
    seek (self, self->position_ns
                + (gint64) ((now_us - self->last_frame_us) * 1000.0 * self->speed));
  self->last_frame_us = now_us;
  if (self->position_ns < duration)
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
  sync_controls (self);
  return G_SOURCE_REMOVE;
}

static void
play (LabReplayBar *self)
{
  LabReplay *replay = get_replay (self);

  if (replay == NULL || self->tick_id != 0)
    return;
  /* from the start again once it has played to the end */
  if (lab_chart_view_get_replay_time (self->view) < 0
      || self->position_ns >= lab_replay_get_duration_ns (replay))
    self->position_ns = 0;
  seek (self, self->position_ns);
  self->last_frame_us = 0;
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
  sync_controls (self);
}

static void
play_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LabReplayBar *self = LAB_REPLAY_BAR (widget);

  if (self->tick_id != 0)
    {
      stop_ticking (self);
      sync_controls (self);
    }
  else
    play (self);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LabReplayBar *self = LAB_REPLAY_BAR (widget);
  LabReplay *replay = get_replay (self);
  gboolean replaying = self->view != NULL && lab_chart_view_get_replay_time (self->view) >= 0;
  gint64 from = replaying ? self->position_ns : 0;
  gint64 gap, t;

  if (replay == NULL)
    return;
  /* a step is a close look: it pauses */
  stop_ticking (self);
  /* events closer than a thousandth of the run (a pixel or so of the
   * chart) are one moment: a task ends and the next starts */
  gap = MAX (lab_replay_get_duration_ns (replay) / 1000, 1);
  if (g_str_equal (action_name, "replay.next")
      ? lab_replay_next_step (replay, from, gap, &t)
      : lab_replay_previous_step (replay, from, gap, &t))
    seek (self, t);
  else
    seek (self, from);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LabReplayBar *self = LAB_REPLAY_BAR (widget);

  stop_ticking (self);
  self->position_ns = 0;
  if (self->view != NULL)
    lab_chart_view_set_replay_time (self->view, -1);
  sync_controls (self);
}

static void
on_save_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  LabReplayBar *self = LAB_REPLAY_BAR (user_data);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  LabComparison *comparison;
  LabChartOptions options;

  if (response == GTK_RESPONSE_ACCEPT && self->view != NULL
      && (comparison = lab_chart_view_get_comparison (self->view)) != NULL
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL
      && (path = g_file_get_path (file)) != NULL)
    {
      /* a slide's size and the window's theme, as Save Image does; a
       * what-if pair replays both runs */
      lab_chart_options_init (&options, LAB_CHART_SLIDE_WIDTH, LAB_CHART_SLIDE_HEIGHT);
      options.theme = lab_chart_view_get_theme (self->view);
      options.own_scale = lab_chart_view_get_own_scale (self->view);
      options.layers = lab_chart_view_get_layers (self->view);
      options.baseline = lab_chart_view_get_baseline (self->view);
      if (!lab_export_replay_svg (comparison, &options, self->speed, path, &error))
        {
          GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
          GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (root),
                                                     _("Could Not Save the Replay"),
                                                     error->message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (alert));
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LabReplayBar *self = LAB_REPLAY_BAR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (get_replay (self) == NULL)
    return;
  dialog = gtk_file_chooser_native_new (_("Save Replay"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                               : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Animated SVG"));
  gtk_file_filter_add_suffix (filter, "svg");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  /* Translators: a word of a saved replay's name ("one-cook-three-pots-replay-2026-12-04.svg") */
  name = lab_file_actions_suggest_name (lab_chart_view_get_comparison (self->view),
                                        lab_chart_view_get_baseline (self->view) != NULL
                                          ? _("what-if replay") : _("replay"),
                                        "svg");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_scale_changed_cb (GtkAdjustment *adjustment,
                     LabReplayBar  *self)
{
  if (self->syncing)
    return;
  seek (self, (gint64) (gtk_adjustment_get_value (adjustment) * 1e9));
}

static void
on_speed_toggled_cb (GtkToggleButton *button,
                     LabReplayBar    *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  lab_replay_bar_set_speed (self, button == self->slow_button ? 0.25
                                  : button == self->fast_button ? 4.0 : 1.0);
}

static gboolean
poll_finished_cb (gpointer user_data)
{
  LabReplayBar *self = LAB_REPLAY_BAR (user_data);
  LabComparison *comparison = self->view != NULL ? lab_chart_view_get_comparison (self->view)
                                                 : NULL;

  if (comparison != NULL && !lab_comparison_is_finished (comparison))
    return G_SOURCE_CONTINUE;
  self->poll_id = 0;
  update_state (self);
  return G_SOURCE_REMOVE;
}

/* Shown and enabled for a finished comparison only. */
static void
update_state (LabReplayBar *self)
{
  LabComparison *comparison = self->view != NULL ? lab_chart_view_get_comparison (self->view)
                                                 : NULL;
  gboolean finished = comparison != NULL && lab_comparison_get_n_traces (comparison) > 0
                      && lab_comparison_is_finished (comparison);

  if (comparison != NULL && !lab_comparison_is_finished (comparison) && self->poll_id == 0)
    self->poll_id = g_timeout_add (200, poll_finished_cb, self);
  if (!finished)
    stop_ticking (self);
  for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), action_names[i], finished);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale), finished);
  gtk_widget_set_visible (GTK_WIDGET (self), finished);
  sync_controls (self);
}

static void
on_comparison_changed_cb (LabReplayBar *self)
{
  /* a new run ends the replay (the view has dropped its replay time) */
  stop_ticking (self);
  self->position_ns = 0;
  update_state (self);
}

static void
on_replay_time_changed_cb (LabReplayBar *self)
{
  if (lab_chart_view_get_replay_time (self->view) < 0)
    stop_ticking (self);
  sync_controls (self);
}

/**
 * lab_replay_bar_new:
 *
 * Returns: (transfer floating): replay controls driving no view yet
 */
GtkWidget *
lab_replay_bar_new (void)
{
  return g_object_new (LAB_TYPE_REPLAY_BAR, NULL);
}

/**
 * lab_replay_bar_get_view:
 * @self: the replay controls
 *
 * Returns: (transfer none) (nullable): the chart view they drive
 */
LabChartView *
lab_replay_bar_get_view (LabReplayBar *self)
{
  g_return_val_if_fail (LAB_IS_REPLAY_BAR (self), NULL);

  return self->view;
}

/**
 * lab_replay_bar_set_view:
 * @self: the replay controls
 * @view: (nullable): the chart view to drive
 */
void
lab_replay_bar_set_view (LabReplayBar *self,
                         LabChartView *view)
{
  g_return_if_fail (LAB_IS_REPLAY_BAR (self));
  g_return_if_fail (view == NULL || LAB_IS_CHART_VIEW (view));

  if (view == self->view)
    return;
  stop_ticking (self);
  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  g_set_object (&self->view, view);
  if (view != NULL)
    {
      g_signal_connect_object (view, "notify::comparison", G_CALLBACK (on_comparison_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (view, "notify::replay-time",
                               G_CALLBACK (on_replay_time_changed_cb), self, G_CONNECT_SWAPPED);
    }
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

/**
 * lab_replay_bar_get_playing:
 * @self: the replay controls
 *
 * Returns: whether the replay is playing (not paused, stopped or at its end)
 */
gboolean
lab_replay_bar_get_playing (LabReplayBar *self)
{
  g_return_val_if_fail (LAB_IS_REPLAY_BAR (self), FALSE);

  return self->tick_id != 0;
}

/**
 * lab_replay_bar_get_speed:
 * @self: the replay controls
 *
 * Returns: replay time per real time: 0.25, 1 or 4
 */
double
lab_replay_bar_get_speed (LabReplayBar *self)
{
  g_return_val_if_fail (LAB_IS_REPLAY_BAR (self), 1.0);

  return self->speed;
}

/**
 * lab_replay_bar_set_speed:
 * @self: the replay controls
 * @speed: replay time per real time, from 0.01 to 1000
 */
void
lab_replay_bar_set_speed (LabReplayBar *self,
                          double        speed)
{
  g_return_if_fail (LAB_IS_REPLAY_BAR (self));
  g_return_if_fail (speed >= 0.01 && speed <= 1000);

  if (speed == self->speed)
    return;
  self->speed = speed;
  if (speed == 0.25)
    gtk_toggle_button_set_active (self->slow_button, TRUE);
  else if (speed == 4)
    gtk_toggle_button_set_active (self->fast_button, TRUE);
  else if (speed == 1)
    gtk_toggle_button_set_active (self->normal_button, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

static void
lab_replay_bar_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LabReplayBar *self = LAB_REPLAY_BAR (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_object (value, lab_replay_bar_get_view (self));
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, lab_replay_bar_get_playing (self));
      break;
    case PROP_SPEED:
      g_value_set_double (value, lab_replay_bar_get_speed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_replay_bar_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LabReplayBar *self = LAB_REPLAY_BAR (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      lab_replay_bar_set_view (self, g_value_get_object (value));
      break;
    case PROP_SPEED:
      lab_replay_bar_set_speed (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_replay_bar_dispose (GObject *object)
{
  LabReplayBar *self = LAB_REPLAY_BAR (object);
  GtkWidget *child;

  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  g_clear_object (&self->view);
  gtk_widget_dispose_template (GTK_WIDGET (self), LAB_TYPE_REPLAY_BAR);
  /* GTK 4.8's gtk_widget_dispose_template() leaves the unnamed children. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lab_replay_bar_parent_class)->dispose (object);
}

static void
add_shortcut (GtkShortcutController *controller,
              guint                  key,
              const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (key, 0),
                                                          gtk_named_action_new (action)));
}

/* Space plays where nothing else wants it: on the chart, the position
 * scale or no focus. It runs before the window's own use of space (which
 * activates the focus widget, and on the chart does nothing); on a button,
 * a switch or an entry space keeps its usual meaning. */
static gboolean
on_space_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  LabReplayBar *self = LAB_REPLAY_BAR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (get_replay (self) == NULL || !gtk_widget_get_visible (widget))
    return FALSE;
  if (focus != NULL && !LAB_IS_CHART_VIEW (focus) && focus != GTK_WIDGET (self->scale)
      && !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->scale)))
    return FALSE;
  play_action (widget, "replay.play", NULL);
  return TRUE;
}

static void
lab_replay_bar_class_init (LabReplayBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_replay_bar_dispose;
  object_class->get_property = lab_replay_bar_get_property;
  object_class->set_property = lab_replay_bar_set_property;

  /**
   * LabReplayBar:view:
   *
   * The chart view whose replay time the controls drive.
   */
  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL, LAB_TYPE_CHART_VIEW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LabReplayBar:playing:
   *
   * Whether the replay is playing.
   */
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LabReplayBar:speed:
   *
   * Replay time per real time.
   */
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0.01, 1000, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/concurrencylab/ConcurrencyLab/lab-replay-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, LabReplayBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, LabReplayBar, scale);
  gtk_widget_class_bind_template_child (widget_class, LabReplayBar, adjustment);
  gtk_widget_class_bind_template_child (widget_class, LabReplayBar, time_label);
  gtk_widget_class_bind_template_child (widget_class, LabReplayBar, slow_button);
  gtk_widget_class_bind_template_child (widget_class, LabReplayBar, normal_button);
  gtk_widget_class_bind_template_child (widget_class, LabReplayBar, fast_button);
  gtk_widget_class_bind_template_callback (widget_class, on_speed_toggled_cb);

  gtk_widget_class_install_action (widget_class, "replay.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "replay.next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "replay.previous", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "replay.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "replay.save", NULL, save_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "labreplaybar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TOOLBAR);
}

static void
lab_replay_bar_init (LabReplayBar *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  GtkEventController *space;

  self->speed = 1.0;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                              6);
  g_signal_connect_object (self->adjustment, "value-changed", G_CALLBACK (on_scale_changed_cb),
                           self, 0);

  /* the window's keys, whatever has the focus, after entries had them */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_GLOBAL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_period, "replay.next");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_comma, "replay.previous");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  space = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (space), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_event_controller_set_propagation_phase (space, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (space),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_space, 0),
                      gtk_callback_action_new (on_space_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), space);
  update_state (self);
}
