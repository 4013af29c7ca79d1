# pc::cli::main as a process, run by CTest (tools/CMakeLists.txt): a user's program
# (migrate_app.cpp) at schema versions 1, 2 and 3 makes, applies, checks and reverses its
# migrations.
#   cmake -DAPP1=<v1> -DAPP2=<v2> -DAPP3=<v3> -DWORK=<dir> -DCASE=<case> -P migrate_test.cmake
# Cases: usage, bad_db, cycle_sqlite, cycle_postgres (skipped, printing PICCOLO_TEST_SKIPPED,
# when PICCOLO_PG_CONNINFO is unset; it drops manager, band, venue and piccolo_migration there).
cmake_minimum_required(VERSION 3.20)

set(_work ${WORK}/migrate_${CASE})
file(REMOVE_RECURSE ${_work})
file(MAKE_DIRECTORY ${_work})
set(_dir ${_work}/migrations)
# stdin of every run: not a terminal, so the tool never waits for an answer
set(_no_input ${_work}/no_input.txt)
file(WRITE ${_no_input} "")

# run(<app> <expected exit code> <stdout regex> <stderr regex> ARGS...): the app with ARGS,
# PICCOLO_DB unset, stdin from ${input} (default: empty). Sets last_out.
function(run app expected_code out_regex err_regex)
  if(NOT DEFINED input)
    set(input ${_no_input})
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=PICCOLO_DB ${environment} ${app} ${ARGN}
                  INPUT_FILE ${input} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code STREQUAL "${expected_code}" OR NOT out MATCHES "${out_regex}" OR NOT err MATCHES "${err_regex}")
    get_filename_component(name ${app} NAME)
    message(FATAL_ERROR "${name} ${ARGN}\n  exit ${code} (expected ${expected_code})\n  stdout:\n${out}\n"
                        "  stderr:\n${err}\n  expected stdout ~ ${out_regex}, stderr ~ ${err_regex}")
  endif()
  set(last_out "${out}" PARENT_SCOPE)
endfunction()

# The ids of the migration files, in order.
function(migration_ids out_var)
  file(GLOB files RELATIVE ${_dir} ${_dir}/*.json)
  list(SORT files)
  list(TRANSFORM files REPLACE "\\.json$" "")
  set(${out_var} ${files} PARENT_SCOPE)
endfunction()

function(expect_ids count)
  migration_ids(ids)
  list(LENGTH ids n)
  if(NOT n EQUAL count)
    message(FATAL_ERROR "expected ${count} migration file(s) in ${_dir}, found: ${ids}")
  endif()
endfunction()

function(expect_bands db count)
  run(${APP3} 0 "^${count}\n$" "" count-bands --db ${db})
endfunction()

set(_ms "([0-9]+|<1) ms")

# The whole cycle on one database; engine: sqlite or postgres.
function(cycle db engine)
  set(on --db ${db} --migrations ${_dir})
  run(${APP1} 0 "" "" reset --db ${db})

  # v1: the first migration, from nothing
  run(${APP1} 0 "^created [^\n]*migrations/[0-9]+T[0-9]+\\.json \\(create table manager, create table band\\)\n  create table manager\n  create table band\nreview it" ""
      migrations new --auto --migrations ${_dir})
  expect_ids(1)
  migration_ids(ids)
  list(GET ids 0 first)
  run(${APP1} 0 "^nothing changed: " "" migrations new --auto --migrations ${_dir})
  expect_ids(1)
  run(${APP1} 1 "^pending: ${first} create table manager, create table band\ndrift: manager: table is missing\ndrift: band: table is missing\n$"
      "1 migration\\(s\\) pending: run `piccolo_tools_migrate_app_v1 migrations forwards`" migrations check ${on})
  run(${APP1} 0 "^forwards ${first} create table manager, create table band \\.\\.\\. ${_ms}\n$" "" migrations forwards ${on})
  run(${APP1} 0 "^up to date: 1 migration\\(s\\) applied" "" migrations check ${on})
  run(${APP1} 0 "^schema verified: 2 table\\(s\\) match" "" schema verify ${on})
  run(${APP1} 0 "^nothing to apply" "" migrations forwards ${on})
  run(${APP1} 0 "" "" insert-band Pythonistas --db ${db})

  # v2: the structs changed, no migration yet: drift; --desc names it
  run(${APP2} 1 "^drift: band.website: column is missing \\(expected TEXT\\)\ndrift: venue: table is missing\n$"
      "the database differs from the compiled schema: if the structs changed, run `piccolo_tools_migrate_app_v2 migrations new --auto`"
      migrations check ${on})
  run(${APP2} 1 "band.website: column is missing" "" schema verify ${on})
  run(${APP2} 0 "\\(add website and venue\\)\n  create table venue\n  add column band.website\n" ""
      migrations new --auto --desc "add website and venue" --migrations ${_dir})
  expect_ids(2)
  migration_ids(ids)
  list(GET ids 1 second)
  run(${APP2} 1 "^pending: ${second} add website and venue\ndrift: " "pending" migrations check ${on})
  # --preview prints the SQL and changes nothing
  run(${APP2} 0 "^-- forwards ${second} add website and venue\nCREATE TABLE \"venue\" [^\n]*;\nALTER TABLE \"band\" ADD COLUMN \"website\" TEXT;\npreview: nothing was run\n$"
      "" migrations forwards --preview ${on})
  run(${APP2} 1 "^pending: ${second} add website and venue\n" "" migrations check ${on})
  run(${APP2} 0 "^forwards ${second} add website and venue \\.\\.\\. ${_ms}\n$" "" migrations forwards ${on})
  run(${APP2} 0 "^up to date: 2 migration" "" migrations check ${on})
  expect_bands(${db} 1)

  # v3: a rename is never guessed; without a terminal the tool refuses and names the flag
  run(${APP3} 1 "^$" "column band.website disappears while band.homepage of the same type appears: if it was renamed, say so \\(--rename band.website=homepage\\)"
      migrations new --auto --migrations ${_dir})
  expect_ids(2)
  # asked (as on a terminal): "n" refuses the same way, "y" makes the rename
  set(environment MIGRATE_APP_INTERACTIVE=1)
  file(WRITE ${_work}/no.txt "n\n")
  set(input ${_work}/no.txt)
  run(${APP3} 1 "^is band.website renamed to band.homepage\\? \\[y/N\\] $" "--rename band.website=homepage"
      migrations new --auto --migrations ${_dir})
  expect_ids(2)
  file(WRITE ${_work}/yes.txt "y\n")
  set(input ${_work}/yes.txt)
  run(${APP3} 0 "^is band.website renamed to band.homepage\\? \\[y/N\\] created [^\n]*\\(rename column band.website to homepage\\)\n"
      "" migrations new --auto --migrations ${_dir})
  expect_ids(3)
  file(GLOB asked ${_dir}/*.json)
  list(SORT asked)
  list(GET asked 2 asked)
  file(REMOVE ${asked})
  unset(environment)
  unset(input)
  # the flag, as a script passes it
  run(${APP3} 0 "\\(rename column band.website to homepage\\)\n  rename column band.website to homepage\n" ""
      migrations new --auto --rename band.website=homepage --migrations ${_dir})
  expect_ids(3)
  migration_ids(ids)
  list(GET ids 2 third)
  run(${APP3} 0 "^forwards ${third} rename column band.website to homepage \\.\\.\\. ${_ms}\n$" "" migrations forwards ${on})
  run(${APP3} 0 "^schema verified: 3 table" "" schema verify ${on})
  # an older program: its diff drops a table and a column, which needs --allow-drop
  run(${APP1} 1 "^$" "cannot make the migration: dropping table venue loses its rows: pass --allow-drop .*\n  then run `piccolo_tools_migrate_app_v1 migrations new --auto` again with that flag"
      migrations new --auto --migrations ${_dir})
  expect_ids(3)
  run(${APP1} 0 "\n  drop column band.homepage\n  drop table venue\n|\n  drop table venue\n  drop column band.homepage\n" ""
      migrations new --auto --allow-drop --migrations ${_dir})
  expect_ids(4)
  migration_ids(ids)
  list(GET ids 3 dropping)
  file(REMOVE ${_dir}/${dropping}.json)
  expect_bands(${db} 1)
  run(${APP3} 0 "^applied  ${first}  [^\n]*\napplied  ${second}  add website and venue  \\([^)]+\\)\napplied  ${third}  " ""
      migrations list ${on})
  # the options before the subcommand, and the database from PICCOLO_DB
  run(${APP3} 0 "^applied  ${first}  [^\n]*\napplied  ${second}  [^\n]*\napplied  ${third}  " ""
      --db ${db} --migrations ${_dir} migrations list)
  set(environment "PICCOLO_DB=${db}")
  run(${APP3} 0 "^up to date: 3 migration" "" migrations check --migrations ${_dir})
  unset(environment)

  # a migration that fails: its line ends, stderr names it, the ones before stay applied
  run(${APP3} 0 "" "" migrations new --desc broken --migrations ${_dir})
  file(GLOB broken_files ${_dir}/*.sql)
  list(FILTER broken_files INCLUDE REGEX "\\.up\\.sql$")
  get_filename_component(broken ${broken_files} NAME)
  string(REPLACE ".up.sql" "" broken ${broken})
  file(WRITE ${_dir}/${broken}.up.sql "-- broken\nCREATE TABLE broken_step (id INTEGER PRIMARY KEY);\nSELECT * FROM no_such_table;\n")
  file(WRITE ${_dir}/${broken}.down.sql "DROP TABLE broken_step;\n")
  run(${APP3} 1 "^forwards ${broken} broken \\.\\.\\.\n$" "${broken}.*no_such_table.*fix the migration" migrations forwards ${on})
  run(${APP3} 0 "applied  ${third}  [^\n]*\npending  ${broken}  broken\n$" "" migrations list ${on})
  if(engine STREQUAL "postgres")
    # the connection lost inside the migration (its own backend killed): the same, and stderr says so
    file(WRITE ${_dir}/${broken}.up.sql "-- broken\nCREATE TABLE broken_step (id INTEGER PRIMARY KEY);\nSELECT pg_terminate_backend(pg_backend_pid());\n")
    run(${APP3} 1 "^forwards ${broken} broken \\.\\.\\.\n$" "${broken} failed, nothing of it was applied: .*the connection to the database was lost during it"
        migrations forwards ${on})
    run(${APP3} 0 "applied  ${third}  [^\n]*\npending  ${broken}  broken\n$" "" migrations list ${on})
  endif()
  file(REMOVE ${_dir}/${broken}.up.sql ${_dir}/${broken}.down.sql)

  # the migrating process killed (SIGKILL) in the middle of a migration: nothing of it
  # stays (the server rolls back when the backend sees its client gone, SQLite's journal
  # on the next open), the history does not list it, and the next run applies it (on
  # PostgreSQL after waiting for the dead process's transaction to end)
  run(${APP3} 0 "" "" migrations new --desc slow --migrations ${_dir})
  file(GLOB slow_files ${_dir}/*.up.sql)
  get_filename_component(slow ${slow_files} NAME)
  string(REPLACE ".up.sql" "" slow ${slow})
  if(engine STREQUAL "postgres")
    set(slow_statement "SELECT pg_sleep(3)")
  else()
    set(slow_statement "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 2000000000) SELECT count(*) FROM r")
  endif()
  file(WRITE ${_dir}/${slow}.up.sql "-- slow\nCREATE TABLE slow_step (id INTEGER PRIMARY KEY);\nINSERT INTO slow_step VALUES (1);\n${slow_statement};\n")
  file(WRITE ${_dir}/${slow}.down.sql "DROP TABLE slow_step;\n")
  execute_process(COMMAND sh -c [=[
app="$1"; work="$2"; shift 2
"$app" "$@" > "$work/killed.out" 2>&1 & pid=$!
i=0
while ! grep -q 'slow \.\.\.' "$work/killed.out" && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.5
kill -9 $pid; wait $pid; echo "$?"]=] sh ${APP3} ${_work} migrations forwards ${on}
                  OUTPUT_VARIABLE killed_code)
  file(READ ${_work}/killed.out killed_out)
  if(NOT killed_code MATCHES "^137" OR NOT killed_out MATCHES "^forwards ${slow} slow \\.\\.\\.$")
    message(FATAL_ERROR "the migration to kill: exit ${killed_code} (expected 137 from SIGKILL), output:\n${killed_out}")
  endif()
  run(${APP3} 0 "applied  ${third}  [^\n]*\npending  ${slow}  slow\n$" "" migrations list ${on})
  file(WRITE ${_dir}/${slow}.up.sql "-- slow\nCREATE TABLE slow_step (id INTEGER PRIMARY KEY);\nINSERT INTO slow_step VALUES (1);\n")
  run(${APP3} 0 "^forwards ${slow} slow \\.\\.\\. ${_ms}\n$" "" migrations forwards ${on})  # slow_step was not left behind
  run(${APP3} 0 "^backwards ${slow} slow \\.\\.\\. ${_ms}\n$" "" migrations backwards ${on})
  file(REMOVE ${_dir}/${slow}.up.sql ${_dir}/${slow}.down.sql)
  run(${APP3} 0 "^up to date: 3 migration" "" migrations check ${on})

  # an applied migration whose file is gone: check and list say so
  file(RENAME ${_dir}/${third}.json ${_work}/${third}.json)
  run(${APP3} 1 "applied, but not in [^\n]*migrations: ${third}\n" "the database has migrations that" migrations check ${on})
  run(${APP3} 0 "\napplied  ${third}  rename column band.website to homepage  \\([^)]*; not in the directory\\)\n$" ""
      migrations list ${on})
  file(RENAME ${_work}/${third}.json ${_dir}/${third}.json)

  # backwards: one by default, then forwards again
  run(${APP3} 0 "^backwards ${third} rename column band.website to homepage \\.\\.\\. ${_ms}\n$" "" migrations backwards ${on})
  run(${APP3} 1 "^pending: ${third} " "" migrations check ${on})
  run(${APP3} 0 "^forwards ${third} " "" migrations forwards ${on})
  expect_bands(${db} 1)

  # backwards all: --preview first (prints the SQL, changes nothing), then for real
  run(${APP3} 0 "^-- backwards ${third} [^\n]*\n.*-- backwards ${second} .*-- backwards ${first} .*DROP TABLE \"manager\";\npreview: nothing was run\n$"
      "" migrations backwards all --preview ${on})
  run(${APP3} 0 "^up to date: 3 migration" "" migrations check ${on})
  if(engine STREQUAL "sqlite")
    # dropping band.website rebuilds band on SQLite: its progress lines pass through
    set(progress "\n  band: rebuilding the table, 1 rows\n  band: 1 rows copied\nbackwards ${second} add website and venue \\.\\.\\. ${_ms}\n")
  else()
    set(progress " ${_ms}\n")
  endif()
  run(${APP3} 0 "^backwards ${third} [^\n]* ${_ms}\nbackwards ${second} add website and venue \\.\\.\\.${progress}backwards ${first} [^\n]* ${_ms}\n$"
      "" migrations backwards all ${on})
  run(${APP3} 1 "^pending: ${first} [^\n]*\npending: ${second} [^\n]*\npending: ${third} [^\n]*\ndrift: manager: table is missing\n"
      "3 migration\\(s\\) pending" migrations check ${on})
  run(${APP3} 0 "^pending  ${first}  [^\n]*\npending  ${second}  [^\n]*\npending  ${third}  [^\n]*\n$" "" migrations list ${on})
  run(${APP3} 0 "^nothing to reverse" "" migrations backwards ${on})
  # two processes migrating at once: each migration runs once, and both succeed
  execute_process(COMMAND sh -c [=[
app="$1"; work="$2"; shift 2
"$app" "$@" > "$work/first.out" 2>&1 & first=$!
"$app" "$@" > "$work/second.out" 2>&1 & second=$!
wait $first; a=$?; wait $second; b=$?; echo "$a $b"]=] sh ${APP3} ${_work} migrations forwards ${on}
                  OUTPUT_VARIABLE codes)
  file(READ ${_work}/first.out first_out)
  file(READ ${_work}/second.out second_out)
  if(NOT codes STREQUAL "0 0\n")
    message(FATAL_ERROR "two forwards at once: exit codes ${codes}\n${first_out}\n${second_out}")
  endif()
  foreach(id ${first} ${second} ${third})
    # a run ends in its duration; the other process says it skipped it, or had nothing to apply
    string(REGEX MATCHALL "forwards ${id} [^\n]* ${_ms}\n" runs "${first_out}${second_out}")
    list(LENGTH runs n)
    if(NOT n EQUAL 1)
      message(FATAL_ERROR "two forwards at once ran ${id} ${n} times:\n${first_out}\n${second_out}")
    endif()
  endforeach()
  run(${APP3} 0 "^up to date: 3 migration" "" migrations check ${on})
  expect_bands(${db} 0)
  run(${APP3} 0 "" "" migrations backwards all ${on})
  # a target no migration has
  run(${APP3} 1 "" "20990101T000000" migrations forwards 20990101T000000 ${on})
  # --fake records without running: the tables stay missing, check reports the drift
  run(${APP3} 0 "^fake ${first} [^\n]*recorded as applied, nothing run\n" "" migrations forwards ${first} --fake ${on})
  run(${APP3} 1 "^pending: ${second} [^\n]*\npending: ${third} [^\n]*\ndrift: manager: table is missing\n" "" migrations check ${on})
  run(${APP1} 0 "" "" reset --db ${db})
endfunction()

if(CASE STREQUAL "usage")
  run(${APP1} 2 "" "A subcommand is required")
  run(${APP1} 2 "" "A subcommand is required" migrations)
  run(${APP1} 2 "" "no database given; pass --db" migrations forwards)
  run(${APP1} 2 "" "no database given" schema verify)
  run(${APP1} 2 "" "bogus" migrations forwards --db x.sqlite --bogus)
  run(${APP1} 2 "" "--rename takes NAME=VALUE \\(e.g. band.title=name\\), not \"title\"" migrations new --auto --rename title
      --migrations ${_dir})
  run(${APP1} 2 "" "" migrations backwards 1 2 --db x.sqlite)
  run(${APP1} 2 "" "--using takes NAME=VALUE" migrations new --auto --using band.popularity --migrations ${_dir})
  run(${APP1} 2 "" "--reverse-using takes NAME=VALUE" migrations new --auto --reverse-using =x --migrations ${_dir})
  run(${APP1} 0 "new.*forwards.*backwards.*check.*list" "" migrations --help)
  if(EXISTS ${_dir})
    message(FATAL_ERROR "a usage error wrote ${_dir}")
  endif()
  # without --auto: an empty manual pair to fill in
  run(${APP1} 0 "^created [^\n]*/([0-9T]+)\\.up\\.sql\ncreated [^\n]*\\.down\\.sql\nfill in the SQL" ""
      migrations new --desc "backfill" --migrations ${_dir})
  file(GLOB manual ${_dir}/*.up.sql)
  file(READ ${manual} text)
  if(NOT text MATCHES "^-- backfill\n")
    message(FATAL_ERROR "the manual migration ${manual} does not start with its description:\n${text}")
  endif()
elseif(CASE STREQUAL "bad_db")
  run(${APP1} 1 "^$" "piccolo_tools_migrate_app_v1: PostgreSQL database \"host=127.0.0.1 port=1 dbname=none connect_timeout=2\": "
      migrations check --db "host=127.0.0.1 port=1 dbname=none connect_timeout=2")
  run(${APP1} 1 "" "SQLite database \"${_work}/no/such/directory/app.sqlite\": "
      migrations forwards --db ${_work}/no/such/directory/app.sqlite)
  run(${APP1} 1 "^$" "no SQLite database at \"${_work}/missing.sqlite\": nothing has been applied there"
      migrations backwards --db ${_work}/missing.sqlite)
  if(EXISTS ${_work}/missing.sqlite)
    message(FATAL_ERROR "backwards created ${_work}/missing.sqlite")
  endif()
  # check on a file that does not exist yet: everything pending, and no file made
  run(${APP1} 0 "" "" migrations new --auto --migrations ${_dir})
  run(${APP1} 1 "^pending: " "note: no SQLite database at" migrations check --db ${_work}/missing.sqlite --migrations ${_dir})
  if(EXISTS ${_work}/missing.sqlite)
    message(FATAL_ERROR "check created ${_work}/missing.sqlite")
  endif()
  # a migration file that does not parse
  file(WRITE ${_dir}/20200101T000000.json "{ not json")
  run(${APP1} 1 "^$" "20200101T000000" migrations check --db ${_work}/app.sqlite --migrations ${_dir})
elseif(CASE STREQUAL "cycle_sqlite")
  cycle(${_work}/app.sqlite sqlite)
elseif(CASE STREQUAL "cycle_postgres")
  if(NOT DEFINED ENV{PICCOLO_PG_CONNINFO} OR "$ENV{PICCOLO_PG_CONNINFO}" STREQUAL "")
    message("PICCOLO_TEST_SKIPPED: PICCOLO_PG_CONNINFO is not set")
    return()
  endif()
  cycle("$ENV{PICCOLO_PG_CONNINFO}" postgres)
else()
  message(FATAL_ERROR "migrate_test.cmake: unknown CASE ${CASE}")
endif()
