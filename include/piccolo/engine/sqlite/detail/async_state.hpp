#pragma once
// What a SQLite database built on an executor adds: worker threads (SQLite has no
// non-blocking API), the writer connection's strand, and read-only connections with
// strands of their own (WAL lets readers run beside the writer).

#include <atomic>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include <sqlite3.h>

namespace piccolo::sqlite::detail {

// Cancellation of one query: set by the slot, seen by the worker.
struct cancel_state {
  std::atomic<bool> cancelled{false};
  std::atomic<sqlite3*> running{nullptr};
  void cancel() {
    cancelled = true;
    if (sqlite3* db = running.load()) sqlite3_interrupt(db);
  }
};

template <class Database>
struct async_state {
  using strand_type = boost::asio::strand<boost::asio::thread_pool::executor_type>;

  async_state(boost::asio::any_io_executor ex, std::size_t reader_count)
      : io(std::move(ex)), threads(reader_count + 1), writer(boost::asio::make_strand(threads.get_executor())) {}

  boost::asio::any_io_executor io;
  boost::asio::thread_pool threads;
  strand_type writer;
  std::vector<std::unique_ptr<Database>> readers;
  std::vector<strand_type> reader_strands;
  std::atomic<std::size_t> next_reader{0};
  // The writer connection is shared by synchronous run() on the caller's thread and
  // the writer strand.
  std::recursive_mutex writer_mutex;
  // While an asynchronous transaction is open, other asynchronous writes wait here
  // (touched on the writer strand only).
  bool transaction_open = false;
  std::deque<std::function<void()>> deferred_writes;
};

}  // namespace piccolo::sqlite::detail
