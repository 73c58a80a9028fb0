# --format html without a browser: for the small check fixture (in Chinese
# and English) and for the bundled 20,000-entity sample, the counts the page
# shows equal the JSON report's summary of the same run, and no temporary
# file is left behind. check_html.sh does the same on the rendered DOM.
#
#   cmake -DJIANGUAN=<exe> -DDIR=<tests/golden/check> -DRULES=<ruleset>
#         -DDATA=<sample.db> -DOUT=<dir> -P html_counts.cmake
cmake_minimum_required(VERSION 3.20)

function(run_pair name workdir lang)
  set(html ${OUT}/${name}.html)
  set(json ${OUT}/${name}.json)
  file(REMOVE ${html} ${json})
  foreach(format html json)
    execute_process(COMMAND ${JIANGUAN} --lang ${lang} check ${ARGN} --format ${format} --out ${OUT}/${name}.${format}
                            --fail-on never
                    WORKING_DIRECTORY ${workdir} RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "check --format ${format} (${name}) exited ${rc}: ${err}")
    endif()
  endforeach()
  execute_process(COMMAND ${CMAKE_COMMAND} -DHTML=${html} -DJSON=${json}
                          -P ${CMAKE_CURRENT_LIST_DIR}/compare_counts.cmake
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  message("${name}: ${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${name}: the HTML report's counts differ from the JSON report's")
  endif()
  file(GLOB leftovers ${html}.tmp-*)
  if(leftovers)
    message(FATAL_ERROR "temporary files left behind: ${leftovers}")
  endif()
endfunction()

file(MAKE_DIRECTORY ${OUT})
run_pair(html-fixture-zh ${DIR} zh rules.jg --data data/check.db --as-of 2024-06-30)
run_pair(html-fixture-en ${DIR} en rules.jg --data data/check.db --as-of 2024-06-30)
run_pair(html-sample ${OUT} zh ${RULES} --data ${DATA} --as-of 2024-06-30)
