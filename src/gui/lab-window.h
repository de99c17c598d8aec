/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lab-application.h"
#include "lab-comparison.h"

G_BEGIN_DECLS

#define LAB_TYPE_WINDOW (lab_window_get_type ())

G_DECLARE_FINAL_TYPE (LabWindow, lab_window, LAB, WINDOW, AdwApplicationWindow)

LabWindow     *lab_window_new                (LabApplication *application);

/* The window's parts, for the application and the tests. */
GtkWidget     *lab_window_get_workload_panel (LabWindow      *self);
GtkWidget     *lab_window_get_chart_view     (LabWindow      *self);
GtkWidget     *lab_window_get_summary        (LabWindow      *self);
LabComparison *lab_window_get_comparison     (LabWindow      *self);
gboolean       lab_window_is_running         (LabWindow      *self);
GtkWidget     *lab_window_get_what_if        (LabWindow      *self);
const char    *lab_window_get_banner_message (LabWindow      *self);
gboolean       lab_window_get_summary_visible (LabWindow     *self);
void           lab_window_set_summary_visible (LabWindow     *self,
                                               gboolean       visible);
void           lab_window_open_file          (LabWindow      *self,
                                              GFile          *file);

G_END_DECLS
