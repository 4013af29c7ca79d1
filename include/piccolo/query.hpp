#pragma once
#include <piccolo/query/create_table.hpp>
#include <piccolo/query/delete.hpp>
#include <piccolo/query/insert.hpp>
#include <piccolo/query/raw.hpp>
#include <piccolo/query/result.hpp>
#include <piccolo/query/select.hpp>
#include <piccolo/query/update.hpp>
