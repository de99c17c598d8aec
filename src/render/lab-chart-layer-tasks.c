/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lab-chart-columns-private.h"
#include "lab-chart-layer-private.h"
#include "lab-chart-spans-private.h"
#include "lab-duration.h"

/*
 * The task lanes, always drawn: what every task did, in the colour of its
 * state, the core written inside a computation where it fits, a cross
 * where a task failed and a mark where a worker process failed. Hover and
 * words tell a task's whole span in a state, not the slices it was
 * recorded in.
 */

/* Legend */

static const char *
state_label (const LabChartLegendEntry *entry)
{
  return lab_state_get_label (entry->data);
}

/* In a trace of another program a lock wait is any lock's. */
static const char *
observed_state_label (const LabChartLegendEntry *entry)
{
  return lab_state_get_observed_label (entry->data);
}

/* A state's words in @p: a traced program's, or the lessons'. */
static const char *
panel_state_label (const LabChartPanel *p,
                   LabState             state)
{
  return lab_trace_get_observed (p->trace) != NULL ? lab_state_get_observed_label (state)
                                                   : lab_state_get_label (state);
}

static void
draw_state_key (cairo_t                   *cr,
                const LabChartLayout      *layout,
                const LabChartLegendEntry *entry,
                double                     x,
                double                     y,
                double                     size)
{
  _lab_chart_fill_swatch (cr, x, y, size, layout->palette->states[entry->data]);
}

static void
draw_failed_key (cairo_t                   *cr,
                 const LabChartLayout      *layout,
                 const LabChartLegendEntry *entry,
                 double                     x,
                 double                     y,
                 double                     size)
{
  _lab_chart_draw_cross (cr, x + size * 0.5, y + size * 0.5, size * 0.3, layout->palette->failed);
}

static void
draw_marker (cairo_t *cr,
             double   x,
             double   bottom,
             double   size)
{
  cairo_move_to (cr, x - size / 2, bottom - size);
  cairo_line_to (cr, x + size / 2, bottom - size);
  cairo_line_to (cr, x, bottom);
  cairo_close_path (cr);
}

static void
draw_marker_key (cairo_t                   *cr,
                 const LabChartLayout      *layout,
                 const LabChartLegendEntry *entry,
                 double                     x,
                 double                     y,
                 double                     size)
{
  draw_marker (cr, x + size / 2, y + size * 0.8, size * 0.7);
  _lab_chart_set_color (cr, layout->palette->text);
  cairo_fill (cr);
}

/* Which panels' legend words are the lessons', which a traced program's. */
static gboolean
is_lesson (const LabChartPanel *p)
{
  return lab_trace_get_observed (p->trace) == NULL;
}

static gboolean
is_observed (const LabChartPanel *p)
{
  return lab_trace_get_observed (p->trace) != NULL;
}

#define STATE_ENTRY(s) { NULL, state_label, draw_state_key, s, NULL }
static const LabChartLegendEntry state_entries[LAB_N_STATES] = {
  STATE_ENTRY (LAB_STATE_QUEUED), STATE_ENTRY (LAB_STATE_RUNNING),
  STATE_ENTRY (LAB_STATE_WAITING_IO),
  { NULL, state_label, draw_state_key, LAB_STATE_WAITING_LOCK, is_lesson },
  STATE_ENTRY (LAB_STATE_READY), STATE_ENTRY (LAB_STATE_SPAWNING), STATE_ENTRY (LAB_STATE_IPC),
};
#undef STATE_ENTRY
G_STATIC_ASSERT (LAB_N_STATES == 7);
static const LabChartLegendEntry observed_lock_entry = {
  NULL, observed_state_label, draw_state_key, LAB_STATE_WAITING_LOCK, is_observed
};
static const LabChartLegendEntry failed_entry = {
  /* Translators: legend entry: the cross where a task failed */
  N_("Failed"), _lab_chart_legend_label, draw_failed_key, 0, NULL
};
static const LabChartLegendEntry marker_entry = {
  /* Translators: legend entry: a mark above the lanes where a worker process failed */
  N_("Worker failed"), _lab_chart_legend_label, draw_marker_key, 0, is_lesson
};
/* In another program's trace, a mark is an instant it noted. */
static const LabChartLegendEntry instant_entry = {
  /* Translators: legend entry: a mark above the lanes where a traced
   * program (or another tool's trace) noted an instant */
  N_("Instant event"), _lab_chart_legend_label, draw_marker_key, 0, is_observed
};

static const LabChartLegendEntry *const legend[] = {
  &state_entries[0], &state_entries[1], &state_entries[2], &state_entries[3],
  &state_entries[4], &state_entries[5], &state_entries[6], &observed_lock_entry, &failed_entry,
  &marker_entry, &instant_entry, NULL,
};

/* Drawing */

typedef struct
{
  const LabChartLayout *layout;
  const LabChartPanel  *panel;
  LabChartColumnMap     map;
  LabChartColumns       columns;
  float                *task_end;    /* per row: right end of the last segment, in columns */
} Pass;

static gpointer
tasks_pass_begin (const LabChartLayout *layout,
                  const LabChartPanel  *p,
                  const LabChartBand   *band)
{
  Pass *pass = g_new0 (Pass, 1);

  pass->layout = layout;
  pass->panel = p;
  _lab_chart_column_map_init (&pass->map, layout, p);
  _lab_chart_columns_init (&pass->columns, p->n_task_rows, pass->map.n_cols, LAB_N_STATES,
                           p->tasks_per_row == 1);
  pass->task_end = g_new0 (float, p->n_task_rows + 1);
  return pass;
}

static void
tasks_pass_segment (gpointer          data,
                    const LabSegment *s)
{
  Pass *pass = data;
  const LabChartPanel *p = pass->panel;
  double x0, x1;
  guint row;

  if (s->state >= LAB_N_STATES || s->task >= p->n_tasks
      || !_lab_chart_column_map_span (&pass->map, s->begin_ns, s->end_ns, &x0, &x1))
    return;
  row = s->task / p->tasks_per_row;
  _lab_chart_columns_add (&pass->columns, row, s->state, x0, x1, s);
  if (p->tasks_per_row == 1)
    pass->task_end[row] = MAX (pass->task_end[row], (float) x1);
}

/* "core 1" inside a computation where it fits; never a bare "1", which
 * would read as a task's number (core lanes write those). */
static void
label_bars (cairo_t              *cr,
            const LabChartLayout *layout,
            const LabChartPanel  *p,
            LabChartColumns      *c,
            double                col_w,
            double                y,
            double                h)
{
  for (guint r = 0; c->bars != NULL && r < c->n_rows; r++)
    for (guint i = 0; c->bars[r] != NULL && i < c->bars[r]->len; i++)
      {
        const LabChartBar *b = &g_array_index (c->bars[r], LabChartBar, i);
        double w = (b->x1 - b->x0) * col_w;
        g_autofree char *text = NULL;

        if (w < layout->small_px * 1.2 || b->state != LAB_STATE_RUNNING || b->core < 0)
          continue;
        /* Translators: written inside a running segment: the CPU core it ran on */
        text = g_strdup_printf (_("core %d"), b->core);
        _lab_chart_draw_inner_label (cr, layout, layout->palette->states[b->state],
                                     &(cairo_rectangle_t) { p->axis.plot_x + b->x0 * col_w,
                                                            y + r * p->task_h, w, h },
                                     text, NULL);
      }
}

typedef struct
{
  double  x0, x1;   /* in columns */
  guint   row;
  guint16 depth;
  guint32 name;
} NamedBar;

typedef struct
{
  guint  row;
  double left, right;   /* in pixels */
} PlacedLabel;

static gint
deepest_then_widest (gconstpointer a,
                     gconstpointer b)
{
  const NamedBar *x = a;
  const NamedBar *y = b;

  if (x->depth != y->depth)
    return x->depth > y->depth ? -1 : 1;
  return (y->x1 - y->x0 > x->x1 - x->x0) - (y->x1 - y->x0 < x->x1 - x->x0);
}

/* The work another tool named ("ParseClass", "RunTask") written inside
 * its running bar: the deepest spans whose name fits first, then the
 * spans around them where no name is yet. */
static void
label_named_spans (cairo_t                 *cr,
                   const LabChartLayout    *layout,
                   const LabChartPanel     *p,
                   const LabChartColumnMap *map,
                   double                   col_w,
                   double                   y,
                   double                   h)
{
  LabObserved *roster = lab_trace_get_observed (p->trace);
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GArray) bars = NULL;
  g_autoptr(GArray) placed = NULL;
  double px = _lab_chart_text_px_for (layout, layout->small_px, h);
  double min_w = layout->small_px * 2.5;

  if (roster == NULL || p->tasks_per_row != 1 || h < layout->small_px)
    return;
  spans = lab_observed_copy_spans (roster);
  bars = g_array_new (FALSE, FALSE, sizeof (NamedBar));
  for (guint i = 0; i < spans->len; i++)
    {
      const LabNamedSpan *s = &g_array_index (spans, LabNamedSpan, i);
      NamedBar bar = { 0, 0, s->task, s->depth, s->name };

      if (s->task < p->n_tasks
          && _lab_chart_column_map_span (map, s->begin_ns, s->end_ns, &bar.x0, &bar.x1)
          && (bar.x1 - bar.x0) * col_w >= min_w)
        g_array_append_val (bars, bar);
    }
  g_array_sort (bars, deepest_then_widest);
  placed = g_array_new (FALSE, FALSE, sizeof (PlacedLabel));
  for (guint i = 0; i < bars->len; i++)
    {
      const NamedBar *bar = &g_array_index (bars, NamedBar, i);
      g_autofree char *name = lab_observed_dup_name (roster, bar->name);
      double x = p->axis.plot_x + bar->x0 * col_w, w = (bar->x1 - bar->x0) * col_w;
      double text_w, middle;
      PlacedLabel label;
      gboolean room = TRUE;

      if (name == NULL || *name == '\0')
        continue;
      text_w = _lab_chart_text_width (layout, name, px, FALSE);
      if (text_w + px > w)
        continue;
      middle = x + w / 2;
      label.row = bar->row;
      label.left = middle - text_w / 2 - px / 2;
      label.right = middle + text_w / 2 + px / 2;
      for (guint k = 0; k < placed->len && room; k++)
        {
          const PlacedLabel *other = &g_array_index (placed, PlacedLabel, k);

          room = other->row != label.row || other->right <= label.left
                 || other->left >= label.right;
        }
      if (!room)
        continue;
      _lab_chart_draw_inner_label (cr, layout, layout->palette->states[LAB_STATE_RUNNING],
                                   &(cairo_rectangle_t) { x, y + bar->row * p->task_h, w, h },
                                   name, NULL);
      g_array_append_val (placed, label);
    }
}

/* A cross where each failed task stopped; returns whether any was drawn. */
static gboolean
draw_failures (cairo_t              *cr,
               const LabChartLayout *layout,
               const LabChartPanel  *p,
               const Pass           *pass)
{
  double col_w = p->axis.plot_width / pass->map.n_cols;
  gboolean any = FALSE;

  /* a replay shows where a task failed once the run got there */
  if (p->tasks_per_row != 1 || p->n_failed == 0 || pass->map.edge_ns < p->live_end_ns)
    return FALSE;
  for (guint r = 0; r < p->n_task_rows; r++)
    if (lab_trace_task_get_status (p->trace, r) == LAB_TASK_STATUS_FAILED && pass->task_end[r] > 0)
      {
        _lab_chart_draw_cross (cr, p->axis.plot_x + pass->task_end[r] * col_w,
                               p->task_y + (r + 0.5) * p->task_h, p->task_h * 0.28,
                               layout->palette->failed);
        any = TRUE;
      }
  return any;
}

/* Where a worker process failed: a mark above the lanes. */
static gboolean
draw_markers (cairo_t              *cr,
              const LabChartLayout *layout,
              const LabChartPanel  *p)
{
  g_autoptr(GPtrArray) markers = lab_trace_copy_markers (p->trace);
  double right = p->axis.plot_x + p->axis.plot_width;
  gint64 edge = _lab_chart_draw_edge (layout, p);
  gboolean any = FALSE;

  for (guint i = 0; markers != NULL && i < markers->len; i++)
    {
      const LabMarker *m = g_ptr_array_index (markers, i);
      double x = _lab_chart_abs_to_x (p, m->t_ns);

      if (x < p->axis.plot_x || x > right || m->t_ns > edge)
        continue;
      draw_marker (cr, x, p->task_y, layout->small_px * 0.4);
      any = TRUE;
    }
  _lab_chart_set_color (cr, layout->palette->text);
  cairo_fill (cr);
  return any;
}

/* A traced program's lanes come process by process: a line where one
 * process's lanes end and the next one's begin, across the labels too. */
static void
draw_process_separators (cairo_t              *cr,
                         const LabChartLayout *layout,
                         const LabChartPanel  *p)
{
  LabObserved *roster = lab_trace_get_observed (p->trace);
  guint previous = G_MAXUINT;

  if (roster == NULL || p->tasks_per_row > 1)
    return;
  cairo_save (cr);
  _lab_chart_set_color (cr, layout->palette->dim_text);
  cairo_set_line_width (cr, 1.0);
  for (guint r = 0; r < p->n_task_rows; r++)
    {
      LabObservedTask info;
      double y;

      if (!lab_observed_copy_task (roster, r, &info))
        break;
      y = round (p->task_y + r * p->task_h) + 0.5;
      if (previous != G_MAXUINT && info.process != previous)
        {
          cairo_move_to (cr, layout->x, y);
          cairo_line_to (cr, p->axis.plot_x + p->axis.plot_width, y);
          cairo_stroke (cr);
        }
      previous = info.process;
      lab_observed_task_clear (&info);
    }
  cairo_restore (cr);
}

static void
tasks_pass_draw (gpointer        data,
                 cairo_t        *cr,
                 LabChartLegend *seen)
{
  Pass *pass = data;
  const LabChartLayout *layout = pass->layout;
  const LabChartPanel *p = pass->panel;
  double inset = _lab_chart_lane_inset (p->task_h);
  double y = p->task_y + inset, h = p->task_h - 2 * inset;
  double col_w = p->axis.plot_width / pass->map.n_cols;
  LabChartColumnGrid grid = { p->axis.plot_x, col_w, y, p->task_h, h };
  guint painted = 0;

  cairo_save (cr);
  if (draw_markers (cr, layout, p))
    _lab_chart_legend_mark (seen, lab_trace_get_observed (p->trace) != NULL ? &instant_entry
                                                                           : &marker_entry);
  cairo_rectangle (cr, p->axis.plot_x, p->y, p->axis.plot_width, p->height);
  cairo_clip (cr);
  if (pass->columns.bars != NULL)
    painted |= _lab_chart_columns_fill_bars (cr, &pass->columns, layout->palette->states, &grid);
  /* in a lane of many tasks, most are queued: it shows only where nothing else does */
  painted |= _lab_chart_columns_fill (cr, &pass->columns, layout->palette->states,
                                      LAB_STATE_QUEUED, &grid);
  label_bars (cr, layout, p, &pass->columns, col_w, y, h);
  label_named_spans (cr, layout, p, &pass->map, col_w, y, h);
  if (draw_failures (cr, layout, p, pass))
    _lab_chart_legend_mark (seen, &failed_entry);
  cairo_restore (cr);
  draw_process_separators (cr, layout, p);

  /* the states a pixel shows, not those hidden under another in a column */
  for (guint s = 0; s < LAB_N_STATES; s++)
    if (painted & (1u << s))
      _lab_chart_legend_mark (seen, s == LAB_STATE_WAITING_LOCK && lab_trace_get_observed (p->trace)
                                      ? &observed_lock_entry : &state_entries[s]);
  _lab_chart_columns_clear (&pass->columns);
  g_free (pass->task_end);
  g_free (pass);
}

/* Hit test */

typedef struct
{
  guint           first, last;
  LabChartNearest nearest;
  guint           counts[LAB_N_STATES];   /* tasks in each state at the time */
} Search;

static gboolean
on_search_segment_cb (const LabSegment *s,
                      gpointer          user_data)
{
  Search *search = user_data;
  gint64 t_ns = search->nearest.t_ns;

  if (s->task < search->first || s->task > search->last || s->state >= LAB_N_STATES
      || s->begin_ns >= search->nearest.edge_ns)
    return TRUE;
  if (t_ns >= s->begin_ns && t_ns < MIN (s->end_ns, search->nearest.edge_ns))
    search->counts[s->state]++;
  /* every segment of the row counts: the search goes on past a match */
  _lab_chart_nearest_offer (&search->nearest, s);
  return TRUE;
}

static void
search_row (const LabChartLayout *layout,
            const LabChartPanel  *p,
            const LabChartHit    *hit,
            Search               *search)
{
  memset (search, 0, sizeof *search);
  search->first = hit->first;
  search->last = hit->last;
  _lab_chart_nearest_init (&search->nearest, layout, p, hit);
  lab_trace_foreach_segment (p->trace, on_search_segment_cb, search);
}

static void
tasks_hit (const LabChartLayout *layout,
           const LabChartPanel  *p,
           const LabChartBand   *band,
           double                x,
           double                y,
           LabChartHit          *hit)
{
  guint row = (guint) ((y - p->task_y) / p->task_h);
  g_autoptr(GArray) spans = NULL;
  Search search;

  hit->first = row * p->tasks_per_row;
  hit->last = MIN (p->n_tasks, hit->first + p->tasks_per_row) - 1;
  hit->y = p->task_y + row * p->task_h + _lab_chart_lane_inset (p->task_h);
  hit->height = p->task_h - 2 * _lab_chart_lane_inset (p->task_h);
  if (!hit->in_plot)
    return;
  search_row (layout, p, hit, &search);
  if (!_lab_chart_nearest_found (&search.nearest))
    return;
  /* a lane of one task: its whole span in the state; of many, the segment */
  if (p->tasks_per_row == 1)
    spans = _lab_chart_task_spans (p->trace, hit->first, search.nearest.edge_ns);
  _lab_chart_nearest_to_hit (&search.nearest, p, spans, hit);
}

/* Words */

static char *
format_span (const LabChartPanel *p,
             LabState             state,
             gint64               begin_ns,
             gint64               end_ns)
{
  g_autofree char *begin = lab_duration_format (begin_ns - p->zero_ns);
  g_autofree char *end = lab_duration_format (end_ns - p->zero_ns);
  g_autofree char *length = lab_duration_format (end_ns - begin_ns);

  /* Translators: a task's state over a span of time: "Waiting for I/O from
   * 0 to 3.00 s (3.00 s)" */
  return g_strdup_printf (_("%s from %s to %s (%s)"), panel_state_label (p, state), begin, end,
                          length);
}

/* How often the OS took a computing task's core away: a `ready` span that
 * follows a `running` one. */
static guint
count_preemptions (GArray *spans,
                   gint64 *out_ready_ns)
{
  guint n = 0;

  *out_ready_ns = 0;
  for (guint i = 1; i < spans->len; i++)
    {
      const LabChartSpan *s = &g_array_index (spans, LabChartSpan, i);

      if (s->state == LAB_STATE_READY
          && g_array_index (spans, LabChartSpan, i - 1).state == LAB_STATE_RUNNING)
        n++, *out_ready_ns += s->end_ns - s->begin_ns;
    }
  return n;
}

/* What matters beyond the span: the cores a computation ran on, why a
 * task was ready, how often the OS preempted it in all. */
static void
append_span_detail (GString             *text,
                    GArray              *spans,
                    guint                index)
{
  const LabChartSpan *span = &g_array_index (spans, LabChartSpan, index);
  LabState before = index > 0 ? g_array_index (spans, LabChartSpan, index - 1).state
                              : LAB_STATE_QUEUED;
  g_autofree char *cores = _lab_chart_span_cores (span);
  gint64 ready_ns;
  guint n_preempted = count_preemptions (spans, &ready_ns);

  if (cores != NULL && span->state == LAB_STATE_RUNNING)
    g_string_append_printf (text, "\n%s", cores);
  if (span->state == LAB_STATE_READY && before == LAB_STATE_RUNNING)
    /* Translators: tooltip line of a task that was ready after computing */
    g_string_append (text, _("\nPreempted: the OS gave its core to another thread"));
  else if (span->state == LAB_STATE_READY)
    /* Translators: tooltip line of a task that was ready after waiting or queueing */
    g_string_append (text, _("\nDue, but not yet run"));
  if (n_preempted > 0 && (span->state == LAB_STATE_RUNNING || span->state == LAB_STATE_READY))
    {
      g_autofree char *ready = lab_duration_format (ready_ns);

      /* Translators: tooltip line: how many times the task was preempted, and for how long in all */
      g_string_append_printf (text, ngettext ("\nPreempted %u time in all, %s",
                                              "\nPreempted %u times in all, %s", n_preempted),
                              n_preempted, ready);
    }
}

static char *
describe_group (const LabChartLayout *layout,
                const LabChartPanel  *p,
                const LabChartHit    *hit)
{
  g_autofree char *label = _lab_chart_task_row_label (p, hit->first / p->tasks_per_row);
  g_autofree char *at = lab_duration_format (hit->time_ns);
  GString *text = g_string_new (NULL);
  Search search;
  gboolean any = FALSE;

  search_row (layout, p, hit, &search);
  /* Translators: tooltip of a lane of many tasks: "Tasks 1–50 at 1.20 s:" */
  g_string_printf (text, _("%s at %s:"), label, at);
  for (guint s = 0; s < LAB_N_STATES; s++)
    if (search.counts[s] > 0)
      {
        g_string_append_printf (text, "%s %u %s", any ? "," : "", search.counts[s],
                                panel_state_label (p, s));
        any = TRUE;
      }
  if (!any)
    /* Translators: in the tooltip of a lane of many tasks: none of them had begun or all were done */
    g_string_append_printf (text, " %s", _("none under way"));
  return g_string_free (text, FALSE);
}

/* A tooltip's first line: the task's name; for a traced thread, also the
 * process it belongs to ("python3 4720, thread of python3 4711: python3
 * pool.py"). */
static void
task_heading (GString             *text,
              const LabChartPanel *p,
              guint                task)
{
  g_autofree char *name = _lab_chart_dup_task_name (p, task, FALSE);
  LabObserved *roster = lab_trace_get_observed (p->trace);
  LabObservedTask info;
  LabObservedProcess process;

  g_string_append (text, name);
  if (roster == NULL || !lab_observed_copy_task (roster, task, &info))
    return;
  if (lab_observed_copy_process (roster, info.process, &process))
    {
      /* Translators: after a thread's name in its tooltip: its process's
       * name, id and command line */
      g_string_append_printf (text, _(", in %s %d: %s"), process.name, process.pid,
                              process.command);
      lab_observed_process_clear (&process);
    }
  lab_observed_task_clear (&info);
}

static gint
by_depth (gconstpointer a,
          gconstpointer b)
{
  const LabNamedSpan *x = a;
  const LabNamedSpan *y = b;

  return (x->depth > y->depth) - (x->depth < y->depth);
}

/* The work another tool named under the pointer, outermost first:
 * "ExecuteCompiler › Frontend › Source stdio.h". */
static void
append_named_spans (GString             *text,
                    const LabChartPanel *p,
                    guint                task,
                    gint64               t_ns)
{
  const guint max_shown = 5;
  LabObserved *roster = lab_trace_get_observed (p->trace);
  g_autoptr(GArray) spans = roster != NULL ? lab_observed_copy_spans (roster) : NULL;
  g_autoptr(GArray) here = NULL;

  if (spans == NULL || spans->len == 0)
    return;
  here = g_array_new (FALSE, FALSE, sizeof (LabNamedSpan));
  for (guint i = 0; i < spans->len; i++)
    {
      const LabNamedSpan *s = &g_array_index (spans, LabNamedSpan, i);

      if (s->task == task && s->begin_ns <= t_ns && t_ns < MAX (s->end_ns, s->begin_ns + 1))
        g_array_append_val (here, *s);
    }
  if (here->len == 0)
    return;
  g_array_sort (here, by_depth);
  g_string_append_c (text, '\n');
  /* the innermost few, where the work is nested deeper */
  if (here->len > max_shown)
    g_string_append (text, "…");
  for (guint i = here->len > max_shown ? here->len - max_shown : 0; i < here->len; i++)
    {
      const LabNamedSpan *s = &g_array_index (here, LabNamedSpan, i);
      g_autofree char *name = lab_observed_dup_name (roster, s->name);
      g_autofree char *length = lab_duration_format (s->end_ns - s->begin_ns);

      if (text->str[text->len - 1] != '\n')
        g_string_append (text, " › ");
      /* Translators: a named piece of work in another tool's trace, and how long it took */
      g_string_append_printf (text, _("%s (%s)"), name != NULL ? name : "?", length);
    }
}

static char *
tasks_describe_hit (const LabChartLayout *layout,
                    const LabChartPanel  *p,
                    const LabChartHit    *hit)
{
  g_autoptr(GArray) spans = NULL;
  g_autofree char *span_text = NULL;
  GString *text;
  gint i;

  if (!hit->has_segment)
    return NULL;
  if (p->tasks_per_row > 1)
    return describe_group (layout, p, hit);
  spans = _lab_chart_task_spans (p->trace, hit->first, _lab_chart_draw_edge (layout, p));
  i = _lab_chart_span_at (spans, hit->segment.begin_ns, 0);
  if (i < 0)
    return NULL;
  span_text = format_span (p, hit->segment.state, hit->segment.begin_ns, hit->segment.end_ns);
  text = g_string_new (NULL);
  /* the task's name, and of a traced thread its process */
  task_heading (text, p, hit->first);
  g_string_append_printf (text, "\n%s", span_text);
  append_span_detail (text, spans, (guint) i);
  append_named_spans (text, p, hit->first, p->zero_ns + hit->time_ns);
  if (lab_trace_task_get_status (p->trace, hit->first) == LAB_TASK_STATUS_FAILED
      && (guint) i + 1 == spans->len)
    {
      const char *reason = lab_trace_task_get_reason (p->trace, hit->first);

      /* Translators: tooltip line of a task that failed, with the reason */
      g_string_append_printf (text, _("\nThen it failed: %s"), reason != NULL ? reason : "");
    }
  return g_string_free (text, FALSE);
}

/* Every task's spans, at most @max_tasks tasks and a few spans each. */
static void
tasks_describe (const LabChartLayout *layout,
                const LabChartPanel  *p,
                guint                 max_tasks,
                GString              *out)
{
  gint64 edge = _lab_chart_draw_edge (layout, p);
  guint n = MIN (p->n_tasks, max_tasks);

  for (guint t = 0; t < n; t++)
    {
      g_autoptr(GArray) spans = _lab_chart_task_spans (p->trace, t, edge);
      const guint max_spans = 6;

      g_autofree char *name = _lab_chart_dup_task_name (p, t, FALSE);

      /* Translators: in the chart's description: a task's name ("Task 2"), then its spans */
      g_string_append_printf (out, _(" %s:"), name);
      for (guint i = 0; i < spans->len && i < max_spans; i++)
        {
          const LabChartSpan *s = &g_array_index (spans, LabChartSpan, i);
          g_autofree char *span_text = format_span (p, s->state, s->begin_ns, s->end_ns);

          g_string_append_printf (out, "%s %s", i > 0 ? ";" : "", span_text);
        }
      if (spans->len > max_spans)
        /* Translators: in the chart's description, after a task's first spans */
        g_string_append_printf (out, ngettext ("; and %u more change", "; and %u more changes",
                                               spans->len - max_spans),
                                spans->len - max_spans);
      if (spans->len == 0)
        /* Translators: in the chart's description: a task with nothing recorded */
        g_string_append (out, _(" nothing recorded"));
      g_string_append_c (out, '.');
    }
  if (p->n_tasks > n)
    /* Translators: in the chart's description, after the first tasks */
    g_string_append_printf (out, ngettext (" And %u more task.", " And %u more tasks.",
                                           p->n_tasks - n), p->n_tasks - n);
}

static const char *
tasks_get_title (void)
{
  /* Translators: the lanes of the tasks, always shown */
  return _("Task Lanes");
}

/* A finished run draws only the states it recorded, and the failure cross
 * only where a task failed; a running one may still draw any. */
static gboolean
tasks_may_draw (const LabChartLegendEntry *entry,
                const LabChartLayout      *layout,
                const LabChartPanel       *p)
{
  if (!lab_trace_is_finished (p->trace))
    return TRUE;
  if (entry == &failed_entry)
    return p->n_failed > 0;
  if (entry < &state_entries[0] || entry >= &state_entries[LAB_N_STATES])
    return TRUE;
  return (p->recorded_states & (1u << entry->data)) != 0;
}

const LabChartLayerClass _lab_chart_layer_tasks = {
  .id = NULL,
  .get_title = tasks_get_title,
  .rows = LAB_CHART_ROWS_TASKS,
  .row_share = 1.0,
  .legend = legend,
  .may_draw = tasks_may_draw,
  .pass_begin = tasks_pass_begin,
  .pass_segment = tasks_pass_segment,
  .pass_draw = tasks_pass_draw,
  .hit = tasks_hit,
  .describe_hit = tasks_describe_hit,
  .describe = tasks_describe,
};
