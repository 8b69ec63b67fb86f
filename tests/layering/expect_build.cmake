# Builds one target and checks the outcome: cmake -DBUILD_DIR=...
# -DTARGET=... -DEXPECT=pass|fail [-DHEADER=name.h] [-DCONFIG=...] -P this.
# A failure passes only when the compiler says HEADER was not found, so a
# build that breaks for another reason (a syntax error, a missing library)
# fails the test instead of passing it.
foreach(var BUILD_DIR TARGET EXPECT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "expect_build.cmake: ${var} is not set")
  endif()
endforeach()
set(config_args)
if(CONFIG)
  set(config_args --config ${CONFIG})
endif()
execute_process(
  COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${TARGET} ${config_args}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(EXPECT STREQUAL "pass")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${TARGET} should build, but did not:\n${out}")
  endif()
  message(STATUS "${TARGET} built, as it should")
elseif(EXPECT STREQUAL "fail")
  if(rc EQUAL 0)
    message(FATAL_ERROR "${TARGET} built, but its include must be refused "
                        "by the layering:\n${out}")
  endif()
  # gcc: "fatal error: report.h: No such file or directory";
  # clang: "fatal error: 'report.h' file not found".
  string(REPLACE "." "\\." header_re "${HEADER}")
  if(NOT out MATCHES "'?${header_re}'?(: No such file| file not found)")
    message(FATAL_ERROR "${TARGET} failed, but not because ${HEADER} was "
                        "out of reach:\n${out}")
  endif()
  message(STATUS "${TARGET} refused ${HEADER}, as it should")
else()
  message(FATAL_ERROR "expect_build.cmake: EXPECT must be pass or fail")
endif()
