/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-export"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lab-export.h"
#include "lab-file-replace.h"
#include "lab-export-private.h"

/* Images of a chart, written through lab_file_replace(): the target is
 * either the whole new image or as it was. */

static const char * const format_names[] = {
  [LAB_EXPORT_PNG] = "png",
  [LAB_EXPORT_SVG] = "svg",
  [LAB_EXPORT_PDF] = "pdf",
};

/**
 * lab_export_format_from_string:
 * @text: "png", "svg" or "pdf", in any case
 * @out_format: (out): the format
 *
 * Returns: %FALSE where @text names none of them
 */
gboolean
lab_export_format_from_string (const char      *text,
                               LabExportFormat *out_format)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (text, format_names[i]) == 0)
      {
        if (out_format != NULL)
          *out_format = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * lab_export_format_to_string:
 * @format: a format
 *
 * Returns: "png", "svg" or "pdf"
 */
const char *
lab_export_format_to_string (LabExportFormat format)
{
  g_return_val_if_fail (format <= LAB_EXPORT_PDF, NULL);

  return format_names[format];
}

/**
 * lab_export_format_from_path:
 * @path: a file name
 * @out_format: (out): the format its extension names
 * @error: set where the extension is none of png, svg and pdf
 *
 * Returns: whether the extension names a format
 */
gboolean
lab_export_format_from_path (const char       *path,
                             LabExportFormat  *out_format,
                             GError          **error)
{
  g_autofree char *base = NULL;
  const char *dot;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  base = g_path_get_basename (path);
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base && lab_export_format_from_string (dot + 1, out_format))
    return TRUE;
  if (dot == NULL || dot == base)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 _("“%s” has no extension: use .png, .svg or .pdf"), path);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 _("Unknown image format “%s” of “%s”: use .png, .svg or .pdf"), dot + 1, path);
  return FALSE;
}

typedef struct
{
  int         fd;       /* -1: write into bytes */
  GByteArray *bytes;
  int         error;    /* errno of the first failed write */
} Sink;

static cairo_status_t
sink_write_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  Sink *sink = closure;

  if (sink->error != 0)
    return CAIRO_STATUS_WRITE_ERROR;
  if (sink->fd < 0)
    {
      g_byte_array_append (sink->bytes, data, length);
      return CAIRO_STATUS_SUCCESS;
    }
  sink->error = lab_file_write_all (sink->fd, data, length);
  return sink->error == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void
draw_into (cairo_surface_t       *surface,
           LabComparison         *comparison,
           const LabChartOptions *options,
           const LabExportTitle  *title,
           double                 scale)
{
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, scale, scale);
  lab_export_draw (cr, comparison, options, title);
  cairo_destroy (cr);
}

/* SVG: drawn into memory with the glyphs left out, then the text written
 * as <text> elements on top, then the whole document into @sink. */
static cairo_status_t
write_svg (LabComparison         *comparison,
           const LabChartOptions *options,
           const LabExportTitle  *title,
           Sink                  *sink)
{
  g_autoptr(LabSvgText) text = _lab_svg_text_new ();
  g_autoptr(GString) svg = g_string_new (NULL);
  LabChartOptions o = *options;
  cairo_surface_t *surface;
  cairo_status_t status;
  const char *end;

  _lab_svg_text_collect (text, &o);
  surface = cairo_svg_surface_create_for_stream (_lab_svg_append_cb, svg, o.width, o.height);
  cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      draw_into (surface, comparison, &o, title, 1);
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return status;
  end = g_strrstr (svg->str, "</svg>");
  if (end == NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  g_string_truncate (svg, end - svg->str);
  _lab_svg_text_write (text, svg);
  g_string_append (svg, "</svg>\n");
  return sink_write_cb (sink, (const unsigned char *) svg->str, (unsigned int) svg->len);
}

/* Draws and encodes the image into @sink; returns the cairo status. */
static cairo_status_t
write_image (LabComparison         *comparison,
             const LabChartOptions *options,
             const LabExportTitle  *title,
             LabExportFormat        format,
             Sink                  *sink)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  double scale = options->scale >= 2 ? 2 : 1;

  switch (format)
    {
    case LAB_EXPORT_SVG:
      return write_svg (comparison, options, title, sink);
    case LAB_EXPORT_PDF:
      surface = cairo_pdf_surface_create_for_stream (sink_write_cb, sink,
                                                     options->width, options->height);
      scale = 1;
      break;
    case LAB_EXPORT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) ceil (options->width * scale),
                                            (int) ceil (options->height * scale));
      break;
    }
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      draw_into (surface, comparison, options, title, scale);
      if (format == LAB_EXPORT_PNG)
        status = cairo_surface_write_to_png_stream (surface, sink_write_cb, sink);
      cairo_surface_finish (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);
  return status;
}

static gboolean
check_options (const LabChartOptions *options,
               GError               **error)
{
  if (options->width >= 1 && options->height >= 1
      && options->width * MAX (options->scale, 1) <= 32767
      && options->height * MAX (options->scale, 1) <= 32767)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("Cannot make an image of %.0f×%.0f pixels"),
               options->width * MAX (options->scale, 1), options->height * MAX (options->scale, 1));
  return FALSE;
}

typedef struct
{
  LabComparison         *comparison;
  const LabChartOptions *options;
  const LabExportTitle  *title;
  LabExportFormat        format;
  const char            *path;
} Image;

/* Draws the image into the temporary file lab_file_replace() opened. */
static gboolean
write_image_cb (int        fd,
                gpointer   user_data,
                GError   **error)
{
  Image *image = user_data;
  Sink sink = { fd, NULL, 0 };
  cairo_status_t status = write_image (image->comparison, image->options, image->title,
                                       image->format, &sink);

  if (sink.error != 0)
    return lab_file_set_write_error (error, sink.error, image->path);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write “%s”: %s"),
                   image->path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/**
 * lab_export_image:
 * @comparison: what to draw
 * @options: how; PNG uses options->scale (1 or 2)
 * @format: the file's format
 * @path: the file to write or replace
 * @error: why it could not be written
 *
 * Writes the chart atomically: @path is either the whole new image or
 * untouched, and no temporary file remains.
 *
 * Returns: %TRUE on success
 */
gboolean
lab_export_image (LabComparison         *comparison,
                  const LabChartOptions *options,
                  LabExportFormat        format,
                  const char            *path,
                  GError               **error)
{
  return lab_export_slide (comparison, options, NULL, format, path, error);
}

/**
 * lab_export_slide:
 * @comparison: what to draw
 * @options: how; PNG uses options->scale (1 or 2)
 * @title: (nullable): the band above the chart; %NULL: none
 * @format: the file's format
 * @path: the file to write or replace
 * @error: why it could not be written
 *
 * As lab_export_image(), under a title band.
 *
 * Returns: %TRUE on success
 */
gboolean
lab_export_slide (LabComparison         *comparison,
                  const LabChartOptions *options,
                  const LabExportTitle  *title,
                  LabExportFormat        format,
                  const char            *path,
                  GError               **error)
{
  Image image = { comparison, options, title, format, path };

  g_return_val_if_fail (comparison != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (format <= LAB_EXPORT_PDF, FALSE);
  g_return_val_if_fail (path != NULL && *path != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_options (options, error))
    return FALSE;
  return lab_file_replace (path, write_image_cb, &image, error);
}

/**
 * lab_export_png_bytes:
 * @comparison: what to draw
 * @options: how, at options->scale
 * @title: (nullable): the band above the chart; %NULL: none
 * @error: why it failed
 *
 * Returns: (transfer full) (nullable): the PNG file's bytes, for the clipboard
 */
GBytes *
lab_export_png_bytes (LabComparison         *comparison,
                      const LabChartOptions *options,
                      const LabExportTitle  *title,
                      GError               **error)
{
  Sink sink = { -1, NULL, 0 };
  cairo_status_t status;

  g_return_val_if_fail (comparison != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_options (options, error))
    return NULL;
  sink.bytes = g_byte_array_new ();
  status = write_image (comparison, options, title, LAB_EXPORT_PNG, &sink);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_byte_array_unref (sink.bytes);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not make the image: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (sink.bytes);
}
