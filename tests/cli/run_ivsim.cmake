# Runs `ivsim` once and checks its exit code and output: a FileCheck-like driver for CTest.
#   cmake -DIVSIM=<exe> -DARGS=<a|b|c> -DEXIT=<code> [-DSTDOUT=<regex>] [-DSTDERR=<regex>]
#         [-DOUTPUT=<file stdout goes to, e.g. /dev/full>] -P run_ivsim.cmake
string(REPLACE "|" ";" ARGS "${ARGS}")
if(DEFINED OUTPUT)
  execute_process(COMMAND ${IVSIM} ${ARGS} RESULT_VARIABLE code OUTPUT_FILE ${OUTPUT}
                  ERROR_VARIABLE err)
else()
  execute_process(COMMAND ${IVSIM} ${ARGS} RESULT_VARIABLE code OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
endif()
if(NOT code STREQUAL EXIT)
  message(FATAL_ERROR "ivsim ${ARGS}: exit ${code}, expected ${EXIT}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(DEFINED STDOUT AND NOT out MATCHES "${STDOUT}")
  message(FATAL_ERROR "ivsim ${ARGS}: stdout does not match ${STDOUT}:\n${out}")
endif()
if(DEFINED STDERR AND NOT err MATCHES "${STDERR}")
  message(FATAL_ERROR "ivsim ${ARGS}: stderr does not match ${STDERR}:\n${err}")
endif()
