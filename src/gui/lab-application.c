/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-application"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-application.h"
#include "lab-window.h"

struct _LabApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (LabApplication, lab_application, ADW_TYPE_APPLICATION)

LabApplication *
lab_application_new (void)
{
  return g_object_new (LAB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/concurrencylab/ConcurrencyLab",
                       NULL);
}

static void
lab_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (lab_window_new (LAB_APPLICATION (app)));
  gtk_window_present (window);
}

static void
lab_application_class_init (LabApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = lab_application_activate;
}

static void
lab_application_init (LabApplication *self)
{
}
