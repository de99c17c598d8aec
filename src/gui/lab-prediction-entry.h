/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LAB_TYPE_PREDICTION_ENTRY (lab_prediction_entry_get_type ())

G_DECLARE_FINAL_TYPE (LabPredictionEntry, lab_prediction_entry, LAB, PREDICTION_ENTRY, GtkEntry)

GtkWidget  *lab_prediction_entry_new              (const char         *model_name);
gint64      lab_prediction_entry_get_predicted_ns (LabPredictionEntry *self);
void        lab_prediction_entry_set_predicted_ns (LabPredictionEntry *self,
                                                   gint64              ns);
const char *lab_prediction_entry_get_error        (LabPredictionEntry *self);

G_END_DECLS
