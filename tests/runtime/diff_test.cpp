// Auto migrations, the diff: two schema snapshots into operations that apply in order and
// reverse, each refusal that keeps data safe, the SQL of each operation per dialect, and a
// migration applied forwards and backwards to a database with rows on both engines, the
// database verifying as the expected snapshot after every step.

#include <sqlite3.h>
#include <libpq-fe.h>

#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <piccolo/cli/main.hpp>
#include <piccolo/migrate.hpp>

#include "fixture.hpp"

namespace diff_v1 {
struct Label {
  pc::serial id;
  std::string title;
  int rank = 0;
  static constexpr std::string_view table_name = "diff_label";
};
struct Artist {
  pc::serial id;
  pc::varchar<40> name;
  std::optional<int> label;
  static constexpr std::string_view table_name = "diff_artist";
};
}  // namespace diff_v1

// v1 -> v2: title renamed to name, country added, an index on rank, artist.label a foreign key.
namespace diff_v2 {
struct Label {
  pc::serial id;
  std::string name;
  int rank = 0;
  std::optional<std::string> country;
  static constexpr std::string_view table_name = "diff_label";
  static constexpr auto column_options() { return pc::options(pc::index<&Label::rank>); }
};
struct Artist {
  pc::serial id;
  pc::varchar<40> name;
  std::optional<pc::foreign_key<Label>> label;
  static constexpr std::string_view table_name = "diff_artist";
  static constexpr auto column_options() { return pc::options(pc::on_delete<&Artist::label, pc::action::set_null>); }
};
}  // namespace diff_v2

// v1 -> v3, the column changes: rank BIGINT with another default, title optional and unique,
// and a NOT NULL column without a default.
namespace diff_v3 {
struct Label {
  pc::serial id;
  std::optional<std::string> title;
  std::int64_t rank = 5;
  std::string code;
  static constexpr std::string_view table_name = "diff_label";
  static constexpr auto column_options() { return pc::options(pc::unique<&Label::title>); }
};
// title becomes a number
struct NumberedLabel {
  pc::serial id;
  int title = 0;
  int rank = 0;
  static constexpr std::string_view table_name = "diff_label";
};
// the table renamed
struct Imprint {
  pc::serial id;
  std::string title;
  int rank = 0;
  static constexpr std::string_view table_name = "diff_imprint";
};
}  // namespace diff_v3

// v2 -> v4: the referenced table renamed (its index, named after the table, renamed with it).
namespace diff_v4 {
struct Record {
  pc::serial id;
  std::string name;
  int rank = 0;
  std::optional<std::string> country;
  static constexpr std::string_view table_name = "diff_record";
  static constexpr auto column_options() { return pc::options(pc::index<&Record::rank>); }
};
struct Artist {
  pc::serial id;
  pc::varchar<40> name;
  std::optional<pc::foreign_key<Record>> label;
  static constexpr std::string_view table_name = "diff_artist";
  static constexpr auto column_options() { return pc::options(pc::on_delete<&Artist::label, pc::action::set_null>); }
};
}  // namespace diff_v4

namespace piccolo_test {
namespace {

const pc::schema_snapshot v1 = pc::snapshot_of(pc::schema<diff_v1::Label, diff_v1::Artist>{});
const pc::schema_snapshot v2 = pc::snapshot_of(pc::schema<diff_v2::Label, diff_v2::Artist>{});
const pc::diff_options title_is_name{.renames = {{"diff_label.title", "name"}}};

std::vector<std::string> texts(const std::vector<pc::migration_operation>& ops) {
  std::vector<std::string> result;
  for (const pc::migration_operation& op : ops) result.push_back(pc::to_string(op));
  return result;
}

// The statements of an operation, a rebuild shown as "rebuild <table>".
std::vector<std::string> sql_of_operation(const pc::migration_operation& op, pc::dialect_id d) {
  pc::rendered_operation rendered = pc::render_operation(op, d);
  if (rendered.rebuild) rendered.statements.push_back("rebuild " + rendered.rebuild->table.name);
  return rendered.statements;
}

template <class F>
pc::diff_refusal refusal_of(F diff) {
  try {
    diff();
  } catch (const pc::diff_error& e) {
    return e.refusal();
  }
  ADD_FAILURE() << "no diff_error";
  return pc::diff_refusal::unsupported;
}
template <class F>
std::string message_of(F diff) {
  try {
    diff();
  } catch (const pc::diff_error& e) {
    return e.what();
  }
  return "no diff_error";
}

TEST(diff_test, rename_with_the_option_add_column_index_and_foreign_key_in_apply_order) {
  const auto ops = pc::diff_schemas(v1, v2, title_is_name);
  EXPECT_EQ(texts(ops), (std::vector<std::string>{"rename column diff_label.title to name", "add column diff_label.country",
                                                  "create index ix$diff_label$rank", "add foreign key diff_artist.label"}));
  EXPECT_EQ(texts(pc::reverse(ops)),
            (std::vector<std::string>{"drop foreign key diff_artist.label", "drop index ix$diff_label$rank",
                                      "drop column diff_label.country", "rename column diff_label.name to title"}));
  // the operations lead to v2, their reverses back to v1
  pc::schema_snapshot state = v1;
  for (const pc::migration_operation& op : ops) pc::apply_operation(state, op);
  EXPECT_EQ(state, v2);
  for (const pc::migration_operation& op : pc::reverse(ops)) pc::apply_operation(state, op);
  EXPECT_EQ(state, v1);
  for (const pc::migration_operation& op : ops) EXPECT_EQ(pc::reverse(pc::reverse(op)), op) << pc::to_string(op);
}

TEST(diff_test, operations_render_as_alter_statements_or_a_sqlite_rebuild) {
  const auto ops = pc::diff_schemas(v1, v2, title_is_name);
  using strings = std::vector<std::string>;
  const pc::dialect_id pg = pc::dialect_id::postgres, lite = pc::dialect_id::sqlite;
  EXPECT_EQ(sql_of_operation(ops[0], pg), strings{R"(ALTER TABLE "diff_label" RENAME COLUMN "title" TO "name")"});
  EXPECT_EQ(sql_of_operation(ops[0], lite), strings{R"(ALTER TABLE "diff_label" RENAME COLUMN "title" TO "name")"});
  EXPECT_EQ(sql_of_operation(ops[1], pg), strings{R"(ALTER TABLE "diff_label" ADD COLUMN "country" TEXT)"});
  EXPECT_EQ(sql_of_operation(ops[1], lite), strings{R"(ALTER TABLE "diff_label" ADD COLUMN "country" TEXT)"});
  EXPECT_EQ(sql_of_operation(ops[2], pg), strings{R"(CREATE INDEX "ix$diff_label$rank" ON "diff_label" ("rank"))"});
  EXPECT_EQ(sql_of_operation(ops[3], pg),
            strings{R"(ALTER TABLE "diff_artist" ADD CONSTRAINT "diff_artist_label_fkey" FOREIGN KEY ("label") )"
                    R"(REFERENCES "diff_label" ("id") ON DELETE SET NULL ON UPDATE CASCADE)"});
  // SQLite adds a foreign key by rebuilding the table into its new shape, every column copied
  const pc::rendered_operation rebuild = pc::render_operation(ops[3], lite);
  ASSERT_TRUE(rebuild.rebuild.has_value());
  EXPECT_TRUE(rebuild.statements.empty());
  EXPECT_EQ(rebuild.rebuild->table, v2.tables[1]);
  EXPECT_EQ(rebuild.rebuild->old_columns, (strings{"id", "name", "label"}));
  const auto back = pc::reverse(ops);
  EXPECT_EQ(sql_of_operation(back[0], pg), strings{R"(ALTER TABLE "diff_artist" DROP CONSTRAINT "diff_artist_label_fkey")"});
  EXPECT_EQ(sql_of_operation(back[1], lite), strings{R"(DROP INDEX "ix$diff_label$rank")"});
  EXPECT_EQ(sql_of_operation(back[2], pg), strings{R"(ALTER TABLE "diff_label" DROP COLUMN "country")"});
  EXPECT_EQ(sql_of_operation(back[2], lite), strings{"rebuild diff_label"});
}

template <class F>
std::optional<pc::diff_error> error_of(F diff) {
  try {
    diff();
  } catch (const pc::diff_error& e) {
    return e;
  }
  return std::nullopt;
}

struct refusal_fields {
  pc::diff_refusal refusal;
  std::string table;
  std::string column;
  std::vector<std::string> candidates;
  std::string rename_key;
  bool operator==(const refusal_fields&) const = default;
};
std::ostream& operator<<(std::ostream& out, const refusal_fields& f) {
  out << static_cast<int>(f.refusal) << " " << f.table << " " << f.column << " [";
  for (const std::string& c : f.candidates) out << c << ' ';
  return out << "] " << f.rename_key;
}
template <class F>
refusal_fields fields_of(F diff) {
  const std::optional<pc::diff_error> e = error_of(diff);
  if (!e) return {pc::diff_refusal::unsupported, "no diff_error", {}, {}, {}};
  return {e->refusal(), e->table(), e->column(), e->rename_candidates(), e->rename_key()};
}

TEST(diff_test, a_refusal_names_its_table_column_and_every_rename_candidate) {
  using r = pc::diff_refusal;
  using strings = std::vector<std::string>;
  // title disappears while name and country (TEXT, NULL allowed) appear: both may be its new name
  EXPECT_EQ(fields_of([] { pc::diff_schemas(v1, v2); }),
            (refusal_fields{r::ambiguous_rename, "diff_label", "title", strings{"name", "country"}, "diff_label.title"}));
  const pc::schema_snapshot label = pc::snapshot_of(pc::schema<diff_v1::Label>{});
  const pc::schema_snapshot imprint = pc::snapshot_of(pc::schema<diff_v3::Imprint>{});
  EXPECT_EQ(fields_of([&] { pc::diff_schemas(label, imprint); }),
            (refusal_fields{r::ambiguous_rename, "diff_label", "", strings{"diff_imprint"}, "diff_label"}));
  EXPECT_EQ(fields_of([&] { pc::diff_schemas(v1, label); }), (refusal_fields{r::drop_not_allowed, "diff_artist", "", {}, "diff_artist"}));
  const pc::schema_snapshot no_rank = pc::snapshot_of(pc::schema<diff_v3::Label>{});
  EXPECT_EQ(fields_of([&] { pc::diff_schemas(label, no_rank, {.tables_with_rows = {"diff_label"}}); }),
            (refusal_fields{r::not_null_on_rows, "diff_label", "code", {}, "diff_label.code"}));
  const pc::schema_snapshot numbered = pc::snapshot_of(pc::schema<diff_v3::NumberedLabel>{});
  EXPECT_EQ(fields_of([&] { pc::diff_schemas(label, numbered); }),
            (refusal_fields{r::needs_using, "diff_label", "title", {}, "diff_label.title"}));
  EXPECT_EQ(fields_of([] { pc::diff_schemas(v1, v2, {.renames = {{"diff_label.nothing", "name"}}}); }),
            (refusal_fields{r::unknown_rename, "diff_label", "nothing", {}, "diff_label.nothing"}));
  EXPECT_EQ(fields_of([] { pc::diff_schemas(v1, v2, {.renames = {{"diff_nothing", "diff_label"}}}); }),
            (refusal_fields{r::unknown_rename, "diff_nothing", "", {}, "diff_nothing"}));
  // a column dropped with allow_drop but part of the key
  pc::schema_snapshot keyless = label;
  std::erase_if(keyless.tables[0].columns, [](const pc::column_snapshot& c) { return c.name == "id"; });
  keyless.tables[0].primary_key.clear();
  EXPECT_EQ(fields_of([&] { pc::diff_schemas(label, keyless, {.allow_drop = true}); }),
            (refusal_fields{r::unsupported, "diff_label", "id", {}, "diff_label.id"}));
}

// pc::cli::main's question comes from the refusal's fields: one question per candidate,
// until one is confirmed.
TEST(diff_test, the_cli_asks_about_each_rename_candidate_in_turn) {
  const std::filesystem::path directory =
      std::filesystem::temp_directory_path() / ("piccolo_diff_cli_" + std::to_string(::getpid()));
  std::filesystem::remove_all(directory);
  auto run_new = [&](auto schema, const std::string& answers, std::string& output) {
    std::ostringstream out, err;
    std::istringstream in(answers);
    const std::string dir = directory.string();
    const char* argv[] = {"app", "migrations", "new", "--auto", "--migrations", dir.c_str()};
    const int code = pc::cli::main(6, const_cast<char**>(argv), schema,
                                   {.out = &out, .err = &err, .in = &in, .interactive = true});
    output = out.str() + err.str();
    return code;
  };
  std::string output;
  ASSERT_EQ(run_new(pc::schema<diff_v1::Label, diff_v1::Artist>{}, "", output), 0) << output;
  // both candidates denied: refused with the diff's message
  EXPECT_EQ(run_new(pc::schema<diff_v2::Label, diff_v2::Artist>{}, "n\nn\n", output), 1);
  EXPECT_EQ(output.substr(0, output.find("app: ")),
            "is diff_label.title renamed to diff_label.name? [y/N] is diff_label.title renamed to diff_label.country? [y/N] ");
  EXPECT_NE(output.find("app: cannot make the migration: column diff_label.title disappears"), std::string::npos) << output;
  // the second one confirmed
  EXPECT_EQ(run_new(pc::schema<diff_v2::Label, diff_v2::Artist>{}, "n\ny\n", output), 0) << output;
  EXPECT_NE(output.find("\n  rename column diff_label.title to country\n"), std::string::npos) << output;
  std::filesystem::remove_all(directory);
}

TEST(diff_test, a_column_that_disappears_while_one_of_its_type_appears_needs_a_rename_or_allow_drop) {
  EXPECT_EQ(refusal_of([] { pc::diff_schemas(v1, v2); }), pc::diff_refusal::ambiguous_rename);
  EXPECT_EQ(message_of([] { pc::diff_schemas(v1, v2); }),
            "piccolo: misuse: column diff_label.title disappears while diff_label.name of the same type appears: if it was renamed, say "
            "so (--rename diff_label.title=name); to drop title and add name, pass --allow-drop");
  const auto ops = pc::diff_schemas(v1, v2, {.allow_drop = true});
  EXPECT_EQ(texts(ops), (std::vector<std::string>{"drop column diff_label.title",
                                                  "add column diff_label.name (NOT NULL without a default: the table must be empty)",
                                                  "add column diff_label.country", "create index ix$diff_label$rank",
                                                  "add foreign key diff_artist.label"}));
  EXPECT_TRUE(ops[1].needs_empty_table);
  // the drop carries the column, so its reverse re-creates it
  EXPECT_EQ(pc::reverse(ops[0]).after, v1.tables[0]);
  EXPECT_EQ(refusal_of([] { pc::diff_schemas(v1, v2, {.renames = {{"diff_label.nothing", "name"}}}); }),
            pc::diff_refusal::unknown_rename);
}

TEST(diff_test, dropping_a_table_or_a_column_needs_allow_drop) {
  const pc::schema_snapshot labels_only = pc::snapshot_of(pc::schema<diff_v1::Label>{});
  EXPECT_EQ(refusal_of([&] { pc::diff_schemas(v1, labels_only); }), pc::diff_refusal::drop_not_allowed);
  EXPECT_EQ(message_of([&] { pc::diff_schemas(v1, labels_only); }),
            "piccolo: misuse: dropping table diff_artist loses its rows: pass --allow-drop (diff_options.allow_drop) to drop it");
  EXPECT_EQ(texts(pc::diff_schemas(v1, labels_only, {.allow_drop = true})), (std::vector<std::string>{"drop table diff_artist"}));
  const pc::schema_snapshot v3 = pc::snapshot_of(pc::schema<diff_v3::Label>{});
  EXPECT_EQ(refusal_of([&] { pc::diff_schemas(v3, labels_only); }), pc::diff_refusal::drop_not_allowed);
}

TEST(diff_test, tables_are_created_in_foreign_key_order_and_dropped_in_reverse) {
  const auto ops = pc::diff_schemas(pc::schema_snapshot{}, v2);
  EXPECT_EQ(texts(ops), (std::vector<std::string>{"create table diff_label", "create table diff_artist"}));
  EXPECT_EQ(texts(pc::reverse(ops)), (std::vector<std::string>{"drop table diff_artist", "drop table diff_label"}));
  EXPECT_EQ(texts(pc::diff_schemas(v2, pc::schema_snapshot{}, {.allow_drop = true})),
            (std::vector<std::string>{"drop table diff_artist", "drop table diff_label"}));
  EXPECT_EQ(sql_of_operation(ops[0], pc::dialect_id::postgres),
            std::vector<std::string>{"CREATE TABLE \"diff_label\" (\"id\" SERIAL PRIMARY KEY, \"name\" TEXT NOT NULL, \"rank\" "
                                     "INTEGER NOT NULL DEFAULT 0, \"country\" TEXT);\nCREATE INDEX \"ix$diff_label$rank\" ON "
                                     "\"diff_label\" (\"rank\")"});
  EXPECT_EQ(sql_of_operation(pc::reverse(ops)[1], pc::dialect_id::sqlite), std::vector<std::string>{"DROP TABLE \"diff_label\""});
}

TEST(diff_test, type_nullability_default_and_unique_changes_and_their_reverses) {
  const pc::schema_snapshot from = pc::snapshot_of(pc::schema<diff_v1::Label>{});
  const pc::schema_snapshot to = pc::snapshot_of(pc::schema<diff_v3::Label>{});
  const auto ops = pc::diff_schemas(from, to);
  EXPECT_EQ(texts(ops), (std::vector<std::string>{"add column diff_label.code (NOT NULL without a default: the table must be empty)",
                                                  "drop not null diff_label.title", "change type diff_label.rank",
                                                  "set default diff_label.rank", "add unique diff_label (title)"}));
  EXPECT_EQ(texts(pc::reverse(ops)),
            (std::vector<std::string>{"drop unique diff_label (title)", "set default diff_label.rank", "change type diff_label.rank",
                                      "set not null diff_label.title", "drop column diff_label.code"}));
  using strings = std::vector<std::string>;
  const pc::dialect_id pg = pc::dialect_id::postgres;
  EXPECT_EQ(sql_of_operation(ops[1], pg), strings{R"(ALTER TABLE "diff_label" ALTER COLUMN "title" DROP NOT NULL)"});
  EXPECT_EQ(sql_of_operation(ops[2], pg), strings{R"(ALTER TABLE "diff_label" ALTER COLUMN "rank" TYPE BIGINT)"});
  EXPECT_EQ(sql_of_operation(ops[3], pg), strings{R"(ALTER TABLE "diff_label" ALTER COLUMN "rank" SET DEFAULT 5)"});
  EXPECT_EQ(sql_of_operation(pc::reverse(ops)[1], pg), strings{R"(ALTER TABLE "diff_label" ALTER COLUMN "rank" SET DEFAULT 0)"});
  EXPECT_EQ(sql_of_operation(ops[4], pg), strings{R"(ALTER TABLE "diff_label" ADD CONSTRAINT "diff_label_title_key" UNIQUE ("title"))"});
  EXPECT_EQ(sql_of_operation(ops[2], pc::dialect_id::sqlite), strings{"rebuild diff_label"});
  for (const pc::migration_operation& op : ops) EXPECT_EQ(pc::reverse(pc::reverse(op)), op) << pc::to_string(op);
  pc::schema_snapshot state = from;
  for (const pc::migration_operation& op : ops) pc::apply_operation(state, op);
  EXPECT_EQ(state, to);
  // a NOT NULL column without a default: refused for a table the caller says has rows
  EXPECT_EQ(refusal_of([&] { pc::diff_schemas(from, to, {.tables_with_rows = {"diff_label"}}); }),
            pc::diff_refusal::not_null_on_rows);
}

TEST(diff_test, a_type_change_that_may_not_convert_needs_a_using_expression) {
  const pc::schema_snapshot from = pc::snapshot_of(pc::schema<diff_v1::Label>{});
  const pc::schema_snapshot to = pc::snapshot_of(pc::schema<diff_v3::NumberedLabel>{});
  EXPECT_EQ(refusal_of([&] { pc::diff_schemas(from, to); }), pc::diff_refusal::needs_using);
  EXPECT_EQ(message_of([&] { pc::diff_schemas(from, to); }),
            "piccolo: misuse: column diff_label.title changes type from TEXT to INTEGER, which may not convert: give a USING expression "
            "(diff_options.using_sql[\"diff_label.title\"] = \"CAST(title AS INTEGER)\")");
  const auto ops = pc::diff_schemas(from, to,
                                    {.using_sql = {{"diff_label.title", R"(CAST("title" AS INTEGER))"}},
                                     .reverse_using_sql = {{"diff_label.title", R"(CAST("title" AS TEXT))"}}});
  EXPECT_EQ(texts(ops), (std::vector<std::string>{R"(change type diff_label.title using CAST("title" AS INTEGER))",
                                                  "set default diff_label.title"}));
  EXPECT_EQ(sql_of_operation(ops[0], pc::dialect_id::postgres),
            std::vector<std::string>{R"(ALTER TABLE "diff_label" ALTER COLUMN "title" TYPE INTEGER USING CAST("title" AS INTEGER))"});
  EXPECT_EQ(sql_of_operation(pc::reverse(ops)[1], pc::dialect_id::postgres),
            std::vector<std::string>{R"(ALTER TABLE "diff_label" ALTER COLUMN "title" TYPE TEXT USING CAST("title" AS TEXT))"});
  // SQLite's rebuild copies the column through the expression
  const pc::rendered_operation rebuild = pc::render_operation(ops[0], pc::dialect_id::sqlite);
  ASSERT_TRUE(rebuild.rebuild.has_value());
  EXPECT_EQ(rebuild.rebuild->expressions, (std::vector<std::string>{"", R"(CAST("title" AS INTEGER))", ""}));
}

TEST(diff_test, a_table_renamed_with_the_option) {
  const pc::schema_snapshot from = pc::snapshot_of(pc::schema<diff_v1::Label>{});
  const pc::schema_snapshot to = pc::snapshot_of(pc::schema<diff_v3::Imprint>{});
  EXPECT_EQ(refusal_of([&] { pc::diff_schemas(from, to); }), pc::diff_refusal::ambiguous_rename);
  const auto ops = pc::diff_schemas(from, to, {.renames = {{"diff_label", "diff_imprint"}}});
  EXPECT_EQ(texts(ops), (std::vector<std::string>{"rename table diff_label to diff_imprint"}));
  EXPECT_EQ(texts(pc::reverse(ops)), (std::vector<std::string>{"rename table diff_imprint to diff_label"}));
  EXPECT_EQ(sql_of_operation(ops[0], pc::dialect_id::sqlite),
            std::vector<std::string>{R"(ALTER TABLE "diff_label" RENAME TO "diff_imprint")"});
}

TEST(diff_test, renaming_a_referenced_table_keeps_the_foreign_keys_to_it) {
  const pc::schema_snapshot v4 = pc::snapshot_of(pc::schema<diff_v4::Record, diff_v4::Artist>{});
  const auto ops = pc::diff_schemas(v2, v4, {.renames = {{"diff_label", "diff_record"}}});
  // the index named after the table is renamed with it (not dropped and made again)
  EXPECT_EQ(texts(ops), (std::vector<std::string>{"rename table diff_label to diff_record"}));
  EXPECT_EQ(ops[0].after.indexes[0].name, "ix$diff_record$rank");
  EXPECT_EQ(sql_of_operation(ops[0], pc::dialect_id::postgres),
            std::vector<std::string>{"ALTER TABLE \"diff_label\" RENAME TO \"diff_record\";\n"
                                     "ALTER TABLE \"diff_record\" RENAME CONSTRAINT \"diff_label_pkey\" TO \"diff_record_pkey\";\n"
                                     "ALTER SEQUENCE \"diff_label_id_seq\" RENAME TO \"diff_record_id_seq\";\n"
                                     "ALTER INDEX \"ix$diff_label$rank\" RENAME TO \"ix$diff_record$rank\""});
  EXPECT_EQ(sql_of_operation(pc::reverse(ops[0]), pc::dialect_id::sqlite),
            std::vector<std::string>{"ALTER TABLE \"diff_record\" RENAME TO \"diff_label\";\n"
                                     "DROP INDEX \"ix$diff_record$rank\";\n"
                                     "CREATE INDEX \"ix$diff_label$rank\" ON \"diff_label\" (\"rank\")"});
  pc::schema_snapshot state = v2;
  for (const pc::migration_operation& op : ops) pc::apply_operation(state, op);
  EXPECT_EQ(state, v4);
}

// A migration file written before renames carried the names holds the rename with the
// index under its old name, then a drop and a create of it: rendered again, the rename
// leaves that index alone (the drop and the create that follow still find what they name).
TEST(diff_test, a_rename_read_from_an_older_migration_leaves_an_index_under_its_old_name_alone) {
  const pc::schema_snapshot v4 = pc::snapshot_of(pc::schema<diff_v4::Record, diff_v4::Artist>{});
  std::vector<pc::migration_operation> ops = pc::diff_schemas(v2, v4, {.renames = {{"diff_label", "diff_record"}}});
  ops[0].after.indexes[0].name = "ix$diff_label$rank";  // as the older diff left it
  const std::vector<std::string> statements = sql_of_operation(ops[0], pc::dialect_id::sqlite);
  EXPECT_EQ(statements, std::vector<std::string>{"ALTER TABLE \"diff_label\" RENAME TO \"diff_record\""});
  EXPECT_EQ(sql_of_operation(pc::reverse(ops[0]), pc::dialect_id::postgres),
            std::vector<std::string>{"ALTER TABLE \"diff_record\" RENAME TO \"diff_label\";\n"
                                     "ALTER TABLE \"diff_label\" RENAME CONSTRAINT \"diff_record_pkey\" TO \"diff_label_pkey\";\n"
                                     "ALTER SEQUENCE \"diff_record_id_seq\" RENAME TO \"diff_label_id_seq\""});
}

// ---- applied to a database with rows, on both engines ------------------------------------

// SQLite's rebuild runner over the connection (what the engine's own one does).
struct sqlite_runner {
  sqlite3* db;
  bool in_transaction() const noexcept { return !sqlite3_get_autocommit(db); }
  void execute(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string text = message ? message : "";
      sqlite3_free(message);
      throw pc::error(pc::errc::engine_error, text + " in " + sql);
    }
  }
  std::vector<std::vector<std::string>> rows(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
      throw pc::error(pc::errc::engine_error, sqlite3_errmsg(db));
    std::vector<std::vector<std::string>> result;
    while (sqlite3_step(statement) == SQLITE_ROW) {
      std::vector<std::string>& row = result.emplace_back();
      for (int i = 0; i < sqlite3_column_count(statement); ++i) {
        const unsigned char* text = sqlite3_column_text(statement, i);
        row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
      }
    }
    sqlite3_finalize(statement);
    return result;
  }
};

template <class Engine>
class diff_apply_test : public database_test<Engine> {
 protected:
  static constexpr pc::dialect_id dialect = Engine::is_sqlite ? pc::dialect_id::sqlite : pc::dialect_id::postgres;

  void execute(const std::string& sql) {
    if constexpr (Engine::is_sqlite) {
      sqlite_runner{this->db.native_handle()}.execute(sql);
    } else {
      PGresult* result = PQexec(this->db.native_handle(), sql.c_str());
      const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
      const std::string message = PQresultErrorMessage(result);
      PQclear(result);
      if (!ok) throw pc::error(pc::errc::engine_error, message + " in " + sql);
    }
  }

  // Runs each operation and checks that the database then reads back as the snapshot the
  // operations so far lead to.
  void apply(const std::vector<pc::migration_operation>& ops, pc::schema_snapshot& state) {
    for (const pc::migration_operation& op : ops) {
      const pc::rendered_operation rendered = pc::render_operation(op, dialect);
      for (const std::string& statement : rendered.statements) execute(statement);
      if constexpr (Engine::is_sqlite) {
        sqlite_runner runner{this->db.native_handle()};
        if (rendered.rebuild) pc::run_sqlite_rebuild(runner, *rendered.rebuild);
      } else {
        EXPECT_FALSE(rendered.rebuild.has_value());
      }
      pc::apply_operation(state, op);
      std::string listed;
      for (const pc::schema_difference& d :
           pc::schema_differences(pc::snapshot_for_dialect(state, dialect), pc::introspect(this->db, dialect), dialect))
        listed += d.to_string() + "\n";
      EXPECT_EQ(listed, "") << "after " << pc::to_string(op);
    }
  }
};
TYPED_TEST_SUITE(diff_apply_test, engines, engine_names);

TYPED_TEST(diff_apply_test, v1_to_v2_and_back_keeps_every_row_and_verifies_after_each_step) {
  this->db.run(pc::create_tables<diff_v1::Label, diff_v1::Artist>());
  this->db.run(pc::raw<"INSERT INTO diff_label (title, rank) VALUES ('Blue Note', 3), ('Impulse', 1)">());
  this->db.run(pc::raw<"INSERT INTO diff_artist (name, label) VALUES ('Coltrane', 2), ('Blakey', 1), ('Solo', NULL)">());

  const auto ops = pc::diff_schemas(v1, v2, title_is_name);
  pc::schema_snapshot state = v1;
  this->apply(ops, state);
  EXPECT_EQ(state, v2);
  using label_row = std::tuple<std::string, int, std::optional<std::string>>;
  EXPECT_EQ(this->db.run(pc::raw<"SELECT name, rank, country FROM diff_label ORDER BY id", label_row>()),
            (std::vector<label_row>{{"Blue Note", 3, std::nullopt}, {"Impulse", 1, std::nullopt}}));
  using artist_row = std::tuple<std::string, std::optional<int>>;
  EXPECT_EQ(this->db.run(pc::raw<"SELECT name, label FROM diff_artist ORDER BY id", artist_row>()),
            (std::vector<artist_row>{{"Coltrane", 2}, {"Blakey", 1}, {"Solo", std::nullopt}}));
  // the foreign key holds, with its action
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"INSERT INTO diff_artist (name, label) VALUES ('Nobody', 99)">()),
                       pc::errc::foreign_key_violation);
  this->db.run(pc::raw<"DELETE FROM diff_label WHERE id = 1">());
  EXPECT_EQ(this->db.run(pc::raw<"SELECT name, label FROM diff_artist WHERE id = 2", artist_row>()),
            (std::vector<artist_row>{{"Blakey", std::nullopt}}));
  this->db.run(pc::raw<"UPDATE diff_label SET country = 'US'">());

  this->apply(pc::reverse(ops), state);
  EXPECT_EQ(state, v1);
  using old_label_row = std::tuple<std::int64_t, std::string, int>;
  EXPECT_EQ(this->db.run(pc::raw<"SELECT id, title, rank FROM diff_label ORDER BY id", old_label_row>()),
            (std::vector<old_label_row>{{2, "Impulse", 1}}));
  EXPECT_EQ(this->db.run(pc::raw<"SELECT name, label FROM diff_artist ORDER BY name", artist_row>()),
            (std::vector<artist_row>{{"Blakey", std::nullopt}, {"Coltrane", 2}, {"Solo", std::nullopt}}));
  // no foreign key any more
  this->db.run(pc::raw<"INSERT INTO diff_artist (name, label) VALUES ('Nobody', 99)">());
}

TYPED_TEST(diff_apply_test, column_type_nullability_default_and_unique_changes_apply_and_reverse) {
  this->db.run(pc::create_table<diff_v1::Label>());
  const pc::schema_snapshot from = pc::snapshot_of(pc::schema<diff_v1::Label>{});
  const pc::schema_snapshot to = pc::snapshot_of(pc::schema<diff_v3::Label>{});
  const auto ops = pc::diff_schemas(from, to);  // adds a NOT NULL column without a default: the table is empty
  pc::schema_snapshot state = from;
  this->apply(ops, state);
  EXPECT_EQ(state, to);
  this->db.run(pc::raw<"INSERT INTO diff_label (title, code) VALUES (NULL, 'a'), (NULL, 'b'), ('Blue Note', 'c')">());
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"INSERT INTO diff_label (title, code) VALUES ('Blue Note', 'd')">()),
                       pc::errc::unique_violation);
  using row = std::tuple<std::optional<std::string>, std::int64_t>;
  EXPECT_EQ(this->db.run(pc::raw<"SELECT title, rank FROM diff_label ORDER BY id", row>()),
            (std::vector<row>{{std::nullopt, 5}, {std::nullopt, 5}, {"Blue Note", 5}}));
  this->db.run(pc::raw<"DELETE FROM diff_label WHERE title IS NULL">());
  this->apply(pc::reverse(ops), state);
  EXPECT_EQ(state, from);
  using old_row = std::tuple<std::string, int>;
  EXPECT_EQ(this->db.run(pc::raw<"SELECT title, rank FROM diff_label", old_row>()), (std::vector<old_row>{{"Blue Note", 5}}));
}

TYPED_TEST(diff_apply_test, a_type_change_with_using_converts_every_row_both_ways) {
  this->db.run(pc::create_table<diff_v1::Label>());
  this->db.run(pc::raw<"INSERT INTO diff_label (title, rank) VALUES ('42', 1), ('7', 2)">());
  const pc::schema_snapshot from = pc::snapshot_of(pc::schema<diff_v1::Label>{});
  const pc::schema_snapshot to = pc::snapshot_of(pc::schema<diff_v3::NumberedLabel>{});
  const auto ops = pc::diff_schemas(from, to,
                                    {.using_sql = {{"diff_label.title", R"(CAST("title" AS INTEGER))"}},
                                     .reverse_using_sql = {{"diff_label.title", R"(CAST("title" AS TEXT))"}}});
  pc::schema_snapshot state = from;
  this->apply(ops, state);
  using row = std::tuple<int, int>;
  EXPECT_EQ(this->db.run(pc::raw<"SELECT title + 1, rank FROM diff_label ORDER BY id", row>()),
            (std::vector<row>{{43, 1}, {8, 2}}));
  this->apply(pc::reverse(ops), state);
  EXPECT_EQ(state, from);
  using old_row = std::tuple<std::string>;
  EXPECT_EQ(this->db.run(pc::raw<"SELECT title || '!' FROM diff_label ORDER BY id", old_row>()),
            (std::vector<old_row>{{"42!"}, {"7!"}}));
}

TYPED_TEST(diff_apply_test, a_referenced_table_renamed_and_back_keeps_its_rows_and_references) {
  this->db.run(pc::create_tables<diff_v2::Label, diff_v2::Artist>());
  this->db.run(pc::raw<"INSERT INTO diff_label (name, rank) VALUES ('Blue Note', 3)">());
  this->db.run(pc::raw<"INSERT INTO diff_artist (name, label) VALUES ('Blakey', 1)">());
  const pc::schema_snapshot v4 = pc::snapshot_of(pc::schema<diff_v4::Record, diff_v4::Artist>{});
  const auto ops = pc::diff_schemas(v2, v4, {.renames = {{"diff_label", "diff_record"}}});
  pc::schema_snapshot state = v2;
  this->apply(ops, state);
  using row = std::tuple<std::string, std::string>;
  EXPECT_EQ(this->db.run(pc::raw<"SELECT a.name, r.name FROM diff_artist AS a JOIN diff_record AS r ON r.id = a.label", row>()),
            (std::vector<row>{{"Blakey", "Blue Note"}}));
  PICCOLO_EXPECT_ERROR(this->db.run(pc::raw<"INSERT INTO diff_artist (name, label) VALUES ('Nobody', 99)">()),
                       pc::errc::foreign_key_violation);
  this->apply(pc::reverse(ops), state);
  EXPECT_EQ(state, v2);
  EXPECT_EQ(this->db.run(pc::raw<"SELECT a.name, l.name FROM diff_artist AS a JOIN diff_label AS l ON l.id = a.label", row>()),
            (std::vector<row>{{"Blakey", "Blue Note"}}));
}

}  // namespace
}  // namespace piccolo_test
