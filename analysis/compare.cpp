// Paired differences across replications (compare.hpp).
#include "analysis/compare.hpp"
