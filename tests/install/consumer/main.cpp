// Consumes an installed piccolo through find_package(piccolo) and piccolo::sqlite.
#include <piccolo/sqlite.hpp>

#include <string>

struct Item {
  piccolo::serial id;
  std::string name;
};

int main() {
  piccolo::sqlite::database db{":memory:"};
  db.run(piccolo::create_table<Item>());
  db.run(piccolo::insert(Item{.name = "x"}));
  return db.run(piccolo::count<Item>()) == 1 ? 0 : 1;
}
