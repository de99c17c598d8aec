/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * LabFileWriteFunc:
 * @fd: the temporary file, open for writing; do not close it
 * @user_data: the data given to lab_file_replace()
 * @error: a #GIOErrorEnum where writing failed
 *
 * Writes the whole new contents of a file into @fd.
 *
 * Returns: %TRUE when everything was written
 */
typedef gboolean (*LabFileWriteFunc) (int        fd,
                                      gpointer   user_data,
                                      GError   **error);

gboolean lab_file_replace          (const char        *path,
                                    LabFileWriteFunc   write_func,
                                    gpointer           user_data,
                                    GError           **error);
gboolean lab_file_replace_contents (const char        *path,
                                    const void        *contents,
                                    gsize              length,
                                    GError           **error);
int      lab_file_write_all        (int                fd,
                                    const void        *data,
                                    gsize              length);
gboolean lab_file_set_write_error  (GError           **error,
                                    int                errsv,
                                    const char        *path);

G_END_DECLS
