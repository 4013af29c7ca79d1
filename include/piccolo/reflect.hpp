#pragma once
#include <piccolo/reflect/enum.hpp>
#include <piccolo/reflect/fields.hpp>
#include <piccolo/reflect/member.hpp>
