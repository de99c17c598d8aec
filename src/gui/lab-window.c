/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-window.h"

struct _LabWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (LabWindow, lab_window, ADW_TYPE_APPLICATION_WINDOW)

LabWindow *
lab_window_new (LabApplication *application)
{
  return g_object_new (LAB_TYPE_WINDOW, "application", application, NULL);
}

static void
lab_window_class_init (LabWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "lab-window.ui");
}

static void
lab_window_init (LabWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
