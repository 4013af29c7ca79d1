// Identifier quoting and index names, as DDL and queries write them: sql_writer's
// identifier() / string_literal() / literal_of() and the index name encoding of
// schema/ddl.hpp, on arbitrary names. Invariants: the measuring pass and the writing
// pass agree on the length; the quoted text decodes back to exactly the name (so no
// name can end the quoted identifier or literal early); index names decode back to
// their (table, column), so two pairs never share one; the part PostgreSQL keeps is at
// most 63 bytes, cut on a character boundary.

#include <piccolo/piccolo.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "fuzz.hpp"

namespace pc = piccolo;

namespace {

template <class Write>
std::string render(pc::dialect_id dialect, Write write) {
  pc::sql_writer measure{dialect};
  write(measure);
  std::string out(measure.size(), '\0');
  pc::sql_writer writer{dialect, out.data()};
  write(writer);
  PICCOLO_FUZZ_CHECK(writer.size() == measure.size(), "measured and written lengths differ");
  return out;
}

// The text between `quote`s with doubled quotes undone; nullopt if a lone quote ends it
// early or something follows the closing quote.
std::optional<std::string> unquote(std::string_view text, char quote) {
  if (text.size() < 2 || text.front() != quote || text.back() != quote) return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == quote) {
      if (i + 2 >= text.size() || text[i + 1] != quote) return std::nullopt;
      ++i;
    }
    out += text[i];
  }
  return out;
}

// "ix$<table>$<column>" with '\' escaping '$' and '\' inside the parts.
std::optional<std::pair<std::string, std::string>> decode_index_name(std::string_view name) {
  if (!name.starts_with("ix$")) return std::nullopt;
  std::string parts[2];
  int part = 0;
  for (std::size_t i = 3; i < name.size(); ++i) {
    char ch = name[i];
    if (ch == '\\') {
      if (++i == name.size()) return std::nullopt;
      ch = name[i];
      if (ch != '$' && ch != '\\') return std::nullopt;
    } else if (ch == '$') {
      if (++part > 1) return std::nullopt;
      continue;
    }
    parts[part] += ch;
  }
  if (part != 1) return std::nullopt;
  return std::pair{parts[0], parts[1]};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  piccolo_fuzz::input in{data, size};
  const std::string first{in.piece()};
  const std::string second{in.rest()};

  for (auto dialect : {pc::dialect_id::sqlite, pc::dialect_id::postgres}) {
    // one identifier
    std::string quoted = render(dialect, [&](pc::sql_writer& w) { w.identifier(first); });
    auto back = unquote(quoted, '"');
    PICCOLO_FUZZ_CHECK(back && *back == first, "identifier() does not decode back to the name");

    // a string literal
    std::string literal = render(dialect, [&](pc::sql_writer& w) { w.string_literal(second); });
    auto text = unquote(literal, '\'');
    PICCOLO_FUZZ_CHECK(text && *text == second, "string_literal() does not decode back to the text");

    // an identifier passed as text (pg_get_serial_sequence('"name"')): both quotings nest
    std::string nested = render(dialect, [&](pc::sql_writer& w) { w.literal_of([&] { w.identifier(first); }); });
    auto inner = unquote(nested, '\'');
    PICCOLO_FUZZ_CHECK(inner.has_value(), "literal_of(identifier()) is not one string literal");
    auto name = unquote(*inner, '"');
    PICCOLO_FUZZ_CHECK(name && *name == first, "literal_of(identifier()) does not decode back to the name");
  }

  // index names: decodable (hence unique per pair), and PostgreSQL's 63-byte cut
  std::string index(pc::detail::write_index_name(first, second, nullptr), '\0');
  PICCOLO_FUZZ_CHECK(pc::detail::write_index_name(first, second, index.data()) == index.size(),
                     "write_index_name: measured and written lengths differ");
  auto pair = decode_index_name(index);
  PICCOLO_FUZZ_CHECK(pair && pair->first == first && pair->second == second,
                     "index name does not decode back to its (table, column)");
  std::string_view kept = pc::detail::postgres_stored_name(index);
  PICCOLO_FUZZ_CHECK(kept.size() <= 63 && std::string_view{index}.starts_with(kept),
                     "postgres_stored_name: longer than 63 bytes or not a prefix");
  if (kept.size() < index.size())
    PICCOLO_FUZZ_CHECK((static_cast<unsigned char>(index[kept.size()]) & 0xC0) != 0x80,
                       "postgres_stored_name cuts inside a UTF-8 character");
  return 0;
}
