/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-chart-view.h"
#include "lab-preset.h"
#include "lab-runner.h"
#include "lab-summary-list.h"
#include "lab-tracer.h"
#include "lab-what-if.h"
#include "lab-window.h"
#include "lab-workload-panel.h"

G_BEGIN_DECLS

/* Shared by lab-window.c (frame, settings, lessons), lab-window-run.c
 * (running the models), lab-window-summary.c (the summary's pane),
 * lab-window-files.c (images and traces), lab-window-predict.c (the
 * learner's guesses and verdicts) and lab-window-what-if.c (What If…). */
struct _LabWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  LabRunner            *runner;
  LabTracer            *tracer;         /* a program being traced, instead of a run */
  GCancellable         *cancellable;    /* a run or a trace goes on; Stop cancels it */
  LabComparison        *shown;          /* what the chart and summary show: a run or an opened trace */
  gboolean              stale;          /* the sidebar changed since @shown: it is faded, about to re-run */
  gboolean              has_run;        /* something was run or opened: a change may re-run by itself */
  const LabPreset      *preset;         /* the lesson the sidebar shows, or NULL */
  GFile                *saved_image;    /* for the toast's Open Folder */
  guint                 debounce_id;
  guint                 refresh_id;
  gint64                stop_requested_us;
  gboolean              pending_run;    /* run again when the cancelled run has ended */
  GApplication         *held_app;       /* held from closing with a run going until it has ended */
  gboolean              applying_preset;
  int                   summary_height; /* the summary pane's height the user chose; -1: natural */
  gboolean              summary_placed; /* the pane has its height since it was first allocated */
  int                   placed_table;   /* the table's height as last placed or dragged */

  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *presets_button;
  GtkButton            *run_button;
  GtkButton            *stop_button;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  AdwFlap              *flap;
  LabWorkloadPanel     *workload_panel;
  GtkRevealer          *explanation_revealer;
  GtkLabel             *explanation_label;
  GtkLabel             *explanation_note;
  GtkStack             *main_stack;
  AdwStatusPage        *not_run_page;
  GtkPaned             *chart_paned;
  GtkScrolledWindow    *summary_scroller;
  LabChartView         *chart_view;
  LabSummaryList       *summary_list;
  GMenu                *view_menu;      /* the chart's layers (lab-view-menu.c) */

  /* What If… (lab-window-what-if.c) */
  GtkMenuButton        *what_if_button;
  LabWhatIf            *what_if;
  LabComparison        *what_if_baseline;  /* the run before, beside the what-if */
  LabComparison        *what_if_run;       /* the what-if run it is beside */
  gboolean              what_if_pending;   /* the next run is the what-if */
  guint                 what_if_cores;
  gint64                what_if_switch_ns;
};

/* lab-window.c */
void     _lab_window_update_lesson    (LabWindow     *self);

/* lab-window-run.c */
void     _lab_window_run              (LabWindow     *self);
void     _lab_window_stop             (LabWindow     *self);
void     _lab_window_workload_changed (LabWindow     *self,
                                       gboolean       run_if_short);
void     _lab_window_show_comparison  (LabWindow     *self,
                                       LabComparison *comparison);
void     _lab_window_update_actions   (LabWindow     *self);
gint64   _lab_window_project_ns       (LabWindow     *self);
void     _lab_window_run_dispose      (LabWindow     *self);
/* What a run and a trace share: the live refresh while it goes on, and
 * its end in the window. */
void     _lab_window_start_refresh    (LabWindow     *self);
void     _lab_window_finish_run       (LabWindow     *self);

/* lab-window-trace.c */
void     _lab_window_class_add_trace_actions (GtkWidgetClass *widget_class);
gboolean _lab_window_trace            (LabWindow     *self,
                                       char         **argv,
                                       const char    *directory,
                                       gboolean       python_tasks,
                                       GError       **error);

/* lab-window-predict.c */
void     _lab_window_predictions_init  (LabWindow     *self);
void     _lab_window_load_predictions  (LabWindow     *self);
void     _lab_window_apply_predictions (LabWindow     *self,
                                        LabComparison *comparison);

/* lab-window-what-if.c */
void     _lab_window_what_if_init     (LabWindow     *self);
void     _lab_window_what_if_dispose  (LabWindow     *self);
void     _lab_window_what_if_prepare  (LabWindow     *self,
                                       LabRunPlan   **plan);
void     _lab_window_what_if_update   (LabWindow     *self);
void     _lab_window_what_if_show_pair (LabWindow    *self,
                                        LabComparison *comparison);

/* lab-window-summary.c */
void     _lab_window_summary_init     (LabWindow     *self);
void     _lab_window_summary_fit      (LabWindow     *self);

/* lab-window-files.c */
void     _lab_window_class_add_file_actions (GtkWidgetClass *widget_class);
gboolean _lab_window_open_file        (LabWindow     *self,
                                       GFile         *file);
void     _lab_window_toast            (LabWindow     *self,
                                       const char    *message);
void     _lab_window_show_open_error  (LabWindow     *self,
                                       GFile         *file,
                                       const GError  *error);

G_END_DECLS
