/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lab-cli-private.h"
#include "lab-clock.h"
#include "lab-cpu-monitor.h"
#include "lab-cpu.h"
#include "lab-duration.h"

/* The workload of `run`, from --workload, --preset, or --kind, --tasks,
 * --duration(s) and --mix. The options are turned into the workload text
 * form and read by lab_workload_parse(), the one parser of workloads, so
 * the CLI accepts exactly what the window and the settings accept. Each
 * option's value is first read on its own by the same core parsers, so a
 * mistake is reported against the option that holds it. */

static const char *
first_set (const LabCliWorkloadArgs *args)
{
  return args->kind != NULL ? "--kind"
         : args->tasks != NULL ? "--tasks"
         : args->duration != NULL ? "--duration"
         : args->durations != NULL ? "--durations"
         : args->mix != NULL ? "--mix"
         : NULL;
}

static LabWorkload *
parse_as (const char  *option,
          const char  *text,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  LabWorkload *workload = lab_workload_parse (text, &local_error);

  if (workload == NULL)
    _lab_cli_set_usage_error (error, option, "%s", local_error->message);
  return workload;
}

static char *
preset_ids (void)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < lab_preset_get_n (); i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", lab_preset_get (i)->id);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static LabWorkload *
from_preset (const char       *id,
             const LabPreset **out_preset,
             GError          **error)
{
  const LabPreset *preset = lab_preset_find (id);
  g_autofree char *text = NULL;

  if (preset == NULL)
    {
      g_autofree char *ids = preset_ids ();

      _lab_cli_set_usage_error (error, "--preset", _("“%s” is not a preset; the presets are: %s"),
                                id, ids);
      return NULL;
    }
  *out_preset = preset;
  /* The lessons are written per core ("two CPU tasks per core"). */
  text = lab_preset_get_workload (preset, lab_cpu_count (), 1.0);
  return parse_as ("--preset", text, error);
}

/* A value for one part of the text form must not smuggle in another part. */
static gboolean
check_one_part (const char  *option,
                const char  *value,
                GError     **error)
{
  if (strchr (value, '+') == NULL && strstr (value, "mix") == NULL)
    return TRUE;
  _lab_cli_set_usage_error (error, option,
                            _("“%s” holds more than one value; use --workload for a workload of "
                              "several groups"), value);
  return FALSE;
}

/* "3,1,2s" as the text form writes it; sets the number of tasks. */
static char *
durations_list (const LabCliWorkloadArgs *args,
                guint                    *inout_tasks,
                gboolean                  tasks_given,
                GError                  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) values = lab_duration_list_parse (args->durations, &local_error);
  g_autoptr(GString) text = NULL;

  if (values == NULL)
    {
      _lab_cli_set_usage_error (error, "--durations", "%s", local_error->message);
      return NULL;
    }
  if (tasks_given && *inout_tasks != values->len)
    {
      _lab_cli_set_usage_error (error, "--tasks",
                                g_dngettext (GETTEXT_PACKAGE,
                                             "“%s” does not match the %u duration of --durations",
                                             "“%s” does not match the %u durations of --durations",
                                             values->len),
                                args->tasks, values->len);
      return NULL;
    }
  if (values->len > LAB_MAX_TASKS)
    {
      _lab_cli_set_usage_error (error, "--durations", _("%u durations; at most %u tasks"),
                                values->len, LAB_MAX_TASKS);
      return NULL;
    }

  *inout_tasks = values->len;
  text = g_string_new (NULL);
  for (guint i = 0; i < values->len; i++)
    {
      g_autofree char *d = lab_duration_to_string (g_array_index (values, gint64, i));

      g_string_append_printf (text, "%s%s", i > 0 ? "," : "", d);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The part after the kind: "4x1s", "3,1,2s" or "8x random:0.5s..2s:seed=7". */
static char *
durations_part (const LabCliWorkloadArgs *args,
                GError                  **error)
{
  guint tasks = LAB_CLI_DEFAULT_TASKS;
  gint64 ns = LAB_NS_PER_S;
  g_autofree char *d = NULL;

  if (args->tasks != NULL &&
      !_lab_cli_parse_uint ("--tasks", args->tasks, 1, LAB_MAX_TASKS, &tasks, error))
    {
      guint64 more;

      /* Above the limit: say why there is one. */
      if (g_ascii_string_to_unsigned (args->tasks, 10, (guint64) LAB_MAX_TASKS + 1, G_MAXUINT64,
                                      &more, NULL))
        {
          g_clear_error (error);
          _lab_cli_set_usage_error (error, "--tasks",
                                    _("“%s” is more than %u, the most tasks a run may have: "
                                      "every task is recorded and drawn, and a million already "
                                      "take a few hundred megabytes"),
                                    args->tasks, LAB_MAX_TASKS);
        }
      return NULL;
    }

  if (args->durations != NULL && g_str_has_prefix (args->durations, "random:"))
    {
      g_autofree char *probe = g_strconcat ("io 1x", args->durations, NULL);
      g_autoptr(LabWorkload) workload = NULL;

      if (!check_one_part ("--durations", args->durations, error))
        return NULL;
      workload = parse_as ("--durations", probe, error);
      if (workload == NULL)
        return NULL;
      return g_strdup_printf ("%ux%s", tasks, args->durations);
    }
  if (args->durations != NULL)
    return durations_list (args, &tasks, args->tasks != NULL, error);

  if (args->duration != NULL && !_lab_cli_parse_duration ("--duration", args->duration, &ns, error))
    return NULL;
  d = lab_duration_to_string (ns);
  return g_strdup_printf ("%ux%s", tasks, d);
}

static LabWorkload *
from_parts (const LabCliWorkloadArgs *args,
            GError                  **error)
{
  LabTaskKind kind = LAB_TASK_KIND_IO;
  g_autofree char *part = NULL;
  g_autofree char *text = NULL;

  if (args->kind != NULL && !lab_task_kind_from_string (args->kind, &kind))
    {
      _lab_cli_set_usage_error (error, "--kind", _("“%s” is not a task kind (use io, cpu or mixed)"),
                                args->kind);
      return NULL;
    }
  if (args->duration != NULL && args->durations != NULL)
    {
      _lab_cli_set_usage_error (error, "--durations", _("cannot be combined with --duration"));
      return NULL;
    }
  if (args->mix != NULL && kind != LAB_TASK_KIND_MIXED)
    {
      _lab_cli_set_usage_error (error, "--mix", _("applies to --kind mixed only"));
      return NULL;
    }
  if (args->mix != NULL)
    {
      g_autofree char *probe = g_strconcat ("mixed 1x1s mix=", args->mix, NULL);
      g_autoptr(LabWorkload) workload = NULL;

      if (!check_one_part ("--mix", args->mix, error) ||
          (workload = parse_as ("--mix", probe, error)) == NULL)
        return NULL;
    }

  part = durations_part (args, error);
  if (part == NULL)
    return NULL;
  text = g_strdup_printf ("%s %s%s%s", lab_task_kind_to_string (kind), part,
                          args->mix != NULL ? " mix=" : "", args->mix != NULL ? args->mix : "");
  return parse_as (_("the workload"), text, error);
}

/**
 * _lab_cli_build_workload:
 * @args: the workload options as typed
 * @out_preset: (out): the preset chosen with --preset, or %NULL
 *
 * Returns: (transfer full) (nullable): the workload; %NULL with a usage
 *   error naming the option at fault
 */
LabWorkload *
_lab_cli_build_workload (const LabCliWorkloadArgs *args,
                         const LabPreset         **out_preset,
                         GError                  **error)
{
  const char *other = first_set (args);

  *out_preset = NULL;
  if (args->workload != NULL && args->preset != NULL)
    {
      _lab_cli_set_usage_error (error, "--preset", _("cannot be combined with --workload"));
      return NULL;
    }
  if ((args->workload != NULL || args->preset != NULL) && other != NULL)
    {
      _lab_cli_set_usage_error (error, other, _("cannot be combined with %s"),
                                args->workload != NULL ? "--workload" : "--preset");
      return NULL;
    }

  if (args->workload != NULL)
    return parse_as ("--workload", args->workload, error);
  if (args->preset != NULL)
    return from_preset (args->preset, out_preset, error);
  return from_parts (args, error);
}

void
_lab_cli_workload_args_clear (LabCliWorkloadArgs *args)
{
  g_clear_pointer (&args->workload, g_free);
  g_clear_pointer (&args->preset, g_free);
  g_clear_pointer (&args->kind, g_free);
  g_clear_pointer (&args->tasks, g_free);
  g_clear_pointer (&args->duration, g_free);
  g_clear_pointer (&args->durations, g_free);
  g_clear_pointer (&args->mix, g_free);
}
