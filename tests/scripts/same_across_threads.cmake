# One data set, one report, whatever the thread count (byte for byte), in
# every format whose report is a file of text. With threads the records are
# cut into key ranges, each checked and written apart, then joined; the HTML
# report cannot be written in parts, and takes the other way: one thread
# merging records while the others evaluate them.
foreach(format json csv sarif text html)
  set(first "")
  foreach(threads 1 2 3)
    set(out ${OUT}/threads.${threads}.${format})
    execute_process(COMMAND ${JIANGUAN} --lang en check ${RULES} --data ${DATA} --as-of 2024-06-30
                            --format ${format} --out ${out} --threads ${threads}
                    RESULT_VARIABLE rc ERROR_QUIET)
    if(NOT rc EQUAL 1)
      message(FATAL_ERROR "check --format ${format} --threads ${threads} exited ${rc}")
    endif()
    file(SHA256 ${out} hash)
    if(first STREQUAL "")
      set(first ${hash})
      if(format STREQUAL "json")
        file(READ ${out} text)
        string(REGEX MATCH "\"records_read\": ([0-9]+)" m "${text}")
        set(read ${CMAKE_MATCH_1})
        string(REGEX MATCH "\"checked\": ([0-9]+)" m "${text}")
        set(checked ${CMAKE_MATCH_1})
        string(REGEX MATCH "\"rejected\": ([0-9]+)" m "${text}")
        set(rejected ${CMAKE_MATCH_1})
        math(EXPR sum "${checked} + ${rejected}")
        if(NOT read EQUAL sum OR read LESS 20000)
          message(FATAL_ERROR "accounting: read ${read}, checked ${checked}, rejected ${rejected}")
        endif()
      endif()
    elseif(NOT hash STREQUAL first)
      message(FATAL_ERROR "--format ${format} --threads ${threads} gave a different report than --threads 1")
    endif()
  endforeach()
endforeach()
