#pragma once
// Schema changes as queries: pc::alter<T>().add_column(c<&T::member>), drop_column<"x">(),
// rename_column<"old">(c), rename_from<"old">(), set_not_null / drop_not_null,
// set_default / drop_default, change_type(c).using_sql<"...">(), add_unique / drop_unique,
// create_index / drop_index, add_foreign_key / drop_foreign_key. See docs/alter.md.

#include <piccolo/query/alter.hpp>
