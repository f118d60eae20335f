#pragma once
// A daemon that crashes leaves <cache root>/crashes/crash-<pid>-<time>.txt: the signal, the
// version and a backtrace. The client restarts the daemon; the report is for us.

#include <string>

namespace zc::daemon {

// Installs handlers for SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGABRT that write the report and
// then let the signal take its default course.
void install_crash_reporter(const std::string& cache_root);

}  // namespace zc::daemon
