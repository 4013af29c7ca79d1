# Compile-fail test driver, run by CTest as
#   cmake -DCOMPILER=<c++> -DCOMPILER_ID=<GNU|Clang> -DFLAGS=<a|b|c> -DSOURCE=<file.cpp>
#         -DMODE=fail -DCASE=<CASE_NAME> -DEXPECT=<regex> -P expect_failure.cmake
#   cmake ... -DMODE=clean -P expect_failure.cmake
#
# MODE=fail : compiles SOURCE with -D<CASE>. Passes only if the compiler fails AND its
#             output matches EXPECT. CTest additionally checks PASS_REGULAR_EXPRESSION
#             (= EXPECT) and FAIL_REGULAR_EXPRESSION (the PICCOLO_* markers below).
# MODE=clean: compiles SOURCE with no case defined. Passes only if the compiler succeeds.
#
# Also prints on which line of the compiler's output the first `piccolo:` appears.

cmake_minimum_required(VERSION 3.20)

foreach(_v COMPILER SOURCE MODE)
  if(NOT DEFINED ${_v})
    message(FATAL_ERROR "expect_failure.cmake: -D${_v}=... is required")
  endif()
endforeach()
if(NOT DEFINED COMPILER_ID)
  set(COMPILER_ID "compiler")
endif()

string(REPLACE "|" ";" _flags "${FLAGS}")
set(_cmd ${COMPILER} ${_flags})
if(MODE STREQUAL "fail")
  if(NOT DEFINED CASE OR CASE STREQUAL "")
    message(FATAL_ERROR "expect_failure.cmake: MODE=fail needs -DCASE=...")
  endif()
  list(APPEND _cmd -D${CASE})
elseif(NOT MODE STREQUAL "clean")
  message(FATAL_ERROR "expect_failure.cmake: MODE must be fail or clean, not '${MODE}'")
endif()
list(APPEND _cmd ${SOURCE})

execute_process(COMMAND ${_cmd}
                RESULT_VARIABLE _rc
                OUTPUT_VARIABLE _out
                ERROR_VARIABLE _out)

# Line (1-based) of the first `piccolo: ` message in the compiler output (not the
# `piccolo::` of a qualified name, not a path ending in piccolo).
string(REPLACE ";" "\\;" _escaped "${_out}")
string(REPLACE "\n" ";" _lines "${_escaped}")
list(LENGTH _lines _nlines)
set(_first 0)
set(_i 0)
foreach(_l IN LISTS _lines)
  math(EXPR _i "${_i} + 1")
  if(_l MATCHES "(^|[ \t\"'`])piccolo: ")
    set(_first ${_i})
    break()
  endif()
endforeach()

string(REPLACE ";" " " _cmd_text "${_cmd}")
message("---- compiler (${COMPILER_ID}) exit code ${_rc}, command:\n${_cmd_text}\n---- output (${_nlines} lines):")
message("${_out}")
message("----")
if(_first GREATER 0)
  message("first 'piccolo:' message on line ${_first} of ${COMPILER_ID}'s output")
else()
  message("no 'piccolo:' message in ${COMPILER_ID}'s output")
endif()

if(MODE STREQUAL "clean")
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "the file must compile when no case macro is defined (exit code ${_rc})")
  endif()
  message("compiled cleanly, as required")
  return()
endif()

if(_rc EQUAL 0)
  message(FATAL_ERROR "PICCOLO_UNEXPECTEDLY_COMPILED: case ${CASE} compiled, but it must fail")
endif()
if(DEFINED EXPECT AND NOT EXPECT STREQUAL "" AND NOT _out MATCHES "${EXPECT}")
  message(FATAL_ERROR "PICCOLO_EXPECTED_MESSAGE_MISSING: the compiler failed, but not with the expected message")
endif()
message("failed as expected (case ${CASE})")
