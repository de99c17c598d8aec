/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lab-chart.h"
#include "lab-comparison.h"
#include "lab-export.h"

G_BEGIN_DECLS

/* The choices of the dialog, in the order of its rows. They are enum
 * types whose nicks ("png", "svg", "pdf"; "slide", "hd", "screen";
 * "light", "dark", "app") g_settings_bind() maps to string keys as is. */
typedef enum
{
  LAB_EXPORT_DIALOG_FORMAT_PNG,
  LAB_EXPORT_DIALOG_FORMAT_SVG,
  LAB_EXPORT_DIALOG_FORMAT_PDF,
} LabExportDialogFormat;

typedef enum
{
  LAB_EXPORT_DIALOG_SIZE_SLIDE,
  LAB_EXPORT_DIALOG_SIZE_HD,
  LAB_EXPORT_DIALOG_SIZE_SCREEN,
} LabExportDialogSize;

typedef enum
{
  LAB_EXPORT_DIALOG_THEME_LIGHT,
  LAB_EXPORT_DIALOG_THEME_DARK,
  LAB_EXPORT_DIALOG_THEME_APP,
} LabExportDialogTheme;

#define LAB_TYPE_EXPORT_DIALOG_FORMAT (lab_export_dialog_format_get_type ())
#define LAB_TYPE_EXPORT_DIALOG_SIZE (lab_export_dialog_size_get_type ())
#define LAB_TYPE_EXPORT_DIALOG_THEME (lab_export_dialog_theme_get_type ())
GType lab_export_dialog_format_get_type (void) G_GNUC_CONST;
GType lab_export_dialog_size_get_type (void) G_GNUC_CONST;
GType lab_export_dialog_theme_get_type (void) G_GNUC_CONST;

#define LAB_TYPE_EXPORT_DIALOG (lab_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LabExportDialog, lab_export_dialog, LAB, EXPORT_DIALOG, AdwWindow)

LabExportDialog      *lab_export_dialog_new            (GtkWindow             *parent,
                                                        LabComparison         *comparison,
                                                        const LabChartOptions *screen_options);

LabExportDialogFormat lab_export_dialog_get_format     (LabExportDialog       *self);
void                  lab_export_dialog_set_format     (LabExportDialog       *self,
                                                        LabExportDialogFormat  format);
LabExportDialogSize   lab_export_dialog_get_size       (LabExportDialog       *self);
void                  lab_export_dialog_set_size       (LabExportDialog       *self,
                                                        LabExportDialogSize    size);
LabExportDialogTheme  lab_export_dialog_get_theme      (LabExportDialog       *self);
void                  lab_export_dialog_set_theme      (LabExportDialog       *self,
                                                        LabExportDialogTheme   theme);
gboolean              lab_export_dialog_get_transparent (LabExportDialog      *self);
void                  lab_export_dialog_set_transparent (LabExportDialog      *self,
                                                         gboolean              transparent);

gboolean              lab_export_dialog_get_title_band (LabExportDialog      *self);
void                  lab_export_dialog_set_title_band (LabExportDialog      *self,
                                                        gboolean              title_band);
gboolean              lab_export_dialog_get_title      (LabExportDialog       *self,
                                                        LabExportTitle        *title);

void                  lab_export_dialog_get_options    (LabExportDialog       *self,
                                                        LabChartOptions       *options);
void                  lab_export_dialog_apply_choices  (LabChartOptions       *options,
                                                        LabExportDialogSize    size,
                                                        LabExportDialogTheme   theme,
                                                        gboolean               transparent);
gboolean              lab_export_dialog_save_to_file   (LabExportDialog       *self,
                                                        GFile                 *file,
                                                        GError               **error);
GFile                *lab_export_dialog_get_file       (LabExportDialog       *self);
const char           *lab_export_dialog_get_error      (LabExportDialog       *self);

G_END_DECLS
