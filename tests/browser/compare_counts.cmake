# Compares the counts an HTML report shows with the JSON report of the same
# run. Works on the HTML as written (tests/browser/html_counts.cmake) and on
# the DOM a browser rendered from it (tests/browser/check_html.sh).
#
#   cmake -DHTML=<report.html or dumped DOM> -DJSON=<report.json>
#         [-DREQUIRE_READY=1] -P compare_counts.cmake
#
# Every count in the page is an element with data-k (its path in the JSON
# summary, parts joined by `/`; `unassigned/<kind>/<city>` for the gaps) and
# data-v (its value), and shows the value as text (with thousands commas).
# The check fails unless
#   - every data-v equals the JSON summary's number at data-k, and the text
#     shown equals data-v;
#   - every number of the summary's parts listed in REQUIRED below is shown
#     at least once;
#   - the header shows the JSON report's ruleset name, hash, as-of date and
#     data source;
#   - the findings table lists min(findings, 5000) rows;
#   - the page loads nothing: a Content-Security-Policy that forbids every
#     load, and no src=, <link, @import or url( anywhere;
#   - with REQUIRE_READY, the page's script ran to the end (data-ready="1").
cmake_minimum_required(VERSION 3.20)

function(fail msg)
  message(FATAL_ERROR "compare_counts: ${msg}\n  html: ${HTML}\n  json: ${JSON}")
endfunction()

function(unescape var text)
  string(REPLACE "&quot;" "\"" text "${text}")
  string(REPLACE "&#39;" "'" text "${text}")
  string(REPLACE "&lt;" "<" text "${text}")
  string(REPLACE "&gt;" ">" text "${text}")
  string(REPLACE "&amp;" "&" text "${text}")
  set(${var} "${text}" PARENT_SCOPE)
endfunction()

# Flattens the JSON summary into the lists KEYS and VALUES.
function(flatten json prefix)
  string(JSON type TYPE "${json}")
  if(type STREQUAL "NUMBER")
    set(KEYS ${KEYS} "${prefix}" PARENT_SCOPE)
    set(VALUES ${VALUES} "${json}" PARENT_SCOPE)
    return()
  endif()
  if(type STREQUAL "ARRAY")  # unassigned: [{kind, city, entities}]
    string(JSON n LENGTH "${json}")
    if(n GREATER 0)
      math(EXPR last "${n} - 1")
      foreach(i RANGE ${last})
        string(JSON kind GET "${json}" ${i} kind)
        string(JSON city GET "${json}" ${i} city)
        string(JSON entities GET "${json}" ${i} entities)
        list(APPEND KEYS "${prefix}/${kind}/${city}")
        list(APPEND VALUES "${entities}")
      endforeach()
    endif()
    set(KEYS ${KEYS} PARENT_SCOPE)
    set(VALUES ${VALUES} PARENT_SCOPE)
    return()
  endif()
  string(JSON n LENGTH "${json}")
  if(n GREATER 0)
    math(EXPR last "${n} - 1")
    foreach(i RANGE ${last})
      string(JSON name MEMBER "${json}" ${i})
      string(JSON child GET "${json}" "${name}")
      if(prefix STREQUAL "")
        flatten("${child}" "${name}")
      else()
        flatten("${child}" "${prefix}/${name}")
      endif()
    endforeach()
  endif()
  set(KEYS ${KEYS} PARENT_SCOPE)
  set(VALUES ${VALUES} PARENT_SCOPE)
endfunction()

foreach(var HTML JSON)
  if(NOT DEFINED ${var} OR NOT EXISTS "${${var}}")
    message(FATAL_ERROR "compare_counts.cmake: -D${var}=<existing file> is required")
  endif()
endforeach()

file(READ "${JSON}" json)
string(JSON summary ERROR_VARIABLE e GET "${json}" summary)
if(e)
  fail("the JSON report has no summary: ${e}")
endif()
set(KEYS "")
set(VALUES "")
flatten("${summary}" "")
list(LENGTH KEYS nkeys)
if(nkeys LESS 10)
  fail("only ${nkeys} numbers in the JSON summary")
endif()

# The parts of the summary the page must show in full. A number of another
# part (one added to the summary later) is compared when the page shows it,
# and listed as not shown otherwise.
set(REQUIRED records_read checked rejected events_read events_attached events_rejected findings
    findings_by_severity findings_by_rule findings_by_item findings_by_department findings_by_city
    grades restrictions unassigned)

file(READ "${HTML}" html)

# No loads of any kind.
if(NOT html MATCHES "http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\"")
  fail("the Content-Security-Policy meta tag is missing or changed")
endif()
foreach(pattern " src=" "<link" "@import" "url\\(")
  if(html MATCHES "${pattern}")
    fail("the page refers to an external resource (`${pattern}`)")
  endif()
endforeach()
if(REQUIRE_READY AND NOT html MATCHES "<html[^>]* data-ready=\"1\"")
  fail("the page's script did not run to the end (no data-ready=\"1\" on <html>)")
endif()

# Every shown count against the JSON summary.
string(REGEX MATCHALL "data-k=\"[^\"]*\" data-v=\"[^\"]*\"[^>]*>[^<]*<" shown "${html}")
list(LENGTH shown nshown)
if(nshown EQUAL 0)
  fail("no counts (data-k/data-v) in the page")
endif()
set(seen "")
set(checked 0)
foreach(m IN LISTS shown)
  string(REGEX MATCH "^data-k=\"([^\"]*)\" data-v=\"([^\"]*)\"[^>]*>([^<]*)<$" _ "${m}")
  unescape(key "${CMAKE_MATCH_1}")
  set(value "${CMAKE_MATCH_2}")
  string(REPLACE "," "" text "${CMAKE_MATCH_3}")
  string(STRIP "${text}" text)
  if(NOT text STREQUAL value)
    fail("`${key}` shows `${CMAKE_MATCH_3}` but data-v is `${value}`")
  endif()
  list(FIND KEYS "${key}" i)
  if(i LESS 0)
    fail("the page shows `${key}` = ${value}, which is not in the JSON summary")
  endif()
  list(GET VALUES ${i} want)
  if(NOT value EQUAL want)
    fail("`${key}`: the page shows ${value}, the JSON summary has ${want}")
  endif()
  list(APPEND seen "${key}")
  math(EXPR checked "${checked} + 1")
endforeach()
list(REMOVE_DUPLICATES seen)
set(not_shown "")
foreach(key IN LISTS KEYS)
  list(FIND seen "${key}" i)
  if(i GREATER_EQUAL 0)
    continue()
  endif()
  string(REGEX REPLACE "/.*" "" section "${key}")
  list(FIND REQUIRED "${section}" r)
  if(r GREATER_EQUAL 0)
    fail("the JSON summary's `${key}` is not shown in the page")
  endif()
  list(APPEND not_shown "${key}")
endforeach()

# The run's header.
foreach(pair "meta-ruleset;ruleset;name" "meta-hash;ruleset;hash" "meta-as-of;as_of"
        "meta-data;data_source")
  list(POP_FRONT pair id)
  string(JSON want GET "${json}" ${pair})
  if(NOT html MATCHES "id=\"${id}\"[^>]*>([^<]*)<")
    fail("no element #${id} in the page")
  endif()
  unescape(got "${CMAKE_MATCH_1}")
  if(NOT got STREQUAL want)
    fail("#${id} shows `${got}`, the JSON report has `${want}`")
  endif()
endforeach()

# The findings table: every finding up to the cap of 5,000.
string(JSON findings GET "${summary}" findings)
set(want_rows ${findings})
if(want_rows GREATER 5000)
  set(want_rows 5000)
endif()
string(REGEX MATCHALL "<tr data-sev=\"" rows "${html}")
list(LENGTH rows nrows)
if(NOT nrows EQUAL want_rows)
  fail("the findings table has ${nrows} rows, expected ${want_rows} (of ${findings} findings)")
endif()
if(findings GREATER 5000 AND NOT html MATCHES "id=\"findings-cap\"")
  fail("${findings} findings but no note that only 5,000 are listed")
endif()

list(LENGTH not_shown nnot)
message(STATUS "compare_counts: ${checked} counts shown, all equal to the JSON summary's; "
               "${nkeys} numbers in the summary, ${nnot} of them in parts the page need not show "
               "(${not_shown}); ${nrows} findings listed")
