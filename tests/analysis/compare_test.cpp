// analysis/compare: paired differences across replications.
#include <gtest/gtest.h>

#include "analysis/compare.hpp"
