/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <string.h>

#include "lab-chart-layer-private.h"

/*
 * What the strip layers share: a caption in the label column, a faint
 * track under the curves, and labels on the curves that never cover one
 * another.
 */

void
_lab_chart_draw_caption_lines (cairo_t              *cr,
                               const LabChartLayout *layout,
                               const LabChartBand   *band,
                               const char           *first,
                               LabColor              first_color,
                               const char           *second,
                               LabColor              second_color)
{
  double px = layout->small_px;
  double line = px * layout->line_ratio;
  double x = layout->x + layout->small_px * 1.4;
  double max_w = layout->plot_x - x - 4;
  gboolean two = second != NULL && band->height >= 2 * line;
  double top = band->y + (band->height - (two ? 2 : 1) * line) / 2;

  if (!two && band->height < line)
    {
      /* a compact lane: the caption shrinks to fit it */
      px = _lab_chart_text_px_for (layout, px, band->height);
      top = band->y + (band->height - px * layout->line_ratio) / 2;
    }
  _lab_chart_draw_text (cr, layout, first, x, top,
                        &(LabChartTextStyle) { .px = px, .color = first_color }, max_w);
  if (two)
    _lab_chart_draw_text (cr, layout, second, x, top + line,
                          &(LabChartTextStyle) { .px = px, .color = second_color }, max_w);
}

double
_lab_chart_caption_width (const LabChartLayout *layout,
                          const char           *first,
                          const char           *second)
{
  double w = _lab_chart_text_width (layout, first, layout->small_px, FALSE);

  if (second != NULL)
    w = MAX (w, _lab_chart_text_width (layout, second, layout->small_px, FALSE));
  return w;
}

void
_lab_chart_draw_track (cairo_t              *cr,
                       const LabChartLayout *layout,
                       const LabChartPanel  *p,
                       const LabChartBand   *band)
{
  LabColor track = layout->palette->util;

  track.a *= 0.18;
  _lab_chart_set_color (cr, track);
  cairo_rectangle (cr, p->axis.plot_x, band->y, p->axis.plot_width, band->height);
  cairo_fill (cr);
}

void
_lab_chart_placer_init (LabChartPlacer       *placer,
                        const LabChartLayout *layout,
                        const LabChartPanel  *p,
                        const LabChartBand   *band)
{
  placer->layout = layout;
  placer->left = p->axis.plot_x + 2;
  placer->right = p->axis.plot_x + p->axis.plot_width - 2;
  placer->top = band->y;
  placer->bottom = band->y + band->height;
  placer->n = 0;
}

static gboolean
overlaps (const double a[4],
          const double b[4])
{
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

gboolean
_lab_chart_placer_add (LabChartPlacer *placer,
                       cairo_t        *cr,
                       const char     *text,
                       double          x,
                       double          y,
                       double          align,
                       LabColor        color)
{
  const LabChartLayout *layout = placer->layout;
  double w = _lab_chart_text_width (layout, text, layout->small_px, FALSE);
  double h = layout->small_px * layout->line_ratio;
  double box[4];
  LabColor back = layout->palette->panel;

  if (placer->n == LAB_CHART_MAX_PLACED || w + 4 > placer->right - placer->left
      || h > placer->bottom - placer->top)
    return FALSE;
  x = CLAMP (x - align * w, placer->left + 2, placer->right - 2 - w);
  y = CLAMP (y, placer->top, placer->bottom - h);
  box[0] = x - 2, box[1] = y, box[2] = x + w + 2, box[3] = y + h;
  for (guint i = 0; i < placer->n; i++)
    if (overlaps (box, placer->boxes[i]))
      return FALSE;
  memcpy (placer->boxes[placer->n++], box, sizeof box);

  /* on a box of the panel's colour, readable over the curves */
  back.a = 0.85;
  _lab_chart_set_color (cr, back);
  cairo_rectangle (cr, box[0], box[1], box[2] - box[0], box[3] - box[1]);
  cairo_fill (cr);
  _lab_chart_draw_text (cr, layout, text, x, y,
                        &(LabChartTextStyle) { .px = layout->small_px, .color = color }, 0);
  return TRUE;
}
