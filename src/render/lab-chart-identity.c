/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-chart-columns-private.h"
#include "lab-chart-layer-private.h"

/*
 * Which task: the core lanes, the GIL holder's lane and the chips beside
 * the task lanes' labels draw a task in a neutral shade of its own (four,
 * in turn by task number) with its number written in where it fits. No
 * state uses a grey of those lightnesses, so a task is never read as a
 * state; greys read alike to every eye and print as themselves.
 */

const LabColor *
_lab_chart_identity_colors (const LabChartLayout *layout)
{
  return layout->palette->identity;
}

void
_lab_chart_identity_label (cairo_t                 *cr,
                           const LabChartLayout    *layout,
                           const LabChartPanel     *panel,
                           guint                    task,
                           const cairo_rectangle_t *bar)
{
  g_autofree char *long_text = NULL;
  g_autofree char *short_text = NULL;

  if (bar->width < layout->small_px * 1.2)
    return;
  long_text = _lab_chart_dup_task_name (panel, task, FALSE);
  short_text = _lab_chart_dup_task_name (panel, task, TRUE);
  _lab_chart_draw_inner_label (cr, layout, lab_palette_get_identity (layout->palette, task),
                               bar, long_text, short_text);
}

void
_lab_chart_identity_seam (cairo_t                 *cr,
                          const LabChartLayout    *layout,
                          guint                    task,
                          const cairo_rectangle_t *column)
{
  /* inside the bar, in the colour its label takes: a gap of the panel's
   * colour would read as the core idle */
  LabColor line = lab_palette_text_on (lab_palette_get_identity (layout->palette, task));

  line.a = 0.35;
  _lab_chart_set_color (cr, line);
  cairo_rectangle (cr, column->x, column->y, column->width, column->height);
  cairo_fill (cr);
}

/* Two shades side by side, as two tasks' bars meet. */
static void
draw_identity_key (cairo_t                   *cr,
                   const LabChartLayout      *layout,
                   const LabChartLegendEntry *entry,
                   double                     x,
                   double                     y,
                   double                     size)
{
  _lab_chart_swatch (cr, x, y, size);
  cairo_clip (cr);
  _lab_chart_set_color (cr, lab_palette_get_identity (layout->palette, 0));
  cairo_rectangle (cr, x, y, size / 2, size);
  cairo_fill (cr);
  _lab_chart_set_color (cr, lab_palette_get_identity (layout->palette, 2));
  cairo_rectangle (cr, x + size / 2, y, size / 2, size);
  cairo_fill (cr);
}

const LabChartLegendEntry _lab_chart_identity_legend = {
  /* Translators: legend entry: the grey bars with task numbers in the core
   * lanes and the GIL holder's lane */
  N_("Task, by its number"), _lab_chart_legend_label, draw_identity_key, 0
};
