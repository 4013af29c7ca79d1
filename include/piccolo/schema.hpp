#pragma once
#include <piccolo/schema/ddl.hpp>
#include <piccolo/schema/options.hpp>
#include <piccolo/schema/table.hpp>
#include <piccolo/schema/types.hpp>
#include <piccolo/schema/value_traits.hpp>
