# `jianguan fmt` is idempotent on every rule file of the repository, and it
# changes no meaning:
#   1. every .jg file under rulesets/, bench/, tests/ and examples/ is copied
#      into OUT/fmt-idempotent and formatted there (the repository is not
#      touched); only files with syntax errors (E01xx) may be refused;
#   2. a second pass changes nothing, byte for byte;
#   3. the formatted copy of rulesets/ still passes its tests, and
#      `jianguan diff` finds no difference between it and the original.
#
#   cmake -DJIANGUAN=<jianguan> -DSRC=<repository> -DOUT=<folder> -P fmt_idempotent.cmake
cmake_minimum_required(VERSION 3.20)

set(work "${OUT}/fmt-idempotent")
file(REMOVE_RECURSE "${work}")
file(MAKE_DIRECTORY "${work}")

set(files "")
foreach(root rulesets bench tests examples)
  file(GLOB_RECURSE found RELATIVE "${SRC}" "${SRC}/${root}/*.jg")
  list(APPEND files ${found})
endforeach()
list(LENGTH files n)
if(n LESS 50)
  message(FATAL_ERROR "found only ${n} rule files under ${SRC}")
endif()
foreach(f ${files})
  get_filename_component(dir "${work}/${f}" DIRECTORY)
  file(COPY "${SRC}/${f}" DESTINATION "${dir}")
endforeach()

# Pass 1. Files with syntax errors make the exit code 2; which ones they
# are is checked below.
execute_process(COMMAND "${JIANGUAN}" --lang en fmt "${work}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc MATCHES "^[02]$")
  message(FATAL_ERROR "fmt exited with ${rc}\n${out}\n${err}")
endif()
string(REGEX MATCHALL "`[^`\n]*` has syntax errors" refused "${err}")
foreach(r ${refused})
  string(REGEX REPLACE "^`(.*)` has syntax errors$" "\\1" path "${r}")
  execute_process(COMMAND "${JIANGUAN}" --lang en lint "${path}" OUTPUT_VARIABLE lint_out
                  ERROR_VARIABLE lint_err)
  if(NOT lint_out MATCHES "error\\[E01[0-9][0-9]\\]")
    message(FATAL_ERROR "fmt refused ${path}, which has no syntax error:\n${err}\n${lint_out}")
  endif()
endforeach()
list(LENGTH refused n_refused)
math(EXPR n_formatted "${n} - ${n_refused}")

set(first "")
foreach(f ${files})
  file(READ "${work}/${f}" text HEX)
  list(APPEND first "x${text}")
endforeach()

# Pass 2 must change nothing.
execute_process(COMMAND "${JIANGUAN}" --lang en fmt "${work}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(i 0)
set(changed "")
foreach(f ${files})
  file(READ "${work}/${f}" text HEX)
  list(GET first ${i} before)
  if(NOT "x${text}" STREQUAL before)
    list(APPEND changed "${f}")
  endif()
  math(EXPR i "${i} + 1")
endforeach()
if(changed)
  string(REPLACE ";" "\n  " changed "${changed}")
  message(FATAL_ERROR "a second `jianguan fmt` changed these files:\n  ${changed}")
endif()
execute_process(COMMAND "${JIANGUAN}" --lang en fmt --check "${work}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT out STREQUAL "")
  message(FATAL_ERROR "`fmt --check` after formatting still shows changes:\n${out}")
endif()

# The formatted rulesets mean what the originals mean.
execute_process(COMMAND "${JIANGUAN}" --lang en test "${work}/rulesets"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the formatted rulesets fail their tests (exit ${rc}):\n${out}\n${err}")
endif()
execute_process(COMMAND "${JIANGUAN}" --lang en diff "${SRC}/rulesets" "${work}/rulesets"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "`jianguan diff` sees a difference after formatting (exit ${rc}):\n${out}\n${err}")
endif()

message(STATUS "${n_formatted} rule files formatted twice with the same result; ${n_refused} refused for syntax errors")
