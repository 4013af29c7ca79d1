// SQLite under stress, on real files: writer and reader threads, and separate processes
// (fork), on one WAL database for a bounded time; a writer process killed in the middle
// of a transaction; a full disk (PRAGMA max_page_count) and a read-only file. After each:
// every committed row is there, nothing else is, readers only ever saw whole
// transactions, and `PRAGMA integrity_check` says ok.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <sqlite3.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.hpp"

using namespace piccolo_test;

namespace {

// One row per (writer, seq); each transaction writes rows_per_transaction of them.
struct StressRow {
  pc::serial id;
  int writer = 0;
  int seq = 0;
};
constexpr int rows_per_transaction = 4;

struct Payload {
  pc::serial id;
  std::vector<std::byte> data;
};

using clock_type = std::chrono::steady_clock;

std::vector<std::string> integrity_check(pc::sqlite::database& db) {
  return db.run(pc::raw<"PRAGMA integrity_check", std::string>());
}

// The seqs stored for each writer.
std::map<int, std::vector<int>> stored_rows(pc::sqlite::database& db) {
  std::map<int, std::vector<int>> rows;
  for (const StressRow& r : db.run(pc::objects<StressRow>().order_by(c<&StressRow::seq>)))
    rows[r.writer].push_back(r.seq);
  return rows;
}

// Writes transactions of rows_per_transaction rows for writer `w` until `until`;
// returns the number of rows committed (seqs 0..n-1). Busy is the only tolerated error:
// such a transaction committed nothing and is retried.
int write_until(pc::sqlite::database& db, int w, clock_type::time_point until, int& busy) {
  int committed = 0;
  while (clock_type::now() < until) {
    try {
      db.transaction(
          [&](pc::sqlite::database& tx) {
            for (int k = 0; k < rows_per_transaction; ++k)
              tx.run(pc::insert(StressRow{.writer = w, .seq = committed + k}));
          },
          pc::sqlite::transaction_mode::immediate);
      committed += rows_per_transaction;
    } catch (const pc::error& e) {
      if (e.value() != pc::errc::busy) throw;
      ++busy;
    }
  }
  return committed;
}

class sqlite_stress_test : public ::testing::Test {
 protected:
  temp_dir dir;
  std::string path = (dir.path() / "stress.sqlite").string();
};

TEST_F(sqlite_stress_test, writer_and_reader_threads_on_one_wal_file_keep_every_committed_row) {
  {
    pc::sqlite::database setup{path};
    setup.run(pc::create_table<StressRow>());
  }
  constexpr int writers = 3, readers = 2;
  const auto until = clock_type::now() + std::chrono::milliseconds{1500};
  std::vector<int> committed(writers, 0);
  std::atomic<int> busy{0}, reads{0}, torn_reads{0}, went_back{0};
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  auto fail = [&](std::string what) {
    std::lock_guard lock{failures_mutex};
    failures.push_back(std::move(what));
  };

  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w)
    threads.emplace_back([&, w] {
      try {
        pc::sqlite::database db{path};
        int local_busy = 0;
        committed[w] = write_until(db, w, until, local_busy);
        busy += local_busy;
      } catch (const std::exception& e) {
        fail(std::string{"writer: "} + e.what());
      }
    });
  for (int r = 0; r < readers; ++r)
    threads.emplace_back([&] {
      try {
        pc::sqlite::database db{path};
        std::vector<std::int64_t> last(writers, 0);
        while (clock_type::now() < until) {
          for (int w = 0; w < writers; ++w) {
            std::int64_t n = db.run(pc::count<StressRow>().where(c<&StressRow::writer> == w));
            ++reads;
            if (n % rows_per_transaction != 0) ++torn_reads;  // saw half a transaction
            if (n < last[w]) ++went_back;                     // a committed row vanished
            last[w] = n;
          }
        }
      } catch (const std::exception& e) {
        fail(std::string{"reader: "} + e.what());
      }
    });
  for (auto& t : threads) t.join();

  EXPECT_TRUE(failures.empty()) << failures.front();
  EXPECT_GT(reads, 0);
  EXPECT_EQ(torn_reads, 0);
  EXPECT_EQ(went_back, 0);
  pc::sqlite::database db{path};
  auto rows = stored_rows(db);
  for (int w = 0; w < writers; ++w) {
    SCOPED_TRACE("writer " + std::to_string(w));
    EXPECT_GT(committed[w], 0);
    std::vector<int> expected(static_cast<std::size_t>(committed[w]));
    for (int i = 0; i < committed[w]; ++i) expected[static_cast<std::size_t>(i)] = i;
    EXPECT_EQ(rows[w], expected);  // every committed row, and nothing else
  }
  EXPECT_EQ(integrity_check(db), std::vector<std::string>{"ok"});
}

// The child side of the process tests: writes until `until`, then reports the number
// of committed rows through `report` and leaves without running any destructor of the
// parent's state (_exit). Exit status 0 on success.
[[noreturn]] void child_writer(const std::string& path, int w, clock_type::time_point until, int report) {
  int status = 0;
  try {
    pc::sqlite::database db{path};
    int busy = 0;
    int committed = write_until(db, w, until, busy);
    if (::write(report, &committed, sizeof committed) != static_cast<ssize_t>(sizeof committed)) status = 2;
  } catch (...) {
    status = 1;
  }
  ::_exit(status);
}

TEST_F(sqlite_stress_test, writer_processes_and_a_killed_one_leave_whole_transactions_and_an_intact_file) {
  {
    pc::sqlite::database setup{path};
    setup.run(pc::create_table<StressRow>());
  }
  constexpr int processes = 3;  // writers 0..2 finish; writer 3 is killed mid-run
  const auto until = clock_type::now() + std::chrono::milliseconds{1500};
  struct child {
    pid_t pid;
    int read_end;
  };
  std::vector<child> children;
  for (int w = 0; w <= processes; ++w) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      // the victim writes "forever"; SIGKILL ends it inside some transaction
      child_writer(path, w, w == processes ? until + std::chrono::hours{1} : until, fds[1]);
    }
    ::close(fds[1]);
    children.push_back({pid, fds[0]});
  }

  // a reader in this process meanwhile: whole transactions only, never going back
  std::vector<std::int64_t> last(processes + 1, 0);
  int torn = 0, went_back = 0, reads = 0;
  {
    pc::sqlite::database db{path};
    // killed once it has committed something, after 0.7 s
    const auto kill_at = clock_type::now() + std::chrono::milliseconds{700};
    bool killed = false;
    while (clock_type::now() < until) {
      if (!killed && clock_type::now() >= kill_at && last[processes] > 0) {
        ::kill(children.back().pid, SIGKILL);
        killed = true;
      }
      for (int w = 0; w <= processes; ++w) {
        std::int64_t n = db.run(pc::count<StressRow>().where(c<&StressRow::writer> == w));
        ++reads;
        torn += n % rows_per_transaction != 0;
        went_back += n < last[static_cast<std::size_t>(w)];
        last[static_cast<std::size_t>(w)] = n;
      }
    }
    if (!killed) ::kill(children.back().pid, SIGKILL);
  }

  std::vector<int> committed(processes + 1, -1);
  for (int w = 0; w <= processes; ++w) {
    int status = 0;
    ASSERT_EQ(::waitpid(children[static_cast<std::size_t>(w)].pid, &status, 0), children[static_cast<std::size_t>(w)].pid);
    if (w < processes) {
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "writer process " << w << " failed";
      int n = -1;
      EXPECT_EQ(::read(children[static_cast<std::size_t>(w)].read_end, &n, sizeof n), static_cast<ssize_t>(sizeof n));
      committed[static_cast<std::size_t>(w)] = n;
    } else {
      EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    }
    ::close(children[static_cast<std::size_t>(w)].read_end);
  }

  EXPECT_GT(reads, 0);
  EXPECT_EQ(torn, 0);
  EXPECT_EQ(went_back, 0);
  pc::sqlite::database db{path};
  auto rows = stored_rows(db);
  for (int w = 0; w <= processes; ++w) {
    SCOPED_TRACE("writer process " + std::to_string(w));
    const std::vector<int>& got = rows[w];
    // the killed writer: whatever it committed, as whole transactions, without a gap
    int n = w < processes ? committed[static_cast<std::size_t>(w)] : static_cast<int>(got.size());
    if (w < processes) {
      EXPECT_GT(n, 0);
    }
    EXPECT_EQ(n % rows_per_transaction, 0);
    std::vector<int> expected(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) expected[static_cast<std::size_t>(i)] = i;
    EXPECT_EQ(got, expected);
  }
  EXPECT_EQ(integrity_check(db), std::vector<std::string>{"ok"});
}

// Sets a per-connection SQLite pragma that piccolo has no query for.
void pragma(pc::sqlite::database& db, const std::string& sql) {
  ASSERT_EQ(sqlite3_exec(db.native_handle(), sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db.native_handle());
}

std::int64_t page_count(pc::sqlite::database& db) {
  return db.run(pc::raw<"PRAGMA page_count", std::int64_t>()).at(0);
}

TEST_F(sqlite_stress_test, a_full_disk_is_a_typed_error_and_leaves_the_file_intact) {
  pc::sqlite::database db{path};
  db.run(pc::create_table<Payload>());
  db.run(pc::create_table<StressRow>());
  db.run(pc::insert(Payload{.data = std::vector<std::byte>(100, std::byte{1})}));
  db.run(pc::insert(StressRow{.writer = 0, .seq = 0}));
  // the file may grow by two pages: a 64 KiB blob needs sixteen
  pragma(db, "PRAGMA max_page_count = " + std::to_string(page_count(db) + 2));
  const std::vector<std::byte> big(64 * 1024, std::byte{7});

  try {
    db.run(pc::insert(Payload{.data = big}));
    ADD_FAILURE() << "an insert past max_page_count succeeded";
  } catch (const pc::error& e) {
    EXPECT_EQ(e.engine_code() & 0xFF, SQLITE_FULL) << e.what();
    EXPECT_EQ(e.value(), pc::errc::storage_full) << e.what();
  }
  // a transaction that fills the disk half-way: none of it stays
  try {
    db.transaction([&](pc::sqlite::database& tx) {
      tx.run(pc::insert(StressRow{.writer = 0, .seq = 1}));
      tx.run(pc::insert(Payload{.data = big}));
      tx.run(pc::insert(StressRow{.writer = 0, .seq = 2}));
    });
    ADD_FAILURE() << "a transaction past max_page_count committed";
  } catch (const pc::error& e) {
    EXPECT_EQ(e.engine_code() & 0xFF, SQLITE_FULL) << e.what();
    EXPECT_EQ(e.value(), pc::errc::storage_full) << e.what();
  }
  EXPECT_FALSE(db.in_transaction());
  EXPECT_EQ(db.run(pc::count<Payload>()), 1);
  EXPECT_EQ(db.run(pc::count<StressRow>()), 1);
  EXPECT_EQ(integrity_check(db), std::vector<std::string>{"ok"});

  // room again: writes work on the same connection
  pragma(db, "PRAGMA max_page_count = 1073741823");
  db.run(pc::insert(Payload{.data = big}));
  EXPECT_EQ(db.run(pc::count<Payload>()), 2);
  pc::sqlite::database other{path};
  EXPECT_EQ(other.run(pc::count<Payload>()), 2);
  EXPECT_EQ(integrity_check(other), std::vector<std::string>{"ok"});
}

TEST_F(sqlite_stress_test, writing_to_a_read_only_file_is_a_typed_error_and_changes_nothing) {
  pc::sqlite::database writer{path};  // WAL file, kept open: its -shm stays
  writer.run(pc::create_table<StressRow>());
  writer.run(pc::insert(StressRow{.writer = 1, .seq = 1}));

  // (permissions do not stop root, the CI user; SQLite's read-only open does)
  pc::sqlite::database reader{"file:" + path + "?mode=ro", pc::sqlite::options{.write_ahead_log = false}};
  EXPECT_EQ(reader.run(pc::count<StressRow>()), 1);
  auto expect_read_only = [](auto&& write) {
    try {
      write();
      ADD_FAILURE() << "a write through a read-only connection succeeded";
    } catch (const pc::error& e) {
      EXPECT_EQ(e.engine_code() & 0xFF, SQLITE_READONLY) << e.what();
      EXPECT_EQ(e.value(), pc::errc::read_only) << e.what();
    }
  };
  expect_read_only([&] { reader.run(pc::insert(StressRow{.writer = 2, .seq = 2})); });
  expect_read_only([&] {
    reader.run(pc::update<StressRow>().set(c<&StressRow::seq> = 5).where(c<&StressRow::writer> == 1));
  });
  expect_read_only([&] { reader.run(pc::create_table<Payload>()); });
  expect_read_only([&] {
    reader.transaction([](pc::sqlite::database& tx) { tx.run(pc::insert(StressRow{.writer = 3, .seq = 3})); });
  });
  EXPECT_FALSE(reader.in_transaction());

  // the file is as the writer left it, and still writable by the writer
  EXPECT_EQ(stored_rows(writer), (std::map<int, std::vector<int>>{{1, {1}}}));
  writer.run(pc::insert(StressRow{.writer = 1, .seq = 2}));
  EXPECT_EQ(reader.run(pc::count<StressRow>()), 2);
  EXPECT_EQ(integrity_check(writer), std::vector<std::string>{"ok"});
}

}  // namespace
