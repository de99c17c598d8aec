/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-application"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-application.h"
#include "lab-renderer.h"
#include "lab-window.h"

/*
 * The application: app-wide actions (quit, about), the keyboard shortcuts
 * of every action, and the one settings object the window binds to. The
 * shortcuts window comes from the "gtk/help-overlay.ui" resource, which
 * GtkApplication finds under the resource base path by itself.
 */

struct _LabApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *gl_renderer;  /* what OpenGL draws with, for About; NULL if not asked */
};

G_DEFINE_FINAL_TYPE (LabApplication, lab_application, ADW_TYPE_APPLICATION)

static const struct {
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "win.run", { "<Control>r", NULL } },
  { "win.save-image", { "<Control>s", NULL } },
  { "win.copy-image", { "<Control><Shift>c", NULL } },
  { "win.export-trace", { "<Control>e", "<Control><Shift>s", NULL } },
  { "win.open-trace", { "<Control>o", NULL } },
  { "win.show-sidebar", { "F9", NULL } },
  { "win.show-summary", { "<Control>F9", NULL } },
};

/**
 * lab_application_new:
 *
 * Returns: (transfer full): the application
 */
LabApplication *
lab_application_new (void)
{
  return g_object_new (LAB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/concurrencylab/ConcurrencyLab",
                       NULL);
}

/**
 * lab_application_get_settings:
 * @self: the application
 *
 * The settings are looked up rather than assumed: GSettings aborts on a
 * schema it cannot find, and an uninstalled build may not have it. The
 * window then works with its defaults and remembers nothing.
 *
 * Returns: (transfer none) (nullable): the application's settings
 */
GSettings *
lab_application_get_settings (LabApplication *self)
{
  g_return_val_if_fail (LAB_IS_APPLICATION (self), NULL);

  if (self->settings == NULL)
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = NULL;

      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, APP_ID_BASE, TRUE);
      if (schema == NULL)
        {
          g_message ("Settings schema %s is not installed: nothing will be remembered",
                     APP_ID_BASE);
          return NULL;
        }
      self->settings = g_settings_new_full (schema, NULL, NULL);
    }
  return self->settings;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing (not destroying) the windows lets them save their state and
   * stop their runs. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
  /* The application ends when nothing holds it: the windows are gone, and
   * a window closed with a run going holds it until that run has stopped
   * its threads and reaped its worker processes. */
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  LabApplication *self = LAB_APPLICATION (app);
  const char *developers[] = { _("The Concurrency Lab developers"), NULL };
  GtkWidget *window = GTK_WIDGET (gtk_application_get_active_window (app));
  GskRenderer *renderer = window != NULL ? gtk_native_get_renderer (GTK_NATIVE (window)) : NULL;
  g_autofree char *debug_info = NULL;
  GtkWidget *about;

  /* What a bug report about drawing or speed needs to say. */
  debug_info = g_strdup_printf ("Concurrency Lab %s\nGTK %u.%u.%u, libadwaita %u.%u.%u, "
                                "GLib %u.%u.%u\nOpenGL: %s\nDrawn with: %s\nCPU cores: %u\n",
                                PACKAGE_VERSION, gtk_get_major_version (),
                                gtk_get_minor_version (), gtk_get_micro_version (),
                                adw_get_major_version (), adw_get_minor_version (),
                                adw_get_micro_version (), glib_major_version, glib_minor_version,
                                glib_micro_version,
                                self->gl_renderer != NULL ? self->gl_renderer : "not asked",
                                renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "none",
                                g_get_num_processors ());

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application-name", _("Concurrency Lab"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Concurrency Lab developers"),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/concurrencylab/concurrency-lab",
                        "issue-url", "https://github.com/concurrencylab/concurrency-lab/issues",
                        "comments", _("See the difference between concurrency and parallelism: "
                                      "run one workload under several execution models and "
                                      "compare what every task and every core did."),
                        "translator-credits", _("translator-credits"),
                        "debug-info", debug_info,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
};

static void
lab_application_startup (GApplication *app)
{
  LabApplication *self = LAB_APPLICATION (app);

  G_APPLICATION_CLASS (lab_application_parent_class)->startup (app);

  /* GTK is initialized, and no window is realized yet. */
  self->gl_renderer = lab_renderer_choose (gdk_display_get_default ());

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

static void
lab_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (lab_window_new (LAB_APPLICATION (app)));
  gtk_window_present (window);
}

/* Traces given on the command line or dropped on the launcher: each opens
 * in a window of its own, as File → Open would, errors shown there. */
static void
lab_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      LabWindow *window = lab_window_new (LAB_APPLICATION (app));

      gtk_window_present (GTK_WINDOW (window));
      lab_window_open_file (window, files[i]);
    }
}

static void
lab_application_dispose (GObject *object)
{
  LabApplication *self = LAB_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->gl_renderer, g_free);

  G_OBJECT_CLASS (lab_application_parent_class)->dispose (object);
}

static void
lab_application_class_init (LabApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = lab_application_dispose;
  app_class->startup = lab_application_startup;
  app_class->activate = lab_application_activate;
  app_class->open = lab_application_open;
}

static void
lab_application_init (LabApplication *self)
{
}
