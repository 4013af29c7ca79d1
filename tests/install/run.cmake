# install_and_consume: install the build tree into a scratch prefix, then configure,
# build and run tests/install/consumer against it with find_package(piccolo).
#   cmake -DBUILD_DIR=... -DWORK_DIR=... -DCONSUMER_DIR=... -DCOMPILER=...
#         -DGENERATOR=Ninja -DBUILD_TYPE=Release -P run.cmake

cmake_minimum_required(VERSION 3.20)

foreach(_v BUILD_DIR WORK_DIR CONSUMER_DIR COMPILER)
  if(NOT DEFINED ${_v})
    message(FATAL_ERROR "run.cmake: -D${_v}=... is required")
  endif()
endforeach()
if(NOT GENERATOR)
  set(GENERATOR "Unix Makefiles")
endif()
if(NOT BUILD_TYPE)
  set(BUILD_TYPE Release)
endif()

set(_prefix ${WORK_DIR}/prefix)
set(_consumer_build ${WORK_DIR}/consumer-build)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(step name)
  message("---- ${name}: ${ARGN}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "install_and_consume: step '${name}' failed (${_rc})")
  endif()
endfunction()

step(install ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${_prefix})
step(configure ${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${_consumer_build} -G ${GENERATOR}
     -DCMAKE_CXX_COMPILER=${COMPILER} "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" -DCMAKE_BUILD_TYPE=${BUILD_TYPE}
     -DCMAKE_PREFIX_PATH=${_prefix})
step(build ${CMAKE_COMMAND} --build ${_consumer_build})
step(run ${_consumer_build}/piccolo_consumer)
message("install_and_consume: OK")
