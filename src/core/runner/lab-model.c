/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-model"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-error.h"
#include "lab-model.h"

static const LabModel * const all_models[] = {
  &lab_model_sequential,
  &lab_model_event_loop,
  &lab_model_loop_offload,
  &lab_model_threads,
  &lab_model_threads_gil,
  &lab_model_processes,
  &lab_model_process_per_task,
  NULL
};

/**
 * lab_model_get_all:
 * @n_models: (out) (optional): the number of models
 *
 * Returns: (transfer none): every model, in display order, NULL-terminated
 */
const LabModel * const *
lab_model_get_all (guint *n_models)
{
  if (n_models != NULL)
    *n_models = G_N_ELEMENTS (all_models) - 1;
  return all_models;
}

/**
 * lab_model_find:
 * @id: a model id such as "event-loop"
 *
 * Returns: (nullable): the model, or %NULL if there is none by that id
 */
const LabModel *
lab_model_find (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; all_models[i] != NULL; i++)
    if (g_str_equal (all_models[i]->id, id))
      return all_models[i];
  return NULL;
}

/**
 * lab_model_dup_ids:
 *
 * Every model's id, for a message that lists the valid ones.
 *
 * Returns: (transfer full): the ids in display order, separated by ", "
 */
char *
lab_model_dup_ids (void)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; all_models[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (ids, ", ");
      g_string_append (ids, all_models[i]->id);
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/**
 * lab_model_parse_list:
 * @text: model ids separated by commas ("sequential,threads"), or "all"
 * @error: where an unknown or repeated id, or an empty item between ids,
 *   is reported
 *
 * Returns: (transfer container) (nullable): the models in the order given,
 *   NULL-terminated; free with g_free()
 */
const LabModel **
lab_model_parse_list (const char  *text,
                      GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autofree char *trimmed = NULL;
  guint empty_item = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  if (g_str_equal (trimmed, "all"))
    return g_memdup2 (all_models, sizeof all_models);

  models = g_ptr_array_new ();
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *id = g_strstrip (parts[i]);
      const LabModel *model;

      if (*id == '\0')
        {
          if (empty_item == 0)
            empty_item = i + 1;
          continue;
        }
      model = lab_model_find (id);
      if (model == NULL)
        {
          g_autofree char *valid = lab_model_dup_ids ();

          g_set_error (error, LAB_ERROR, LAB_ERROR_PARSE,
                       _("Unknown model “%s”; the models are: %s"), id, valid);
          return NULL;
        }
      if (g_ptr_array_find (models, model, NULL))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_PARSE,
                       _("The model “%s” is listed twice"), id);
          return NULL;
        }
      g_ptr_array_add (models, (gpointer) model);
    }

  if (models->len == 0)
    {
      g_autofree char *valid = lab_model_dup_ids ();

      g_set_error (error, LAB_ERROR, LAB_ERROR_PARSE,
                   _("No model given; the models are: %s"), valid);
      return NULL;
    }

  /* Between names, an empty item is a typo ("sequential,,threads"), not
   * a wish to run fewer models. */
  if (empty_item > 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_PARSE,
                   _("“%s”: item %u of the list is empty"), text, empty_item);
      return NULL;
    }

  g_ptr_array_add (models, NULL);
  return (const LabModel **) g_ptr_array_free (g_steal_pointer (&models), FALSE);
}

/**
 * lab_model_get_name:
 * @model: a model
 *
 * Returns: the model's title in the user's language
 */
const char *
lab_model_get_name (const LabModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);

  return _(model->name);
}

/**
 * lab_model_get_name_for_id:
 * @id: a model id, as a trace records it
 *
 * What a model is called wherever a trace's model is named to people; a
 * file may name a model this version does not have, which keeps its id.
 *
 * Returns: (transfer none): the model's title in the user's language, or
 *   @id itself where no model has that id
 */
const char *
lab_model_get_name_for_id (const char *id)
{
  const LabModel *model;

  g_return_val_if_fail (id != NULL, NULL);

  model = lab_model_find (id);
  return model != NULL ? lab_model_get_name (model) : id;
}
