/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * LabWhatIf: the What If… controls, shown in a popover after a run. The
 * person picks how many cores and which GIL switch interval the same
 * workload should run with; "run" asks for that run, "clear" for the single
 * view again. The widget runs nothing itself.
 *
 * Signals: "run" (), "clear" ()
 * Actions: what-if.run, what-if.clear
 */

#define LAB_TYPE_WHAT_IF (lab_what_if_get_type ())

G_DECLARE_FINAL_TYPE (LabWhatIf, lab_what_if, LAB, WHAT_IF, GtkWidget)

GtkWidget *lab_what_if_new                   (void);
guint      lab_what_if_get_cores             (LabWhatIf *self);
void       lab_what_if_set_cores             (LabWhatIf *self,
                                              guint      cores);
guint      lab_what_if_get_max_cores         (LabWhatIf *self);
gint64     lab_what_if_get_switch_interval_ns (LabWhatIf *self);
void       lab_what_if_set_switch_interval_ns (LabWhatIf *self,
                                               gint64     ns);
/* Why the what-if asked for cannot run, shown inline; NULL clears it. */
void       lab_what_if_set_refusal           (LabWhatIf  *self,
                                              const char *message);
const char *lab_what_if_get_refusal          (LabWhatIf  *self);
/* Whether a comparison is on screen to clear: the Clear button's state. */
void       lab_what_if_set_can_clear         (LabWhatIf *self,
                                              gboolean   can_clear);

G_END_DECLS
