/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-window"

#include "config.h"

#include "lab-window-private.h"

/*
 * The chart first: the summary table sits under it in a pane. Until the
 * user drags the pane's handle, the table takes the height of its rows but
 * never more than a quarter of the pane, so that a small window (1024 ×
 * 600) still gives the chart most of its height; once dragged, the height
 * is the user's, remembered in "summary-height" (-1: as its rows need, 0:
 * closed). Show Summary Table (Ctrl+F9, as F9 is the sidebar; F8 is
 * GtkPaned's own key for its handle) closes and opens it.
 */

/* Of the pane's height, the most the table takes by itself, and the most a
 * remembered height takes in a window smaller than when it was chosen. */
#define NATURAL_SHARE 0.25
#define REMEMBERED_SHARE 0.5

static int
table_height (LabWindow *self,
              int        pane_height)
{
  int minimum, natural;

  if (self->summary_height == 0)
    return 0;
  if (self->summary_height > 0)
    return MIN (self->summary_height, (int) (pane_height * REMEMBERED_SHARE));
  gtk_widget_measure (GTK_WIDGET (self->summary_list), GTK_ORIENTATION_VERTICAL,
                      gtk_widget_get_width (GTK_WIDGET (self->chart_paned)),
                      &minimum, &natural, NULL, NULL);
  return MIN (natural, (int) (pane_height * NATURAL_SHARE));
}

/* Gives the table its height; the pane keeps it when the window is
 * resized (its end child does not resize). */
static void
place (LabWindow *self)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self->chart_paned));
  int position;

  if (height <= 0)
    return;
  position = MAX (0, height - table_height (self, height));
  self->summary_placed = TRUE;
  /* The pane may report the move later (its notifications are held while
   * it is allocated): it is known by the table's height. */
  self->placed_table = height - position;
  if (position != gtk_paned_get_position (self->chart_paned))
    gtk_paned_set_position (self->chart_paned, position);
}

static void
sync_action (LabWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "show-summary");

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action),
                               g_variant_new_boolean (self->summary_height != 0));
}

static void
remember (LabWindow *self,
          int        height)
{
  self->summary_height = height;
  if (self->settings != NULL)
    g_settings_set_int (self->settings, "summary-height", height);
  sync_action (self);
}

static void
on_max_position_cb (LabWindow *self)
{
  /* Allocated for the first time (or shown again): the table gets its
   * height now that the pane has one. */
  if (!self->summary_placed)
    place (self);
}

/* A drag of the handle: the height is the user's from now on. Moves made
 * by place() and a resized window (the table keeps its height) are not. */
static void
on_position_cb (LabWindow *self)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self->chart_paned));
  int table;

  if (!self->summary_placed || height <= 0 || !gtk_widget_get_mapped (GTK_WIDGET (self->chart_paned)))
    return;
  table = height - gtk_paned_get_position (self->chart_paned);
  if (table == self->placed_table)
    return;
  self->placed_table = table;
  /* a few pixels left by the handle are a closed table */
  if (table < 8)
    table = 0;
  if (table != self->summary_height)
    remember (self, table);
}

static void
on_unmap_cb (LabWindow *self)
{
  self->summary_placed = FALSE;
}

static void
show_summary_activated_cb (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  LabWindow *self = LAB_WINDOW (user_data);

  lab_window_set_summary_visible (self, !lab_window_get_summary_visible (self));
}

/**
 * _lab_window_summary_fit:
 * @self: the window
 *
 * The rows changed (a run added a model): a table at its natural height
 * follows them; a height the user chose stays.
 */
void
_lab_window_summary_fit (LabWindow *self)
{
  if (self->summary_height < 0 && gtk_widget_get_mapped (GTK_WIDGET (self->chart_paned)))
    place (self);
}

/**
 * _lab_window_summary_init:
 * @self: the window, its settings taken
 *
 * Restores the table's height and follows the pane.
 */
void
_lab_window_summary_init (LabWindow *self)
{
  static const GActionEntry entries[] = {
    { "show-summary", show_summary_activated_cb, NULL, "true", NULL },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  if (self->settings != NULL)
    self->summary_height = g_settings_get_int (self->settings, "summary-height");
  sync_action (self);
  g_signal_connect_object (self->chart_paned, "notify::max-position",
                           G_CALLBACK (on_max_position_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chart_paned, "notify::position", G_CALLBACK (on_position_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chart_paned, "unmap", G_CALLBACK (on_unmap_cb), self,
                           G_CONNECT_SWAPPED);
}

/**
 * lab_window_get_summary_visible:
 * @self: the window
 *
 * Returns: whether the summary table is open under the chart
 */
gboolean
lab_window_get_summary_visible (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), FALSE);

  return self->summary_height != 0;
}

/**
 * lab_window_set_summary_visible:
 * @self: the window
 * @visible: open the summary table (at the height its rows need) or close it
 */
void
lab_window_set_summary_visible (LabWindow *self,
                                gboolean   visible)
{
  g_return_if_fail (LAB_IS_WINDOW (self));

  if (visible == lab_window_get_summary_visible (self))
    return;
  remember (self, visible ? -1 : 0);
  place (self);
}
