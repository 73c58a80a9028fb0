# Writes the golden inputs that are too large to keep in the repository:
#
#   cmake -DOUT=<folder> -P generate.cmake
#
# <folder>/e0150_file_too_large.jg        a file of more than 4 MiB
# <folder>/e0153_text_too_long.jg         a text of more than 64 KiB
# <folder>/e0154_too_many_files/*.jg      2001 rule files in one folder
# <folder>/ok_files_at_limit/*.jg         exactly 2000 rule files
# <folder>/e0154_too_many_imports/main.jg a file that imports 2000 files
# <folder>/e0203_symlink_outside/         links to files and folders outside
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

# e0154_too_many_imports/main.jg imports the 2000 files of its sub-folder:
# with itself that is 2001 files, so the limit counts imported files too.
write_folder("${OUT}/e0154_too_many_imports/sub" 2000)
set(imports "// 导入 2000 个文件：连同本文件共 2001 个，超过上限\n")
foreach(i RANGE 1999)
  string(LENGTH "${i}" n)
  math(EXPR zeros "4 - ${n}")
  string(REPEAT "0" ${zeros} prefix)
  string(APPEND imports "导入 \"sub/f${prefix}${i}.jg\"\n")
endforeach()
write_if_changed("${OUT}/e0154_too_many_imports/main.jg" "${imports}")

# e0203_symlink_outside/: links cannot reach outside the ruleset folder. A
# file link to a file outside (secret.jg), an import through a folder link to
# outside (up/), both refused; a link to a file inside (alias.jg) is the same
# file and is loaded once.
set(dir "${OUT}/e0203_symlink_outside")
file(MAKE_DIRECTORY "${dir}")
write_if_changed("${OUT}/outside_secret.jg" "// 规则集文件夹之外的文件\n枚举 机密 [甲]\n")
write_if_changed("${dir}/main.jg"
                 "// 通过链接导入文件夹之外的文件\n导入 \"up/outside_secret.jg\"\n部门 住建 { 层级 自治区 }\n")
foreach(link secret.jg up alias.jg)
  file(REMOVE "${dir}/${link}")
endforeach()
file(CREATE_LINK "../outside_secret.jg" "${dir}/secret.jg" SYMBOLIC)
file(CREATE_LINK ".." "${dir}/up" SYMBOLIC)
file(CREATE_LINK "main.jg" "${dir}/alias.jg" SYMBOLIC)
