/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lab-chart-layers.h"
#include "lab-cpu.h"
#include "lab-preset.h"
#include "lab-replay-bar.h"
#include "lab-view-menu.h"
#include "lab-window-private.h"

/*
 * The main window: the workload sidebar in a flap that folds on narrow
 * windows, the chart and the summary, the lessons menu, Run and Stop in the
 * header bar. Running is in lab-window-run.c, images and traces in
 * lab-window-files.c.
 */

G_DEFINE_FINAL_TYPE (LabWindow, lab_window, ADW_TYPE_APPLICATION_WINDOW)

/* The size is saved on close rather than on every resize: a maximized or
 * fullscreen window reports sizes that are not the one to restore. */
static void
save_window_state (LabWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static void
restore_window_state (LabWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

/* How @workload differs from the lesson's own, in words, or NULL where it
 * is the lesson as written. */
static char *
describe_change (const LabPreset   *preset,
                 const LabWorkload *workload,
                 guint              n_cores)
{
  g_autofree char *text = lab_preset_get_workload (preset, n_cores, 1.0);
  g_autoptr(LabWorkload) lesson = lab_workload_parse (text, NULL);
  g_autoptr(GString) change = g_string_new (NULL);
  gint64 hi, lesson_hi;
  double factor;
  guint n, lesson_n;

  if (lesson == NULL || lab_workload_equal (lesson, workload))
    return NULL;
  lab_workload_get_range (workload, NULL, &hi);
  lab_workload_get_range (lesson, NULL, &lesson_hi);
  factor = (double) hi / (double) lesson_hi;
  n = lab_workload_get_n_tasks (workload);
  lesson_n = lab_workload_get_n_tasks (lesson);
  if (fabs (factor - 1) > 0.005)
    /* Translators: how a lesson's workload was changed: every duration
     * multiplied, as in "every duration × 0.5" */
    g_string_append_printf (change, _("every duration × %.3g"), factor);
  if (n != lesson_n)
    {
      if (change->len > 0)
        g_string_append (change, _(", "));
      /* Translators: how a lesson's workload was changed */
      g_string_append_printf (change, ngettext ("%u task instead of %u", "%u tasks instead of %u", n),
                              n, lesson_n);
    }
  if (change->len == 0)
    return NULL;
  /* Translators: %s says how, e.g. "every duration × 0.5, 6 tasks instead of 3" */
  return g_strdup_printf (_("Changed from the lesson: %s. The figures in the text are for the "
                            "lesson as written."), change->str);
}

/**
 * _lab_window_update_lesson:
 * @self: the window
 *
 * The lesson on screen, in the header and above the chart: that of the
 * chart shown, else that of the sidebar; with a note where its workload
 * was scaled from the lesson's.
 */
void
_lab_window_update_lesson (LabWindow *self)
{
  const LabPreset *preset = self->preset;
  g_autoptr(LabWorkload) workload = NULL;
  g_autofree char *note = NULL;
  guint n_cores = lab_cpu_count ();

  if (self->shown != NULL && !self->stale)
    {
      g_autofree char *lesson = lab_comparison_dup_lesson (self->shown);

      preset = lesson != NULL ? lab_preset_find (lesson) : NULL;
      /* a traced program or another tool's trace has none */
      if (lab_comparison_get_workload (self->shown) != NULL)
        workload = lab_workload_ref (lab_comparison_get_workload (self->shown));
      n_cores = lab_comparison_get_n_cores (self->shown);
    }
  else
    workload = lab_workload_panel_dup_parsed (self->workload_panel);

  adw_window_title_set_title (self->window_title,
                              preset != NULL ? lab_preset_get_title (preset) : _("Concurrency Lab"));
  if (preset != NULL)
    {
      note = workload != NULL ? describe_change (preset, workload, n_cores) : NULL;
      gtk_label_set_label (self->explanation_label, lab_preset_get_explanation (preset));
      gtk_label_set_label (self->explanation_note, note != NULL ? note : "");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->explanation_note), note != NULL);
  gtk_revealer_set_reveal_child (self->explanation_revealer, preset != NULL);
}

/* The summary's memory columns follow the chart's memory layer. */
static void
on_chart_layers_cb (LabWindow *self)
{
  LabChartLayers memory = LAB_CHART_LAYERS_NONE;

  if (!lab_chart_layers_parse ("memory", &memory, NULL))
    g_return_if_reached ();
  lab_summary_list_set_show_memory (self->summary_list,
                                    (lab_chart_view_get_layers (self->chart_view) & memory) != 0);
}

/* A lesson shows the layers that carry its point; the View menu changes
 * them, and the change stays (in the settings) until the next lesson.
 * Changing the workload by hand keeps the view as it is. */
static void
show_lesson_layers (LabWindow       *self,
                    const LabPreset *preset)
{
  LabChartLayers layers;

  if (!lab_chart_layers_parse (lab_preset_get_layers (preset), &layers, NULL))
    g_return_if_reached ();
  lab_chart_view_set_layers (self->chart_view, layers);
}

static void
set_preset (LabWindow       *self,
            const LabPreset *preset)
{
  self->preset = preset;
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "preset", preset != NULL ? preset->id : "");
}

static void
preset_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  const LabPreset *preset = lab_preset_find (g_variant_get_string (parameter, NULL));
  g_autofree char *workload = NULL;

  if (preset == NULL)
    return;
  workload = lab_preset_get_workload (preset, lab_cpu_count (), 1.0);
  self->applying_preset = TRUE;
  lab_workload_panel_set_workload (self->workload_panel, workload, NULL);
  lab_workload_panel_set_models (self->workload_panel, preset->models);
  lab_workload_panel_set_workers (self->workload_panel,
                                  (int) lab_preset_get_workers (preset, lab_cpu_count ()));
  self->applying_preset = FALSE;
  set_preset (self, preset);
  show_lesson_layers (self, preset);
  _lab_window_load_predictions (self);
  _lab_window_workload_changed (self, TRUE);
}

/* The lesson stays while its shape does: its workload scaled or repeated
 * by the sliders, its models and its workers. */
static gboolean
keeps_lesson (LabWindow       *self,
              const LabPreset *preset)
{
  g_autofree char *lesson = lab_preset_get_workload (preset, lab_cpu_count (), 1.0);
  g_autofree char *pattern = lab_workload_panel_dup_pattern (self->workload_panel);
  g_autoptr(LabWorkload) a = lab_workload_parse (lesson, NULL);
  g_autoptr(LabWorkload) b = pattern != NULL ? lab_workload_parse (pattern, NULL) : NULL;

  return a != NULL && b != NULL && lab_workload_equal (a, b)
         && g_strcmp0 (lab_workload_panel_get_models (self->workload_panel), preset->models) == 0
         && lab_workload_panel_get_workers (self->workload_panel)
            == (int) lab_preset_get_workers (preset, lab_cpu_count ());
}

static void
on_panel_changed_cb (LabWindow *self)
{
  if (self->applying_preset)
    return;
  /* Changed by hand into another shape: the lesson no longer describes it. */
  if (self->preset != NULL && !keeps_lesson (self, self->preset))
    set_preset (self, NULL);
  _lab_window_load_predictions (self);
  _lab_window_workload_changed (self, FALSE);
}

static void
on_panel_error_cb (LabWindow *self)
{
  _lab_window_update_actions (self);
  if (self->shown == NULL)
    _lab_window_show_comparison (self, NULL);
}

static GMenuModel *
build_presets_menu (void)
{
  GMenu *menu = g_menu_new ();

  for (guint i = 0; i < lab_preset_get_n (); i++)
    {
      const LabPreset *preset = lab_preset_get (i);
      g_autofree char *label = g_strdup_printf ("_%u  %s", i + 1, lab_preset_get_title (preset));
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.preset", "s", preset->id);
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  _lab_window_run (LAB_WINDOW (widget));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _lab_window_stop (LAB_WINDOW (widget));
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
on_banner_dismissed_cb (LabWindow *self)
{
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

/* Unknown ids in the stored models, quoted and joined; NULL if none. At
 * least one known id must remain, or the key is reset too. */
static char *
unknown_models (const char *stored,
                gboolean   *out_none_known)
{
  g_auto(GStrv) ids = g_strsplit (stored, ",", -1);
  g_autoptr(GString) unknown = g_string_new (NULL);
  guint n_known = 0;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *id = g_strstrip (ids[i]);

      if (*id == '\0')
        continue;
      if (lab_model_find (id) != NULL)
        n_known++;
      else
        g_string_append_printf (unknown, "%s“%s”", unknown->len > 0 ? ", " : "", id);
    }
  *out_none_known = n_known == 0;
  return unknown->len > 0 ? g_string_free (g_steal_pointer (&unknown), FALSE) : NULL;
}

/* Settings written by hand or by another version may hold a workload or
 * models this one cannot use: the defaults come back where nothing usable
 * is left, and the banner says what was dropped instead of hiding it. */
static void
check_stored_settings (LabWindow *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *workload = g_settings_get_string (self->settings, "workload");
  g_autofree char *models = g_settings_get_string (self->settings, "models");
  g_autoptr(LabWorkload) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *unknown = NULL;
  gboolean none_known = FALSE;

  parsed = lab_workload_parse (workload, &error);
  if (parsed == NULL)
    {
      g_string_append_printf (text, _("The saved workload “%s” cannot be used (%s); the default "
                                      "is shown instead."), workload, error->message);
      g_settings_reset (self->settings, "workload");
    }
  unknown = unknown_models (models, &none_known);
  if (unknown != NULL)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Unknown models in the saved settings were left out: %s."),
                              unknown);
      if (none_known)
        g_settings_reset (self->settings, "models");
    }
  /* NaN passes the schema's range check, and no slider can show it. */
  if (!isfinite (g_settings_get_double (self->settings, "switch-interval")))
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, _("The saved switch interval was not a number; the default is used."));
      g_settings_reset (self->settings, "switch-interval");
    }
  if (text->len == 0)
    return;
  gtk_label_set_label (self->banner_label, text->str);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static void
bind_settings (LabWindow *self)
{
  g_autofree char *preset_id = NULL;

  restore_window_state (self);
  check_stored_settings (self);
  self->applying_preset = TRUE;
  g_settings_bind (self->settings, "workload", self->workload_panel, "workload",
                   G_SETTINGS_BIND_DEFAULT);
  /* after the workload: the pattern it was scaled from, where it still is */
  g_settings_bind (self->settings, "workload-pattern", self->workload_panel, "pattern",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "models", self->workload_panel, "models",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "workers", self->workload_panel, "workers",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "switch-interval", self->workload_panel, "switch-interval",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "all-at-once", self->workload_panel, "all-at-once",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "layers", self->chart_view, "layers", G_SETTINGS_BIND_DEFAULT);
  self->applying_preset = FALSE;

  preset_id = g_settings_get_string (self->settings, "preset");
  self->preset = lab_preset_find (preset_id);
  if (self->preset != NULL && !keeps_lesson (self, self->preset))
    set_preset (self, NULL);
  _lab_window_summary_init (self);
  _lab_window_predictions_init (self);
  _lab_window_show_comparison (self, NULL);
}

static gboolean
lab_window_close_request (GtkWindow *window)
{
  LabWindow *self = LAB_WINDOW (window);

  save_window_state (self);
  if (lab_window_is_running (self) && self->held_app == NULL)
    {
      /* The window goes now; the application stays until the run's threads
       * and worker processes are stopped and reaped (the run's callback
       * releases it), so quitting never leaves a child process behind. */
      self->held_app = g_object_ref (G_APPLICATION (gtk_window_get_application (window)));
      g_application_hold (self->held_app);
      _lab_window_stop (self);
    }
  return GTK_WINDOW_CLASS (lab_window_parent_class)->close_request (window);
}

static void
lab_window_dispose (GObject *object)
{
  LabWindow *self = LAB_WINDOW (object);

  _lab_window_run_dispose (self);
  _lab_window_what_if_dispose (self);
  g_clear_object (&self->saved_image);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lab_window_parent_class)->dispose (object);
}

static void
lab_window_class_init (LabWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lab_window_dispose;
  window_class->close_request = lab_window_close_request;

  g_type_ensure (LAB_TYPE_WORKLOAD_PANEL);
  g_type_ensure (LAB_TYPE_CHART_VIEW);
  g_type_ensure (LAB_TYPE_REPLAY_BAR);
  g_type_ensure (LAB_TYPE_SUMMARY_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "lab-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LabWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, presets_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, workload_panel);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, explanation_revealer);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, explanation_note);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, not_run_page);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, chart_paned);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, summary_scroller);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, chart_view);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, summary_list);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, view_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_banner_dismissed_cb);

  gtk_widget_class_install_action (widget_class, "win.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "win.preset", "s", preset_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  _lab_window_class_add_file_actions (widget_class);
  _lab_window_class_add_trace_actions (widget_class);

  /* Escape stops a run; bound on the window rather than as an application
   * accelerator so that it still closes popovers and leaves entries first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.stop", NULL);
}

static void
lab_window_init (LabWindow *self)
{
  g_autoptr(GMenuModel) presets_menu = build_presets_menu ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_menu_button_set_menu_model (self->presets_button, presets_menu);
  self->summary_height = -1;
  g_signal_connect_object (self->workload_panel, "changed", G_CALLBACK (on_panel_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workload_panel, "notify::error", G_CALLBACK (on_panel_error_cb),
                           self, G_CONNECT_SWAPPED);
  _lab_window_what_if_init (self);
  _lab_window_show_comparison (self, NULL);
}

/**
 * lab_window_new:
 * @application: the application
 *
 * Returns: (transfer none): a new main window
 */
LabWindow *
lab_window_new (LabApplication *application)
{
  LabWindow *self;

  g_return_val_if_fail (LAB_IS_APPLICATION (application), NULL);

  /* "application" is not a construct property: the settings are taken here,
   * once it is set, rather than in constructed(). */
  self = g_object_new (LAB_TYPE_WINDOW, "application", application, NULL);
  /* after "application": the menu's shortcuts are the application's */
  lab_view_menu_install (GTK_WINDOW (self), self->view_menu, self->chart_view);
  g_signal_connect_object (self->chart_view, "notify::layers", G_CALLBACK (on_chart_layers_cb),
                           self, G_CONNECT_SWAPPED);
  on_chart_layers_cb (self);
  g_set_object (&self->settings, lab_application_get_settings (application));
  if (self->settings != NULL)
    bind_settings (self);
  return self;
}

GtkWidget *
lab_window_get_workload_panel (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->workload_panel);
}

GtkWidget *
lab_window_get_chart_view (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->chart_view);
}

GtkWidget *
lab_window_get_summary (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->summary_list);
}

/**
 * lab_window_get_comparison:
 * @self: the window
 *
 * Returns: (transfer none) (nullable): the run or opened trace shown
 */
LabComparison *
lab_window_get_comparison (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);

  return self->shown;
}

gboolean
lab_window_is_running (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), FALSE);

  return self->cancellable != NULL;
}

/**
 * lab_window_get_banner_message:
 * @self: the window
 *
 * Returns: (nullable): why some model could not run, or %NULL
 */
const char *
lab_window_get_banner_message (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return gtk_label_get_label (self->banner_label);
}

/**
 * lab_window_open_file:
 * @self: the window
 * @file: a trace saved by Export Trace…
 *
 * Shows the saved run, read in the background; an error is a toast.
 */
void
lab_window_open_file (LabWindow *self,
                      GFile     *file)
{
  g_return_if_fail (LAB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  _lab_window_open_file (self, file);
}
