/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-window"

#include "config.h"

#include <glib/gi18n.h>
#include <sys/wait.h>

#include "lab-runner.h"
#include "lab-trace-dialog.h"
#include "lab-window-private.h"

/*
 * Trace a Program… (Ctrl+T): a program of the user's run and measured as
 * the models are, its chart filling live in the window. A trace takes the
 * place of a run: Stop (Escape) ends the program — SIGTERM, then SIGKILL
 * to whatever is left after the grace period — and closing the window
 * holds the application until every process it started is gone, as for a
 * run. Run stops a trace and runs the sidebar's models, as it restarts a
 * run; a trace is not started while a run goes on.
 */

/* How the program ended, for a toast. */
static char *
describe_end (LabTracer *tracer)
{
  g_autoptr(LabComparison) comparison = lab_comparison_ref (lab_tracer_get_comparison (tracer));
  g_autoptr(LabTrace) trace = lab_comparison_dup_trace (comparison, 0);
  g_autofree char *title = lab_observed_dup_title (lab_trace_get_observed (trace));
  int status = lab_tracer_get_wait_status (tracer);

  if (lab_tracer_was_stopped (tracer))
    /* Translators: the command that was traced */
    return g_strdup_printf (_("“%s” was stopped"), title);
  if (status != -1 && WIFSIGNALED (status))
    /* Translators: the command, then the name of a signal ("Killed") */
    return g_strdup_printf (_("“%s” was ended by a signal: %s"), title,
                            g_strsignal (WTERMSIG (status)));
  if (status != -1 && WIFEXITED (status) && WEXITSTATUS (status) != 0)
    /* Translators: the command, then its exit status, a number */
    return g_strdup_printf (_("“%s” exited with status %d"), title, WEXITSTATUS (status));
  return NULL;
}

static void
on_trace_finished_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(LabWindow) self = user_data;
  g_autoptr(LabComparison) comparison = NULL;
  g_autofree char *end = NULL;

  comparison = lab_tracer_wait_finish (LAB_TRACER (source), result, NULL);
  if (self->held_app != NULL)
    {
      /* The window was closed during the trace: every process has gone. */
      g_application_release (self->held_app);
      g_clear_object (&self->held_app);
      return;
    }
  if (LAB_TRACER (source) != self->tracer)
    return;
  end = describe_end (self->tracer);
  _lab_window_finish_run (self);
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  /* The same measurements, the lanes now grouped by process. */
  if (comparison != NULL)
    _lab_window_show_comparison (self, comparison);
  if (end != NULL)
    _lab_window_toast (self, end);
  if (self->pending_run)
    {
      self->pending_run = FALSE;
      _lab_window_run (self);
    }
}

/**
 * _lab_window_trace:
 * @self: the window
 * @argv: the command and its arguments
 * @directory: (nullable): the folder it runs in
 * @python_tasks: whether to draw a Python program's asyncio tasks
 * @error: a #LabTracerError when it cannot be started
 *
 * Starts tracing @argv and shows it, live; refused while a run or a
 * trace goes on.
 *
 * Returns: %FALSE when the program could not be started (nothing runs)
 */
gboolean
_lab_window_trace (LabWindow   *self,
                   char       **argv,
                   const char  *directory,
                   gboolean     python_tasks,
                   GError     **error)
{
  g_autoptr(LabTracer) tracer = NULL;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, FALSE);

  if (self->cancellable != NULL)
    {
      g_set_error_literal (error, LAB_TRACER_ERROR, LAB_TRACER_ERROR_FAILED,
                           _("A run is going on: stop it first (Escape)."));
      return FALSE;
    }
  tracer = lab_tracer_new ((const char * const *) argv);
  lab_tracer_set_directory (tracer, directory);
  if (python_tasks)
    lab_tracer_set_python_tasks (tracer, lab_python_tasks_find_dir ());
  /* The window has no terminal to give: the program reads no input. */
  if (!lab_tracer_start (tracer, error))
    return FALSE;

  /* As a lesson shows the layers that carry its point, a traced program
   * shows every layer its run records (cores, their use, in flight), as
   * `trace` draws it; the View menu changes them until the next lesson. */
  lab_chart_view_set_layers (self->chart_view, LAB_CHART_LAYERS_ALL);
  self->pending_run = FALSE;
  self->tracer = g_steal_pointer (&tracer);
  self->cancellable = g_cancellable_new ();
  lab_tracer_wait_async (self->tracer, self->cancellable, on_trace_finished_cb, g_object_ref (self));
  _lab_window_start_refresh (self);
  _lab_window_show_comparison (self, lab_tracer_get_comparison (self->tracer));
  return TRUE;
}

static void
on_trace_asked_cb (LabTraceDialog *dialog,
                   LabWindow      *self)
{
  g_auto(GStrv) argv = lab_trace_dialog_dup_argv (dialog, NULL);
  g_autoptr(GError) error = NULL;

  if (argv == NULL)
    return;
  if (!_lab_window_trace (self, argv, lab_trace_dialog_get_directory (dialog),
                          lab_trace_dialog_get_python_tasks (dialog), &error))
    {
      lab_trace_dialog_show_error (dialog, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
trace_program_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  LabTraceDialog *dialog = lab_trace_dialog_new (GTK_WINDOW (self), self->settings);

  g_signal_connect_object (dialog, "trace", G_CALLBACK (on_trace_asked_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_lab_window_class_add_trace_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.trace-program", NULL, trace_program_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK,
                                       "win.trace-program", NULL);
}
