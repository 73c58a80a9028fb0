# The check fixture read as SQLite, CSV and JSON Lines must give one report:
# identical JSON once the data_source line is set aside.
set(first "")
foreach(data data/check.db data/csv data/jsonl)
  execute_process(COMMAND ${JIANGUAN} --lang en check rules.jg --data ${data} --as-of 2024-06-30 --format json
                  WORKING_DIRECTORY ${DIR} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 1)
    message(FATAL_ERROR "check --data ${data} exited ${rc}, expected 1 (findings)")
  endif()
  string(REGEX REPLACE "\"data_source\": \"[^\"]*\"" "" out "${out}")
  if(first STREQUAL "")
    set(first "${out}")
  elseif(NOT out STREQUAL first)
    file(WRITE ${OUT}/same_report.sqlite.json "${first}")
    file(WRITE ${OUT}/same_report.other.json "${out}")
    message(FATAL_ERROR "report from ${data} differs from the SQLite one; see ${OUT}/same_report.*.json")
  endif()
endforeach()
