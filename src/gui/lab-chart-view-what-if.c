/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart-view"

#include "config.h"

#include "lab-chart-view-private.h"

/*
 * A what-if comparison in the chart view: the run before (the baseline)
 * drawn in a column beside the comparison. The renderer draws both columns
 * from options->baseline; here the pointer is taken into the column under
 * it, so that hover, tooltips and zoom ask the renderer about the chart
 * that is really there, with that column's comparison and geometry.
 */

/**
 * lab_chart_view_set_baseline:
 * @self: a chart view
 * @baseline: (nullable): the run before, shown beside the comparison;
 *   %NULL: the comparison alone
 */
void
lab_chart_view_set_baseline (LabChartView  *self,
                             LabComparison *baseline)
{
  g_return_if_fail (LAB_IS_CHART_VIEW (self));

  if (baseline == self->baseline)
    return;
  g_clear_pointer (&self->baseline, lab_comparison_unref);
  self->baseline = baseline != NULL ? lab_comparison_ref (baseline) : NULL;
  /* the figures of a baseline let go of are not kept alive */
  lab_chart_cache_clear (self->figures);
  _lab_chart_view_invalidate (self);
  _lab_chart_view_update_accessible (self);
}

/**
 * lab_chart_view_get_baseline:
 * @self: a chart view
 *
 * Returns: (transfer none) (nullable): the run shown beside the comparison
 */
LabComparison *
lab_chart_view_get_baseline (LabChartView *self)
{
  g_return_val_if_fail (LAB_IS_CHART_VIEW (self), NULL);

  return self->baseline;
}

/**
 * _lab_chart_view_enter_column:
 * @self: a chart view
 * @shown: what _lab_chart_view_current_options() returned
 * @options: (inout): its options; with a baseline, they become the column's
 * @point: (inout): x and y, a widget point, become the column's; dx and
 *   dy are set to the column's origin (0 without a column)
 * @fallback: where no column is under the point, take the what-if column
 *   (zoom acts on it when the pointer is away)
 *
 * Without a baseline nothing changes and @shown comes back.
 *
 * Returns: (transfer none) (nullable): the comparison to ask about the
 *   point; %NULL where no column is (the gap, the headings)
 */
LabComparison *
_lab_chart_view_enter_column (LabChartView      *self,
                              LabComparison     *shown,
                              LabChartOptions   *options,
                              LabChartViewPoint *point,
                              gboolean           fallback)
{
  LabChartColumn column;

  point->dx = 0;
  point->dy = 0;
  if (shown == NULL || options->baseline == NULL)
    return shown;
  if (!lab_chart_what_if_column_at (shown, options, point->x, point->y, &column)
      && (!fallback || !lab_chart_what_if_get_column (shown, options, 1, &column)))
    return NULL;

  *options = column.options;
  point->x -= column.x;
  point->y -= column.y;
  point->dx = column.x;
  point->dy = column.y;
  return column.comparison;
}

/**
 * _lab_chart_view_comparison_at:
 * @self: a chart view
 * @x: a widget coordinate
 * @y: a widget coordinate
 *
 * Returns: (transfer none) (nullable): the comparison drawn at the point:
 *   the baseline in its column, else the one shown
 */
LabComparison *
_lab_chart_view_comparison_at (LabChartView *self,
                               double        x,
                               double        y)
{
  LabChartOptions options;
  LabComparison *shown = _lab_chart_view_current_options (self, &options);
  LabChartViewPoint point = { x, y };

  return _lab_chart_view_enter_column (self, shown, &options, &point, FALSE);
}
