/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-workload-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lab-clock.h"
#include "lab-cpu.h"
#include "lab-duration.h"
#include "lab-prediction-entry.h"
#include "lab-workload-panel.h"

/*
 * The sidebar: what to run and how. The workload's text form is the truth
 * (it is what the settings keep and what a lesson sets). The sliders
 * change it the way a person means: Duration scales every task by one
 * factor, Tasks repeats the pattern; both start from the *pattern*, the
 * workload as it was last set by text, a lesson, the kind or the mix, so
 * that dragging back and forth never wears the shape away. The text is
 * shown whole (wrapped) and edited in an entry swapped in by Edit; text
 * that does not parse is said inline and keeps the panel from running.
 */

struct _LabWorkloadPanel
{
  GtkWidget          parent_instance;

  char              *workload;
  LabWorkload       *pattern;          /* what the sliders scale and repeat */
  double             factor;           /* Duration: every duration of the pattern times this */
  guint              n_tasks;          /* Tasks: the pattern repeated to this many */
  char              *models;
  char              *error;            /* why this cannot run, or NULL */
  char              *edit_error;       /* why the text being edited does not parse */
  gboolean           syncing;
  gboolean           dragging;
  GPtrArray         *model_switches;   /* GtkSwitch, in lab_model_get_all() order */
  GPtrArray         *model_rows;       /* AdwActionRow, in the same order */
  GPtrArray         *predictions;      /* LabPredictionEntry, in the same order */

  AdwActionRow      *workload_view_row;
  GtkButton         *edit_button;
  AdwEntryRow       *workload_row;
  GtkLabel          *workload_error_label;
  GtkAdjustment     *count_scale_adjustment;
  GtkAdjustment     *count_adjustment;
  AdwActionRow      *duration_row;
  GtkAdjustment     *duration_adjustment;
  AdwComboRow       *kind_row;
  GtkStringList     *kind_model;
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
  PROP_PATTERN,
  PROP_ERROR,
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

/* Kinds of the combo row, in its order; a fourth item, "Several Kinds",
 * is there only while the workload has several. */
#define KIND_SEVERAL G_N_ELEMENTS (kinds)

/* The reason to refuse a run: text being edited that does not parse
 * comes first, as it is what the person is looking at. */
static void
update_error (LabWorkloadPanel *self)
{
  const char *workload_error = self->edit_error;
  const char *error = workload_error;

  if (error == NULL && (self->models == NULL || *self->models == '\0'))
    error = _("Choose at least one model to run.");
  gtk_label_set_text (self->workload_error_label, workload_error != NULL ? workload_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->workload_error_label), workload_error != NULL);
  adw_preferences_group_set_description (self->models_group,
                                         workload_error == NULL && error != NULL
                                           ? error
                                           : _("Type a guess of a model’s total time beside it; "
                                               "the run judges it"));
  if (workload_error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->workload_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->workload_row), "error");
  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* The slider's log scale, snapped to two significant digits so that the
 * text stays readable ("120 ms", not "118.7 ms"). */
static gint64
duration_from_slider (LabWorkloadPanel *self)
{
  double seconds = pow (10.0, gtk_adjustment_get_value (self->duration_adjustment));
  double magnitude = pow (10.0, floor (log10 (seconds)) - 1);

  seconds = round (seconds / magnitude) * magnitude;
  return CLAMP ((gint64) llround (seconds * 1e9), LAB_NS_PER_US, LAB_DURATION_MAX_NS);
}

/* The workload the sliders make of the pattern. */
static LabWorkload *
shaped (LabWorkloadPanel *self)
{
  g_autoptr(LabWorkload) scaled = NULL;

  scaled = self->factor != 1.0 ? lab_workload_scale (self->pattern, self->factor)
                               : lab_workload_ref (self->pattern);
  if (self->n_tasks == lab_workload_get_n_tasks (scaled))
    return g_steal_pointer (&scaled);
  return lab_workload_resize (scaled, self->n_tasks);
}

/* Shows @workload in the controls, without writing its text again. */
static void
sync_controls (LabWorkloadPanel  *self,
               const LabWorkload *workload)
{
  guint n = lab_workload_get_n_tasks (workload);
  g_autofree char *range = NULL;
  gint64 lo, hi;
  guint before, wait, after;
  LabTaskKind kind;
  gboolean single = lab_workload_get_kind (workload, &kind);
  guint n_kinds = g_list_model_get_n_items (G_LIST_MODEL (self->kind_model));

  self->syncing = TRUE;
  /* Waits up to a million, computations up to 100,000 (lab-workload.h). */
  gtk_adjustment_set_upper (self->count_adjustment, lab_workload_get_max_tasks (workload));
  gtk_adjustment_set_value (self->count_adjustment, n);
  gtk_adjustment_set_value (self->count_scale_adjustment, MIN (n, 64));
  lab_workload_get_range (workload, &lo, &hi);
  gtk_adjustment_set_value (self->duration_adjustment, log10 ((double) hi / LAB_NS_PER_S));
  range = lab_duration_format_range (lo, hi);
  adw_action_row_set_subtitle (self->duration_row, range);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->duration_row),
                               lo == hi ? _("Every task lasts this long")
                                        : _("The shortest and the longest task; dragging scales "
                                            "them all"));
  if (!single && n_kinds == KIND_SEVERAL)
    gtk_string_list_append (self->kind_model, _("Several Kinds"));
  for (guint i = 0; single && i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i] == kind)
      adw_combo_row_set_selected (self->kind_row, i);
  if (!single)
    adw_combo_row_set_selected (self->kind_row, KIND_SEVERAL);
  else if (n_kinds > KIND_SEVERAL)
    gtk_string_list_remove (self->kind_model, KIND_SEVERAL);
  lab_workload_get_mix (workload, &before, &wait, &after);
  gtk_adjustment_set_value (self->mix_adjustment, wait);
  gtk_widget_set_visible (GTK_WIDGET (self->mix_row),
                          lab_workload_has_kind (workload, LAB_TASK_KIND_MIXED));
  self->syncing = FALSE;
}

/* The workload is now @workload: its text, the controls, a notification. */
static void
show_workload (LabWorkloadPanel  *self,
               const LabWorkload *workload)
{
  g_autofree char *text = lab_workload_to_string (workload);

  sync_controls (self, workload);
  if (g_strcmp0 (self->workload, text) == 0)
    return;
  g_free (self->workload);
  self->workload = g_steal_pointer (&text);
  adw_action_row_set_subtitle (self->workload_view_row, self->workload);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->workload_view_row), self->workload);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKLOAD]);
  emit_changed (self);
}

/* A new pattern: the sliders start again from it. */
static void
set_pattern (LabWorkloadPanel *self,
             LabWorkload      *pattern)
{
  g_clear_pointer (&self->pattern, lab_workload_unref);
  self->pattern = lab_workload_ref (pattern);
  self->factor = 1.0;
  self->n_tasks = lab_workload_get_n_tasks (pattern);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATTERN]);
  show_workload (self, pattern);
}

static void
reshape (LabWorkloadPanel *self)
{
  g_autoptr(LabWorkload) workload = shaped (self);

  show_workload (self, workload);
}

/* Duration moved: every task scales with the longest, within 1 µs to an
 * hour for all of them. */
static void
on_duration_changed_cb (LabWorkloadPanel *self)
{
  gint64 lo, hi;

  if (self->syncing || self->pattern == NULL)
    return;
  lab_workload_get_range (self->pattern, &lo, &hi);
  self->factor = CLAMP ((double) duration_from_slider (self) / (double) hi,
                        (double) LAB_NS_PER_US / (double) lo,
                        (double) LAB_DURATION_MAX_NS / (double) hi);
  reshape (self);
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

/* Tasks moved: the pattern, repeated or cut to that many. */
static void
on_count_changed_cb (LabWorkloadPanel *self)
{
  gboolean syncing = self->syncing;

  self->syncing = TRUE;
  gtk_adjustment_set_value (self->count_scale_adjustment,
                            MIN (gtk_adjustment_get_value (self->count_adjustment), 64));
  self->syncing = syncing;
  if (self->syncing || self->pattern == NULL)
    return;
  self->n_tasks = (guint) gtk_adjustment_get_value (self->count_adjustment);
  reshape (self);
}

/* Another kind or mix is another shape: it becomes the pattern. */
static void
on_kind_changed_cb (LabWorkloadPanel *self)
{
  guint selected = adw_combo_row_get_selected (self->kind_row);
  g_autoptr(LabWorkload) current = NULL;
  g_autoptr(LabWorkload) changed = NULL;

  if (self->syncing || self->workload == NULL || selected >= G_N_ELEMENTS (kinds))
    return;
  current = lab_workload_parse (self->workload, NULL);
  changed = lab_workload_with_kind (current, kinds[selected]);
  set_pattern (self, changed);
}

static void
update_mix_label (LabWorkloadPanel *self)
{
  guint wait = (guint) gtk_adjustment_get_value (self->mix_adjustment);
  guint before = (100 - wait) / 2;
  g_autofree char *mix = g_strdup_printf ("%u/%u/%u", before, wait, 100 - wait - before);

  gtk_label_set_label (self->mix_label, mix);
}

static void
on_mix_changed_cb (LabWorkloadPanel *self)
{
  guint wait = (guint) gtk_adjustment_get_value (self->mix_adjustment);
  guint before = (100 - wait) / 2;
  g_autoptr(LabWorkload) current = NULL;
  g_autoptr(LabWorkload) changed = NULL;

  update_mix_label (self);
  if (self->syncing || self->workload == NULL)
    return;
  current = lab_workload_parse (self->workload, NULL);
  changed = lab_workload_with_mix (current, before, wait, 100 - wait - before);
  set_pattern (self, changed);
}

/* Edit: the entry takes the row's place with the text, focused. */
static void
on_edit_workload_cb (LabWorkloadPanel *self)
{
  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->workload_row), self->workload);
  self->syncing = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->workload_view_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->workload_row), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->workload_row));
}

static void
leave_editing (LabWorkloadPanel *self)
{
  gboolean had_focus = gtk_widget_has_focus (GTK_WIDGET (self->workload_row))
                       || gtk_widget_get_focus_child (GTK_WIDGET (self->workload_row)) != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->workload_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->workload_view_row), TRUE);
  g_clear_pointer (&self->edit_error, g_free);
  update_error (self);
  if (had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->workload_view_row));
}

static gboolean
is_editing (LabWorkloadPanel *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->workload_row));
}

/* While text is typed, whether it parses decides whether Run can run it:
 * Run runs what is shown, never the workload from before the edit. */
static void
on_workload_edited_cb (LabWorkloadPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabWorkload) parsed = NULL;

  if (self->syncing || !is_editing (self))
    return;
  parsed = lab_workload_parse (gtk_editable_get_text (GTK_EDITABLE (self->workload_row)), &error);
  g_free (self->edit_error);
  self->edit_error = parsed == NULL ? g_strdup (error->message) : NULL;
  update_error (self);
}

static void
on_workload_apply_cb (LabWorkloadPanel *self)
{
  lab_workload_panel_commit (self);
}

static gboolean
on_entry_key_pressed_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         LabWorkloadPanel      *self)
{
  if (keyval != GDK_KEY_Escape || !is_editing (self))
    return GDK_EVENT_PROPAGATE;
  /* Escape leaves the text as it was (and does not also stop a run). */
  leave_editing (self);
  return GDK_EVENT_STOP;
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
  update_error (self);
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

      /* The subtitle may say why a typed guess is refused, quoting it: text. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
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
    case PROP_PATTERN:
      g_value_take_string (value, lab_workload_panel_dup_pattern (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, lab_workload_panel_get_error (self));
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
    case PROP_PATTERN:
      lab_workload_panel_set_pattern (self, g_value_get_string (value));
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
  g_free (self->error);
  g_free (self->edit_error);
  g_clear_pointer (&self->pattern, lab_workload_unref);
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
  /**
   * LabWorkloadPanel:pattern:
   *
   * The workload the Duration and Tasks sliders start from, in its text
   * form: the workload is this pattern scaled and repeated. Setting a
   * pattern that the workload is not a scaled, repeated form of makes the
   * workload its own pattern.
   */
  properties[PROP_PATTERN] =
    g_param_spec_string ("pattern", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LabWorkloadPanel:error:
   *
   * Why what the panel shows cannot run (text being edited that does not
   * parse, no model chosen), or %NULL. The panel says it inline too.
   */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
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
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, workload_view_row);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, edit_button);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, workload_row);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, workload_error_label);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, count_scale_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, count_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, duration_row);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, duration_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, kind_row);
  gtk_widget_class_bind_template_child (widget_class, LabWorkloadPanel, kind_model);
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
  gtk_widget_class_bind_template_callback (widget_class, on_workload_edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_edit_workload_cb);
}

static void
lab_workload_panel_init (LabWorkloadPanel *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->factor = 1.0;
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
                           G_CALLBACK (on_duration_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mix_adjustment, "value-changed",
                           G_CALLBACK (on_mix_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->kind_row, "notify::selected",
                           G_CALLBACK (on_kind_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workers_adjustment, "value-changed",
                           G_CALLBACK (on_workers_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->switch_interval_adjustment, "value-changed",
                           G_CALLBACK (on_switch_interval_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->all_at_once_switch, "notify::active",
                           G_CALLBACK (on_all_at_once_changed_cb), self, G_CONNECT_SWAPPED);

  /* Capture: the entry row's own text field would take Escape first. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_entry_key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->workload_row), keys);

  update_mix_label (self);
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

  g_return_val_if_fail (LAB_IS_WORKLOAD_PANEL (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  workload = lab_workload_parse (text, error);
  if (workload == NULL)
    return FALSE;
  if (is_editing (self))
    leave_editing (self);
  set_pattern (self, workload);
  return TRUE;
}

/**
 * lab_workload_panel_commit:
 * @self: the panel
 *
 * Applies the text being edited, if any, as a person pressing Enter does.
 *
 * Returns: whether the panel now shows a workload that can run: %FALSE
 *   when the text being edited does not parse (the panel says why)
 */
gboolean
lab_workload_panel_commit (LabWorkloadPanel *self)
{
  g_autoptr(GError) error = NULL;
  const char *text;

  g_return_val_if_fail (LAB_IS_WORKLOAD_PANEL (self), FALSE);

  if (!is_editing (self))
    return TRUE;
  text = gtk_editable_get_text (GTK_EDITABLE (self->workload_row));
  if (!lab_workload_panel_set_workload (self, text, &error))
    {
      g_free (self->edit_error);
      self->edit_error = g_strdup (error->message);
      update_error (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * lab_workload_panel_get_error:
 * @self: the panel
 *
 * Returns: (nullable): why what the panel shows cannot run, or %NULL
 */
const char *
lab_workload_panel_get_error (LabWorkloadPanel *self)
{
  g_return_val_if_fail (LAB_IS_WORKLOAD_PANEL (self), NULL);

  return self->error;
}

/**
 * lab_workload_panel_dup_pattern:
 * @self: the panel
 *
 * Returns: (transfer full): the workload the sliders start from, as text
 */
char *
lab_workload_panel_dup_pattern (LabWorkloadPanel *self)
{
  g_return_val_if_fail (LAB_IS_WORKLOAD_PANEL (self), NULL);

  return self->pattern != NULL ? lab_workload_to_string (self->pattern) : NULL;
}

/**
 * lab_workload_panel_set_pattern:
 * @self: the panel
 * @text: (nullable): a workload that the current one is a scaled and
 *   repeated form of (a lesson's, from the settings)
 *
 * Lets the sliders start from @text again, as they did before the
 * settings were saved. Where the workload is no such form of @text (or
 * @text does not parse), the workload is its own pattern.
 */
void
lab_workload_panel_set_pattern (LabWorkloadPanel *self,
                                const char       *text)
{
  g_autoptr(LabWorkload) pattern = NULL;
  g_autoptr(LabWorkload) current = NULL;
  g_autoptr(LabWorkload) scaled = NULL;
  g_autoptr(LabWorkload) again = NULL;
  gint64 lo, hi, pattern_hi;

  g_return_if_fail (LAB_IS_WORKLOAD_PANEL (self));

  pattern = text != NULL ? lab_workload_parse (text, NULL) : NULL;
  current = lab_workload_parse (self->workload, NULL);
  if (pattern == NULL || current == NULL)
    return;
  lab_workload_get_range (current, &lo, &hi);
  lab_workload_get_range (pattern, NULL, &pattern_hi);
  scaled = lab_workload_scale (pattern, (double) hi / (double) pattern_hi);
  again = lab_workload_resize (scaled, lab_workload_get_n_tasks (current));
  if (!lab_workload_equal (again, current))
    return;
  g_clear_pointer (&self->pattern, lab_workload_unref);
  self->pattern = g_steal_pointer (&pattern);
  self->factor = (double) hi / (double) pattern_hi;
  self->n_tasks = lab_workload_get_n_tasks (current);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATTERN]);
}

/**
 * lab_workload_panel_get_scale:
 * @self: the panel
 * @out_n_tasks: (out) (optional): the tasks the pattern is repeated to
 *
 * Returns: the factor on every duration of the pattern
 */
double
lab_workload_panel_get_scale (LabWorkloadPanel *self,
                              guint            *out_n_tasks)
{
  g_return_val_if_fail (LAB_IS_WORKLOAD_PANEL (self), 1.0);

  if (out_n_tasks != NULL)
    *out_n_tasks = self->n_tasks;
  return self->factor;
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

/**
 * lab_workload_panel_dup_plan:
 * @self: the panel
 * @error: why the panel's choices cannot run, as a #LabError
 *
 * What the sidebar would run now, whole: its workload, its models with
 * their workers, the workers, the switch interval and the order, on every
 * core. The window runs it, and What If compares it with the run shown.
 *
 * Returns: (transfer full) (nullable): the plan, or %NULL with @error
 */
LabRunPlan *
lab_workload_panel_dup_plan (LabWorkloadPanel  *self,
                             GError           **error)
{
  g_autoptr(LabWorkload) workload = NULL;
  g_autoptr(GArray) entries = NULL;
  g_autoptr(LabRunPlanBuilder) builder = NULL;

  g_return_val_if_fail (LAB_IS_WORKLOAD_PANEL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  workload = lab_workload_parse (self->workload, error);
  if (workload == NULL)
    return NULL;
  /* A lesson may run one model twice, each with its own workers. */
  entries = lab_run_entries_parse (self->models, lab_cpu_count (), error);
  if (entries == NULL)
    return NULL;
  builder = lab_run_plan_builder_new (workload, (guint) lab_workload_panel_get_workers (self));
  lab_run_entries_add_to_plan (entries, builder);
  lab_run_plan_builder_set_switch_interval_ns (builder,
                                               (gint64) (lab_workload_panel_get_switch_interval (self)
                                                         * LAB_NS_PER_MS));
  lab_run_plan_builder_set_all_at_once (builder, lab_workload_panel_get_all_at_once (self));
  return lab_run_plan_builder_end (builder);
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
