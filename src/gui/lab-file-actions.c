/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-file-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-export.h"
#include "lab-file-actions.h"
#include "lab-preset.h"
#include "lab-trace-json.h"

/*
 * Reading and writing a trace happens on a worker thread: a comparison of
 * 100,000 tasks is megabytes of JSON, and the window keeps drawing while it
 * is parsed.
 */

typedef struct _FileTaskData FileTaskData;

/* What a file task does with the local @path on the worker thread: on
 * success it returns the task's value itself, as saving and loading
 * return different kinds; FALSE with @error where it failed. */
typedef gboolean (*FileStep) (GTask         *task,
                              FileTaskData  *td,
                              const char    *path,
                              GError       **error);

struct _FileTaskData
{
  LabComparison        *comparison;
  GFile                *file;
  GtkFileChooserNative *chooser;
  FileStep              step;     /* writes or reads the file */
};

static void
file_task_data_free (gpointer data)
{
  FileTaskData *td = data;

  g_clear_pointer (&td->comparison, lab_comparison_unref);
  g_clear_object (&td->file);
  if (td->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (td->chooser));
  g_clear_object (&td->chooser);
  g_free (td);
}

static GTask *
file_task_new (LabComparison       *comparison,
               GFile               *file,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag,
               FileStep             step)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  FileTaskData *td = g_new0 (FileTaskData, 1);

  td->step = step;
  if (comparison != NULL)
    td->comparison = lab_comparison_ref (comparison);
  if (file != NULL)
    td->file = g_object_ref (file);
  g_task_set_task_data (task, td, file_task_data_free);
  g_task_set_source_tag (task, source_tag);
  return task;
}

/* Only local files: the JSON functions of core take paths, and a trace is
 * written atomically next to its final name. */
static char *
file_get_local_path (GFile   *file,
                     GError **error)
{
  char *path = g_file_get_path (file);

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot use “%s”: only local folders are supported"), uri);
    }
  return path;
}

/**
 * lab_file_actions_copy_image:
 * @widget: a widget of the window, whose clipboard receives the image
 * @comparison: what to draw
 * @options: how to draw it: the size and colours chosen in Save Image
 * @title: (nullable): the title band above the chart; %NULL: none
 * @error: where to put the reason it failed
 *
 * Puts the chart on the clipboard as PNG (the exact bytes an export would
 * write) and as a texture, for applications that want another format.
 *
 * Returns: whether the clipboard now holds the image
 */
gboolean
lab_file_actions_copy_image (GtkWidget             *widget,
                             LabComparison         *comparison,
                             const LabChartOptions *options,
                             const LabExportTitle  *title,
                             GError               **error)
{
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkContentProvider) provider = NULL;
  GdkContentProvider *providers[2];

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (comparison != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  png = lab_export_png_bytes (comparison, options, title, error);
  if (png == NULL)
    return FALSE;
  texture = gdk_texture_new_from_bytes (png, error);
  if (texture == NULL)
    return FALSE;

  providers[0] = gdk_content_provider_new_for_bytes ("image/png", png);
  providers[1] = gdk_content_provider_new_typed (GDK_TYPE_TEXTURE, texture);
  provider = gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
  return gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), provider);
}

static void
file_task_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  FileTaskData *td = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  path = file_get_local_path (td->file, &error);
  if (path == NULL || !td->step (task, td, path, &error))
    g_task_return_error (task, g_steal_pointer (&error));
}

/* Saving returns TRUE. */
static gboolean
save_trace_step (GTask         *task,
                 FileTaskData  *td,
                 const char    *path,
                 GError       **error)
{
  if (!lab_trace_json_save (td->comparison, path, error))
    return FALSE;
  g_task_return_boolean (task, TRUE);
  return TRUE;
}

/* Loading returns the comparison read, its reference the finish
 * function's to hand on. */
static gboolean
load_trace_step (GTask         *task,
                 FileTaskData  *td,
                 const char    *path,
                 GError       **error)
{
  LabComparison *comparison = lab_trace_json_load (path, error);

  if (comparison == NULL)
    return FALSE;
  g_task_return_pointer (task, comparison, (GDestroyNotify) lab_comparison_unref);
  return TRUE;
}

/* A trace of a run that still goes on would be read back as a run that
 * stopped half-way. */
static gboolean
check_finished (GTask         *task,
                LabComparison *comparison)
{
  if (lab_comparison_is_finished (comparison))
    return TRUE;
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("The run is still going: its trace can be exported when it is over"));
  return FALSE;
}

/**
 * lab_file_actions_save_trace:
 * @comparison: a finished comparison
 * @file: a local file, written atomically
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's main context when done
 * @user_data: data for @callback
 *
 * Saves @comparison as JSON (the Chrome Trace Event Format) on a worker thread.
 */
void
lab_file_actions_save_trace (LabComparison       *comparison,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (comparison != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = file_task_new (comparison, file, cancellable, callback, user_data,
                        lab_file_actions_save_trace, save_trace_step);
  if (!check_finished (task, comparison))
    return;
  g_task_run_in_thread (task, file_task_thread);
}

gboolean
lab_file_actions_save_trace_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * lab_file_actions_load_trace:
 * @file: a local JSON trace
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's main context when done
 * @user_data: data for @callback
 *
 * Loads and validates a saved comparison on a worker thread.
 */
void
lab_file_actions_load_trace (GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = file_task_new (NULL, file, cancellable, callback, user_data,
                        lab_file_actions_load_trace, load_trace_step);
  g_task_run_in_thread (task, file_task_thread);
}

/**
 * lab_file_actions_load_trace_finish:
 * @result: the result given to the callback
 * @error: where to put the reason it failed, naming the file and the fault
 *
 * Returns: (transfer full) (nullable): the comparison
 */
LabComparison *
lab_file_actions_load_trace_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
add_json_filter (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Traces"));
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_chooser_add_filter (chooser, filter);
}

/* The chooser for @task; once a file is chosen, the task's step writes
 * or reads it in a thread. */
static GtkFileChooserNative *
create_chooser (GTask                *task,
                GtkWindow            *parent,
                const char           *title,
                GtkFileChooserAction  action,
                const char           *accept_label)
{
  FileTaskData *td = g_task_get_task_data (task);

  td->chooser = gtk_file_chooser_native_new (title, parent, action, accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (td->chooser), TRUE);
  add_json_filter (GTK_FILE_CHOOSER (td->chooser));
  return td->chooser;
}

/* Takes the chosen file into the task data; FALSE (and the task returned
 * cancelled) when the chooser was dismissed. */
static gboolean
take_chosen_file (GTask *task,
                  int    response)
{
  FileTaskData *td = g_task_get_task_data (task);

  if (response == GTK_RESPONSE_ACCEPT)
    td->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (td->chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (td->chooser));
  g_clear_object (&td->chooser);

  if (td->file == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("No file was chosen"));
      return FALSE;
    }
  return TRUE;
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;

  if (take_chosen_file (task, response))
    g_task_run_in_thread (task, file_task_thread);
}

/* "One Cook, Three Pots" → "one-cook-three-pots": letters and digits of
 * the ASCII form, the rest one hyphen. */
static char *
slug_of (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, NULL);
  GString *slug = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (slug, g_ascii_tolower (*p));
    else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
      g_string_append_c (slug, '-');
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  return g_string_free (slug, FALSE);
}

/**
 * lab_file_actions_suggest_name:
 * @comparison: what the file holds
 * @what: (nullable): what of it, as a word of the name ("what-if",
 *   "replay"), translated; %NULL: the comparison itself
 * @extension: "png", "json"…
 *
 * The name a file chooser suggests: the lesson (or "comparison" for a
 * workload made by hand), @what, and the day the run was made:
 * "one-cook-three-pots-2026-12-04.png".
 *
 * Returns: (transfer full): the file name
 */
char *
lab_file_actions_suggest_name (LabComparison *comparison,
                               const char    *what,
                               const char    *extension)
{
  g_autofree char *lesson = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *day = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  const LabPreset *preset;

  g_return_val_if_fail (comparison != NULL, NULL);
  g_return_val_if_fail (extension != NULL, NULL);

  lesson = lab_comparison_dup_lesson (comparison);
  preset = lesson != NULL ? lab_preset_find (lesson) : NULL;
  slug = slug_of (preset != NULL ? lab_preset_get_title (preset)
                  /* Translators: the start of a saved file's name for a workload made by hand */
                                 : _("comparison"));
  g_string_append (name, *slug != '\0' ? slug : "comparison");
  if (what != NULL)
    {
      g_autofree char *what_slug = slug_of (what);

      g_string_append_printf (name, "-%s", what_slug);
    }
  created = g_date_time_new_from_unix_local (lab_comparison_get_created (comparison));
  day = created != NULL ? g_date_time_format (created, "%Y-%m-%d") : NULL;
  if (day != NULL)
    g_string_append_printf (name, "-%s", day);
  g_string_append_printf (name, ".%s", extension);
  return g_strdup (name->str);
}

/**
 * lab_file_actions_export_trace:
 * @parent: (nullable): the window the file chooser belongs to
 * @comparison: a finished comparison
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when saved, failed or dismissed
 * @user_data: data for @callback
 *
 * "Export Trace…": asks where to save, then saves @comparison as JSON.
 */
void
lab_file_actions_export_trace (GtkWindow           *parent,
                               LabComparison       *comparison,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (comparison != NULL);

  task = file_task_new (comparison, NULL, cancellable, callback, user_data,
                        lab_file_actions_export_trace, save_trace_step);
  if (!check_finished (task, comparison))
    {
      g_object_unref (task);
      return;
    }
  chooser = create_chooser (task, parent, _("Export Trace"), GTK_FILE_CHOOSER_ACTION_SAVE,
                            _("_Export"));
  /* a what-if pair is saved in one file with the run before inside */
  name = lab_file_actions_suggest_name (comparison,
                                        lab_comparison_get_baseline (comparison) != NULL
                                          ? _("what-if") : NULL,
                                        "json");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  /* The task's reference goes to the handler, which runs exactly once. */
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * lab_file_actions_export_trace_finish:
 * @result: the result given to the callback
 * @error: where to put the reason; G_IO_ERROR_CANCELLED when dismissed
 *
 * Returns: (transfer full) (nullable): the file written
 */
GFile *
lab_file_actions_export_trace_finish (GAsyncResult  *result,
                                      GError       **error)
{
  FileTaskData *td;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  td = g_task_get_task_data (G_TASK (result));
  return g_object_ref (td->file);
}

/**
 * lab_file_actions_open_trace:
 * @parent: (nullable): the window the file chooser belongs to
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when loaded, failed or dismissed
 * @user_data: data for @callback
 *
 * "Open Trace…": asks for a saved comparison and loads it.
 */
void
lab_file_actions_open_trace (GtkWindow           *parent,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  GtkFileChooserNative *chooser;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  task = file_task_new (NULL, NULL, cancellable, callback, user_data,
                        lab_file_actions_open_trace, load_trace_step);
  chooser = create_chooser (task, parent, _("Open Trace"), GTK_FILE_CHOOSER_ACTION_OPEN,
                            _("_Open"));
  /* The task's reference goes to the handler, which runs exactly once. */
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * lab_file_actions_get_file:
 * @result: the result of an open, load, save or export
 *
 * Returns: (transfer none) (nullable): the file it was about, also when it
 *   failed (%NULL where no file was chosen)
 */
GFile *
lab_file_actions_get_file (GAsyncResult *result)
{
  FileTaskData *td;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  td = g_task_get_task_data (G_TASK (result));
  return td->file;
}

/**
 * lab_file_actions_open_trace_finish:
 * @result: the result given to the callback
 * @out_file: (out) (optional) (transfer full): the file that was opened
 * @error: where to put the reason, for an inline message; G_IO_ERROR_CANCELLED when dismissed
 *
 * Returns: (transfer full) (nullable): the comparison
 */
LabComparison *
lab_file_actions_open_trace_finish (GAsyncResult  *result,
                                    GFile        **out_file,
                                    GError       **error)
{
  LabComparison *comparison;
  FileTaskData *td;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  comparison = g_task_propagate_pointer (G_TASK (result), error);
  td = g_task_get_task_data (G_TASK (result));
  if (out_file != NULL)
    *out_file = comparison != NULL && td->file != NULL ? g_object_ref (td->file) : NULL;
  return comparison;
}

typedef struct
{
  GtkWindow *parent;
  GFile     *folder;
} OpenFolderData;

static void
open_folder_data_free (OpenFolderData *data)
{
  g_clear_object (&data->parent);
  g_clear_object (&data->folder);
  g_free (data);
}

static void
on_show_items_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  OpenFolderData *data = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      g_autofree char *uri = g_file_get_uri (data->folder);

      /* No file manager service (a sandbox, another desktop): open the
       * folder itself, through the portal where there is one. */
      g_debug ("FileManager1.ShowItems failed: %s", error->message);
      gtk_show_uri (data->parent, uri, GDK_CURRENT_TIME);
    }
  open_folder_data_free (data);
}

/**
 * lab_file_actions_open_folder:
 * @parent: (nullable): the window asking
 * @file: a saved file
 *
 * Shows the folder of @file in the file manager with @file selected where
 * the file manager can do so, else opens the folder.
 */
void
lab_file_actions_open_folder (GtkWindow *parent,
                              GFile     *file)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autofree char *uri = NULL;
  OpenFolderData *data;
  const char *uris[] = { NULL, NULL };

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (OpenFolderData, 1);
  data->parent = parent != NULL ? g_object_ref (parent) : NULL;
  data->folder = g_file_get_parent (file);
  if (data->folder == NULL)
    data->folder = g_object_ref (file);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL)
    {
      g_autofree char *folder_uri = g_file_get_uri (data->folder);

      gtk_show_uri (parent, folder_uri, GDK_CURRENT_TIME);
      open_folder_data_free (data);
      return;
    }

  uri = g_file_get_uri (file);
  uris[0] = uri;
  g_dbus_connection_call (bus,
                          "org.freedesktop.FileManager1",
                          "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1",
                          "ShowItems",
                          g_variant_new ("(^ass)", uris, ""),
                          NULL,
                          G_DBUS_CALL_FLAGS_NONE,
                          -1, NULL,
                          on_show_items_cb, data);
}
