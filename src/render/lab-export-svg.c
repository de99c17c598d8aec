/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-export"

#include "config.h"

#include <pango/pangocairo.h>
#include <string.h>

#include "lab-chart-private.h"
#include "lab-export-private.h"

/*
 * cairo's SVG surface writes text as glyph outlines, which a slide tool
 * cannot edit. The chart reports every line it draws (text, box,
 * baseline, size, weight, colour: LabChartTextLine) and leaves the glyphs
 * out; each line becomes a <text> element at its baseline. A line pango
 * cut to fit gets the same cut here, measured with the same typeface, so
 * that it ends in "…" where the picture did.
 */

struct _LabSvgText
{
  GString      *elements;
  PangoContext *measure;
};

LabSvgText *
_lab_svg_text_new (void)
{
  LabSvgText *text = g_new0 (LabSvgText, 1);

  text->elements = g_string_new (NULL);
  text->measure = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  return text;
}

void
_lab_svg_text_free (LabSvgText *text)
{
  g_string_free (text->elements, TRUE);
  g_object_unref (text->measure);
  g_free (text);
}

void
_lab_svg_append_number (GString *out,
                        double   v)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.3f", v));
}

cairo_status_t
_lab_svg_append_cb (void                *closure,
                    const unsigned char *data,
                    unsigned int         length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

static double
measure (LabSvgText             *text,
         const LabChartTextLine *line,
         const char             *s,
         gssize                  length)
{
  g_autoptr(PangoLayout) pl = pango_layout_new (text->measure);
  PangoFontDescription *desc = pango_font_description_from_string (LAB_CHART_FONT_FAMILY);
  PangoRectangle logical;

  pango_font_description_set_absolute_size (desc, line->size_px * PANGO_SCALE);
  pango_font_description_set_weight (desc, line->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (pl, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (pl, s, (int) length);
  pango_layout_get_extents (pl, NULL, &logical);
  return logical.width / (double) PANGO_SCALE;
}

/* The longest start of the line that fits its box with "…" after it. */
static char *
ellipsized (LabSvgText             *text,
            const LabChartTextLine *line)
{
  glong n = g_utf8_strlen (line->text, (gssize) line->length);
  glong lo = 0, hi = n;

  while (lo < hi)
    {
      glong mid = (lo + hi + 1) / 2;
      const char *end = g_utf8_offset_to_pointer (line->text, mid);
      g_autofree char *candidate = g_strdup_printf ("%.*s…", (int) (end - line->text), line->text);
      if (measure (text, line, candidate, -1) <= line->width + 0.5)
        lo = mid;
      else
        hi = mid - 1;
    }
  return g_strdup_printf ("%.*s…", (int) (g_utf8_offset_to_pointer (line->text, lo) - line->text),
                          line->text);
}

static void
on_line_cb (const LabChartTextLine *line,
            gpointer                user_data)
{
  LabSvgText *text = user_data;
  GString *out = text->elements;
  g_autofree char *shown = NULL;
  g_autofree char *escaped = NULL;
  gsize length = line->length;

  /* the line break ending a line of several is not text */
  while (length > 0 && (line->text[length - 1] == '\n' || line->text[length - 1] == '\r'))
    length--;
  if (length == 0)
    return;
  shown = line->ellipsized ? ellipsized (text, line) : g_strndup (line->text, length);
  escaped = g_markup_escape_text (shown, -1);

  g_string_append (out, "<text x=\"");
  _lab_svg_append_number (out, line->x);
  g_string_append (out, "\" y=\"");
  _lab_svg_append_number (out, line->baseline_y);
  g_string_append (out, "\" font-size=\"");
  _lab_svg_append_number (out, line->size_px);
  g_string_append (out, "px\"");
  if (line->bold)
    g_string_append (out, " font-weight=\"bold\"");
  g_string_append_printf (out, " fill=\"#%02x%02x%02x\"",
                          (guint) CLAMP (line->r * 255 + 0.5, 0, 255),
                          (guint) CLAMP (line->g * 255 + 0.5, 0, 255),
                          (guint) CLAMP (line->b * 255 + 0.5, 0, 255));
  if (line->a < 1)
    {
      g_string_append (out, " fill-opacity=\"");
      _lab_svg_append_number (out, line->a);
      g_string_append (out, "\"");
    }
  g_string_append_printf (out, ">%s</text>\n", escaped);
}

void
_lab_svg_text_collect (LabSvgText      *text,
                       LabChartOptions *options)
{
  options->text_func = on_line_cb;
  options->text_data = text;
  options->text_hidden = TRUE;
}

void
_lab_svg_text_write (LabSvgText *text,
                     GString    *svg)
{
  g_string_append (svg, "<g font-family=\"" LAB_CHART_CSS_FONT_FAMILY "\" xml:space=\"preserve\">\n");
  g_string_append_len (svg, text->elements->str, (gssize) text->elements->len);
  g_string_append (svg, "</g>\n");
}
