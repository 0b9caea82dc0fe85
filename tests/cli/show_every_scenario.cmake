# Every file under scenarios/ shows with exit 0 (found at test time, so new files are covered).
#   cmake -DIVSIM=<exe> -DSCENARIOS=<dir> -P show_every_scenario.cmake
file(GLOB_RECURSE files ${SCENARIOS}/*.json)
list(LENGTH files count)
if(count LESS 8)
  message(FATAL_ERROR "expected the shipped scenarios under ${SCENARIOS}, found ${count}")
endif()
foreach(file IN LISTS files)
  execute_process(COMMAND ${IVSIM} show ${file} RESULT_VARIABLE code OUTPUT_QUIET
                  ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "ivsim show ${file}: exit ${code}\n${err}")
  endif()
endforeach()
