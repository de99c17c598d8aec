/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-workload-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lab-clock.h"
#include "lab-duration.h"
#include "lab-prediction-entry.h"
#include "lab-workload-panel.h"

/*
 * The sidebar: what to run and how. The workload's text form is the truth
 * (it is what the settings keep and what a preset sets); the sliders edit
 * its simple shape "KIND COUNTxDURATION [mix=…]". A workload the sliders
 * cannot express exactly ("io 3,1,2s") keeps its text, and the sliders show
 * its task count, its longest task and its kind until one is moved.
 */

struct _LabWorkloadPanel
{
  GtkWidget          parent_instance;

  char              *workload;
  char              *models;
  gboolean           syncing;
  gboolean           dragging;
  GPtrArray         *model_switches;   /* GtkSwitch, in lab_model_get_all() order */
  GPtrArray         *model_rows;       /* AdwActionRow, in the same order */
  GPtrArray         *predictions;      /* LabPredictionEntry, in the same order */

  AdwEntryRow       *workload_row;
  GtkAdjustment     *count_scale_adjustment;
  GtkAdjustment     *count_adjustment;
  GtkAdjustment     *duration_adjustment;
  GtkLabel          *duration_label;
  AdwComboRow       *kind_row;
  AdwActionRow      *mix_row;
  GtkAdjustment     *mix_adjustment;
  GtkLabel          *mix_label;
  AdwPreferencesGroup *models_group;
  GtkAdjustment     *workers_adjustment;
  GtkAdjustment     *switch_interval_adjustment;
  GtkSwitch         *all_at_once_switch;
  GtkScale          *count_scale;
  GtkScale          *duration_scale;
  GtkScale          *mix_scale;
};

G_DEFINE_FINAL_TYPE (LabWorkloadPanel, lab_workload_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKLOAD,
  PROP_MODELS,
  PROP_WORKERS,
  PROP_SWITCH_INTERVAL,
  PROP_ALL_AT_ONCE,
  N_PROPS
};

enum {
  CHANGED,
  PREDICTIONS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const LabTaskKind kinds[] = { LAB_TASK_KIND_IO, LAB_TASK_KIND_CPU, LAB_TASK_KIND_MIXED };

static void
emit_changed (LabWorkloadPanel *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The slider's log scale, snapped to two significant digits so that the
 * text stays readable ("120 ms", not "118.7 ms"). */
static gint64
duration_from_slider (LabWorkloadPanel *self)
{
  double seconds = pow (10.0, gtk_adjustment_get_value (self->duration_adjustment));
  double magnitude = pow (10.0, floor (log10 (seconds)) - 1);

  seconds = round (seconds / magnitude) * magnitude;
  return MAX (LAB_NS_PER_MS, (gint64) llround (seconds * 1000.0) * LAB_NS_PER_MS);
}

static void
update_labels (LabWorkloadPanel *self)
{
  g_autofree char *duration = lab_duration_format (duration_from_slider (self));
  g_autofree char *mix = NULL;
  guint wait = (guint) gtk_adjustment_get_value (self->mix_adjustment);
  guint before = (100 - wait) / 2;

  gtk_label_set_label (self->duration_label, duration);
  mix = g_strdup_printf ("%u/%u/%u", before, wait, 100 - wait - before);
  gtk_label_set_label (self->mix_label, mix);
  gtk_widget_set_visible (GTK_WIDGET (self->mix_row),
                          adw_combo_row_get_selected (self->kind_row) == 2);
}

static void
set_workload_text (LabWorkloadPanel *self,
                   const char       *text)
{
  if (g_strcmp0 (self->workload, text) == 0)
    return;
  g_free (self->workload);
  self->workload = g_strdup (text);
  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->workload_row), text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->workload_row), "error");
  self->syncing = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKLOAD]);
  emit_changed (self);
}

/* The sliders moved: the workload becomes their simple shape. */
static void
on_control_changed_cb (LabWorkloadPanel *self)
{
  guint kind_index = MIN (adw_combo_row_get_selected (self->kind_row), 2);
  guint count = (guint) gtk_adjustment_get_value (self->count_adjustment);
  g_autofree char *duration = lab_duration_to_string (duration_from_slider (self));
  g_autofree char *text = NULL;

  update_labels (self);
  if (self->syncing)
    return;
  if (kinds[kind_index] == LAB_TASK_KIND_MIXED)
    {
      guint wait = (guint) gtk_adjustment_get_value (self->mix_adjustment);
      guint before = (100 - wait) / 2;

      text = g_strdup_printf ("mixed %ux%s mix=%u/%u/%u", count, duration,
                              before, wait, 100 - wait - before);
    }
  else
    text = g_strdup_printf ("%s %ux%s", lab_task_kind_to_string (kinds[kind_index]),
                            count, duration);
  set_workload_text (self, text);
}

static void
on_count_scale_changed_cb (LabWorkloadPanel *self)
{
  double value = gtk_adjustment_get_value (self->count_scale_adjustment);

  /* The spin button allows more than the slider shows; the slider only
   * drives it within its own range. */
  if (self->syncing || gtk_adjustment_get_value (self->count_adjustment) == value)
    return;
  gtk_adjustment_set_value (self->count_adjustment, value);
}

static void
on_count_changed_cb (LabWorkloadPanel *self)
{
  gboolean syncing = self->syncing;

  self->syncing = TRUE;
  gtk_adjustment_set_value (self->count_scale_adjustment,
                            MIN (gtk_adjustment_get_value (self->count_adjustment), 64));
  self->syncing = syncing;
  on_control_changed_cb (self);
}

/* Sets the sliders from a parsed workload, without rewriting its text. */
static void
sync_controls (LabWorkloadPanel  *self,
               const LabWorkload *workload)
{
  guint n = lab_workload_get_n_tasks (workload);
  const LabTaskSpec *first = lab_workload_get_task (workload, 0);
  gint64 longest = lab_workload_get_longest_ns (workload);
  guint before, wait, after;

  self->syncing = TRUE;
  gtk_adjustment_set_value (self->count_adjustment, n);
  gtk_adjustment_set_value (self->count_scale_adjustment, MIN (n, 64));
  gtk_adjustment_set_value (self->duration_adjustment,
                            log10 (MAX ((double) longest / LAB_NS_PER_S, 0.001)));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i] == first->kind)
      adw_combo_row_set_selected (self->kind_row, i);
  lab_workload_get_mix (workload, &before, &wait, &after);
  gtk_adjustment_set_value (self->mix_adjustment, wait);
  self->syncing = FALSE;
  update_labels (self);
}

static void
on_workload_apply_cb (LabWorkloadPanel *self)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->workload_row));

  if (!lab_workload_panel_set_workload (self, text, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->workload_row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->workload_row), error->message);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->workload_row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message, -1);
    }
}

static void
on_model_toggled_cb (LabWorkloadPanel *self)
{
  guint n_models;
  const LabModel * const *all = lab_model_get_all (&n_models);
  g_autoptr(GString) ids = g_string_new (NULL);

  if (self->syncing)
    return;
  for (guint i = 0; i < n_models; i++)
    if (gtk_switch_get_active (g_ptr_array_index (self->model_switches, i)))
      g_string_append_printf (ids, "%s%s", ids->len > 0 ? "," : "", all[i]->id);
  if (g_strcmp0 (self->models, ids->str) == 0)
    return;
  g_free (self->models);
  self->models = g_strdup (ids->str);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODELS]);
  emit_changed (self);
}

/* A guess changed: its row says why text is refused, under the model's
 * name, until it is fixed. */
static void
on_prediction_changed_cb (LabWorkloadPanel *self)
{
  guint n_models;
  const LabModel * const *all = lab_model_get_all (&n_models);

  for (guint i = 0; i < n_models; i++)
    {
      const char *error = lab_prediction_entry_get_error (g_ptr_array_index (self->predictions, i));
      GtkWidget *row = g_ptr_array_index (self->model_rows, i);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), error != NULL ? error : _(all[i]->summary));
      if (error != NULL)
        gtk_widget_add_css_class (row, "prediction-error");
      else
        gtk_widget_remove_css_class (row, "prediction-error");
    }
  if (!self->syncing)
    g_signal_emit (self, signals[PREDICTIONS_CHANGED], 0);
}

static void
add_model_rows (LabWorkloadPanel *self)
{
  guint n_models;
  const LabModel * const *all = lab_model_get_all (&n_models);

  for (guint i = 0; i < n_models; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();
      GtkWidget *guess;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lab_model_get_name (all[i]));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(all[i]->summary));
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      lab_model_get_name (all[i]), -1);
      guess = lab_prediction_entry_new (lab_model_get_name (all[i]));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), guess);
      g_signal_connect_object (guess, "notify::predicted-ns", G_CALLBACK (on_prediction_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (guess, "notify::error", G_CALLBACK (on_prediction_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->predictions, guess);
      g_ptr_array_add (self->model_rows, row);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      g_signal_connect_object (toggle, "notify::active", G_CALLBACK (on_model_toggled_cb),
                               self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->model_switches, toggle);
      adw_preferences_group_add (self->models_group, row);
    }
}

/* A slider re-runs when it is let go, not while it moves: the pointer's
 * press and release are watched before the slider takes them. */
static gboolean
on_scale_event_cb (GtkEventControllerLegacy *controller,
                   GdkEvent                 *event,
                   LabWorkloadPanel         *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
      self->dragging = TRUE;
      break;
    case GDK_BUTTON_RELEASE:
    case GDK_TOUCH_END:
    case GDK_TOUCH_CANCEL:
      if (self->dragging)
        {
          self->dragging = FALSE;
          emit_changed (self);
        }
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
watch_scale (LabWorkloadPanel *self,
             GtkScale         *scale)
{
  GtkEventController *controller = gtk_event_controller_legacy_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "event", G_CALLBACK (on_scale_event_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (scale), controller);
}

static void
on_workers_changed_cb (LabWorkloadPanel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKERS]);
  emit_changed (self);
}

static void
on_switch_interval_changed_cb (LabWorkloadPanel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SWITCH_INTERVAL]);
  emit_changed (self);
}

static void
on_all_at_once_changed_cb (LabWorkloadPanel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALL_AT_ONCE]);
  emit_changed (self);
}

static void
lab_workload_panel_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LabWorkloadPanel *self = LAB_WORKLOAD_PANEL (object);

  switch (prop_id)
    {
    case PROP_WORKLOAD:
      g_value_set_string (value, lab_workload_panel_get_workload (self));
      break;
    case PROP_MODELS:
      g_value_set_string (value, lab_workload_panel_get_models (self));
      break;
    case PROP_WORKERS:
      g_value_set_int (value, lab_workload_panel_get_workers (self));
      break;
    case PROP_SWITCH_INTERVAL:
      g_value_set_double (value, lab_workload_panel_get_switch_interval (self));
      break;
    case PROP_ALL_AT_ONCE:
      g_value_set_boolean (value, lab_workload_panel_get_all_at_once (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_workload_panel_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LabWorkloadPanel *self = LAB_WORKLOAD_PANEL (object);
  g_autoptr(GError) error = NULL;

  switch (prop_id)
    {
    case PROP_WORKLOAD:
      /* A stored text that no longer parses keeps the current workload. */
      if (!lab_workload_panel_set_workload (self, g_value_get_string (value), &error))
        g_debug ("Ignoring workload “%s”: %s", g_value_get_string (value), error->message);
      break;
    case PROP_MODELS:
      lab_workload_panel_set_models (self, g_value_get_string (value));
      break;
    case PROP_WORKERS:
      lab_workload_panel_set_workers (self, g_value_get_int (value));
      break;
    case PROP_SWITCH_INTERVAL:
      lab_workload_panel_set_switch_interval (self, g_value_get_double (value));
      break;
    case PROP_ALL_AT_ONCE:
      lab_workload_panel_set_all_at_once (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_workload_panel_dispose (GObject *object)
{
  LabWorkloadPanel *self = LAB_WORKLOAD_PANEL (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lab_workload_panel_parent_class)->dispose (object);
}

static void
lab_workload_panel_finalize (GObject *object)
{
  LabWorkloadPanel *self = LAB_WORKLOAD_PANEL (object);

  g_free (self->workload);
  g_free (self->models);
  g_ptr_array_unref (self->model_switches);
  g_ptr_array_unref (self->model_rows);
  g_ptr_array_unref (self->predictions);

  G_OBJECT_CLASS (lab_workload_panel_parent_class)->finalize (object);
}

static void
lab_workload_panel_class_init (LabWorkloadPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lab_workload_panel_get_property;
  object_class->set_property = lab_workload_panel_set_property;
  object_class->dispose = lab_workload_panel_dispose;
  object_class->finalize = lab_workload_panel_finalize;

  properties[PROP_WORKLOAD] =
    g_param_spec_string ("workload", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODELS] =
    g_param_spec_string ("models", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WORKERS] =
    g_param_spec_int ("workers", NULL, NULL, -1, 32, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SWITCH_INTERVAL] =
    g_param_spec_double ("switch-interval", NULL, NULL, 0.1, 100, 5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALL_AT_ONCE] =
    g_param_spec_boolean ("all-at-once", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LabWorkloadPanel::changed:
   * @self: the panel
   *
   * Something that decides the run changed, or a slider was let go.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * LabWorkloadPanel::predictions-changed:
   * @self: the panel
   *
   * The learner edited a guess. Not a change of what runs: no new run.
   */
  signals[PREDICTIONS_CHANGED] = g_signal_new ("predictions-changed", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "lab-workload-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, workload_row);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, count_scale_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, count_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, duration_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, duration_label);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, kind_row);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, mix_row);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, mix_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, mix_label);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, models_group);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, workers_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, switch_interval_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, all_at_once_switch);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, count_scale);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, duration_scale);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, mix_scale);
  gtk_widget_class_bind_template_callback (widget_class, on_workload_apply_cb);
}

static void
lab_workload_panel_init (LabWorkloadPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->model_switches = g_ptr_array_new ();
  self->model_rows = g_ptr_array_new ();
  self->predictions = g_ptr_array_new ();
  self->models = g_strdup ("");
  add_model_rows (self);
  gtk_adjustment_set_value (self->workers_adjustment, g_get_num_processors ());

  watch_scale (self, self->count_scale);
  watch_scale (self, self->duration_scale);
  watch_scale (self, self->mix_scale);
  g_signal_connect_object (self->count_scale_adjustment, "value-changed",
                           G_CALLBACK (on_count_scale_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->count_adjustment, "value-changed",
                           G_CALLBACK (on_count_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->duration_adjustment, "value-changed",
                           G_CALLBACK (on_control_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mix_adjustment, "value-changed",
                           G_CALLBACK (on_control_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->kind_row, "notify::selected",
                           G_CALLBACK (on_control_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workers_adjustment, "value-changed",
                           G_CALLBACK (on_workers_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->switch_interval_adjustment, "value-changed",
                           G_CALLBACK (on_switch_interval_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->all_at_once_switch, "notify::active",
                           G_CALLBACK (on_all_at_once_changed_cb), self, G_CONNECT_SWAPPED);

  lab_workload_panel_set_workload (self, "io 3,1,2s", NULL);
  lab_workload_panel_set_models (self, "sequential,event-loop");
}

GtkWidget *
lab_workload_panel_new (void)
{
  return g_object_new (LAB_TYPE_WORKLOAD_PANEL, NULL);
}

/**
 * lab_workload_panel_get_workload:
 * @self: the panel
 *
 * Returns: the workload in its text form; it always parses
 */
const char *
lab_workload_panel_get_workload (LabWorkloadPanel *self)
{
  g_return_val_if_fail (LAB_IS_WORKLOAD_PANEL (self), NULL);

  return self->workload;
}

/**
 * lab_workload_panel_set_workload:
 * @self: the panel
 * @text: a workload in the text form of lab-workload.h
 * @error: where a parse error goes
 *
 * Returns: whether @text parsed; if not, nothing changes
 */
gboolean
lab_workload_panel_set_workload (LabWorkloadPanel  *self,
                                 const char        *text,
                                 GError           **error)
{
  g_autoptr(LabWorkload) workload = NULL;
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (LAB_IS_WORKLOAD_PANEL (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  workload = lab_workload_parse (text, error);
  if (workload == NULL)
    return FALSE;
  canonical = lab_workload_to_string (workload);
  sync_controls (self, workload);
  set_workload_text (self, canonical);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->workload_row), NULL);
  return TRUE;
}

/**
 * lab_workload_panel_dup_parsed:
 * @self: the panel
 *
 * Returns: (transfer full): the workload
 */
LabWorkload *
lab_workload_panel_dup_parsed (LabWorkloadPanel *self)
{
  g_return_val_if_fail (LAB_IS_WORKLOAD_PANEL (self), NULL);

  return lab_workload_parse (self->workload, NULL);
}

const char *
lab_workload_panel_get_models (LabWorkloadPanel *self)
{
  g_return_val_if_fail (LAB_IS_WORKLOAD_PANEL (self), NULL);

  return self->models;
}

/**
 * lab_workload_panel_set_models:
 * @self: the panel
 * @models: run entries separated by commas, as lab_run_entries_parse()
 *   reads them ("sequential,threads", "threads:tasks,threads:cores");
 *   unknown ids are ignored
 *
 * Entries with their own worker counts (a lesson that runs one model
 * twice) are kept as given, as a workload the sliders cannot express is,
 * with the switches of their models on, until a switch is moved.
 */
void
lab_workload_panel_set_models (LabWorkloadPanel *self,
                               const char       *models)
{
  guint n_models;
  const LabModel * const *all = lab_model_get_all (&n_models);
  g_auto(GStrv) ids = NULL;

  g_return_if_fail (LAB_IS_WORKLOAD_PANEL (self));
  g_return_if_fail (models != NULL);

  ids = g_strsplit (models, ",", -1);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      char *colon = strchr (ids[i], ':');

      if (colon != NULL)
        *colon = '\0';
      g_strstrip (ids[i]);
    }
  self->syncing = TRUE;
  for (guint i = 0; i < n_models; i++)
    gtk_switch_set_active (g_ptr_array_index (self->model_switches, i),
                           g_strv_contains ((const char * const *) ids, all[i]->id));
  self->syncing = FALSE;
  on_model_toggled_cb (self);
  if (strchr (models, ':') != NULL && g_strcmp0 (self->models, models) != 0)
    {
      g_free (self->models);
      self->models = g_strdup (models);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODELS]);
      emit_changed (self);
    }
}

int
lab_workload_panel_get_workers (LabWorkloadPanel *self)
{
  g_return_val_if_fail (LAB_IS_WORKLOAD_PANEL (self), 0);

  return (int) gtk_adjustment_get_value (self->workers_adjustment);
}

/**
 * lab_workload_panel_set_workers:
 * @self: the panel
 * @workers: threads or processes of the pools; 0: one thread per task;
 *   -1: the number of cores
 */
void
lab_workload_panel_set_workers (LabWorkloadPanel *self,
                                int               workers)
{
  g_return_if_fail (LAB_IS_WORKLOAD_PANEL (self));

  if (workers < 0)
    workers = (int) g_get_num_processors ();
  gtk_adjustment_set_value (self->workers_adjustment, MIN (workers, 32));
}

double
lab_workload_panel_get_switch_interval (LabWorkloadPanel *self)
{
  g_return_val_if_fail (LAB_IS_WORKLOAD_PANEL (self), 5.0);

  return gtk_adjustment_get_value (self->switch_interval_adjustment);
}

void
lab_workload_panel_set_switch_interval (LabWorkloadPanel *self,
                                        double            ms)
{
  g_return_if_fail (LAB_IS_WORKLOAD_PANEL (self));

  gtk_adjustment_set_value (self->switch_interval_adjustment, ms);
}

gboolean
lab_workload_panel_get_all_at_once (LabWorkloadPanel *self)
{
  g_return_val_if_fail (LAB_IS_WORKLOAD_PANEL (self), FALSE);

  return gtk_switch_get_active (self->all_at_once_switch);
}

void
lab_workload_panel_set_all_at_once (LabWorkloadPanel *self,
                                    gboolean          all_at_once)
{
  g_return_if_fail (LAB_IS_WORKLOAD_PANEL (self));

  gtk_switch_set_active (self->all_at_once_switch, all_at_once);
}

/**
 * lab_workload_panel_is_dragging:
 * @self: the panel
 *
 * Returns: whether a slider is being dragged (a run waits for its release)
 */
gboolean
lab_workload_panel_is_dragging (LabWorkloadPanel *self)
{
  g_return_val_if_fail (LAB_IS_WORKLOAD_PANEL (self), FALSE);

  return self->dragging;
}

static gint
model_index (const char *model_id)
{
  guint n_models;
  const LabModel * const *all = lab_model_get_all (&n_models);

  for (guint i = 0; i < n_models; i++)
    if (g_strcmp0 (all[i]->id, model_id) == 0)
      return (gint) i;
  return -1;
}

/**
 * lab_workload_panel_get_prediction_entry:
 * @self: the panel
 * @model_id: a model id
 *
 * Returns: (transfer none) (nullable): the guess field beside the model
 */
GtkWidget *
lab_workload_panel_get_prediction_entry (LabWorkloadPanel *self,
                                         const char       *model_id)
{
  gint i;

  g_return_val_if_fail (LAB_IS_WORKLOAD_PANEL (self), NULL);

  i = model_index (model_id);
  return i >= 0 ? g_ptr_array_index (self->predictions, i) : NULL;
}

/**
 * lab_workload_panel_get_prediction:
 * @self: the panel
 * @model_id: a model id
 *
 * Returns: the guess of the model's total time in nanoseconds; 0 when its
 *   field is empty or does not hold a duration
 */
gint64
lab_workload_panel_get_prediction (LabWorkloadPanel *self,
                                   const char       *model_id)
{
  GtkWidget *entry = lab_workload_panel_get_prediction_entry (self, model_id);

  return entry != NULL ? lab_prediction_entry_get_predicted_ns (LAB_PREDICTION_ENTRY (entry)) : 0;
}

/**
 * lab_workload_panel_set_prediction:
 * @self: the panel
 * @model_id: a model id
 * @predicted_ns: the guess to show; 0 empties the field
 *
 * Shows a stored guess without emitting #LabWorkloadPanel::predictions-changed.
 */
void
lab_workload_panel_set_prediction (LabWorkloadPanel *self,
                                   const char       *model_id,
                                   gint64            predicted_ns)
{
  GtkWidget *entry = lab_workload_panel_get_prediction_entry (self, model_id);
  gboolean syncing;

  if (entry == NULL)
    return;
  syncing = self->syncing;
  self->syncing = TRUE;
  lab_prediction_entry_set_predicted_ns (LAB_PREDICTION_ENTRY (entry), predicted_ns);
  self->syncing = syncing;
}
