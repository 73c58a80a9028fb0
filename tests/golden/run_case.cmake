# Runs one golden case and compares its standard output and exit code with
# an expected file. Generic: every suite (lint, check, test, fmt) calls it.
#
#   cmake -DCMD=<program;arg;...> -DWORKDIR=<dir> -DEXPECTED=<file>
#         [-DACTUAL=<file>] [-DVALIDATE=json|sarif] -P run_case.cmake
#
# CMD       the command as a ;-list (in add_test, write the semicolons as
#           $<SEMICOLON> so that the list stays one argument)
# WORKDIR   where the command runs; paths in its output are relative to it
# EXPECTED  the exact standard output, then a last line `[exit N]`
# ACTUAL    where to write the actual output for the diff (default:
#           <expected file name>.actual in the current directory)
# VALIDATE  also check the output's structure: `json` (jianguan's own report)
#           or `sarif` (SARIF 2.1.0 as GitHub code scanning reads it)
#
# With the environment variable JIANGUAN_RECORD=1 the expected file is
# rewritten from the actual output instead of compared. A crash is never
# recorded.
cmake_minimum_required(VERSION 3.20)

foreach(var CMD WORKDIR EXPECTED)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run_case.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT ACTUAL)
  get_filename_component(_name "${EXPECTED}" NAME)
  set(ACTUAL "${CMAKE_CURRENT_BINARY_DIR}/${_name}.actual")
endif()

execute_process(
  COMMAND ${CMD}
  WORKING_DIRECTORY "${WORKDIR}"
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
  RESULT_VARIABLE rc)

# A signal (crash, abort, sanitizer kill) is reported as text, not a number.
if(NOT rc MATCHES "^[0-9]+$")
  string(REPLACE ";" " " _cmd "${CMD}")
  message(FATAL_ERROR "the command did not exit normally: ${rc}\n"
                      "  command: ${_cmd}\n  in: ${WORKDIR}\n"
                      "--- stdout ---\n${out}\n--- stderr ---\n${err}")
endif()

set(actual "${out}")
if(NOT actual STREQUAL "" AND NOT actual MATCHES "\n$")
  string(APPEND actual "\n")
endif()
string(APPEND actual "[exit ${rc}]\n")

# Structure checks run in both modes, so a broken report is never recorded.
function(require_json_field json what)
  string(JSON _v ERROR_VARIABLE _e GET "${json}" ${ARGN})
  if(_e)
    message(FATAL_ERROR "${what}: missing ${ARGN}: ${_e}\n--- output ---\n${out}")
  endif()
endfunction()

if(VALIDATE STREQUAL "sarif")
  string(JSON version ERROR_VARIABLE e GET "${out}" version)
  if(e)
    message(FATAL_ERROR "SARIF: output is not JSON: ${e}\n--- output ---\n${out}")
  endif()
  if(NOT version STREQUAL "2.1.0")
    message(FATAL_ERROR "SARIF: version is `${version}`, expected `2.1.0`")
  endif()
  string(JSON schema GET "${out}" "$schema")
  if(NOT schema MATCHES "sarif-2\\.1\\.0")
    message(FATAL_ERROR "SARIF: $schema `${schema}` is not the 2.1.0 schema")
  endif()
  string(JSON nruns LENGTH "${out}" runs)
  if(NOT nruns EQUAL 1)
    message(FATAL_ERROR "SARIF: expected 1 run, found ${nruns}")
  endif()
  require_json_field("${out}" "SARIF" runs 0 tool driver name)
  string(JSON nrules LENGTH "${out}" runs 0 tool driver rules)
  set(rule_ids "")
  if(nrules GREATER 0)
    math(EXPR last "${nrules} - 1")
    foreach(i RANGE ${last})
      string(JSON id GET "${out}" runs 0 tool driver rules ${i} id)
      require_json_field("${out}" "SARIF rule ${id}" runs 0 tool driver rules ${i} shortDescription
                         text)
      list(APPEND rule_ids "${id}")
    endforeach()
  endif()
  string(JSON nresults LENGTH "${out}" runs 0 results)
  if(nresults GREATER 0)
    math(EXPR last "${nresults} - 1")
    foreach(i RANGE ${last})
      string(JSON rule GET "${out}" runs 0 results ${i} ruleId)
      if(NOT rule IN_LIST rule_ids)
        message(FATAL_ERROR "SARIF: result ${i} has ruleId ${rule}, which is not in tool.driver.rules")
      endif()
      string(JSON level GET "${out}" runs 0 results ${i} level)
      if(NOT level MATCHES "^(error|warning|note|none)$")
        message(FATAL_ERROR "SARIF: result ${i} has level `${level}`")
      endif()
      require_json_field("${out}" "SARIF result ${i}" runs 0 results ${i} message text)
      # GitHub code scanning rejects a whole upload when a result has no
      # location ("locationFromSarifResult: expected at least one location").
      string(JSON nloc LENGTH "${out}" runs 0 results ${i} locations)
      if(NOT nloc GREATER 0)
        message(FATAL_ERROR "SARIF: result ${i} (${rule}) has no location; GitHub rejects the upload")
      endif()
      if(nloc GREATER 0)
        foreach(f uri)
          require_json_field("${out}" "SARIF result ${i}" runs 0 results ${i} locations 0
                             physicalLocation artifactLocation ${f})
        endforeach()
        foreach(f startLine startColumn endLine endColumn)
          string(JSON n GET "${out}" runs 0 results ${i} locations 0 physicalLocation region ${f})
          if(NOT n MATCHES "^[1-9][0-9]*$")
            message(FATAL_ERROR "SARIF: result ${i} region ${f} is `${n}`, not a positive integer")
          endif()
        endforeach()
      endif()
    endforeach()
  endif()
elseif(VALIDATE STREQUAL "report")
  # A check report: the accounting must hold (read = checked + rejected).
  foreach(f records_read checked rejected)
    string(JSON ${f} ERROR_VARIABLE e GET "${out}" summary ${f})
    if(e)
      message(FATAL_ERROR "report: summary.${f} missing: ${e}")
    endif()
  endforeach()
  math(EXPR sum "${checked} + ${rejected}")
  if(NOT records_read EQUAL sum)
    message(FATAL_ERROR "report: records_read ${records_read} != checked ${checked} + rejected ${rejected}")
  endif()
elseif(VALIDATE STREQUAL "json")
  string(JSON n ERROR_VARIABLE e LENGTH "${out}" diagnostics)
  if(e)
    message(FATAL_ERROR "JSON: output has no diagnostics array: ${e}\n--- output ---\n${out}")
  endif()
  require_json_field("${out}" "JSON" errors)
  require_json_field("${out}" "JSON" warnings)
  if(n GREATER 0)
    math(EXPR last "${n} - 1")
    foreach(i RANGE ${last})
      foreach(f code severity message message_en message_zh)
        require_json_field("${out}" "JSON diagnostic ${i}" diagnostics ${i} ${f})
      endforeach()
    endforeach()
  endif()
elseif(VALIDATE)
  message(FATAL_ERROR "run_case.cmake: unknown VALIDATE=${VALIDATE}")
endif()

if("$ENV{JIANGUAN_RECORD}" STREQUAL "1")
  file(WRITE "${EXPECTED}" "${actual}")
  message(STATUS "recorded ${EXPECTED}")
  return()
endif()

if(NOT EXISTS "${EXPECTED}")
  file(WRITE "${ACTUAL}" "${actual}")
  message(FATAL_ERROR "no expected file ${EXPECTED}\n"
                      "Record it with JIANGUAN_RECORD=1 (see tests/README.md), then read it.\n"
                      "--- actual ---\n${actual}")
endif()

file(READ "${EXPECTED}" expected)
if(expected STREQUAL actual)
  return()
endif()

file(WRITE "${ACTUAL}" "${actual}")
find_program(DIFF_TOOL diff)
if(DIFF_TOOL)
  execute_process(COMMAND "${DIFF_TOOL}" -u "${EXPECTED}" "${ACTUAL}" OUTPUT_VARIABLE diff)
  message("${diff}")
else()
  message("--- expected (${EXPECTED}) ---\n${expected}--- actual (${ACTUAL}) ---\n${actual}")
endif()
if(NOT err STREQUAL "")
  message("--- stderr ---\n${err}")
endif()
message(FATAL_ERROR "output differs from ${EXPECTED}\n"
                    "If the new output is right, re-record with JIANGUAN_RECORD=1 (tests/README.md).")
