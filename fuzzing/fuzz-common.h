/* fuzz-common.h: what the fuzz targets share (private to fuzzing/)
 *
 * Each target defines LLVMFuzzerTestOneInput(). Built with
 * -Dfuzzing=true and clang, libFuzzer drives it; otherwise driver.c does,
 * over the seed corpus, as a regular test (docs/ROBUSTNESS.md, "Fuzzing").
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <bridge.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Once per process: bad input must never log a warning or a critical
 * (STYLE.md), so both abort; debug output is dropped. */
void fuzz_init (void);

/* Open fds of this process, and an abort if more are open than @before. */
guint fuzz_count_fds (void);
void fuzz_assert_no_fd_leak (guint before, const char *where);

/* Iterates the thread-default main context until *flag is TRUE; aborts
 * after @timeout_ms (a hang is a finding too). */
void fuzz_wait_for (const gboolean *flag, guint timeout_ms, const char *what);

/* Dispatches whatever is ready without blocking. */
void fuzz_drain_context (void);

/* The first time: runs one clean connection over a socketpair to its
 * end, so that what GLib opens once per process (the main context's
 * wakeup fd, its worker thread) is open before fds are counted. Count
 * before each input, not once: between inputs libFuzzer itself may open
 * fds (its symbolizer's pipes). */
void fuzz_warm_up (void);

/* The interface the connection under test exports and calls: the seed
 * generator (gen-seeds.c) records a real peer talking to it. */
#define FUZZ_INTERFACE "org.libbridge.Fuzz1"
BridgeInterface *fuzz_interface_new (void);

/* The connection target's input (fuzz-connection.c): chunks of
 *   u8 control, u16 length (little-endian), length bytes
 * written to the connection's socket one sendmsg() each. The low two bits
 * of control are how many fresh pipe fds go with the chunk (SCM_RIGHTS);
 * FUZZ_CHUNK_SETTLE lets the connection work (answer, emit) before the
 * next chunk. */
#define FUZZ_CHUNK_FDS_MASK 0x03
#define FUZZ_CHUNK_SETTLE 0x04
#define FUZZ_CHUNK_HEADER 3

G_END_DECLS
