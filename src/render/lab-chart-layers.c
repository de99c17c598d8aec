/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lab-chart-layer-private.h"
#include "lab-chart-layers.h"
#include "lab-error.h"

/*
 * The list of layers, in the order a panel stacks them, and the choice of
 * them by id. A layer is a file of its own; adding one is that file and a
 * line here.
 */

extern const LabChartLayerClass _lab_chart_layer_tasks;
extern const LabChartLayerClass _lab_chart_layer_cores;
extern const LabChartLayerClass _lab_chart_layer_utilization;
extern const LabChartLayerClass _lab_chart_layer_gil;
extern const LabChartLayerClass _lab_chart_layer_loop;
extern const LabChartLayerClass _lab_chart_layer_flight;
extern const LabChartLayerClass _lab_chart_layer_memory;

static const LabChartLayerClass *const layers[] = {
  &_lab_chart_layer_tasks,
  &_lab_chart_layer_cores,
  &_lab_chart_layer_utilization,
  &_lab_chart_layer_gil,
  &_lab_chart_layer_loop,
  &_lab_chart_layer_flight,
  &_lab_chart_layer_memory,
};

/* The task lanes come first and have no id: the others are the choice. */
#define FIRST_CHOSEN 1

G_STATIC_ASSERT (G_N_ELEMENTS (layers) - FIRST_CHOSEN <= 32);

guint
_lab_chart_layer_get_n (void)
{
  return G_N_ELEMENTS (layers);
}

const LabChartLayerClass *
_lab_chart_layer_get (guint index)
{
  g_assert (index < G_N_ELEMENTS (layers));

  return layers[index];
}

gboolean
_lab_chart_layer_chosen (const LabChartLayerClass *klass,
                         const LabChartOptions    *options)
{
  for (guint i = FIRST_CHOSEN; i < G_N_ELEMENTS (layers); i++)
    if (layers[i] == klass)
      return (options->layers & lab_chart_layers_from_index (i - FIRST_CHOSEN)) != 0;
  return TRUE;
}

gboolean
_lab_chart_layer_shown (const LabChartLayerClass *klass,
                        const LabChartLayout     *layout,
                        const LabChartPanel      *panel)
{
  return panel->error == NULL && _lab_chart_layer_chosen (klass, &layout->options)
         && (klass->applies == NULL || klass->applies (panel));
}

/**
 * lab_chart_layers_get_n:
 *
 * Returns: how many layers can be chosen
 */
guint
lab_chart_layers_get_n (void)
{
  return G_N_ELEMENTS (layers) - FIRST_CHOSEN;
}

/**
 * lab_chart_layers_get_id:
 * @index: from 0 to lab_chart_layers_get_n() - 1
 *
 * Returns: the layer's id, as lessons, settings and --show name it
 */
const char *
lab_chart_layers_get_id (guint index)
{
  g_return_val_if_fail (index < lab_chart_layers_get_n (), NULL);

  return layers[index + FIRST_CHOSEN]->id;
}

/**
 * lab_chart_layers_get_title:
 * @index: from 0 to lab_chart_layers_get_n() - 1
 *
 * Returns: the layer's name for a menu, translated
 */
const char *
lab_chart_layers_get_title (guint index)
{
  g_return_val_if_fail (index < lab_chart_layers_get_n (), NULL);

  return layers[index + FIRST_CHOSEN]->get_title ();
}

LabChartLayers
lab_chart_layers_from_index (guint index)
{
  g_return_val_if_fail (index < lab_chart_layers_get_n (), LAB_CHART_LAYERS_NONE);

  return (LabChartLayers) 1u << index;
}

static gboolean
find_id (const char     *id,
         LabChartLayers *out_layer)
{
  for (guint i = 0; i < lab_chart_layers_get_n (); i++)
    if (g_str_equal (id, lab_chart_layers_get_id (i)))
      {
        *out_layer = lab_chart_layers_from_index (i);
        return TRUE;
      }
  return FALSE;
}

/**
 * lab_chart_layers_dup_known_ids:
 *
 * Returns: (transfer full): every id, separated by ", "
 */
char *
lab_chart_layers_dup_known_ids (void)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < lab_chart_layers_get_n (); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", lab_chart_layers_get_id (i));
  return g_string_free (text, FALSE);
}

/**
 * lab_chart_layers_parse:
 * @text: ids separated by commas ("cores,flight"), "all", or "none" or
 *   nothing for none
 * @out_layers: (out): the set
 * @error: an unknown id: %LAB_ERROR_PARSE, naming it and the known ones
 *
 * Returns: whether @text named only known layers
 */
gboolean
lab_chart_layers_parse (const char     *text,
                        LabChartLayers *out_layers,
                        GError        **error)
{
  g_auto(GStrv) ids = NULL;
  LabChartLayers layers_set = LAB_CHART_LAYERS_NONE;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_layers != NULL, FALSE);

  ids = g_strsplit (text, ",", -1);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *id = g_strstrip (ids[i]);
      LabChartLayers layer;

      if (*id == '\0' || g_str_equal (id, "none"))
        continue;
      if (g_str_equal (id, "all"))
        {
          layers_set = LAB_CHART_LAYERS_ALL;
          continue;
        }
      if (!find_id (id, &layer))
        {
          g_autofree char *known = lab_chart_layers_dup_known_ids ();

          g_set_error (error, LAB_ERROR, LAB_ERROR_PARSE,
                       /* Translators: an unknown layer name, then the list of the known ones */
                       _("“%s” is not a layer; the layers are: %s (or all, none)"), id, known);
          return FALSE;
        }
      layers_set |= layer;
    }
  *out_layers = layers_set;
  return TRUE;
}

/**
 * lab_chart_layers_from_strv:
 * @ids: (array zero-terminated=1) (nullable): layer ids
 *
 * Returns: the set of the ids known; others are left out
 */
LabChartLayers
lab_chart_layers_from_strv (const char *const *ids)
{
  LabChartLayers layers_set = LAB_CHART_LAYERS_NONE;

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      LabChartLayers layer;

      if (find_id (ids[i], &layer))
        layers_set |= layer;
    }
  return layers_set;
}

/**
 * lab_chart_layers_to_strv:
 * @layers: a set
 *
 * Returns: (transfer full) (array zero-terminated=1): the ids of the
 *   layers known to this version in @layers, in order
 */
char **
lab_chart_layers_to_strv (LabChartLayers layers_set)
{
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; i < lab_chart_layers_get_n (); i++)
    if (layers_set & lab_chart_layers_from_index (i))
      g_ptr_array_add (ids, g_strdup (lab_chart_layers_get_id (i)));
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (ids, FALSE);
}

/**
 * lab_chart_layers_to_string:
 * @layers: a set
 *
 * Returns: (transfer full): its ids separated by commas, as
 *   lab_chart_layers_parse() reads them ("" for none)
 */
char *
lab_chart_layers_to_string (LabChartLayers layers_set)
{
  g_auto(GStrv) ids = lab_chart_layers_to_strv (layers_set);

  return g_strjoinv (",", ids);
}
