// SPDX-License-Identifier: GPL-3.0-or-later
// Tracing another program: the ledger that turns kernel counters into
// segments, the /proc readers, and the observed trace's roster.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>
#include <vector>

extern "C" {
#include "lab-observed.h"
#include "lab-proc-files.h"
#include "lab-thread-ledger.h"
#include "lab-trace.h"
#include "lab-wchan.h"
}

namespace {

constexpr gint64 MS = 1000000;

struct Piece
{
  LabState state;
  gint     core;
  gint64   begin;
  gint64   end;
};

struct Lane
{
  std::vector<Piece> pieces;
  LabThreadLedger    ledger;

  static void
  emit (LabState state, gint core, gint64 begin, gint64 end, gpointer data)
  {
    static_cast<Lane *> (data)->pieces.push_back ({ state, core, begin, end });
  }

  void
  start (gint64 t, LabState now, guint64 cpu = 0, guint64 delay = 0)
  {
    LabThreadReading r = { t, cpu, delay, now, 0 };
    lab_thread_ledger_init (&ledger, &r, emit, this);
  }

  void
  read (gint64 t, guint64 cpu, guint64 delay, LabState now, gint core = 0)
  {
    LabThreadReading r = { t, cpu, delay, now, core };
    lab_thread_ledger_advance (&ledger, &r);
  }

  gint64
  total (LabState state) const
  {
    gint64 sum = 0;
    for (const auto &p : pieces)
      if (p.state == state)
        sum += p.end - p.begin;
    return sum;
  }

  void
  check_contiguous () const
  {
    for (size_t i = 0; i < pieces.size (); i++)
      {
        EXPECT_LT (pieces[i].begin, pieces[i].end) << i;
        if (i > 0)
          {
            EXPECT_LE (pieces[i - 1].end, pieces[i].begin) << i;
          }
      }
  }
};

// A thread on a core all along, its time counted at every reading.
TEST (ThreadLedger, RunningAllAlongIsOneRunningSegment)
{
  Lane lane;

  lane.start (0, LAB_STATE_RUNNING);
  for (int i = 1; i <= 10; i++)
    lane.read (i * MS, (guint64) (i * MS), 0, LAB_STATE_RUNNING, 1);
  lab_thread_ledger_finish (&lane.ledger);

  ASSERT_EQ (lane.pieces.size (), 1u);
  EXPECT_EQ (lane.pieces[0].state, LAB_STATE_RUNNING);
  EXPECT_EQ (lane.pieces[0].core, 1);
  EXPECT_EQ (lane.pieces[0].begin, 0);
  EXPECT_EQ (lane.pieces[0].end, 10 * MS);
}

// The kernel counts a running thread's time at scheduler ticks (every 4
// ms here): readings in between see no growth, and no state is made up for
// them; the time is laid out once counted.
TEST (ThreadLedger, TimeCountedLateIsNotMadeReady)
{
  Lane lane;

  lane.start (0, LAB_STATE_RUNNING);
  for (int i = 1; i <= 16; i++)
    lane.read (i * MS, (guint64) ((i / 4) * 4 * MS), 0, LAB_STATE_RUNNING);
  lab_thread_ledger_finish (&lane.ledger);

  EXPECT_EQ (lane.total (LAB_STATE_READY), 0);
  EXPECT_EQ (lane.total (LAB_STATE_RUNNING), 16 * MS);
  lane.check_contiguous ();
}

// Asleep in epoll for 50 ms, then a millisecond of work: the wait and the
// work, in order, with the kernel's amounts.
TEST (ThreadLedger, SleepThenWork)
{
  Lane lane;

  lane.start (0, LAB_STATE_WAITING_IO);
  for (int i = 1; i <= 50; i++)
    lane.read (i * MS, 0, 0, LAB_STATE_WAITING_IO);
  // Woke at 50.2 ms, waited 0.1 ms for a core, ran 0.5 ms, asleep again.
  lane.read (51 * MS, 500000, 100000, LAB_STATE_WAITING_IO);
  lab_thread_ledger_finish (&lane.ledger);

  EXPECT_EQ (lane.total (LAB_STATE_RUNNING), 500000);
  EXPECT_EQ (lane.total (LAB_STATE_READY), 100000);
  EXPECT_EQ (lane.total (LAB_STATE_WAITING_IO), 51 * MS - 600000);
  EXPECT_EQ (lane.pieces.front ().state, LAB_STATE_WAITING_IO);
  lane.check_contiguous ();
}

// Woken and runnable, but not counted yet: when it woke is unknown, so
// nothing is laid out until the counters say it.
TEST (ThreadLedger, WakeUpWaitsForTheCounters)
{
  Lane lane;

  lane.start (0, LAB_STATE_WAITING_LOCK);
  lane.read (10 * MS, 0, 0, LAB_STATE_WAITING_LOCK);
  lane.read (11 * MS, 0, 0, LAB_STATE_RUNNING);   // woken, not counted
  EXPECT_EQ (lane.ledger.settled_ns, 10 * MS);
  lane.read (12 * MS, 1500000, 0, LAB_STATE_RUNNING);
  lab_thread_ledger_finish (&lane.ledger);

  EXPECT_EQ (lane.total (LAB_STATE_WAITING_LOCK), 12 * MS - 1500000);
  EXPECT_EQ (lane.total (LAB_STATE_RUNNING), 1500000);
}

// Runnable with no CPU time for longer than scheduler ticks explain: it
// waits on a run queue. Its wait, counted when it gets a core, is not laid
// out twice.
TEST (ThreadLedger, StalledRunnableIsReadyAndCountedOnce)
{
  Lane lane;

  lane.start (0, LAB_STATE_RUNNING);
  lane.read (1 * MS, 1 * MS, 0, LAB_STATE_RUNNING);
  for (int i = 2; i <= 21; i++)
    lane.read (i * MS, 1 * MS, 0, LAB_STATE_RUNNING);   // queued
  // It arrives on a core at 21 ms: the kernel counts its 20 ms wait.
  lane.read (22 * MS, 2 * MS, 20 * MS, LAB_STATE_RUNNING);
  lab_thread_ledger_finish (&lane.ledger);

  EXPECT_EQ (lane.total (LAB_STATE_READY), 20 * MS);
  EXPECT_EQ (lane.total (LAB_STATE_RUNNING), 2 * MS);
  EXPECT_EQ (lane.ledger.unplaced_ns, 0);
  lane.check_contiguous ();
}

// A wait that may not be read is left blank, not given a state.
TEST (ThreadLedger, UnknownWaitIsBlank)
{
  Lane lane;

  lane.start (0, LAB_STATE_RUNNING);
  lane.read (5 * MS, 5 * MS, 0, LAB_N_STATES);
  lane.read (50 * MS, 5 * MS, 0, LAB_N_STATES);
  lane.read (51 * MS, 6 * MS, 0, LAB_STATE_RUNNING);
  lab_thread_ledger_finish (&lane.ledger);

  EXPECT_EQ (lane.total (LAB_STATE_RUNNING), 6 * MS);
  for (const auto &p : lane.pieces)
    EXPECT_TRUE (p.state == LAB_STATE_RUNNING) << lab_state_to_string (p.state);
}

TEST (ThreadLedger, PublishHandsOverALongStateInPieces)
{
  Lane lane;

  lane.start (0, LAB_STATE_WAITING_IO);
  for (int i = 1; i <= 300; i++)
    {
      lane.read (i * MS, 0, 0, LAB_STATE_WAITING_IO);
      lab_thread_ledger_publish (&lane.ledger, 100 * MS);
    }
  EXPECT_EQ (lane.pieces.size (), 3u);
  lab_thread_ledger_finish (&lane.ledger);
  EXPECT_EQ (lane.total (LAB_STATE_WAITING_IO), 300 * MS);
}

TEST (ProcFiles, ParsesSchedstat)
{
  LabSchedstat s;

  ASSERT_TRUE (lab_proc_parse_schedstat ("12703946 25310599 20\n", &s));
  EXPECT_EQ (s.cpu_ns, 12703946u);
  EXPECT_EQ (s.delay_ns, 25310599u);
  EXPECT_EQ (s.slices, 20u);
  EXPECT_FALSE (lab_proc_parse_schedstat ("", &s));
  EXPECT_FALSE (lab_proc_parse_schedstat ("12 x 3", &s));
}

// The name may hold spaces and parentheses: fields count from the last ')'.
TEST (ProcFiles, ParsesStatWithAnyName)
{
  const char *line =
    "4711 (a) b (c) S 4700 4711 10733 0 -1 4194304 100 0 0 0 7 3 0 0 20 0 3 0 464561 "
    "3133440 374 18446744073709551615 1 1 1 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 1 1 1 1 1 1 1 0\n";
  LabProcStat st;

  ASSERT_TRUE (lab_proc_parse_stat (line, &st));
  EXPECT_STREQ (st.name, "a) b (c");
  EXPECT_EQ (st.state, 'S');
  EXPECT_EQ (st.ppid, 4700);
  EXPECT_EQ (st.start_ticks, 464561u);
  EXPECT_EQ (st.core, 1);
  EXPECT_FALSE (lab_proc_parse_stat ("4711 (cut", &st));
  EXPECT_FALSE (lab_proc_parse_stat ("4711 (x) S 1", &st));
}

// The last pid given out is the fifth field of /proc/loadavg.
TEST (ProcFiles, ParsesTheLastPid)
{
  gint32 pid = 0;

  ASSERT_TRUE (lab_proc_parse_last_pid ("0.47 0.69 0.83 2/345 12345\n", &pid));
  EXPECT_EQ (pid, 12345);
  EXPECT_FALSE (lab_proc_parse_last_pid ("0.47 0.69 0.83 2/345", &pid));
  EXPECT_FALSE (lab_proc_parse_last_pid ("0.47 0.69 0.83 2 345", &pid));
  EXPECT_FALSE (lab_proc_parse_last_pid ("", &pid));
}

// Starting a thread moves the last pid; nothing else here starts one.
TEST (ProcFiles, TheLastPidMovesWhenAThreadStarts)
{
  int fd = lab_proc_open_file (AT_FDCWD, "/proc/loadavg");
  gint32 before = 0, after = 0;
  GThread *thread;

  ASSERT_TRUE (lab_proc_read_last_pid (fd, &before));
  thread = g_thread_new ("moves", [] (gpointer) -> gpointer { return nullptr; }, nullptr);
  g_thread_join (thread);
  ASSERT_TRUE (lab_proc_read_last_pid (fd, &after));
  EXPECT_NE (before, after);
  close (fd);
  EXPECT_FALSE (lab_proc_read_last_pid (-1, &after));
}

TEST (ProcFiles, ReadsThisProcess)
{
  int dir = lab_proc_open_dir (AT_FDCWD, "/proc/self");
  int task = lab_proc_open_dir (dir, "task");
  g_autofree char *comm = lab_proc_read_comm (dir);
  g_autofree char *cmdline = lab_proc_read_cmdline (dir);
  g_autoptr(GArray) tids = lab_proc_list_threads (task);
  LabSchedstat s;
  char path[64];
  int fd;

  ASSERT_GE (dir, 0);
  ASSERT_NE (comm, nullptr);
  EXPECT_NE (std::string (cmdline).find ("test-core-observe"), std::string::npos) << cmdline;
  ASSERT_NE (tids, nullptr);
  EXPECT_EQ (lab_proc_count_threads (task), tids->len);
  g_snprintf (path, sizeof path, "%d/schedstat", (int) getpid ());
  fd = lab_proc_open_file (task, path);
  ASSERT_TRUE (lab_proc_read_schedstat (fd, &s));
  close (fd);
  close (task);
  close (dir);
  // A closed or missing descriptor is "gone", not a crash.
  EXPECT_FALSE (lab_proc_read_schedstat (-1, &s));
  EXPECT_EQ (lab_proc_list_threads (-1), nullptr);
}

TEST (Wchan, NamesTheWait)
{
  EXPECT_EQ (lab_wchan_classify ("0"), LAB_STATE_RUNNING);
  EXPECT_EQ (lab_wchan_classify ("futex_do_wait"), LAB_STATE_WAITING_LOCK);
  EXPECT_EQ (lab_wchan_classify ("futex_wait_queue"), LAB_STATE_WAITING_LOCK);
  EXPECT_EQ (lab_wchan_classify ("do_epoll_wait"), LAB_STATE_WAITING_IO);
  EXPECT_EQ (lab_wchan_classify ("hrtimer_nanosleep"), LAB_STATE_WAITING_IO);
  EXPECT_EQ (lab_wchan_classify ("anon_pipe_read"), LAB_STATE_WAITING_IO);
  EXPECT_EQ (lab_wchan_classify ("do_signal_stop"), LAB_N_STATES);
}

// An observed trace has no workload; its tasks are added as found, each
// with a status page that does not move while others read.
TEST (ObservedTrace, GrowsItsTasks)
{
  g_autoptr(LabTrace) trace = lab_trace_new_observed ("trace", 2);
  LabObserved *roster = lab_trace_get_observed (trace);
  guint python;
  LabObservedTask task;
  LabObservedProcess process;

  EXPECT_EQ (lab_trace_get_workload (trace), nullptr);
  EXPECT_EQ (lab_trace_get_n_tasks (trace), 0u);
  python = lab_observed_add_process (roster, 4711, -1, "python3", "python3 gil.py", 5);
  for (guint32 i = 0; i < 3000; i++)
    EXPECT_EQ (lab_trace_add_observed_task (trace, LAB_OBSERVED_THREAD, python, 4711 + (gint) i,
                                            "python3", 10), i);
  EXPECT_EQ (lab_trace_get_n_tasks (trace), 3000u);
  lab_trace_task_done (trace, 2999);
  EXPECT_EQ (lab_trace_task_get_status (trace, 2999), LAB_TASK_STATUS_DONE);
  EXPECT_EQ (lab_trace_task_get_status (trace, 0), LAB_TASK_STATUS_PENDING);

  ASSERT_TRUE (lab_observed_copy_task (roster, 1, &task));
  EXPECT_EQ (task.tid, 4712);
  EXPECT_STREQ (task.name, "python3");
  lab_observed_task_clear (&task);
  g_autofree char *label = lab_observed_dup_task_label (roster, 1);
  EXPECT_STREQ (label, "python3 4712");

  lab_observed_process_exited (roster, python, 99, 0);
  ASSERT_TRUE (lab_observed_copy_process (roster, python, &process));
  EXPECT_EQ (process.end_ns, 99);
  EXPECT_EQ (process.exit_status, 0);
  EXPECT_STREQ (process.command, "python3 gil.py");
  lab_observed_process_clear (&process);

  // Names from outside are made one clean line.
  lab_observed_task_rename (roster, 0, "bad\nname\xff");
  g_autofree char *clean = lab_observed_dup_task_label (roster, 0);
  EXPECT_TRUE (g_utf8_validate (clean, -1, nullptr));
  EXPECT_EQ (strchr (clean, '\n'), nullptr);
}

TEST (ObservedTrace, InternsNames)
{
  g_autoptr(LabObserved) roster = lab_observed_new ();
  guint32 a = lab_observed_intern_name (roster, "RunTask");
  guint32 b = lab_observed_intern_name (roster, "ParseClass");

  EXPECT_NE (a, b);
  EXPECT_EQ (lab_observed_intern_name (roster, "RunTask"), a);
  g_autofree char *name = lab_observed_dup_name (roster, b);
  EXPECT_STREQ (name, "ParseClass");
  EXPECT_EQ (lab_observed_dup_name (roster, 99), nullptr);
}

// Lanes come in the order found; once over, the trace is regrouped: each
// process's main thread first, then its threads by id, then its asyncio
// tasks, with every segment, span and status following its lane.
TEST (ObservedTrace, GroupsLanesByProcess)
{
  g_autoptr(LabTrace) trace = lab_trace_new_observed ("trace", 2);
  LabObserved *roster = lab_trace_get_observed (trace);

  lab_trace_begin (trace, 0);
  guint parent = lab_observed_add_process (roster, 100, -1, "make", "make -j2", 0);
  guint32 make_main = lab_trace_add_observed_task (trace, LAB_OBSERVED_THREAD, parent, 100,
                                                   "make", 0);
  guint child = lab_observed_add_process (roster, 200, 100, "cc1", "cc1 a.c", 5 * MS);
  guint32 child_worker = lab_trace_add_observed_task (trace, LAB_OBSERVED_THREAD, child, 205,
                                                      "cc1", 6 * MS);
  guint32 late_thread = lab_trace_add_observed_task (trace, LAB_OBSERVED_THREAD, parent, 150,
                                                     "jobserver", 7 * MS);
  guint32 child_main = lab_trace_add_observed_task (trace, LAB_OBSERVED_THREAD, child, 200,
                                                    "cc1", 5 * MS);
  guint32 async_task = lab_trace_add_observed_task (trace, LAB_OBSERVED_ASYNC_TASK, parent, 0,
                                                    "fetch", 8 * MS);

  lab_trace_writer_add (lab_trace_get_writer (trace, 0), child_main, LAB_STATE_RUNNING, 1,
                        5 * MS, 9 * MS);
  lab_trace_writer_add (lab_trace_get_writer (trace, 0), late_thread, LAB_STATE_WAITING_LOCK, -1,
                        7 * MS, 8 * MS);
  lab_trace_task_done (trace, child_main);
  lab_observed_intern_name (roster, "not this one");
  LabNamedSpan span = {};
  span.begin_ns = 8 * MS;
  span.end_ns = 9 * MS;
  span.task = async_task;
  span.name = lab_observed_intern_name (roster, "get");
  lab_observed_add_span (roster, &span);
  lab_observed_set_note (roster, "not drawn: nothing");
  (void) make_main;
  (void) child_worker;
  lab_trace_end (trace, 10 * MS);

  g_autoptr(LabTrace) grouped = lab_trace_dup_by_process (trace);
  LabObserved *out = lab_trace_get_observed (grouped);
  const gint tids[] = { 100, 150, 0, 200, 205 };

  ASSERT_EQ (lab_trace_get_n_tasks (grouped), 5u);
  for (guint i = 0; i < G_N_ELEMENTS (tids); i++)
    {
      LabObservedTask info;

      ASSERT_TRUE (lab_observed_copy_task (out, i, &info));
      EXPECT_EQ (info.tid, tids[i]) << "lane " << i;
      lab_observed_task_clear (&info);
    }
  g_autoptr(GArray) segments = lab_trace_copy_segments (grouped);
  ASSERT_EQ (segments->len, 2u);
  for (guint i = 0; i < segments->len; i++)
    {
      const LabSegment *s = &g_array_index (segments, LabSegment, i);

      EXPECT_EQ (s->task, s->state == LAB_STATE_RUNNING ? 3u : 1u);
    }
  EXPECT_EQ (lab_trace_task_get_status (grouped, 3), LAB_TASK_STATUS_DONE);
  EXPECT_EQ (lab_trace_task_get_status (grouped, 0), LAB_TASK_STATUS_PENDING);
  g_autoptr(GArray) spans = lab_observed_copy_spans (out);
  ASSERT_EQ (spans->len, 1u);
  EXPECT_EQ (g_array_index (spans, LabNamedSpan, 0).task, 2u);
  g_autofree char *name = lab_observed_dup_name (out, g_array_index (spans, LabNamedSpan, 0).name);
  EXPECT_STREQ (name, "get");
  g_autofree char *note = lab_observed_dup_note (out);
  EXPECT_STREQ (note, "not drawn: nothing");
  EXPECT_EQ (lab_trace_get_end_ns (grouped), 10 * MS);
}

}  // namespace
