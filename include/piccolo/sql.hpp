#pragma once
#include <piccolo/sql/aggregate.hpp>
#include <piccolo/sql/alias.hpp>
#include <piccolo/sql/column.hpp>
#include <piccolo/sql/expression.hpp>
#include <piccolo/sql/functions.hpp>
#include <piccolo/sql/operators.hpp>
#include <piccolo/sql/raw_fragment.hpp>
