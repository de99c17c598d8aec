/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lab-chart.h"

G_BEGIN_DECLS

/*
 * Images of a comparison, drawn by lab_chart_draw(): PNG (at options->scale
 * 1 or 2), SVG and PDF (one page). Files are written atomically: a
 * temporary file created exclusively in the target folder, then renamed
 * over the target; a failed export leaves any existing file untouched and
 * no temporary file behind, and its error says why.
 */

typedef enum
{
  LAB_EXPORT_PNG,
  LAB_EXPORT_SVG,
  LAB_EXPORT_PDF,
} LabExportFormat;

/* "png", "svg", "pdf" (case-insensitive). */
gboolean    lab_export_format_from_string (const char            *text,
                                           LabExportFormat       *out_format);
const char *lab_export_format_to_string   (LabExportFormat        format);
/* From the file name's extension; FALSE (with an error naming the
 * extension) where it is none of the three. */
gboolean    lab_export_format_from_path   (const char            *path,
                                           LabExportFormat       *out_format,
                                           GError               **error);

gboolean    lab_export_image              (LabComparison         *comparison,
                                           const LabChartOptions *options,
                                           LabExportFormat        format,
                                           const char            *path,
                                           GError               **error);
/* A PNG in memory (the clipboard). */
GBytes     *lab_export_png_bytes          (LabComparison         *comparison,
                                           const LabChartOptions *options,
                                           GError               **error);

G_END_DECLS
