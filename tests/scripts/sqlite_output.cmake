# --format sqlite: the output database holds the findings, per-entity
# results, rejects, the summary and the run's metadata.
set(db ${OUT}/check-output.db)
file(REMOVE ${db})
execute_process(COMMAND ${JIANGUAN} --lang en check rules.jg --data data/check.db --as-of 2024-06-30 --format sqlite
                        --out ${db} WORKING_DIRECTORY ${DIR} RESULT_VARIABLE rc ERROR_QUIET)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "check --format sqlite exited ${rc}")
endif()
find_program(SQLITE3 sqlite3 REQUIRED)
execute_process(COMMAND ${SQLITE3} ${db}
  "SELECT (SELECT count(*) FROM findings) || ',' || (SELECT count(*) FROM entities) || ',' || (SELECT count(*) FROM rejected) || ',' || (SELECT value FROM summary WHERE key='records_read') || ',' || (SELECT value FROM run WHERE key='as_of') || ',' || (SELECT count(*) FROM entities WHERE grade='C')"
  OUTPUT_VARIABLE got OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT got STREQUAL "6,5,5,8,2024-06-30,2")
  message(FATAL_ERROR "sqlite output: got `${got}`, expected `6,5,5,8,2024-06-30,2` (findings, entities, rejected, records_read, as_of, grade C)")
endif()
file(GLOB leftovers ${OUT}/check-output.db.tmp-*)
if(leftovers)
  message(FATAL_ERROR "temporary files left behind: ${leftovers}")
endif()
