/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-prediction-entry"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-duration.h"
#include "lab-prediction-entry.h"

/*
 * The quick field beside a model in the sidebar: the learner's guess of
 * the model's total time, read by the same parser as every duration ("3s",
 * "500ms", "2" for seconds). Empty is no guess. Text the parser refuses
 * turns the field red and gives its reason as the "error" property (the
 * sidebar shows it under the model's name) and to assistive technologies;
 * the guess is then none until the text is fixed.
 */

struct _LabPredictionEntry
{
  GtkEntry  parent_instance;

  gint64    predicted_ns;
  char     *error;
  gboolean  syncing;
};

G_DEFINE_FINAL_TYPE (LabPredictionEntry, lab_prediction_entry, GTK_TYPE_ENTRY)

enum {
  PROP_0,
  PROP_PREDICTED_NS,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_state (LabPredictionEntry *self,
           gint64              ns,
           const char         *error)
{
  gboolean error_changed = g_strcmp0 (self->error, error) != 0;

  if (error_changed)
    {
      g_free (self->error);
      self->error = g_strdup (error);
      if (error != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (self), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                                   error != NULL ? error
                                                 : _("Your guess of the model’s total time, "
                                                     "such as 3s or 500ms; judged after the run"));
      gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_INVALID,
                                   error != NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                                 : GTK_ACCESSIBLE_INVALID_FALSE, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      error != NULL ? error : "", -1);
    }
  if (self->predicted_ns != ns)
    {
      self->predicted_ns = ns;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREDICTED_NS]);
    }
  if (error_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
on_changed_cb (LabPredictionEntry *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 ns = 0;

  if (self->syncing)
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self))));
  if (*text == '\0')
    set_state (self, 0, NULL);
  else if (lab_duration_parse (text, &ns, &error))
    set_state (self, ns, NULL);
  else
    set_state (self, 0, error->message);
}

/**
 * lab_prediction_entry_get_predicted_ns:
 * @self: the field
 *
 * Returns: the guess in nanoseconds; 0 when the field is empty or its text
 *   is not a duration
 */
gint64
lab_prediction_entry_get_predicted_ns (LabPredictionEntry *self)
{
  g_return_val_if_fail (LAB_IS_PREDICTION_ENTRY (self), 0);

  return self->predicted_ns;
}

/**
 * lab_prediction_entry_set_predicted_ns:
 * @self: the field
 * @ns: a guess in nanoseconds; 0 or less empties the field
 *
 * Shows a stored guess, in the compact form the parser reads back ("3s").
 */
void
lab_prediction_entry_set_predicted_ns (LabPredictionEntry *self,
                                       gint64              ns)
{
  g_autofree char *text = NULL;

  g_return_if_fail (LAB_IS_PREDICTION_ENTRY (self));

  ns = MAX (ns, 0);
  text = ns > 0 ? lab_duration_to_string (ns) : g_strdup ("");
  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self), text);
  self->syncing = FALSE;
  set_state (self, ns, NULL);
}

/**
 * lab_prediction_entry_get_error:
 * @self: the field
 *
 * Returns: (nullable): why the text is not a duration, or %NULL
 */
const char *
lab_prediction_entry_get_error (LabPredictionEntry *self)
{
  g_return_val_if_fail (LAB_IS_PREDICTION_ENTRY (self), NULL);

  return self->error;
}

static void
lab_prediction_entry_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LabPredictionEntry *self = LAB_PREDICTION_ENTRY (object);

  switch (prop_id)
    {
    case PROP_PREDICTED_NS:
      g_value_set_int64 (value, lab_prediction_entry_get_predicted_ns (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, lab_prediction_entry_get_error (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_prediction_entry_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  LabPredictionEntry *self = LAB_PREDICTION_ENTRY (object);

  switch (prop_id)
    {
    case PROP_PREDICTED_NS:
      lab_prediction_entry_set_predicted_ns (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_prediction_entry_finalize (GObject *object)
{
  LabPredictionEntry *self = LAB_PREDICTION_ENTRY (object);

  g_free (self->error);

  G_OBJECT_CLASS (lab_prediction_entry_parent_class)->finalize (object);
}

static void
lab_prediction_entry_class_init (LabPredictionEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lab_prediction_entry_get_property;
  object_class->set_property = lab_prediction_entry_set_property;
  object_class->finalize = lab_prediction_entry_finalize;

  properties[PROP_PREDICTED_NS] =
    g_param_spec_int64 ("predicted-ns", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lab_prediction_entry_init (LabPredictionEntry *self)
{
  gtk_entry_set_placeholder_text (GTK_ENTRY (self), _("Guess"));
  gtk_editable_set_width_chars (GTK_EDITABLE (self), 6);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self), 8);
  gtk_entry_set_input_purpose (GTK_ENTRY (self), GTK_INPUT_PURPOSE_FREE_FORM);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self), "prediction");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("Your guess of the model’s total time, such as 3s or 500ms; "
                                 "judged after the run"));
  g_signal_connect (self, "changed", G_CALLBACK (on_changed_cb), NULL);
}

/**
 * lab_prediction_entry_new:
 * @model_name: the model's display name, for the accessible name
 *
 * Returns: (transfer floating): an empty field
 */
GtkWidget *
lab_prediction_entry_new (const char *model_name)
{
  GtkWidget *self = g_object_new (LAB_TYPE_PREDICTION_ENTRY, NULL);
  g_autofree char *label = NULL;

  g_return_val_if_fail (model_name != NULL, self);

  /* Translators: the accessible name of the guess field beside a model */
  label = g_strdup_printf (_("Predicted total time of %s"), model_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return self;
}
