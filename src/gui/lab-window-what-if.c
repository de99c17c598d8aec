/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-affinity.h"
#include "lab-window-private.h"

/*
 * What If… in the window: a header-bar button opens LabWhatIf; its "run"
 * starts the same workload again with the cores and switch interval chosen,
 * and the chart shows the new run beside the one that was on screen (the
 * chart view's baseline). Running normally, opening a file or Clear
 * Comparison go back to the single view.
 */

static void
clear_what_if (LabWindow *self)
{
  self->what_if_pending = FALSE;
  g_clear_pointer (&self->what_if_baseline, lab_comparison_unref);
  g_clear_pointer (&self->what_if_run, lab_comparison_unref);
  lab_chart_view_set_baseline (self->chart_view, NULL);
  lab_summary_list_set_baseline (self->summary_list, NULL);
  lab_what_if_set_can_clear (self->what_if, FALSE);
}

/* A what-if compares like with like: the run shown must be whole, and the
 * sidebar must still ask for the same workload, workers and order (the
 * what-if changes only the cores and the switch interval). Says why not
 * in the popover, in words. */
static gboolean
check_like (LabWindow     *self,
            LabComparison *before)
{
  g_autoptr(LabRunPlan) plan = lab_workload_panel_dup_plan (self->workload_panel, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (lab_comparison_was_stopped (before))
    message = g_strdup (_("The run shown was stopped before its end: a what-if compares with "
                          "a whole run. Run the workload again to its end first."));
  else if (lab_run_plan_is_observed (lab_comparison_get_plan (before)))
    message = g_strdup (_("The chart shows a traced program, which follows no plan: a what-if "
                          "changes a run of a workload. Run the sidebar's workload first."));
  else if (plan == NULL)
    message = g_strdup (_("The sidebar's workload or models cannot run: fix them first."));
  else if (!lab_run_plan_is_like (lab_comparison_get_plan (before), plan, &error))
    /* Translators: %s says what differs, e.g. "the run before ran “3 × io 1 s” and this
     * one “4 × cpu 1 s”: a comparison needs the same workload" */
    message = g_strdup_printf (_("The sidebar changed since the run shown: %s. Run the "
                                 "sidebar's workload first, or set it back."), error->message);
  lab_what_if_set_refusal (self->what_if, message);
  return message == NULL;
}

static void
on_what_if_run_cb (LabWhatIf *what_if,
                   LabWindow *self)
{
  LabComparison *before = self->shown;

  if (lab_window_is_running (self) || before == NULL || !lab_comparison_is_finished (before)
      || lab_comparison_get_n_traces (before) == 0)
    {
      _lab_window_toast (self, _("Run the workload first: a what-if runs it again beside that run"));
      return;
    }
  if (!check_like (self, before))
    return;
  clear_what_if (self);
  self->what_if_baseline = lab_comparison_ref (before);
  self->what_if_pending = TRUE;
  self->what_if_cores = lab_what_if_get_cores (what_if);
  self->what_if_switch_ns = lab_what_if_get_switch_interval_ns (what_if);
  gtk_menu_button_popdown (self->what_if_button);
  _lab_window_run (self);
}

static void
on_what_if_clear_cb (LabWhatIf *what_if,
                     LabWindow *self)
{
  clear_what_if (self);
  gtk_menu_button_popdown (self->what_if_button);
}

/**
 * _lab_window_what_if_init:
 * @self: the window, its template initialized
 *
 * Adds the What If… button to the header bar.
 */
void
_lab_window_what_if_init (LabWindow *self)
{
  GtkWidget *popover = gtk_popover_new ();

  self->what_if = LAB_WHAT_IF (lab_what_if_new ());
  gtk_widget_set_margin_top (GTK_WIDGET (self->what_if), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->what_if), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self->what_if), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->what_if), 6);
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->what_if));

  self->what_if_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_label (self->what_if_button, _("_What If…"));
  gtk_menu_button_set_use_underline (self->what_if_button, TRUE);
  gtk_menu_button_set_popover (self->what_if_button, popover);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->what_if_button),
                               _("Run Again with Fewer Cores or Another Switch Interval"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->what_if_button), FALSE);
  adw_header_bar_pack_end (self->header_bar, GTK_WIDGET (self->what_if_button));

  g_signal_connect_object (self->what_if, "run", G_CALLBACK (on_what_if_run_cb), self, 0);
  g_signal_connect_object (self->what_if, "clear", G_CALLBACK (on_what_if_clear_cb), self, 0);
}

void
_lab_window_what_if_dispose (LabWindow *self)
{
  g_clear_pointer (&self->what_if_baseline, lab_comparison_unref);
  g_clear_pointer (&self->what_if_run, lab_comparison_unref);
}

/**
 * _lab_window_what_if_prepare:
 * @self: the window
 * @plan: (inout): the sidebar's plan, about to run
 *
 * A what-if asked for: @plan becomes its copy with the cores and switch
 * interval chosen, and the chart gets the run before as its baseline. Any
 * other run goes back to the single view.
 */
void
_lab_window_what_if_prepare (LabWindow   *self,
                             LabRunPlan **plan)
{
  g_autoptr(LabRunPlan) cores = NULL;
  g_autoptr(GError) error = NULL;

  if (!self->what_if_pending)
    {
      clear_what_if (self);
      return;
    }
  self->what_if_pending = FALSE;
  if (!lab_affinity_check_limit (self->what_if_cores, &error))
    {
      /* The spin row allows only what the machine has; it may have changed. */
      _lab_window_toast (self, error->message);
      clear_what_if (self);
      return;
    }
  cores = lab_run_plan_with_core_limit (*plan, self->what_if_cores);
  lab_run_plan_unref (*plan);
  *plan = lab_run_plan_with_switch_interval_ns (cores, self->what_if_switch_ns);
  lab_chart_view_set_baseline (self->chart_view, self->what_if_baseline);
  lab_summary_list_set_baseline (self->summary_list, self->what_if_baseline);
  lab_what_if_set_can_clear (self->what_if, TRUE);
}

/**
 * _lab_window_what_if_update:
 * @self: the window
 *
 * After a change of what is shown or running: the button is there for a
 * finished run, and a baseline stays only beside the what-if run it was
 * made for (an opened file shows alone).
 */
void
_lab_window_what_if_update (LabWindow *self)
{
  gboolean running = lab_window_is_running (self);

  if (self->what_if == NULL)
    return;
  if (self->what_if_baseline != NULL && self->what_if_run == NULL && running)
    {
      self->what_if_run = lab_comparison_ref (lab_runner_get_comparison (self->runner));
      /* the pair is one: saved, copied and opened again together; a run
       * before that was itself a what-if is kept as a run of its own */
      if (lab_comparison_get_baseline (self->what_if_baseline) != NULL)
        lab_comparison_set_baseline (self->what_if_baseline, NULL);
      lab_comparison_set_baseline (self->what_if_run, self->what_if_baseline);
    }
  if (lab_chart_view_get_baseline (self->chart_view) != NULL && self->what_if_run != NULL
      && self->shown != self->what_if_run)
    clear_what_if (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->what_if_button),
                            !running && self->shown != NULL
                            && lab_comparison_is_finished (self->shown)
                            /* a traced program follows no plan to change */
                            && !lab_run_plan_is_observed (lab_comparison_get_plan (self->shown)));
  if (!running)
    lab_what_if_set_switch_interval_ns (self->what_if,
                                        (gint64) (lab_workload_panel_get_switch_interval (self->workload_panel)
                                                  * 1e6));
}

/**
 * _lab_window_what_if_show_pair:
 * @self: the window
 * @comparison: an opened what-if run that keeps its run before
 *
 * Shows an opened pair as the What If view that made it.
 */
void
_lab_window_what_if_show_pair (LabWindow     *self,
                               LabComparison *comparison)
{
  LabComparison *baseline = lab_comparison_get_baseline (comparison);

  g_return_if_fail (baseline != NULL);

  clear_what_if (self);
  self->what_if_baseline = lab_comparison_ref (baseline);
  self->what_if_run = lab_comparison_ref (comparison);
  lab_chart_view_set_baseline (self->chart_view, baseline);
  lab_summary_list_set_baseline (self->summary_list, baseline);
  lab_what_if_set_can_clear (self->what_if, TRUE);
}

/**
 * lab_window_get_what_if:
 * @self: the window
 *
 * Returns: (transfer none): the What If… controls, for the tests
 */
GtkWidget *
lab_window_get_what_if (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->what_if);
}
