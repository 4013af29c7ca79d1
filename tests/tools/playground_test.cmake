# `piccolo playground` as a process, run by CTest (tools/CMakeLists.txt):
#   cmake -DPICCOLO=<piccolo> -DWORK=<dir> -DCASE=<case> -P playground_test.cmake
# Cases: sqlite, postgres (skipped, printing PICCOLO_TEST_SKIPPED, when PICCOLO_PG_CONNINFO
# is unset or psql is missing; it works in a schema piccolo_playground_test of its own).
cmake_minimum_required(VERSION 3.20)

set(_work ${WORK}/playground_${CASE})
file(REMOVE_RECURSE ${_work})
file(MAKE_DIRECTORY ${_work})

# run(<expected exit code> <stdout regex> <stderr regex> ARGS...): piccolo with ARGS,
# PICCOLO_DB set to a database the playground must leave alone. Sets last_out.
function(run expected_code out_regex err_regex)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env PICCOLO_DB=${_work}/not_this.sqlite ${PICCOLO} ${ARGN}
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code STREQUAL "${expected_code}" OR NOT out MATCHES "${out_regex}" OR NOT err MATCHES "${err_regex}")
    message(FATAL_ERROR "piccolo ${ARGN}\n  exit ${code} (expected ${expected_code})\n  stdout:\n${out}\n"
                        "  stderr:\n${err}\n  expected stdout ~ ${out_regex}, stderr ~ ${err_regex}")
  endif()
  set(last_out "${out}" PARENT_SCOPE)
endfunction()

set(_rows "\n  manager 3, band 3, venue 2, concert 2, ticket 5 rows\n")

# On a database it was named: refuses the example's tables that exist, unless --replace.
function(named db engine)
  run(0 "^piccolo playground: the example schema with data in ${engine} database [^\n]*${_rows}\nTry:\n  piccolo sql-shell --db "
      "" playground --db ${db} --replace)
  run(1 "^$" "piccolo playground: the database \"[^\n]*\" already has tables of the example [^\n]*pass --replace"
      playground --db ${db})
  run(0 "${_rows}" "" playground --db ${db} --replace)
  # the graph of what it made
  execute_process(COMMAND ${PICCOLO} schema graph --db ${db} RESULT_VARIABLE code OUTPUT_VARIABLE out)
  if(NOT code EQUAL 0 OR NOT out MATCHES "\"ticket\":\"concert\" -> \"concert\"")
    message(FATAL_ERROR "schema graph of the playground: exit ${code}\n${out}")
  endif()
endfunction()

# The migration tour: the example schema as migrations, forwards, a change, a refused and
# then a named rename, backwards; the rows kept throughout.
function(migration_tour db engine)
  run(0 "^piccolo playground: the migration tour, its files in [^\n]*\n\n1\\. The example schema[^\n]*\n[^\n]*\n   created [0-9T]+\\.json \\(the example schema\\)\n     create table manager\n"
      "" playground --migrations --db ${db} --replace)
  foreach(expected
      "   manager 3, band 3, venue 2, concert 2, ticket 5 rows\n   check: up to date\n"
      "   drift: band\\.founded: column is missing \\(expected INTEGER\\)\n"
      "     add column band\\.founded\n   forwards [0-9T]+ band founded \\.\\.\\. [0-9]+ ms\n     ALTER TABLE \"band\" ADD COLUMN \"founded\" INTEGER\n"
      "   refused: column band\\.founded disappears while band\\.formed [^\n]*--rename band\\.founded=formed"
      "     rename column band\\.founded to formed\n"
      "   band: 3 rows kept\n"
      "   backwards [0-9T]+ band formed \\.\\.\\. [0-9]+ ms\n"
      "   applied  [0-9T]+  the example schema\n   pending  [0-9T]+  band founded\n   pending  [0-9T]+  band formed\n"
      "   band: 3 rows kept; the schema is the example's again: verified\n"
      "in ${engine} database [^\n]*\n  manager 3, band 3, venue 2, concert 2, ticket 5 rows\n")
    if(NOT last_out MATCHES "${expected}")
      message(FATAL_ERROR "piccolo playground --migrations: no \"${expected}\" in\n${last_out}")
    endif()
  endforeach()
  # the tables exist now: without --replace it refuses
  run(1 "^$" "already has tables of the example" playground --migrations --db ${db})
endfunction()

if(CASE STREQUAL "sqlite")
  # by default a new file in the temp directory, never PICCOLO_DB's
  run(0 "^piccolo playground: the example schema with data in SQLite database ([^\n]*piccolo-playground-[^\n]*\\.sqlite)${_rows}"
      "" playground)
  string(REGEX MATCH "SQLite database ([^\n]*)\n" _ "${last_out}")
  set(first ${CMAKE_MATCH_1})
  run(0 "It is a scratch file: remove " "" playground)
  string(REGEX MATCH "SQLite database ([^\n]*)\n" _ "${last_out}")
  set(second ${CMAKE_MATCH_1})
  if(first STREQUAL second OR NOT EXISTS ${first} OR NOT EXISTS ${second})
    message(FATAL_ERROR "two playgrounds: ${first} and ${second}")
  endif()
  file(REMOVE ${first} ${second})
  if(EXISTS ${_work}/not_this.sqlite)
    message(FATAL_ERROR "the playground used PICCOLO_DB")
  endif()
  named(${_work}/mine.sqlite SQLite)
  migration_tour(${_work}/tour.sqlite SQLite)
  run(1 "^$" "piccolo playground: \"${_work}/no/such/dir.sqlite\": " playground --db ${_work}/no/such/dir.sqlite)
  run(2 "" "bogus" playground --bogus)
  run(2 "" "--db: 1 required TEXT missing" playground --db=)  # an empty --db is no database
elseif(CASE STREQUAL "postgres")
  if(NOT DEFINED ENV{PICCOLO_PG_CONNINFO} OR "$ENV{PICCOLO_PG_CONNINFO}" STREQUAL "")
    message("PICCOLO_TEST_SKIPPED: PICCOLO_PG_CONNINFO is not set")
    return()
  endif()
  # a schema of its own (psql makes it): other tests' tables in that database reference
  # band, and the playground rightly refuses to drop a table others depend on
  find_program(_psql psql)
  set(_conninfo "$ENV{PICCOLO_PG_CONNINFO}")
  if(NOT _psql OR _conninfo MATCHES "://")
    message("PICCOLO_TEST_SKIPPED: needs psql and a key=value PICCOLO_PG_CONNINFO")
    return()
  endif()
  execute_process(COMMAND ${_psql} ${_conninfo} -q -v ON_ERROR_STOP=1
                          -c "DROP SCHEMA IF EXISTS piccolo_playground_test CASCADE" -c "CREATE SCHEMA piccolo_playground_test"
                  RESULT_VARIABLE code ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "psql could not create the schema piccolo_playground_test: ${err}")
  endif()
  set(_db "${_conninfo} options='-csearch_path=piccolo_playground_test'")
  named("${_db}" PostgreSQL)
  migration_tour("${_db}" PostgreSQL)
  # the commands it prints quote the conninfo for a shell: copied, they name the same database
  run(0 "\n  piccolo schema generate --db ('[^\n]*')    the C\\+\\+ structs" "" playground --db ${_db} --replace)
  string(REGEX MATCH "generate --db ('[^\n]*')    the" _ "${last_out}")
  execute_process(COMMAND sh -c "printf %s ${CMAKE_MATCH_1}" OUTPUT_VARIABLE unquoted)
  if(NOT unquoted STREQUAL _db)
    message(FATAL_ERROR "the playground quoted \"${_db}\" as ${CMAKE_MATCH_1}, which a shell reads as \"${unquoted}\"")
  endif()
  execute_process(COMMAND ${_psql} ${_conninfo} -q -c "DROP SCHEMA piccolo_playground_test CASCADE")
else()
  message(FATAL_ERROR "playground_test.cmake: unknown CASE ${CASE}")
endif()
