// (in progress) shared pieces of the simulating subcommands.
#include "cli/run_support.hpp"
