/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-cpu.h"
#include "lab-duration.h"
#include "lab-stats.h"
#include "lab-window-private.h"

/*
 * Running the models from the window: a LabRunner on its own threads (no
 * model ever runs on the UI thread), a GCancellable for Stop, the chart
 * and summary fed with the growing comparison.
 *
 * The flow: Run always runs what the sidebar shows now, restarting a run
 * that goes on; Stop (and Escape) only stops; the two never trade places.
 * A change in the sidebar re-runs by itself when the run would be short
 * (dragging a slider and seeing the result is the point), the chart faded
 * meanwhile; when it would be long, the chart of the other workload gives
 * way to a "not run yet" page with the estimate and Run. Nothing runs
 * while the sidebar says it cannot (text that does not parse, no model).
 */

/* A changed workload re-runs by itself only below this projected time;
 * above it, the not-run page offers Run. */
#define AUTO_RUN_LIMIT_NS (10 * G_GINT64_CONSTANT (1000000000))
#define DEBOUNCE_MS 300
#define REFRESH_MS 200

static gboolean
is_running (LabWindow *self)
{
  return self->cancellable != NULL;
}

void
_lab_window_update_actions (LabWindow *self)
{
  gboolean running = is_running (self);
  gboolean has_result = self->shown != NULL && !self->stale;
  const char *error = lab_workload_panel_get_error (self->workload_panel);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.run", error == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.trace-program", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-image", has_result && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-image", has_result && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-trace", has_result && !running);
  if (error != NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_button), error);
  else if (running)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_button),
                                 _("Run Again from the Start with What the Sidebar Shows (Ctrl+R)"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_button), _("Run the Models (Ctrl+R)"));
  if (running)
    gtk_widget_add_css_class (GTK_WIDGET (self->stop_button), "destructive-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->stop_button), "destructive-action");
  _lab_window_what_if_update (self);
}

/* A model that ran but whose tasks failed (a worker killed or talking
 * nonsense) says how many and the first reason. Counted once the model
 * has finished, so that a live run of 100,000 tasks is not walked on every
 * refresh. */
static void
append_failed_tasks (GString    *text,
                     LabTrace   *trace,
                     const char *name)
{
  guint n_tasks = lab_trace_get_n_tasks (trace);
  const char *first = NULL;
  guint n_failed = 0;

  if (!lab_trace_is_finished (trace))
    return;
  for (guint32 t = 0; t < n_tasks; t++)
    if (lab_trace_task_get_status (trace, t) == LAB_TASK_STATUS_FAILED)
      {
        n_failed++;
        if (first == NULL)
          first = lab_trace_task_get_reason (trace, t);
      }
  if (n_failed == 0)
    return;
  if (text->len > 0)
    g_string_append_c (text, '\n');
  /* Translators: a model's name, how many of its tasks failed, and why the first one did */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s: %u task failed: %s",
                                             "%s: %u tasks failed: %s", n_failed),
                          name, n_failed, first != NULL ? first : "");
}

/* The traces that could not run at all say why, in one banner; the other
 * models' results stay; a lesson run while other programs held the cores
 * says so. With nothing shown the banner keeps what it says
 * (at start-up: why stored settings were dropped). */
static void
update_banner (LabWindow *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = self->shown != NULL ? lab_comparison_get_n_traces (self->shown) : 0;

  if (self->shown == NULL)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (self->shown, i);
      const char *error = lab_trace_get_error (trace);
      g_autofree char *name = lab_run_entry_dup_name (self->shown, i);

      if (error == NULL)
        {
          append_failed_tasks (text, trace, name);
          continue;
        }
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: the first %s is a model's name, the second why it could not run */
      g_string_append_printf (text, _("%s could not run: %s"), name, error);
    }
  /* a lesson measured while other programs held the cores, as its slide says */
  if (lab_comparison_is_finished (self->shown))
    {
      g_autofree char *lesson = lab_comparison_dup_lesson (self->shown);
      g_autofree char *note = lesson != NULL ? lab_preset_dup_shared_cores_note (self->shown)
                                             : NULL;

      if (note != NULL)
        g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", note);
    }
  gtk_label_set_label (self->banner_label, text->str);
  gtk_revealer_set_reveal_child (self->banner_revealer, text->len > 0);
}

static void
refresh (LabWindow *self)
{
  lab_summary_list_refresh (self->summary_list);
  _lab_window_summary_fit (self);
  update_banner (self);
}

static gboolean
refresh_cb (gpointer user_data)
{
  refresh (LAB_WINDOW (user_data));
  return G_SOURCE_CONTINUE;
}

/* The page of a sidebar not run yet: what it would take, or why it
 * cannot run. */
static void
update_not_run_page (LabWindow *self)
{
  const char *error = lab_workload_panel_get_error (self->workload_panel);
  gint64 projected = _lab_window_project_ns (self);
  g_autofree char *text = NULL;

  if (error != NULL)
    text = g_strdup (error);
  else if (projected > 0)
    {
      g_autofree char *duration = lab_duration_format_short (projected);

      if (lab_workload_panel_get_all_at_once (self->workload_panel))
        /* Translators: %s is a duration such as "12 s" */
        text = g_strdup_printf (_("The models would take about %s, all at once. Press Run to "
                                  "measure what every task and every core does."), duration);
      else
        /* Translators: %s is a duration such as "12 s" */
        text = g_strdup_printf (_("The models would take about %s, one after another. Press Run "
                                  "to measure what every task and every core does."), duration);
    }
  /* The description is markup; an error may quote text with "<" or "&". */
  if (text != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (text, -1);

      adw_status_page_set_description (self->not_run_page, escaped);
    }
  else
    adw_status_page_set_description (self->not_run_page, NULL);
}

/* The header names the lesson and the workload on screen: the chart's when
 * it shows one (a traced program: its command), else the sidebar's, which
 * is what Run would run. */
static void
update_title (LabWindow *self)
{
  g_autofree char *described = NULL;

  if (self->shown != NULL && !self->stale && lab_comparison_get_workload (self->shown) == NULL)
    described = lab_comparison_dup_observed_title (self->shown);
  else if (self->shown != NULL && !self->stale)
    described = lab_workload_describe (lab_comparison_get_workload (self->shown));
  else
    {
      g_autoptr(LabWorkload) workload = lab_workload_panel_dup_parsed (self->workload_panel);

      described = lab_workload_describe (workload);
    }
  adw_window_title_set_subtitle (self->window_title, described);
  _lab_window_update_lesson (self);
}

static void
update_page (LabWindow *self)
{
  gboolean chart = self->shown != NULL;

  gtk_stack_set_visible_child_name (self->main_stack, chart ? "chart" : "not-run");
  gtk_widget_set_opacity (GTK_WIDGET (self->summary_list), self->stale ? 0.4 : 1.0);
  if (!chart)
    update_not_run_page (self);
  update_title (self);
}

/**
 * _lab_window_show_comparison:
 * @self: the window
 * @comparison: (nullable): a run (possibly still going) or an opened trace;
 *   %NULL: the sidebar's workload, not run yet
 *
 * The chart keeps the previous result, faded, until the new one has data.
 */
void
_lab_window_show_comparison (LabWindow     *self,
                             LabComparison *comparison)
{
  if (comparison != NULL)
    lab_comparison_ref (comparison);
  g_clear_pointer (&self->shown, lab_comparison_unref);
  self->shown = comparison;
  self->stale = FALSE;
  self->has_run |= comparison != NULL;

  lab_chart_view_set_comparison (self->chart_view, comparison);
  lab_summary_list_set_comparison (self->summary_list, comparison);
  update_page (self);
  update_banner (self);
  _lab_window_update_actions (self);
}

/* The sidebar no longer shows what the chart measured. A short run about
 * to start keeps the chart, faded, so that dragging a slider does not
 * flash; otherwise the chart gives way to the not-run page. */
static void
mark_stale (LabWindow *self,
            gboolean   keep_faded)
{
  if (self->shown != NULL && keep_faded)
    {
      if (!self->stale)
        {
          lab_chart_view_set_comparison (self->chart_view, NULL);
          lab_chart_view_set_previous (self->chart_view, self->shown);
        }
      self->stale = TRUE;
      update_page (self);
      _lab_window_update_actions (self);
    }
  else if (self->shown != NULL)
    _lab_window_show_comparison (self, NULL);
  else
    update_page (self);
}

static void
on_model_finished_cb (LabWindow  *self,
                      guint       index,
                      const char *model_id)
{
  refresh (self);
}

/**
 * _lab_window_finish_run:
 * @self: the window
 *
 * A run or a trace has ended: the window shows its last state and may run
 * again.
 */
void
_lab_window_finish_run (LabWindow *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->cancellable);
  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_clear_object (&self->runner);
  g_clear_object (&self->tracer);
  refresh (self);
  _lab_window_update_actions (self);
}

/* The summary and the banner follow a run or a trace while it goes on;
 * the chart polls its own data. */
void
_lab_window_start_refresh (LabWindow *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refresh_id = g_timeout_add (REFRESH_MS, refresh_cb, self);
}

static void
on_run_finished_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LabWindow) self = user_data;
  g_autoptr(LabComparison) comparison = NULL;
  g_autoptr(GError) error = NULL;

  comparison = lab_runner_run_finish (LAB_RUNNER (source), result, &error);
  if (self->stop_requested_us != 0)
    {
      g_debug ("Run stopped %.1f ms after Stop",
               (g_get_monotonic_time () - self->stop_requested_us) / 1000.0);
      self->stop_requested_us = 0;
    }
  if (self->held_app != NULL)
    {
      /* The window was closed during the run: that run has ended now. */
      g_application_release (self->held_app);
      g_clear_object (&self->held_app);
      return;
    }
  if (LAB_RUNNER (source) != self->runner)
    return;
  _lab_window_finish_run (self);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _lab_window_toast (self, error->message);

  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  if (self->pending_run)
    {
      self->pending_run = FALSE;
      _lab_window_run (self);
    }
}

/**
 * _lab_window_run:
 * @self: the window
 *
 * Runs the chosen models on what the sidebar shows now (text being edited
 * included). A run already going is stopped first, and the new one starts
 * when it has ended. Nothing runs while the sidebar says it cannot.
 */
void
_lab_window_run (LabWindow *self)
{
  g_autoptr(LabRunPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  /* Applying typed text reports a change; this run is that change's run. */
  if (!lab_workload_panel_commit (self->workload_panel))
    return;
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  if (lab_workload_panel_get_error (self->workload_panel) != NULL)
    return;
  if (is_running (self))
    {
      self->pending_run = TRUE;
      g_cancellable_cancel (self->cancellable);
      return;
    }
  plan = lab_workload_panel_dup_plan (self->workload_panel, &error);
  if (plan == NULL)
    {
      _lab_window_toast (self, error->message);
      return;
    }
  /* a what-if asked for runs the same plan on other cores or switch interval */
  _lab_window_what_if_prepare (self, &plan);

  self->runner = lab_runner_new_for_plan (plan);
  g_signal_connect_object (self->runner, "model-finished", G_CALLBACK (on_model_finished_cb),
                           self, G_CONNECT_SWAPPED);

  self->cancellable = g_cancellable_new ();
  lab_runner_run_async (self->runner, self->cancellable, on_run_finished_cb, g_object_ref (self));
  lab_comparison_set_lesson (lab_runner_get_comparison (self->runner),
                             self->preset != NULL ? self->preset->id : NULL);
  _lab_window_apply_predictions (self, lab_runner_get_comparison (self->runner));
  _lab_window_start_refresh (self);
  _lab_window_show_comparison (self, lab_runner_get_comparison (self->runner));
}

/**
 * _lab_window_stop:
 * @self: the window
 *
 * Cancels the run; the models stop their threads and processes, and the
 * run's callback ends it in the window.
 */
void
_lab_window_stop (LabWindow *self)
{
  self->pending_run = FALSE;
  if (!is_running (self))
    return;
  self->stop_requested_us = g_get_monotonic_time ();
  g_cancellable_cancel (self->cancellable);
}

static gint64
sum_of_durations (const LabWorkload *workload)
{
  gint64 sum = 0;

  for (guint i = 0; i < lab_workload_get_n_tasks (workload); i++)
    sum += lab_workload_get_task (workload, i)->duration_ns;
  return sum;
}

/**
 * _lab_window_project_ns:
 * @self: the window
 *
 * How long a run of the sidebar's choices should take, to decide whether
 * it may start by itself. Per model: the sequential model takes the sum of
 * all tasks; the event loop and the GIL threads cannot compute two things
 * at once, so at least the total CPU work, and otherwise the ideal time;
 * the other models the ideal time (lab_workload_ideal_ns()). One after
 * another the models' times add up; all at once the longest counts.
 * Start-up costs and contention are left out: it is an estimate.
 *
 * Returns: the projected run time
 */
gint64
_lab_window_project_ns (LabWindow *self)
{
  g_autoptr(LabRunPlan) plan = lab_workload_panel_dup_plan (self->workload_panel, NULL);
  LabWorkload *workload;
  gint64 ideal, sequential, cpu, total = 0;

  if (plan == NULL)
    return 0;
  workload = lab_run_plan_get_workload (plan);
  ideal = lab_workload_ideal_ns (workload, lab_cpu_count (), lab_run_plan_get_n_workers (plan));
  sequential = sum_of_durations (workload);
  cpu = lab_workload_get_total_cpu_ns (workload);
  for (guint i = 0; i < lab_run_plan_get_n_entries (plan); i++)
    {
      const char *id = lab_run_plan_get_model_id (plan, i);
      gint64 t = ideal;

      if (g_str_equal (id, "sequential"))
        t = sequential;
      else if (g_str_equal (id, "event-loop") || g_str_equal (id, "threads-gil"))
        t = MAX (ideal, cpu);
      total = lab_run_plan_get_all_at_once (plan) ? MAX (total, t) : total + t;
    }
  return total;
}

static gboolean
debounce_cb (gpointer user_data)
{
  LabWindow *self = LAB_WINDOW (user_data);

  /* A slider still held waits for its release, which reports again. */
  self->debounce_id = 0;
  if (!lab_workload_panel_is_dragging (self->workload_panel))
    _lab_window_run (self);
  return G_SOURCE_REMOVE;
}

/**
 * _lab_window_workload_changed:
 * @self: the window
 * @run_if_short: whether a short run may start by itself even before the
 *   first run (a lesson was chosen)
 *
 * The sidebar changed what a run would run: a short run starts by itself
 * after a pause (or when a held slider is let go), the chart faded
 * meanwhile; a long one, or one that cannot run, shows the not-run page.
 */
void
_lab_window_workload_changed (LabWindow *self,
                              gboolean   run_if_short)
{
  gint64 projected = _lab_window_project_ns (self);
  gboolean will_run = lab_workload_panel_get_error (self->workload_panel) == NULL
                      && projected > 0 && projected < AUTO_RUN_LIMIT_NS
                      && (self->has_run || run_if_short);

  g_clear_handle_id (&self->debounce_id, g_source_remove);
  /* A lesson chosen is another workload altogether: its text above a
   * faded chart of the one before would say what that chart does not. */
  mark_stale (self, will_run && !run_if_short);
  if (will_run && !lab_workload_panel_is_dragging (self->workload_panel))
    self->debounce_id = g_timeout_add (DEBOUNCE_MS, debounce_cb, self);
}

/* Called from dispose: nothing may call back into a disposed window. */
void
_lab_window_run_dispose (LabWindow *self)
{
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_clear_object (&self->runner);
  g_clear_object (&self->tracer);
  g_clear_pointer (&self->shown, lab_comparison_unref);
}
