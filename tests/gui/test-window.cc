/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window on a real display (Xvfb): frame, menu, About, settings. */

#include <gtest/gtest.h>

#include <cstring>

#include "lab-gui-test.h"

extern "C" {
#include "config.h"
}

using lab_test::App;
using lab_test::iterate_until;

namespace {

GSettings *
new_settings ()
{
  return g_settings_new (APP_ID_BASE);
}

TEST (Window, OpensWithHeaderBarAndTitle)
{
  App app;

  ASSERT_TRUE (app.ok);
  ASSERT_NE (app.window (), nullptr);
  EXPECT_STREQ (gtk_window_get_title (GTK_WINDOW (app.window ())), "Concurrency Lab");
  EXPECT_NE (lab_test::find_widget (GTK_WIDGET (app.window ()), ADW_TYPE_HEADER_BAR), nullptr);
  /* Before any run the body says so, rather than showing anything. */
  EXPECT_NE (lab_test::find_widget (GTK_WIDGET (app.window ()), ADW_TYPE_STATUS_PAGE), nullptr);
  EXPECT_TRUE (app.quit ());
  EXPECT_EQ (gtk_application_get_windows (GTK_APPLICATION (app.app)), nullptr);
}

TEST (Window, AboutOpensAndCloses)
{
  App app;
  GtkWindow *about = NULL;

  ASSERT_TRUE (app.ok);
  ASSERT_TRUE (g_action_group_has_action (G_ACTION_GROUP (app.app), "about"));
  g_action_group_activate_action (G_ACTION_GROUP (app.app), "about", NULL);
  ASSERT_TRUE (iterate_until ([&about] {
    about = lab_test::find_toplevel (ADW_TYPE_ABOUT_WINDOW);
    return about != NULL && gtk_widget_get_mapped (GTK_WIDGET (about));
  }));
  EXPECT_STREQ (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), PACKAGE_VERSION);
  EXPECT_STREQ (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)),
                "Concurrency Lab");
  EXPECT_EQ (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), GTK_LICENSE_GPL_3_0);
  EXPECT_STREQ (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), APP_ID);
  gtk_window_close (about);
  EXPECT_TRUE (iterate_until ([] { return lab_test::find_toplevel (ADW_TYPE_ABOUT_WINDOW) == NULL; }));
  EXPECT_TRUE (app.quit ());
}

TEST (Window, ShortcutsWindowAndAccels)
{
  App app;
  g_auto(GStrv) quit = NULL;
  g_auto(GStrv) help = NULL;

  ASSERT_TRUE (app.ok);
  quit = gtk_application_get_accels_for_action (GTK_APPLICATION (app.app), "app.quit");
  ASSERT_NE (quit[0], nullptr);
  EXPECT_STREQ (quit[0], "<Control>q");
  help = gtk_application_get_accels_for_action (GTK_APPLICATION (app.app),
                                                "win.show-help-overlay");
  ASSERT_NE (help[0], nullptr);
  EXPECT_STREQ (help[0], "<Control>question");

  g_action_group_activate_action (G_ACTION_GROUP (app.window ()), "show-help-overlay", NULL);
  EXPECT_TRUE (iterate_until ([] { return lab_test::find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) != NULL; }));
  gtk_window_close (lab_test::find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  EXPECT_TRUE (app.quit ());
}

TEST (Window, SizeIsRestoredFromSettings)
{
  g_autoptr(GSettings) settings = new_settings ();
  int width = 0, height = 0;

  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 640);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  {
    App app;

    ASSERT_TRUE (app.ok);
    gtk_window_get_default_size (GTK_WINDOW (app.window ()), &width, &height);
    EXPECT_EQ (width, 900);
    EXPECT_EQ (height, 640);
    /* A new size is saved when the window closes. */
    gtk_window_set_default_size (GTK_WINDOW (app.window ()), 1000, 700);
    lab_test::iterate_for (100);
    EXPECT_TRUE (app.quit ());
  }
  EXPECT_EQ (g_settings_get_int (settings, "window-width"), 1000);
  EXPECT_EQ (g_settings_get_int (settings, "window-height"), 700);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

TEST (Window, ShortcutsWindowListsEveryAccelerator)
{
  App app;
  g_autoptr(GBytes) bytes = NULL;
  g_auto(GStrv) actions = NULL;
  const char *xml;

  ASSERT_TRUE (app.ok);
  bytes = g_resources_lookup_data ("/io/github/concurrencylab/ConcurrencyLab/gtk/help-overlay.ui",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  ASSERT_NE (bytes, nullptr);
  xml = (const char *) g_bytes_get_data (bytes, NULL);
  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app.app));
  ASSERT_NE (actions[0], nullptr);
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_autofree char *needle = g_strdup_printf (">%s<", actions[i]);

      EXPECT_NE (strstr (xml, needle), nullptr) << actions[i] << " is not in the shortcuts window";
    }
  /* Bound on the widgets rather than the application. */
  EXPECT_NE (strstr (xml, ">Escape<"), nullptr);
  EXPECT_NE (strstr (xml, "&lt;Control&gt;plus"), nullptr);
  EXPECT_TRUE (app.quit ());
}

} /* namespace */
