/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-view-menu"

#include "config.h"

#include "lab-chart-layers.h"
#include "lab-view-menu.h"

/*
 * A stateful boolean action per layer: activating it toggles the layer on
 * the chart view, and the view's "layers" keeps every state in step, so
 * the menu's checks are right whoever changed the layers.
 */

#define MAX_SHORTCUTS 9

static void
sync_states (LabChartView       *view,
             GParamSpec         *pspec,
             GSimpleActionGroup *group)
{
  LabChartLayers layers = lab_chart_view_get_layers (view);

  for (guint i = 0; i < lab_chart_layers_get_n (); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (group),
                                                    lab_chart_layers_get_id (i));
      gboolean on = (layers & lab_chart_layers_from_index (i)) != 0;

      g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (on));
    }
}

static void
on_change_state_cb (GSimpleAction *action,
                    GVariant      *state,
                    LabChartView  *view)
{
  LabChartLayers layer = LAB_CHART_LAYERS_NONE;
  LabChartLayers layers = lab_chart_view_get_layers (view);

  lab_chart_layers_parse (g_action_get_name (G_ACTION (action)), &layer, NULL);
  if (g_variant_get_boolean (state))
    layers |= layer;
  else
    layers &= ~layer;
  /* the view notifies, and sync_states() sets the action's state */
  lab_chart_view_set_layers (view, layers);
}

static void
on_activate_cb (GSimpleAction *action,
                GVariant      *parameter,
                LabChartView  *view)
{
  g_autoptr(GVariant) state = g_action_get_state (G_ACTION (action));

  g_action_change_state (G_ACTION (action), g_variant_new_boolean (!g_variant_get_boolean (state)));
}

static GSimpleActionGroup *
create_actions (LabChartView *view)
{
  GSimpleActionGroup *group = g_simple_action_group_new ();

  for (guint i = 0; i < lab_chart_layers_get_n (); i++)
    {
      g_autoptr(GSimpleAction) action = NULL;

      action = g_simple_action_new_stateful (lab_chart_layers_get_id (i), NULL,
                                             g_variant_new_boolean (FALSE));
      g_signal_connect_object (action, "activate", G_CALLBACK (on_activate_cb), view, 0);
      g_signal_connect_object (action, "change-state", G_CALLBACK (on_change_state_cb), view, 0);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
    }
  g_signal_connect_object (view, "notify::layers", G_CALLBACK (sync_states), group, 0);
  sync_states (view, NULL, group);
  return group;
}

/**
 * lab_view_menu_install:
 * @window: the window the actions belong to
 * @menu: the View menu, filled here
 * @view: the chart whose layers the items show and hide
 */
void
lab_view_menu_install (GtkWindow    *window,
                       GMenu        *menu,
                       LabChartView *view)
{
  g_autoptr(GSimpleActionGroup) group = NULL;
  GtkApplication *app;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (G_IS_MENU (menu));
  g_return_if_fail (LAB_IS_CHART_VIEW (view));

  group = create_actions (view);
  gtk_widget_insert_action_group (GTK_WIDGET (window), "view", G_ACTION_GROUP (group));
  app = gtk_window_get_application (window);
  for (guint i = 0; i < lab_chart_layers_get_n (); i++)
    {
      g_autofree char *action = g_strdup_printf ("view.%s", lab_chart_layers_get_id (i));
      g_autofree char *accel = g_strdup_printf ("<Alt>%u", i + 1);
      const char *accels[] = { accel, NULL };

      g_menu_append (menu, lab_chart_layers_get_title (i), action);
      if (app != NULL && i < MAX_SHORTCUTS)
        gtk_application_set_accels_for_action (app, action, accels);
    }
}
