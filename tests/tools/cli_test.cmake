# The piccolo command as a process, run by CTest (tools/CMakeLists.txt):
#   cmake -DPICCOLO=<piccolo> -DCREATE=<piccolo_tools_create_schema> -DCOMPILER=<c++>
#         -DFLAGS=<a|b|c> -DSOURCE_DIR=<tests/tools> -DWORK=<dir> -DCASE=<case> -P cli_test.cmake
# Cases: usage, bad_db, graph, shell_missing, foreign_sqlite, roundtrip_sqlite, roundtrip_postgres (skipped,
# printing PICCOLO_TEST_SKIPPED, when PICCOLO_PG_CONNINFO is unset).
cmake_minimum_required(VERSION 3.20)

set(_work ${WORK}/${CASE})
file(REMOVE_RECURSE ${_work})
file(MAKE_DIRECTORY ${_work})

# run(<expected exit code> <stdout regex> <stderr regex> ARGS...): piccolo with ARGS, PICCOLO_DB unset.
function(run expected_code out_regex err_regex)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=PICCOLO_DB ${PICCOLO} ${ARGN}
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code STREQUAL "${expected_code}" OR NOT out MATCHES "${out_regex}" OR NOT err MATCHES "${err_regex}")
    message(FATAL_ERROR "piccolo ${ARGN}\n  exit ${code} (expected ${expected_code})\n  stdout:\n${out}\n"
                        "  stderr:\n${err}\n  expected stdout ~ ${out_regex}, stderr ~ ${err_regex}")
  endif()
  set(last_out "${out}" PARENT_SCOPE)
endfunction()

function(create db)
  execute_process(COMMAND ${CREATE} ${db} RESULT_VARIABLE code ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "creating the round-trip schema on ${db} failed: ${err}")
  endif()
endfunction()

# generate + compile: the generated structs describe the tables they were generated from.
function(round_trip db dialect tables)
  create(${db})
  set(header ${_work}/generated_${dialect}.hpp)
  run(0 "^$" "wrote ${tables} table\\(s\\)" schema generate --db ${db} -o ${header} --namespace generated)
  string(REPLACE "|" ";" flags "${FLAGS}")
  execute_process(COMMAND ${COMPILER} ${flags} "-DPICCOLO_GENERATED_HEADER=\"${header}\""
                          -DPICCOLO_ROUNDTRIP_DIALECT=${dialect} ${SOURCE_DIR}/roundtrip_check.cpp
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    file(READ ${header} text)
    message(FATAL_ERROR "the header generated from ${dialect} does not describe the original tables:\n${err}\n"
                        "the header:\n${text}")
  endif()
endfunction()

if(CASE STREQUAL "usage")
  run(2 "" "A subcommand is required|subcommand")
  run(2 "" "no database given; pass --db" schema generate)
  run(2 "" "no database given" schema graph)
  run(2 "" "no database given" sql-shell)
  run(2 "" "bogus" schema generate --db x.sqlite --bogus)
  run(0 "schema generate|generate" "" schema --help)
elseif(CASE STREQUAL "bad_db")
  run(1 "^$" "no SQLite database at \"${_work}/missing.sqlite\"" schema generate --db ${_work}/missing.sqlite)
  run(1 "^$" "no SQLite database at" schema graph --db ${_work}/missing.sqlite)
  run(1 "^$" "piccolo: PostgreSQL database \"host=127.0.0.1 port=1 dbname=none connect_timeout=2\": "
      schema generate --db "host=127.0.0.1 port=1 dbname=none connect_timeout=2")
elseif(CASE STREQUAL "graph")
  create(${_work}/graph.sqlite)
  # --db from the environment
  execute_process(COMMAND ${CMAKE_COMMAND} -E env PICCOLO_DB=${_work}/graph.sqlite ${PICCOLO} schema graph
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  foreach(expected "^digraph schema {\n" "\n  \"band\":\"manager\" -> \"manager\" \\[label=\"manager\"\\];\n"
                   "\n  \"Studio Sessions\":\"band\" -> \"band\"" "\\|<first name> first name : TEXT\\\\l")
    if(NOT code EQUAL 0 OR NOT out MATCHES "${expected}")
      message(FATAL_ERROR "schema graph: exit ${code}, stdout does not match ${expected}:\n${out}\n${err}")
    endif()
  endforeach()
elseif(CASE STREQUAL "shell_missing")
  create(${_work}/shell.sqlite)
  # no sqlite3 on an empty PATH: a clear message and 127
  execute_process(COMMAND ${CMAKE_COMMAND} -E env PATH=${_work} ${PICCOLO} sql-shell --db ${_work}/shell.sqlite
                  RESULT_VARIABLE code ERROR_VARIABLE err)
  if(NOT code EQUAL 127 OR NOT err MATCHES "cannot start sqlite3: No such file or directory; install the sqlite3 shell")
    message(FATAL_ERROR "sql-shell without sqlite3: exit ${code}\n${err}")
  endif()
  # with it: the shell runs on the database
  find_program(_sqlite3 sqlite3)
  if(_sqlite3)
    file(WRITE ${_work}/input.sql "SELECT count(*) FROM sqlite_master WHERE type = 'table';\n")
    execute_process(COMMAND ${PICCOLO} sql-shell --db ${_work}/shell.sqlite INPUT_FILE ${_work}/input.sql
                    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT code EQUAL 0 OR NOT out STREQUAL "6\n")
      message(FATAL_ERROR "sql-shell on SQLite: exit ${code}, stdout '${out}', stderr ${err}")
    endif()
  endif()
elseif(CASE STREQUAL "foreign_sqlite")
  # a database piccolo did not create: what has no exact form becomes a warning, and the
  # header still compiles; a cycle of foreign keys is an error
  find_program(_sqlite3 sqlite3)
  if(NOT _sqlite3)
    message("PICCOLO_TEST_SKIPPED: no sqlite3 shell to create the database with")
    return()
  endif()
  file(WRITE ${_work}/foreign.sql [=[
CREATE TABLE "Person" (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, shape GEOMETRY, "class" TEXT NOT NULL,
                       score INTEGER DEFAULT 7, born DATE DEFAULT '2000-01-01');
CREATE TABLE pet (id INTEGER PRIMARY KEY, owner_email TEXT REFERENCES "Person" (email),
                  owner INTEGER REFERENCES "Person" (id) ON DELETE SET NULL);
CREATE UNIQUE INDEX pet_owner ON pet (owner);
]=])
  file(WRITE ${_work}/cycle.sql "CREATE TABLE a (id INTEGER PRIMARY KEY, b INTEGER REFERENCES b (id));\n"
                                 "CREATE TABLE b (id INTEGER PRIMARY KEY, a INTEGER REFERENCES a (id));\n")
  foreach(_db foreign cycle)
    execute_process(COMMAND ${_sqlite3} ${_work}/${_db}.sqlite INPUT_FILE ${_work}/${_db}.sql RESULT_VARIABLE code)
    if(NOT code EQUAL 0)
      message(FATAL_ERROR "sqlite3 could not create ${_db}.sqlite")
    endif()
  endforeach()
  run(0 "" "warning: Person.shape: piccolo has no C\\+\\+ type for GEOMETRY; read as text.*warning: Person.born: the default '2000-01-01' is kept as pc::default_sql.*warning: pet.owner_email: references Person \\(email\\), not its primary key.*warning: pet: the unique index pet_owner is left out"
      schema generate --db ${_work}/foreign.sqlite -o ${_work}/foreign.hpp)
  file(READ ${_work}/foreign.hpp header)
  foreach(expected "struct Person {\n  static constexpr std::string_view table_name = \"Person\";\n  pc::serial id;\n"
                   "  std::optional<std::string> shape;  // piccolo has no C++ type for GEOMETRY; read as text\n"
                   "  std::string class_;\n" "  std::optional<std::int32_t> score = 7;\n"
                   "pc::column_name<&Person::class_, \"class\">" "pc::unique<&Person::email>"
                   "pc::default_sql<&Person::born, \"'2000-01-01'\">"
                   "  std::optional<pc::foreign_key<Person>> owner;\n"
                   "pc::on_delete<&Pet::owner, pc::action::set_null>" "pc::on_update<&Pet::owner, pc::action::no_action>"
                   "using schema = pc::schema<Person, Pet>;")
    string(FIND "${header}" "${expected}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "the generated header lacks\n${expected}\nit is:\n${header}")
    endif()
  endforeach()
  file(WRITE ${_work}/foreign_check.cpp "#include \"${_work}/foreign.hpp\"\n"
             "static_assert(generated::schema::tables.size() == 2);\n"
             "static_assert(piccolo::describe<generated::Person>().columns[3].name == \"class\");\n")
  string(REPLACE "|" ";" flags "${FLAGS}")
  execute_process(COMMAND ${COMPILER} ${flags} ${_work}/foreign_check.cpp RESULT_VARIABLE code ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "the header generated from foreign.sqlite does not compile:\n${err}\n${header}")
  endif()
  run(1 "^$" "piccolo: the foreign keys of tables a, b form a cycle, which piccolo's schema<...> cannot declare"
      schema generate --db ${_work}/cycle.sqlite)
elseif(CASE STREQUAL "roundtrip_sqlite")
  round_trip(${_work}/roundtrip.sqlite sqlite 6)
elseif(CASE STREQUAL "roundtrip_postgres")
  if(NOT DEFINED ENV{PICCOLO_PG_CONNINFO} OR "$ENV{PICCOLO_PG_CONNINFO}" STREQUAL "")
    message("PICCOLO_TEST_SKIPPED: PICCOLO_PG_CONNINFO is not set")
    return()
  endif()
  round_trip("$ENV{PICCOLO_PG_CONNINFO}" postgres 7)
else()
  message(FATAL_ERROR "cli_test.cmake: unknown CASE ${CASE}")
endif()
