# Dependencies, all from Debian packages (README.md lists them):
#   nlohmann-json3-dev, libspdlog-dev, librandom123-dev, libgtest-dev,
#   libhdf5-dev (optional: SONATA output), the CUDA toolkit (optional).
find_package(nlohmann_json 3.9 REQUIRED)
find_package(OpenMP REQUIRED COMPONENTS CXX)

# spdlog with its fmt, compiled (Debian's shared libraries) or header-only:
# the header-only form needs no library at run time, for machines that have
# the headers carried to them but not the packages (bench/gpu/check.sh).
option(TRIBODY_HEADER_ONLY_LOGGING "Use spdlog and fmt header-only" OFF)
add_library(tribody_logging INTERFACE)
if(TRIBODY_HEADER_ONLY_LOGGING)
  find_path(SPDLOG_INCLUDE_DIR spdlog/spdlog.h REQUIRED)
  find_path(FMT_INCLUDE_DIR fmt/format.h REQUIRED)
  find_package(Threads REQUIRED)
  target_include_directories(tribody_logging INTERFACE ${SPDLOG_INCLUDE_DIR} ${FMT_INCLUDE_DIR})
  target_compile_definitions(tribody_logging INTERFACE SPDLOG_FMT_EXTERNAL FMT_HEADER_ONLY=1)
  target_link_libraries(tribody_logging INTERFACE Threads::Threads)
else()
  find_package(spdlog REQUIRED)
  target_link_libraries(tribody_logging INTERFACE spdlog::spdlog)
endif()

find_path(RANDOM123_INCLUDE_DIR Random123/philox.h)
if(NOT RANDOM123_INCLUDE_DIR)
  message(FATAL_ERROR "Random123 headers not found: install librandom123-dev "
                      "(or pass -DRANDOM123_INCLUDE_DIR=<dir containing Random123/>)")
endif()

set(TRIBODY_HAVE_HDF5 OFF)
if(NOT TRIBODY_HDF5 STREQUAL "off")
  find_package(HDF5 COMPONENTS C QUIET)
  if(HDF5_FOUND)
    set(TRIBODY_HAVE_HDF5 ON)
  elseif(TRIBODY_HDF5 STREQUAL "on")
    message(FATAL_ERROR "TRIBODY_HDF5=on but HDF5 was not found: install libhdf5-dev")
  else()
    message(STATUS "HDF5 not found: SONATA output disabled (csv only)")
  endif()
endif()

set(TRIBODY_HAVE_CUDA OFF)
if(NOT TRIBODY_CUDA STREQUAL "off" AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/cuda/CMakeLists.txt)
  include(CheckLanguage)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    # sm_90 (H100/H200) unless the user asks otherwise; never "native", which
    # fails on machines without a GPU.
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      set(CMAKE_CUDA_ARCHITECTURES 90)
    endif()
    enable_language(CUDA)
    # The oldest toolkit whose CUB takes 64-bit item counts in DeviceSelect
    # (CCCL 2.7) as well as DeviceRadixSort and DeviceScan, with
    # stream-ordered allocation and the graph API the backend uses.
    set(TRIBODY_MIN_CUDA 12.8)
    if(CMAKE_CUDA_COMPILER_VERSION VERSION_LESS TRIBODY_MIN_CUDA)
      if(TRIBODY_CUDA STREQUAL "on")
        message(FATAL_ERROR "the CUDA backend needs CUDA >= ${TRIBODY_MIN_CUDA}; found ${CMAKE_CUDA_COMPILER_VERSION}")
      endif()
      message(WARNING "CUDA ${CMAKE_CUDA_COMPILER_VERSION} is older than ${TRIBODY_MIN_CUDA}: building the CPU backend only")
    else()
      set(TRIBODY_HAVE_CUDA ON)
    endif()
  elseif(TRIBODY_CUDA STREQUAL "on")
    message(FATAL_ERROR "TRIBODY_CUDA=on but no CUDA compiler (nvcc) was found")
  else()
    message(STATUS "nvcc not found: building the CPU backend only")
  endif()
endif()
