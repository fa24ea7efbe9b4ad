#pragma once
// A request to stop long work early (Ctrl-C, SIGTERM): the signal handler
// only sets a flag; the sampling and optimization loops poll it between
// iterations and return what they have, so the caller can keep it.
namespace ppl {

// Installs handlers for SIGINT and SIGTERM that request a stop. A second
// signal of either kind ends the process at once.
void install_stop_handlers();

// True once a stop was requested.
bool stop_requested();

// The signal that requested the stop (SIGINT, SIGTERM), 0 when none did.
int stop_signal();

// Requests a stop as if the signal had arrived (for tests).
void request_stop(int signal);

}  // namespace ppl
