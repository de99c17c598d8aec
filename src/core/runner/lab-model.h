/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-model-types.h"

G_BEGIN_DECLS

/* All models in display order: sequential, event-loop, loop-offload,
 * threads, threads-gil, processes, process-per-task. */
const LabModel * const *lab_model_get_all  (guint       *n_models);
const LabModel         *lab_model_find     (const char  *id);
char                   *lab_model_dup_ids  (void);
/* Parses "sequential,threads" into a NULL-terminated array of models;
 * an unknown id is an error naming it, and so is an empty item. */
const LabModel        **lab_model_parse_list (const char *text,
                                              GError    **error);
const char             *lab_model_get_name (const LabModel *model);  /* translated */
const char             *lab_model_get_name_for_id (const char *id);

/* Defined by the model files, in src/core/execution/ and src/core/pool/. */
extern const LabModel lab_model_sequential;
extern const LabModel lab_model_event_loop;
extern const LabModel lab_model_loop_offload;
extern const LabModel lab_model_threads;
extern const LabModel lab_model_threads_gil;
extern const LabModel lab_model_processes;
extern const LabModel lab_model_process_per_task;

G_END_DECLS
