/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-chart-layer-private.h"

/*
 * The legend: the entries of every layer some panel shows, each once, in
 * the layers' order. The layout keeps room for all of them that a run
 * may still draw (a finished run's states are known), so that the
 * geometry does not depend on what happens to be drawn; the legend then
 * lists exactly the marks that were drawn.
 */

/* Whether some panel showing @klass may draw @entry. */
static gboolean
may_draw (const LabChartLayerClass  *klass,
          const LabChartLegendEntry *entry,
          const LabChartLayout      *layout)
{
  if (klass->may_draw == NULL)
    return TRUE;
  for (guint i = 0; i < layout->n_panels; i++)
    if (_lab_chart_layer_shown (klass, layout, &layout->panels[i])
        && klass->may_draw (entry, layout, &layout->panels[i]))
      return TRUE;
  return FALSE;
}

void
_lab_chart_legend_collect (LabChartLayout *layout)
{
  layout->n_legend = 0;
  for (guint l = 0; l < _lab_chart_layer_get_n (); l++)
    {
      const LabChartLayerClass *klass = _lab_chart_layer_get (l);
      gboolean shown = FALSE;

      for (guint i = 0; i < layout->n_panels && !shown; i++)
        shown = _lab_chart_layer_shown (klass, layout, &layout->panels[i]);
      for (guint e = 0; shown && klass->legend[e] != NULL; e++)
        {
          const LabChartLegendEntry *entry = klass->legend[e];
          gboolean known = FALSE;
          gboolean needed = entry->applies == NULL;

          if (!may_draw (klass, klass->legend[e], layout))
            continue;
          for (guint i = 0; i < layout->n_panels && !needed; i++)
            needed = entry->applies (&layout->panels[i]);
          for (guint k = 0; k < layout->n_legend; k++)
            known |= layout->legend[k] == entry;
          if (needed && !known && layout->n_legend < LAB_CHART_MAX_LEGEND)
            layout->legend[layout->n_legend++] = klass->legend[e];
        }
    }
}

void
_lab_chart_legend_init (LabChartLegend       *legend,
                        const LabChartLayout *layout)
{
  legend->layout = layout;
  legend->seen = legend->panel_seen = 0;
}

void
_lab_chart_legend_mark (LabChartLegend            *legend,
                        const LabChartLegendEntry *entry)
{
  for (guint k = 0; k < legend->layout->n_legend; k++)
    if (legend->layout->legend[k] == entry)
      {
        legend->seen |= G_GUINT64_CONSTANT (1) << k;
        legend->panel_seen |= G_GUINT64_CONSTANT (1) << k;
      }
}

gboolean
_lab_chart_legend_in_panel (const LabChartLegend      *legend,
                            const LabChartLegendEntry *entry)
{
  for (guint k = 0; k < legend->layout->n_legend; k++)
    if (legend->layout->legend[k] == entry)
      return (legend->panel_seen & (G_GUINT64_CONSTANT (1) << k)) != 0;
  return FALSE;
}

const char *
_lab_chart_legend_label (const LabChartLegendEntry *entry)
{
  return _(entry->label);
}

static double
item_width (const LabChartLayout      *layout,
            const LabChartLegendEntry *entry)
{
  return layout->small_px * 1.9
         + _lab_chart_text_width (layout, entry->get_label (entry), layout->small_px, FALSE);
}

/* The stamp on the first line; the legend beside it when it fits, else in
 * rows of its own. */
double
_lab_chart_legend_place (LabChartLayout *layout,
                         double          y)
{
  double line = layout->small_px * 1.6;
  double avail = layout->width;
  double total = 0, row_w = 0;
  guint rows = layout->n_legend > 0 ? 1 : 0;

  for (guint i = 0; i < layout->n_legend; i++)
    {
      double w = item_width (layout, layout->legend[i]);

      total += w;
      if (row_w > 0 && row_w + w > avail)
        rows++, row_w = 0;
      row_w += w;
    }
  layout->legend_row_h = line;
  layout->stamp_y = layout->options.show_stamp ? y : -1;
  if (layout->options.show_stamp && total <= avail * 0.55)
    {
      layout->legend_y = y;
      layout->legend_rows = 1;
      layout->legend_x = layout->x + layout->width - total;
      return y + line;
    }
  if (layout->options.show_stamp)
    y += line;
  layout->legend_y = y;
  layout->legend_x = layout->x;
  layout->legend_rows = rows;
  return y + rows * line;
}

void
_lab_chart_legend_draw (cairo_t              *cr,
                        const LabChartLegend *legend)
{
  const LabChartLayout *layout = legend->layout;
  double sw = layout->small_px;
  double row_h = layout->legend_row_h;
  double total = 0, x, y = layout->legend_y;
  double right = layout->x + layout->width;

  for (guint i = 0; i < layout->n_legend; i++)
    if (legend->seen & (G_GUINT64_CONSTANT (1) << i))
      total += item_width (layout, layout->legend[i]);
  /* beside the stamp: aligned right; in rows of its own: from the left */
  x = layout->legend_rows == 1 && layout->legend_y == layout->stamp_y ? right - total
                                                                        : layout->legend_x;
  for (guint i = 0; i < layout->n_legend; i++)
    {
      const LabChartLegendEntry *entry = layout->legend[i];
      double w = item_width (layout, entry);

      if (!(legend->seen & (G_GUINT64_CONSTANT (1) << i)))
        continue;
      if (x + w > right + 0.5 && x > layout->legend_x)
        x = layout->x, y += row_h;
      /* a key may clip or leave its colour: the state is the legend's to keep */
      cairo_save (cr);
      entry->draw_key (cr, layout, entry, x, y + (row_h - sw) / 2, sw);
      cairo_restore (cr);
      _lab_chart_draw_text (cr, layout, entry->get_label (entry), x + sw * 1.4,
                            _lab_chart_line_top (layout, y, row_h, sw),
                            &(LabChartTextStyle) { .px = sw, .color = layout->palette->text }, 0);
      x += w;
    }
}
