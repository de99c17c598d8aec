/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-export"

#include "config.h"

#include <string.h>

#include "lab-chart-private.h"
#include "lab-export.h"
#include "lab-preset.h"

/*
 * A slide that carries its lesson: a band above the chart with the
 * lesson's title and its one-sentence claim, in the chart's typeface and
 * colours, its text drawn (and reported, for SVG text) through
 * _lab_chart_show_layout() like every other line of the picture. The chart
 * takes the rest of the height, drawn as it always is.
 */

/* The band's sizes, from the image's height: a slide title readable from
 * the back of a room, at 1080 pixels about 45. */
#define TITLE_SHARE 0.042
#define TITLE_MIN_PX 14.0
#define TITLE_MAX_PX 64.0
#define CLAIM_SCALE 0.58
#define CLAIM_MAX_LINES 3

/**
 * lab_export_title_init:
 * @title: (out caller-allocates): the band's text
 * @comparison: a comparison
 *
 * The lesson's title and claim where @comparison was run as a lesson.
 *
 * Returns: %FALSE (and an empty @title: no band) for a workload made by hand
 */
gboolean
lab_export_title_init (LabExportTitle *title,
                       LabComparison  *comparison)
{
  g_autofree char *lesson = NULL;
  const LabPreset *preset;

  g_return_val_if_fail (title != NULL, FALSE);
  g_return_val_if_fail (comparison != NULL, FALSE);

  *title = (LabExportTitle) { NULL, NULL };
  lesson = lab_comparison_dup_lesson (comparison);
  preset = lesson != NULL ? lab_preset_find (lesson) : NULL;
  if (preset == NULL)
    return FALSE;
  title->title = lab_preset_get_title (preset);
  title->claim = lab_preset_get_claim (preset);
  return TRUE;
}

typedef struct
{
  LabChartLayout text;      /* only its options and palette: for the text */
  PangoLayout   *title;
  PangoLayout   *claim;     /* NULL: none */
  PangoLayout   *note;      /* NULL: the run did not share the cores */
  double         pad;
  double         height;
} Band;

static void
band_clear (Band *band)
{
  g_clear_object (&band->title);
  g_clear_object (&band->claim);
  g_clear_object (&band->note);
}

/* A wrapped paragraph of the band at @px, cut with "…" after @lines. */
static PangoLayout *
band_paragraph (Band       *band,
                cairo_t    *cr,
                const char *text,
                double      px,
                double      width,
                int         lines)
{
  PangoLayout *layout = _lab_chart_text_layout (&band->text, cr, text, px, FALSE);
  PangoRectangle logical;

  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height (layout, -lines);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_extents (layout, NULL, &logical);
  band->height += px * 0.35 + logical.height / (double) PANGO_SCALE;
  return layout;
}

/* Lays the band out for @cr: the title on one line (cut with "…" where it
 * is longer than the image is wide), the claim wrapped on up to three, and
 * where the run shared the cores with other programs, a note saying so. */
static void
band_measure (Band                  *band,
              cairo_t               *cr,
              const LabChartOptions *options,
              const LabExportTitle  *title,
              LabComparison         *comparison)
{
  g_autofree char *note = lab_preset_dup_shared_cores_note (comparison);
  double title_px = CLAMP (options->height * TITLE_SHARE, TITLE_MIN_PX, TITLE_MAX_PX);
  double claim_px = title_px * CLAIM_SCALE;
  PangoRectangle logical;
  double width;

  band->text.options = *options;
  band->text.palette = lab_palette_get (options->theme);
  band->pad = title_px * 0.6;
  width = MAX (options->width - 2 * band->pad, 1);

  band->title = _lab_chart_text_layout (&band->text, cr, title->title, title_px, TRUE);
  pango_layout_set_width (band->title, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (band->title, PANGO_ELLIPSIZE_END);
  pango_layout_get_extents (band->title, NULL, &logical);
  band->height = band->pad + logical.height / (double) PANGO_SCALE;

  if (title->claim != NULL && *title->claim != '\0')
    band->claim = band_paragraph (band, cr, title->claim, claim_px, width, CLAIM_MAX_LINES);
  if (note != NULL)
    band->note = band_paragraph (band, cr, note, claim_px * 0.8, width, 2);
  band->height += band->pad;
  /* never more than a third of the image: the chart is the point */
  band->height = MIN (band->height, options->height / 3);
}

static void
band_draw (Band    *band,
           cairo_t *cr)
{
  const LabPalette *palette = band->text.palette;
  PangoRectangle logical;
  double y = band->pad;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, band->text.options.width, band->height);
  cairo_clip (cr);
  if (!band->text.options.transparent)
    {
      _lab_chart_set_color (cr, palette->background);
      cairo_paint (cr);
    }
  _lab_chart_set_color (cr, palette->text);
  cairo_move_to (cr, band->pad, y);
  _lab_chart_show_layout (cr, &band->text, band->title);
  if (band->claim != NULL)
    {
      pango_layout_get_extents (band->title, NULL, &logical);
      y += logical.height / (double) PANGO_SCALE
           + pango_font_description_get_size (pango_layout_get_font_description (band->claim))
             / (double) PANGO_SCALE * 0.35;
      _lab_chart_set_color (cr, palette->text);
      cairo_move_to (cr, band->pad, y);
      _lab_chart_show_layout (cr, &band->text, band->claim);
    }
  if (band->note != NULL)
    {
      PangoLayout *above = band->claim != NULL ? band->claim : band->title;

      pango_layout_get_extents (above, NULL, &logical);
      y += logical.height / (double) PANGO_SCALE
           + pango_font_description_get_size (pango_layout_get_font_description (band->note))
             / (double) PANGO_SCALE * 0.35;
      _lab_chart_set_color (cr, palette->dim_text);
      cairo_move_to (cr, band->pad, y);
      _lab_chart_show_layout (cr, &band->text, band->note);
    }
  cairo_restore (cr);
}

/**
 * lab_export_draw:
 * @cr: where to draw, at the image's size in user units
 * @comparison: what to draw
 * @options: how
 * @title: (nullable): the band above the chart; %NULL or an empty title:
 *   the chart alone
 *
 * Draws an exported image: the title band, if any, and the chart under it.
 */
void
lab_export_draw (cairo_t               *cr,
                 LabComparison         *comparison,
                 const LabChartOptions *options,
                 const LabExportTitle  *title)
{
  LabChartOptions below;
  Band band;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (comparison != NULL);
  g_return_if_fail (options != NULL);

  if (title == NULL || title->title == NULL || *title->title == '\0')
    {
      lab_chart_draw (cr, comparison, options);
      return;
    }
  memset (&band, 0, sizeof band);
  band_measure (&band, cr, options, title, comparison);
  band_draw (&band, cr);
  below = *options;
  below.height = options->height - band.height;
  cairo_save (cr);
  cairo_translate (cr, 0, band.height);
  lab_chart_draw (cr, comparison, &below);
  cairo_restore (cr);
  band_clear (&band);
}
