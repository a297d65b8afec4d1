// `courtflow compare` end to end.
#include "cli_test_support.hpp"
