/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-error.h"
#include "lab-export-dialog.h"
#include "lab-file-actions.h"
#include "lab-window-private.h"

/*
 * The window's way out for pictures and traces: Save Image… (the export
 * dialog), Copy Image, Export Trace… and Open Trace…, with toasts for what
 * happened. The work itself is done by lab-file-actions.c and
 * lab-export-dialog.c; this file connects it to the window.
 */

/* A toast's title is markup: a message is text, and may hold "<" or "&"
 * (a file name, a parser's "<data>"), which would otherwise empty it. */
void
_lab_window_toast (LabWindow  *self,
                   const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
toast_error (LabWindow    *self,
             const GError *error)
{
  /* A dismissed file chooser is not worth a word. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _lab_window_toast (self, error->message);
}

static void
on_image_saved_cb (LabWindow       *self,
                   GFile           *file,
                   LabExportDialog *dialog)
{
  AdwToast *toast = adw_toast_new (_("Image saved"));

  g_set_object (&self->saved_image, file);
  adw_toast_set_button_label (toast, _("Open _Folder"));
  adw_toast_set_action_name (toast, "win.open-folder");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
save_image_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  LabChartOptions options;
  LabExportDialog *dialog;
  LabExportTitle title;

  if (self->shown == NULL)
    return;
  lab_chart_view_get_options (self->chart_view, &options);
  dialog = lab_export_dialog_new (GTK_WINDOW (self), self->shown, &options);
  /* The choices of the last image are the first guess for the next one. */
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "export-format", dialog, "format", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "export-size", dialog, "size", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "export-theme", dialog, "theme", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "export-transparent", dialog, "transparent",
                       G_SETTINGS_BIND_DEFAULT);
    }
  /* The band on a lesson's slide is remembered; a workload made by hand
   * starts without one whatever was chosen for lessons. */
  if (self->settings != NULL && lab_export_title_init (&title, self->shown))
    g_settings_bind (self->settings, "export-title", dialog, "title-band", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_image_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  if (self->saved_image != NULL)
    lab_file_actions_open_folder (GTK_WINDOW (self), self->saved_image);
}

/* A choice of Save Image kept as the nick of one of its enums. */
static int
remembered_choice (GSettings  *settings,
                   const char *key,
                   GType       type,
                   int         fallback)
{
  g_autofree char *nick = settings != NULL ? g_settings_get_string (settings, key) : NULL;
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *value = nick != NULL ? g_enum_get_value_by_nick (klass, nick) : NULL;

  return value != NULL ? value->value : fallback;
}

/* Copy Image copies what Save Image would save with its last choices (a
 * slide, 1920 × 1080, by default), not the chart at the widget's size. */
static void
copy_image_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  LabChartOptions options;
  LabExportTitle title;
  gboolean band;

  if (self->shown == NULL)
    return;
  lab_chart_view_get_options (self->chart_view, &options);
  lab_export_dialog_apply_choices (&options,
                                   remembered_choice (self->settings, "export-size",
                                                      LAB_TYPE_EXPORT_DIALOG_SIZE,
                                                      LAB_EXPORT_DIALOG_SIZE_SLIDE),
                                   remembered_choice (self->settings, "export-theme",
                                                      LAB_TYPE_EXPORT_DIALOG_THEME,
                                                      LAB_EXPORT_DIALOG_THEME_LIGHT),
                                   self->settings != NULL
                                   && g_settings_get_boolean (self->settings, "export-transparent"));
  band = lab_export_title_init (&title, self->shown)
         && (self->settings == NULL || g_settings_get_boolean (self->settings, "export-title"));
  if (lab_file_actions_copy_image (widget, self->shown, &options, band ? &title : NULL, &error))
    _lab_window_toast (self, _("Image copied"));
  else
    toast_error (self, error);
}

static void
on_trace_exported_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(LabWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = lab_file_actions_export_trace_finish (result, &error);

  if (file == NULL)
    toast_error (self, error);
  else
    _lab_window_toast (self, _("Trace saved"));
}

static void
export_trace_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  if (self->shown == NULL)
    return;
  lab_file_actions_export_trace (GTK_WINDOW (self), self->shown, NULL, on_trace_exported_cb,
                                 g_object_ref (self));
}

static void
show_opened (LabWindow     *self,
             LabComparison *comparison)
{
  /* An opened trace replaces what is shown; a run going on is stopped. A
   * what-if pair saved as one opens as the pair. */
  _lab_window_stop (self);
  _lab_window_show_comparison (self, comparison);
  if (lab_comparison_get_baseline (comparison) != NULL)
    _lab_window_what_if_show_pair (self, comparison);
}

/* What went wrong, in words a person opening a file understands; the
 * reader's own message is the detail. */
static const char *
explain_open_error (const GError *error)
{
  if (g_error_matches (error, LAB_ERROR, LAB_ERROR_NOT_TRACE))
    return _("This JSON file is neither a Concurrency Lab trace nor a trace of another tool. "
             "Concurrency Lab opens the traces it saves (Export Trace…, “concurrency-lab run "
             "--trace”) and traces in the Chrome Trace Event Format, as browsers, clang "
             "-ftime-trace and Perfetto write them.");
  if (error->domain == LAB_ERROR)
    return _("This file is not a Concurrency Lab trace, or the trace in it is damaged.");
  return _("The file could not be read.");
}

/**
 * _lab_window_show_open_error:
 * @self: the window
 * @file: (nullable): the file that could not be opened
 * @error: why
 *
 * Says in a dialog that @file could not be opened and why in plain words,
 * with the exact message under Details. Every text is shown as text.
 */
void
_lab_window_show_open_error (LabWindow    *self,
                             GFile        *file,
                             const GError *error)
{
  g_autofree char *name = file != NULL ? g_file_get_basename (file) : NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog, *expander, *detail;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Translators: %s is a file name */
  heading = name != NULL ? g_strdup_printf (_("Could Not Open “%s”"), name)
                         : g_strdup (_("Could Not Open the Trace"));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, explain_open_error (error));
  detail = gtk_label_new (NULL);
  gtk_label_set_text (GTK_LABEL (detail), error->message);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (detail), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (detail), TRUE);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_widget_add_css_class (detail, "dim-label");
  expander = gtk_expander_new_with_mnemonic (_("_Details"));
  gtk_expander_set_child (GTK_EXPANDER (expander), detail);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), expander);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_trace_opened_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LabWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LabComparison) comparison = lab_file_actions_open_trace_finish (result, NULL, &error);

  if (comparison == NULL)
    _lab_window_show_open_error (self, lab_file_actions_get_file (result), error);
  else
    show_opened (self, comparison);
}

static void
open_trace_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  lab_file_actions_open_trace (GTK_WINDOW (widget), NULL, on_trace_opened_cb,
                               g_object_ref (widget));
}

static void
on_trace_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LabWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LabComparison) comparison = lab_file_actions_load_trace_finish (result, &error);

  if (comparison == NULL)
    _lab_window_show_open_error (self, lab_file_actions_get_file (result), error);
  else
    show_opened (self, comparison);
}

/**
 * _lab_window_open_file:
 * @self: the window
 * @file: a trace saved by Export Trace…
 *
 * Opens @file without a file chooser; the chart and summary show it as
 * saved once it is read. Errors appear as a toast.
 *
 * Returns: %TRUE (the file is read in the background)
 */
gboolean
_lab_window_open_file (LabWindow *self,
                       GFile     *file)
{
  lab_file_actions_load_trace (file, NULL, on_trace_loaded_cb, g_object_ref (self));
  return TRUE;
}

void
_lab_window_class_add_file_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.save-image", NULL, save_image_action);
  gtk_widget_class_install_action (widget_class, "win.copy-image", NULL, copy_image_action);
  gtk_widget_class_install_action (widget_class, "win.export-trace", NULL, export_trace_action);
  gtk_widget_class_install_action (widget_class, "win.open-trace", NULL, open_trace_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, open_folder_action);
}
