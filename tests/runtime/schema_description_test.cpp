// The schema as data: pc::schema<...> iterated at run time matches what create_tables()
// makes on each engine; snapshots go to JSON text and back unchanged, in a fixed text.

#include <boost/json/parse.hpp>

#include <piccolo/migrate/snapshot.hpp>

#include "fixture.hpp"

namespace piccolo_test {
namespace {

template <class Engine>
class schema_description_test : public database_test<Engine> {};
TYPED_TEST_SUITE(schema_description_test, engines, engine_names);

using strings = std::vector<std::string>;
using example_schema = pc::schema<Ticket, Concert, Venue, Band, Manager>;

TEST(schema_description, schema_lists_tables_in_dependency_order_and_columns_in_declaration_order) {
  strings tables;
  for (const pc::table_description& table : example_schema::tables) tables.emplace_back(table.name);
  EXPECT_EQ(tables, (strings{"venue", "manager", "band", "concert", "ticket"}));

  strings columns;
  for (const pc::column_description& column : example_schema::table("band")->columns)
    columns.push_back(std::string(column.name) + " " + std::string(column.postgres_type) +
                      (column.nullable ? " NULL" : "") + (column.has_default() ? " = " + std::string(column.postgres_default) : ""));
  EXPECT_EQ(columns, (strings{"id SERIAL", "name VARCHAR(50)", "manager INTEGER NULL", "popularity INTEGER = 0",
                              "website TEXT NULL"}));
}

TYPED_TEST(schema_description_test, every_described_table_and_index_exists_after_create_tables) {
  this->db.run(pc::create_tables<Ticket, Concert, Venue, Band, Manager>());
  strings described_tables;
  for (const pc::table_description& table : example_schema::tables) {
    described_tables.emplace_back(table.name);
    strings indexes;
    for (const pc::index_description& index : table.indexes) indexes.emplace_back(index.name);
    strings live_indexes = TypeParam::index_names(this->db, table.name);
    for (const std::string& index : indexes)
      EXPECT_NE(std::find(live_indexes.begin(), live_indexes.end(), index), live_indexes.end()) << index;
  }
  strings live_tables = TypeParam::table_names(this->db);
  std::sort(live_tables.begin(), live_tables.end());
  std::sort(described_tables.begin(), described_tables.end());
  EXPECT_EQ(live_tables, described_tables);
}

TEST(schema_description, snapshot_survives_json_text_round_trip) {
  const pc::schema_snapshot snapshot = pc::snapshot_of(pc::schema<Ticket, Concert, Venue, Band, Manager, Membership, Country>{});
  const pc::schema_snapshot read = pc::snapshot_from_json(boost::json::parse(pc::snapshot_text(snapshot)));
  EXPECT_EQ(read, snapshot);
  EXPECT_EQ(pc::snapshot_text(read), pc::snapshot_text(snapshot));
  ASSERT_EQ(read.tables.size(), 7u);
  EXPECT_EQ(read.tables[0].name, "venue");
}

TEST(schema_description, snapshot_text_of_a_small_schema_is_exact) {
  EXPECT_EQ(pc::snapshot_text(pc::snapshot_of(pc::schema<Band, Manager>{})), R"json({
  "format": 2,
  "tables": [
    {
      "name": "manager",
      "columns": [
        {
          "name": "id",
          "sqlite_type": "INTEGER",
          "postgres_type": "SERIAL",
          "nullable": false,
          "primary_key": true,
          "serial": true,
          "unique": false,
          "default_kind": "none",
          "sqlite_default": null,
          "postgres_default": null,
          "foreign_key": null
        },
        {
          "name": "name",
          "sqlite_type": "VARCHAR(50)",
          "postgres_type": "VARCHAR(50)",
          "nullable": false,
          "primary_key": false,
          "serial": false,
          "unique": false,
          "default_kind": "none",
          "sqlite_default": null,
          "postgres_default": null,
          "foreign_key": null
        }
      ],
      "primary_key": ["id"],
      "unique_constraints": [],
      "indexes": []
    },
    {
      "name": "band",
      "columns": [
        {
          "name": "id",
          "sqlite_type": "INTEGER",
          "postgres_type": "SERIAL",
          "nullable": false,
          "primary_key": true,
          "serial": true,
          "unique": false,
          "default_kind": "none",
          "sqlite_default": null,
          "postgres_default": null,
          "foreign_key": null
        },
        {
          "name": "name",
          "sqlite_type": "VARCHAR(50)",
          "postgres_type": "VARCHAR(50)",
          "nullable": false,
          "primary_key": false,
          "serial": false,
          "unique": true,
          "default_kind": "none",
          "sqlite_default": null,
          "postgres_default": null,
          "foreign_key": null
        },
        {
          "name": "manager",
          "sqlite_type": "INTEGER",
          "postgres_type": "INTEGER",
          "nullable": true,
          "primary_key": false,
          "serial": false,
          "unique": false,
          "default_kind": "none",
          "sqlite_default": null,
          "postgres_default": null,
          "foreign_key": {
            "table": "manager",
            "column": "id",
            "on_delete": "set_null",
            "on_update": "cascade"
          }
        },
        {
          "name": "popularity",
          "sqlite_type": "INTEGER",
          "postgres_type": "INTEGER",
          "nullable": false,
          "primary_key": false,
          "serial": false,
          "unique": false,
          "default_kind": "literal",
          "sqlite_default": "0",
          "postgres_default": "0",
          "foreign_key": null
        },
        {
          "name": "website",
          "sqlite_type": "TEXT",
          "postgres_type": "TEXT",
          "nullable": true,
          "primary_key": false,
          "serial": false,
          "unique": false,
          "default_kind": "none",
          "sqlite_default": null,
          "postgres_default": null,
          "foreign_key": null
        }
      ],
      "primary_key": ["id"],
      "unique_constraints": [],
      "indexes": [
        {
          "name": "ix$band$popularity",
          "columns": ["popularity"],
          "method": "btree",
          "unique": false
        }
      ]
    }
  ]
}
)json");
}

TEST(schema_description, snapshot_with_a_missing_member_is_an_error_naming_it) {
  boost::json::value json = pc::snapshot_to_json(pc::snapshot_of(pc::schema<Manager>{}));
  json.at("tables").at(0).as_object().erase("primary_key");
  try {
    (void)pc::snapshot_from_json(json);
    ADD_FAILURE() << "no error";
  } catch (const pc::error& e) {
    EXPECT_EQ(e.value(), pc::errc::type_mismatch);
    EXPECT_EQ(e.engine_message(), "schema snapshot: missing \"primary_key\"");
  }
}

TEST(schema_description, snapshot_of_another_format_is_refused) {
  boost::json::value json = pc::snapshot_to_json(pc::snapshot_of(pc::schema<Manager>{}));
  json.as_object()["format"] = 3;
  EXPECT_THROW((void)pc::snapshot_from_json(json), pc::error);
}

// Format 1 had no "default_kind": its defaults were member initializers (literals).
TEST(schema_description, snapshot_of_format_1_reads_defaults_as_literals) {
  const pc::schema_snapshot snapshot = pc::snapshot_of(pc::schema<Band, Manager>{});
  boost::json::value json = pc::snapshot_to_json(snapshot);
  json.as_object()["format"] = 1;
  for (boost::json::value& table : json.as_object()["tables"].as_array())
    for (boost::json::value& column : table.as_object()["columns"].as_array()) column.as_object().erase("default_kind");
  EXPECT_EQ(pc::snapshot_from_json(json), snapshot);
}

}  // namespace
}  // namespace piccolo_test
