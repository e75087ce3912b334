// Why writing a file failed, for the message: the system's reason (errno
// of the failing call), and whether its file system is full.
#pragma once

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

namespace tribody::output {

inline std::string write_failure(const std::string& path, int err = errno) {
  std::string why = err != 0 ? std::strerror(err) : "the write failed";
  struct statvfs fs {};
  const std::string dir = std::filesystem::path(path).parent_path().string();
  if (::statvfs(dir.empty() ? "." : dir.c_str(), &fs) == 0) {
    const double left = static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize);
    if (left < 1048576.0 && err != ENOSPC) why += "; the disk is full (" + std::to_string(static_cast<long long>(left)) + " bytes left)";
  }
  return why;
}

}  // namespace tribody::output
