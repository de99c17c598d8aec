/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-what-if"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "lab-affinity.h"
#include "lab-what-if.h"

struct _LabWhatIf
{
  GtkWidget      parent_instance;

  AdwActionRow  *cores_row;
  GtkSpinButton *cores_spin;
  GtkAdjustment *cores_adjustment;
  GtkAdjustment *switch_adjustment;
  GtkWidget     *clear_button;
  GtkLabel      *refusal_label;
};

G_DEFINE_FINAL_TYPE (LabWhatIf, lab_what_if, GTK_TYPE_WIDGET)

enum {
  RUN,
  CLEAR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
lab_what_if_new (void)
{
  return g_object_new (LAB_TYPE_WHAT_IF, NULL);
}

guint
lab_what_if_get_cores (LabWhatIf *self)
{
  g_return_val_if_fail (LAB_IS_WHAT_IF (self), 1);

  return (guint) gtk_adjustment_get_value (self->cores_adjustment);
}

/**
 * lab_what_if_set_cores:
 * @self: the controls
 * @cores: clamped to 1 … the cores this program may use
 */
void
lab_what_if_set_cores (LabWhatIf *self,
                       guint      cores)
{
  g_return_if_fail (LAB_IS_WHAT_IF (self));

  gtk_adjustment_set_value (self->cores_adjustment, cores);
}

guint
lab_what_if_get_max_cores (LabWhatIf *self)
{
  g_return_val_if_fail (LAB_IS_WHAT_IF (self), 1);

  return (guint) gtk_adjustment_get_upper (self->cores_adjustment);
}

gint64
lab_what_if_get_switch_interval_ns (LabWhatIf *self)
{
  g_return_val_if_fail (LAB_IS_WHAT_IF (self), 0);

  return (gint64) llround (gtk_adjustment_get_value (self->switch_adjustment) * 1e6);
}

void
lab_what_if_set_switch_interval_ns (LabWhatIf *self,
                                    gint64     ns)
{
  g_return_if_fail (LAB_IS_WHAT_IF (self));

  gtk_adjustment_set_value (self->switch_adjustment, (double) ns / 1e6);
}

/**
 * lab_what_if_set_refusal:
 * @self: the controls
 * @message: (nullable): why the what-if asked for cannot run, in words
 *   (another workload than the run shown, a run that was stopped); %NULL
 *   clears it
 *
 * Shows the refusal under the settings, where the person looks after
 * pressing Run What If; the popover stays open so that it can be read.
 */
void
lab_what_if_set_refusal (LabWhatIf  *self,
                         const char *message)
{
  g_return_if_fail (LAB_IS_WHAT_IF (self));

  gtk_label_set_label (self->refusal_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), message != NULL);
}

/**
 * lab_what_if_get_refusal:
 * @self: the controls
 *
 * Returns: (nullable): the refusal shown, or %NULL
 */
const char *
lab_what_if_get_refusal (LabWhatIf *self)
{
  g_return_val_if_fail (LAB_IS_WHAT_IF (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->refusal_label)))
    return NULL;
  return gtk_label_get_label (self->refusal_label);
}

void
lab_what_if_set_can_clear (LabWhatIf *self,
                           gboolean   can_clear)
{
  g_return_if_fail (LAB_IS_WHAT_IF (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "what-if.clear", can_clear);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  LabWhatIf *self = LAB_WHAT_IF (widget);

  /* A value typed but not yet committed with Enter counts. */
  gtk_spin_button_update (self->cores_spin);
  g_signal_emit (self, signals[RUN], 0);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLEAR], 0);
}

static void
lab_what_if_dispose (GObject *object)
{
  GtkWidget *child;

  /* GTK 4.8's gtk_widget_dispose_template() leaves the unnamed children. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lab_what_if_parent_class)->dispose (object);
}

static void
lab_what_if_class_init (LabWhatIfClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_what_if_dispose;

  /**
   * LabWhatIf::run:
   * @self: the controls
   *
   * Run the same workload again with lab_what_if_get_cores() cores and
   * lab_what_if_get_switch_interval_ns().
   */
  signals[RUN] = g_signal_new ("run", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                               NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * LabWhatIf::clear:
   * @self: the controls
   *
   * Show the last run alone again.
   */
  signals[CLEAR] = g_signal_new ("clear", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concurrencylab/ConcurrencyLab/lab-what-if.ui");
  gtk_widget_class_bind_template_child (widget_class, LabWhatIf, cores_row);
  gtk_widget_class_bind_template_child (widget_class, LabWhatIf, cores_spin);
  gtk_widget_class_bind_template_child (widget_class, LabWhatIf, cores_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LabWhatIf, switch_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LabWhatIf, clear_button);
  gtk_widget_class_bind_template_child (widget_class, LabWhatIf, refusal_label);
  gtk_widget_class_install_action (widget_class, "what-if.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "what-if.clear", NULL, clear_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
lab_what_if_init (LabWhatIf *self)
{
  guint available = lab_affinity_count_available ();
  g_autofree char *subtitle = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                              12);

  gtk_adjustment_set_upper (self->cores_adjustment, available);
  /* Half the cores: the first question a class asks of a parallel run. */
  gtk_adjustment_set_value (self->cores_adjustment, MAX (available / 2, 1));
  subtitle = g_strdup_printf (ngettext ("This machine lets the program use %u core",
                                        "This machine lets the program use %u cores", available),
                              available);
  adw_action_row_set_subtitle (self->cores_row, subtitle);
  lab_what_if_set_can_clear (self, FALSE);
}
