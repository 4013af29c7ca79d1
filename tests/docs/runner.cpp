// Runs the C++ blocks of one page of the docs (or all: --all), as registered by the
// generated page TUs: every block was compiled; a block that states its output
// (`// prints: ...`) or an error (`// throws errc::...`) runs here and must do what it
// says: on SQLite, or on PostgreSQL when PICCOLO_PG_CONNINFO names a server. See docs/README.md, "The examples are tested".

#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

#include "scaffold.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: piccolo_doc_snippets PAGE.md | --all\n";
    return 2;
  }
  const std::string_view wanted = argv[1];
  int failures = 0, pages = 0;
  for (const doc::page_blocks& page : doc::registry()) {
    if (wanted != "--all" && wanted != page.page) continue;
    ++pages;
    int ran = 0, skipped = 0;
    for (std::size_t i = 0; i < page.count; ++i) {
      const doc::block& b = page.blocks[i];
      if (!b.run) continue;
      ++ran;
      std::ostringstream out;
      std::streambuf* saved = std::cout.rdbuf(out.rdbuf());
      std::string failure;
      try {
        b.run();
      } catch (const doc::skipped&) {
        std::cout.rdbuf(saved);
        --ran;
        ++skipped;
        continue;
      } catch (const std::exception& e) {
        failure = std::string{"threw: "} + e.what();
      } catch (...) {
        failure = "threw something that is not a std::exception";
      }
      std::cout.rdbuf(saved);
      if (failure.empty() && b.output && out.str() != b.output)
        failure = "printed:\n" + out.str() + "the docs say it prints:\n" + b.output;
      if (!failure.empty()) {
        ++failures;
        std::cout << b.page << ":" << b.line << ": FAILED: " << failure << "\n";
      }
    }
    std::cout << page.page << ": " << page.count << " C++ blocks compiled, " << ran << " run";
    if (skipped) std::cout << ", " << skipped << " not run (PostgreSQL: PICCOLO_PG_CONNINFO is not set)";
    std::cout << "\n";
  }
  if (pages == 0) {
    std::cerr << "piccolo_doc_snippets: no page " << wanted << "\n";
    return 2;
  }
  return failures == 0 ? 0 : 1;
}
