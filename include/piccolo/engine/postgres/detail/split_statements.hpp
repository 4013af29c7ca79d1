#pragma once
// Splits a script of SQL statements (DDL rendered by piccolo) at its top-level
// semicolons, so that each statement can be sent on its own in pipeline mode (the
// extended protocol takes one statement per message). Quoted text ('...' with ''
// escapes, "..." identifiers with "" escapes) is never split.

#include <string>
#include <string_view>
#include <vector>

namespace piccolo::postgres::detail {

inline std::vector<std::string> split_statements(std::string_view script) {
  std::vector<std::string> statements;
  std::string current;
  char quote = 0;
  for (char ch : script) {
    if (quote) {
      current += ch;
      if (ch == quote) quote = 0;  // a doubled quote closes and reopens: same result
      continue;
    }
    if (ch == '\'' || ch == '"') {
      quote = ch;
      current += ch;
    } else if (ch == ';') {
      if (current.find_first_not_of(" \t\r\n") != std::string::npos) statements.push_back(current);
      current.clear();
    } else {
      current += ch;
    }
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) statements.push_back(current);
  return statements;
}

}  // namespace piccolo::postgres::detail
