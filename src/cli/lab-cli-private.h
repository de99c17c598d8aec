/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lab-chart.h"
#include "lab-cli.h"
#include "lab-comparison.h"
#include "lab-export.h"
#include "lab-model.h"
#include "lab-preset.h"
#include "lab-workload.h"

G_BEGIN_DECLS

/*
 * What the files of src/cli share: the options both subcommands take (the
 * picture and the summary), usage errors that name the option, writing the
 * outputs, and the summary.
 */

#define LAB_CLI_MIN_WIDTH      320
#define LAB_CLI_MIN_HEIGHT     240
#define LAB_CLI_MAX_WIDTH      7680
#define LAB_CLI_MAX_HEIGHT     4320

/* Exit codes of a run stopped by a signal: 128 + the signal's number, as
 * shells report a process killed by it. */
#define LAB_CLI_EXIT_SIGINT    130
#define LAB_CLI_EXIT_SIGTERM   143

typedef enum
{
  LAB_CLI_SUMMARY_NONE,
  LAB_CLI_SUMMARY_TEXT,
  LAB_CLI_SUMMARY_JSON,
} LabCliSummary;

/* The image and summary options as typed (strings, flags), filled by
 * GOptionContext; read by _lab_cli_image_resolve(). */
typedef struct
{
  char     *output;
  char     *size;
  char     *scale;
  char     *theme;
  char     *format;
  char     *summary;
  gboolean  own_scale;
  gboolean  transparent;
  char     *baseline;
  char     *show;
  char     *hide;
  gboolean  title;
  gboolean  no_title;
} LabCliImageArgs;

/* The same, checked. */
typedef struct
{
  const char     *output;      /* NULL: no image */
  LabExportFormat format;
  guint           width;
  guint           height;
  guint           scale;
  LabTheme        theme;
  gboolean        own_scale;
  gboolean        transparent;
  LabCliSummary   summary;
  const char     *baseline;    /* a saved comparison drawn beside, as the run before; NULL: none */
  LabChartLayers  show;        /* --show: drawn besides the default */
  LabChartLayers  hide;        /* --hide: left out of the default */
  LabChartLayers  default_layers;  /* the lesson's (run --preset), else every layer */
  int             title;       /* the title band: -1 the lesson's, if any; 0 none; 1 always */
} LabCliImage;

/* Usage errors: G_OPTION_ERROR_BAD_VALUE, the message starting with the option. */
void      _lab_cli_set_usage_error   (GError          **error,
                                      const char       *option,
                                      const char       *format,
                                      ...) G_GNUC_PRINTF (3, 4);
/* Prints "concurrency-lab CMD: MESSAGE" and a hint to see --help; returns 2. */
int       _lab_cli_report_usage      (const char       *command,
                                      const GError     *error);
/* Prints "concurrency-lab CMD: MESSAGE" and returns @code. */
int       _lab_cli_report_failure    (const char       *command,
                                      const char       *message,
                                      int               code);

gboolean  _lab_cli_parse_uint        (const char       *option,
                                      const char       *text,
                                      guint             min,
                                      guint             max,
                                      guint            *out_value,
                                      GError          **error);
gboolean  _lab_cli_parse_duration    (const char       *option,
                                      const char       *text,
                                      gint64           *out_ns,
                                      GError          **error);

void      _lab_cli_image_add_entries (GOptionContext   *context,
                                      LabCliImageArgs  *args,
                                      LabCliSummary     default_summary);
gboolean  _lab_cli_image_resolve     (LabCliImageArgs  *args,
                                      gboolean          output_required,
                                      LabCliSummary     default_summary,
                                      LabCliImage      *out_image,
                                      GError          **error);
void      _lab_cli_image_args_clear  (LabCliImageArgs  *args);
/* The chart options the image options ask for: size, colours, scale, the
 * layers shown (the default's, with --hide left out and --show added). */
void      _lab_cli_image_chart_options (const LabCliImage *image,
                                        LabChartOptions   *options);
/* Fails early, before a long run, when @path cannot be written. */
gboolean  _lab_cli_check_writable    (const char       *path,
                                      GError          **error);
/* The --baseline comparison, loaded; NULL with @error (not a usage error). */
LabComparison *_lab_cli_load_baseline (const LabCliImage *image,
                                       GError           **error);
gboolean  _lab_cli_image_baseline    (LabComparison    *comparison,
                                      const LabCliImage *image,
                                      LabComparison   **out_baseline,
                                      GError          **error);
gboolean  _lab_cli_write_image       (LabComparison    *comparison,
                                      const LabCliImage *image,
                                      GError          **error);
/* The chart (--output) and the trace (--trace) of a measured run: checked
 * before it, written after it. */
gboolean  _lab_cli_check_results_writable (const LabCliImage *image,
                                           const char        *trace,
                                           GError           **error);
gboolean  _lab_cli_write_results     (const char       *command,
                                      LabComparison    *comparison,
                                      const LabCliImage *image,
                                      const char       *trace);
gboolean  _lab_cli_is_terminal       (int               fd);

/* The workload options of `run` as typed. */
typedef struct
{
  char *workload;
  char *preset;
  char *kind;
  char *tasks;
  char *duration;
  char *durations;
  char *mix;
} LabCliWorkloadArgs;

#define LAB_CLI_DEFAULT_TASKS 4

/* lab-cli-workload.c: the workload text of the options, parsed by
 * lab_workload_parse(); @out_preset is the --preset chosen, if any. */
LabWorkload *_lab_cli_build_workload (const LabCliWorkloadArgs *args,
                                      const LabPreset         **out_preset,
                                      GError                  **error);
void         _lab_cli_workload_args_clear (LabCliWorkloadArgs *args);

/* lab-cli-summary.c */
char     *_lab_cli_summary_json      (LabComparison    *comparison);
char     *_lab_cli_summary_text      (LabComparison    *comparison);
void      _lab_cli_print_summary     (LabComparison    *comparison,
                                      LabCliSummary     summary);

/* lab-cli-predict.c: --predict MODEL=DURATION[,...] */
typedef struct
{
  const LabModel *model;
  gint64          ns;
} LabCliPrediction;

GArray   *_lab_cli_parse_predictions (const char       *text,
                                      const LabModel  **models,
                                      GError          **error);
void      _lab_cli_apply_predictions (LabComparison    *comparison,
                                      GArray           *predictions);

/* lab-cli-replay.c: --replay-frames, --animate, --fps, --speed */
typedef struct
{
  char *frames;
  char *animate;
  char *fps;
  char *speed;
} LabCliReplayArgs;

typedef struct
{
  const char *frames;    /* NULL: no frames */
  const char *animate;   /* NULL: no animated SVG */
  guint       fps;
  double      speed;
} LabCliReplay;

void      _lab_cli_replay_add_entries (GOptionContext    *context,
                                       LabCliReplayArgs  *args);
void      _lab_cli_replay_args_clear  (LabCliReplayArgs  *args);
gboolean  _lab_cli_replay_resolve     (LabCliReplayArgs  *args,
                                       LabCliReplay      *out,
                                       GError           **error);
gboolean  _lab_cli_replay_resolve_image (LabCliImageArgs    *image_args,
                                         const LabCliReplay *replay,
                                         LabCliSummary       default_summary,
                                         LabCliImage        *out_image,
                                         GError            **error);
gboolean  _lab_cli_replay_check_writable (const LabCliReplay *replay,
                                          GError            **error);
gboolean  _lab_cli_write_replay       (LabComparison      *comparison,
                                       const LabCliImage  *image,
                                       const LabCliReplay *replay,
                                       GError            **error);

/* The subcommands. */
int       _lab_cli_run_main          (int               argc,
                                      char            **argv);
int       _lab_cli_render_main       (int               argc,
                                      char            **argv);
int       _lab_cli_trace_main        (int               argc,
                                      char            **argv);

G_END_DECLS
