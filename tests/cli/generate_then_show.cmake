# generate -o twice with one seed gives identical bytes; show reads the file back and shows the
# same timeline as the generated run itself (the plan replays without the seed); regenerating
# from the file's own spec gives the same bytes again.
#   cmake -DIVSIM=<exe> -DWORK=<dir> -P generate_then_show.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(spec --seed 11 --preset hostile --duration 2h)

function(ivsim)
  execute_process(COMMAND ${IVSIM} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "ivsim ${ARGN}: exit ${code}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

# The timeline without the header lines, which name where the plan came from.
function(timeline_of text result)
  string(FIND "${text}" "#     delivered at" start)
  if(start LESS 0)
    message(FATAL_ERROR "no timeline in:\n${text}")
  endif()
  string(SUBSTRING "${text}" ${start} -1 timeline)
  set(${result} "${timeline}" PARENT_SCOPE)
endfunction()

ivsim(generate ${spec} -o ${WORK}/a.json)
ivsim(generate ${spec} -o ${WORK}/b.json)
file(SHA256 ${WORK}/a.json a)
file(SHA256 ${WORK}/b.json b)
if(NOT a STREQUAL b)
  message(FATAL_ERROR "two runs with the same seed wrote different bytes")
endif()

ivsim(show ${WORK}/a.json)
timeline_of("${out}" from_file)
if(NOT from_file MATCHES "Deliveries per fault:")
  message(FATAL_ERROR "show printed no fault summary:\n${out}")
endif()
ivsim(show ${spec})
timeline_of("${out}" from_seed)
if(NOT from_file STREQUAL from_seed)
  message(FATAL_ERROR "the saved plan shows a different timeline from the run that made it")
endif()

ivsim(generate --scenario ${WORK}/a.json -o ${WORK}/c.json)
file(SHA256 ${WORK}/c.json c)
if(NOT a STREQUAL c)
  message(FATAL_ERROR "regenerating from the saved spec wrote different bytes")
endif()

ivsim(generate --seed 12 --preset hostile --duration 2h -o ${WORK}/d.json)
file(SHA256 ${WORK}/d.json d)
if(a STREQUAL d)
  message(FATAL_ERROR "a different seed wrote the same plan")
endif()
