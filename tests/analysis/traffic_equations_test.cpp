// (in progress) tests for courtflow bottlenecks.
#include <gtest/gtest.h>
