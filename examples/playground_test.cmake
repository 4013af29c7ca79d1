# The playground demo as a process, run by CTest (examples/CMakeLists.txt):
#   cmake -DPLAYGROUND=<playground> -DWORK=<dir> -P playground_test.cmake
# It must exit 0 and print each step's result; the lines checked are those a change in
# piccolo could break without breaking a unit test (the demo's own data and flow).
cmake_minimum_required(VERSION 3.20)

set(_db ${WORK}/playground_test.sqlite)
file(REMOVE ${_db})
execute_process(COMMAND ${PLAYGROUND} ${_db} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "playground: exit ${code}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(NOT err STREQUAL "")
  message(FATAL_ERROR "playground: wrote to stderr:\n${err}")
endif()
foreach(expected
    "saved band [0-9]+; manager Rob created\n"
    "get_related\\(gophers, c<&Band::manager>\\): Anders\n"
    "before: [0-9]+ tickets, after: [0-9]+ tickets\n"
    "\nDone: [0-9]+ statements prepared, each once\\.")
  if(NOT out MATCHES "${expected}")
    message(FATAL_ERROR "playground: no \"${expected}\" in\n${out}")
  endif()
endforeach()
if(JSON AND NOT out MATCHES "to_json\\(gophers\\): \\{\"id\":[0-9]+,\"name\":\"Gophers\",\"manager\":[0-9]+,\"popularity\":600,\"website\":null\\}\n   output_json\\(first two managers\\): \\[\\{\"id\":1,\"name\":\"Guido\"\\},\\{\"id\":2,\"name\":\"Graydon\"\\}\\]\n")
  message(FATAL_ERROR "playground: no JSON lines in\n${out}")
endif()
