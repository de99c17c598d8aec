/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-export.h"
#include "lab-export-dialog.h"
#include "lab-file-actions.h"

/*
 * "Save Image": the format, size and colours of the exported chart, then a
 * file chooser, then the file written through the shared renderer. A
 * failure is shown in the dialog, which stays open to try elsewhere. The
 * choices are properties, so that the window can remember them with
 * g_settings_bind().
 */

struct _LabExportDialog
{
  AdwWindow              parent_instance;

  LabComparison         *comparison;
  LabChartOptions        screen_options;
  GFile                 *file;
  GtkNativeDialog       *chooser;
  char                  *error;

  LabExportDialogFormat  format;
  LabExportDialogSize    size;
  LabExportDialogTheme   theme;
  gboolean               transparent;
  gboolean               title_band;

  AdwComboRow           *format_row;
  AdwComboRow           *size_row;
  AdwComboRow           *theme_row;
  GtkSwitch             *transparent_switch;
  GtkSwitch             *title_switch;
  AdwEntryRow           *title_row;
  AdwEntryRow           *claim_row;
  GtkStringList         *size_model;
  GtkRevealer           *error_revealer;
  GtkLabel              *error_label;
};

G_DEFINE_FINAL_TYPE (LabExportDialog, lab_export_dialog, ADW_TYPE_WINDOW)

G_DEFINE_ENUM_TYPE (LabExportDialogFormat, lab_export_dialog_format,
  G_DEFINE_ENUM_VALUE (LAB_EXPORT_DIALOG_FORMAT_PNG, "png"),
  G_DEFINE_ENUM_VALUE (LAB_EXPORT_DIALOG_FORMAT_SVG, "svg"),
  G_DEFINE_ENUM_VALUE (LAB_EXPORT_DIALOG_FORMAT_PDF, "pdf"))

G_DEFINE_ENUM_TYPE (LabExportDialogSize, lab_export_dialog_size,
  G_DEFINE_ENUM_VALUE (LAB_EXPORT_DIALOG_SIZE_SLIDE, "slide"),
  G_DEFINE_ENUM_VALUE (LAB_EXPORT_DIALOG_SIZE_HD, "hd"),
  G_DEFINE_ENUM_VALUE (LAB_EXPORT_DIALOG_SIZE_SCREEN, "screen"))

G_DEFINE_ENUM_TYPE (LabExportDialogTheme, lab_export_dialog_theme,
  G_DEFINE_ENUM_VALUE (LAB_EXPORT_DIALOG_THEME_LIGHT, "light"),
  G_DEFINE_ENUM_VALUE (LAB_EXPORT_DIALOG_THEME_DARK, "dark"),
  G_DEFINE_ENUM_VALUE (LAB_EXPORT_DIALOG_THEME_APP, "app"))

enum {
  PROP_0,
  PROP_FORMAT,
  PROP_SIZE,
  PROP_THEME,
  PROP_TRANSPARENT,
  PROP_TITLE_BAND,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const LabExportFormat export_formats[] = {
  [LAB_EXPORT_DIALOG_FORMAT_PNG] = LAB_EXPORT_PNG,
  [LAB_EXPORT_DIALOG_FORMAT_SVG] = LAB_EXPORT_SVG,
  [LAB_EXPORT_DIALOG_FORMAT_PDF] = LAB_EXPORT_PDF,
};

static const struct {
  int width;
  int height;
} fixed_sizes[] = {
  [LAB_EXPORT_DIALOG_SIZE_SLIDE] = { LAB_CHART_SLIDE_WIDTH, LAB_CHART_SLIDE_HEIGHT },
  [LAB_EXPORT_DIALOG_SIZE_HD] = { 1280, 720 },
};

/* "As on Screen" for a chart that was never shown. */
#define FALLBACK_WIDTH 1280
#define FALLBACK_HEIGHT 720

static void
fill_size_model (LabExportDialog *self)
{
  g_autofree char *slide = NULL;
  g_autofree char *hd = NULL;
  g_autofree char *screen = NULL;

  /* Translators: the size of an exported image, in pixels */
  slide = g_strdup_printf (_("Slide (%d × %d)"),
                           fixed_sizes[LAB_EXPORT_DIALOG_SIZE_SLIDE].width,
                           fixed_sizes[LAB_EXPORT_DIALOG_SIZE_SLIDE].height);
  /* Translators: the size of an exported image, in pixels */
  hd = g_strdup_printf (_("HD (%d × %d)"),
                        fixed_sizes[LAB_EXPORT_DIALOG_SIZE_HD].width,
                        fixed_sizes[LAB_EXPORT_DIALOG_SIZE_HD].height);
  /* Translators: the size of an exported image: that of the chart in the window, in pixels */
  screen = g_strdup_printf (_("As on Screen (%d × %d)"),
                            (int) self->screen_options.width,
                            (int) self->screen_options.height);
  gtk_string_list_splice (self->size_model, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->size_model)),
                          (const char * const[]) { slide, hd, screen, NULL });
  adw_combo_row_set_selected (self->size_row, self->size);
}

static void
show_error (LabExportDialog *self,
            const char      *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static char *
suggest_file_name (LabExportDialog *self)
{
  /* Translators: a word of a saved image's name: a what-if pair */
  return lab_file_actions_suggest_name (self->comparison,
                                        self->screen_options.baseline != NULL ? _("what-if") : NULL,
                                        lab_export_format_to_string (export_formats[self->format]));
}

/* The name typed in the file chooser decides: a known extension selects
 * its format, a missing one gets the chosen format's. */
static GFile *
file_with_extension (LabExportDialog *self,
                     GFile           *file)
{
  g_autofree char *path = g_file_get_path (file);
  LabExportFormat format;
  g_autofree char *with_extension = NULL;

  if (path == NULL)
    return g_object_ref (file);
  if (lab_export_format_from_path (path, &format, NULL))
    {
      for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
        if (export_formats[i] == format)
          lab_export_dialog_set_format (self, i);
      return g_object_ref (file);
    }
  with_extension = g_strconcat (path, ".", lab_export_format_to_string (export_formats[self->format]),
                                NULL);
  return g_file_new_for_path (with_extension);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        LabExportDialog *self)
{
  g_autoptr(GFile) chosen = NULL;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);

  if (chosen == NULL)
    return;

  file = file_with_extension (self, chosen);
  /* On failure the error is shown in the dialog, which stays open. */
  if (lab_export_dialog_save_to_file (self, file, NULL))
    gtk_window_close (GTK_WINDOW (self));
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LabExportDialog *self = LAB_EXPORT_DIALOG (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = suggest_file_name (self);
  const char *extension = lab_export_format_to_string (export_formats[self->format]);
  GtkStringObject *label = adw_combo_row_get_selected_item (self->format_row);
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;

  show_error (self, NULL);
  chooser = gtk_file_chooser_native_new (_("Save Image"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  if (label != NULL)
    gtk_file_filter_set_name (filter, gtk_string_object_get_string (label));
  gtk_file_filter_add_suffix (filter, extension);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response_cb), self, 0);
  gtk_native_dialog_show (self->chooser);
}

static void
on_row_selected_cb (AdwComboRow     *row,
                    GParamSpec      *pspec,
                    LabExportDialog *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  if (row == self->format_row)
    lab_export_dialog_set_format (self, MIN (selected, LAB_EXPORT_DIALOG_FORMAT_PDF));
  else if (row == self->size_row)
    lab_export_dialog_set_size (self, MIN (selected, LAB_EXPORT_DIALOG_SIZE_SCREEN));
  else if (row == self->theme_row)
    lab_export_dialog_set_theme (self, MIN (selected, LAB_EXPORT_DIALOG_THEME_APP));
}

static void
on_transparent_changed_cb (GtkSwitch       *toggle,
                           GParamSpec      *pspec,
                           LabExportDialog *self)
{
  lab_export_dialog_set_transparent (self, gtk_switch_get_active (toggle));
}

static void
on_title_band_changed_cb (GtkSwitch       *toggle,
                          GParamSpec      *pspec,
                          LabExportDialog *self)
{
  lab_export_dialog_set_title_band (self, gtk_switch_get_active (toggle));
}

static void
lab_export_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LabExportDialog *self = LAB_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_FORMAT:
      g_value_set_enum (value, lab_export_dialog_get_format (self));
      break;
    case PROP_SIZE:
      g_value_set_enum (value, lab_export_dialog_get_size (self));
      break;
    case PROP_THEME:
      g_value_set_enum (value, lab_export_dialog_get_theme (self));
      break;
    case PROP_TRANSPARENT:
      g_value_set_boolean (value, lab_export_dialog_get_transparent (self));
      break;
    case PROP_TITLE_BAND:
      g_value_set_boolean (value, lab_export_dialog_get_title_band (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_export_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LabExportDialog *self = LAB_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_FORMAT:
      lab_export_dialog_set_format (self, g_value_get_enum (value));
      break;
    case PROP_SIZE:
      lab_export_dialog_set_size (self, g_value_get_enum (value));
      break;
    case PROP_THEME:
      lab_export_dialog_set_theme (self, g_value_get_enum (value));
      break;
    case PROP_TRANSPARENT:
      lab_export_dialog_set_transparent (self, g_value_get_boolean (value));
      break;
    case PROP_TITLE_BAND:
      lab_export_dialog_set_title_band (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_export_dialog_dispose (GObject *object)
{
  LabExportDialog *self = LAB_EXPORT_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_object (&self->file);
  g_clear_pointer (&self->comparison, lab_comparison_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), LAB_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (lab_export_dialog_parent_class)->dispose (object);
}

static void
lab_export_dialog_finalize (GObject *object)
{
  LabExportDialog *self = LAB_EXPORT_DIALOG (object);

  g_free (self->error);

  G_OBJECT_CLASS (lab_export_dialog_parent_class)->finalize (object);
}

static void
lab_export_dialog_class_init (LabExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_export_dialog_dispose;
  object_class->finalize = lab_export_dialog_finalize;
  object_class->get_property = lab_export_dialog_get_property;
  object_class->set_property = lab_export_dialog_set_property;

  /**
   * LabExportDialog:format:
   *
   * The file format; its nick ("png", "svg", "pdf") is the value of a
   * string settings key.
   */
  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL,
                       LAB_TYPE_EXPORT_DIALOG_FORMAT, LAB_EXPORT_DIALOG_FORMAT_PNG,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LabExportDialog:size:
   *
   * The size of the image: "slide" (1920 × 1080), "hd" (1280 × 720) or
   * "screen" (that of the chart in the window).
   */
  properties[PROP_SIZE] =
    g_param_spec_enum ("size", NULL, NULL,
                       LAB_TYPE_EXPORT_DIALOG_SIZE, LAB_EXPORT_DIALOG_SIZE_SLIDE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LabExportDialog:theme:
   *
   * The colours of the image: "light", "dark", or "app" (as the chart is
   * drawn in the window).
   */
  properties[PROP_THEME] =
    g_param_spec_enum ("theme", NULL, NULL,
                       LAB_TYPE_EXPORT_DIALOG_THEME, LAB_EXPORT_DIALOG_THEME_LIGHT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LabExportDialog:transparent:
   *
   * Whether the image has no background, for slides with their own.
   */
  properties[PROP_TRANSPARENT] =
    g_param_spec_boolean ("transparent", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LabExportDialog:title-band:
   *
   * Whether the image has a band above the chart with the title and
   * sentence of the dialog's entries (the lesson's to begin with).
   */
  properties[PROP_TITLE_BAND] =
    g_param_spec_boolean ("title-band", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LabExportDialog::saved:
   * @self: the dialog
   * @file: the image written
   *
   * Emitted when the image was written, before the dialog closes, so the
   * window can say so (and offer to open the folder).
   */
  signals[SAVED] = g_signal_new ("saved",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "lab-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LabExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, LabExportDialog, size_row);
  gtk_widget_class_bind_template_child (widget_class, LabExportDialog, theme_row);
  gtk_widget_class_bind_template_child (widget_class, LabExportDialog, transparent_switch);
  gtk_widget_class_bind_template_child (widget_class, LabExportDialog, title_switch);
  gtk_widget_class_bind_template_child (widget_class, LabExportDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, LabExportDialog, claim_row);
  gtk_widget_class_bind_template_child (widget_class, LabExportDialog, size_model);
  gtk_widget_class_bind_template_child (widget_class, LabExportDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, LabExportDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_transparent_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_title_band_changed_cb);

  gtk_widget_class_install_action (widget_class, "export.choose-file", NULL, choose_file_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lab_export_dialog_init (LabExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The lesson's title and claim to begin with; a workload made by hand
 * gets its description as the title, and no band unless asked for. */
static void
fill_title (LabExportDialog *self)
{
  LabExportTitle lesson;
  gboolean is_lesson = lab_export_title_init (&lesson, self->comparison);
  g_autofree char *described = NULL;

  if (!is_lesson && lab_comparison_get_workload (self->comparison) == NULL)
    /* a traced program: its command; another tool's trace: its file */
    described = lab_comparison_dup_observed_title (self->comparison);
  else if (!is_lesson)
    described = lab_workload_describe (lab_comparison_get_workload (self->comparison));
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), is_lesson ? lesson.title : described);
  gtk_editable_set_text (GTK_EDITABLE (self->claim_row),
                         is_lesson && lesson.claim != NULL ? lesson.claim : "");
  lab_export_dialog_set_title_band (self, is_lesson);
}

/**
 * lab_export_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @comparison: what to draw
 * @screen_options: the chart as it is on screen (lab_chart_view_get_options()):
 *   its size is the "As on Screen" choice, its theme the "As the App" one,
 *   and its time window and scales are kept whatever the choices
 *
 * Returns: (transfer none): a new dialog, not yet shown; it closes itself
 */
LabExportDialog *
lab_export_dialog_new (GtkWindow             *parent,
                       LabComparison         *comparison,
                       const LabChartOptions *screen_options)
{
  LabExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (comparison != NULL, NULL);
  g_return_val_if_fail (screen_options != NULL, NULL);

  self = g_object_new (LAB_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->comparison = lab_comparison_ref (comparison);
  self->screen_options = *screen_options;
  if (self->screen_options.width < 1 || self->screen_options.height < 1)
    {
      self->screen_options.width = FALLBACK_WIDTH;
      self->screen_options.height = FALLBACK_HEIGHT;
    }
  fill_size_model (self);
  fill_title (self);
  return self;
}

LabExportDialogFormat
lab_export_dialog_get_format (LabExportDialog *self)
{
  g_return_val_if_fail (LAB_IS_EXPORT_DIALOG (self), LAB_EXPORT_DIALOG_FORMAT_PNG);

  return self->format;
}

void
lab_export_dialog_set_format (LabExportDialog       *self,
                              LabExportDialogFormat  format)
{
  g_return_if_fail (LAB_IS_EXPORT_DIALOG (self));
  g_return_if_fail (format <= LAB_EXPORT_DIALOG_FORMAT_PDF);

  if (format == self->format)
    return;
  self->format = format;
  adw_combo_row_set_selected (self->format_row, format);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT]);
}

LabExportDialogSize
lab_export_dialog_get_size (LabExportDialog *self)
{
  g_return_val_if_fail (LAB_IS_EXPORT_DIALOG (self), LAB_EXPORT_DIALOG_SIZE_SLIDE);

  return self->size;
}

void
lab_export_dialog_set_size (LabExportDialog     *self,
                            LabExportDialogSize  size)
{
  g_return_if_fail (LAB_IS_EXPORT_DIALOG (self));
  g_return_if_fail (size <= LAB_EXPORT_DIALOG_SIZE_SCREEN);

  if (size == self->size)
    return;
  self->size = size;
  adw_combo_row_set_selected (self->size_row, size);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

LabExportDialogTheme
lab_export_dialog_get_theme (LabExportDialog *self)
{
  g_return_val_if_fail (LAB_IS_EXPORT_DIALOG (self), LAB_EXPORT_DIALOG_THEME_LIGHT);

  return self->theme;
}

void
lab_export_dialog_set_theme (LabExportDialog      *self,
                             LabExportDialogTheme  theme)
{
  g_return_if_fail (LAB_IS_EXPORT_DIALOG (self));
  g_return_if_fail (theme <= LAB_EXPORT_DIALOG_THEME_APP);

  if (theme == self->theme)
    return;
  self->theme = theme;
  adw_combo_row_set_selected (self->theme_row, theme);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THEME]);
}

gboolean
lab_export_dialog_get_transparent (LabExportDialog *self)
{
  g_return_val_if_fail (LAB_IS_EXPORT_DIALOG (self), FALSE);

  return self->transparent;
}

void
lab_export_dialog_set_transparent (LabExportDialog *self,
                                   gboolean         transparent)
{
  g_return_if_fail (LAB_IS_EXPORT_DIALOG (self));

  transparent = !!transparent;
  if (transparent == self->transparent)
    return;
  self->transparent = transparent;
  gtk_switch_set_active (self->transparent_switch, transparent);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSPARENT]);
}

gboolean
lab_export_dialog_get_title_band (LabExportDialog *self)
{
  g_return_val_if_fail (LAB_IS_EXPORT_DIALOG (self), FALSE);

  return self->title_band;
}

void
lab_export_dialog_set_title_band (LabExportDialog *self,
                                  gboolean         title_band)
{
  g_return_if_fail (LAB_IS_EXPORT_DIALOG (self));

  title_band = !!title_band;
  gtk_widget_set_visible (GTK_WIDGET (self->title_row), title_band);
  gtk_widget_set_visible (GTK_WIDGET (self->claim_row), title_band);
  if (title_band == self->title_band)
    return;
  self->title_band = title_band;
  gtk_switch_set_active (self->title_switch, title_band);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE_BAND]);
}

/**
 * lab_export_dialog_get_title:
 * @self: the dialog
 * @title: (out caller-allocates): the band's text, valid while the dialog
 *   is; an empty title when the band is off
 *
 * Returns: whether the image has a title band
 */
gboolean
lab_export_dialog_get_title (LabExportDialog *self,
                             LabExportTitle  *title)
{
  g_return_val_if_fail (LAB_IS_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (title != NULL, FALSE);

  *title = (LabExportTitle) { NULL, NULL };
  if (!self->title_band)
    return FALSE;
  title->title = gtk_editable_get_text (GTK_EDITABLE (self->title_row));
  title->claim = gtk_editable_get_text (GTK_EDITABLE (self->claim_row));
  return title->title[0] != '\0';
}

/**
 * lab_export_dialog_apply_choices:
 * @options: (inout): the options on screen, to change
 * @size: the size chosen
 * @theme: the colours chosen
 * @transparent: whether the background is left out
 *
 * What Save Image's choices make of the chart on screen: size, colours and
 * background change; the time window, scales and live edge do not. Copy
 * Image applies the same choices, remembered, so that it copies what Save
 * Image would save.
 */
void
lab_export_dialog_apply_choices (LabChartOptions      *options,
                                 LabExportDialogSize   size,
                                 LabExportDialogTheme  theme,
                                 gboolean              transparent)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (size <= LAB_EXPORT_DIALOG_SIZE_SCREEN);

  if (options->width < 1 || options->height < 1)
    {
      options->width = FALLBACK_WIDTH;
      options->height = FALLBACK_HEIGHT;
    }
  if (size != LAB_EXPORT_DIALOG_SIZE_SCREEN)
    {
      options->width = fixed_sizes[size].width;
      options->height = fixed_sizes[size].height;
    }
  if (theme == LAB_EXPORT_DIALOG_THEME_LIGHT)
    options->theme = LAB_THEME_LIGHT;
  else if (theme == LAB_EXPORT_DIALOG_THEME_DARK)
    options->theme = LAB_THEME_DARK;
  options->transparent = transparent;
  options->scale = 1.0;
  /* A faded previous result is a state of the window, not of the image. */
  options->fade = 0.0;
}

/**
 * lab_export_dialog_get_options:
 * @self: the dialog
 * @options: (out caller-allocates): the chart options of the image
 *
 * The options on screen with the dialog's choices applied: size, colours
 * and background change; the time window, scales and live edge do not.
 */
void
lab_export_dialog_get_options (LabExportDialog *self,
                               LabChartOptions *options)
{
  g_return_if_fail (LAB_IS_EXPORT_DIALOG (self));
  g_return_if_fail (options != NULL);

  *options = self->screen_options;
  lab_export_dialog_apply_choices (options, self->size, self->theme, self->transparent);
}

/**
 * lab_export_dialog_save_to_file:
 * @self: the dialog
 * @file: where to write; must be a local file
 * @error: where to put the reason it failed
 *
 * Writes the image with the dialog's choices (atomically: a reader never
 * sees half a file, and a failure leaves an existing file as it was) and
 * emits #LabExportDialog::saved. A failure is also shown in the dialog.
 * Used after the file chooser, and by tests.
 *
 * Returns: whether the image was written
 */
gboolean
lab_export_dialog_save_to_file (LabExportDialog  *self,
                                GFile            *file,
                                GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  LabChartOptions options;

  g_return_val_if_fail (LAB_IS_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot save to “%s”: only local folders are supported"), uri);
    }
  else
    {
      LabExportTitle title;

      lab_export_dialog_get_options (self, &options);
      lab_export_dialog_get_title (self, &title);
      lab_export_slide (self->comparison, &options, &title, export_formats[self->format], path,
                        &local_error);
    }

  if (local_error != NULL)
    {
      show_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_set_object (&self->file, file);
  show_error (self, NULL);
  g_signal_emit (self, signals[SAVED], 0, file);
  return TRUE;
}

/**
 * lab_export_dialog_get_file:
 * @self: the dialog
 *
 * Returns: (transfer none) (nullable): the image last saved
 */
GFile *
lab_export_dialog_get_file (LabExportDialog *self)
{
  g_return_val_if_fail (LAB_IS_EXPORT_DIALOG (self), NULL);

  return self->file;
}

/**
 * lab_export_dialog_get_error:
 * @self: the dialog
 *
 * Returns: (nullable): the message shown in the dialog after a failed
 *   save, %NULL when none is shown
 */
const char *
lab_export_dialog_get_error (LabExportDialog *self)
{
  g_return_val_if_fail (LAB_IS_EXPORT_DIALOG (self), NULL);

  return self->error;
}
