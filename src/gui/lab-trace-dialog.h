/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * LabTraceDialog: Trace a Program… — the command line, the folder it runs
 * in, and whether to draw a Python program's asyncio tasks. It starts
 * nothing itself: Trace emits "trace", whose handler starts the program
 * and either closes the dialog or shows why it could not
 * (lab_trace_dialog_show_error()), leaving it open to correct. The choices
 * are remembered in GSettings.
 *
 * Signals: "trace" ()
 */

#define LAB_TYPE_TRACE_DIALOG (lab_trace_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LabTraceDialog, lab_trace_dialog, LAB, TRACE_DIALOG, AdwWindow)

LabTraceDialog *lab_trace_dialog_new              (GtkWindow      *parent,
                                                   GSettings      *settings);
/* The command as an argument vector, or NULL with @error (empty text,
 * unbalanced quotes). */
char          **lab_trace_dialog_dup_argv         (LabTraceDialog *self,
                                                   GError        **error);
const char     *lab_trace_dialog_get_directory    (LabTraceDialog *self);
gboolean        lab_trace_dialog_get_python_tasks (LabTraceDialog *self);
void            lab_trace_dialog_show_error       (LabTraceDialog *self,
                                                   const char     *message);

G_END_DECLS
