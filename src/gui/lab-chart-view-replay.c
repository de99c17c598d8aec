/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart-view"

#include "config.h"

#include "lab-chart-view-private.h"

/*
 * The replay time of the chart view. A change drops the cached picture:
 * the renderer clips the lanes, draws the playheads and the caption band,
 * so the window shows exactly what an exported frame shows. The replay's
 * index is built once per comparison, when a replay first needs it.
 */

static GParamSpec *replay_time_pspec;

/**
 * LabChartView:replay-time:
 *
 * The replay time in nanoseconds on the panels' own axis; -1 when the
 * chart is not replaying. Only a finished comparison replays.
 */
GParamSpec *
_lab_chart_view_replay_time_pspec (void)
{
  replay_time_pspec = g_param_spec_int64 ("replay-time", NULL, NULL, -1, G_MAXINT64 / 8, -1,
                                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                          | G_PARAM_STATIC_STRINGS);
  return replay_time_pspec;
}

void
_lab_chart_view_replay_options (LabChartView    *self,
                                LabChartOptions *options)
{
  if (self->replay_ns < 0 || self->comparison == NULL)
    return;
  options->replaying = TRUE;
  options->replay_ns = self->replay_ns;
  options->replay = lab_chart_view_get_replay (self);
}

/* The comparison changed: the replay of the old one is over. */
void
_lab_chart_view_end_replay (LabChartView *self)
{
  g_clear_pointer (&self->replay, lab_replay_unref);
  if (self->replay_ns < 0)
    return;
  self->replay_ns = -1;
  g_object_notify_by_pspec (G_OBJECT (self), replay_time_pspec);
}

/**
 * lab_chart_view_get_replay_time:
 * @self: a chart view
 *
 * Returns: the replay time, or -1 when not replaying
 */
gint64
lab_chart_view_get_replay_time (LabChartView *self)
{
  g_return_val_if_fail (LAB_IS_CHART_VIEW (self), -1);

  return self->replay_ns;
}

/**
 * lab_chart_view_set_replay_time:
 * @self: a chart view
 * @t_ns: a time on the panels' axis; negative ends the replay
 *
 * Draws the comparison as it was at @t_ns. Ignored while the comparison
 * is still running (there is nothing finished to replay).
 */
void
lab_chart_view_set_replay_time (LabChartView *self,
                                gint64        t_ns)
{
  g_return_if_fail (LAB_IS_CHART_VIEW (self));

  t_ns = MAX (t_ns, -1);
  if (t_ns >= 0 && (self->comparison == NULL || !lab_comparison_is_finished (self->comparison)))
    return;
  if (t_ns == self->replay_ns)
    return;
  self->replay_ns = t_ns;
  _lab_chart_view_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), replay_time_pspec);
}

/**
 * lab_chart_view_get_replay:
 * @self: a chart view
 *
 * Returns: (transfer none) (nullable): the replay index of the finished
 *   comparison shown, or %NULL where there is none
 */
LabReplay *
lab_chart_view_get_replay (LabChartView *self)
{
  g_return_val_if_fail (LAB_IS_CHART_VIEW (self), NULL);

  if (self->replay == NULL && self->comparison != NULL
      && lab_comparison_is_finished (self->comparison))
    self->replay = lab_replay_new (self->comparison);
  return self->replay;
}
