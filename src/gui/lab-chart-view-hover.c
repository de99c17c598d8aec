/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart-view"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "lab-chart-view-private.h"
#include "lab-duration.h"
#include "lab-run-entry.h"

/*
 * What LabChartView says about itself: what lies under a point, the hover
 * marks drawn over the cached chart, the tooltip of the segment under the
 * pointer, the summary that screen readers announce, and the counts that
 * tests and the window ask for.
 */

/**
 * _lab_chart_view_hit_test:
 * @self: a chart view
 * @x: a widget coordinate
 * @y: a widget coordinate
 * @hit: (out caller-allocates): what is drawn at (@x, @y)
 *
 * Asks the renderer, with the options of the picture on screen.
 *
 * Returns: whether the point lies over a panel
 */
gboolean
_lab_chart_view_hit_test (LabChartView *self,
                          double        x,
                          double        y,
                          LabChartHit  *hit)
{
  LabChartOptions options;
  LabComparison *shown;
  LabChartViewPoint point = { x, y };

  memset (hit, 0, sizeof *hit);
  shown = _lab_chart_view_current_options (self, &options);
  if (shown == NULL || options.width <= 0 || options.height <= 0)
    return FALSE;
  /* A what-if: the column under the point, in its own coordinates. */
  shown = _lab_chart_view_enter_column (self, shown, &options, &point, FALSE);
  if (shown == NULL || !lab_chart_hit_test (shown, &options, point.x, point.y, hit))
    return FALSE;
  hit->x += hit->width > 0 ? point.dx : 0;
  hit->y += hit->height > 0 ? point.dy : 0;
  return TRUE;
}

static void
append_outline (GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                float                  width,
                const GdkRGBA         *color)
{
  const GdkRGBA colors[4] = { *color, *color, *color, *color };
  const float widths[4] = { width, width, width, width };
  GskRoundedRect outline;

  gsk_rounded_rect_init_from_rect (&outline, rect, 0);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

/* The marks over the cached chart: a time cursor through the panels, the
 * segment under the pointer outlined, and the keyboard focus. They are
 * cheap colour nodes, so moving the pointer never renders the chart. */
void
_lab_chart_view_snapshot_hover (LabChartView *self,
                                GtkSnapshot  *snapshot,
                                int           width,
                                int           height)
{
  gboolean dark = self->theme == LAB_THEME_DARK;
  LabChartHit hit;

  if (gtk_widget_has_visible_focus (GTK_WIDGET (self)))
    {
      /* The accent colour of libadwaita 1.2, as its focus rings use it. */
      GdkRGBA accent = dark ? (GdkRGBA) { 0.471, 0.682, 0.929, 0.5 }
                            : (GdkRGBA) { 0.208, 0.518, 0.894, 0.5 };

      append_outline (snapshot, &GRAPHENE_RECT_INIT (1, 1, width - 2, height - 2), 2, &accent);
    }

  if (!self->pointer_inside
      || !_lab_chart_view_hit_test (self, self->pointer_x, self->pointer_y, &hit))
    return;

  if (hit.in_plot)
    {
      GdkRGBA cursor = dark ? (GdkRGBA) { 1, 1, 1, 0.35 } : (GdkRGBA) { 0, 0, 0, 0.3 };

      gtk_snapshot_append_color (snapshot, &cursor,
                                 &GRAPHENE_RECT_INIT (floor (self->pointer_x), 0, 1, height));
    }
  /* a task's span, a core's, a hold of the GIL: what the tooltip describes */
  if (hit.has_segment)
    {
      GdkRGBA veil = dark ? (GdkRGBA) { 1, 1, 1, 0.18 } : (GdkRGBA) { 1, 1, 1, 0.3 };
      GdkRGBA edge = dark ? (GdkRGBA) { 1, 1, 1, 0.9 } : (GdkRGBA) { 0, 0, 0, 0.75 };
      graphene_rect_t rect = GRAPHENE_RECT_INIT (hit.x, hit.y, MAX (hit.width, 1), MAX (hit.height, 1));

      gtk_snapshot_append_color (snapshot, &veil, &rect);
      graphene_rect_inset (&rect, -1.5, -1.5);
      append_outline (snapshot, &rect, 1.5, &edge);
    }
}

gboolean
_lab_chart_view_query_tooltip (GtkWidget  *widget,
                               int         x,
                               int         y,
                               gboolean    keyboard_mode,
                               GtkTooltip *tooltip)
{
  LabChartView *self = LAB_CHART_VIEW (widget);
  g_autofree char *text = NULL;
  LabChartHit hit;

  if (keyboard_mode || !_lab_chart_view_hit_test (self, x, y, &hit) || !hit.has_item)
    return FALSE;
  text = lab_chart_view_describe_at (self, x, y);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  /* Asked again only when the pointer leaves the segment. */
  gtk_tooltip_set_tip_area (tooltip,
                            &(GdkRectangle) { floor (hit.x), floor (hit.y),
                                              MAX (ceil (hit.width), 1), MAX (ceil (hit.height), 1) });
  return TRUE;
}

/**
 * _lab_chart_view_update_accessible:
 * @self: a chart view
 *
 * A chart is an image to assistive technologies: its name says what it is,
 * its description what it shows, updated as a run finishes.
 */
void
_lab_chart_view_update_accessible (LabChartView *self)
{
  g_autofree char *summary = lab_chart_view_dup_summary (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Comparison chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                  -1);
}

/* The tasks of each panel whose spans the description tells one by one. */
#define DESCRIBED_TASKS 8

/**
 * lab_chart_view_dup_summary:
 * @self: a chart view
 *
 * The chart in words, for screen readers: first one sentence ("Comparison
 * of 2 models: Sequential 6.00 s, Event loop 3.00 s"), then what each
 * panel's layers show, as lab_chart_describe() tells it: the first tasks'
 * spans, the cores, the strips' peaks.
 *
 * Returns: (transfer full): the summary
 */
char *
lab_chart_view_dup_summary (LabChartView *self)
{
  LabComparison *shown;
  g_autoptr(GString) text = NULL;
  guint n_traces;

  g_return_val_if_fail (LAB_IS_CHART_VIEW (self), NULL);

  shown = _lab_chart_view_get_shown (self, NULL);
  if (shown == NULL)
    return g_strdup (_("Chart of a comparison, empty"));

  n_traces = lab_comparison_get_n_traces (shown);
  text = g_string_new (NULL);
  if (lab_comparison_get_workload (shown) == NULL)
    /* Translators: the chart of a traced program or of another tool's trace */
    g_string_assign (text, _("Trace"));
  else
    g_string_printf (text,
                     g_dngettext (GETTEXT_PACKAGE, "Comparison of %u model", "Comparison of %u models",
                                  n_traces),
                     n_traces);
  for (guint i = 0; i < n_traces; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (shown, i);
      g_autofree char *name = lab_run_entry_dup_name (shown, i);

      g_string_append (text, i == 0 ? _(": ") : _(", "));
      if (lab_trace_get_error (trace) != NULL)
        /* Translators: a model in the summary of the chart; %s is its name */
        g_string_append_printf (text, _("%s failed"), name);
      else if (!lab_trace_is_finished (trace))
        /* Translators: a model in the summary of the chart; %s is its name */
        g_string_append_printf (text, _("%s running"), name);
      else
        {
          g_autofree char *elapsed = lab_duration_format (lab_trace_get_end_ns (trace)
                                                          - lab_trace_get_begin_ns (trace));

          /* Translators: a model in the summary of the chart: its name and elapsed time */
          g_string_append_printf (text, _("%s %s"), name, elapsed);
        }
    }
  if (n_traces > 0)
    {
      LabChartOptions options;
      g_autofree char *words = NULL;

      /* the words do not depend on the size: described as on a slide */
      _lab_chart_view_current_options (self, &options);
      options.width = LAB_CHART_SLIDE_WIDTH;
      options.height = LAB_CHART_SLIDE_HEIGHT;
      options.baseline = NULL;
      options.replaying = FALSE;
      words = lab_chart_describe (shown, &options, DESCRIBED_TASKS);
      g_string_append_printf (text, ".\n%s", words);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * lab_chart_view_describe_at:
 * @self: a chart view
 * @x: a widget coordinate
 * @y: a widget coordinate
 *
 * The tooltip of what is drawn at (@x, @y), as the layer there tells it:
 * a task's whole span in a state ("Waiting for I/O from 0 to 3.00 s"),
 * what ran on a core, what a strip shows at that time.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL where nothing is drawn
 */
char *
lab_chart_view_describe_at (LabChartView *self,
                            double        x,
                            double        y)
{
  LabChartOptions options;
  LabComparison *shown;
  LabChartViewPoint point = { x, y };
  LabChartHit hit;

  g_return_val_if_fail (LAB_IS_CHART_VIEW (self), NULL);

  shown = _lab_chart_view_current_options (self, &options);
  if (shown == NULL || options.width <= 0 || options.height <= 0)
    return NULL;
  /* In a what-if, the column under the point describes its own traces. */
  shown = _lab_chart_view_enter_column (self, shown, &options, &point, FALSE);
  if (shown == NULL || !lab_chart_hit_test (shown, &options, point.x, point.y, &hit))
    return NULL;
  return lab_chart_describe_hit (shown, &options, &hit);
}

/**
 * _lab_chart_view_count_segments:
 * @comparison: a comparison, maybe running
 * @last_ns: (out) (optional): the latest time recorded in any trace
 *
 * Returns: the number of segments recorded so far in all traces
 */
guint64
_lab_chart_view_count_segments (LabComparison *comparison,
                                gint64        *last_ns)
{
  guint n_traces = lab_comparison_get_n_traces (comparison);
  guint64 n_segments = 0;
  gint64 last = 0;

  for (guint i = 0; i < n_traces; i++)
    {
      g_autoptr(LabTrace) trace = lab_comparison_dup_trace (comparison, i);

      n_segments += lab_trace_get_n_segments (trace);
      last = MAX (last, lab_trace_get_last_ns (trace));
    }
  if (last_ns != NULL)
    *last_ns = last;
  return n_segments;
}

/**
 * lab_chart_view_get_n_panels:
 * @self: a chart view
 *
 * Returns: the number of model panels on screen: one per trace of the
 *   comparison shown
 */
guint
lab_chart_view_get_n_panels (LabChartView *self)
{
  LabComparison *shown;

  g_return_val_if_fail (LAB_IS_CHART_VIEW (self), 0);

  shown = _lab_chart_view_get_shown (self, NULL);
  return shown != NULL ? lab_comparison_get_n_traces (shown) : 0;
}

/**
 * lab_chart_view_get_shown_comparison:
 * @self: a chart view
 *
 * Returns: (transfer none) (nullable): the comparison on screen: the
 *   comparison, or the previous one while the comparison has nothing yet
 */
LabComparison *
lab_chart_view_get_shown_comparison (LabChartView *self)
{
  g_return_val_if_fail (LAB_IS_CHART_VIEW (self), NULL);

  return _lab_chart_view_get_shown (self, NULL);
}

/**
 * lab_chart_view_get_render_count:
 * @self: a chart view
 *
 * How many times the chart was rendered (not merely redrawn from the
 * cache), for tests and diagnostics.
 *
 * Returns: the count
 */
guint
lab_chart_view_get_render_count (LabChartView *self)
{
  g_return_val_if_fail (LAB_IS_CHART_VIEW (self), 0);

  return self->render_count;
}
