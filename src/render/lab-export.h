/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lab-chart.h"

G_BEGIN_DECLS

/*
 * Images of a comparison, drawn by lab_chart_draw(): PNG (at options->scale
 * 1 or 2), SVG (its text as <text> elements, which slide tools edit) and
 * PDF (one page, its text selectable). Files are written atomically: a
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

/*
 * A slide: the chart under a band with a title and one sentence, the
 * lesson's by default (lab_export_title_init()). A title of NULL or "" is
 * no band.
 */
typedef struct
{
  const char *title;
  const char *claim;          /* NULL: the title alone */
} LabExportTitle;

/* The lesson's title and claim, translated, where @comparison was run as a
 * lesson; FALSE (and no band) for a workload made by hand. */
gboolean    lab_export_title_init         (LabExportTitle        *title,
                                           LabComparison         *comparison);

gboolean    lab_export_image              (LabComparison         *comparison,
                                           const LabChartOptions *options,
                                           LabExportFormat        format,
                                           const char            *path,
                                           GError               **error);
/* The same under a title band (@title may be NULL: none). */
gboolean    lab_export_slide              (LabComparison         *comparison,
                                           const LabChartOptions *options,
                                           const LabExportTitle  *title,
                                           LabExportFormat        format,
                                           const char            *path,
                                           GError               **error);
/* A PNG in memory (the clipboard); @title may be NULL. */
GBytes     *lab_export_png_bytes          (LabComparison         *comparison,
                                           const LabChartOptions *options,
                                           const LabExportTitle  *title,
                                           GError               **error);
/* Draws what an export of @options and @title holds into @cr. */
void        lab_export_draw               (cairo_t               *cr,
                                           LabComparison         *comparison,
                                           const LabChartOptions *options,
                                           const LabExportTitle  *title);

G_END_DECLS
