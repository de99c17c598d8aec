/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the window tests: the application under test, and
 * iterating the main context until something holds. */
#pragma once

#include <functional>

extern "C" {
#include <adwaita.h>

#include "lab-application.h"
#include "lab-window.h"
#include "lab-workload-panel.h"
}

namespace lab_test {

/* Iterates the default main context until @done or @timeout_ms passed. */
inline bool
iterate_until (const std::function<bool ()> &done,
               int                           timeout_ms = 10000)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!done ())
    {
      if (g_get_monotonic_time () > deadline)
        return false;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return true;
}

/* Lets pending work (layout, idles) happen for @ms. */
inline void
iterate_for (int ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * G_TIME_SPAN_MILLISECOND;

  iterate_until ([end] { return g_get_monotonic_time () > end; }, ms + 1000);
}

/* The first descendant of @widget (itself included) of @type, depth first. */
inline GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A toplevel window of @type, or NULL. */
inline GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = GTK_WINDOW (g_list_model_get_item (toplevels, i));

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/*
 * The application, started as the program starts it (registered, then
 * activated) but driven by the test's own iterations instead of
 * g_application_run().
 */
class App
{
public:
  App ()
  {
    static guint serial;
    g_autoptr(GError) error = NULL;
    g_autofree char *id = NULL;

    /* GApplication leaves its object on the bus until it is finalized or
     * shut down by g_application_run(); a fresh id per test keeps tests
     * apart whatever the previous one left. */
    app = lab_application_new ();
    id = g_strdup_printf ("%s.Test%u", g_application_get_application_id (G_APPLICATION (app)),
                          ++serial);
    g_application_set_application_id (G_APPLICATION (app), id);
    g_application_set_flags (G_APPLICATION (app),
                             (GApplicationFlags) (g_application_get_flags (G_APPLICATION (app))
                                                  | G_APPLICATION_NON_UNIQUE));
    ok = g_application_register (G_APPLICATION (app), NULL, &error);
    if (!ok)
      {
        g_printerr ("cannot register: %s\n", error->message);
        return;
      }
    g_application_activate (G_APPLICATION (app));
    ok = iterate_until ([this] { return window () != NULL
                                        && gtk_widget_get_mapped (GTK_WIDGET (window ())); });
  }

  ~App ()
  {
    quit ();
    g_clear_object (&app);
  }

  LabWindow *
  window ()
  {
    GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));

    return LAB_IS_WINDOW (active) ? LAB_WINDOW (active) : NULL;
  }

  /* Quits through app.quit, as Ctrl+Q does, and waits for the windows to go. */
  bool
  quit ()
  {
    if (app == NULL || quitted)
      return true;
    quitted = true;
    g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
    return iterate_until ([this] {
      return gtk_application_get_windows (GTK_APPLICATION (app)) == NULL;
    });
  }

  LabApplication *app = NULL;
  bool ok = false;
  bool quitted = false;
};

/* The sidebar of the application's window. */
inline LabWorkloadPanel *
panel_of (App &app)
{
  return LAB_WORKLOAD_PANEL (lab_window_get_workload_panel (app.window ()));
}

/* Waits for a run of @window to start, then to end. */
inline bool
wait_for_run (LabWindow *window)
{
  if (!iterate_until ([window] { return lab_window_is_running (window); }, 5000))
    return false;
  return iterate_until ([window] { return !lab_window_is_running (window); }, 60000);
}

/* Sets the sidebar as a person would, runs through win.run and waits for
 * the run to end. */
inline bool
run_to_end (App        &app,
            const char *workload,
            const char *models,
            int         timeout_ms = 60000)
{
  LabWindow *window = app.window ();

  if (!lab_workload_panel_set_workload (panel_of (app), workload, NULL))
    return false;
  lab_workload_panel_set_models (panel_of (app), models);
  lab_workload_panel_set_all_at_once (panel_of (app), FALSE);
  if (!gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL))
    return false;
  if (!lab_window_is_running (window))
    return false;
  return iterate_until ([window] { return !lab_window_is_running (window); }, timeout_ms);
}

/* Chooses a lesson as the menu does, and lets the short run it may start
 * of its own end. */
inline bool
choose_preset (App        &app,
               const char *id)
{
  bool ok = gtk_widget_activate_action (GTK_WIDGET (app.window ()), "win.preset", "s", id);

  iterate_until ([&app] { return !lab_window_is_running (app.window ()); }, 60000);
  return ok;
}

} /* namespace lab_test */
