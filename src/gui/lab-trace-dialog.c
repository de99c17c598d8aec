/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-trace-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lab-trace-dialog.h"

struct _LabTraceDialog
{
  AdwWindow     parent_instance;

  GSettings    *settings;
  char         *directory;    /* NULL: the home folder */
  GtkFileChooserNative *chooser;

  AdwEntryRow  *command_row;
  GtkLabel     *folder_label;
  GtkSwitch    *python_switch;
  GtkLabel     *error_label;
  GtkButton    *trace_button;
};

G_DEFINE_FINAL_TYPE (LabTraceDialog, lab_trace_dialog, ADW_TYPE_WINDOW)

enum { SIGNAL_TRACE, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
show_directory (LabTraceDialog *self)
{
  g_autofree char *shown = NULL;
  const char *home = g_get_home_dir ();

  if (self->directory == NULL || g_strcmp0 (self->directory, home) == 0)
    shown = g_strdup (_("Home Folder"));
  else if (g_str_has_prefix (self->directory, home) && self->directory[strlen (home)] == '/')
    shown = g_strconcat ("~", self->directory + strlen (home), NULL);
  else
    shown = g_filename_display_name (self->directory);
  gtk_label_set_label (self->folder_label, shown);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->folder_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, shown, -1);
}

static void
set_directory (LabTraceDialog *self,
               const char     *directory)
{
  g_free (self->directory);
  self->directory = directory != NULL && *directory != '\0'
                      && g_file_test (directory, G_FILE_TEST_IS_DIR) ? g_strdup (directory) : NULL;
  show_directory (self);
}

/**
 * lab_trace_dialog_dup_argv:
 * @self: the dialog
 * @error: a #GShellError where the text does not split into arguments
 *
 * The text is split as a shell would split it (quotes, backslashes), but
 * no shell runs it: no pipes, redirections or variables.
 *
 * Returns: (transfer full) (nullable): the command and its arguments
 */
char **
lab_trace_dialog_dup_argv (LabTraceDialog  *self,
                           GError         **error)
{
  g_autofree char *stripped = NULL;
  const char *text;
  char **argv = NULL;

  g_return_val_if_fail (LAB_IS_TRACE_DIALOG (self), NULL);

  text = gtk_editable_get_text (GTK_EDITABLE (self->command_row));
  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*stripped == '\0')
    {
      g_set_error_literal (error, G_SHELL_ERROR, G_SHELL_ERROR_EMPTY_STRING,
                           _("Type the command to run, such as “python3 script.py”."));
      return NULL;
    }
  if (!g_shell_parse_argv (text, NULL, &argv, error))
    return NULL;
  return argv;
}

const char *
lab_trace_dialog_get_directory (LabTraceDialog *self)
{
  g_return_val_if_fail (LAB_IS_TRACE_DIALOG (self), NULL);

  return self->directory != NULL ? self->directory : g_get_home_dir ();
}

gboolean
lab_trace_dialog_get_python_tasks (LabTraceDialog *self)
{
  g_return_val_if_fail (LAB_IS_TRACE_DIALOG (self), FALSE);

  return gtk_switch_get_active (self->python_switch);
}

/**
 * lab_trace_dialog_show_error:
 * @self: the dialog
 * @message: (nullable): why the program could not be traced; %NULL hides it
 *
 * Shown under the choices, read out by screen readers, and the command
 * gets the focus to be corrected.
 */
void
lab_trace_dialog_show_error (LabTraceDialog *self,
                             const char     *message)
{
  g_return_if_fail (LAB_IS_TRACE_DIALOG (self));

  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->command_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->command_row));
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->command_row), "error");
}

static void
on_command_changed_cb (LabTraceDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->command_row));

  lab_trace_dialog_show_error (self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trace-dialog.trace",
                                 text != NULL && *text != '\0');
}

static void
trace_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LabTraceDialog *self = LAB_TRACE_DIALOG (widget);
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;

  argv = lab_trace_dialog_dup_argv (self, &error);
  if (argv == NULL)
    {
      lab_trace_dialog_show_error (self, error->message);
      return;
    }
  if (self->settings != NULL)
    {
      g_settings_set_string (self->settings, "trace-command",
                             gtk_editable_get_text (GTK_EDITABLE (self->command_row)));
      g_settings_set_string (self->settings, "trace-directory",
                             self->directory != NULL ? self->directory : "");
      g_settings_set_boolean (self->settings, "trace-python-tasks",
                              gtk_switch_get_active (self->python_switch));
    }
  g_signal_emit (self, signals[SIGNAL_TRACE], 0);
}

static void
on_folder_chosen_cb (LabTraceDialog       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        set_directory (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LabTraceDialog *self = LAB_TRACE_DIALOG (widget);
  g_autoptr(GFile) current = g_file_new_for_path (lab_trace_dialog_get_directory (self));

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Working Folder"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), current, NULL);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_folder_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
lab_trace_dialog_dispose (GObject *object)
{
  LabTraceDialog *self = LAB_TRACE_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (lab_trace_dialog_parent_class)->dispose (object);
}

static void
lab_trace_dialog_finalize (GObject *object)
{
  LabTraceDialog *self = LAB_TRACE_DIALOG (object);

  g_free (self->directory);
  G_OBJECT_CLASS (lab_trace_dialog_parent_class)->finalize (object);
}

static void
lab_trace_dialog_class_init (LabTraceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_trace_dialog_dispose;
  object_class->finalize = lab_trace_dialog_finalize;

  signals[SIGNAL_TRACE] = g_signal_new ("trace", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "lab-trace-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LabTraceDialog, command_row);
  gtk_widget_class_bind_template_child (widget_class, LabTraceDialog, folder_label);
  gtk_widget_class_bind_template_child (widget_class, LabTraceDialog, python_switch);
  gtk_widget_class_bind_template_child (widget_class, LabTraceDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LabTraceDialog, trace_button);
  gtk_widget_class_bind_template_callback (widget_class, on_command_changed_cb);

  gtk_widget_class_install_action (widget_class, "trace-dialog.trace", NULL, trace_action);
  gtk_widget_class_install_action (widget_class, "trace-dialog.choose-folder", NULL,
                                   choose_folder_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lab_trace_dialog_init (LabTraceDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->trace_button));
}

/**
 * lab_trace_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @settings: (nullable): where the last choices are kept
 *
 * Returns: (transfer full): the dialog, with the last choices
 */
LabTraceDialog *
lab_trace_dialog_new (GtkWindow *parent,
                      GSettings *settings)
{
  LabTraceDialog *self = g_object_new (LAB_TYPE_TRACE_DIALOG, "transient-for", parent, NULL);
  g_autofree char *command = NULL;
  g_autofree char *directory = NULL;

  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      command = g_settings_get_string (settings, "trace-command");
      directory = g_settings_get_string (settings, "trace-directory");
      gtk_switch_set_active (self->python_switch,
                             g_settings_get_boolean (settings, "trace-python-tasks"));
    }
  gtk_editable_set_text (GTK_EDITABLE (self->command_row), command != NULL ? command : "");
  on_command_changed_cb (self);
  set_directory (self, directory);
  /* Typing the command is what the dialog is for. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->command_row));
  return self;
}
