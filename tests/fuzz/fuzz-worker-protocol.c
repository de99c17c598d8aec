/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-fuzz-worker-protocol"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "fuzz-common.h"
#include "lab-worker-protocol.h"

/*
 * The worker protocol's decoder, which reads both directions of the
 * conversation (the parent reads ready/start/seg/done from a worker, the
 * worker reads task from the parent). The input is cut into lines the way
 * both readers cut their pipes (at each newline, the newline kept; the rest
 * without one), and each line is decoded from a buffer of exactly its
 * length, so a read past it is a sanitizer report. A decoded message must
 * encode back to the very same line (the decoder accepts exactly what the
 * encoder writes).
 */

static void
check_line (const char *line,
            gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_memdup2 (line, length == 0 ? 1 : length);
  LabWorkerMessage message;
  char encoded[LAB_WORKER_MESSAGE_MAX];
  gsize encoded_len;

  memset (&message, 0xa5, sizeof message);
  if (!lab_worker_message_decode (copy, length, &message, &error))
    {
      if (error == NULL || *error->message == '\0')
        fuzz_fail ("a line refused without a message", "(line)");
      return;
    }
  encoded_len = lab_worker_message_encode (&message, encoded, sizeof encoded);
  if (encoded_len != length || memcmp (encoded, line, length) != 0)
    {
      g_autofree char *text = g_strndup (line, length);
      fuzz_fail ("decode then encode", text);
    }
}

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *p = (const char *) data;
  const char *end = p + size;

  while (p < end)
    {
      const char *newline = memchr (p, '\n', (gsize) (end - p));
      gsize length = newline != NULL ? (gsize) (newline - p) + 1 : (gsize) (end - p);

      check_line (p, length);
      p += length;
    }
  return 0;
}
