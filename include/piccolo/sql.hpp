#pragma once
#include <piccolo/sql/column.hpp>
#include <piccolo/sql/expression.hpp>
#include <piccolo/sql/operators.hpp>
