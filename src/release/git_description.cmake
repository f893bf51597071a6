# Writes OUTPUT, a header holding the git description (`git describe --always --dirty`) of the
# checkout at SOURCE_DIR, or an empty one when SOURCE_DIR is no checkout of its own (a release
# tarball, perhaps unpacked inside another repository) or git is missing. The file is written
# only when its content changes, so what includes it is recompiled only then.
# Usage: cmake -DSOURCE_DIR=... -DOUTPUT=... -P git_description.cmake
cmake_minimum_required(VERSION 3.25)
set(description "")
find_program(GIT_EXECUTABLE git)
if(GIT_EXECUTABLE)
  execute_process(COMMAND ${GIT_EXECUTABLE} -C ${SOURCE_DIR} rev-parse --show-toplevel
                  OUTPUT_VARIABLE toplevel OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE result ERROR_QUIET)
  file(REAL_PATH "${SOURCE_DIR}" source_dir)
  if(result EQUAL 0 AND toplevel)
    file(REAL_PATH "${toplevel}" toplevel)
  endif()
  if(result EQUAL 0 AND toplevel STREQUAL source_dir)
    execute_process(COMMAND ${GIT_EXECUTABLE} -C ${SOURCE_DIR} describe --always --dirty
                    OUTPUT_VARIABLE description OUTPUT_STRIP_TRAILING_WHITESPACE
                    RESULT_VARIABLE result ERROR_QUIET)
    if(NOT result EQUAL 0)
      set(description "")
    endif()
  endif()
endif()
file(CONFIGURE OUTPUT ${OUTPUT} @ONLY CONTENT
"// Made by src/release/git_description.cmake at build time.
#pragma once

#include <string_view>

namespace l2tp::release {

// `git describe --always --dirty` of the checkout this was built from; empty outside one.
inline constexpr std::string_view kGitDescription = \"@description@\";

}  // namespace l2tp::release
")
