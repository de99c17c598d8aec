/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "lab-chart.h"
#include "lab-comparison.h"
#include "lab-export.h"

G_BEGIN_DECLS

/*
 * What the window's file actions do, apart from the window: Copy Image,
 * Export Trace…, Open Trace…, and opening the folder of a saved file.
 * A dismissed file chooser finishes with G_IO_ERROR_CANCELLED, which is
 * not worth showing.
 */

gboolean       lab_file_actions_copy_image         (GtkWidget             *widget,
                                                    LabComparison         *comparison,
                                                    const LabChartOptions *options,
                                                    const LabExportTitle  *title,
                                                    GError               **error);

void           lab_file_actions_export_trace       (GtkWindow             *parent,
                                                    LabComparison         *comparison,
                                                    GCancellable          *cancellable,
                                                    GAsyncReadyCallback    callback,
                                                    gpointer               user_data);
GFile         *lab_file_actions_export_trace_finish (GAsyncResult         *result,
                                                     GError              **error);

void           lab_file_actions_open_trace         (GtkWindow             *parent,
                                                    GCancellable          *cancellable,
                                                    GAsyncReadyCallback    callback,
                                                    gpointer               user_data);
LabComparison *lab_file_actions_open_trace_finish  (GAsyncResult          *result,
                                                    GFile                **out_file,
                                                    GError               **error);

/* The halves after the file chooser, for files known already
 * (command line, drag and drop, tests). */
void           lab_file_actions_save_trace         (LabComparison         *comparison,
                                                    GFile                 *file,
                                                    GCancellable          *cancellable,
                                                    GAsyncReadyCallback    callback,
                                                    gpointer               user_data);
gboolean       lab_file_actions_save_trace_finish  (GAsyncResult          *result,
                                                    GError               **error);
void           lab_file_actions_load_trace         (GFile                 *file,
                                                    GCancellable          *cancellable,
                                                    GAsyncReadyCallback    callback,
                                                    gpointer               user_data);
LabComparison *lab_file_actions_load_trace_finish  (GAsyncResult          *result,
                                                    GError               **error);

GFile         *lab_file_actions_get_file           (GAsyncResult          *result);
char          *lab_file_actions_suggest_name       (LabComparison         *comparison,
                                                    const char            *what,
                                                    const char            *extension);

void           lab_file_actions_open_folder        (GtkWindow             *parent,
                                                    GFile                 *file);

G_END_DECLS
