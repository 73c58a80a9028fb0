# Writes the golden inputs that are too large to keep in the repository:
#
#   cmake -DOUT=<folder> -P generate.cmake
#
# <folder>/e0150_file_too_large.jg        a file of more than 4 MiB
# <folder>/e0153_text_too_long.jg         a text of more than 64 KiB
# <folder>/e0154_too_many_files/*.jg      2001 rule files in one folder
# <folder>/ok_files_at_limit/*.jg         exactly 2000 rule files
#
# Their expected outputs are kept in tests/golden/generated/.
cmake_minimum_required(VERSION 3.20)
if(NOT OUT)
  message(FATAL_ERROR "generate.cmake: -DOUT=<folder> is required")
endif()
file(MAKE_DIRECTORY "${OUT}")

# Rewrites `path` only when its content changes, so reruns are cheap.
function(write_if_changed path content)
  if(EXISTS "${path}")
    file(SIZE "${path}" size)
    string(LENGTH "${content}" length)
    if(size EQUAL length)
      file(READ "${path}" old)
      if(old STREQUAL content)
        return()
      endif()
    endif()
  endif()
  file(WRITE "${path}" "${content}")
endfunction()

# 4 MiB = 4194304 bytes; 65536 lines of 64 bytes are exactly that, and the
# first line pushes the file over the limit.
string(REPEAT "x" 61 pad)
string(REPEAT "// ${pad}\n" 65536 body)
write_if_changed("${OUT}/e0150_file_too_large.jg" "// 文件超过 4 MiB\n${body}")

# 64 KiB = 65536 bytes; the quotes count as part of the text.
string(REPEAT "长" 21846 long_text)
write_if_changed("${OUT}/e0153_text_too_long.jg"
                 "// 文本超过 64 KiB\n规则集 \"${long_text}\" 版本 \"1\"\n类别 燃气经营企业\n")

function(write_folder dir count)
  file(MAKE_DIRECTORY "${dir}")
  file(GLOB existing "${dir}/*.jg")
  list(LENGTH existing have)
  if(have EQUAL count)
    return()
  endif()
  if(existing)
    file(REMOVE ${existing})
  endif()
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(LENGTH "${i}" n)
    math(EXPR zeros "4 - ${n}")
    string(REPEAT "0" ${zeros} prefix)
    file(WRITE "${dir}/f${prefix}${i}.jg" "枚举 枚举${prefix}${i} [甲]\n")
  endforeach()
endfunction()
write_folder("${OUT}/e0154_too_many_files" 2001)
write_folder("${OUT}/ok_files_at_limit" 2000)
